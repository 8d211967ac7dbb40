/**
 * The total differential: `\mathrm{d}J = \sum_i (p_i - y_i)\,\mathrm{d}z_i`, `dL = \sum_i g_i\, dz_i`.
 * The parser reads `\mathrm{d}J` as the product d·J; in a row that also writes `d z_i` (d right before
 * an entry of one vector) the d's are differentials:
 * - `d z_i` becomes `Δz_i`, an arbitrary (random) direction, one value per entry;
 * - `d F` at the head of a product, F a quantity or a function's value, becomes
 *   `Σ_k ∂F/∂z_k · Δz_k`, the change of F along that direction.
 * Two differentials are equal for every direction exactly when their coefficients are, so the
 * link is then an ordinary claim the evaluator can judge. A row without `d z_i`, or with `d` before
 * entries of two vectors is not read; so is one in a note that gives d a meaning (a length, a value)
 * unless the note writes its d upright.
 */
import { mapChildren, someNode, type Expr, type Row } from '../latex/tree';

/** The name of the direction of `z` (a name no note writes). */
export function directionName(vector: string): string {
  return `Δ${vector}`;
}

const isD = (x: Expr | undefined): boolean => !!x && x.k === 'sym' && x.name === 'd' && x.idx.length === 0;

/** The vectors whose entries follow a `d` in `x` (`d z_i`, `\mathrm{d} z_i`). */
function differentiated(x: Expr, out: Set<string>): void {
  someNode(x, (y) => {
    if (y.k !== 'mul') return false;
    for (let n = 0; n + 1 < y.fs.length; n++) {
      const next = y.fs[n + 1]!;
      if (isD(y.fs[n]) && next.k === 'sym' && next.idx.length === 1 && next.name !== 'd') out.add(next.name);
    }
    return false;
  });
}

/**
 * The row with its differentials read (see the module comment), or the row itself. `dHasMeaning`
 * says whether the note uses d otherwise (a length, a bound, a definition).
 */
export function withDifferentials(row: Row, dHasMeaning: boolean, uprightD: boolean): Row {
  const vectors = new Set<string>();
  for (const item of row.items) if (item.expr) differentiated(item.expr, vectors);
  if (vectors.size === 0) return row;
  // A note that writes its d upright (`\mathrm{d}`, `{\rm d}`: `uprightD`) means the differential whatever else
  // d names; an italic one in a note where d is a length or a value may be either: not read.
  if (vectors.size !== 1 || (dHasMeaning && !uprightD)) {
    const why = vectors.size !== 1 ? 'differentials of two vectors' : 'd may be a differential or the quantity d';
    return { ...row, items: row.items.map((item) => (item.expr ? { ...item, expr: { k: 'unknown', why, s: item.expr.s, e: item.expr.e } } : item)) };
  }
  const v = [...vectors][0]!;
  const used = new Set<string>();
  for (const item of row.items) if (item.expr) someNode(item.expr, (y) => (y.k === 'sym' && y.idx.length === 0 ? (used.add(y.name), false) : y.k === 'big' ? (used.add(y.v), false) : false));
  const k = ['k', 'm', 'l', 'r', 'q', 'u'].find((c) => !used.has(c));
  if (!k) return row;
  let changed = false;
  const rewrite = (x: Expr): Expr => {
    const y = mapChildren(x, rewrite);
    if (y.k !== 'mul') return y;
    const fs: Expr[] = [];
    for (let n = 0; n < y.fs.length; n++) {
      const f = y.fs[n]!;
      const next = y.fs[n + 1];
      if (isD(f) && next && next.k === 'sym' && next.name === v && next.idx.length === 1) {
        fs.push({ k: 'sym', name: directionName(v), idx: next.idx, s: f.s, e: next.e });
        n++;
        changed = true;
        continue;
      }
      if (isD(f) && n === 0 && y.fs.length === 2 && next && ((next.k === 'sym' && next.name !== v) || next.k === 'call')) {
        // `d F`: the change of F along the direction.
        const at: Expr = { k: 'sym', name: k, idx: [], s: f.s, e: f.s };
        const by: Expr = { k: 'sym', name: v, idx: [at], s: f.s, e: f.s };
        const term: Expr = { k: 'mul', fs: [{ k: 'deriv', f: next, wrt: by, s: f.s, e: next.e }, { k: 'sym', name: directionName(v), idx: [at], s: f.s, e: f.s }], s: f.s, e: next.e };
        changed = true;
        return { k: 'big', op: 'sum', v: k, lo: null, hi: null, ne: [], body: term, s: y.s, e: y.e };
      }
      fs.push(f);
    }
    return fs.length === y.fs.length ? y : fs.length === 1 ? fs[0]! : { ...y, fs };
  };
  const items = row.items.map((item) => (item.expr ? { ...item, expr: rewrite(item.expr) } : item));
  return changed ? { ...row, items } : row;
}
