/**
 * The chain rule written symbolically: `∂J/∂w = ∂J/∂θ · ∂θ/∂w`, `∂L/∂z_i = Σ_k ∂L/∂p_k ∂p_k/∂z_i`,
 * `Σ_k y_k ∂log p_k/∂o_i = Σ_k y_k ∂log p_k/∂p_k · ∂p_k/∂o_i`. Notes write these before the
 * quantities are known, so the numbers cannot be computed; the identity can still be seen.
 *
 * Two steps, both sound for a "holds" and never used for a failure:
 * 1. `contractChains` rewrites each product of derivatives that the chain rule joins into the one
 *    derivative it equals, only where the rule holds whatever the quantities are:
 *    - through a whole quantity (`∂f/∂u · ∂u/∂x`, u written without an index: a vector or a scalar;
 *      the factor order is the layout convention and is not judged);
 *    - through every entry of one (`Σ_k ∂f/∂u_k · ∂u_k/∂x`, the sum over u's only index, with f and
 *      x free of k);
 *    - through one entry when the differentiated expression is written out and reads nothing but
 *      that entry (`∂ log p_k/∂p_k · ∂p_k/∂o_i`).
 *    `Σ_j ∂E/∂q_i ∂q_i/∂z_j` (the indices swapped) and `∂L/∂p_i ∂p_i/∂z_i` (the sum dropped) are not
 *    contracted: they are not the chain rule.
 * 2. `opaqueDerivatives` names each derivative that cannot be computed (`∂p_k/∂o_i` with o never
 *    defined) as an unknown quantity with the same indices, the same name on both sides of a link:
 *    an equation that holds for any values of those unknowns holds for their true values.
 */
import { INDEX_LETTERS } from '../knowledge/letters';
import { mapChildren, someNode, type Expr } from '../latex/tree';

type Deriv = Extract<Expr, { k: 'deriv' }>;
type Sym = Extract<Expr, { k: 'sym' }>;

/** How a quantity is written, positions aside. */
function key(x: Expr): string {
  return JSON.stringify(x, (k, v) => (k === 's' || k === 'e' ? undefined : v));
}

function mentionsName(x: Expr, name: string): boolean {
  return someNode(x, (y) => y.k === 'sym' && y.name === name);
}

/** A derivative by a written variable (not a bare index letter or an implicit one). */
function isDerivBySym(x: Expr): x is Deriv & { wrt: Sym } {
  return x.k === 'deriv' && x.wrt.k === 'sym' && !x.wrt.name.startsWith('#') && !(x.wrt.idx.length === 0 && INDEX_LETTERS.has(x.wrt.name));
}

/** A quantity named, not written out: `L`, `J(θ)`, `L_k`. */
function isOpaque(f: Expr): boolean {
  return f.k === 'sym' || (f.k === 'call' && f.f.startsWith('fn:'));
}

/** Does the written-out expression `f` read nothing but the entry `u` (numbers and named functions aside)? */
function readsOnly(f: Expr, u: Sym): boolean {
  const target = key(u);
  let other = false;
  let seen = false;
  const visit = (y: Expr): void => {
    if (other) return;
    if (y.k === 'sym') {
      if (key(y) === target) seen = true;
      else if (!(y.idx.length === 0 && (y.name === 'e' || y.name === 'pi'))) other = true;
      return;
    }
    if (y.k === 'call' && y.f.startsWith('fn:')) {
      other = true;
      return;
    }
    if (y.k === 'deriv' || y.k === 'big' || y.k === 'unknown' || y.k === 'matrix' || y.k === 'cases' || y.k === 'ind') {
      other = true;
      return;
    }
    mapChildren(y, (z) => {
      visit(z);
      return z;
    });
  };
  visit(f);
  return seen && !other;
}

/** `∂f/∂u · ∂u/∂x` → `∂f/∂x` when the rule holds whatever f is (see the file comment); null otherwise. */
function joinPair(outer: Deriv & { wrt: Sym }, inner: Deriv & { wrt: Sym }, summedOver: string | null, readsOther: ReadsOther): Deriv | null {
  const u = outer.wrt;
  if (key(inner.f) !== key(u)) return null;
  const x = inner.wrt;
  if (key(x) === key(u)) return null;
  // f must not read x itself (then x reaches f by another road than u).
  if (readsOther(outer.f, u, x.name)) return null;
  if (summedOver !== null) {
    const only = u.idx.length === 1 && u.idx[0]!.k === 'sym' && u.idx[0].name === summedOver && u.idx[0].idx.length === 0;
    if (!only || mentionsName(outer.f, summedOver) || mentionsName(x, summedOver)) return null;
  } else if (u.idx.length > 0) {
    if (isOpaque(outer.f) || !readsOnly(outer.f, u)) return null;
  } else if (!isOpaque(outer.f) && !readsOnly(outer.f, u)) return null;
  return { k: 'deriv', f: outer.f, wrt: x, s: outer.s, e: inner.e };
}

