/**
 * The entry-by-entry reading of matrix algebra on vectors: `\frac{\partial \mathbf p}{\partial \mathbf z}
 * = \operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top`, `\mathbf J^\top (\mathbf p - \mathbf y)`,
 * `L = -\mathbf y^\top \log \mathbf p`. Each side is given a shape — scalar, column, row or matrix —
 * and its entry at fresh indices (r, c); the link then states one scalar equation per entry.
 *
 * Only products whose shapes fix their meaning are read: column × row (outer), row × column (dot),
 * matrix × column, row × matrix, matrix × matrix. A bare vector is a column; `\mathbf p^\top` a row.
 * Two columns side by side (element-wise? a slip?), a power of a vector, a matrix inside a function
 * other than the entry-wise ones, and a matrix written out cell by cell (`cellwise.ts` reads those)
 * give null: not read. The derivative of a vector by a vector is a Jacobian in one of two layouts
 * (∂a_r/∂z_c or its transpose); the caller judges both and flags a link only when both fail.
 */
import { INDEX_LETTERS, LENGTH_NAMES } from '../knowledge/letters';
import { mapChildren, NORM, someNode, TRANSPOSE, VECTOR_SOFTMAX, type Expr } from '../latex/tree';
import { ENTRYWISE } from './componentwise';
import { vectorSoftmax } from './operators';


type Entry =
  | { kind: 'scalar'; x: Expr }
  | { kind: 'col' | 'row'; at: (i: Expr) => Expr }
  | { kind: 'mat'; at: (r: Expr, c: Expr) => Expr };

export interface MatrixContext {
  isVector: (name: string) => boolean;
  /** Whether the note gives the name a meaning of its own (then `I` is not the identity). */
  isDefined: (name: string) => boolean;
  /** Whether `name^{(i)}` is the i-th sample's vector (the note writes its entries `name_j^{(i)}`). */
  sampleVector?: (name: string) => boolean;
  /** Whether a capital letter is a matrix of the note (it writes it transposed, `X^\\top`, and never defines it). */
  isMatrix?: (name: string) => boolean;
  /** The note says its matrices are symmetric ("A is symmetric", `A = A^\\top`): a reading with symmetric ones is added. */
  symmetric?: boolean;
  /** Whether the note defines `f` as a function of a vector (`h_θ(x) = …θ^T x…`): applied to one, a scalar. */
  vectorFunction?: (f: string) => boolean;
}

interface Walk extends MatrixContext {
  /** Jacobian layout: numerator (entry (r, c) is ∂a_r/∂z_c) or denominator (∂a_c/∂z_r). */
  numerator: boolean;
  /** The note's vectors are rows (`\\mathbf s^\\top \\mathbf s` an outer product) rather than columns. */
  rows: boolean;
  /** A fresh summation letter for a product's inner index. */
  fresh: () => string | null;
  /** Set when a Jacobian was read (the layout then matters). */
  jacobian: boolean;
  /** The note's matrices read as symmetric (see `MatrixContext.symmetric`). */
  symmetricReading?: boolean;
}

const sym = (name: string, like: { s: number; e: number }): Expr => ({ k: 'sym', name, idx: [], s: like.s, e: like.e });

function sumOver(v: string, body: Expr, like: { s: number; e: number }): Expr {
  return { k: 'big', op: 'sum', v, lo: null, hi: null, ne: [], body, s: like.s, e: like.e };
}

const IDENTITY_SIZES = new Set(['n', 'N', 'K', 'C']);

function isIdentity(x: Expr, w: Walk): boolean {
  if (x.k !== 'sym' || x.name !== 'I' || w.isDefined('I') || w.isVector('I')) return false;
  return x.idx.length === 0 || (x.idx.length === 1 && (x.idx[0]!.k === 'num' || (x.idx[0]!.k === 'sym' && IDENTITY_SIZES.has(x.idx[0]!.name))));
}

