/**
 * Log-sum-exp, softmax and log-softmax of one row, accurate to a few ulps.
 *
 * The route is the one analysed by Blanchard, Higham & Higham, "Accurately computing the log-sum-exp
 * and softmax functions", IMA J. Numer. Anal. 41 (2021):
 *
 * 1. shift by the maximum, $d_i = z_i - \max_j z_j \le 0$, so no exponential overflows and the largest
 *    term is exactly $e^0 = 1$; the rounding error of each subtraction is recovered exactly with
 *    TwoSum and folded back in as $e^{d} \approx e^{\hat d}(1 + \delta)$;
 * 2. sum the exponentials in double-double, and write $\log \sum_j e^{d_j} = \operatorname{log1p}(R)$
 *    with $R = \sum_j e^{d_j} - 1$, so a dominant class does not lose its tiny neighbours;
 * 3. for softmax multiply by $1/S$ kept as a double-double (the paper's warning against a reciprocal
 *    is about a rounded 1/S; with $q_h + q_l$ the quotient is within ~1 ulp, see `scaleRow`), and form
 *    log-softmax as $d_i - \log S$, a sum of two non-positive numbers, so it never cancels.
 *
 * Temperature divides the differences $(x_i - \max_j x_j)/T$, never the logits themselves (so a tiny T
 * cannot overflow them), and the rounding error of that division is carried along too (Dekker's
 * TwoProduct), so `temperature` costs no accuracy.
 */
import { fail, ok, type Result } from '../result';
import { frexp, scaleByPowerOfTwo, twoProductLo, twoSumLo } from './exact';
import { ddAdd, ddExpOf, ddLogOf } from './doubleDouble';
import { accurateLog1p, expHiLo, expLow } from './expAccurate';
import * as expTable from './expTable';

const ROUND_MAGIC = 6755399441055744; // 1.5·2^52: (x + M) − M rounds x to the nearest integer
// Module-local copies: the hot loop then reads plain constants, not bindings of another module.
const { LN2N_HI, LN2N_LO, N_OVER_LN2, POW2, TABLE, TABLE_BITS, TABLE_MASK } = expTable;

const logScratch = new Float64Array(2);
import { fastRow, type FastRowKind } from './fastPath';

/** Options shared by `logSumExp`, `softmax` and `logSoftmax`. */
export interface SoftmaxOptions {
  /** Divide the logits by this before everything else; finite and > 0. Default 1. */
  temperature?: number;
  /** Entries where this is `false` are masked out: probability 0, log-probability −∞ (like JAX's `where`). */
  where?: ArrayLike<boolean>;
  /**
   * What a row with no unmasked entry (all −∞ or all `where` false) returns: `'error'` (default) an
   * error result; `'nan'` NaN probabilities and log-probabilities like PyTorch; `'zeros'` probability 0
   * and log-probability −∞ like JAX. The log-sum-exp of such a row is −∞ in both non-error modes.
   */
  fullyMasked?: 'error' | 'nan' | 'zeros';
  /** Write the result here (length n) instead of allocating. Ignored by `logSumExp`. */
  out?: Float64Array;
}

type Kind = 'lse' | 'softmax' | 'log';

/** Internal per-row statistics reused by cross-entropy and the Jacobian helpers. */
export interface RowStats {
  /** Maximum of the unscaled logits. */
  xMax: number;
  /** Maximum of the scaled logits, max/T, as a double-double `maxHi + maxLo`. */
  maxHi: number;
  maxLo: number;
  /** $S = \sum_j e^{d_j} = 1 + R$; `r`+`rLo` is R in double-double. */
  r: number;
  rLo: number;
  /** $\log S$ as a double-double. */
  logSHi: number;
  logSLo: number;
}