/** One contraction in a product's factors, or null. */
function contractFactors(fs: Expr[], summedOver: string | null, readsOther: ReadsOther): Expr[] | null {
  for (let a = 0; a < fs.length; a++) {
    const fa = fs[a]!;
    if (!isDerivBySym(fa)) continue;
    for (let b = 0; b < fs.length; b++) {
      const fb = fs[b]!;
      if (a === b || !isDerivBySym(fb)) continue;
      const joined = joinPair(fa, fb, summedOver, readsOther);
      if (!joined) continue;
      const out = fs.filter((_, n) => n !== a && n !== b);
      out.splice(Math.min(a, b), 0, joined);
      return out;
    }
  }
  return null;
}

function asProduct(fs: Expr[], like: Expr): Expr {
  return fs.length === 1 ? fs[0]! : { k: 'mul', fs, s: like.s, e: like.e };
}

/**
 * Does `f` read a symbol named `name` other than through `u`? The default reads the tree as written;
 * the document follows its definitions (`J` defined through `\hat y`, `\hat y` through θ).
 */
export type ReadsOther = (f: Expr, u: Expr, name: string) => boolean;

const writtenOnly: ReadsOther = (f, _u, name) => mentionsName(f, name);

/** `x` with every product the chain rule joins replaced by its one derivative; `joined` counts the joins. */
export function contractChains(x: Expr, readsOther: ReadsOther = writtenOnly): { expr: Expr; joined: number } {
  let joined = 0;
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    if (z.k === 'mul') {
      let fs = z.fs;
      for (let guard = 0; guard < 16; guard++) {
        const next = contractFactors(fs, null, readsOther);
        if (!next) break;
        fs = next;
        joined++;
      }
      return fs === z.fs ? z : asProduct(fs, z);
    }
    if (z.k === 'big' && z.op === 'sum' && z.ne.length === 0 && z.body.k === 'mul') {
      // Σ_k c · ∂f/∂u_k · ∂u_k/∂x with c free of k: c · ∂f/∂x.
      const free = z.body.fs.filter((f) => !mentionsName(f, z.v));
      const bound = z.body.fs.filter((f) => mentionsName(f, z.v));
      if (bound.length === 2) {
        const next = contractFactors(bound, z.v, readsOther);
        if (next && next.length === 1) {
          joined++;
          return asProduct([...free, next[0]!], z);
        }
      }
    }
    return z;
  };
  return { expr: go(x), joined };
}

/** The free index letters of a derivative, in the order written, or null when an index is not a plain letter or number. */
function freeLetters(x: Expr): string[] | null {
  const out: string[] = [];
  let bad = false;
  const go = (y: Expr, bound: string[]): void => {
    if (bad) return;
    if (y.k === 'sym') {
      if (y.idx.length === 0 && INDEX_LETTERS.has(y.name) && !bound.includes(y.name) && !out.includes(y.name)) out.push(y.name);
      for (const i of y.idx) {
        if (i.k === 'num') continue;
        if (i.k === 'sym' && i.idx.length === 0) {
          if (!bound.includes(i.name) && !out.includes(i.name)) out.push(i.name);
          continue;
        }
        bad = true;
      }
      return;
    }
    if (y.k === 'big') {
      if (y.lo) go(y.lo, bound);
      if (y.hi) go(y.hi, bound);
      go(y.body, [...bound, y.v]);
      return;
    }
    mapChildren(y, (z) => {
      go(z, bound);
      return z;
    });
  };
  go(x, []);
  return bad ? null : out;
}

/**
 * `x` with each derivative `cannotCompute` says no to replaced by an unknown quantity named by how
 * it is written (its free indices kept as indices, so `∂p_k/∂o_i` is one entry of one unknown
 * matrix). Null when a derivative's indices cannot be named.
 */
export function opaqueDerivatives(x: Expr, cannotCompute: (d: Expr) => boolean): { expr: Expr; named: number } | null {
  let named = 0;
  let failed = false;
  const go = (y: Expr): Expr => {
    if (failed) return y;
    if (y.k === 'deriv') {
      if (!cannotCompute(y)) return y;
      const letters = freeLetters(y);
      if (!letters) {
        failed = true;
        return y;
      }
      const rename = (z: Expr): Expr => {
        const w = mapChildren(z, rename);
        if (w.k === 'sym' && w.idx.length === 0 && letters.includes(w.name)) return { ...w, name: `#${letters.indexOf(w.name)}` };
        return w;
      };
      named++;
      return { k: 'sym', name: `∂${key(rename(y))}`, idx: letters.map((l) => ({ k: 'sym', name: l, idx: [], s: y.s, e: y.s })), s: y.s, e: y.e };
    }
    return mapChildren(y, go);
  };
  const expr = go(x);
  return failed ? null : { expr, named };
}
