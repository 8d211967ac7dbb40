/**
 * Numbers written beyond the range of a double: `1e400` is read as ∞ and `1e-400` as 0 by `Number`,
 * correctly rounded but silently. The parser reports each such number as a warning with its
 * position, so a user knows the vector is not what was written.
 */

export type VectorWarningCode = 'number-overflow' | 'number-underflow' | 'more-out-of-range';

/** Numbers reported one by one; the rest are counted in one `more-out-of-range` warning. */
export const MAX_RANGE_WARNINGS = 10;

/** A number that could not be represented: the value used and the span of the number as written. */
export interface VectorWarning {
  readonly code: VectorWarningCode;
  readonly message: string;
  /** UTF-16 span of the number in the parsed text. */
  readonly offset: number;
  readonly length: number;
}

/**
 * A decimal with its optional exponent: `1e400`, `-.5E-999`, `2.5 \times 10^{400}`, `3\cdot10^9`.
 * The look-behind keeps digits inside names (`x1e999`) out.
 */
const DECIMAL = /(?<![\p{L}\p{N}_.])[-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+\u2212]?\d+|\s*\\(?:times|cdot)\s*10\s*\^\s*(?:\{\s*[-+\u2212]?\d+\s*\}|\d))?/gu;

/** Is there a non-zero digit in the mantissa (before any exponent)? */
function nonZeroMantissa(literal: string): boolean {
  for (let k = 0; k < literal.length; k++) {
    const c = literal.charCodeAt(k);
    if (c === 0x65 || c === 0x45 || c === 0x5c) return false; // e, E, backslash: the exponent starts
    if (c >= 0x31 && c <= 0x39) return true;
  }
  return false;
}

/** The value `Number` gives the literal, the LaTeX exponent spelled as `e…`. */
function valueOf(literal: string): number {
  const plain = literal.replace(/\u2212/g, '-');
  const latex = /^(.*?)\s*\\(?:times|cdot)\s*10\s*\^\s*\{?\s*([-+]?\d+)\s*\}?$/.exec(plain);
  return Number(latex ? `${latex[1]}e${latex[2]}` : plain);
}

/**
 * Warnings for the numbers in `text[start, end)` that overflowed to ±∞ or underflowed to 0.
 * `values` are the numbers the parser read; the text is only scanned again when one of them is
 * ±∞ or 0, so ordinary vectors cost one pass over their values.
 */
export function numberRangeWarnings(text: string, start: number, end: number, values: ArrayLike<number>): VectorWarning[] {
  let suspicious = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === 0 || v === Infinity || v === -Infinity) {
      suspicious = true;
      break;
    }
  }
  if (!suspicious) return [];
  const warnings: VectorWarning[] = [];
  const multiline = text.includes('\n');
  // Line and column found incrementally as the matches advance: one pass over the text in all.
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  const at = (offset: number): string => {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = offset;
    const column = offset - lineStart + 1;
    return multiline ? `line ${line}, column ${column}` : `column ${column}`;
  };
  let more = 0;
  let firstMore = -1;
  DECIMAL.lastIndex = start;
  for (let m = DECIMAL.exec(text); m !== null && m.index < end; m = DECIMAL.exec(text)) {
    const literal = m[0];
    const value = valueOf(literal);
    const overflow = !Number.isFinite(value);
    if (!overflow && !(value === 0 && nonZeroMantissa(literal))) continue;
    if (warnings.length >= MAX_RANGE_WARNINGS) {
      if (more === 0) firstMore = m.index;
      more++;
      continue;
    }
    const shown = literal.length > 40 ? `${literal.slice(0, 37)}…` : literal;
    const where = at(m.index);
    warnings.push(
      overflow
        ? {
            code: 'number-overflow',
            message: `${shown} at ${where} is beyond the largest double (±1.7976931348623157e308) and was read as ${value > 0 ? 'Infinity' : '-Infinity'}`,
            offset: m.index,
            length: literal.length,
          }
        : {
            code: 'number-underflow',
            message: `${shown} at ${where} is closer to 0 than the smallest double (5e-324) and was read as 0`,
            offset: m.index,
            length: literal.length,
          },
    );
  }
  if (more > 0) {
    warnings.push({
      code: 'more-out-of-range',
      message: `${more} more ${more === 1 ? 'number' : 'numbers'} beyond the range of a double, the first at ${at(firstMore)}`,
      offset: firstMore,
      length: 0,
    });
  }
  return warnings;
}
