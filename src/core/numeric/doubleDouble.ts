/**
 * A double-double exponential and logarithm (about 100 bits), used only on the rare path where
 * log-sum-exp cancels: a negative maximum m and $\log S \approx -m$, so the result $m + \log S$ is much
 * smaller than either term and the ~1-ulp errors of `Math.exp`/`Math.log1p` in S would be magnified.
 */

type DoubleDouble = [number, number];

function quickTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  let t = 134217729 * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

export function ddAdd(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [u, g] = quickTwoSum(s, e + t);
  return quickTwoSum(u, g + f);
}

export function ddMul(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddDivSmall(a: DoubleDouble, k: number): DoubleDouble {
  const q = a[0] / k;
  const [p, pe] = twoProduct(q, k);
  return quickTwoSum(q, (a[0] - p - pe + a[1]) / k);
}

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
/** ln 2 − `Math.LN2`, so `Math.LN2 + LN2_DD_LO` is ln 2 to ~2^−106. */
export const LN2_DD_LO = LN2_LO;

/**
 * $e^{a_0 + a_1}$ as a double-double, for |a| ≲ 700 with a normal-range result: $a = k\ln 2 + r$,
 * $e^r = (e^{r/256})^{256}$ with a degree-11 Taylor polynomial for $e^{r/256} - 1$ (|r/256| < 1.4e−3,
 * truncation < 1e−36), eight squarings of the form $t \mapsto 2t + t^2$ (which keep $t = e^x - 1$
 * small and exact-ish), then the exact scaling by $2^k$.
 */
export function ddExpOf(a: DoubleDouble): DoubleDouble {
  const k = Math.round(a[0] / LN2_HI);
  const kl = ddMul([k, 0], [LN2_HI, LN2_LO]);
  const r = ddAdd(a, [-kl[0], -kl[1]]);
  const x: DoubleDouble = [r[0] / 256, r[1] / 256];
  let term = x;
  let t = x;
  for (let j = 2; j <= 11; j++) {
    term = ddDivSmall(ddMul(term, x), j);
    t = ddAdd(t, term);
  }
  for (let i = 0; i < 8; i++) t = ddAdd(ddMul(t, t), [2 * t[0], 2 * t[1]]);
  const one = ddAdd(t, [1, 0]);
  const scale = 2 ** k;
  return [one[0] * scale, one[1] * scale];
}

/**
 * $\log(s_0 + s_1)$ as a double-double for a positive, normal-range argument: one Newton step
 * $y \leftarrow y + (s\,e^{-y} - 1)$ (quadratically convergent) from `Math.log`.
 */
export function ddLogOf(s: DoubleDouble): DoubleDouble {
  const y = Math.log(s[0]);
  const t = ddAdd(ddMul(s, ddExpOf([-y, 0])), [-1, 0]); // s·e^{−y} − 1, tiny
  const c = t[0] - (t[0] * t[0]) / 2; // log1p(t) to second order: |t| < 1e−15, so t²/2 already suffices
  return ddAdd([y, 0], [c, t[1]]);
}
