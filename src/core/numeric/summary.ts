/** Everything a UI shows about one logit vector, in one call. */
import { fail, ok, type Result } from '../result';
import { crossEntropy, type Target } from './crossEntropy';
import { softmaxJacobian } from './jacobian';
import { logSoftmax, logSumExp, softmax } from './softmax';
import { argmax, entropyFromLog } from './stats';

export interface LogitsSummary {
  logits: Float64Array;
  temperature: number;
  softmax: Float64Array;
  logSoftmax: Float64Array;
  logSumExp: number;
  argmax: number;
  /** Entropy of the softmax in nats, from the accurate log-softmax. */
  entropy: number;
  /** Dense softmax Jacobian, present when n ≤ `jacobianLimit` (default 64). */
  jacobian?: Float64Array[];
  /** Cross-entropy (PyTorch semantics, reduction 'mean') and its gradient, present when a target is given. */
  loss?: number;
  gradient?: Float64Array;
  target?: Target;
}

/**
 * Softmax, log-softmax, log-sum-exp, argmax, entropy, the Jacobian (small n) and, with a target, the
 * cross-entropy loss and gradient, all with the accuracy of the individual functions.
 * Errors: those of `softmax` (empty, bad temperature, fully masked) and of `crossEntropy`.
 */
export function summarizeLogits(
  logits: ArrayLike<number>,
  options?: { temperature?: number; target?: Target; labelSmoothing?: number; jacobianLimit?: number },
): Result<LogitsSummary> {
  const temperature = options?.temperature ?? 1;
  const eps = options?.labelSmoothing;
  if (eps !== undefined && !(eps >= 0 && eps <= 1))
    return fail('invalid-label-smoothing', `label smoothing must be in [0, 1], got ${eps}`);
  const values = Float64Array.from(logits);
  const s = softmax(values, { temperature });
  if (!s.ok) return s;
  const ls = logSoftmax(values, { temperature });
  if (!ls.ok) return ls;
  const lse = logSumExp(values, { temperature });
  if (!lse.ok) return lse;
  const limit = options?.jacobianLimit ?? 64;
  if (!(limit >= 0)) return fail('invalid-option', `jacobianLimit must be ≥ 0, got ${limit}`);
  const summary: LogitsSummary = {
    logits: values,
    temperature,
    softmax: s.value,
    logSoftmax: ls.value,
    logSumExp: lse.value,
    argmax: argmax(values),
    entropy: entropyFromLog(s.value, ls.value),
  };
  if (values.length <= limit) summary.jacobian = softmaxJacobian(s.value);
  const target = options?.target;
  if (target !== undefined) {
    const ce = crossEntropy(values, target, { temperature, labelSmoothing: options?.labelSmoothing });
    if (!ce.ok) return ce;
    summary.loss = ce.value.loss;
    summary.gradient = ce.value.gradient;
    summary.target = target;
  }
  return ok(summary);
}
