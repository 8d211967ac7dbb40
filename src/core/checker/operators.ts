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
import { mapChildren, type Expr } from '../latex/tree';
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
