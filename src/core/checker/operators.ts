/**
 * Capital letters written as operators in front of a quantity: `D_j S_i` (the derivative of S_i by
 * the j-th input, as in many softmax write-ups) and, more generally, an undefined capital letter
 * applied to a quantity. The checker must not read them as a product of two numbers.
 *
 * - `D_j X` with an undefined `D` and one index is read as `\partial_j X` (the index names the
 *   input, as `\partial_j` does);
 * - any other undefined capital that multiplies a quantity on the left-hand side of a chain's first
 *   link and is gone on its right-hand side is an operator we cannot see: the link is not read
 *   (`operatorOnLeftOnly`), never judged as `A·x = …`.
 */
import { mapChildren, type Expr } from '../latex/tree';
import { INDEX_LETTERS } from '../knowledge/letters';

/** Capital letters that are the derivative operator when the note does not define them. */
const DERIVATIVE_OPERATORS: ReadonlySet<string> = new Set(['D']);

/**
 * `D_j X` → `∂X/∂j` wherever `D` is not a quantity of the note (`isDefined`); then `∂X/∂j` by a bare
 * index letter → `∂X/∂z_j` when `X` is a function of exactly one logit vector `z` (`logitOf`).
 */
export function derivativeOperators(x: Expr, isDefined: (name: string) => boolean, logitOf: (f: Expr) => string | null): Expr {
  const byIndex = (d: Extract<Expr, { k: 'deriv' }>): Expr => {
    if (d.wrt.k !== 'sym' || d.wrt.idx.length !== 0 || !INDEX_LETTERS.has(d.wrt.name)) return d;
    const logit = logitOf(d.f);
    return logit ? { ...d, wrt: { k: 'sym', name: logit, idx: [d.wrt], s: d.wrt.s, e: d.wrt.e } } : d;
  };
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    if (z.k === 'deriv') return byIndex(z);
    if (z.k !== 'mul' || z.fs.length !== 2) return z;
    const [op, f] = z.fs as [Expr, Expr];
    if (op.k !== 'sym' || !DERIVATIVE_OPERATORS.has(op.name) || op.idx.length !== 1 || isDefined(op.name)) return z;
    const wrt = op.idx[0]!;
    if (wrt.k !== 'sym' || f.k === 'num') return z;
    return byIndex({ k: 'deriv', f, wrt, s: z.s, e: z.e });
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
