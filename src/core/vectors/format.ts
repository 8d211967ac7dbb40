import type { VectorStyle } from './types';

export interface FormatOptions {
  /** Significant digits; omitted = the shortest text that reads back to the same float64. */
  digits?: number;
}

/**
 * The shortest decimal that reads back to exactly `x` (JavaScript's `Number#toString` guarantees
 * this), with `-0` kept — `String(-0)` is `"0"`, which would lose the sign bit.
 */
function shortest(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

function rounded(x: number, digits: number | undefined): number {
  if (digits === undefined || !Number.isFinite(x)) return x;
  const d = Math.min(17, Math.max(1, Math.round(digits)));
  return Number(x.toPrecision(d));
}

/** Python's float repr: integral values keep a `.0` (`2.0`, `-0.0`); `1e+21` reads back as is. */
function pythonNumber(x: number, inf: string, nan: string): string {
  if (Number.isNaN(x)) return nan;
  if (x === Infinity) return inf;
  if (x === -Infinity) return `-${inf}`;
  const s = shortest(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** NumPy/PyTorch print-outs write integral floats with a bare dot: `2.`, `-0.`. */
function printedNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const s = shortest(x);
  return /[.e]/.test(s) ? s : `${s}.`;
}

function jsNumber(x: number): string {
  return shortest(x); // Infinity, -Infinity, NaN, -0 read back by the parser
}

/** LaTeX: `1.5 \times 10^{-7}` instead of `1.5e-7`; `\infty`; `\text{NaN}`. */
export function latexNumber(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (x === Infinity) return '\\infty';
  if (x === -Infinity) return '-\\infty';
  const s = shortest(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exponent = s.slice(e + 1).replace(/^\+/, '');
  return `${s.slice(0, e)} \\times 10^{${exponent}}`;
}

function plainNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return shortest(x);
}

/** One number as the given style writes it. */
export function formatNumber(x: number, style: VectorStyle, options?: FormatOptions): string {
  const v = rounded(x, options?.digits);
  switch (style) {
    case 'python':
    case 'tuple':
    case 'torch':
      return pythonNumber(v, "float('inf')", "float('nan')").replace("-float('inf')", "float('-inf')");
    case 'numpy':
      return pythonNumber(v, 'np.inf', 'np.nan');
    case 'json':
      return jsNumber(v);
    case 'numpy-print':
    case 'torch-print':
      return printedNumber(v);
    case 'latex-bmatrix':
    case 'latex-pmatrix':
    case 'latex-vmatrix':
    case 'latex-left':
      return latexNumber(v);
    case 'plain':
      return plainNumber(v);
  }
}

function join(values: ArrayLike<number>, style: VectorStyle, separator: string, options?: FormatOptions): string {
  const parts: string[] = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = formatNumber(values[i] ?? NaN, style, options);
  return parts.join(separator);
}

/**
 * Writes a vector in one of the recognised styles; `parseVector` reads every output back to the same
 * numbers (bit for bit with the default shortest digits, including `-0`, `±inf` and NaN).
 *
 * @example formatVector([2, 1, 0.1], 'torch-print') // "tensor([2., 1., 0.1])"
 */
export function formatVector(values: ArrayLike<number>, style: VectorStyle, options?: FormatOptions): string {
  switch (style) {
    case 'python':
      return `[${join(values, style, ', ', options)}]`;
    case 'json':
      return `[${join(values, style, ', ', options)}]`;
    case 'tuple':
      return values.length === 1 ? `(${join(values, style, '', options)},)` : `(${join(values, style, ', ', options)})`;
    case 'numpy':
      return `np.array([${join(values, style, ', ', options)}])`;
    case 'numpy-print':
      return `[${join(values, style, ' ', options)}]`;
    case 'torch':
      return `torch.tensor([${join(values, style, ', ', options)}])`;
    case 'torch-print':
      return `tensor([${join(values, style, ', ', options)}])`;
    case 'latex-bmatrix':
    case 'latex-pmatrix':
    case 'latex-vmatrix': {
      const env = style.slice('latex-'.length);
      return `\\begin{${env}} ${join(values, style, ' & ', options)} \\end{${env}}`;
    }
    case 'latex-left':
      return `\\left[ ${join(values, style, ', ', options)} \\right]`;
    case 'plain':
      return join(values, style, ' ', options);
  }
}

/**
 * Writes a row-major `rows × cols` matrix (a batch of vectors, a Jacobian) in a style; LaTeX styles
 * put one row per line separated by `\\`, list styles nest the rows.
 */
export function formatMatrix(values: ArrayLike<number>, rows: number, cols: number, style: VectorStyle, options?: FormatOptions): string {
  const rowTexts: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.prototype.slice.call(values, r * cols, r * cols + cols) as number[];
    rowTexts.push(style.startsWith('latex-') ? join(row, style, ' & ', options) : style === 'plain' ? join(row, style, ' ', options) : formatVector(row, style === 'numpy' || style === 'torch' || style === 'torch-print' ? 'python' : style, options));
  }
  switch (style) {
    case 'latex-bmatrix':
    case 'latex-pmatrix':
    case 'latex-vmatrix':
    case 'latex-left': {
      const env = style === 'latex-left' ? 'bmatrix' : style.slice('latex-'.length);
      return `\\begin{${env}}\n${rowTexts.map((r) => `  ${r}`).join(' \\\\\n')}\n\\end{${env}}`;
    }
    case 'plain':
      return rowTexts.join('\n');
    case 'numpy-print':
      return `[${rowTexts.join('\n ')}]`;
    case 'numpy':
      return `np.array([${rowTexts.join(', ')}])`;
    case 'torch':
      return `torch.tensor([${rowTexts.join(', ')}])`;
    case 'torch-print':
      return `tensor([${rowTexts.join(',\n        ')}])`;
    case 'tuple':
      return `(${rowTexts.join(', ')})`;
    default:
      return `[${rowTexts.join(', ')}]`;
  }
}