/** The product of two non-scalar entries, or null when their shapes do not fix one meaning. */
function product(a: Entry, b: Entry, w: Walk, like: { s: number; e: number }): Entry | null {
  if (a.kind === 'scalar' || b.kind === 'scalar') return null;
  const mul = (x: Expr, y: Expr): Expr => ({ k: 'mul', fs: [x, y], s: like.s, e: like.e });
  if (a.kind === 'col' && b.kind === 'row') return { kind: 'mat', at: (r, c) => mul(a.at(r), b.at(c)) };
  const k = w.fresh();
  if (!k) return null;
  const K = sym(k, like);
  if (a.kind === 'row' && b.kind === 'col') return { kind: 'scalar', x: sumOver(k, mul(a.at(K), b.at(K)), like) };
  if (a.kind === 'mat' && b.kind === 'col') return { kind: 'col', at: (i) => sumOver(k, mul(a.at(i, K), b.at(K)), like) };
  if (a.kind === 'row' && b.kind === 'mat') return { kind: 'row', at: (i) => sumOver(k, mul(a.at(K), b.at(K, i)), like) };
  if (a.kind === 'mat' && b.kind === 'mat') return { kind: 'mat', at: (r, c) => sumOver(k, mul(a.at(r, K), b.at(K, c)), like) };
  return null;
}

/** A vector in the walk's convention (a column, or a row). */
const vector = (w: Walk, at: (i: Expr) => Expr): Entry => ({ kind: w.rows ? 'row' : 'col', at });

/** The same construction around a scalar, around every component of a vector, or every cell of a matrix. */
function around(p: Entry, build: (y: Expr) => Expr): Entry {
  if (p.kind === 'scalar') return { kind: 'scalar', x: build(p.x) };
  if (p.kind === 'mat') return { kind: 'mat', at: (a, b) => build(p.at(a, b)) };
  return { kind: p.kind, at: (i) => build(p.at(i)) };
}

