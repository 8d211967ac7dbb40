/**
 * A WebAssembly SIMD (f64x2) kernel for the hot loops of softmax / log-softmax / log-sum-exp,
 * emitted as bytes from this file (no toolchain), compiled once, lazily.
 *
 * It follows the JavaScript path (`expAccurate.ts`) two lanes at a time: the shift $d = x - m$ with
 * its TwoSum error, the Cody–Waite reduction, the degree-13 polynomial (here as a shallow r⁴/r⁸ tree,
 * since the loop is bound by latency and instruction count), and a sum accurate to ~0.1 u — here
 * $e^r$ is kept as $a + \text{small}$ with $a = 1 + r_{hi}$, a Fast2Sum puts $a$ into the running sum S
 * and a TwoSum-compensated SL collects the errors and the small parts, which costs fewer instructions
 * than normalising hi/lo per element. Stored exponentials are $\mathrm{fl}(a + \text{small})$.
 *
 * If WebAssembly or its SIMD proposal is missing, or compilation is refused (a webview CSP without
 * 'wasm-unsafe-eval'), `loadKernel()` returns `undefined` and the caller silently keeps the
 * JavaScript loop.
 *
 * The module is about 1.3 KB: Chromium refuses synchronous `new WebAssembly.Module` above 4 KB on a
 * page's main thread (a webview), so it must stay small (a unit test checks).
 *
 * Memory layout: bytes [0, 32) hold the two-lane sums, [64, 1024) the vector constants, data starts
 * at byte 1024 (`DATA_BASE`).
 */