function checkOptions(n: number, options: SoftmaxOptions | undefined): Result<number> {
  if (n === 0) return fail('empty-vector', 'the vector is empty: softmax needs at least one logit');
  const t = options?.temperature ?? 1;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)
    return fail('invalid-temperature', `temperature must be a finite number > 0, got ${String(t)}`);
  const where = options?.where;
  if (where !== undefined && where.length !== n)
    return fail('length-mismatch', `the where-mask has ${where.length} entries but the vector has ${n}`);
  const out = options?.out;
  if (out !== undefined && out.length !== n)
    return fail('length-mismatch', `the out buffer has ${out.length} entries but the vector has ${n}`);
  return ok(t);
}

/**
 * Scaled logit and the rounding error of the scaling: $z = x/T = \hat z + \check z$ exactly (up to
 * u² relative). With T = 1 the error is 0.
 */
function scaledLo(x: number, t: number, zh: number): number {
  if (t === 1 || !Number.isFinite(zh) || zh === 0) return 0;
  const p = zh * t;
  const pe = twoProductLo(zh, t, p);
  const lo = (x - p - pe) / t;
  return Number.isFinite(lo) ? lo : 0;
}

const shiftScratch = new Float64Array(1);

/**
 * $d = (x - m)/T$ as a double-double: returns the high part and writes the low part to
 * `shiftScratch[0]`. The difference $x - m$ is taken first (TwoSum, exact), then divided, with the
 * division's residual recovered exactly (TwoProduct), so a tiny temperature cannot overflow the
 * logits themselves: only differences are scaled. Returns −∞ (low part 0) for −∞ or an overflowing
 * difference.
 *
 * Near the largest double the difference itself can overflow although the result does not: with
 * $T > 1$, $(−1.7\cdot10^{308} − 1.7\cdot10^{308})/2$ is finite. Then the halves are subtracted
 * ($x/2 − m/2$ is the exact halving of the rounded difference) and divided by T, and the quotient
 * doubled back; `twoSumLo` recovers the subtraction's error without overflowing either.
 */
export function shiftedLogit(v: number, m: number, t: number): number {
  const a = v - m;
  if (a === -Infinity) {
    if (v === -Infinity || !(t > 1)) {
      shiftScratch[0] = 0;
      return -Infinity;
    }
    const ah = v * 0.5 - m * 0.5;
    const qh = ah / t;
    const q = qh * 2;
    if (!Number.isFinite(q)) {
      shiftScratch[0] = 0;
      return q;
    }
    const p = qh * t;
    const lo = ((ah - p - twoProductLo(qh, t, p) + twoSumLo(v * 0.5, -m * 0.5, ah)) / t) * 2;
    shiftScratch[0] = Number.isFinite(lo) ? lo : 0;
    return q;
  }
  const bb = a - v;
  let al = v - (a - bb) + (-m - bb); // TwoSum, inline on the hot path
  if (al !== al) al = twoSumLo(v, -m, a); // an intermediate overflowed (both near the largest double)
  if (t === 1) {
    shiftScratch[0] = al;
    return a;
  }
  const q = a / t;
  if (!Number.isFinite(q) || q === 0) {
    shiftScratch[0] = 0;
    return q;
  }
  const p = q * t;
  const lo = (a - p - twoProductLo(q, t, p) + al) / t;
  shiftScratch[0] = Number.isFinite(lo) ? lo : 0;
  return q;
}

/**
 * $c \cdot (−\log p_v)$ for a weight $c ≥ 0$, $= c\,((m − v)/T + \log S)$, computed so that no
 * intermediate overflows: for the cross-entropy terms of label smoothing and soft targets, where
 * $−\log p_v$ itself may exceed the largest double (logits ±1e308) while $c$ times it does not.
 * The product $c (m − v) / T$ is formed from mantissas and exponents (`frexp`), the difference from
 * halves; about 2 ulp, used only where the direct product overflows.
 */
export function weightedNegLogProbability(c: number, v: number, t: number, stats: RowStats): number {
  if (c === 0) return 0;
  const half = stats.xMax * 0.5 - v * 0.5; // (m − v)/2 ≥ 0, finite
  const [mc, ec] = frexp(c);
  const [md, ed] = frexp(half);
  const [mt, et] = frexp(t);
  const shifted = scaleByPowerOfTwo((mc * md) / mt, ec + ed + 1 - et);
  return shifted + c * (stats.logSHi + stats.logSLo);
}