function entry(x: Expr, w: Walk): Entry | null {
  const r = (y: Expr): Entry | null => entry(y, w);
  switch (x.k) {
    case 'num':
      if (x.ones) return vector(w, () => ({ k: 'num', v: 1, s: x.s, e: x.e }));
      return { kind: 'scalar', x };
    case 'ind':
      return { kind: 'scalar', x };
    case 'unknown':
      // Matrix notation inside a larger expression (`e^{-\\theta^T x}`): its own tree.
      return x.matrix ? r(x.matrix) : null;
    case 'matrix':
    case 'cases':
      return null;
    case 'sym': {
      if (isIdentity(x, w)) return { kind: 'mat', at: (a, b) => ({ k: 'ind', a, b, eq: true, s: x.s, e: x.e }) };
      if (x.idx.length === 0 && w.isVector(x.name)) return vector(w, (i) => ({ ...x, idx: [i] }));
      // `X` of `X^\top X \boldsymbol\theta`: a matrix, its entries X_{rc} (every size the vectors' length).
      if (x.idx.length === 0 && w.isMatrix?.(x.name)) {
        if (!w.symmetricReading) return { kind: 'mat', at: (a, b) => ({ ...x, idx: [a, b] }) };
        // Symmetric: (X_{ab} + X_{ba}) / 2.
        return { kind: 'mat', at: (a, b) => ({ k: 'div', n: { k: 'add', terms: [{ ...x, idx: [a, b] }, { ...x, idx: [b, a] }], s: x.s, e: x.e }, d: { k: 'num', v: 2, s: x.s, e: x.e }, s: x.s, e: x.e }) };
      }
      // `x^{(i)}` beside `x_j^{(i)}`: the i-th sample's vector, its entries x_j^{(i)}.
      const sample = x.idx.length === 1 && x.idx[0]!.k === 'sym' && x.idx[0]!.sup ? x.idx[0]! : null;
      if (sample && w.sampleVector?.(x.name)) return vector(w, (i) => ({ ...x, idx: [i, sample] }));
      // A component or scalar; one that mentions a vector bare is not read.
      return x.idx.some((i) => someNode(i, (y) => y.k === 'sym' && y.idx.length === 0 && w.isVector(y.name))) ? null : { kind: 'scalar', x };
    }
    case 'neg': {
      const p = r(x.x);
      return p && around(p, (y) => ({ ...x, x: y }));
    }
    case 'add': {
      const ps = x.terms.map(r);
      if (ps.some((p) => p === null)) return null;
      const parts = ps as Entry[];
      const kind = parts[0]!.kind;
      // Terms of one shape only (a scalar beside a vector would be broadcast, or a slip).
      if (parts.some((p) => p.kind !== kind)) return null;
      if (kind === 'scalar') return { kind, x: { ...x, terms: parts.map((p) => (p as { x: Expr }).x) } };
      if (kind === 'mat') return { kind, at: (a, b) => ({ ...x, terms: parts.map((p) => (p as { at: (r: Expr, c: Expr) => Expr }).at(a, b)) }) };
      return { kind, at: (i) => ({ ...x, terms: parts.map((p) => (p as { at: (i: Expr) => Expr }).at(i)) }) };
    }
    case 'mul': {
      const scalars: Expr[] = [];
      let acc: Entry | null = null;
      for (const f of x.fs) {
        const p = r(f);
        if (!p) return null;
        if (p.kind === 'scalar') scalars.push(p.x);
        else if (!acc) acc = p;
        else {
          acc = product(acc, p, w, x);
          if (!acc) return null;
          if (acc.kind === 'scalar') {
            scalars.push(acc.x);
            acc = null;
          }
        }
      }
      if (!acc) return { kind: 'scalar', x: scalars.length === 1 ? scalars[0]! : { ...x, fs: scalars } };
      return around(acc, (y) => (scalars.length === 0 ? y : { ...x, fs: [...scalars, y] }));
    }
    case 'div': {
      const n = r(x.n);
      const d = r(x.d);
      if (!n || !d || d.kind !== 'scalar') return null;
      return around(n, (y) => ({ ...x, n: y, d: d.x }));
    }
    case 'pow': {
      const b = r(x.b);
      const p = r(x.x);
      // `e^{\mathbf z}`: entry by entry (not of a matrix).
      if (!b || !p || b.kind !== 'scalar' || p.kind === 'mat') return null;
      return around(p, (y) => ({ ...x, b: b.x, x: y }));
    }
    case 'call': {
      if (x.f === TRANSPOSE) {
        const p = r(x.args[0]!);
        if (!p || p.kind === 'scalar') return null;
        if (p.kind === 'mat') return { kind: 'mat', at: (a, b) => p.at(b, a) };
        return { kind: p.kind === 'col' ? 'row' : 'col', at: p.at };
      }
      if (x.args.length !== 1) return null;
      if (w.vectorFunction?.(x.f) && x.args[0]!.k === 'sym') return { kind: 'scalar', x };
      const p = r(x.args[0]!);
      if (!p) return null;
      // `X(X\mathbf w - \mathbf y)` with X a matrix: a product, not X applied.
      const letter = x.f.startsWith('fn:') ? x.f.slice(3) : '';
      if (letter && w.isMatrix?.(letter)) {
        const m = r({ k: 'sym', name: letter, idx: [], s: x.s, e: x.s });
        return m && p.kind !== 'scalar' ? product(m, p, w, x) : null;
      }
      if (x.f === NORM) {
        // The Euclidean norm: |x| of a scalar, the root of the sum of squares of a vector.
        if (p.kind === 'scalar') return { kind: 'scalar', x: { ...x, f: 'abs', args: [p.x] } };
        if (p.kind === 'mat') return null;
        const k = w.fresh();
        if (!k) return null;
        const K = sym(k, x);
        const sq: Expr = { k: 'pow', b: p.at(K), x: { k: 'num', v: 2, s: x.s, e: x.e }, s: x.s, e: x.e };
        return { kind: 'scalar', x: { ...x, f: 'sqrt', args: [sumOver(k, sq, x)] } };
      }
      if (x.f === 'softmax' && (p.kind === 'col' || p.kind === 'row')) {
        // `\text{softmax}(\mathbf h/\tau)`: the vector whose entry i is e^{E_i} / Σ_k e^{E_k}.
        const arg = x.args[0]!;
        return { kind: p.kind, at: (i) => vectorSoftmax({ k: 'call', f: VECTOR_SOFTMAX, args: [arg, i], s: x.s, e: x.e }, w.isVector) };
      }
      if ((x.f === 'fn:diag' || x.f === 'diag') && !w.isDefined('fn:diag')) {
        if (p.kind !== 'col' && p.kind !== 'row') return null;
        return { kind: 'mat', at: (a, b) => ({ k: 'mul', fs: [{ k: 'ind', a, b, eq: true, s: x.s, e: x.e }, p.at(a)], s: x.s, e: x.e }) };
      }
      if (p.kind !== 'scalar' && (!ENTRYWISE.has(x.f) || p.kind === 'mat')) return null;
      return around(p, (y) => ({ ...x, args: [y] }));
    }
    case 'big': {
      const body = r(x.body);
      return body && around(body, (y) => ({ ...x, body: y }));
    }
    case 'deriv': {
      const f = r(x.f);
      if (!f) return null;
      const v = x.wrt;
      if (v.k === 'sym' && v.idx.length === 0 && w.isVector(v.name)) {
        const by = (i: Expr): Expr => ({ ...v, idx: [i] });
        if (f.kind === 'scalar') return vector(w, (i) => ({ ...x, f: f.x, wrt: by(i) }));
        if (f.kind === 'mat') return null;
        w.jacobian = true;
        const numerator = w.numerator;
        return { kind: 'mat', at: (a, b) => (numerator ? { ...x, f: f.at(a), wrt: by(b) } : { ...x, f: f.at(b), wrt: by(a) }) };
      }
      if (f.kind !== 'scalar') return null;
      return { kind: 'scalar', x: { ...x, f: f.x } };
    }
  }
}

