/**
 * The table-driven exponential shared by the WebAssembly kernel and the JavaScript loop of plain
 * rows: $e^d = 2^q \, T_j \, e^r$ with $k = \mathrm{round}(d N / \ln 2)$, $j = k \bmod N$,
 * $q = \lfloor k / N \rfloor$, $r = d - k \ln 2 / N$ (|r| ≤ ln 2/(2N) ≈ 0.00068 for N = 512), the
 * table $T_j = 2^{j/N}$ kept as a double-double (hi, lo), and $e^r - 1$ by its Taylor polynomial
 * (degree 4 in the kernel, truncation < 1.2e−18 ≈ 0.011 u; degree 5 in the JavaScript loop). Every
 * rounding inside the polynomial is scaled by $|e^r - 1|$, so
 * the result carries ~0.01 u of error as an unevaluated sum a + small — a fraction of what a
 * table-free polynomial of degree 13 leaves, at about half the operations.
 */
import { ddExpOf, ddMul, LN2_DD_LO } from './doubleDouble';

export const TABLE_BITS = 9;
export const TABLE_N = 1 << TABLE_BITS;
/**
 * Degree of the kernel's polynomial for e^r − 1: the smallest with truncation r^{d+1}/(d+1)! below
 * ~0.02 u at |r| = ln 2/(2N) (N = 256: 5; 512–2048: 4; 4096: 3).
 */
export const POLY_DEGREE = TABLE_BITS >= 12 ? 3 : TABLE_BITS >= 9 ? 4 : 5;
/** Low bits cleared in LN2N_HI so that k·LN2N_HI is exact for |d| ≤ 1025: |k| < 2^K_BITS. */
const K_BITS = Math.ceil(Math.log2((1025 * TABLE_N) / Math.LN2));

/**
 * ln 2 / N split Cody–Waite style: `LN2N_HI` keeps 53 − K_BITS significant bits, so k·`LN2N_HI` is exact for
 * |k| < 2^K_BITS (|d| ≤ 1025 at N = 512: |k| < 2^20) and d − k·`LN2N_HI` is exact (Sterbenz);
 * `LN2N_LO` = ln 2/N − `LN2N_HI` to ~2^−87.
 */
export const LN2N_HI = (() => {
  const v = new Float64Array([Math.LN2 / TABLE_N]);
  const bits = new BigUint64Array(v.buffer);
  bits[0] = (bits[0] as bigint) & ~((1n << BigInt(K_BITS)) - 1n);
  return v[0] as number;
})();
export const LN2N_LO = (Math.LN2 - TABLE_N * LN2N_HI + LN2_DD_LO) / TABLE_N; // Math.LN2 − N·LN2N_HI is exact
export const N_OVER_LN2 = TABLE_N / Math.LN2;

/**
 * $2^{j/N}$ for j = 0 … N − 1 as interleaved (hi, lo) pairs: hi the nearest double, lo the rest to
 * ~1e−30 relative. Built as $2^{16a/N} \cdot 2^{b/N}$ (j = 16a + b) from 16 + N/16 double-double
 * exponentials of $j \ln 2 / N$ and one double-double product each, so it costs well under a
 * millisecond at load.
 */
export function expTable(): Float64Array {
  const pow = (j: number): [number, number] => ddExpOf(ddMul([j / TABLE_N, 0], [Math.LN2, LN2_DD_LO]));
  const fine = Array.from({ length: 16 }, (_, b) => pow(b));
  const t = new Float64Array(2 * TABLE_N);
  for (let a = 0; a < TABLE_N; a += 16) {
    const coarse = pow(a);
    for (let b = 0; b < 16; b++) {
      const [hi, lo] = ddMul(coarse, fine[b] as [number, number]);
      const s = hi + lo;
      t[2 * (a + b)] = s;
      t[2 * (a + b) + 1] = lo - (s - hi);
    }
  }
  return t;
}

/** The table, (hi, lo) at [2j, 2j + 1]. */
export const TABLE = expTable();
export const TABLE_MASK = TABLE_N - 1;
/** 2^q for q = −1022 … 1023 at index q + 1022 (exact). */
export const POW2 = new Float64Array(2046);
for (let q = -1022; q <= 1023; q++) POW2[q + 1022] = 2 ** q;
