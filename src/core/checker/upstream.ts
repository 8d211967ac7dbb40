/**
 * Backpropagation through a loss the note never defines: `∂L/∂w = ∂L/∂a · σ(z)(1 − σ(z)) x` with
 * `a = σ(z)`, `z = wx + b` and L left abstract. The identity is a claim for every L that depends on
 * the note's quantities through the most downstream ones it differentiates L by (the "tops": here a).
 * A claim about first derivatives of L at a point depends on L only through its gradient by the tops,
 * so L is read as ⟨G, top⟩ with G an arbitrary (random) vector: ∂L/∂a is G, ∂L/∂w is G ∂a/∂w.
 *
 * The reading applies only when it is the one the note's words allow:
 * - L has no definition and no stated derivative, and every derivative of L on either side is a first
 *   derivative by a plain variable;
 * - both sides differentiate L (a side without ∂L may use a definition of L the note gives in words);
 * - every variable L is differentiated by is a top or is reached from one through the definitions
 *   (otherwise the note relates them in a way that cannot be seen), and the tops are defined.
 */
import { someNode, type Expr } from '../latex/tree';
import { defKey, entriesKey, factKey, type Definition } from './evaluate';


/** Summation letters of the synthesised loss: never written in a note. */
const UPSTREAM_INDEX = ['#u1', '#u2', '#u3'];

/** The name of the arbitrary gradient of `loss` by the top `top` (a name no note writes: a written ∂ is read as a derivative). */
export function upstreamName(loss: string, top: string): string {
  return `∂${loss}/∂${top}`;
}

function isDefined(name: string, arity: number, defs: Map<string, Definition>): boolean {
  const def = defs.get(defKey(name, arity));
  return (def !== undefined && def.fnParam === null) || defs.has(entriesKey(name, arity));
}

/**
 * The loss and its synthesised definition for the link `a = b`, or null when the reading does not
 * apply (see the module comment).
 */
export function upstreamLoss(a: Expr, b: Expr, defs: Map<string, Definition>): { name: string; def: Definition } | null {
  let loss: string | null = null;
  let clash = false;
  const variables = new Map<string, { name: string; arity: number }>();
  const collect = (x: Expr, followed = new Set<Definition>()): boolean => {
    let found = false;
    someNode(x, (y) => {
      if (y.k === 'sym' && y.idx.length > 0) {
        // `δ_r` defined as `∂L/∂z_r`: the derivatives of L a quantity is defined as count too.
        const def = defs.get(defKey(y.name, y.idx.length));
        if (def && def.fnParam === null && !followed.has(def) && someNode(def.body, (u) => u.k === 'deriv')) {
          followed.add(def);
          if (collect(def.body, followed)) found = true;
        }
        return false;
      }
      if (y.k !== 'deriv') return false;
      const f = y.f;
      if (f.k !== 'sym' || f.idx.length !== 0 || isDefined(f.name, 0, defs) || defs.has(factKey(f.name))) return false;
      if (loss !== null && loss !== f.name) clash = true;
      loss = f.name;
      found = true;
      if (y.wrt.k !== 'sym' || y.direct) {
        clash = true;
        return true;
      }
      variables.set(`${y.wrt.name}/${y.wrt.idx.length}`, { name: y.wrt.name, arity: y.wrt.idx.length });
      return false;
    });
    return found;
  };
  const inA = collect(a);
  const inB = collect(b);
  if (!inA || !inB || clash || loss === null) return null;
  const name: string = loss;
  // L inside another derivative (∂/∂z (∂L/∂a)) is a second derivative: a linear L would make it 0.
  const nested = (x: Expr): boolean => someNode(x, (y) => y.k === 'deriv' && someNode(y.f, (u) => u.k === 'deriv' || (u.k === 'sym' && u.name === name && u.idx.length === 0)) && !(y.f.k === 'sym'));
  if (nested(a) || nested(b)) return null;
  // What each variable is computed from (through the definitions, defined quantities included).
  const below = new Map<string, Set<string>>();
  for (const [key, v] of variables) if (isDefined(v.name, v.arity, defs)) below.set(key, reach(v.name, v.arity, defs));
  const reachedFrom = (key: string, top: string): boolean => below.get(top)?.has(key) ?? false;
  const tops = [...variables.keys()].filter((key) => below.has(key) && ![...variables.keys()].some((other) => other !== key && below.get(other)?.has(key)));
  if (tops.length === 0) return null;
  for (const key of variables.keys()) {
    if (tops.includes(key)) continue;
    if (!tops.some((top) => reachedFrom(key, top))) return null;
  }
  // L = Σ_top Σ_idx G_top[idx] · top[idx].
  const terms: Expr[] = tops.map((key) => {
    const v = variables.get(key)!;
    if (v.arity > UPSTREAM_INDEX.length) return { k: 'unknown', why: 'a quantity with too many indices', s: 0, e: 0 };
    const idx: Expr[] = UPSTREAM_INDEX.slice(0, v.arity).map((u) => ({ k: 'sym', name: u, idx: [], s: 0, e: 0 }));
    let term: Expr = { k: 'mul', fs: [{ k: 'sym', name: upstreamName(name, v.name), idx, s: 0, e: 0 }, { k: 'sym', name: v.name, idx, s: 0, e: 0 }], s: 0, e: 0 };
    for (let n = v.arity - 1; n >= 0; n--) term = { k: 'big', op: 'sum', v: UPSTREAM_INDEX[n]!, lo: null, hi: null, ne: [], body: term, s: 0, e: 0 };
    return term;
  });
  if (terms.some((t) => t.k === 'unknown')) return null;
  const body: Expr = terms.length === 1 ? terms[0]! : { k: 'add', terms, s: 0, e: 0 };
  return { name, def: { name, params: [], fnParam: null, body, freeIndices: [] } };
}

/** Every quantity (`name/arity`) the definition of `name` reads, following definitions. */
function reach(name: string, arity: number, defs: Map<string, Definition>): Set<string> {
  const out = new Set<string>();
  const todo: Definition[] = [];
  const seen = new Set<Definition>();
  const push = (n: string, k: number): void => {
    const own = defs.get(defKey(n, k));
    const found: Definition[] = own && own.fnParam === null ? [own] : [];
    if (defs.has(entriesKey(n, k))) for (const [key, d] of defs) if (key.startsWith(`${n}@`) && key.endsWith(`/${k}`) && d.fnParam === null) found.push(d);
    for (const d of found) if (!seen.has(d)) {
      seen.add(d);
      todo.push(d);
    }
  };
  push(name, arity);
  let guard = 0;
  while (todo.length > 0 && guard++ < 2000) {
    someNode(todo.pop()!.body, (y) => {
      if (y.k === 'sym') {
        const key = `${y.name}/${y.idx.length}`;
        if (!out.has(key)) {
          out.add(key);
          push(y.name, y.idx.length);
        }
      }
      return false;
    });
  }
  out.delete(`${name}/${arity}`);
  return out;
}
