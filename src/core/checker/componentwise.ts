/**
 * The component-wise reading of vector notation: `\nabla_{\mathbf z} L = \mathbf p - \mathbf y`,
 * `\frac{\partial L}{\partial \mathbf z} = \sigma(\mathbf z) - \mathbf y` state one equation per
 * component. Each bare vector name becomes its component at a fresh index, a derivative by a bare
 * vector becomes the derivative by that component, and functions the registry applies entry by
 * entry (exp, log, σ, tanh …) are applied to the component.
 *
 * Only what has one meaning entry by entry is read: a product or quotient of two vectors (dot,
 * outer or element-wise?), a power of a vector (norm or square?), a vector given to a function of
 * the note's own, a vector beside a scalar that is not a constant (broadcast?), and the derivative
 * of a vector by a vector (a Jacobian) give null: not read.
 */
import { FUNCTIONS } from '../knowledge/functions';
import { INDEX_LETTERS } from '../knowledge/letters';
import { ENTRY_OF, mapChildren, someNode, VECTOR_SOFTMAX, type Expr } from '../latex/tree';
import { vectorSoftmax } from './operators';

/** Functions applied entry by entry to a vector; `softmax(z_i)` is already the checker's i-th component of softmax(z). */
export const ENTRYWISE: ReadonlySet<string> = new Set(['softmax', ...FUNCTIONS.filter((f) => f.of).map((f) => f.name)]);

interface Part {
  x: Expr;
  vec: boolean;
}

/** Index letters and bound variables used anywhere in `xs` (the fresh index must avoid them). */
function lettersIn(xs: Expr[], out: Set<string>): void {
  const stack = [...xs];
  let guard = 0;
  while (stack.length > 0 && guard++ < 50_000) {
    const x = stack.pop()!;
    switch (x.k) {
      case 'sym':
        if (x.idx.length === 0) out.add(x.name);
        stack.push(...x.idx);
        break;
      case 'add': stack.push(...x.terms); break;
      case 'neg': stack.push(x.x); break;
      case 'mul': stack.push(...x.fs); break;
      case 'div': stack.push(x.n, x.d); break;
      case 'pow': stack.push(x.b, x.x); break;
      case 'call': stack.push(...x.args); break;
      case 'big':
        out.add(x.v);
        if (x.lo) stack.push(x.lo);
        if (x.hi) stack.push(x.hi);
        stack.push(...x.ne, x.body);
        break;
      case 'deriv': stack.push(x.f, x.wrt); break;
      case 'ind': stack.push(x.a, x.b); break;
      case 'cases':
        for (const br of x.branches) {
          stack.push(br.value);
          if (br.cond) stack.push(br.cond.a, br.cond.b);
        }
        break;
      default: break;
    }
  }
}

function isConstant(x: Expr): boolean {
  if (x.k === 'num') return true;
  if (x.k === 'neg') return isConstant(x.x);
  return false;
}

function part(x: Expr, isVector: (name: string) => boolean, at: Expr): Part | null {
  const r = (y: Expr): Part | null => part(y, isVector, at);
  switch (x.k) {
    case 'num':
    case 'unknown':
    case 'ind':
      return { x, vec: false };
    case 'matrix': {
      // A column written with ⋮: its entry at the component index.
      if (!x.pattern || x.rows.length !== 1 || x.rows[0]!.length !== 1) return null;
      const name = x.pattern;
      const put = (y: Expr): Expr => {
        const z = mapChildren(y, put);
        return z.k === 'sym' && z.name === name && z.idx.length === 0 ? { ...at, s: z.s, e: z.e } : z;
      };
      return { x: put(x.rows[0]![0]!), vec: true };
    }
    case 'sym': {
      if (x.idx.length === 0 && isVector(x.name)) return { x: { ...x, idx: [{ ...at, s: x.s, e: x.e }] }, vec: true };
      return { x, vec: false };
    }
    case 'neg': {
      const p = r(x.x);
      return p && { x: { ...x, x: p.x }, vec: p.vec };
    }
    case 'add': {
      const ps = x.terms.map(r);
      if (ps.some((p) => p === null)) return null;
      const parts = ps as Part[];
      const vec = parts.some((p) => p.vec);
      // `1 - \mathbf p` is entry by entry; `\mathbf p + c` with a quantity c could broadcast or be a slip.
      if (vec && parts.some((p) => !p.vec && !isConstant(p.x))) return null;
      return { x: { ...x, terms: parts.map((p) => p.x) }, vec };
    }
    case 'mul': {
      const ps = x.fs.map(r);
      if (ps.some((p) => p === null)) return null;
      const parts = ps as Part[];
      const vectors = parts.filter((p) => p.vec).length;
      if (vectors > 1) return null;
      return { x: { ...x, fs: parts.map((p) => p.x) }, vec: vectors === 1 };
    }
    case 'div': {
      const n = r(x.n);
      const d = r(x.d);
      if (!n || !d || d.vec) return null;
      return { x: { ...x, n: n.x, d: d.x }, vec: n.vec };
    }
    case 'pow': {
      const b = r(x.b);
      const p = r(x.x);
      if (!b || !p || b.vec) return null;
      // `e^{\mathbf z}`: the exponential entry by entry.
      return { x: { ...x, b: b.x, x: p.x }, vec: p.vec };
    }
    case 'call': {
      if (x.f === 'softmax' && x.args.length === 1 && !(x.args[0]!.k === 'sym' && x.args[0]!.idx.length === 0)) {
        // `\mathrm{softmax}(\mathbf z - \max_j z_j)`: entry `at` of the softmax of a vector expression.
        const entry = vectorSoftmax({ k: 'call', f: VECTOR_SOFTMAX, args: [x.args[0]!, at], s: x.s, e: x.e }, isVector);
        return entry.k === 'call' && entry.f === VECTOR_SOFTMAX ? null : { x: entry, vec: true };
      }
      const ps = x.args.map(r);
      if (ps.some((p) => p === null)) return null;
      const parts = ps as Part[];
      const vec = parts.some((p) => p.vec);
      if (vec && !ENTRYWISE.has(x.f)) return null;
      return { x: { ...x, args: parts.map((p) => p.x) }, vec };
    }
    case 'big': {
      const body = r(x.body);
      if (!body) return null;
      return { x: { ...x, body: body.x }, vec: body.vec };
    }
    case 'deriv': {
      const w = x.wrt;
      const f = r(x.f);
      if (!f) {
        // `\nabla_{\mathbf u} \operatorname{LSE}(\mathbf u)`: a scalar function of the whole vector, by the vector.
        const scalarOfVector = x.f.k === 'call' && x.f.f.startsWith('fn:') && !ENTRYWISE.has(x.f.f);
        if (scalarOfVector && w.k === 'sym' && w.idx.length === 0 && isVector(w.name)) return { x: { ...x, wrt: { ...w, idx: [{ ...at, s: w.s, e: w.e }] } }, vec: true };
        return null;
      }
      if (w.k === 'sym' && w.idx.length === 0 && isVector(w.name)) {
        if (f.vec) return null;
        return { x: { ...x, f: f.x, wrt: { ...w, idx: [{ ...at, s: w.s, e: w.e }] } }, vec: true };
      }
      return { x: { ...x, f: f.x }, vec: f.vec };
    }
    case 'cases': {
      const branches: { value: Expr; cond: (typeof x.branches)[number]['cond'] }[] = [];
      for (const br of x.branches) {
        const v = r(br.value);
        if (!v || v.vec) return null;
        branches.push({ value: v.x, cond: br.cond });
      }
      return { x: { ...x, branches }, vec: false };
    }
  }
}