/**
 * The core of the row computation; `x[offset .. offset+n)` is the row. Writes softmax or log-softmax
 * into `out[outOffset ..]` when `kind` asks for it. Returns the statistics, or the special-value
 * classification when the row has NaN / +∞ / nothing unmasked.
 */
export function computeRow(
  x: ArrayLike<number>,
  offset: number,
  n: number,
  t: number,
  where: ArrayLike<boolean> | undefined,
  kind: Kind,
  out: Float64Array | undefined,
  outOffset: number,
): RowStats | { special: 'nan' | 'masked' | 'infinite'; count: number } {
  // Fast path: plain rows (no temperature, no mask) go to the vectorised kernel when it is available.
  if (t === 1 && where === undefined && (kind === 'lse' || out !== undefined)) {
    const fast = fastRow(x, offset, n, kind as FastRowKind, out, outOffset);
    if (fast !== undefined) return fast;
  }
  // Pass 1: classify and find the maximum of the unmasked logits.
  scanRow(x, offset, n, where);
  const nans = scanResult[2] as number;
  const posInf = scanResult[3] as number;
  if (nans > 0) return { special: 'nan', count: nans };
  if ((scanResult[0] as number) < 0) return { special: 'masked', count: 0 };
  if (posInf > 0) return { special: 'infinite', count: posInf };
  const xm = scanResult[1] as number;
  const maxHi = t === 1 ? xm : xm / t;
  const maxLo = scaledLo(xm, t, maxHi);

  // Pass 2: e_i = exp(d_i) with d_i = (x_i − max)/T carried in double-double; S summed in double-double.
  const store = kind === 'softmax' && out !== undefined ? out : undefined;
  if (t === 1 && where === undefined) expSumPlain(x, offset, n, maxHi, store, outOffset);
  else expSumGeneral(x, offset, n, t, where, xm, store, outOffset);
  const sHi = sumScratch[0] as number;
  const sLo = sumScratch[1] as number;
  // R = S − 1 in double-double (the maximum contributed exactly 1).
  const rh = sHi - 1;
  const rb = rh - sHi;
  const rl = sHi - (rh - rb) + (-1 - rb) + sLo;
  const r = rh + rl;
  const rLo = rl - (r - rh);
  // log S = log1p(R) in double-double.
  accurateLog1p(r, rLo, logScratch);
  const stats: RowStats = { xMax: xm, maxHi, maxLo, r, rLo, logSHi: logScratch[0] as number, logSLo: logScratch[1] as number };

  if (kind === 'softmax' && out !== undefined) scaleRow(out, outOffset, n, sHi, sLo);
  else if (kind === 'log' && out !== undefined) logRow(x, offset, n, t, where, stats, out, outOffset);
  return stats;
}

// The passes are separate small functions: one large function with several loops was repeatedly
// deoptimised by V8 (each loop entered through on-stack replacement without type feedback).
/** [argmax, max, NaN count, +∞ count] of the last `scanRow`. */
const scanResult = new Float64Array(4);
const sumScratch = new Float64Array(2);

function scanRow(x: ArrayLike<number>, offset: number, n: number, where: ArrayLike<boolean> | undefined): void {
  let argmax = -1;
  let max = -Infinity;
  let nans = 0;
  let posInf = 0;
  if (where === undefined) {
    for (let i = 0; i < n; i++) {
      const v = x[offset + i] as number;
      if (v > max) {
        max = v;
        argmax = i;
      } else if (v !== v) nans++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (!where[i]) continue;
      const v = x[offset + i] as number;
      if (v > max) {
        max = v;
        argmax = i;
      } else if (v !== v) nans++;
    }
  }
  if (max === Infinity) {
    for (let i = 0; i < n; i++) if ((where === undefined || where[i]) && x[offset + i] === Infinity) posInf++;
  }
  scanResult[0] = argmax;
  scanResult[1] = max;
  scanResult[2] = nans;
  scanResult[3] = posInf;
}

