/**
 * The numeric core of Softmax Lens: accurate (a few ulps) and fast softmax, log-softmax,
 * log-sum-exp, their Jacobians, cross-entropy with PyTorch semantics, entropy, KL divergence,
 * argmax and top-k. Pure TypeScript (plus an optional WebAssembly SIMD kernel built from bytes at
 * run time, with a silent JavaScript fallback): runs in Node, web workers and webviews.
 */
export { logSumExp, softmax, logSoftmax, type SoftmaxOptions } from './softmax';
export { softmaxRows, logSoftmaxRows, logSumExpRows } from './batch';
export {
  softmaxJacobian,
  softmaxJacobianOperator,
  logSoftmaxJacobianOperator,
  type JacobianOperator,
} from './jacobian';
export { entropy, entropyFromLog, klDivergence, argmax, topK } from './stats';
export {
  crossEntropy,
  crossEntropyBatch,
  PROBABILITY_SUM_TOLERANCE,
  type Target,
  type CrossEntropyOptions,
  type CrossEntropyBatchResult,
} from './crossEntropy';
export { summarizeLogits, type LogitsSummary } from './summary';
