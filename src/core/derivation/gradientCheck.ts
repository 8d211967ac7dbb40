import { crossEntropy, topK, type Target } from '../numeric/index';
import type { GradientCheck, GradientCheckRow } from './types';

export interface GradientCheckInput {
  logits: ArrayLike<number>;
  target: Target;
  temperature: number;
  labelSmoothing: number;
  /** The gradient the derivation claims, `(y − t)/T`. */
  analytic: ArrayLike<number>;
  /** At most this many coordinates are checked (default: 32, fewer for large n). */
  maxCoordinates?: number;
}

/**
 * Central finite differences against the analytic gradient:
 * `∂L/∂a_j ≈ (L(a + h e_j) − L(a − h e_j)) / 2h`, truncation error O(h²), rounding error
 * O(ε_mach·|L|/h); `h = ε_mach^{1/3} · max(1, |a_j|)` balances the two (≈ 6e-6 for unit-size
 * logits, error ≈ 1e-11). The loss is the numeric core's cross-entropy, so this checks the formula
 * `y − t` of the derivation against the function it is the derivative of.
 *
 * For large n only a subset is checked: the target, the most-probable class, the coordinates with
 * the largest analytic gradient, and evenly spaced ones — every coordinate costs O(n).
 */
export function gradientCheck(input: GradientCheckInput): GradientCheck {
  const n = input.logits.length;
  // Each coordinate costs two O(n) losses: keep the whole check near 4·10⁵ element evaluations,
  // so a 10⁵-long vector still updates without a visible pause (4 coordinates), small ones get 32.
  const limit = Math.max(1, input.maxCoordinates ?? Math.min(32, Math.max(4, Math.floor(400_000 / Math.max(1, n)))));
  const indices = chooseCoordinates(input, limit);
  const base = Float64Array.from(input.logits);
  const options = { temperature: input.temperature, labelSmoothing: input.labelSmoothing };
  const rows: GradientCheckRow[] = [];
  let maxDifference = 0;
  let maxDifferenceIndex = -1;
  let firstStep = 0;
  for (const j of indices) {
    const aj = base[j] ?? 0;
    const h = Math.cbrt(Number.EPSILON) * Math.max(1, Number.isFinite(aj) ? Math.abs(aj) : 1);
    if (firstStep === 0) firstStep = h;
    base[j] = aj + h;
    const plus = crossEntropy(base, input.target, options);
    base[j] = aj - h;
    const minus = crossEntropy(base, input.target, options);
    base[j] = aj;
    // A masked logit (−∞) has no neighbourhood to step into; its derivative is 0 by the formula.
    const numeric = !Number.isFinite(aj) ? 0 : plus.ok && minus.ok ? (plus.value.loss - minus.value.loss) / (2 * h) : NaN;
    const analytic = input.analytic[j] ?? NaN;
    const difference = Math.abs(numeric - analytic);
    rows.push({ index: j, numeric, analytic, difference });
    if (!(difference <= maxDifference)) {
      maxDifference = difference;
      maxDifferenceIndex = j;
    }
  }
  const tolerance = 1e-6;
  const passed = rows.length > 0 && rows.every((r) => r.difference <= tolerance * Math.max(1, Math.abs(r.analytic)));
  return { step: firstStep, rows, checked: rows.length, maxDifference, maxDifferenceIndex, passed, tolerance };
}

function chooseCoordinates(input: GradientCheckInput, limit: number): number[] {
  const n = input.logits.length;
  if (n <= limit) return Array.from({ length: n }, (_, k) => k);
  const chosen = new Set<number>();
  if (input.target.kind === 'index' && input.target.index >= 0 && input.target.index < n) chosen.add(input.target.index);
  const magnitudes = new Float64Array(n);
  for (let k = 0; k < n; k++) magnitudes[k] = Math.abs(input.analytic[k] ?? 0);
  for (const { index } of topK(magnitudes, Math.ceil(limit / 2))) {
    if (chosen.size >= Math.ceil(limit / 2)) break;
    chosen.add(index);
  }
  const spacing = n / (limit - chosen.size + 1);
  for (let k = 1; chosen.size < limit && k <= limit; k++) chosen.add(Math.min(n - 1, Math.floor(k * spacing)));
  for (let k = 0; chosen.size < limit && k < n; k++) chosen.add(k);
  return [...chosen].sort((x, y) => x - y);
}
