/**
 * Number formatting for the derivation: LaTeX for formulas, plain text for tables and tooltips.
 * Both round to `digits` significant digits and drop trailing zeros, so 0.5 prints as `0.5`, not
 * `0.5000`; very small or large magnitudes switch to scientific notation the way `toPrecision` does.
 */

/** `x` as LaTeX: `0.2447`, `-1.5`, `3.1 \times 10^{-11}`, `\infty`, `\mathrm{NaN}`. */
export function latexNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) return '\\mathrm{NaN}';
  if (x === Infinity) return '\\infty';
  if (x === -Infinity) return '-\\infty';
  const text = plainNumber(x, digits);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const mantissa = text.slice(0, e);
  const exponent = Number(text.slice(e + 1));
  return `${mantissa} \\times 10^{${exponent}}`;
}

/**
 * `x` as a factor inside a product or after a binary minus: negative numbers and scientific
 * notation get parentheses, so `s_i \cdot (-0.5)` never reads as a subtraction.
 */
export function latexFactor(x: number, digits: number): string {
  const body = latexNumber(x, digits);
  return x < 0 || body.includes('\\times') ? `\\left(${body}\\right)` : body;
}

/** `x` as plain text: `0.2447`, `-1.5`, `3.1e-11`, `Infinity`, `NaN`. */
export function plainNumber(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const p = Math.min(17, Math.max(1, Math.round(digits)));
  const raw = x.toPrecision(p);
  const e = raw.indexOf('e');
  const mantissa = stripZeros(e < 0 ? raw : raw.slice(0, e));
  if (e < 0) return mantissa;
  const exponent = Number(raw.slice(e + 1));
  return `${mantissa}e${exponent}`;
}

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * A row vector as a LaTeX `bmatrix`; when longer than `maxShown`, the first entries, `\cdots` and
 * the last two, with the length noted by the caller.
 */
export function latexVector(values: ArrayLike<number>, digits: number, maxShown = 12): string {
  const n = values.length;
  const cells: string[] = [];
  if (n <= maxShown) {
    for (let k = 0; k < n; k++) cells.push(latexNumber(values[k] ?? NaN, digits));
  } else {
    const head = Math.max(1, maxShown - 3);
    for (let k = 0; k < head; k++) cells.push(latexNumber(values[k] ?? NaN, digits));
    cells.push('\\cdots');
    for (let k = n - 2; k < n; k++) cells.push(latexNumber(values[k] ?? NaN, digits));
  }
  return `\\begin{bmatrix} ${cells.join(' & ')} \\end{bmatrix}`;
}

/** A dense matrix (rows) as a LaTeX `bmatrix`. Callers keep it small (n ≤ 8 or so). */
export function latexMatrix(rows: readonly ArrayLike<number>[], digits: number): string {
  const lines = rows.map((row) => {
    const cells: string[] = [];
    for (let k = 0; k < row.length; k++) cells.push(latexNumber(row[k] ?? NaN, digits));
    return cells.join(' & ');
  });
  return `\\begin{bmatrix} ${lines.join(' \\\\ ')} \\end{bmatrix}`;
}

/**
 * Splits prose that marks inline math with `$…$` into text and math parts. The prose comes from the
 * builder's own texts (never from a note); an unmatched `$` is kept as text.
 */
export function splitProse(prose: string): { kind: 'text' | 'math'; value: string }[] {
  const parts: { kind: 'text' | 'math'; value: string }[] = [];
  let rest = prose;
  for (;;) {
    const open = rest.indexOf('$');
    const close = open < 0 ? -1 : rest.indexOf('$', open + 1);
    if (open < 0 || close < 0) {
      if (rest.length > 0) parts.push({ kind: 'text', value: rest });
      return parts;
    }
    if (open > 0) parts.push({ kind: 'text', value: rest.slice(0, open) });
    parts.push({ kind: 'math', value: rest.slice(open + 1, close) });
    rest = rest.slice(close + 1);
  }
}
