/**
 * Cross-entropy with PyTorch `torch.nn.functional.cross_entropy` semantics, and its gradient with
 * respect to the logits — one row or a batch of rows.
 *
 * Every variant PyTorch offers is one formula. For a row with logits z (divided by `temperature`),
 * log-probabilities $\ell = \operatorname{logSoftmax}(z)$ and an effective target vector q,
 * $$\text{loss} = \sum_j q_j(-\ell_j), \qquad \frac{\partial\,\text{loss}}{\partial z_j} = Q p_j - q_j, \quad Q = \sum_j q_j,$$
 * where
 * - class index y, weights w, smoothing ε over C classes: $q_j = (1-ε)\,w_y[j = y] + \tfrac{ε}{C} w_j$
 *   (PyTorch: `(1−ε)·nll_loss + ε/C · smooth_loss`, both weighted);
 * - class probabilities t: $q_j = w_j\,((1-ε)\,t_j + ε/C)$.
 *
 * `reduction: 'mean'` divides by the summed weights $w_{y_n}$ of the non-ignored rows for index
 * targets (so an all-ignored mean is NaN, as in PyTorch), and by the number of rows N for
 * probability targets; `'sum'` adds; `'none'` keeps the per-row losses.
 *
 * Accuracy: $-\ell_j = (\max - z_j) + \operatorname{log1p}(R)$ is a sum of non-negative terms, so the loss
 * keeps its relative accuracy when $p_y \to 1$ (logits [0, −40], target 0 give 4.2483542552915889e−18
 * where PyTorch and SciPy return 0), and the gradient is formed as
 * $(Q - q_j)\,p_j - q_j(1 - p_j)$ with $1 - p_j = \sum_{k\ne j} p_k$, so $p_y - 1$ is never a cancellation.
 */
import { fail, ok, type Result } from '../result';
import { twoSumLo } from './exact';
import { checkRowOptions, computeRow, fillSpecial, logProbability, maskedError, weightedNegLogProbability, type RowStats } from './softmax';

export type Target = { kind: 'index'; index: number } | { kind: 'probabilities'; values: ArrayLike<number> };

export interface CrossEntropyOptions {
  /** ε in [0, 1]: mixes the target with the uniform distribution (PyTorch's `label_smoothing`). */
  labelSmoothing?: number;
  /** Per-class weights (length C, finite, ≥ 0), PyTorch's `weight`. */
  weight?: ArrayLike<number>;
  /** Index targets equal to this are ignored (loss 0, gradient 0, not counted by 'mean'). Default −100. */
  ignoreIndex?: number;
  /** Default 'mean', as in PyTorch. For a batch with 'none', the gradient is that of the summed losses. */
  reduction?: 'none' | 'mean' | 'sum';
  /** Divide the logits by this first; the gradient is still with respect to the original logits. */
  temperature?: number;
}

/** Tolerance on |Σ t − 1| for probability targets. */
export const PROBABILITY_SUM_TOLERANCE = 1e-6;

interface Checked {
  t: number;
  eps: number;
  weight: ArrayLike<number> | undefined;
  ignoreIndex: number;
  reduction: 'none' | 'mean' | 'sum';
}

function checkOptions(classes: number, options: CrossEntropyOptions | undefined): Result<Checked> {
  if (classes === 0) return fail('empty-vector', 'the logit vector is empty: cross-entropy needs at least one class');
  const temp = checkRowOptions(classes, { temperature: options?.temperature });
  if (!temp.ok) return temp;
  const eps = options?.labelSmoothing ?? 0;
  if (typeof eps !== 'number' || !(eps >= 0 && eps <= 1))
    return fail('invalid-label-smoothing', `label smoothing must be in [0, 1], got ${String(eps)}`);
  const weight = options?.weight;
  if (weight !== undefined) {
    if (weight.length !== classes)
      return fail('length-mismatch', `the class weights have ${weight.length} entries but the logits have ${classes} classes`);
    for (let i = 0; i < classes; i++) {
      const w = weight[i] as number;
      if (!Number.isFinite(w) || w < 0) return fail('invalid-weight', `class weight ${i} must be finite and ≥ 0, got ${w}`);
    }
  }
  const ignoreIndex = options?.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) return fail('invalid-ignore-index', `ignoreIndex must be an integer, got ${ignoreIndex}`);
  const reduction = options?.reduction ?? 'mean';
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum')
    return fail('invalid-reduction', `reduction must be 'none', 'mean' or 'sum', got '${String(reduction)}'`);
  return ok({ t: temp.value, eps, weight, ignoreIndex, reduction });
}

