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
