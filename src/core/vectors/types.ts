import type { VectorWarning } from './range';

/**
 * The shapes of vector literals the core recognises. A style names how the numbers were written, so
 * a result can be written back the same way (`formatVector`).
 */
export type VectorStyle =
  | 'python'
  | 'json'
  | 'tuple'
  | 'numpy'
  | 'numpy-print'
  | 'torch'
  | 'torch-print'
  | 'latex-bmatrix'
  | 'latex-pmatrix'
  | 'latex-vmatrix'
  | 'latex-left'
  | 'plain';

export const vectorStyles: readonly VectorStyle[] = [
  'python',
  'json',
  'tuple',
  'numpy',
  'numpy-print',
  'torch',
  'torch-print',
  'latex-bmatrix',
  'latex-pmatrix',
  'latex-vmatrix',
  'latex-left',
  'plain',
];

export interface ParsedVector {
  /** The numbers, row-major when 2-D. */
  values: Float64Array;
  /** `[n]` for a vector, `[rows, cols]` for a batch of rows. */
  shape: readonly number[];
  /** UTF-16 span of the whole literal in the text that was searched. */
  offset: number;
  length: number;
  style: VectorStyle;
  /** Numbers written beyond the range of a double (read as ±∞ or 0), with their positions; absent when there are none. */
  warnings?: readonly VectorWarning[];
}
