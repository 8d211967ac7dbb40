/**
 * The small math tree the checker reasons about. Every node keeps `s`/`e`: UTF-16 offsets into the
 * TeX source it came from (best effort: KaTeX gives no positions for macro-expanded material, so a
 * node from `\neq` inherits the span of its surroundings).
 */
export type Expr =
  /** `decimals`: how many digits the note wrote after the point (`0.105` has 3): the value is given to that precision. */
  /** `ones`: written `\\mathbf 1` (the vector of ones to the matrix reading). */
  | { k: 'num'; v: number; s: number; e: number; decimals?: number; ones?: boolean }
  /** A named quantity: `a_i` is `{name:'a', idx:[i]}`, `\hat y` is `{name:'hat y', idx:[]}`. */
  /** `sup`: an index written as a superscript in parentheses (`x^{(i)}`, the i-th sample), on the index itself. */
  | { k: 'sym'; name: string; idx: Expr[]; s: number; e: number; sup?: true }
  | { k: 'add'; terms: Expr[]; s: number; e: number }
  | { k: 'neg'; x: Expr; s: number; e: number }
  | { k: 'mul'; fs: Expr[]; s: number; e: number }
  | { k: 'div'; n: Expr; d: Expr; s: number; e: number }
  | { k: 'pow'; b: Expr; x: Expr; s: number; e: number }
  /** Known functions: ln, exp, sqrt, sigmoid, tanh, softmax, abs, plus `name'` for a first derivative. */
  | { k: 'call'; f: string; args: Expr[]; s: number; e: number }
  /** `\sum`/`\prod` binding `v`; `lo`/`hi` default to 1…n; `ne` lists index expressions to skip. */
  | { k: 'big'; op: 'sum' | 'prod'; v: string; lo: Expr | null; hi: Expr | null; ne: Expr[]; body: Expr; s: number; e: number }
  /** `∂f/∂wrt`; `wrt` is a sym (a vector component, a scalar, or a bare index letter for the logit shorthand). */
  | { k: 'deriv'; f: Expr; wrt: Expr; s: number; e: number; /** Written as an operator letter (`D_j S_i`): a product if the note defines that letter. */ op?: string; /** Read as the direct (local) partial: what the differentiated quantity is defined through is held fixed (a checker reading). */ direct?: boolean }
  /** δ_ij, 1_{i=j}, \mathbb{1}_{i≠j}: 1 when the comparison holds, else 0. */
  | { k: 'ind'; a: Expr; b: Expr; eq: boolean; s: number; e: number }
  | { k: 'cases'; branches: { value: Expr; cond: Cond | null }[]; s: number; e: number }
  /**
   * A bmatrix/pmatrix of cells (a column vector has one cell per row): judged cell by cell, never
   * evaluated whole. With `pattern`, a column written with ⋮: its one cell is the m-th entry, `pattern`
   * the name of m in it.
   */
  | { k: 'matrix'; rows: Expr[][]; s: number; e: number; pattern?: string }
  /** `matrix`: the tree of matrix algebra with a transposed vector (`diag(p) - p p^T`), read only entry by entry. */
  | { k: 'unknown'; why: string; s: number; e: number; matrix?: Expr };

/**
 * The variable of a differential operator written without one (`\delta\{f(x)\}` for d/dx): the
 * checker takes the one free scalar the operand depends on, and declines when there is not exactly one.
 */
export const IMPLICIT_VARIABLE = '#implicit';

/** A bare `\sum` used as a symbol (`\frac{e^{z_i}}{\sum}`): the softmax denominator, the sum of the logits' exponentials. */
export const SOFTMAX_SUM = '#softmax-sum';
/** `softmax(E)_i` of a vector expression E: a call with arguments [E, i], read entry by entry by the checker. */
export const VECTOR_SOFTMAX = '#softmax-of';

/** `(E)_i`, `[\\nabla_{\\mathbf z} L]_i`: entry i of a bracketed expression, a call with arguments [E, i], read entry by entry by the checker. */
export const ENTRY_OF = '#entry-of';