/** Validates one target; `row` (or −1 for a single row) goes into the message. */
function checkTarget(target: Target, classes: number, c: Checked, row: number): Result<'ignored' | 'ok'> {
  const where = row >= 0 ? ` (row ${row})` : '';
  if (target.kind === 'index') {
    const k = target.index;
    if (k === c.ignoreIndex) return ok('ignored');
    if (!Number.isInteger(k)) return fail('invalid-class-index', `the target class must be an integer, got ${k}${where}`);
    if (k < 0 || k >= classes)
      return fail('class-index-out-of-range', `target class ${k} is out of range for ${classes} classes (valid: 0–${classes - 1})${where}`);
    return ok('ok');
  }
  const t = target.values;
  if (t.length !== classes)
    return fail('length-mismatch', `the target has ${t.length} entries but the logits have ${classes}${where}`);
  if (c.ignoreIndex >= 0)
    return fail('ignore-index-with-probabilities', `ignoreIndex is not supported with probability targets (as in PyTorch)${where}`);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < classes; i++) {
    const v = t[i] as number;
    if (!Number.isFinite(v)) return fail('invalid-probability', `target probability ${i} is ${v}, not a finite number${where}`);
    if (v < 0) return fail('negative-probability', `target probability ${i} is ${v}: negative by ${-v}${where}`);
    const s = sum + v;
    const bb = s - sum;
    comp += sum - (s - bb) + (v - bb);
    sum = s;
  }
  const total = sum + comp;
  if (Math.abs(total - 1) > PROBABILITY_SUM_TOLERANCE)
    return fail(
      'probabilities-not-normalised',
      `the target probabilities sum to ${total}, off by ${total - 1 > 0 ? '+' : ''}${total - 1} from 1${where}`,
    );
  return ok('ok');
}

/** Effective target q_j (see the module comment). */
function effectiveTarget(target: Target, classes: number, c: Checked, q: Float64Array): void {
  const w = c.weight;
  const uniform = c.eps / classes;
  if (target.kind === 'index') {
    for (let j = 0; j < classes; j++) q[j] = uniform * (w === undefined ? 1 : (w[j] as number));
    const y = target.index;
    q[y] = (q[y] as number) + (1 - c.eps) * (w === undefined ? 1 : (w[y] as number));
  } else {
    for (let j = 0; j < classes; j++)
      q[j] = ((target.values[j] as number) * (1 - c.eps) + uniform) * (w === undefined ? 1 : (w[j] as number));
  }
}

/**
 * Loss and gradient of one row (unreduced: weighted loss, gradient w.r.t. the original logits).
 * `grad` receives the gradient at `offset`. Returns the loss, or an error for a fully masked row.
 */
