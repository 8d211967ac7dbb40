/**
 * A WebAssembly SIMD (f64x2) kernel for the hot loops of softmax / log-softmax / log-sum-exp,
 * emitted as bytes from this file (no toolchain), compiled once, lazily.
 *
 * Passes over a row copied into the kernel's memory: `max` (and the minimum, which picks the variant
 * of the next pass), `expsum` — the shift $d = x - m$ with its TwoSum error and the table-driven
 * exponential of `expTable.ts`, its result kept as a + small and summed to ~0.02 u (Fast2Sum into S,
 * the rest plainly into SL) and optionally stored — then `scale` (multiplication by a double-double
 * 1/S) or `logsoft`. The loop costs ~75 x86 instructions per two elements (V8, SSE/AVX-128, no FMA
 * in WebAssembly SIMD 1.0); measured, its speed follows the instruction count, not the compiler tier,
 * unrolling or the latency of one iteration.
 *
 * If WebAssembly or its SIMD proposal is missing, or compilation is refused (a webview CSP without
 * 'wasm-unsafe-eval'), `loadKernel()` returns `undefined` and the caller silently keeps the
 * JavaScript loop.
 *
 * The module is about 1.9 KB: Chromium refuses synchronous `new WebAssembly.Module` above 4 KB on a
 * page's main thread (a webview), so it must stay small (a unit test checks).
 *
 * Memory layout: bytes [0, 40) the two-lane sums and the minimum, [64, 1024) the vector constants,
 * [1024, DATA_BASE) the table (hi, lo) pairs; the row starts at `DATA_BASE`.
 */
import { expTable, LN2N_HI, LN2N_LO, N_OVER_LN2, POLY_DEGREE, TABLE, TABLE_BITS, TABLE_N } from './expTable';

export { expTable };

