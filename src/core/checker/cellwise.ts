/**
 * Matrix-valued steps judged cell by cell: `\begin{bmatrix} a_1(1-a_1) & -a_1 a_2 \\ … \end{bmatrix}
 * = \begin{bmatrix} … \end{bmatrix}`, `-\begin{bmatrix} y_1/a_1 \\ y_2/a_2 \end{bmatrix}`, a scalar
 * times a matrix, sums of matrices of one shape, a matrix over a scalar. A product of two matrices,
 * a matrix beside a scalar term, or a matrix inside a function has no cell-by-cell reading here:
 * not read.
 */
import { someNode, type Expr } from '../latex/tree';
import { componentAt } from './componentwise';

type Shape = [number, number];

const BAD = 'bad' as const;

function hasMatrix(x: Expr): boolean {
  return someNode(x, (y) => y.k === 'matrix');
}

/** The shape of a matrix-valued expression, null for a scalar, `bad` for a matrix we cannot read cell by cell. */
export function shapeOf(x: Expr): Shape | null | typeof BAD {
  switch (x.k) {
    case 'matrix':
      // A column written with ⋮ has no fixed cells: it is read as vector notation (componentwise.ts).
      if (x.pattern) return BAD;
      return [x.rows.length, x.rows[0]?.length ?? 0];
    case 'neg':
      return shapeOf(x.x);
    case 'add': {
      const shapes = x.terms.map(shapeOf);
      if (shapes.some((s) => s === BAD)) return BAD;
      const first = shapes.find((s) => s !== null) as Shape | undefined;
      if (!first) return null;
      // Every term a matrix of one shape (a scalar term would have to be broadcast).
      return shapes.every((s) => s !== null && s !== BAD && s[0] === first[0] && s[1] === first[1]) ? first : BAD;
    }
    case 'mul': {
      const shapes = x.fs.map(shapeOf);
      if (shapes.some((s) => s === BAD)) return BAD;
      const matrices = shapes.filter((s) => s !== null) as Shape[];
      if (matrices.length === 0) return null;
      return matrices.length === 1 ? matrices[0]! : BAD;
    }
    case 'div': {
      const n = shapeOf(x.n);
      const d = shapeOf(x.d);
      if (n === BAD || d !== null) return BAD;
      return n;
    }
    default:
      return hasMatrix(x) ? BAD : null;
  }
}

/** Cell (r, c) of a matrix-valued expression whose shape `shapeOf` read. */
function cellOf(x: Expr, r: number, c: number): Expr {
  switch (x.k) {
    case 'matrix':
      return x.rows[r]![c]!;
    case 'neg':
      return { ...x, x: cellOf(x.x, r, c) };
    case 'add':
      return { ...x, terms: x.terms.map((t) => cellOf(t, r, c)) };
    case 'mul':
      return { ...x, fs: x.fs.map((f) => (shapeOf(f) === null ? f : cellOf(f, r, c))) };
    case 'div':
      return { ...x, n: cellOf(x.n, r, c) };
    default:
      return x;
  }
}

export interface CellPair {
  row: number;
  col: number;
  a: Expr;
  b: Expr;
}

/**
 * The cell-by-cell links of `a = b`, or null: both sides matrices of one shape; or a matrix written
 * out against vector notation — a column or row against a vector-valued side (`\nabla_{\mathbf z} L`,
 * `\mathbf p - \mathbf y`: entry m is its m-th component), a square matrix against a Jacobian
 * `\partial \mathbf a / \partial \mathbf z` (cell (r, c) is ∂a_r/∂z_c). `length`: the vector length the
 * written-out matrix fixes (null when both sides are matrices).
 */
export function cellwisePairs(a: Expr, b: Expr, isVector: (name: string) => boolean): { cells: CellPair[]; length: number | null } | null {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa === BAD || sb === BAD) return null;
  if (sa && sb) {
    if (sa[0] !== sb[0] || sa[1] !== sb[1]) return null;
    const cells: CellPair[] = [];
    for (let r = 0; r < sa[0]; r++) for (let c = 0; c < sa[1]; c++) cells.push({ row: r + 1, col: c + 1, a: cellOf(a, r, c), b: cellOf(b, r, c) });
    return { cells, length: null };
  }
  const [m, other, shape, matrixFirst] = sa ? [a, b, sa, true] : sb ? [b, a, sb, false] : [null, null, null, false];
  if (!m || !other || !shape) return null;
  const pair = (row: number, col: number, cell: Expr, x: Expr): CellPair => (matrixFirst ? { row, col, a: cell, b: x } : { row, col, a: x, b: cell });
  const cells: CellPair[] = [];
  if (shape[0] === 1 || shape[1] === 1) {
    const n = shape[0] * shape[1];
    if (n < 2) return null;
    for (let t = 0; t < n; t++) {
      const x = componentAt(other, isVector, t + 1);
      if (!x) return null;
      const [r, c] = shape[1] === 1 ? [t, 0] : [0, t];
      cells.push(pair(r + 1, c + 1, cellOf(m, r, c), x));
    }
    return { cells, length: n };
  }
  const jac = other.k === 'deriv' && other.f.k === 'sym' && other.f.idx.length === 0 && isVector(other.f.name) && other.wrt.k === 'sym' && other.wrt.idx.length === 0 && isVector(other.wrt.name) ? other : null;
  if (!jac || shape[0] !== shape[1] || jac.f.k !== 'sym' || jac.wrt.k !== 'sym') return null;
  const num = (v: number): Expr => ({ k: 'num', v, s: jac.s, e: jac.e });
  for (let r = 0; r < shape[0]; r++) {
    for (let c = 0; c < shape[1]; c++) {
      const x: Expr = { ...jac, f: { ...jac.f, idx: [num(r + 1)] }, wrt: { ...jac.wrt, idx: [num(c + 1)] } };
      cells.push(pair(r + 1, c + 1, cellOf(m, r, c), x));
    }
  }
  return { cells, length: shape[0] };
}