/**
 * No mask, no temperature: the common case, kept tight — the table-driven exponential of
 * `expTable.ts` inlined: $e^{d} = 2^q T_j (1 + p)$ kept as a + small, a summed with Fast2Sum (S starts
 * at 1 so that |S| ≥ a ≤ 1), the errors and the small parts (all ≲ u·S) summed plainly. Results
 * below 2^−1022 (d < −708) take `expHiLo`, which rounds them once.
 */
function expSumPlain(x: ArrayLike<number>, offset: number, n: number, max: number, store: Float64Array | undefined, outOffset: number): void {
  let sHi = 1;
  let sLo = 0;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i] as number;
    const dh = v - max;
    let a: number;
    let small: number;
    if (dh >= -708) {
      const bb = dh - v;
      const dl = v - (dh - bb) + (-max - bb); // TwoSum error of v − max
      const kf = dh * N_OVER_LN2 + ROUND_MAGIC;
      const k = kf - ROUND_MAGIC;
      const r = dh - k * LN2N_HI + (dl - k * LN2N_LO);
      const r2 = r * r;
      const p = r + r2 * (0.5 + r * 0.16666666666666666 + r2 * (0.041666666666666664 + r * 0.008333333333333333));
      const ki = k | 0;
      const j = (ki & TABLE_MASK) << 1;
      const th = TABLE[j] as number;
      const tp = th * p;
      const t = th + tp; // |tp| < 0.0014·th: Fast2Sum
      const sc = POW2[(ki >> TABLE_BITS) + 1022] as number;
      a = t * sc;
      small = (tp - (t - th) + (TABLE[j + 1] as number)) * sc;
    } else if (dh === -Infinity) {
      if (store !== undefined) store[outOffset + i] = 0;
      continue;
    } else {
      const bb = dh - v;
      a = expHiLo(dh, v - (dh - bb) + (-max - bb));
      small = expLow[0] as number;
    }
    if (store !== undefined) store[outOffset + i] = a + small;
    const s = sHi + a;
    sLo += a - (s - sHi) + small;
    sHi = s;
  }
  // remove the starting 1 (TwoSum)
  const s = sHi - 1;
  const bb = s - sHi;
  sumScratch[0] = s;
  sumScratch[1] = sLo + (sHi - (s - bb) + (-1 - bb));
}

function expSumGeneral(
  x: ArrayLike<number>,
  offset: number,
  n: number,
  t: number,
  where: ArrayLike<boolean> | undefined,
  xMax: number,
  store: Float64Array | undefined,
  outOffset: number,
): void {
  let sHi = 0;
  let sLo = 0;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i] as number;
    if ((where !== undefined && !where[i]) || v === -Infinity) {
      if (store !== undefined) store[outOffset + i] = 0;
      continue;
    }
    const dh = shiftedLogit(v, xMax, t);
    const e = expHiLo(dh, shiftScratch[0] as number);
    const el = expLow[0] as number;
    if (store !== undefined) store[outOffset + i] = e + el;
    const s = sHi + e;
    const b2 = s - sHi;
    sLo += sHi - (s - b2) + (e - b2) + el;
    sHi = s;
  }
  sumScratch[0] = sHi;
  sumScratch[1] = sLo;
}

/**
 * $p_i = e_i / S$ as $e_i q_h + e_i q_l$ with $q_h + q_l = 1/S$ to ~u² (S = `sHi + sLo`): within ~1 ulp
 * of the true quotient (½ for each product's rounding and the final addition's), so with $e_i$'s own
 * rounding (≤ 1 ulp-equivalent) and S's (~0.2) each probability stays within 3 ulp. Multiplications
 * instead of a division per element: about 3× cheaper.
 */
