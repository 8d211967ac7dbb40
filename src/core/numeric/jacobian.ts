/**
 * Jacobians of softmax and log-softmax, dense for small n and structured (never n×n) for large n.
 *
 * $J_{\mathrm{softmax}} = \operatorname{diag}(s) - s s^\top$ and $J_{\log\mathrm{softmax}} = I - \mathbf 1 s^\top$.
 * Products with a vector cost O(n). The textbook forms $s \odot (v - s^\top v)$ and $g - s\,(\mathbf 1^\top g)$
 * cancel catastrophically when one probability is close to 1 or v is nearly constant; here the
 * weighted mean $\mu = s^\top v / \mathbf 1^\top s$ is accumulated in double-double (products split
 * exactly), the complements $1 - s_j$ are formed as $\sum_{k \ne j} s_k$, and each component is
 * rounded only a couple of times, so every component keeps its relative accuracy.
 */
import { fail, ok, type Result } from '../result';
import { accurateDot, twoProductLo } from './exact';

interface DoubleDouble {
  hi: number;
  lo: number;
}

function ddSum(values: ArrayLike<number>): DoubleDouble {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const s = hi + x;
    const bb = s - hi;
    lo += hi - (s - bb) + (x - bb);
    hi = s;
  }
  const s = hi + lo;
  return { hi: s, lo: lo - (s - hi) };
}

/** (a.hi + a.lo) − x rounded once. */
function ddMinus(a: DoubleDouble, x: number): number {
  const s = a.hi - x;
  const bb = s - a.hi;
  const e = a.hi - (s - bb) + (-x - bb);
  return s + (e + a.lo);
}

/** μ = (sᵀv)/(1ᵀs) as a double-double (normalising by the actual sum makes a constant v map to 0). */
function weightedMean(s: ArrayLike<number>, v: ArrayLike<number>, total: DoubleDouble): DoubleDouble {
  const [dh, dl] = accurateDot(s, v);
  const q = dh / total.hi;
  // One Newton correction: (d − q·total)/total.
  const p = q * total.hi;
  const r = dh - p - twoProductLo(q, total.hi, p) + dl - q * total.lo;
  const corr = r / total.hi;
  const hi = q + corr;
  return { hi, lo: corr - (hi - q) };
}

/** v_i − μ rounded once. */
function minusMean(vi: number, mu: DoubleDouble): number {
  const s = vi - mu.hi;
  const bb = s - vi;
  const e = vi - (s - bb) + (-mu.hi - bb);
  return s + (e - mu.lo);
}

/**
 * Dense softmax Jacobian $J_{ij} = s_i(\delta_{ij} - s_j)$ as n rows. The diagonal uses
 * $s_i \sum_{k\ne i} s_k$, so it stays accurate when $s_i \to 1$ (where $s_i(1 - s_i)$ would give 0).
 * Allocates n²: meant for small n (the panel uses n ≤ 64); use `softmaxJacobianOperator` otherwise.
 */
export function softmaxJacobian(probabilities: ArrayLike<number>): Float64Array[] {
  const n = probabilities.length;
  const total = ddSum(probabilities);
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const si = probabilities[i] as number;
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) row[j] = -si * (probabilities[j] as number);
    row[i] = si * ddMinus(total, si);
    rows.push(row);
  }
  return rows;
}

/** A Jacobian that never materialises its n×n entries. */
export interface JacobianOperator {
  readonly size: number;
  /** J·v (forward mode). */
  jvp(v: ArrayLike<number>, out?: Float64Array): Result<Float64Array>;
  /** Jᵀ·g (reverse mode, what backpropagation computes). */
  vjp(g: ArrayLike<number>, out?: Float64Array): Result<Float64Array>;
  /** J_ij. */
  entry(i: number, j: number): number;
  /** The diagonal, O(n). */
  diagonal(): Float64Array;
}

function checkVector(n: number, v: ArrayLike<number>, out: Float64Array | undefined, name: string): Result<Float64Array> {
  if (v.length !== n) return fail('length-mismatch', `the ${name} vector has ${v.length} entries but the Jacobian is ${n}×${n}`);
  if (out !== undefined && out.length !== n)
    return fail('length-mismatch', `the out buffer has ${out.length} entries but the Jacobian is ${n}×${n}`);
  return ok(out ?? new Float64Array(n));
}

/**
 * Structured softmax Jacobian $\operatorname{diag}(s) - s s^\top$ with O(n) products:
 * $(Jv)_i = s_i (v_i - \mu)$, $\mu = s^\top v / \mathbf 1^\top s$ in double-double. J is symmetric, so
 * `vjp` is the same product.
 *
 * @example softmaxJacobianOperator([0.5, 0.5]).jvp([1, 0]) // ok(Float64Array [0.25, -0.25])
 */
export function softmaxJacobianOperator(probabilities: ArrayLike<number>): JacobianOperator {
  const s = Float64Array.from(probabilities);
  const n = s.length;
  const total = ddSum(s);
  const product = (v: ArrayLike<number>, out: Float64Array | undefined, name: string): Result<Float64Array> => {
    const target = checkVector(n, v, out, name);
    if (!target.ok) return target;
    const mu = weightedMean(s, v, total);
    const r = target.value;
    for (let i = 0; i < n; i++) r[i] = (s[i] as number) * minusMean(v[i] as number, mu);
    return target;
  };
  return {
    size: n,
    jvp: (v, out) => product(v, out, 'tangent'),
    vjp: (g, out) => product(g, out, 'cotangent'),
    entry: (i, j) => (i === j ? (s[i] as number) * ddMinus(total, s[i] as number) : -(s[i] as number) * (s[j] as number)),
    diagonal: () => s.map((si) => si * ddMinus(total, si)),
  };
}

/**
 * Structured log-softmax Jacobian $I - \mathbf 1 s^\top$:
 * $(Jv)_i = v_i - \mu$ and $(J^\top g)_j = g_j - s_j \sum_i g_i$, the latter computed as
 * $g_j \sum_{k\ne j} s_k - s_j \sum_{i \ne j} g_i$ (both sums in double-double), which does not cancel
 * when $s_j \to 1$ — e.g. the cross-entropy gradient $p_y - 1$.
 */
export function logSoftmaxJacobianOperator(probabilities: ArrayLike<number>): JacobianOperator {
  const s = Float64Array.from(probabilities);
  const n = s.length;
  const total = ddSum(s);
  const totalValue = total.hi + total.lo;
  return {
    size: n,
    jvp: (v, out) => {
      const target = checkVector(n, v, out, 'tangent');
      if (!target.ok) return target;
      const mu = weightedMean(s, v, total);
      const r = target.value;
      for (let i = 0; i < n; i++) r[i] = minusMean(v[i] as number, mu);
      return target;
    },
    vjp: (g, out) => {
      const target = checkVector(n, g, out, 'cotangent');
      if (!target.ok) return target;
      const gTotal = ddSum(g);
      const r = target.value;
      for (let j = 0; j < n; j++) {
        const sj = (s[j] as number) / totalValue;
        const gj = g[j] as number;
        const complement = ddMinus(total, s[j] as number) / totalValue;
        r[j] = gj * complement - sj * ddMinus(gTotal, gj);
      }
      return target;
    },
    entry: (i, j) => (i === j ? ddMinus(total, s[j] as number) / totalValue : -(s[j] as number) / totalValue),
    diagonal: () => s.map((sj) => ddMinus(total, sj) / totalValue),
  };
}

