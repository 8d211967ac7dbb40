import * as chars from './chars';

// Hot helpers bound locally (see find.ts).
const { CH, codeAt, isDigit, isIdentPart, isInlineSpace, isLetter } = chars;

/** One number found in the text: its value and the index just after it. */
export interface NumberToken {
  readonly value: number;
  readonly end: number;
}

/** Does `word` (lower-case ASCII) start at `i`, compared case-insensitively on normalised units? */
function matchesWordCI(text: string, i: number, limit: number, word: string): boolean {
  if (i + word.length > limit) return false;
  for (let k = 0; k < word.length; k++) {
    let c = codeAt(text, i + k, limit);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Exact (case-sensitive) match of ASCII `word` at `i` on normalised units. */
export function matchesExact(text: string, i: number, limit: number, word: string): boolean {
  if (i + word.length > limit) return false;
  for (let k = 0; k < word.length; k++) {
    if (codeAt(text, i + k, limit) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** `inf`, `infinity` or `nan` at `i` as a whole word: returns its value and end. */
const specialWords: readonly (readonly [string, number])[] = [
  ['infinity', Infinity],
  ['inf', Infinity],
  ['nan', NaN],
];
const moduleConstants: readonly (readonly [string, number])[] = [
  ['inf', Infinity],
  ['nan', NaN],
];

function scanSpecialWord(text: string, i: number, limit: number): NumberToken | undefined {
  const first = codeAt(text, i, limit) | 0x20;
  if (first !== 0x69 && first !== 0x6e) return undefined; // i, n
  for (const [word, value] of specialWords) {
    if (matchesWordCI(text, i, limit, word) && !isIdentPart(codeAt(text, i + word.length, limit))) {
      return { value, end: i + word.length };
    }
  }
  return undefined;
}

const constantModules = ['math', 'numpy', 'np', 'torch', 'jnp'];

/**
 * The unsigned part of a number at `i`: a decimal (`2`, `2.`, `.5`, `1.5e-3`), the words
 * `inf`/`infinity`/`nan` in any case (so `Infinity`, `NaN`), `float('inf')`, `math.inf`/`np.nan`/
 * `torch.inf`, LaTeX `\infty` and `\text{NaN}`/`\mathrm{nan}`. Returns the literal text to hand to
 * `Number` (decimals) or the value (specials).
 */
function scanUnsigned(text: string, i: number, limit: number): { end: number; decimalEnd: number; exponent?: boolean; value?: number } | undefined {
  const c = codeAt(text, i, limit);
  if (isDigit(c) || (c === CH.dot && isDigit(codeAt(text, i + 1, limit)))) {
    let p = i;
    while (isDigit(codeAt(text, p, limit))) p++;
    if (codeAt(text, p, limit) === CH.dot) {
      p++;
      while (isDigit(codeAt(text, p, limit))) p++;
    }
    const e = codeAt(text, p, limit);
    if (e === 0x65 || e === 0x45) {
      let q = p + 1;
      const s = codeAt(text, q, limit);
      if (s === CH.plus || s === CH.minus) q++;
      if (isDigit(codeAt(text, q, limit))) {
        while (isDigit(codeAt(text, q, limit))) q++;
        return { end: q, decimalEnd: q, exponent: true };
      }
    }
    return { end: p, decimalEnd: p };
  }
  if (isLetter(c)) {
    const special = scanSpecialWord(text, i, limit);
    if (special) return { end: special.end, decimalEnd: -1, value: special.value };
    // float('inf'), float("-inf"), float('nan')
    if (matchesExact(text, i, limit, 'float(')) {
      let p = i + 6;
      const q = codeAt(text, p, limit);
      if (q !== CH.apos && q !== CH.quote) return undefined;
      p++;
      let negative = false;
      const s = codeAt(text, p, limit);
      if (s === CH.minus || s === CH.plus) {
        negative = s === CH.minus;
        p++;
      }
      const word = scanSpecialWord(text, p, limit);
      if (!word || codeAt(text, word.end, limit) !== q || codeAt(text, word.end + 1, limit) !== CH.rparen) return undefined;
      return { end: word.end + 2, decimalEnd: -1, value: negative ? -word.value : word.value };
    }
    // math.inf, np.inf, numpy.nan, torch.inf, jnp.inf
    for (const module of constantModules) {
      if (matchesExact(text, i, limit, module) && codeAt(text, i + module.length, limit) === CH.dot) {
        const p = i + module.length + 1;
        for (const [word, value] of moduleConstants) {
          if (matchesExact(text, p, limit, word) && !isIdentPart(codeAt(text, p + word.length, limit))) {
            return { end: p + word.length, decimalEnd: -1, value };
          }
        }
      }
    }
    return undefined;
  }
  if (c === CH.backslash) {
    if (matchesExact(text, i, limit, '\\infty') && !isLetter(codeAt(text, i + 6, limit))) {
      return { end: i + 6, decimalEnd: -1, value: Infinity };
    }
    for (const macro of ['\\text{', '\\mathrm{', '\\operatorname{', '\\mathit{']) {
      if (matchesExact(text, i, limit, macro)) {
        const word = scanSpecialWord(text, i + macro.length, limit);
        if (word && codeAt(text, word.end, limit) === CH.rbrace) return { end: word.end + 1, decimalEnd: -1, value: word.value };
      }
    }
  }
  return undefined;
}

/**
 * LaTeX scientific notation after a mantissa: `\times 10^{-3}`, `\cdot 10^{5}`, `\times10^3`.
 * Returns the exponent text and the end, or undefined.
 */
function scanLatexExponent(text: string, i: number, limit: number): { exponent: string; end: number } | undefined {
  let p = i;
  while (isInlineSpace(codeAt(text, p, limit))) p++;
  if (codeAt(text, p, limit) !== CH.backslash) return undefined;
  let macro = 0;
  if (matchesExact(text, p, limit, '\\times')) macro = 6;
  else if (matchesExact(text, p, limit, '\\cdot')) macro = 5;
  if (macro === 0 || isLetter(codeAt(text, p + macro, limit))) return undefined;
  p += macro;
  while (isInlineSpace(codeAt(text, p, limit))) p++;
  if (!matchesExact(text, p, limit, '10')) return undefined;
  p += 2;
  while (isInlineSpace(codeAt(text, p, limit))) p++;
  if (codeAt(text, p, limit) !== CH.caret) return undefined;
  p++;
  while (isInlineSpace(codeAt(text, p, limit))) p++;
  const braced = codeAt(text, p, limit) === CH.lbrace;
  if (braced) p++;
  const start = p;
  const s = codeAt(text, p, limit);
  if (s === CH.minus || s === CH.plus) p++;
  if (!isDigit(codeAt(text, p, limit))) return undefined;
  if (braced) {
    while (isDigit(codeAt(text, p, limit))) p++;
  } else {
    p++; // an unbraced superscript is one token: 10^3
  }
  const exponent = asciiSlice(text, start, p);
  if (braced) {
    if (codeAt(text, p, limit) !== CH.rbrace) return undefined;
    p++;
  }
  return { exponent, end: p };
}

/** `text.slice(start, end)` with full-width digits and the unicode minus mapped to ASCII. */
export function asciiSlice(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  // Fast path: plain ASCII needs no mapping (the common case, and the one the 1e6 benchmark hits).
  let ascii = true;
  for (let k = 0; k < raw.length; k++) {
    if (raw.charCodeAt(k) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return raw;
  let out = '';
  for (let k = start; k < end; k++) out += String.fromCharCode(codeAt(text, k, end));
  return out;
}

/**
 * Scans one number starting exactly at `i` and ending on a token boundary. The value of a decimal
 * is `Number(literal)`, which is correctly rounded, so printing with the shortest round-trip form and
 * scanning back is bit-exact (including `-0`).
 */
export function scanNumber(text: string, i: number, limit: number): NumberToken | undefined {
  let p = i;
  let negative = false;
  const s = codeAt(text, p, limit);
  if (s === CH.minus || s === CH.plus) {
    negative = s === CH.minus;
    p++;
  }
  const unsigned = scanUnsigned(text, p, limit);
  if (!unsigned) return undefined;
  let end = unsigned.end;
  let value: number;
  if (unsigned.value !== undefined) {
    value = negative ? -unsigned.value : unsigned.value;
  } else {
    let literal = asciiSlice(text, i, unsigned.decimalEnd);
    if (!unsigned.exponent) {
      const latex = scanLatexExponent(text, end, limit);
      if (latex) {
        literal += `e${latex.exponent}`;
        end = latex.end;
      }
    }
    value = Number(literal);
  }
  // A number must end on a boundary: `1.2.3`, `2px`, `3e` and `1_000` are not numbers.
  const next = codeAt(text, end, limit);
  // A dot may end a sentence (`… 0.1.`) but not continue a number (`1.2.3`).
  if (isIdentPart(next) || isDigit(next)) return undefined;
  if (next === CH.dot) {
    const after = codeAt(text, end + 1, limit);
    if (isIdentPart(after) || isDigit(after) || after === CH.dot) return undefined;
  }
  return { value, end };
}

/** Could a number start at `i`? (cheap pre-check before `scanNumber`). */
export function mayStartNumber(c: number): boolean {
  return isDigit(c) || c === CH.dot || c === CH.minus || c === CH.plus || isLetter(c) || c === CH.backslash;
}

/** The value of the last number `scanNumberEnd` accepted (a shared slot: no allocation per number). */
export const lastScanned = { value: NaN };

/**
 * `scanNumber` for hot loops: returns the end index (or -1) and leaves the value in `lastScanned`.
 * Plain decimals followed by an obvious separator take a fast path that allocates nothing but the
 * literal's text; everything else (named numbers, LaTeX exponents, odd boundaries) goes through
 * `scanNumber`, so both accept exactly the same numbers.
 */
export function scanNumberEnd(text: string, i: number, limit: number): number {
  let p = i;
  let c = codeAt(text, p, limit);
  if (c === CH.minus || c === CH.plus) c = codeAt(text, ++p, limit);
  if (isDigit(c) || (c === CH.dot && isDigit(codeAt(text, p + 1, limit)))) {
    while (isDigit(codeAt(text, p, limit))) p++;
    if (codeAt(text, p, limit) === CH.dot) {
      p++;
      while (isDigit(codeAt(text, p, limit))) p++;
    }
    const e = codeAt(text, p, limit);
    if (e === 0x65 || e === 0x45) {
      let q = p + 1;
      const s = codeAt(text, q, limit);
      if (s === CH.minus || s === CH.plus) q++;
      if (isDigit(codeAt(text, q, limit))) {
        while (isDigit(codeAt(text, q, limit))) q++;
        p = q;
      }
    }
    const next = codeAt(text, p, limit);
    const plainEnd =
      next === -1 ||
      next === CH.comma ||
      next === CH.rbracket ||
      next === CH.rparen ||
      next === CH.semicolon ||
      next === CH.lf ||
      next === CH.cr ||
      (next === CH.space && codeAt(text, p + 1, limit) !== CH.backslash && codeAt(text, p + 1, limit) !== CH.space);
    if (plainEnd) {
      lastScanned.value = Number(asciiSlice(text, i, p));
      return p;
    }
  }
  const token = scanNumber(text, i, limit);
  if (!token) return -1;
  lastScanned.value = token.value;
  return token.end;
}
