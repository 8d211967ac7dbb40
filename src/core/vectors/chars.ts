/**
 * Character classes for the vector scanner. Everything works on *normalised* UTF-16 code units:
 * full-width ASCII (`［１，２］`), the unicode minus `−` and the ideographic comma `、` are mapped to
 * their ASCII twins one unit for one unit, so offsets into the normalised view are offsets into the
 * original text and no copy of the text is ever made (the scanner stays linear and allocation-free).
 */

export const CH = {
  tab: 0x09,
  lf: 0x0a,
  cr: 0x0d,
  space: 0x20,
  bang: 0x21,
  quote: 0x22,
  dollar: 0x24,
  amp: 0x26,
  apos: 0x27,
  lparen: 0x28,
  rparen: 0x29,
  star: 0x2a,
  plus: 0x2b,
  comma: 0x2c,
  minus: 0x2d,
  dot: 0x2e,
  colon: 0x3a,
  semicolon: 0x3b,
  lt: 0x3c,
  eq: 0x3d,
  gt: 0x3e,
  question: 0x3f,
  lbracket: 0x5b,
  backslash: 0x5c,
  rbracket: 0x5d,
  caret: 0x5e,
  underscore: 0x5f,
  backtick: 0x60,
  lbrace: 0x7b,
  pipe: 0x7c,
  rbrace: 0x7d,
  ellipsis: 0x2026,
} as const;

/** Maps one UTF-16 code unit to its ASCII twin when it has one of the same meaning. */
export function normCode(c: number): number {
  if (c < 0x80) return c;
  // Full-width forms U+FF01..U+FF5E are ASCII 0x21..0x7E shifted by 0xFEE0.
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  switch (c) {
    case 0x2212: // − MINUS SIGN
    case 0xfe63: // ﹣ SMALL HYPHEN-MINUS
      return CH.minus;
    case 0x3000: // ideographic space
    case 0x00a0: // no-break space
    case 0x2002:
    case 0x2003:
    case 0x2007:
    case 0x2009: // thin space
    case 0x202f:
      return CH.space;
    case 0x3001: // 、 ideographic comma
      return CH.comma;
    default:
      return c;
  }
}

/** Normalised code unit at `i`, or -1 outside `[0, limit)`. */
export function codeAt(text: string, i: number, limit: number): number {
  return i >= 0 && i < limit ? normCode(text.charCodeAt(i)) : -1;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Start of an identifier: ASCII letters, `_`, Latin-1/Latin Extended and Greek letters (so `é[1, 2]`
 * and `α[1, 2]` are indexing). CJK is deliberately not an identifier: Chinese notes write
 * `logits为[2.0, 1.0]` with no space before the vector.
 */
export function isIdentStart(c: number): boolean {
  return isLetter(c) || c === CH.underscore || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x3ff);
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

export function isLineBreak(c: number): boolean {
  return c === CH.lf || c === CH.cr;
}

/** Horizontal white space (after normalisation). */
export function isInlineSpace(c: number): boolean {
  return c === CH.space || c === CH.tab || c === 0x0b || c === 0x0c;
}

export function isSpaceCode(c: number): boolean {
  return isInlineSpace(c) || isLineBreak(c) || c === 0x2028 || c === 0x2029;
}

/** 1-based line and column (UTF-16 units) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** "column 14" for one-line text, "line 2, column 5" otherwise. */
export function describePosition(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
}

/** The token a person would call "what was found" at `offset`, quoted, or `end of text`. */
export function describeFound(text: string, offset: number, limit: number): { label: string; length: number } {
  if (offset >= limit) return { label: 'end of text', length: 0 };
  const first = codeAt(text, offset, limit);
  let end = offset + 1;
  if (isIdentPart(first) || first === CH.dot || first === CH.minus || first === CH.plus) {
    while (end < limit && end - offset < 24) {
      const c = codeAt(text, end, limit);
      if (!(isIdentPart(c) || c === CH.dot || c === CH.minus || c === CH.plus)) break;
      end++;
    }
  } else if (first >= 0xd800 && first <= 0xdbff && end < limit) {
    end++; // keep a surrogate pair whole
  }
  return { label: `'${text.slice(offset, end)}'`, length: end - offset };
}