function rowLossAndGradient(
  x: ArrayLike<number>,
  offset: number,
  classes: number,
  q: Float64Array,
  oneHot: number,
  oneHotWeight: number,
  divisor: number,
  c: Checked,
  grad: Float64Array,
): Result<number> {
  const stats = computeRow(x, offset, classes, c.t, undefined, 'softmax', grad, offset);
  // 1 − p_j is exact enough when p_j ≤ ½; a p_j > ½ belongs to the unique maximum, whose complement is
  // Σ_{k≠max} p_k = R/S (no cancellation). NaN here means "special row: use 1 − p_j".
  let complementOfMax = NaN;
  let logP: ((j: number) => number) | undefined;
  // c·(−ℓ_j): when the direct product is not finite but the logit is, −ℓ_j may have overflowed on
  // its own (logits ±1e308) while c times it is finite: recompute without the overflow.
  let weighted = (cj: number, j: number): number => -cj * (logP as (j: number) => number)(j);
  if ('special' in stats) {
    if (stats.special === 'masked') return maskedError();
    fillSpecial(x, offset, classes, undefined, stats, 'softmax', grad, offset, 'nan');
    const count = stats.count;
    logP = (j) => (stats.special === 'nan' ? NaN : x[offset + j] === Infinity ? -Math.log(count) : -Infinity);
  } else {
    const row: RowStats = stats;
    complementOfMax = row.r / (1 + row.r); // Σ_{k≠argmax} p_k = R/S, exact up to a couple of roundings
    logP = (j) => logProbability(x[offset + j] as number, c.t, row);
    weighted = (cj, j) => {
      const v = x[offset + j] as number;
      const direct = -cj * logProbability(v, c.t, row);
      return Number.isFinite(direct) || !Number.isFinite(v) ? direct : weightedNegLogProbability(cj, v, c.t, row);
    };
  }
  if (oneHot >= 0) {
    // q = w_y·e_y (an index target without smoothing, the common case): loss w_y(−ℓ_y),
    // gradient w_y·p_j for j ≠ y and −w_y(1 − p_y) at y.
    const py = grad[offset + oneHot] as number;
    const cy = py > 0.5 && complementOfMax === complementOfMax ? complementOfMax : 1 - py;
    const scale = oneHotWeight / divisor;
    if (scale !== 1) for (let j = offset; j < offset + classes; j++) grad[j] = (grad[j] as number) * scale;
    grad[offset + oneHot] = -(oneHotWeight * cy) / divisor;
    return ok(weighted(oneHotWeight, oneHot));
  }
  // Loss Σ q_j (−ℓ_j): non-negative terms, compensated.
  let lossHi = 0;
  let lossLo = 0;
  let qHi = 0;
  let qLo = 0;
  for (let j = 0; j < classes; j++) {
    const qj = q[j] as number;
    if (qj === 0) continue;
    const term = weighted(qj, j);
    const s = lossHi + term;
    if (Number.isFinite(s)) lossLo += twoSumLo(lossHi, term, s);
    lossHi = s;
    const s2 = qHi + qj;
    const b2 = s2 - qHi;
    qLo += qHi - (s2 - b2) + (qj - b2);
    qHi = s2;
  }
  const loss = Number.isFinite(lossHi) ? lossHi + lossLo : lossHi;
  // Gradient (Q − q_j) p_j − q_j (1 − p_j), divided by T (chain rule through z = x / T) and by the
  // 'mean' denominator.
  for (let j = 0; j < classes; j++) {
    const pj = grad[offset + j] as number;
    const qj = q[j] as number;
    const rest = qHi - qj + qLo; // Q − q_j: qj is one of the summands, so this rarely rounds
    const complement = pj > 0.5 && complementOfMax === complementOfMax ? complementOfMax : 1 - pj;
    grad[offset + j] = (rest * pj - qj * complement) / divisor;
  }
  return ok(loss);
}

/**
 * Cross-entropy of one row of logits against a class index or a probability vector, with PyTorch's
 * `F.cross_entropy(logits[None], target[None], ...)` semantics, and the gradient with respect to the
 * logits (of the reduced loss).
 *
 * @example crossEntropy([0, -40], { kind: 'index', index: 0 }) // ok({ loss: 4.248354255291589e-18, gradient: [-4.248354255291589e-18, 4.248354255291589e-18] })
 */
export function crossEntropy(
  logits: ArrayLike<number>,
  target: Target,
  options?: CrossEntropyOptions,
): Result<{ loss: number; gradient: Float64Array }> {
  const batch = crossEntropyBatch(logits, 1, logits.length, [target], options, -1);
  if (!batch.ok) return batch;
  return ok({ loss: batch.value.loss, gradient: batch.value.gradient });
}

