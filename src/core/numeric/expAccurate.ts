/**
 * An exponential that returns its result as an unevaluated sum `hi + lo` accurate to about 0.1 ulp,
 * for arguments d ≤ ~0 (the shifted logits of softmax). Plain JavaScript, no tables, no `Math.exp`.
 *
 * $d = k \ln 2 + r$, $|r| \le \ln 2 / 2$, with $\ln 2$ split Cody–Waite style into `LN2_HI` (21 trailing
 * zero bits, so $k \cdot$`LN2_HI` is exact for |k| < 2^21 and $d - k\cdot$`LN2_HI` is exact by
 * Sterbenz) and `LN2_LO`. Then $e^r = 1 + r + r^2 P(r)$ with the Taylor polynomial to degree 13
 * (truncation < 0.05 u on |r| ≤ 0.347). `1 + r_hi` and the polynomial tail are each added with an
 * error-free Fast2Sum, so `hi + lo` is within ~0.2 ulp and `hi` within 0.6 ulp (½ ulp unless the value
 * is within ~0.1 ulp of a rounding midpoint); the low part of the argument (`dl`, the rounding error of `x − max`) enters r
 * exactly where it belongs. Finally $\times 2^k$ (in two steps below 2^−1022, so subnormal
 * results are rounded once).
 *
 * This extra half-word is what lets the sum $S = \sum_i e^{d_i}$ be accurate to ~0.1 u, so log-sum-exp
 * is within 1 ulp and softmax within 2 (Blanchard, Higham & Higham 2021 assume ~1-ulp exponentials and
 * get a few ulps; the low part removes that term).
 */

export const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42FEE00000
export const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
export const INV_LN2 = 1.4426950408889634;
const ROUND_MAGIC = 6755399441055744; // 1.5·2^52: (x + M) − M rounds x to the nearest integer

/** Taylor coefficients 1/j! for j = 2 … 13 (each the double nearest to the exact value). */
export const EXP_COEFFS = [
  0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889, 1.984126984126984e-4,
  2.48015873015873e-5, 2.7557319223985893e-6, 2.755731922398589e-7, 2.505210838544172e-8, 2.08767569878681e-9,
  1.6059043836821613e-10,
] as const;
const [C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13] = EXP_COEFFS as unknown as number[] as [
  number, number, number, number, number, number, number, number, number, number, number, number,
];

/** 2^j for j = −1100 … 1100, exact. */
const POW2 = new Float64Array(2201);
for (let j = -1100; j <= 1100; j++) POW2[j + 1100] = 2 ** j;

/** The low part of the last `expHiLo` result (a module-level scratch keeps the hot loop allocation-free). */
export const expLow = new Float64Array(1);

/**
 * $e^{dh + dl}$ returned as `hi`, with the low part written to `expLow[0]`. Below −746 the result is
 * 0 (it would round to 0 anyway); NaN gives NaN. Valid for dh ≤ 709.
 */
export function expHiLo(dh: number, dl: number): number {
  if (!(dh > -746)) {
    expLow[0] = 0;
    return dh !== dh ? NaN : 0;
  }
  const k = dh * INV_LN2 + ROUND_MAGIC - ROUND_MAGIC;
  const rh = dh - k * LN2_HI; // exact
  const rl = dl - k * LN2_LO;
  const r = rh + rl;
  const r2 = r * r;
  // Tail r²(1/2 + r/6 + …) by Estrin-like grouping for instruction-level parallelism.
  const p01 = C2 + r * C3;
  const p23 = C4 + r * C5;
  const p45 = C6 + r * C7;
  const p67 = C8 + r * C9;
  const p89 = C10 + r * C11;
  const pab = C12 + r * C13;
  const r4 = r2 * r2;
  const poly = p01 + r2 * p23 + r4 * (p45 + r2 * p67 + r4 * (p89 + r2 * pab));
  const tail = rl + r2 * poly; // everything but 1 + rh; |tail| < 0.07
  const a = 1 + rh; // |rh| < 0.35 < 1: Fast2Sum
  const ae = rh - (a - 1);
  const h1 = a + tail; // |a| > 0.7 > |tail|: Fast2Sum again
  const small = tail - (h1 - a) + ae;
  const hi = h1 + small;
  const lo = small - (hi - h1);
  if (k >= -1020) {
    const scale = POW2[(k | 0) + 1100] as number;
    expLow[0] = lo * scale;
    return hi * scale;
  }
  // Subnormal range: scale by 2^(k+100) (exact, normal), round h·2^−100 onto the subnormal grid, and
  // add back what that rounding lost together with the low part, so the result is rounded once.
  const scale = POW2[(k | 0) + 1200] as number;
  const h = hi * scale;
  const l = lo * scale;
  const hs = h * 7.888609052210118e-31; // 2^−100
  const lost = h - hs * 1.2676506002282294e30; // exact (Sterbenz)
  expLow[0] = 0;
  return hs + (lost + l) * 7.888609052210118e-31;
}

/**
 * $\operatorname{log1p}(R)$ for $R = $ `rHi + rLo` ≥ 0, as a double-double `[hi, lo]` accurate to ~0.1 ulp:
 * `Math.log1p` then one Newton step $L \leftarrow L + ((1 + R)e^{-L} - 1)$ with the hi/lo exponential
 * and exact products, so the ~1-ulp error of `Math.log1p` is removed.
 */
export function accurateLog1p(rHi: number, rLo: number, out: Float64Array): void {
  const l0 = Math.log1p(rHi);
  if (!Number.isFinite(l0) || l0 === 0) {
    out[0] = l0 + rLo;
    out[1] = 0;
    return;
  }
  const eh = expHiLo(-l0, 0);
  const el = expLow[0] as number;
  // f = (1 + R)(eh + el) − 1 = (eh − 1) + rHi·eh + [el + rHi·el + rLo·eh], in double-double.
  const a = eh - 1;
  const ab = a - eh;
  const ae = eh - (a - ab) + (-1 - ab);
  const p = rHi * eh;
  let t = 134217729 * rHi;
  const xh = t - (t - rHi);
  const xl = rHi - xh;
  t = 134217729 * eh;
  const yh = t - (t - eh);
  const yl = eh - yh;
  const pe = xl * yl - (p - xh * yh - xl * yh - xh * yl);
  const s = a + p;
  const sb = s - a;
  const se = a - (s - sb) + (p - sb);
  const f = s + (se + ae + pe + el + rHi * el + rLo * eh);
  // log(1 + f) ≈ f − f²/2, and |f| ≲ 1e−15.
  const c = f - 0.5 * f * f;
  const hi = l0 + c;
  out[0] = hi;
  out[1] = c - (hi - l0);
}
