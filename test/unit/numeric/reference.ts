/**
 * Arbitrary-precision references for the numeric tests (not a test file itself).
 *
 * - `exact(x)`: the exact value of a double as a 40-digit decimal.js number (decimal.js's own
 *   `new Decimal(x)` uses the shortest round-trip string, which is *not* the binary value).
 * - `ulpError(computed, reference)`: |computed − reference| in units of the last place of the double
 *   nearest to the reference (subnormal ulp 2^−1074 below 2^−1022).
 * - A double-double exponential (`ddExp`), independent of the code under test (Taylor series on
 *   r/1024 and ten squarings, about 1e−29 relative), to build exactly-accumulated sums for n up to 1e6
 *   where 40-digit decimal.js exponentials would take minutes; it is itself checked against decimal.js.
 */
import Decimal from 'decimal.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -400, toExpPos: 400, minE: -9e15, maxE: 9e15 });
export type Dec = InstanceType<typeof D>;

const view = new DataView(new ArrayBuffer(8));
const TWO = new D(2);

/** The exact value of a finite double as a decimal (40 significant digits). */
export function exact(x: number): Dec {
  if (x === 0) return new D(0);
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (hi & 0xfffff) * 4294967296 + lo;
  let e: number;
  if (biased === 0) e = -1074;
  else {
    mantissa += 4503599627370496;
    e = biased - 1075;
  }
  const v = new D(mantissa).times(TWO.pow(e));
  return x < 0 ? v.neg() : v;
}

/** ulp of the double nearest to `reference`. */
export function ulpOf(reference: Dec): number {
  const r = Math.abs(reference.toNumber());
  if (r < 2.2250738585072014e-308) return 5e-324;
  if (!Number.isFinite(r)) return Infinity;
  view.setFloat64(0, r);
  const biased = (view.getUint32(0) >>> 20) & 0x7ff;
  return 2 ** (biased - 1075);
}

export function ulpError(computed: number, reference: Dec): number {
  if (!Number.isFinite(computed)) return Infinity;
  const err = exact(computed).minus(reference).abs();
  return err.div(exact(ulpOf(reference))).toNumber();
}

/** Exact decimal reference of softmax, log-softmax and log-sum-exp (every term with decimal.js). */
export function decimalReference(x: ArrayLike<number>, temperature = 1): { softmax: Dec[]; logSoftmax: Dec[]; logSumExp: Dec } {
  const t = exact(temperature);
  const z = Array.from(x, (v) => exact(v).div(t));
  let m = z[0] as Dec;
  let argmax = 0;
  z.forEach((v, i) => {
    if (v.gt(m)) {
      m = v;
      argmax = i;
    }
  });
  const e = z.map((v) => v.minus(m).exp());
  // S = 1 + R with R summed apart from the 1, and log S = log1p(R), so a tiny R keeps all 40 digits.
  const r = e.reduce((a, b, i) => (i === argmax ? a : a.plus(b)), new D(0));
  const s = r.plus(1);
  const logS = log1p(r);
  return {
    softmax: e.map((v) => v.div(s)),
    logSoftmax: z.map((v) => v.minus(m).minus(logS)),
    logSumExp: m.plus(logS),
  };
}

/** log(1 + r) to full precision also for tiny r (series below 1e-4, where 1 + r would drop digits). */
export function log1p(r: Dec): Dec {
  if (r.abs().gte(1e-4)) return r.plus(1).ln();
  let term = r;
  let sum = r;
  for (let k = 2; k < 20; k++) {
    term = term.times(r).neg();
    sum = sum.plus(term.div(k));
  }
  return sum;
}

// ---- double-double arithmetic for the large-n reference ----
type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function split(a: number): DD {
  const t = 134217729 * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

export function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [u, g] = twoSum(s, e + t);
  return twoSum(u, g + f);
}

export function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** exp(a + b) in double-double, for a + b ≤ 0 down to about −745 (results may be subnormal: then ≈ exact to ulp). */
export function ddExp(a: number, b = 0): DD {
  const k = Math.round(a / 0.6931471805599453);
  // r = a + b − k·ln2 in double-double
  const kl = ddMul([k, 0], LN2);
  const r = ddAdd(ddAdd([a, 0], [b, 0]), [-kl[0], -kl[1]]);
  const rs: DD = [r[0] / 1024, r[1] / 1024];
  // Taylor series of exp(rs) − 1 to degree 12 (|rs| < 4e-4)
  let term: DD = rs;
  let sum: DD = rs;
  for (let j = 2; j <= 12; j++) {
    term = ddMul(term, rs);
    const q = term[0] / j;
    const [p, pe] = twoProd(q, j);
    term = twoSum(q, (term[0] - p - pe + term[1]) / j); // double-double ÷ small integer
    sum = ddAdd(sum, term);
  }
  // (1 + s)^(2^10) via s ← 2s + s²
  for (let i = 0; i < 10; i++) sum = ddAdd(ddMul(sum, sum), [2 * sum[0], 2 * sum[1]]);
  const one = ddAdd(sum, [1, 0]);
  // scale by 2^k in two steps so subnormal results round once
  const k1 = Math.trunc(k / 2);
  const k2 = k - k1;
  return [one[0] * 2 ** k1 * 2 ** k2, one[1] * 2 ** k1 * 2 ** k2];
}