function scaleRow(out: Float64Array, outOffset: number, n: number, sHi: number, sLo: number): void {
  const s = sHi + sLo;
  const sl = sLo - (s - sHi);
  const qh = 1 / s;
  const p = s * qh;
  const ql = (1 - p - twoProductLo(s, qh, p) - sl * qh) / s;
  for (let i = outOffset; i < outOffset + n; i++) {
    const e = out[i] as number;
    out[i] = e * qh + e * ql;
  }
}

function logRow(
  x: ArrayLike<number>,
  offset: number,
  n: number,
  t: number,
  where: ArrayLike<boolean> | undefined,
  stats: RowStats,
  out: Float64Array,
  outOffset: number,
): void {
  for (let i = 0; i < n; i++) {
    const v = x[offset + i] as number;
    out[outOffset + i] = (where !== undefined && !where[i]) || v === -Infinity ? -Infinity : logProbability(v, t, stats);
  }
}

/** $\log p_i = (z_i - \max) - \log S$, all in double-double and rounded once at the end. */
export function logProbability(v: number, t: number, stats: RowStats): number {
  const dh = shiftedLogit(v, stats.xMax, t);
  if (dh === -Infinity) return -Infinity;
  const dl = shiftScratch[0] as number;
  // (dh + dl) − (logSHi + logSLo): both parts ≤ 0, so only the final rounding matters.
  const sh = dh - stats.logSHi;
  const b2 = sh - dh;
  const sl = dh - (sh - b2) + (-stats.logSHi - b2);
  return sh + (sl + dl - stats.logSLo);
}

function fillSpecial(
  x: ArrayLike<number>,
  offset: number,
  n: number,
  where: ArrayLike<boolean> | undefined,
  special: { special: 'nan' | 'masked' | 'infinite'; count: number },
  kind: Kind,
  out: Float64Array,
  outOffset: number,
  fullyMasked: 'nan' | 'zeros',
): number {
  if (special.special === 'nan' || (special.special === 'masked' && fullyMasked === 'nan')) {
    for (let i = 0; i < n; i++) out[outOffset + i] = NaN;
    return special.special === 'nan' ? NaN : -Infinity;
  }
  if (special.special === 'masked') {
    out.fill(kind === 'log' ? -Infinity : 0, outOffset, outOffset + n);
    return -Infinity;
  }
  // +∞ logits: the limit of softmax as those logits grow together: the mass splits evenly among them.
  const share = kind === 'log' ? -Math.log(special.count) : 1 / special.count;
  for (let i = 0; i < n; i++) {
    const on = (where === undefined || where[i]) && x[offset + i] === Infinity;
    out[outOffset + i] = on ? share : kind === 'log' ? -Infinity : 0;
  }
  return Infinity;
}

function maskedError(): Result<never> {
  return fail(
    'fully-masked',
    'every entry is masked (−∞ or where = false), so the probabilities are undefined; pass fullyMasked: "nan" or "zeros" to choose a value',
  );
}

function rowResult(x: ArrayLike<number>, options: SoftmaxOptions | undefined, kind: 'softmax' | 'log'): Result<Float64Array> {
  const checked = checkOptions(x.length, options);
  if (!checked.ok) return checked;
  const n = x.length;
  const out = options?.out ?? new Float64Array(n);
  const row = computeRow(x, 0, n, checked.value, options?.where, kind, out, 0);
  if ('special' in row) {
    const mode = options?.fullyMasked ?? 'error';
    if (row.special === 'masked' && mode === 'error') return maskedError();
    fillSpecial(x, 0, n, options?.where, row, kind, out, 0, mode === 'error' ? 'nan' : mode);
  }
  return ok(out);
}

/**
 * Log-sum-exp, $\log \sum_i e^{x_i/T}$, to within 1 ulp in the cases the tests cover.
 *
 * Special values: any NaN among the unmasked logits gives NaN; any +∞ gives +∞; −∞ entries and
 * `where = false` entries are left out of the sum (a fully masked row is an error unless
 * `fullyMasked` is `'nan'` or `'zeros'`, which both give −∞, as PyTorch's `logsumexp` does).
 *
 * @example logSumExp([1000, 1000, 999]) // ok(1000.8619948040582)
 */
