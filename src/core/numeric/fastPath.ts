/**
 * Dispatch of plain rows (no temperature, no mask, n ≥ `FAST_MIN`) to the WebAssembly SIMD kernel;
 * `undefined` means "use the portable JavaScript loop" (kernel unavailable, or a NaN/±∞ row whose
 * special rules the JavaScript path applies).
 */
import { accurateLog1p } from './expAccurate';
import type { RowStats } from './softmax';
import { DATA_BASE, loadKernel, type Kernel } from './wasmKernel';

export type FastRowKind = 'lse' | 'softmax' | 'log';

/** Below this the call overhead outweighs the vector loop. */
export const FAST_MIN = 64;
const DATA = DATA_BASE;
const logScratch = new Float64Array(2);

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
    sums = new Float64Array(viewBuffer, 0, 4);
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
  view.fill(-Infinity, n, padded);
  const vectors = padded >> 1;
  const m = kernel.max(DATA, vectors);
  if (!Number.isFinite(m)) return undefined; // NaN, +∞ or all −∞: the JavaScript path applies the rules
  kernel.expsum(DATA, vectors, -m, kind === 'softmax' ? 1 : 0);
  // R = (S0 + S1 + SL0 + SL1) − 3: the lanes started at 1 each, and the maximum contributed 1.
  let hi = sums[0] as number;
  let lo = 0;
  for (let k = 0; k < 4; k++) {
    const v = k === 0 ? -3 : (sums[k] as number);
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
    const s = 1 + r + rLo;
    kernel.scale(DATA, vectors, s);
    out.set(view.subarray(0, n), outOffset);
  } else if (kind === 'log' && out !== undefined) {
    kernel.logsoft(DATA, vectors, -m, stats.logSHi, stats.logSLo);
    out.set(view.subarray(0, n), outOffset);
  }
  return stats;
}