/** Letters already used in the expressions (fresh indices avoid them). */
function usedLetters(xs: Expr[]): Set<string> {
  const used = new Set<string>();
  for (const x of xs) {
    someNode(x, (y) => {
      if (y.k === 'sym') used.add(y.name);
      if (y.k === 'big') used.add(y.v);
      return false;
    });
  }
  return used;
}

const hasMatrixAlgebra = (x: Expr): boolean =>
  someNode(x, (y) => (y.k === 'call' && (y.f === TRANSPOSE || y.f === NORM || y.f === 'fn:diag')) || (y.k === 'sym' && y.name === 'I') || (y.k === 'num' && y.ones === true) || (y.k === 'unknown' && y.matrix !== undefined && hasMatrixAlgebra(y.matrix)));

/** Does the sum's letter index samples only (`\\sum_{i=1}^{m} … x^{(i)}`), never a vector's entries? */
const overSamples = (y: Extract<Expr, { k: 'big' }>): boolean => {
  let asSample = false;
  const other = someNode(y.body, (z) => {
    if (z.k !== 'sym') return false;
    for (const i of z.idx) {
      if (i.k === 'sym' && i.name === y.v && i.idx.length === 0) {
        if (i.sup) asSample = true;
        else return true;
      }
    }
    return z.idx.length === 0 && z.name === y.v && !z.sup;
  });
  return asSample && !other;
};

/**
 * A sum whose upper limit is neither a number nor a name of the vector length (a sum over the
 * samples, `\\sum_{i=1}^{m} … x^{(i)}`, is not one: it does not run over a vector's entries).
 */
export const partialSum = (x: Expr): boolean =>
  someNode(x, (y) => y.k === 'big' && y.hi !== null && !(y.hi.k === 'num' || (y.hi.k === 'sym' && y.hi.idx.length === 0 && LENGTH_NAMES.has(y.hi.name))) && !overSamples(y));

const unwrap = (x: Expr): Expr => (x.k === 'unknown' && x.matrix ? x.matrix : x);

function freshLetters(xs: Expr[]): () => string | null {
  const used = usedLetters(xs);
  return () => {
    const l = [...INDEX_LETTERS, 'q', 'r', 'u', 'v'].find((x) => !used.has(x)) ?? null;
    if (l) used.add(l);
    return l;
  };
}

/**
 * The entry-by-entry readings of `a = b` (each a pair of scalar expressions), or an empty list.
 * A side that is an unread item keeping its matrix tree (`parse.ts`) is read from that tree. Read
 * only when a side uses matrix algebra (a transpose, diag, the identity, `\\mathbf 1`) or is a
 * Jacobian: plain vector notation is `componentwise.ts`'s. Vectors are read as columns, and as rows
 * where that is the only reading (`\\mathbf s^\\top \\mathbf s` beside a matrix); a Jacobian in both
 * layouts. The link fails only when every reading fails.
 */
