/**
 * Row-wise (last-axis) log-sum-exp, softmax and log-softmax of a matrix stored row-major, as
 * `torch.softmax(x, dim=-1)` does for a 2-D tensor. Each row gets exactly the single-row treatment
 * (same accuracy, same special-value rules); a fully masked row makes the whole call an error that
 * names the row, unless `fullyMasked` picks 'nan' or 'zeros'.
 */
import { fail, ok, type Result } from '../result';
import { checkRowOptions, computeRow, fillSpecial, lseFromStats, type SoftmaxOptions } from './softmax';

function checkShape(values: ArrayLike<number>, rows: number, cols: number, options: SoftmaxOptions | undefined, outLength: number): Result<number> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== values.length)
    return fail('shape-mismatch', `the matrix has ${values.length} entries, which is not ${rows} rows × ${cols} columns`);
  if (rows === 0 || cols === 0) return fail('empty-vector', `the matrix is empty (${rows} × ${cols})`);
  const t = checkRowOptions(cols, { temperature: options?.temperature });
  if (!t.ok) return t;
  const where = options?.where;
  if (where !== undefined && where.length !== values.length)
    return fail('length-mismatch', `the where-mask has ${where.length} entries but the matrix has ${values.length}`);
  const out = options?.out;
  if (out !== undefined && out.length !== outLength)
    return fail('length-mismatch', `the out buffer has ${out.length} entries but the result has ${outLength}`);
  return t;
}

/** A view of `where` shifted to one row (only used when a mask is given). */
function rowMask(where: ArrayLike<boolean> | undefined, offset: number, cols: number): ArrayLike<boolean> | undefined {
  if (where === undefined) return undefined;
  const row: boolean[] = new Array<boolean>(cols);
  for (let j = 0; j < cols; j++) row[j] = Boolean(where[offset + j]);
  return row;
}

function rowsOf(values: ArrayLike<number>, rows: number, cols: number, options: SoftmaxOptions | undefined, kind: 'softmax' | 'log'): Result<Float64Array> {
  const t = checkShape(values, rows, cols, options, values.length);
  if (!t.ok) return t;
  const out = options?.out ?? new Float64Array(values.length);
  const mode = options?.fullyMasked ?? 'error';
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    const mask = rowMask(options?.where, offset, cols);
    const row = computeRow(values, offset, cols, t.value, mask, kind, out, offset);
    if ('special' in row) {
      if (row.special === 'masked' && mode === 'error')
        return fail('fully-masked', `row ${r} is fully masked (every entry −∞ or where = false); pass fullyMasked: "nan" or "zeros" to choose a value`);
      fillSpecial(values, offset, cols, mask, row, kind, out, offset, mode === 'error' ? 'nan' : mode);
    }
  }
  return ok(out);
}

/** Softmax of each row of a rows × cols row-major matrix. */
export function softmaxRows(values: ArrayLike<number>, rows: number, cols: number, options?: SoftmaxOptions): Result<Float64Array> {
  return rowsOf(values, rows, cols, options, 'softmax');
}

/** Log-softmax of each row of a rows × cols row-major matrix. */
export function logSoftmaxRows(values: ArrayLike<number>, rows: number, cols: number, options?: SoftmaxOptions): Result<Float64Array> {
  return rowsOf(values, rows, cols, options, 'log');
}

/** Log-sum-exp of each row (length `rows`). */
export function logSumExpRows(values: ArrayLike<number>, rows: number, cols: number, options?: SoftmaxOptions): Result<Float64Array> {
  const t = checkShape(values, rows, cols, options, rows);
  if (!t.ok) return t;
  const out = options?.out ?? new Float64Array(rows);
  const mode = options?.fullyMasked ?? 'error';
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    const mask = rowMask(options?.where, offset, cols);
    const row = computeRow(values, offset, cols, t.value, mask, 'lse', undefined, 0);
    if ('special' in row) {
      if (row.special === 'masked' && mode === 'error')
        return fail('fully-masked', `row ${r} is fully masked (every entry −∞ or where = false); pass fullyMasked: "nan" or "zeros" to choose a value`);
      out[r] = row.special === 'nan' ? NaN : row.special === 'infinite' ? Infinity : -Infinity;
    } else out[r] = lseFromStats(row, values, offset, cols, t.value, mask);
  }
  return ok(out);
}