import { EXP_COEFFS, INV_LN2, LN2_HI, LN2_LO } from './expAccurate';

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
  eq: simd(0x47),
  lt: simd(0x49),
  and: simd(0x4e),
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
  max: simd(0xf5),
  pmax: simd(0xf7),
  i32Add: [0x6a],
  i32Mul: [0x6c],
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
export const DATA_BASE = 1024;
const constSlots = new Map<string, { bits: bigint; slot: number }>();
function slotFor(bits: bigint): number[] {
  const key = bits.toString();
  let entry = constSlots.get(key);
  if (entry === undefined) {
    entry = { bits, slot: CONST_BASE + 16 * constSlots.size };
    if (entry.slot + 16 > DATA_BASE) throw new Error('wasmKernel: constant pool overflow'); // build-time invariant, not user input
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

/** max(ptr, nv) → f64: maximum with NaN propagation, four accumulators (nv is a multiple of 4). */
function maxBody(): { locals: number[]; code: number[] } {
  // params 0 ptr, 1 nv; locals 2 end, 3..6 accumulators
  const code = [
    ...get(0), ...get(1), ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(2),
    ...vconst(-Infinity), ...set(3),
    ...vconst(-Infinity), ...set(4),
    ...vconst(-Infinity), ...set(5),
    ...vconst(-Infinity), ...set(6),
    ...loop(0, 2, 64, [
      ...get(3), ...get(0), ...op.load, ...op.max, ...set(3),
      ...get(4), ...get(0), ...i32c(16), ...op.i32Add, ...op.load, ...op.max, ...set(4),
      ...get(5), ...get(0), ...i32c(32), ...op.i32Add, ...op.load, ...op.max, ...set(5),
      ...get(6), ...get(0), ...i32c(48), ...op.i32Add, ...op.load, ...op.max, ...set(6),
    ]),
    ...get(3), ...get(4), ...op.max, ...get(5), ...get(6), ...op.max, ...op.max, ...tee(3),
    ...op.lane(0), ...get(3), ...op.lane(1),
    0xa5, // f64.max
  ];
  return { locals: [1, I32, 4, V128].slice(0), code };
}

/**
 * expsum(ptr, nv, negm, store): e_i = exp(x_i − m) as hi + lo; when store ≠ 0 writes fl(hi + lo) over
 * x_i; accumulates Σ hi (lanes start at 1 so Fast2Sum is valid) and Σ (errors + lo). Writes the sum
 * vectors to bytes [0, 16) and [16, 32).
 */
function expsumBody(): { locals: number[]; code: number[] } {
  // params: 0 ptr, 1 nv, 2 negm (f64), 3 store (i32); locals: 4 end (i32), 5…26 v128
  const [X, DH, DL, BB, KF, K, RH, RL, R, R2, R4, R8, P, A, AE, TL, S, SL, COMP, NEGM, SC, T] = [
    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
  ];
  const END = 4;
  const c = EXP_COEFFS as readonly number[];
  const coef = (j: number): number[] => vconst(c[j - 2] as number);
  /** C_j + r·C_{j+1} */
  const pair = (j: number): number[] => [...coef(j), ...get(R), ...coef(j + 1), ...op.mul, ...op.add];
  /** pair(j) + r²·pair(j + 2) */
  const quad = (j: number): number[] => [...pair(j), ...get(R2), ...pair(j + 2), ...op.mul, ...op.add];
  const shift = [
    ...get(0), ...op.load, ...set(X),
    ...get(X), ...get(NEGM), ...op.add, ...set(DH),
    ...get(DH), ...get(X), ...op.sub, ...set(BB),
    ...get(X), ...get(DH), ...get(BB), ...op.sub, ...op.sub, ...get(NEGM), ...get(BB), ...op.sub, ...op.add, ...set(DL),
    ...get(DL), ...get(DL), ...get(DL), ...op.eq, ...op.and, ...set(DL), // x = −∞ gives NaN here: make it 0
    // clamp to −746 (e^−746 rounds to 0): pmax(−746, dh) = (−746 < dh) ? dh : −746 is one instruction
    ...vconst(-746), ...get(DH), ...op.pmax, ...set(DH),
  ];
  const reduce = [
    // k = round(dh / ln 2) via the 1.5·2^52 trick; kf keeps k in its low mantissa bits
    ...get(DH), ...vconst(INV_LN2), ...op.mul, ...vconst(ROUND_MAGIC), ...op.add, ...tee(KF),
    ...vconst(ROUND_MAGIC), ...op.sub, ...set(K),
    ...get(DH), ...get(K), ...vconst(LN2_HI), ...op.mul, ...op.sub, ...set(RH), // exact
    ...get(DL), ...get(K), ...vconst(LN2_LO), ...op.mul, ...op.sub, ...set(RL),
    ...get(RH), ...get(RL), ...op.add, ...set(R),
    ...get(R), ...get(R), ...op.mul, ...tee(R2), ...get(R2), ...op.mul, ...tee(R4), ...get(R4), ...op.mul, ...set(R8),
  ];
  // P = [C2..C5 part] + r⁴·[C6..C9 part] + r⁸·[C10..C13 part]: a shallow tree (latency, not op count, limits this loop)
  const poly = [...quad(2), ...get(R4), ...quad(6), ...op.mul, ...op.add, ...get(R8), ...quad(10), ...op.mul, ...op.add, ...set(P)];
  // e^r = a + (ae + tail) exactly up to the tail's rounding: a = 1 + rh, ae its TwoSum error, tail = rl + r²P
  const combine = [
    ...vconst(1), ...get(RH), ...op.add, ...set(A),
    ...get(RH), ...get(A), ...vconst(1), ...op.sub, ...op.sub, // ae
    ...get(RL), ...get(R2), ...get(P), ...op.mul, ...op.add, // tail
    ...op.add, ...set(TL),
  ];
  const I64_BIAS = MAGIC_BITS - 1023n; // kf_bits − MAGIC_BITS + 1023 = kf_bits − I64_BIAS
  const scale = [
    // normal results: a and the small part scaled exactly by 2^k; below 2^−1022 (dh < −708) one rounding
    ...get(DH), ...vconst(-708), ...op.lt, ...op.anyTrue,
    ...op.if,
    // k as i64 = kf_bits − MAGIC_BITS; k1 = k >> 1; k2 = k − k1
    ...get(KF), ...vconstI64(MAGIC_BITS), ...op.i64Sub, ...tee(T),
    ...i32c(1), ...op.i64ShrS, ...tee(SC), // k1
    ...vconstI64(1023n), ...op.i64Add, ...i32c(52), ...op.i64Shl, ...set(BB), // 2^k1
    ...get(T), ...get(SC), ...op.i64Sub, ...tee(T), // k2
    ...vconstI64(1023n), ...op.i64Add, ...i32c(52), ...op.i64Shl, ...set(SC), // 2^k2
    ...vconstI64(1023n), ...get(T), ...op.i64Sub, ...i32c(52), ...op.i64Shl, ...set(T), // 2^−k2
    // H = (a + small)·2^k1 (normal); hs = H·2^k2 rounded onto the subnormal grid; then add back what
    // that rounding lost, so the result is rounded once: a ← hs + ((H − hs·2^−k2) + L)·2^k2, small ← 0
    ...get(A), ...get(TL), ...op.add, ...get(BB), ...op.mul, ...set(RH), // H
    ...get(A), ...get(RH), ...get(BB), ...op.div, ...op.sub, ...get(TL), ...op.add, ...get(BB), ...op.mul, ...set(RL), // L
    ...get(RH), ...get(SC), ...op.mul, ...set(BB), // hs
    ...get(BB),
    ...get(RH), ...get(BB), ...get(T), ...op.mul, ...op.sub, ...get(RL), ...op.add, ...get(SC), ...op.mul,
    ...op.add, ...set(A),
    ...vconst(0), ...set(TL),
    ...op.else,
    ...get(KF), ...vconstI64(I64_BIAS), ...op.i64Sub, ...i32c(52), ...op.i64Shl, ...set(SC),
    ...get(A), ...get(SC), ...op.mul, ...set(A),
    ...get(TL), ...get(SC), ...op.mul, ...set(TL),
    ...op.end,
  ];
  const storeAndSum = [
    ...get(3), // store flag: e = fl(a + small)
    ...op.if,
    ...get(0), ...get(A), ...get(TL), ...op.add, ...op.store,
    ...op.end,
    // S, SL, COMP: Fast2Sum of a into S (S ≥ 1 and a < 2: S has the same or a larger exponent); its
    // error plus the small part (c) into SL with TwoSum, whose errors collect in COMP. S + SL + COMP is
    // the sum to ~0.1 u. (Kahan's compensation would put a 4-operation chain through the loop; with
    // TwoSum only the two additions into S and SL are carried from one iteration to the next.)
    ...get(S), ...get(A), ...op.add, ...set(T),
    ...get(A), ...get(T), ...get(S), ...op.sub, ...op.sub, ...get(TL), ...op.add, ...set(AE), // c = err + small
    ...get(T), ...set(S),
    ...get(SL), ...get(AE), ...op.add, ...set(T), // t = SL + c
    ...get(T), ...get(SL), ...op.sub, ...set(BB), // bp = t − SL
    ...get(COMP),
    ...get(SL), ...get(T), ...get(BB), ...op.sub, ...op.sub, // SL − (t − bp)
    ...get(AE), ...get(BB), ...op.sub, ...op.add, // + (c − bp)
    ...op.add, ...set(COMP),
    ...get(T), ...set(SL),
  ];
  const code = [
    ...get(0), ...get(1), ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(END),
    ...get(2), ...op.splatF64, ...set(NEGM),
    ...vconst(1), ...set(S),
    ...vconst(0), ...set(SL),
    ...vconst(0), ...set(COMP),
    ...loop(0, END, 16, [...shift, ...reduce, ...poly, ...combine, ...scale, ...storeAndSum]),
    ...i32c(0), ...get(S), ...op.store,
    ...i32c(16), ...get(SL), ...get(COMP), ...op.add, ...op.store,
  ];
  return { locals: [1, I32, 22, V128], code };
}

/** scale(ptr, nv, s): x_i ← x_i / s (a true division, as Blanchard, Higham & Higham recommend). */
function scaleBody(): { locals: number[]; code: number[] } {
  // params 0 ptr, 1 nv, 2 s; locals 3 end, 4 vs
  const code = [
    ...get(0), ...get(1), ...i32c(16), ...op.i32Mul, ...op.i32Add, ...set(3),
    ...get(2), ...op.splatF64, ...set(4),
    ...loop(0, 3, 16, [...get(0), ...get(0), ...op.load, ...get(4), ...op.div, ...op.store]),
  ];
  return { locals: [1, I32, 1, V128], code };
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
    { params: [I32, I32, F64, I32], results: [] }, // expsum
    { params: [I32, I32, F64], results: [] }, // scale
    { params: [I32, I32, F64, F64, F64], results: [] }, // logsoft
  ];
  const bodies = [maxBody(), expsumBody(), scaleBody(), logsoftBody()];
  const names = ['max', 'expsum', 'scale', 'logsoft'];
  const typeSection = section(1, vec(types, (t) => [0x60, ...vec(t.params, (p) => [p]), ...vec(t.results, (r) => [r])]));
  const funcSection = section(3, vec([0, 1, 2, 3], (i) => uleb(i)));
  const memSection = section(5, vec([1], (min) => [0x00, ...uleb(min)]));
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
  expsum(ptr: number, nv: number, negm: number, store: number): void;
  scale(ptr: number, nv: number, s: number): void;
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