export interface CrossEntropyBatchResult {
  /** The reduced loss ('mean' or 'sum'); for 'none', the sum of the per-row losses. */
  loss: number;
  /** Per-row weighted losses (PyTorch's output with reduction 'none'). */
  losses: Float64Array;
  /** Gradient of `loss` with respect to the logits, rows × classes, row-major. */
  gradient: Float64Array;
}

/**
 * Batched cross-entropy: `logits` is rows × classes, row-major; `targets` is one class index per row
 * (a number array; `ignoreIndex` entries are skipped) or one `Target` per row (all of one kind).
 */
export function crossEntropyBatch(
  logits: ArrayLike<number>,
  rows: number,
  classes: number,
  targets: ArrayLike<number> | readonly Target[],
  options?: CrossEntropyOptions,
  rowLabel = 0,
): Result<CrossEntropyBatchResult> {
  if (!Number.isInteger(rows) || !Number.isInteger(classes) || rows < 0 || classes < 0 || rows * classes !== logits.length)
    return fail('shape-mismatch', `the logits have ${logits.length} entries, which is not ${rows} rows × ${classes} classes`);
  if (rows === 0) return fail('empty-vector', 'the batch has no rows');
  const checked = checkOptions(classes, options);
  if (!checked.ok) return checked;
  const c = checked.value;
  if (targets.length !== rows) return fail('length-mismatch', `there are ${targets.length} targets but ${rows} rows of logits`);
  const targetAt = (n: number): Target => {
    const t = targets[n] as number | Target;
    return typeof t === 'number' ? { kind: 'index', index: t } : t;
  };
  const firstKind = targetAt(0).kind;
  // Validate every target first, and find the 'mean' denominator: the summed weights of the
  // non-ignored index targets, or N for probability targets.
  const rowName = (n: number): number => (rowLabel < 0 ? -1 : n);
  const ignored = new Uint8Array(rows);
  let denominator = 0;
  for (let n = 0; n < rows; n++) {
    const target = targetAt(n);
    if (target.kind !== firstKind)
      return fail('mixed-targets', `row ${n} has a ${target.kind} target but row 0 has a ${firstKind} target`);
    const status = checkTarget(target, classes, c, rowName(n));
    if (!status.ok) return status;
    if (status.value === 'ignored') ignored[n] = 1;
    else denominator += target.kind === 'index' ? (c.weight === undefined ? 1 : (c.weight[target.index] as number)) : 1;
  }
  const by = firstKind === 'index' ? denominator : rows;
  // Both scalings in one division: (gradient of the row) / (T · denominator).
  const divisor = (c.reduction === 'mean' && by !== 0 ? by : 1) * c.t;
  const q = new Float64Array(classes);
  const losses = new Float64Array(rows);
  const gradient = new Float64Array(rows * classes);
  for (let n = 0; n < rows; n++) {
    if (ignored[n]) continue; // loss 0, gradient 0
    const target = targetAt(n);
    const oneHot = target.kind === 'index' && c.eps === 0 ? target.index : -1;
    const oneHotWeight = oneHot >= 0 && c.weight !== undefined ? (c.weight[oneHot] as number) : 1;
    if (oneHot < 0) effectiveTarget(target, classes, c, q);
    const row = rowLossAndGradient(logits, n * classes, classes, q, oneHot, oneHotWeight, divisor, c, gradient);
    if (!row.ok) return rowLabel < 0 ? row : fail(row.error.code, `${row.error.message} (row ${n})`);
    losses[n] = row.value;
  }
  let total = 0;
  let comp = 0;
  for (let n = 0; n < rows; n++) {
    const v = losses[n] as number;
    const s = total + v;
    if (Number.isFinite(s)) comp += twoSumLo(total, v, s);
    total = s;
  }
  const sum = Number.isFinite(total) ? total + comp : total;
  if (c.reduction !== 'mean') return ok({ loss: sum, losses, gradient });
  // 'mean': over the weights of non-ignored index targets, over N rows for probability targets.
  if (by === 0) gradient.fill(0); // nothing contributes (all ignored, or zero weights): the loss is NaN, the gradient 0
  return ok({ loss: sum / by, losses, gradient });
}