export function ddToDecimal(a: DD): Dec {
  return exact(a[0]).plus(exact(a[1]));
}

/** Seeded PRNG (mulberry32) and normal deviates (Box–Muller), so every test is reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const u = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = u() || 1e-300;
    const b = u();
    out[i] = mean + sd * Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
  }
  return out;
}

// ---- PyTorch F.cross_entropy, transcribed into 40-digit decimal arithmetic ----
// Follows aten/src/ATen/native/LossNLL.cpp: log_softmax, then nll_loss (weighted, ignore_index,
// mean over the weights of non-ignored targets) plus, with label smoothing, the "smooth loss"
// −Σ_c w_c·logp_c (masked where ignored, mean over the same weights), combined as
// (1 − ε)·nll + (ε/C)·smooth; for probability targets −Σ_c w_c·logp_c·((1 − ε)t_c + ε/C), mean over N.
export interface TorchCeOptions {
  weight?: number[];
  ignoreIndex?: number;
  labelSmoothing?: number;
  reduction?: 'none' | 'mean' | 'sum';
}

function decLogSoftmax(row: Dec[]): Dec[] {
  let m = row[0] as Dec;
  for (const v of row) if (v.gt(m)) m = v;
  const s = row.reduce((a, v) => a.plus(v.minus(m).exp()), new D(0));
  const logS = s.ln();
  return row.map((v) => v.minus(m).minus(logS));
}

/** Returns the reduced loss (for 'none', the per-row losses). Logits as decimals so finite differences work. */
export function torchCrossEntropy(logits: Dec[][], target: { index: number[] } | { probs: number[][] }, o: TorchCeOptions = {}): Dec | Dec[] {
  const C = (logits[0] as Dec[]).length;
  const eps = new D(o.labelSmoothing ?? 0);
  const w = (c: number): Dec => (o.weight ? exact(o.weight[c] as number) : new D(1));
  const reduction = o.reduction ?? 'mean';
  const logp = logits.map(decLogSoftmax);
  if ('index' in target) {
    const ignore = o.ignoreIndex ?? -100;
    const nll: Dec[] = [];
    const smooth: Dec[] = [];
    let wsum = new D(0);
    target.index.forEach((y, n) => {
      const lp = logp[n] as Dec[];
      if (y === ignore) {
        nll.push(new D(0));
        smooth.push(new D(0));
        return;
      }
      nll.push(w(y).times(lp[y] as Dec).neg());
      smooth.push(lp.reduce((a, v, c) => a.minus(w(c).times(v)), new D(0)));
      wsum = wsum.plus(w(y));
    });
    const combine = (a: Dec, b: Dec): Dec => new D(1).minus(eps).times(a).plus(eps.div(C).times(b));
    if (reduction === 'none') return nll.map((v, n) => combine(v, smooth[n] as Dec));
    const sn = nll.reduce((a, v) => a.plus(v), new D(0));
    const ss = smooth.reduce((a, v) => a.plus(v), new D(0));
    return reduction === 'sum' ? combine(sn, ss) : combine(sn.div(wsum), ss.div(wsum));
  }
  const per = target.probs.map((t, n) => {
    const lp = logp[n] as Dec[];
    return lp.reduce((a, v, c) => {
      const tc = exact(t[c] as number).times(new D(1).minus(eps)).plus(eps.div(C));
      return a.minus(v.times(tc).times(w(c)));
    }, new D(0));
  });
  if (reduction === 'none') return per;
  const total = per.reduce((a, v) => a.plus(v), new D(0));
  return reduction === 'sum' ? total : total.div(per.length);
}

/** Central finite-difference gradient of the (summed) torch loss in 40-digit arithmetic (h = 1e−12, error ~h²). */
export function torchCrossEntropyGradient(logits: number[][], target: { index: number[] } | { probs: number[][] }, o: TorchCeOptions = {}): Dec[][] {
  const h = new D('1e-12');
  const base = logits.map((row) => row.map(exact));
  const scalar = (l: Dec[][]): Dec => {
    const r = torchCrossEntropy(l, target, o);
    return Array.isArray(r) ? r.reduce((a, v) => a.plus(v), new D(0)) : r;
  };
  return base.map((row, n) =>
    row.map((_, c) => {
      const plus = base.map((r, i) => (i === n ? r.map((v, j) => (j === c ? v.plus(h) : v)) : r));
      const minus = base.map((r, i) => (i === n ? r.map((v, j) => (j === c ? v.minus(h) : v)) : r));
      return scalar(plus).minus(scalar(minus)).div(h.times(2));
    }),
  );
}