/**
 * Both sides of a link read component by component at a fresh index, or null when the link has
 * no vector in it or a part of it has no single component-wise meaning. A vector side may equal
 * a constant (`\nabla L = 0`), never another scalar.
 */
export function componentwisePair(a: Expr, b: Expr, isVector: (name: string) => boolean, freeOf?: (x: Expr) => string[]): { a: Expr; b: Expr; index: string } | null {
  const try_ = (index: string, named: boolean): { a: Expr; b: Expr; index: string } | null => {
    const at: Expr = { k: 'sym', name: index, idx: [], s: 0, e: 0 };
    const pa = part(a, isVector, at);
    const pb = part(b, isVector, at);
    if (!pa || !pb || (!pa.vec && !pb.vec)) return null;
    // A side already written as the named component is that component, not a scalar to broadcast.
    if (pa.vec !== pb.vec && !named && !isConstant(pa.vec ? pb.x : pa.x)) return null;
    return { a: pa.x, b: pb.x, index };
  };
  // `\frac{\partial L}{\partial \hat y} = -\frac{y_j}{\hat y_j}`: vector notation on one side, the
  // component j on the other: the components are the j-th.
  if (freeOf) {
    const fa = freeOf(a);
    const fb = freeOf(b);
    const one = fa.length === 0 && fb.length === 1 ? fb[0]! : fb.length === 0 && fa.length === 1 ? fa[0]! : null;
    if (one) {
      const named = try_(one, true);
      if (named) return named;
    }
  }
  const used = new Set<string>();
  lettersIn([a, b], used);
  const index = [...INDEX_LETTERS].find((l) => !used.has(l));
  return index ? try_(index, false) : null;
}

/** One expression read component by component (for a chain's start), or null as above. */
export function componentwise(x: Expr, isVector: (name: string) => boolean): Expr | null {
  const used = new Set<string>();
  lettersIn([x], used);
  const index = [...INDEX_LETTERS].find((l) => !used.has(l));
  if (!index) return null;
  const p = part(x, isVector, { k: 'sym', name: index, idx: [], s: 0, e: 0 });
  return p && p.vec ? p.x : null;
}

/** Entry `at` (a number) of a vector-valued expression, or null when it is not one (see `part`). */
export function componentAt(x: Expr, isVector: (name: string) => boolean, at: number): Expr | null {
  const p = part(x, isVector, { k: 'num', v: at, s: 0, e: 0 });
  return p && p.vec ? p.x : null;
}

/**
 * `(E)_i`: entry i of a vector expression E read entry by entry (`(\\nabla_{\\mathbf z} L)_i` is ∂L/∂z_i,
 * `(\\mathbf p - \\mathbf y)_i` is p_i − y_i). Left as it is (not read) when E has no entry-by-entry
 * meaning or multiplies a vector by a capital letter the note never defines (`(W\\mathbf x)_i` is a matrix product).
 */
export function entriesOf(x: Expr, isVector: (name: string) => boolean, isDefined: (name: string) => boolean): Expr {
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    if (z.k !== 'call' || z.f !== ENTRY_OF || z.args.length !== 2) return z;
    const [e, i] = z.args as [Expr, Expr];
    const matrixLike = someNode(e, (u) => u.k === 'mul' && u.fs.some((f) => f.k === 'sym' && f.idx.length === 0 && /^[A-Z]$/.test(f.name) && !isVector(f.name) && !isDefined(f.name)));
    if (matrixLike) return z;
    const p = part(e, isVector, i);
    return p && p.vec ? p.x : z;
  };
  return go(x);
}
