/** Entropy, KL divergence, argmax and top-k of probability or logit vectors. */
import { fail, ok, type Result } from '../result';
import { DoubleDoubleSum } from './exact';

/**
 * Shannon entropy in nats, $H(p) = -\sum_i p_i \log p_i$, with $0 \log 0 = 0$; summed with
 * compensation (every term is ≥ 0, so the result is accurate to a few ulps).
 * Returns NaN when an entry is negative or NaN; an empty vector has entropy 0.
 *
 * @example entropy([0.5, 0.5]) // 0.6931471805599453
 */
export function entropy(probabilities: ArrayLike<number>): number {
  const sum = new DoubleDoubleSum();
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    if (!(p >= 0)) return NaN;
    if (p === 0) continue;
    sum.add(-p * Math.log(p));
  }
  return sum.value();
}

/**
 * Entropy from probabilities and their logarithms, $-\sum_i p_i \log p_i$, when an accurate
 * log-softmax is at hand (it keeps $\log p_i$ accurate where $p_i \to 1$, which `Math.log(p)` cannot).
 */
export function entropyFromLog(probabilities: ArrayLike<number>, logProbabilities: ArrayLike<number>): number {
  const sum = new DoubleDoubleSum();
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    const lp = logProbabilities[i] as number;
    if (p === 0) continue;
    sum.add(-p * lp);
  }
  return sum.value();
}

/**
 * Kullback–Leibler divergence in nats, $D_{KL}(p \,\|\, q) = \sum_i p_i \log(p_i / q_i)$, with
 * $0 \log(0/q) = 0$ and $p \log(p/0) = +\infty$. Where $p_i$ and $q_i$ are within a factor 2 the
 * log ratio is taken as $\operatorname{log1p}((p_i - q_i)/q_i)$ (the difference is exact by Sterbenz),
 * which keeps near-equal distributions from rounding to a noisy value.
 *
 * @example klDivergence([0.5, 0.5], [0.25, 0.75]) // ok(0.14384103622589045)
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): Result<number> {
  if (p.length === 0) return fail('empty-vector', 'the vector is empty: the KL divergence needs at least one entry');
  if (p.length !== q.length) return fail('length-mismatch', `p has ${p.length} entries but q has ${q.length}`);
  const sum = new DoubleDoubleSum();
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number;
    const b = q[i] as number;
    if (!(a >= 0) || !(b >= 0))
      return fail('negative-probability', `entry ${i} is not a probability (p = ${a}, q = ${b})`);
    if (a === 0) continue;
    if (b === 0) return ok(Infinity);
    const ratio = a / b;
    const logRatio = ratio > 0.5 && ratio < 2 ? Math.log1p((a - b) / b) : Math.log(a) - Math.log(b);
    sum.add(a * logRatio);
  }
  return ok(sum.value());
}

/** Index of the first largest entry; NaN entries are skipped; −1 for an empty (or all-NaN) vector. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v > bestValue || (best < 0 && v === -Infinity)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/**
 * The `k` largest entries, largest first; ties keep the lower index first; NaN entries are skipped;
 * `k` is clamped to [0, n]. O(n·k) for small k, O(n log n) otherwise.
 */
export function topK(values: ArrayLike<number>, k: number): { index: number; value: number }[] {
  const n = values.length;
  const want = Math.max(0, Math.min(n, Math.floor(Number.isFinite(k) ? k : k > 0 ? n : 0)));
  if (want === 0) return [];
  const before = (a: { index: number; value: number }, b: { index: number; value: number }): boolean =>
    a.value > b.value || (a.value === b.value && a.index < b.index);
  if (want > 64) {
    const all: { index: number; value: number }[] = [];
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v === v) all.push({ index: i, value: v });
    }
    all.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return all.slice(0, want);
  }
  const best: { index: number; value: number }[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    const item = { index: i, value: v };
    if (best.length === want && !before(item, best[want - 1] as { index: number; value: number })) continue;
    let j = best.length < want ? best.length : want - 1;
    if (best.length < want) best.push(item);
    while (j > 0 && before(item, best[j - 1] as { index: number; value: number })) {
      best[j] = best[j - 1] as { index: number; value: number };
      j--;
    }
    best[j] = item;
  }
  return best;
}
