/**
 * A function written without its argument: `\frac{d\sigma}{dz} = \sigma(1 - \sigma)` means σ(z) and
 * σ(z)(1 − σ(z)). Read that way only in a chain that starts with the derivative of the bare function
 * by one bare variable, when the note itself applies the function to that variable (`\sigma(z) = …`):
 * `∂σ/∂w` in a note that writes σ(z) with z = wx + b is not σ(w).
 *
 * `\sigma(1 - \sigma)` is then a product as much as σ applied to 1 − σ: the caller lets a link fail
 * only when it fails read both ways (`asProducts`).
 */
import { mapChildren, sameShape, type Expr } from '../latex/tree';

export interface BareFunction {
  /** The symbol written bare (`sigma`, `g`). */
  name: string;
  /** The call it stands for (`sigmoid`, `fn:g`). */
  call: string;
  /** The variable it is a function of. */
  v: Extract<Expr, { k: 'sym' }>;
}

/**
 * The bare function of a chain that starts with `start`: a derivative of a bare symbol that `callOf`
 * names as a one-argument function, by a bare variable the note applies it to; else null.
 */
export function bareFunctionOf(start: Expr, callOf: (name: string) => string | null, appliedTo: (call: string, v: string) => boolean): BareFunction | null {
  if (start.k !== 'deriv' || start.f.k !== 'sym' || start.f.idx.length !== 0 || start.wrt.k !== 'sym' || start.wrt.idx.length !== 0) return null;
  const call = callOf(start.f.name);
  return call && appliedTo(call, start.wrt.name) ? { name: start.f.name, call, v: start.wrt } : null;
}

/** Every bare use of the function becomes the function of the variable (`\\sigma` → σ(z)); a derivative by the bare name is left alone. */
export function withArgument(x: Expr, bf: BareFunction): Expr {
  const go = (y: Expr): Expr => {
    if (y.k === 'deriv' && y.wrt.k === 'sym' && y.wrt.name === bf.name) return y;
    const z = mapChildren(y, go);
    return z.k === 'sym' && z.name === bf.name && z.idx.length === 0 ? applied(bf, z.s, z.e) : z;
  };
  return go(x);
}

/** After `withArgument`: the function applied to anything but the variable read as a product (`\\sigma(1 - \\sigma)` → σ(z)·(1 − σ(z))). */
export function asProducts(x: Expr, bf: BareFunction): Expr {
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    if (z.k === 'call' && z.f === bf.call && z.args.length === 1 && !sameShape(z.args[0]!, bf.v)) return { k: 'mul', fs: [applied(bf, z.s, z.s), z.args[0]!], s: z.s, e: z.e };
    return z;
  };
  return go(x);
}

function applied(bf: BareFunction, s: number, e: number): Expr {
  return { k: 'call', f: bf.call, args: [{ ...bf.v, s, e }], s, e };
}