// ---- a minimal assembler ----
function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vec<T>(items: T[], encode: (item: T) => number[]): number[] {
  return [...uleb(items.length), ...items.flatMap(encode)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const tee = (i: number): number[] => [0x22, ...uleb(i)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm];
const MEMARG16 = [4, 0]; // align 2^4, offset 0
const MEMARG8 = [3, 0];

const op = {
  load: simd(0x00, ...MEMARG16),
  store: simd(0x0b, ...MEMARG16),
  splatF64: simd(0x14),
  lane: (i: number) => simd(0x21, i),
  i32Lane: (i: number) => simd(0x1b, i),
  /** v128.load at (address on the stack) + offset */
  loadAt: (offset: number) => simd(0x00, 4, ...uleb(offset)),
  storeAt: (offset: number) => simd(0x0b, 4, ...uleb(offset)),
  /** f64 lanes (i, j) of the concatenation of two vectors (0, 1 first; 2, 3 second) */
  shuffle64: (i: number, j: number) => [0xfd, 0x0d, ...[i, j].flatMap((l) => Array.from({ length: 8 }, (_, b) => 8 * l + b))],
  eq: simd(0x47),
  ne: simd(0x48),
  lt: simd(0x49),
  and: simd(0x4e),
  andnot: simd(0x4f),
  or: simd(0x50),
  bitselect: simd(0x52),
  anyTrue: simd(0x53),
  i64ShrS: simd(0xcc),
  i64Shl: simd(0xcb),
  i64Add: simd(0xce),
  i64Sub: simd(0xd1),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
  pmin: simd(0xf6),
  pmax: simd(0xf7),
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  f64Store: [0x39, ...MEMARG8],
};

/**
 * Vector constants live in the kernel's memory (bytes [CONST_BASE, DATA_BASE)), one 16-byte slot
 * each, written once after instantiation: a `v128.load` from a fixed address is one instruction,
 * where `f64.const` + `splat` inside the loop would be rebuilt on every iteration.
 */
const CONST_BASE = 64;
/** The exponential's table 2^{j/N}, j = 0 … N − 1, as (hi, lo) pairs from byte TABLE_BASE on. */
const TABLE_BASE = 1024;
export const DATA_BASE = TABLE_BASE + 16 * TABLE_N;
/** Vectors per iteration of `expsum`: it handles ⌊nv / EXPSUM_UNROLL⌋·EXPSUM_UNROLL of them. */
export const EXPSUM_UNROLL = 1; // 2 and 4 were measured: no gain (the loop is bound by its ~75 instructions per vector, not by overhead)
const constSlots = new Map<string, { bits: bigint; slot: number }>();
function slotFor(bits: bigint): number[] {
  const key = bits.toString();
  let entry = constSlots.get(key);
  if (entry === undefined) {
    entry = { bits, slot: CONST_BASE + 16 * constSlots.size };
    if (entry.slot + 16 > TABLE_BASE) throw new Error('wasmKernel: constant pool overflow'); // build-time invariant, not user input
    constSlots.set(key, entry);
  }
  return [...i32c(0), ...simd(0x00, 4, ...uleb(entry.slot))];
}
const f64Bits = new BigInt64Array(new Float64Array(1).buffer);
const f64View = new Float64Array(f64Bits.buffer);
/** Both lanes = the double x (from the constant pool). */
const vconst = (x: number): number[] => {
  f64View[0] = x;
  return slotFor(f64Bits[0] as bigint);
};
/** Both lanes = the 64-bit integer v (from the constant pool). */
const vconstI64 = (v: bigint): number[] => slotFor(BigInt.asIntN(64, v));
/** The 8 little-endian bytes of the double x (for `f64.const`). */
const f64Bytes = (x: number): number[] => Array.from(new Uint8Array(new Float64Array([x]).buffer));



const ROUND_MAGIC = 6755399441055744; // 1.5·2^52
const MAGIC_BITS = 0x4338000000000000n; // bit pattern of ROUND_MAGIC

/** Loop skeleton: for (ptr; ptr < end; ptr += stride) body. `ptrLocal`, `endLocal` are i32 locals. */
function loop(ptrLocal: number, endLocal: number, stride: number, body: number[]): number[] {
  return [
    ...op.block,
    ...op.loop,
    ...get(ptrLocal), ...get(endLocal), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...get(ptrLocal), ...i32c(stride), ...op.i32Add, ...set(ptrLocal),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

// ---- function bodies ----
// Each exported function takes (ptr: i32, count: i32 (number of 16-byte vectors), …).

/**
 * max(ptr, nv) → f64: the maximum, or NaN when any element is NaN; the minimum goes to bytes [32, 40). Four `pmax` accumulators (one
 * instruction each, where `f64x2.max` with its NaN and ±0 rules costs several) and a NaN flag
 * (`x ≠ x`, or-ed), so the pass stays bound by memory; nv is a multiple of 4.
 */
function maxBody(): { locals: number[]; code: number[] } {
  // params 0 ptr, 1 nv; locals 2 end (i32), 3..6 accumulators, 7 NaN flags, 8 x (v128)
  const acc = (a: number, offset: number): number[] => [
    ...get(0), ...op.loadAt(offset), ...tee(8),
    ...get(a), ...op.pmax, ...set(a),
    ...get(7), ...get(8), ...get(8), ...op.ne, ...op.or, ...set(7),
    ...get(8), ...get(a === 3 || a === 5 ? 9 : 10), ...op.pmin, ...set(a === 3 || a === 5 ? 9 : 10),
  ];
  const code = [
    ...get(0), ...get(1), ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(2),
    ...vconst(-Infinity), ...tee(3), ...tee(4), ...tee(5), ...set(6),
    ...vconst(0), ...set(7),
    ...vconst(Infinity), ...tee(9), ...set(10),
    ...loop(0, 2, 64, [...acc(3, 0), ...acc(4, 16), ...acc(5, 32), ...acc(6, 48)]),
    // the minimum (NaN-blind) to bytes [32, 40): the caller picks the kernel without the subnormal branch when it is > m − 708
    ...i32c(32), ...get(9), ...get(10), ...op.pmin, ...tee(9), ...op.lane(0), ...get(9), ...op.lane(1), 0xa4, ...op.f64Store,
    // select(NaN, max, any NaN seen); pmax(a, b) = a < b ? b : a, and −∞ (the start) loses to all but −∞
    0x44, ...f64Bytes(NaN),
    ...get(4), ...get(3), ...op.pmax, ...get(6), ...get(5), ...op.pmax, ...op.pmax, ...tee(3),
    ...op.lane(0), ...get(3), ...op.lane(1), 0xa5, // f64.max of the two lanes
    ...get(7), ...op.anyTrue,
    0x1b, // select
  ];
  return { locals: [1, I32, 8, V128], code };
}

/**
 * expsum(ptr, nv, negm, lowx, store): e_i = exp(x_i − m) as a + small (|small| ≲ u·a); when
 * store ≠ 0 writes fl(a + small) over x_i. Accumulates Σ a with Fast2Sum (the lanes start at 1, so
 * |S| ≥ |a|) and Σ (Fast2Sum errors + small) plainly: those terms are all ≲ u·S, so the plain sum's
 * own rounding is ~n·u² S, negligible. Writes S to bytes [0, 16) and SL to [16, 32). `lowx`
 * (= m − 1024, checked by the caller) replaces anything below it, −∞ included, so x − m stays finite
 * and ≤ −746 there (e^−746 rounds to 0).
 *
 * Table-driven: d = x − m = dh + dl exactly (TwoSum), k = round(d·N/ln 2), j = k mod N,
 * q = ⌊k/N⌋, r = d − k·ln2/N (Cody–Waite, |r| ≤ ln 2/(2N)), and
 * $e^d = 2^q\,T_j\,e^r$ with $T_j = 2^{j/N} = T_{hi} + T_{lo}$ from a table in memory and
 * $e^r - 1 = r + r^2 Q(r)$ (Taylor, `POLY_DEGREE`). With N = 512, |r| ≤ 0.00068, degree 4: the
 * truncation is < 1.2e−18 and every rounding inside the polynomial is scaled by |e^r − 1| ≤ 0.0007,
 * so a + small is within ~0.02 u of e^d. (The former table-free kernel needed degree 13 and a
 * normalisation per element; this has ~40% fewer instructions.)
 */
function expsumBody(deep: boolean): { locals: number[]; code: number[] } {
  // params: 0 ptr, 1 nv, 2 negm (f64), 3 lowx (f64), 4 store (i32); locals: 5 end (i32), then v128:
  // 6..9 shared, PER_VECTOR for each of the EXPSUM_UNROLL vectors of an iteration, then hoisted constants
  const [S, SL, NEGM, LOWX] = [6, 7, 8, 9];
  const PER_VECTOR = 15;
  const FIRST_HOISTED = 10 + PER_VECTOR * EXPSUM_UNROLL;
  const END = 5;
  // Constants of the hot path in locals, set once before the loop (V8 keeps what fits in registers).
  const hoisted = new Map<string, { local: number; init: number[] }>();
  const H = (code: number[]): number[] => {
    const key = code.join(',');
    let h = hoisted.get(key);
    if (h === undefined) {
      h = { local: FIRST_HOISTED + hoisted.size, init: code };
      hoisted.set(key, h);
    }
    return get(h.local);
  };
  const c = (x: number): number[] => H(vconst(x));
  const ci = (v: bigint): number[] => H(vconstI64(v));
  /** The code for the vector at ptr + offset, its temporaries in locals base … base + PER_VECTOR − 1. */
  const vectorCode = (offset: number, base: number): number[] => {
    const [X, DH, DL, BB, KF, K, R, R2, P, A, TL, SC, T, TH, V0] = Array.from({ length: PER_VECTOR }, (_, i) => base + i) as [
      number, number, number, number, number, number, number, number, number, number, number, number, number, number, number,
    ];
    const shift = [
      ...get(LOWX), ...get(0), ...op.loadAt(offset), ...op.pmax, ...tee(X), // pmax(lowx, x) = lowx < x ? x : lowx
      ...get(NEGM), ...op.add, ...tee(DH),
      ...get(X), ...op.sub, ...set(BB),
      ...get(X), ...get(DH), ...get(BB), ...op.sub, ...op.sub, ...get(NEGM), ...get(BB), ...op.sub, ...op.add, ...set(DL),
    ];
    const reduce = [
      // k = round(dh·N/ln 2) via the 1.5·2^52 trick: the bits of kf are MAGIC_BITS + k
      ...get(DH), ...c(N_OVER_LN2), ...op.mul, ...c(ROUND_MAGIC), ...op.add, ...tee(KF),
      ...c(ROUND_MAGIC), ...op.sub, ...set(K),
      // r = (dh − k·L_hi) + (dl − k·L_lo); k·L_hi is exact (|k| < 2^19, L_hi has 34 bits) and so is the difference (Sterbenz)
      ...get(DH), ...get(K), ...c(LN2N_HI), ...op.mul, ...op.sub,
      ...get(DL), ...get(K), ...c(LN2N_LO), ...op.mul, ...op.sub,
      ...op.add, ...tee(R), ...get(R), ...op.mul, ...set(R2),
    ];
    // P = e^r − 1 = r + r²·Q(r), Q = (c2 + c3 r) [+ r²·c4 | + r²(c4 + c5 r)] by degree
    const q01 = [...c(1 / 2), ...get(R), ...c(1 / 6), ...op.mul, ...op.add];
    const q = POLY_DEGREE === 3 ? q01
      : POLY_DEGREE === 4 ? [...q01, ...get(R2), ...c(1 / 24), ...op.mul, ...op.add]
      : [...q01, ...get(R2), ...c(1 / 24), ...get(R), ...c(1 / 120), ...op.mul, ...op.add, ...op.mul, ...op.add];
    const poly = [...q, ...get(R2), ...op.mul, ...get(R), ...op.add, ...set(P)];
    // (T_hi, T_lo) pairs at TABLE_BASE + 16 j, gathered lane by lane and transposed
    const lookup = [
      ...get(KF), ...ci(BigInt(TABLE_N - 1)), ...op.and, ...i32c(4), ...op.i64Shl, ...tee(T),
      ...op.i32Lane(0), ...op.loadAt(TABLE_BASE), ...set(V0),
      ...get(T), ...op.i32Lane(2), ...op.loadAt(TABLE_BASE), ...set(T),
      ...get(V0), ...get(T), ...op.shuffle64(0, 2), ...set(TH),
      // a = fl(T_hi·(1 + P)) and small = its Fast2Sum error + T_lo (T_lo·P < 0.002 u is dropped)
      ...get(TH), ...get(P), ...op.mul, ...tee(P),
      ...get(TH), ...op.add, ...tee(A),
      ...get(P), ...get(A), ...get(TH), ...op.sub, ...op.sub,
      ...get(V0), ...get(T), ...op.shuffle64(1, 3), ...op.add, ...set(TL),
      // 2^q for q ≥ −1022: bits ((k << (52 − log2 N)) with the j bits cleared) + bits(1)
      ...get(KF), ...i32c(52 - TABLE_BITS), ...op.i64Shl, ...ci(-(1n << 52n)), ...op.and,
      ...ci(1023n << 52n), ...op.i64Add, ...set(SC),
    ];
    const normalScale = [...get(A), ...get(SC), ...op.mul, ...set(A), ...get(TL), ...get(SC), ...op.mul, ...set(TL)];
    const scale = !deep ? normalScale : [
      // below 2^−1022 (dh < −708): the lanes there are scaled in two steps and rounded once
      ...get(DH), ...vconst(-708), ...op.lt, ...tee(V0), ...op.anyTrue,
      ...op.if,
      // q as i64 = (kf_bits − MAGIC_BITS) >> log2 N; k1 = q >> 1; k2 = q − k1
      ...get(KF), ...vconstI64(MAGIC_BITS), ...op.i64Sub, ...i32c(TABLE_BITS), ...op.i64ShrS, ...tee(T),
      ...i32c(1), ...op.i64ShrS, ...tee(K), // k1
      ...vconstI64(1023n), ...op.i64Add, ...i32c(52), ...op.i64Shl, ...set(BB), // 2^k1
      ...get(T), ...get(K), ...op.i64Sub, ...tee(T), // k2
      ...vconstI64(1023n), ...op.i64Add, ...i32c(52), ...op.i64Shl, ...set(K), // 2^k2
      ...vconstI64(1023n), ...get(T), ...op.i64Sub, ...i32c(52), ...op.i64Shl, ...set(T), // 2^−k2
      // H = (a + small)·2^k1 (normal); L its remainder; hs = H·2^k2 rounded onto the subnormal grid;
      // then what that rounding lost is added back, so the result is rounded once
      ...get(A), ...get(TL), ...op.add, ...get(BB), ...op.mul, ...set(R), // H
      ...get(A), ...get(R), ...get(BB), ...op.div, ...op.sub, ...get(TL), ...op.add, ...get(BB), ...op.mul, ...set(R2), // L
      ...get(R), ...get(K), ...op.mul, ...set(BB), // hs
      ...get(BB),
      ...get(R), ...get(BB), ...get(T), ...op.mul, ...op.sub, ...get(R2), ...op.add, ...get(K), ...op.mul,
      ...op.add, // the once-rounded value
      ...get(A), ...get(SC), ...op.mul, // the normal-range value
      ...get(V0), ...op.bitselect, ...set(A),
      ...get(TL), ...get(SC), ...op.mul, ...get(V0), ...op.andnot, ...set(TL),
      ...op.else,
      ...normalScale,
      ...op.end,
    ];
    const storeAndSum = [
      ...get(4),
      ...op.if,
      ...get(0), ...get(A), ...get(TL), ...op.add, ...op.storeAt(offset),
      ...op.end,
      ...get(S), ...get(A), ...op.add, ...set(T),
      ...get(SL), ...get(A), ...get(T), ...get(S), ...op.sub, ...op.sub, ...get(TL), ...op.add, ...op.add, ...set(SL),
      ...get(T), ...set(S),
    ];
    return [...shift, ...reduce, ...poly, ...lookup, ...scale, ...storeAndSum];
  };
  const loopBody = Array.from({ length: EXPSUM_UNROLL }, (_, u) => vectorCode(16 * u, 10 + PER_VECTOR * u)).flat();
  const code = [
    // end = ptr + 16·(nv rounded down to a multiple of EXPSUM_UNROLL); the caller does the rest
    ...get(0), ...get(1), ...i32c(-EXPSUM_UNROLL), ...op.i32And, ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(END),
    ...get(2), ...op.splatF64, ...set(NEGM),
    ...get(3), ...op.splatF64, ...set(LOWX),
    ...vconst(1), ...set(S),
    ...vconst(0), ...set(SL),
    ...[...hoisted.values()].flatMap((h) => [...h.init, ...set(h.local)]),
    ...loop(0, END, 16 * EXPSUM_UNROLL, loopBody),
    ...i32c(0), ...get(S), ...op.store,
    ...i32c(16), ...get(SL), ...op.store,
  ];
  return { locals: [1, I32, FIRST_HOISTED - 6 + hoisted.size, V128], code };
}

/**
 * scale(ptr, nv, qh, ql): x_i ← x_i·qh + x_i·ql with qh + ql = 1/S to ~u² (a double-double
 * reciprocal). Error: ≤ ½ ulp for fl(x·qh), ≤ ½ ulp more for the final addition, so ≤ 1 ulp + tiny,
 * against ½ ulp for a true division — and 3 cheap instructions instead of `f64x2.div`.
 */
function scaleBody(): { locals: number[]; code: number[] } {
  // params 0 ptr, 1 nv, 2 qh, 3 ql; locals 4 end, 5 qh v, 6 ql v, 7 x
  const code = [
    ...get(0), ...get(1), ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(4),
    ...get(2), ...op.splatF64, ...set(5),
    ...get(3), ...op.splatF64, ...set(6),
    ...loop(0, 4, 16, [
      ...get(0),
      ...get(0), ...op.load, ...tee(7), ...get(5), ...op.mul, ...get(7), ...get(6), ...op.mul, ...op.add,
      ...op.store,
    ]),
  ];
  return { locals: [1, I32, 3, V128], code };
}

/**
 * logsoft(ptr, nv, negm, lHi, lLo): x_i ← (x_i − m) − (lHi + lLo) in double-double, rounded once;
 * −∞ stays −∞.
 */
function logsoftBody(): { locals: number[]; code: number[] } {
  // params 0 ptr, 1 nv, 2 negm, 3 lHi, 4 lLo; locals 5 end, 6 x, 7 dh, 8 dl, 9 bb, 10 sh, 11 negm v, 12 negLhi v, 13 lLo v
  const [END, X, DH, DL, BB, SH, NM, NL, LL] = [5, 6, 7, 8, 9, 10, 11, 12, 13];
  const body = [
    ...get(0), ...op.load, ...set(X),
    ...get(X), ...get(NM), ...op.add, ...set(DH),
    ...get(DH), ...get(X), ...op.sub, ...set(BB),
    ...get(X), ...get(DH), ...get(BB), ...op.sub, ...op.sub, ...get(NM), ...get(BB), ...op.sub, ...op.add, ...set(DL),
    // sh = dh − lHi; err = (dh − (sh − b2)) + (−lHi − b2) with b2 = sh − dh
    ...get(DH), ...get(NL), ...op.add, ...set(SH),
    ...get(SH), ...get(DH), ...op.sub, ...set(BB),
    ...get(0),
    ...get(DH), // value if x = −∞
    ...get(SH),
    ...get(DH), ...get(SH), ...get(BB), ...op.sub, ...op.sub, ...get(NL), ...get(BB), ...op.sub, ...op.add, // err
    ...get(DL), ...op.add, ...get(LL), ...op.sub,
    ...op.add, // sh + (err + dl − lLo)
    ...get(DH), ...vconst(-Infinity), ...op.eq, // mask: x − m = −∞
    ...op.bitselect,
    ...op.store,
  ];
  const code = [
    ...get(0), ...get(1), ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(END),
    ...get(2), ...op.splatF64, ...set(NM),
    ...get(3), ...op.splatF64, ...vconst(-1), ...op.mul, ...set(NL),
    ...get(4), ...op.splatF64, ...set(LL),
    ...loop(0, END, 16, body),
  ];
  return { locals: [1, I32, 8, V128], code };
}

function buildModule(): Uint8Array {
  const types = [
    { params: [I32, I32], results: [F64] }, // max
    { params: [I32, I32, F64, F64, I32], results: [] }, // expsum, expsumDeep
    { params: [I32, I32, F64, F64], results: [] }, // scale
    { params: [I32, I32, F64, F64, F64], results: [] }, // logsoft
  ];
  const bodies = [maxBody(), expsumBody(false), expsumBody(true), scaleBody(), logsoftBody()];
  const names = ['max', 'expsum', 'expsumDeep', 'scale', 'logsoft'];
  const typeSection = section(1, vec(types, (t) => [0x60, ...vec(t.params, (p) => [p]), ...vec(t.results, (r) => [r])]));
  const funcSection = section(3, vec([0, 1, 1, 2, 3], (i) => uleb(i)));
  const memSection = section(5, vec([Math.ceil(DATA_BASE / 65536) + 1], (min) => [0x00, ...uleb(min)]));
  const exportSection = section(
    7,
    vec([...names.map((name, i) => ({ name, kind: 0, index: i })), { name: 'memory', kind: 2, index: 0 }], (e) => [
      ...vec(Array.from(new TextEncoder().encode(e.name)), (b) => [b]),
      e.kind,
      ...uleb(e.index),
    ]),
  );
  const codeSection = section(
    10,
    vec(bodies, (b) => {
      const groups: number[][] = [];
      for (let i = 0; i < b.locals.length; i += 2) groups.push([...uleb(b.locals[i] as number), b.locals[i + 1] as number]);
      const fn = [...uleb(groups.length), ...groups.flat(), ...b.code, ...op.end];
      return [...uleb(fn.length), ...fn];
    }),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...typeSection, ...funcSection, ...memSection, ...exportSection, ...codeSection]);
}

export interface Kernel {
  max(ptr: number, nv: number): number;
  /** For rows whose minimum is above m − 708 (no subnormal exponentials): no per-vector test. */
  expsum(ptr: number, nv: number, negm: number, lowx: number, store: number): void;
  /** Any row: lanes below e^−708 are scaled in two steps and rounded once. */
  expsumDeep(ptr: number, nv: number, negm: number, lowx: number, store: number): void;
  scale(ptr: number, nv: number, qh: number, ql: number): void;
  logsoft(ptr: number, nv: number, negm: number, lHi: number, lLo: number): void;
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let cached: Kernel | null | undefined;

/** The compiled kernel, or undefined when WebAssembly SIMD is unavailable or compilation is refused. */
export function loadKernel(): Kernel | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
    if (wasm === undefined) return undefined;
    const instance = new wasm.Instance(new wasm.Module(buildModule()), {});
    const kernel = instance.exports as unknown as Kernel;
    const pool = new BigInt64Array(kernel.memory.buffer, 0, DATA_BASE / 8);
    for (const { bits, slot } of constSlots.values()) {
      pool[slot / 8] = bits;
      pool[slot / 8 + 1] = bits;
    }
    new Float64Array(kernel.memory.buffer, TABLE_BASE, 2 * TABLE_N).set(TABLE);
    cached = kernel;
  } catch (_error) {
    cached = null; // no SIMD, or a CSP without 'wasm-unsafe-eval': the JavaScript path takes over
  }
  return cached ?? undefined;
}

/** For tests: the raw module bytes. */
export function kernelBytes(): Uint8Array {
  return buildModule();
}

/** For tests: force the JavaScript path (true) or re-enable the kernel (false). */
export function disableKernel(disabled: boolean): void {
  cached = disabled ? null : undefined;
}