export function logSumExp(logits: ArrayLike<number>, options?: SoftmaxOptions): Result<number> {
  const checked = checkOptions(logits.length, { ...options, out: undefined });
  if (!checked.ok) return checked;
  const row = computeRow(logits, 0, logits.length, checked.value, options?.where, 'lse', undefined, 0);
  if ('special' in row) {
    if (row.special === 'nan') return ok(NaN);
    if (row.special === 'infinite') return ok(Infinity);
    if ((options?.fullyMasked ?? 'error') === 'error') return maskedError();
    return ok(-Infinity);
  }
  return ok(lseFromStats(row, logits, 0, logits.length, checked.value, options?.where));
}

/**
 * $m + \log S$ from the row statistics, summed in double-double and rounded once.
 *
 * When the maximum is negative and $\log S \approx -m$, the sum cancels and the few-ulp errors of
 * S and of `log1p` would be magnified by $|m| / |m + \log S|$; that case is recomputed with a
 * double-double exponential and logarithm (`doubleDouble.ts`), a slower path taken only then.
 */
export function lseFromStats(row: RowStats, x: ArrayLike<number>, offset: number, n: number, t: number, where: ArrayLike<boolean> | undefined): number {
  const s = row.maxHi + row.logSHi;
  if (!Number.isFinite(s)) return s; // max/T (or the sum) beyond the largest double: +∞
  const bb = s - row.maxHi;
  const e = row.maxHi - (s - bb) + (row.logSHi - bb);
  const lse = s + (e + row.maxLo + row.logSLo);
  if (!(row.maxHi < 0 && Math.abs(lse) < 0.5 * row.logSHi) || row.maxHi < -700) return lse;
  let sum: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    const v = x[offset + i] as number;
    if ((where !== undefined && !where[i]) || v === -Infinity) continue;
    const dh = shiftedLogit(v, row.xMax, t);
    if (dh < -746) continue;
    sum = ddAdd(sum, ddExpOf([dh, shiftScratch[0] as number]));
  }
  const logS = ddLogOf(sum);
  const total = ddAdd(ddAdd([row.maxHi, row.maxLo], logS), [0, 0]);
  return total[0] + total[1];
}

/**
 * Softmax, $s_i = e^{x_i/T} / \sum_j e^{x_j/T}$, each component within 3 ulp of the exact value.
 *
 * Special values (PyTorch and SciPy turn the whole row into NaN for any of these; this core keeps the
 * mathematical limit where one exists):
 * - a NaN among the unmasked logits makes every output NaN (nothing can be said about the others);
 * - `+∞` logits share the probability mass evenly (each gets 1/count, the rest 0) — the limit of
 *   softmax as those logits grow together;
 * - `−∞` logits and `where = false` entries get probability exactly 0;
 * - a fully masked row: see `SoftmaxOptions.fullyMasked`.
 *
 * @example softmax([1000, 1000, 999]) // ok(Float64Array [0.4223187982515182, 0.4223187982515182, 0.15536240349696362])
 */
export function softmax(logits: ArrayLike<number>, options?: SoftmaxOptions): Result<Float64Array> {
  return rowResult(logits, options, 'softmax');
}

/**
 * Log-softmax, $\log s_i = x_i/T - \log\sum_j e^{x_j/T}$, each component within 2 ulp.
 * Special values follow `softmax` (masked entries and entries beaten by a `+∞` get −∞; the `+∞`
 * entries get −log(count)).
 *
 * @example logSoftmax([0, -40]) // ok(Float64Array [-4.248354255291589e-18, -40])
 */
export function logSoftmax(logits: ArrayLike<number>, options?: SoftmaxOptions): Result<Float64Array> {
  return rowResult(logits, options, 'log');
}

/** Shared options check for the batched API. */
export function checkRowOptions(n: number, options: SoftmaxOptions | undefined): Result<number> {
  return checkOptions(n, options);
}

export { fillSpecial, maskedError };
