/**
 * Error-free transformations and double-double helpers.
 *
 * A double-double value is an unevaluated sum `hi + lo` with `|lo| ≤ ulp(hi)/2`; it carries about 106
 * bits. The numeric core uses it only where one rounding would be visible in the result: the rounding
 * error of `x − max` (Blanchard, Higham & Higham 2021, §3), the running sum of exponentials, and the
 * complements `1 − p` that keep gradients componentwise accurate.
 */

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp/Dekker split constant

/**
 * Exact rounding error of `fl(a·b)` (Dekker's TwoProduct), so that `a·b = p + twoProductLo(a, b, p)`.
 * Valid while the split does not overflow (|a|, |b| < 2^996) and the product does not underflow.
 */
export function twoProductLo(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/**
 * Exact rounding error of `s = fl(a + b)` (Knuth's TwoSum), so that `a + b = s + twoSumLo(a, b, s)`,
 * for every finite `a`, `b` whose sum `s` is finite.
 *
 * The textbook six operations overflow when both operands are near the largest double
 * (`a = 5.6e307`, `b = −1.8e308`: `s − a` rounds past 1.8e308 and the error comes out NaN). Then the
 * same operations are done on `a/2`, `b/2`, `s/2` — exact halvings, since an overflow needs both
 * operands far above the subnormal range — and the error doubled back, which is exact too.
 *
 * @example twoSumLo(1, 2 ** -60, 1) // 2 ** -60
 */
export function twoSumLo(a: number, b: number, s: number): number {
  const bb = s - a;
  const lo = a - (s - bb) + (b - bb);
  if (lo === lo || !Number.isFinite(s)) return lo;
  const ah = a * 0.5;
  const sh = s * 0.5;
  const bh = sh - ah;
  return (ah - (sh - bh) + (b * 0.5 - bh)) * 2;
}

/** `x · 2^k` for any integer k, in steps that neither overflow nor underflow on the way (one rounding at most, at the end). */
export function scaleByPowerOfTwo(x: number, k: number): number {
  let v = x;
  let e = k;
  while (e > 1000) {
    v *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    v *= 2 ** -1000;
    e += 1000;
    if (v === 0) return v;
  }
  return v * 2 ** e;
}

/** `[m, e]` with `x = m · 2^e` and 0.5 ≤ |m| < 1 (C's `frexp`); `[x, 0]` for 0, ±∞ and NaN. */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = scaleByPowerOfTwo(x, -e);
  // log2 may be off by one near powers of two: fix the mantissa's range exactly.
  while (Math.abs(m) >= 1) {
    m *= 0.5;
    e++;
  }
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  return [m, e];
}

/**
 * Compensated (double-double) accumulator for sums of many terms: the result is the exact sum
 * rounded once, up to a relative error of about n·u² (Ogita, Rump & Oishi's Sum2).
 */
export class DoubleDoubleSum {
  hi = 0;
  lo = 0;

  add(x: number): void {
    const s = this.hi + x;
    const bb = s - this.hi;
    this.lo += this.hi - (s - bb) + (x - bb);
    this.hi = s;
  }

  /** The sum rounded to the nearest double (within a few u² relative). */
  value(): number {
    return this.hi + this.lo;
  }
}

/**
 * Accurate dot product Σ a_i·b_i (Ogita, Rump & Oishi's Dot2): products split exactly, sums
 * compensated. Returns the double-double pair `[hi, lo]`.
 */
export function accurateDot(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const p = x * y;
    const pe = Number.isFinite(p) ? twoProductLo(x, y, p) : 0;
    const s = hi + p;
    const bb = s - hi;
    lo += hi - (s - bb) + (p - bb) + (Number.isFinite(pe) ? pe : 0);
    hi = s;
  }
  if (!Number.isFinite(hi)) return [hi, 0];
  const s = hi + lo;
  return [s, lo - (s - hi)];
}