export function matrixwiseReadings(a0: Expr, b0: Expr, ctx: MatrixContext): { a: Expr; b: Expr }[] {
  const a = unwrap(a0);
  const b = unwrap(b0);
  if (a.k === 'unknown' || b.k === 'unknown') return [];
  // A product in matrix notation runs over every entry; a sum the note bounds by something else
  // (`\\sum_{i=1}^{k} w_i x_i = x w^\\top` with w = (w_1, …, w_k)) may be the same sum under another name.
  if (partialSum(a) || partialSum(b)) return [];
  // A matrix of the note (`2A\\mathbf w`) is matrix algebra as much as a transpose is.
  const matrix = (x: Expr): boolean => someNode(x, (y) => (y.k === 'sym' && y.idx.length === 0 && !!ctx.isMatrix?.(y.name)) || (y.k === 'call' && y.f.startsWith('fn:') && !!ctx.isMatrix?.(y.f.slice(3))));
  const algebra = hasMatrixAlgebra(a) || hasMatrixAlgebra(b) || matrix(a) || matrix(b);
  if (!algebra && !someNode(a, (y) => y.k === 'deriv') && !someNode(b, (y) => y.k === 'deriv')) return [];
  const out: { a: Expr; b: Expr }[] = [];
  for (const symmetricReading of ctx.symmetric ? [false, true] : [false]) for (const rows of [false, true]) {
    for (const numerator of [true, false]) {
      const fresh = freshLetters([a, b]);
      const w: Walk = { ...ctx, numerator, rows, fresh, jacobian: false, symmetricReading };
      const ea = entry(a, w);
      const eb = entry(b, w);
      if (!ea || !eb) break;
      if (!algebra && !w.jacobian) break;
      const like = { s: 0, e: 0 };
      if (ea.kind === 'mat' && eb.kind === 'mat') {
        const R = fresh();
        const C = fresh();
        if (!R || !C) break;
        out.push({ a: ea.at(sym(R, like), sym(C, like)), b: eb.at(sym(R, like), sym(C, like)) });
      } else if ((ea.kind === 'col' || ea.kind === 'row') && (eb.kind === 'col' || eb.kind === 'row')) {
        // A gradient written as a column or a row: the same components.
        const I = fresh();
        if (!I) break;
        out.push({ a: ea.at(sym(I, like)), b: eb.at(sym(I, like)) });
      } else if (ea.kind === 'scalar' && eb.kind === 'scalar') {
        out.push({ a: ea.x, b: eb.x });
      } else break;
      if (!w.jacobian) break;
    }
  }
  return out;
}

/**
 * The cells of matrix algebra (`\\operatorname{diag}(\\mathbf p) - \\mathbf p \\mathbf p^\\top`) at the numbers
 * 1…rows × 1…cols, to be met with a matrix written out in full: one reading per convention (vectors
 * as columns or rows; Jacobian layout), null where a reading does not give that shape.
 */
export function matrixCellReadings(x0: Expr, rows: number, cols: number, ctx: MatrixContext): (Expr[][] | null)[] {
  const x = unwrap(x0);
  if (x.k === 'unknown' || !hasMatrixAlgebra(x) || partialSum(x)) return [];
  const out: (Expr[][] | null)[] = [];
  const num = (v: number): Expr => ({ k: 'num', v, s: x.s, e: x.e });
  for (const rowsConvention of [false, true]) {
    for (const numerator of [true, false]) {
      const w: Walk = { ...ctx, numerator, rows: rowsConvention, fresh: freshLetters([x]), jacobian: false };
      const e = entry(x, w);
      let cells: Expr[][] | null = null;
      if (e && e.kind === 'mat') cells = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => e.at(num(r + 1), num(c + 1))));
      else if (e && (e.kind === 'col' || e.kind === 'row') && (rows === 1 || cols === 1)) {
        cells = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => e.at(num(rows === 1 ? c + 1 : r + 1))));
      }
      out.push(cells);
      if (!w.jacobian) break;
    }
  }
  return out;
}

/** `x` with every scalar inside it written in matrix notation (`e^{-\\theta^T x}`) in its plain form. */
export function matrixScalars(x: Expr, ctx: MatrixContext): Expr {
  if (x.k === 'unknown') return x.matrix ? (matrixScalar(x, ctx) ?? x) : x;
  return mapChildren(x, (y) => matrixScalars(y, ctx));
}

/** A scalar written in matrix notation (`-\\mathbf y^\\top \\log \\mathbf p`) as a plain expression, or null. */
export function matrixScalar(x0: Expr, ctx: MatrixContext): Expr | null {
  const x = unwrap(x0);
  if (x.k === 'unknown' || !hasMatrixAlgebra(x)) return null;
  for (const rows of [false, true]) {
    const w: Walk = { ...ctx, numerator: true, rows, fresh: freshLetters([x]), jacobian: false };
    const e = entry(x, w);
    if (e && e.kind === 'scalar' && !w.jacobian) return e.x;
  }
  return null;
}

/**
 * A vector written in matrix notation (`W\\mathbf x + \\mathbf b`, `X^\\top \\mathbf y`) with vectors as columns:
 * its entry at `i`, or null when it is not a column (a scalar, a matrix, a shape that does not fit).
 */
export function matrixColumn(x0: Expr, ctx: MatrixContext, i: Expr): Expr | null {
  const x = unwrap(x0);
  if (x.k === 'unknown') return null;
  const w: Walk = { ...ctx, numerator: true, rows: false, fresh: freshLetters([x, i]), jacobian: false };
  const e = entry(x, w);
  return e && e.kind === 'col' && !w.jacobian ? e.at(i) : null;
}
