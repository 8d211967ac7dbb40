/**
 * Dispatch of plain rows (no temperature, no mask, n ≥ `FAST_MIN`) to the WebAssembly SIMD kernel;
 * `undefined` means "use the portable JavaScript loop" (kernel unavailable, or a NaN/±∞ row whose
 * special rules the JavaScript path applies).
 */
import { twoProductLo } from './exact';
import { accurateLog1p, expHiLo, expLow } from './expAccurate';
import type { RowStats } from './softmax';
import { DATA_BASE, EXPSUM_UNROLL, loadKernel, type Kernel } from './wasmKernel';

export type FastRowKind = 'lse' | 'softmax' | 'log';

/** Below this the call overhead outweighs the vector loop. */
export const FAST_MIN = 64;
const DATA = DATA_BASE;
const logScratch = new Float64Array(2);
const tailScratch = new Float64Array(2);

// Views on the kernel memory, rebuilt only when the memory grows (growing detaches the old buffer).
let viewBuffer: ArrayBuffer | undefined;
let dataAll = new Float64Array(0);
let sums = new Float64Array(0);

function dataView(kernel: Kernel, padded: number): Float64Array {
  const needed = DATA + padded * 8;
  const have = kernel.memory.buffer.byteLength;
  if (needed > have) kernel.memory.grow(Math.ceil((needed - have) / 65536));
  if (viewBuffer !== kernel.memory.buffer) {
    viewBuffer = kernel.memory.buffer;
    dataAll = new Float64Array(viewBuffer, DATA);
    sums = new Float64Array(viewBuffer, 0, 5);
  }
  return dataAll;
}

export function fastRow(
  x: ArrayLike<number>,
  offset: number,
  n: number,
  kind: FastRowKind,
  out: Float64Array | undefined,
  outOffset: number,
): RowStats | undefined {
  if (n < FAST_MIN) return undefined;
  const kernel = loadKernel();
  if (kernel === undefined) return undefined;
  const padded = (n + 7) & ~7; // the max loop takes 4 vectors (8 doubles) per step
  let view: Float64Array;
  try {
    view = dataView(kernel, padded);
  } catch (_error) {
    return undefined; // could not grow the memory: fall back
  }
  if (x instanceof Float64Array) view.set(offset === 0 && x.length === n ? x : x.subarray(offset, offset + n));
  else for (let i = 0; i < n; i++) view[i] = x[offset + i] as number;
  // Padding repeats the first element, which leaves the maximum and minimum unchanged; the exponential
  // kernel then takes whole iterations of full vectors and the few elements left are added here.
  view.fill(view[0] as number, n, padded);
  const vectors = padded >> 1;
  const m = kernel.max(DATA, vectors);
  // NaN, +∞ or all −∞: the JavaScript path applies the rules. Beyond 2^40 the kernel's floor m − 1024
  // (which keeps x − m finite for x = −∞) could round back to m, so such rows go there too.
  if (!(Math.abs(m) < 1099511627776)) return undefined;
  const deep = (sums[4] as number) - m < -708; // sums[4] = the minimum, from `max`
  (deep ? kernel.expsumDeep : kernel.expsum)(DATA, n >> 1, -m, m - 1024, kind === 'softmax' ? 1 : 0);
  // the elements after the kernel's last full iteration (fewer than 2·EXPSUM_UNROLL), in double-double
  let tailHi = 0;
  let tailLo = 0;
  for (let i = 2 * EXPSUM_UNROLL * Math.floor(n / (2 * EXPSUM_UNROLL)); i < n; i++) {
    const v = view[i] as number;
    const dh = v - m; // finite: v and m are finite here
    const bb = dh - v;
    const e = expHiLo(dh, v - (dh - bb) + (-m - bb));
    const el = expLow[0] as number;
    if (kind === 'softmax') view[i] = e + el;
    const s = tailHi + e;
    const b2 = s - tailHi;
    tailLo += tailHi - (s - b2) + (e - b2) + el;
    tailHi = s;
  }
  tailScratch[0] = tailHi;
  tailScratch[1] = tailLo;
  // R = (S0 + S1 + SL0 + SL1 + tail) − 3: the lanes started at 1 each, and the maximum contributed 1.
  let hi = sums[0] as number;
  let lo = 0;
  for (let k = 0; k < 6; k++) {
    const v = k === 0 ? -3 : k < 4 ? (sums[k] as number) : (tailScratch[k - 4] as number);
    const s = hi + v;
    const bb = s - hi;
    lo += hi - (s - bb) + (v - bb);
    hi = s;
  }
  const r = hi + lo;
  const rLo = lo - (r - hi);
  accurateLog1p(r, rLo, logScratch);
  const stats: RowStats = { xMax: m, maxHi: m, maxLo: 0, r, rLo, logSHi: logScratch[0] as number, logSLo: logScratch[1] as number };
  if (kind === 'softmax' && out !== undefined) {
    // 1/S as a double-double qh + ql (S = 1 + R): p_i = e_i·qh + e_i·ql is within ~1 ulp of
    // e_i/S, and with e_i's own rounding (≤ 1 ulp-equivalent) and S's (~0.2) within 3 ulp.
    const sh = 1 + r;
    const sLo = (r > 1 ? 1 - (sh - r) : r - (sh - 1)) + rLo; // Fast2Sum, larger operand first
    const qh = 1 / sh;
    const p = sh * qh;
    const ql = (1 - p - twoProductLo(sh, qh, p) - sLo * qh) / sh;
    kernel.scale(DATA, vectors, qh, ql);
    out.set(view.subarray(0, n), outOffset);
  } else if (kind === 'log' && out !== undefined) {
    kernel.logsoft(DATA, vectors, -m, stats.logSHi, stats.logSLo);
    out.set(view.subarray(0, n), outOffset);
  }
  return stats;
}
