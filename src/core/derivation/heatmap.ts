import { plainNumber } from './format';
import { text } from './texts';
import type { HeatmapGrid, Locale } from './types';

/** First index of block `k` when `n` indices are split into `size` nearly equal blocks. */
export function blockStart(k: number, n: number, size: number): number {
  return Math.floor((k * n) / size);
}

/** The block (heatmap row/column) that index `i` falls into; inverse of `blockStart`. */
export function blockOf(i: number, n: number, size: number): number {
  // floor((k·n)/size) ≤ i  ⇔  k ≤ (i·size + size − 1)/n … the search below avoids rounding doubts.
  let k = Math.min(size - 1, Math.floor((i * size) / n));
  while (k > 0 && blockStart(k, n, size) > i) k--;
  while (k < size - 1 && blockStart(k + 1, n, size) <= i) k++;
  return k;
}

/**
 * The softmax Jacobian `J = (diag(s) − s sᵀ) / T` as a heatmap grid of at most `limit` cells per
 * side, computed from `s` alone in O(n + size²) — a dense J would be n² (10¹⁰ numbers for n = 10⁵).
 *
 * Per block the extreme entry is known in closed form:
 * - off-diagonal block (rows I, columns K disjoint): every entry is `−s_i s_k / T ≤ 0`, the most
 *   negative is `−max_I s · max_K s / T`; the mean is `−(Σ_I s)(Σ_K s) / (|I||K| T)`.
 * - diagonal block (I = K): the diagonal `s_i(1 − s_i)/T ≥ 0` peaks at the i maximising it, the
 *   off-diagonal `−s_i s_k/T` bottoms out at the two largest s in the block; the cell keeps whichever
 *   has the larger magnitude. The mean is `(Σ_I s − (Σ_I s)²) / (|I|² T)`.
 * With size = n every block is one index and the cell is the exact entry.
 */
export function jacobianHeatmap(s: ArrayLike<number>, temperature: number, limit: number): HeatmapGrid {
  const n = s.length;
  const size = Math.max(0, Math.min(n, Math.max(1, Math.floor(limit))));
  const invT = 1 / temperature;
  const sums = new Float64Array(size);
  const top1 = new Int32Array(size).fill(-1);
  const top2 = new Int32Array(size).fill(-1);
  const diagBest = new Int32Array(size).fill(-1);
  const counts = new Int32Array(size);
  for (let k = 0; k < size; k++) {
    const start = blockStart(k, n, size);
    const end = blockStart(k + 1, n, size);
    counts[k] = end - start;
    let sum = 0;
    let a = -1;
    let b = -1;
    let d = -1;
    let dValue = -Infinity;
    for (let i = start; i < end; i++) {
      const v = s[i] ?? 0;
      sum += v;
      if (a < 0 || v > (s[a] ?? 0)) {
        b = a;
        a = i;
      } else if (b < 0 || v > (s[b] ?? 0)) {
        b = i;
      }
      const dv = v * (1 - v);
      if (dv > dValue) {
        dValue = dv;
        d = i;
      }
    }
    sums[k] = sum;
    top1[k] = a;
    top2[k] = b;
    diagBest[k] = d;
  }
  const values = new Float64Array(size * size);
  const means = new Float64Array(size * size);
  const rowOf = new Int32Array(size * size);
  const colOf = new Int32Array(size * size);
  let maxAbs = 0;
  for (let r = 0; r < size; r++) {
    const ar = top1[r] ?? 0;
    const sr = s[ar] ?? 0;
    const sumR = sums[r] ?? 0;
    const countR = counts[r] ?? 1;
    for (let c = 0; c < size; c++) {
      const cell = r * size + c;
      let value: number;
      let row: number;
      let col: number;
      if (r !== c) {
        const ac = top1[c] ?? 0;
        value = -sr * (s[ac] ?? 0) * invT;
        row = ar;
        col = ac;
        means[cell] = (-sumR * (sums[c] ?? 0) * invT) / (countR * (counts[c] ?? 1));
      } else {
        const d = diagBest[r] ?? 0;
        const sd = s[d] ?? 0;
        const diagonal = sd * (1 - sd) * invT;
        value = diagonal;
        row = d;
        col = d;
        const b = top2[r] ?? -1;
        if (b >= 0) {
          const off = -sr * (s[b] ?? 0) * invT;
          if (Math.abs(off) > Math.abs(diagonal)) {
            value = off;
            row = ar;
            col = b;
          }
        }
        means[cell] = ((sumR - sumR * sumR) * invT) / (countR * countR);
      }
      values[cell] = value;
      rowOf[cell] = row;
      colOf[cell] = col;
      const m = Math.abs(value);
      if (m > maxAbs) maxAbs = m;
    }
  }
  return { n, size, downsampled: size < n, values, means, rowOf, colOf, maxAbs };
}

/** The hover text of a cell: its entry, or for a block its range, extreme entry and mean. */
export function describeHeatmapCell(grid: HeatmapGrid, cell: number, locale: Locale, digits: number): string {
  const r = Math.floor(cell / grid.size);
  const c = cell % grid.size;
  const value = plainNumber(grid.values[cell] ?? NaN, digits);
  if (!grid.downsampled) return text(locale, 'ui.cell', grid.rowOf[cell] ?? r, grid.colOf[cell] ?? c, value);
  const r0 = blockStart(r, grid.n, grid.size);
  const r1 = blockStart(r + 1, grid.n, grid.size) - 1;
  const c0 = blockStart(c, grid.n, grid.size);
  const c1 = blockStart(c + 1, grid.n, grid.size) - 1;
  const range = (a: number, b: number): string => (a === b ? String(a) : `${a}–${b}`);
  return text(locale, 'ui.cellBlock', range(r0, r1), range(c0, c1), grid.rowOf[cell] ?? r0, grid.colOf[cell] ?? c0, value, plainNumber(grid.means[cell] ?? NaN, digits));
}
