import { summarizeLogits, type LogitsSummary, type Target } from '../numeric';
import { fail, ok, type Result } from '../result';
import type { ParsedVector } from './types';

export type AnalysisKind = 'evaluate' | 'jacobian' | 'crossEntropy';

export interface AnalysisOptions {
  temperature?: number;
  /** Cross-entropy target, applied to every row of a batch. */
  target?: Target;
  /** Dense Jacobian up to this many classes (default 64). */
  jacobianLimit?: number;
}

/** A vector and the summary of each of its rows (one row for a 1-D vector). */
export interface VectorAnalysis {
  vector: ParsedVector;
  rows: LogitsSummary[];
}

/** Rows of a parsed vector: `[values]` for 1-D, `rows` slices for a batch. */
/** The row a single-vector view explains: the vector itself, or the first row of a batch (no copy). */
export function firstRow(vector: Pick<ParsedVector, 'values' | 'shape'>): Float64Array {
  return vector.shape.length > 1 ? vector.values.subarray(0, vector.shape[1] ?? vector.values.length) : vector.values;
}

export function vectorRows(vector: ParsedVector): Float64Array[] {
  if (vector.shape.length < 2) return [vector.values];
  const [rows = 0, cols = 0] = vector.shape;
  const out: Float64Array[] = [];
  for (let r = 0; r < rows; r++) out.push(vector.values.subarray(r * cols, (r + 1) * cols));
  return out;
}

/**
 * Summarises every row of a vector through the numeric core (`summarizeLogits`); the vectors module
 * never computes softmax itself. Errors name the row of a batch.
 */
export function analyzeVector(vector: ParsedVector, options?: AnalysisOptions): Result<VectorAnalysis> {
  const rows = vectorRows(vector);
  const summaries: LogitsSummary[] = [];
  for (let r = 0; r < rows.length; r++) {
    const summary = summarizeLogits(rows[r] ?? new Float64Array(0), {
      temperature: options?.temperature ?? 1,
      jacobianLimit: options?.jacobianLimit ?? 64,
      ...(options?.target ? { target: options.target } : {}),
    });
    if (!summary.ok) {
      const prefix = rows.length > 1 ? `row ${r + 1}: ` : '';
      return fail(summary.error.code, `${prefix}${summary.error.message}`, vector.offset, vector.length);
    }
    summaries.push(summary.value);
  }
  return ok({ vector, rows: summaries });
}