/** The call a transposed bare vector is read as (`\\mathbf p^\\top`): no scalar value; the matrix reading gives it one. */
export const TRANSPOSE = '#transpose';

/** The call a norm `\\|v\\|` (`\\|v\\|_2`) is read as: no scalar value; the matrix reading gives it one. */
export const NORM = '#norm';

export interface Cond {
  a: Expr;
  b: Expr;
  rel: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
}

/** A relation between two items of a row: `=` is judged, `def` defines, `other` ends a chain. */
export type Relation = 'eq' | 'def' | 'other';

/** One side of a relation: the expression plus its span in the TeX (the span is empty for `&= …` rows). */
export interface Item {
  expr: Expr | null;
  s: number;
  e: number;
  text: string;
}

/** A row of a display block (or one `\quad`-separated statement): items joined by relations. */
export interface Row {
  items: Item[];
  rels: { rel: Relation; text: string; s: number; e: number }[];
  /** Conditions attached to the row (`& i = j`, `\text{if } i \neq j`), raw. */
  conds: Cond[];
  /** A statement written aside a claim (`\quad \text{where } p_i = …`, `\because L = …`): it does not end the claim's chain. */
  aside?: boolean;
}

/** `x` rebuilt with every direct sub-expression mapped by `f` (indices, sum bounds, conditions included). */
export function mapChildren(x: Expr, f: (y: Expr) => Expr): Expr {
  switch (x.k) {
    case 'sym': return x.idx.length === 0 ? x : { ...x, idx: x.idx.map(f) };
    case 'add': return { ...x, terms: x.terms.map(f) };
    case 'neg': return { ...x, x: f(x.x) };
    case 'mul': return { ...x, fs: x.fs.map(f) };
    case 'div': return { ...x, n: f(x.n), d: f(x.d) };
    case 'pow': return { ...x, b: f(x.b), x: f(x.x) };
    case 'call': return { ...x, args: x.args.map(f) };
    case 'big': return { ...x, lo: x.lo && f(x.lo), hi: x.hi && f(x.hi), ne: x.ne.map(f), body: f(x.body) };
    case 'deriv': return { ...x, f: f(x.f), wrt: f(x.wrt) };
    case 'ind': return { ...x, a: f(x.a), b: f(x.b) };
    case 'cases': return { ...x, branches: x.branches.map((b) => ({ value: f(b.value), cond: b.cond && { ...b.cond, a: f(b.cond.a), b: f(b.cond.b) } })) };
    case 'matrix': return { ...x, rows: x.rows.map((r) => r.map(f)) };
    default: return x;
  }
}

/** The same tree, source positions aside. */
export function sameShape(a: Expr, b: Expr): boolean {
  const noSpan = (k: string, v: unknown): unknown => (k === 's' || k === 'e' ? undefined : v);
  return JSON.stringify(a, noSpan) === JSON.stringify(b, noSpan);
}

export function spanOf(x: Expr): { s: number; e: number } {
  return { s: x.s, e: x.e };
}

/** The direct sub-expressions of `x` (a derivative's body and variable, the values of cases). */
export function childrenOf(x: Expr): Expr[] {
  switch (x.k) {
    case 'sym': return x.idx;
    case 'add': return x.terms;
    case 'neg': return [x.x];
    case 'mul': return x.fs;
    case 'div': return [x.n, x.d];
    case 'pow': return [x.b, x.x];
    case 'call': return x.args;
    case 'big': return [x.body];
    case 'deriv': return [x.f, x.wrt];
    case 'ind': return [x.a, x.b];
    case 'cases': return x.branches.map((b) => b.value);
    case 'matrix': return x.rows.flat();
    default: return [];
  }
}

/**
 * Visits `x` and its sub-expressions depth-first (iteratively: trees can be deep) until `visit`
 * returns true; returns whether it did. At most `limit` nodes are visited.
 */
export function someNode(x: Expr, visit: (node: Expr) => boolean, limit = 20_000): boolean {
  const stack: Expr[] = [x];
  for (let n = 0; stack.length > 0 && n < limit; n++) {
    const cur = stack.pop()!;
    if (visit(cur)) return true;
    stack.push(...childrenOf(cur));
  }
  return false;
}
