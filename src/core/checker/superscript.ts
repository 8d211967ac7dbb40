import type { Expr } from '../latex/tree';
import { SHORTHAND_INDEX_LETTERS } from '../knowledge/letters';

/**
 * Superscript indices: many notes index vector components from above (`y^i`, `s^i`, `(e^z)^j`
 * for the j-th entry of e^z), the way physics and some ML courses do. The parser cannot tell
 * `y^i` from a power, so the checker rewrites the tree once it knows the note: a bare index letter
 * (i, j, k, l, or the letter an enclosing sum binds) as the exponent of a plain symbol is that
 * symbol's component.
 *
 * A power with an index letter is still possible (`x^k` in a polynomial), so a symbol the note
 * also raises to a compound index power (`x^{k-1}`, `x^{2k}`, found by `compoundPowerBases`)
 * keeps the power reading everywhere: reading `x^k` as a component there would invent a mistake.
 */

const INDEX_LETTERS = SHORTHAND_INDEX_LETTERS;
/** Names that are never vectors: constants and the vector-length letters. */
const NOT_VECTORS = new Set(['e', 'pi', 'n', 'N', 'K', 'C']);

/**
 * Letters raised to a compound exponent that mentions an index letter (`x^{k-1}`, `a^{2i}`,
 * `w^{i+1}`): in this note those symbols have genuine powers with index exponents.
 */
export function compoundPowerBases(markdown: string): Set<string> {
  const out = new Set<string>();
  const re = /([A-Za-z])\s*\^\s*\{([^{}]{1,40})\}/g;
  for (const m of markdown.matchAll(re)) {
    const body = m[2]!.replace(/\s+/g, '');
    if (!/(^|[^A-Za-z\\])[ijkl]($|[^A-Za-z])/.test(body)) continue;
    // `{i}` and `{(i)}` are the index itself, not a compound power.
    if (/^\(?[ijkl]\)?$/.test(body)) continue;
    out.add(m[1]!);
  }
  return out;
}

/** What the rewrite knows at a node: the note's power bases and the letters bound by enclosing sums. */
interface Scope {
  powerBases: Set<string>;
  bound: string[];
}

function isBareIndex(x: Expr, sc: Scope): boolean {
  return x.k === 'sym' && x.idx.length === 0 && (INDEX_LETTERS.has(x.name) || sc.bound.includes(x.name));
}

function isPlainVector(x: Expr, sc: Scope): x is Extract<Expr, { k: 'sym' }> {
  return x.k === 'sym' && x.idx.length === 0 && !NOT_VECTORS.has(x.name) && !INDEX_LETTERS.has(x.name) && !sc.bound.includes(x.name) && !sc.powerBases.has(x.name);
}

/** `y^i` → `y_i`, `(e^z)^i` → `e^{z_i}`; a copy where anything changed, the same node where nothing did. */
export function superscriptIndices(x: Expr, powerBases: Set<string>): Expr {
  try {
    return rewrite(x, { powerBases, bound: [] });
  } catch (error) {
    // Trees are bounded by the parser; if one is still too deep for recursion, leave it as written.
    if (error instanceof RangeError) return x;
    throw error;
  }
}

function rewriteAll(xs: Expr[], powerBases: Scope): Expr[] | null {
  let changed = false;
  const out = xs.map((y) => {
    const r = rewrite(y, powerBases);
    if (r !== y) changed = true;
    return r;
  });
  return changed ? out : null;
}

function rewrite(x: Expr, pb: Scope): Expr {
  switch (x.k) {
    case 'pow': {
      if (isBareIndex(x.x, pb)) {
        if (isPlainVector(x.b, pb)) return { k: 'sym', name: x.b.name, idx: [x.x], s: x.s, e: x.e };
        const b = x.b;
        if (b.k === 'call' && b.f === 'exp' && b.args.length === 1 && isPlainVector(b.args[0]!, pb)) {
          const v = b.args[0] as Extract<Expr, { k: 'sym' }>;
          return { k: 'call', f: 'exp', args: [{ ...v, idx: [x.x] }], s: x.s, e: x.e };
        }
      }
      const b = rewrite(x.b, pb);
      const p = rewrite(x.x, pb);
      return b === x.b && p === x.x ? x : { ...x, b, x: p };
    }
    case 'add': {
      const t = rewriteAll(x.terms, pb);
      return t ? { ...x, terms: t } : x;
    }
    case 'mul': {
      const t = rewriteAll(x.fs, pb);
      return t ? { ...x, fs: t } : x;
    }
    case 'neg': {
      const y = rewrite(x.x, pb);
      return y === x.x ? x : { ...x, x: y };
    }
    case 'div': {
      const n = rewrite(x.n, pb);
      const d = rewrite(x.d, pb);
      return n === x.n && d === x.d ? x : { ...x, n, d };
    }
    case 'call': {
      const a = rewriteAll(x.args, pb);
      return a ? { ...x, args: a } : x;
    }
    case 'big': {
      const body = rewrite(x.body, { powerBases: pb.powerBases, bound: [...pb.bound, x.v] });
      return body === x.body ? x : { ...x, body };
    }
    case 'deriv': {
      const f = rewrite(x.f, pb);
      const wrt = rewrite(x.wrt, pb);
      return f === x.f && wrt === x.wrt ? x : { ...x, f, wrt };
    }
    case 'cases': {
      let changed = false;
      const branches = x.branches.map((br) => {
        const value = rewrite(br.value, pb);
        if (value !== br.value) changed = true;
        return { ...br, value };
      });
      return changed ? { ...x, branches } : x;
    }
    case 'matrix': {
      let changed = false;
      const rows = x.rows.map((row) =>
        row.map((cell) => {
          const y = rewrite(cell, pb);
          if (y !== cell) changed = true;
          return y;
        }),
      );
      return changed ? { ...x, rows } : x;
    }
    default:
      return x;
  }
}
