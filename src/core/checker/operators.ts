/**
 * Capital letters written as operators in front of a quantity: `D_j S_i` (the derivative of S_i by
 * the j-th input, as in many softmax write-ups) and, more generally, an undefined capital letter
 * applied to a quantity. The checker must not read them as a product of two numbers.
 *
 * - `D_j X` is parsed as `\partial_j X` (the index names the input, as `\partial_j` does) and read
 *   so unless the note defines `D`;
 * - any other undefined capital that multiplies a quantity on the left-hand side of a chain's first
 *   link and is gone on its right-hand side is an operator we cannot see: the link is not read
 *   (`operatorOnLeftOnly`), never judged as `A·x = …`.
 */
import { mapChildren, someNode, VECTOR_SOFTMAX, type Expr } from '../latex/tree';
import { INDEX_LETTERS } from '../knowledge/letters';

/**
 * `D_j X` (parsed as the derivative operator) stays a derivative unless the note gives `D` a value
 * (`isDefined`): then it is the product D_j·X. Then `∂X/∂j` by a bare index letter → `∂X/∂z_j` when
 * `X` is a function of exactly one logit vector `z` (`logitOf`).
 */
export function derivativeOperators(x: Expr, isDefined: (name: string) => boolean, logitOf: (f: Expr) => string | null): Expr {
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    if (z.k !== 'deriv') return z;
    if (z.op !== undefined && isDefined(z.op)) return { k: 'mul', fs: [{ k: 'sym', name: z.op, idx: [z.wrt], s: z.s, e: z.wrt.e }, z.f], s: z.s, e: z.e };
    if (z.wrt.k !== 'sym' || z.wrt.idx.length !== 0 || !INDEX_LETTERS.has(z.wrt.name)) return z;
    const logit = logitOf(z.f);
    return logit ? { ...z, wrt: { k: 'sym', name: logit, idx: [z.wrt], s: z.wrt.s, e: z.wrt.e } } : z;
  };
  return go(x);
}

/**
 * An undefined capital letter (with at most one index) written as the first factor of a product in
 * `a`, which `b` never mentions: `A x_i = x_i(1 - x_j)`. Its name, or null.
 */
export function operatorOnLeftOnly(a: Expr, b: Expr, isDefined: (name: string) => boolean, mentions: (x: Expr, name: string) => boolean): string | null {
  let found: string | null = null;
  const visit = (y: Expr): Expr => {
    if (found) return y;
    if (y.k === 'mul' && y.fs.length >= 2) {
      const op = y.fs[0]!;
      if (op.k === 'sym' && /^[A-Z]$/.test(op.name) && op.idx.length <= 1 && !isDefined(op.name) && !mentions(b, op.name)) {
        found = op.name;
        return y;
      }
    }
    if (y.k === 'deriv') return y;
    return mapChildren(y, visit);
  };
  visit(a);
  return found;
}

/**
 * `softmax(E)_i` of a vector expression (`\\mathbf z + c`, `\\mathbf z / T`, `\\mathbf z - \\max_j z_j`): the
 * exponential of E's i-th entry over the sum of all of them, E read entry by entry (a bare vector is
 * its entry, a scalar is broadcast). Left as it is (not read) when E has no vector or two multiplied.
 */
export function vectorSoftmax(x: Expr, isVector: (name: string) => boolean): Expr {
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    if (z.k !== 'call' || z.f !== VECTOR_SOFTMAX || z.args.length !== 2) return z;
    const [e, i] = z.args as [Expr, Expr];
    const uses = (y: Expr, v: string): boolean => someNode(y, (u) => u.k === 'sym' && u.name === v);
    const k = ['k', 'm', 'l', 'r', 'q'].find((v) => !uses(e, v) && !uses(i, v));
    if (!k) return z;
    const at = entryOf(e, i, isVector);
    const each = entryOf(e, { k: 'sym', name: k, idx: [], s: z.s, e: z.e }, isVector);
    if (!at || !each || !at.vec) return z;
    const exp = (u: Expr): Expr => ({ k: 'call', f: 'exp', args: [u], s: z.s, e: z.e });
    return { k: 'div', n: exp(at.x), d: { k: 'big', op: 'sum', v: k, lo: null, hi: null, ne: [], body: exp(each.x), s: z.s, e: z.e }, s: z.s, e: z.e };
  };
  return go(x);
}

/** Entry `at` of a vector expression: bare vectors indexed, scalars broadcast; null when it is not entrywise. */
function entryOf(x: Expr, at: Expr, isVector: (name: string) => boolean): { x: Expr; vec: boolean } | null {
  const all = (xs: Expr[]): { xs: Expr[]; vecs: number } | null => {
    const out: Expr[] = [];
    let vecs = 0;
    for (const c of xs) {
      const r = entryOf(c, at, isVector);
      if (!r) return null;
      out.push(r.x);
      if (r.vec) vecs++;
    }
    return { xs: out, vecs };
  };
  switch (x.k) {
    case 'num':
      return { x, vec: false };
    case 'sym':
      if (x.idx.length === 0 && isVector(x.name)) return { x: { ...x, idx: [{ ...at, s: x.s, e: x.e }] }, vec: true };
      return { x, vec: false };
    case 'neg': {
      const r = entryOf(x.x, at, isVector);
      return r && { x: { ...x, x: r.x }, vec: r.vec };
    }
    case 'add': {
      const r = all(x.terms);
      return r && { x: { ...x, terms: r.xs }, vec: r.vecs > 0 };
    }
    case 'mul': {
      const r = all(x.fs);
      return r && r.vecs <= 1 ? { x: { ...x, fs: r.xs }, vec: r.vecs === 1 } : null;
    }
    case 'div': {
      const n = entryOf(x.n, at, isVector);
      const d = entryOf(x.d, at, isVector);
      return n && d && !d.vec ? { x: { ...x, n: n.x, d: d.x }, vec: n.vec } : null;
    }
    case 'call':
      // `\max_j z_j`, `\max(\mathbf z)`: a scalar over the whole vector.
      if ((x.f === 'max' || x.f === 'min') && x.args.length === 1) return { x, vec: false };
      if (x.args.length === 1 && x.f !== VECTOR_SOFTMAX && x.f !== 'softmax') {
        const r = entryOf(x.args[0]!, at, isVector);
        return r && { x: { ...x, args: [r.x] }, vec: r.vec };
      }
      return null;
    case 'big':
      return { x, vec: false };
    default:
      return null;
  }
}
