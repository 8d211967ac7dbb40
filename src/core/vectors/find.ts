import * as chars from './chars';
import { LiteralParser, type Literal } from './literal';
import * as numbers from './number';
import { checkSize, toParsedVector } from './parse';
import type { ParsedVector } from './types';

// Hot helpers bound locally: a named import is a live binding, which CommonJS-transpiled test and
// bench runs turn into a getter call per use, and these run once per character.
const { CH, codeAt, isDigit, isIdentPart, isIdentStart, isInlineSpace, isLetter, isLineBreak, isSpaceCode } = chars;
const { lastScanned, matchesExact, scanNumberEnd } = numbers;

/**
 * Finding vectors inside arbitrary text (a Python file, a note, a log). Only real vectors count:
 * `a[i]` and `f(1, 2)` are indexing and calls, `[text](url)` is a link, `[1]` a citation (one
 * number is never a vector), and a bracket around words is not a literal. All scans are linear in
 * the text they look at.
 */

/** Up to this many enclosing brackets are tried around a position before giving up. */
const maxEnclosingTries = 8;

/** Characters that may not stand right before a plain run of numbers (`v1 2`, `(1, 2`, `x-1 2`). */
function blocksPlainBefore(c: number): boolean {
  if (c < 0) return false;
  if (isIdentPart(c) || isDigit(c)) return true;
  switch (c) {
    case CH.dot:
    case CH.lparen:
    case CH.lbracket:
    case CH.lbrace:
    case CH.comma:
    case CH.minus:
    case CH.plus:
    case 0x2f: // /
    case CH.backslash:
    case CH.caret:
    case CH.underscore:
    case CH.amp:
    case CH.lt:
    case 0x23: // #
    case 0x40: // @
    case 0x25: // %
    case 0x7e: // ~
      return true;
    default:
      return false;
  }
}

/** Characters that may not stand right after a plain run (`1 2)`, `1 2]`, `1 2%`, `1 2-3`). */
function blocksPlainAfter(c: number): boolean {
  if (c < 0) return false;
  if (isIdentPart(c) || isDigit(c)) return true;
  switch (c) {
    case CH.rparen:
    case CH.rbracket:
    case CH.rbrace:
    case CH.lparen:
    case CH.lbracket:
    case CH.lbrace:
    case CH.minus:
    case CH.plus:
    case 0x2f:
    case CH.backslash:
    case CH.caret:
    case CH.underscore:
    case CH.amp:
    case CH.gt:
    case 0x25:
      return true;
    default:
      return false;
  }
}

/**
 * A maximal run of numbers on one line from `i`, separated by spaces/tabs and optionally one comma
 * or semicolon: `logits: 2.0 1.0 0.1`, `2.0, 1.0, 0.1`. `scanEnd` is where scanning may resume.
 */
function scanPlainRun(parser: LiteralParser, i: number, lineEnd: number): { literal?: Literal; scanEnd: number } {
  const text = parser.text;
  const values: number[] = [];
  let p = i;
  let lastEnd = i;
  for (;;) {
    const tokenEnd = scanNumberEnd(text, p, lineEnd);
    if (tokenEnd < 0) break;
    values.push(lastScanned.value);
    lastEnd = tokenEnd;
    let q = lastEnd;
    while (isInlineSpace(codeAt(text, q, lineEnd))) q++;
    const c = codeAt(text, q, lineEnd);
    if (c === CH.comma || c === CH.semicolon) {
      q++;
      while (isInlineSpace(codeAt(text, q, lineEnd))) q++;
    }
    if (q === lastEnd) break;
    p = q;
  }
  const scanEnd = Math.max(lastEnd, i + 1);
  if (values.length < 2 || blocksPlainAfter(codeAt(text, lastEnd, parser.limit))) return { scanEnd };
  return { literal: { values, shape: [values.length], start: i, end: lastEnd, style: 'plain' }, scanEnd };
}

/** The wrapper call (`np.array(`, `tensor(`) whose `(` is at `paren`, as the index of its name. */
function wrapperNameBefore(parser: LiteralParser, paren: number): number | undefined {
  let q = paren - 1;
  while (q >= 0 && isInlineSpace(parser.at(q))) q--;
  const nameEnd = q + 1;
  while (q >= 0 && (isIdentPart(parser.at(q)) || parser.at(q) === CH.dot)) q--;
  const nameStart = q + 1;
  if (nameStart >= nameEnd || !isIdentStart(parser.at(nameStart))) return undefined;
  const wrapper = parser.wrapperAt(nameStart);
  return wrapper && wrapper.nameEnd === nameEnd ? nameStart : undefined;
}

/**
 * The literal that the bracket at `o` opens, if it is a real vector: not an index, not a call, not
 * a markdown link; widened to the wrapper call or `\left…\right` it belongs to. `minStart` keeps a
 * widened literal inside a searched range.
 */
function literalFromOpener(parser: LiteralParser, o: number, minStart: number): Literal | undefined {
  parser.error = undefined;
  const c = parser.at(o);
  if (o - 5 >= minStart && matchesExact(parser.text, o - 5, parser.limit, '\\left')) {
    const literal = parser.parseLeftRight(o - 5);
    return literal && checkSize(parser, literal);
  }
  const before = o > 0 ? parser.at(o - 1) : -1;
  if (c === CH.lbracket) {
    if (isIdentPart(before) || before === CH.rbracket || before === CH.rparen || before === CH.bang) return undefined;
    let q = o - 1;
    while (q >= minStart && isSpaceCode(parser.at(q))) q--;
    if (q >= minStart && parser.at(q) === CH.lparen) {
      const name = wrapperNameBefore(parser, q);
      if (name !== undefined && name >= minStart) {
        const wrapped = parser.parseWrapper(name);
        if (wrapped) return checkSize(parser, wrapped);
        parser.error = undefined;
      }
    }
  } else {
    if (isIdentPart(before) || before === CH.rbracket || before === CH.rparen) {
      const name = wrapperNameBefore(parser, o);
      if (name === undefined || name < minStart) return undefined;
      const wrapped = parser.parseWrapper(name);
      return wrapped && checkSize(parser, wrapped);
    }
  }
  const literal = parser.parseBracketed(o, c === CH.lbracket ? 'list' : 'tuple');
  if (!literal) return undefined;
  // `[text](url)`, `[text][ref]`: markdown links, not vectors.
  const after = parser.at(literal.end);
  if (c === CH.lbracket && (after === CH.lparen || after === CH.lbracket)) return undefined;
  return checkSize(parser, literal);
}

/** First letters of the named numbers: inf, infinity, nan, float('inf'), math./np./numpy./torch./jnp. */
function mayStartNamedNumber(c: number): boolean {
  switch (c | 0x20) {
    case 0x69: // i
    case 0x6e: // n
    case 0x66: // f
    case 0x6d: // m
    case 0x74: // t
    case 0x6a: // j
      return isLetter(c);
    default:
      return false;
  }
}

/** Every vector literal lying entirely in `[start, end)`, in order, outermost only. */
function scanRange(text: string, start: number, end: number): Literal[] {
  const parser = new LiteralParser(text, end);
  const found: Literal[] = [];
  // End of the current line, found once per line (not once per candidate: that would be quadratic).
  let lineEnd = -1;
  let i = start;
  while (i < end) {
    const c = parser.at(i);
    if (c === CH.lbracket || c === CH.lparen) {
      const literal = literalFromOpener(parser, i, start);
      if (literal) {
        found.push(literal);
        i = literal.end;
        continue;
      }
      i++;
      continue;
    }
    if (c === CH.backslash) {
      parser.error = undefined;
      let literal: Literal | undefined;
      if (matchesExact(text, i, end, '\\begin{')) literal = parser.parseEnvironment(i);
      else if (matchesExact(text, i, end, '\\left')) literal = parser.parseLeftRight(i);
      literal = literal && checkSize(parser, literal);
      if (literal) {
        found.push(literal);
        i = literal.end;
        continue;
      }
    }
    const before = i > 0 ? parser.at(i - 1) : -1;
    if (isIdentStart(c) && !isIdentPart(before) && before !== CH.dot) {
      parser.error = undefined;
      const wrapped = parser.parseWrapper(i);
      const literal = wrapped && checkSize(parser, wrapped);
      if (literal) {
        found.push(literal);
        i = literal.end;
        continue;
      }
    }
    if (!blocksPlainBefore(before) && (isDigit(c) || c === CH.dot || c === CH.minus || c === CH.plus || mayStartNamedNumber(c) || c === CH.backslash)) {
      if (lineEnd < i) {
        lineEnd = i;
        while (lineEnd < end && !isLineBreak(parser.at(lineEnd))) lineEnd++;
      }
      const run = scanPlainRun(parser, i, lineEnd);
      if (run.literal) {
        found.push(run.literal);
        i = run.literal.end;
        continue;
      }
      if (run.scanEnd > i + 1) {
        i = run.scanEnd;
        continue;
      }
    }
    if (isIdentPart(c)) {
      // Skip a whole word so that the digits in `v2` or `x_10` never start a number.
      while (i < end && isIdentPart(parser.at(i))) i++;
      continue;
    }
    i++;
  }
  return found;
}

function contains(literal: Literal, offset: number): boolean {
  return literal.start <= offset && offset < literal.end;
}

function findLiteralAt(text: string, offset: number): Literal | undefined {
  const limit = text.length;
  const parser = new LiteralParser(text, limit);
  let best: Literal | undefined;

  // 1. Brackets enclosing the offset, innermost first.
  let tries = 0;
  const tryOpener = (o: number): boolean => {
    tries++;
    const literal = literalFromOpener(parser, o, 0);
    if (literal && contains(literal, offset)) {
      best = literal;
      return true;
    }
    return tries >= maxEnclosingTries;
  };
  const here = parser.at(offset);
  let done = (here === CH.lbracket || here === CH.lparen) && tryOpener(offset);
  let depth = 0;
  for (let i = offset - 1; i >= 0 && !done; i--) {
    const c = parser.at(i);
    if (c === CH.rbracket || c === CH.rparen) depth++;
    else if (c === CH.lbracket || c === CH.lparen) {
      if (depth > 0) depth--;
      else done = tryOpener(i);
    }
  }

  // 2. A LaTeX matrix environment around the offset (its rows are not brackets).
  let begin = text.lastIndexOf('\\begin{', offset);
  for (let attempt = 0; attempt < 3 && begin >= 0; attempt++) {
    parser.error = undefined;
    const env = parser.parseEnvironment(begin);
    const literal = env && checkSize(parser, env);
    if (literal && contains(literal, offset)) {
      if (!best || literal.start > best.start) best = literal;
      break;
    }
    begin = begin > 0 ? text.lastIndexOf('\\begin{', begin - 1) : -1;
  }
  if (best) return best;

  // 3. Plain numbers on the offset's line.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = limit;
  for (const literal of scanRange(text, lineStart, lineEnd)) {
    if (contains(literal, offset)) return literal;
    if (literal.start > offset) break;
  }
  return undefined;
}

/**
 * The innermost real vector literal around `offset` (a cursor position). A cursor just after the
 * closing bracket still counts, as when the vector was just typed. Never throws; returns undefined
 * for positions outside the text and for text that is not a vector.
 *
 * @example findVectorAt('x = np.array([2.0, 1.0, 0.1])', 15) // the np.array(...) call, style 'numpy'
 */
export function findVectorAt(text: string, offset: number): ParsedVector | undefined {
  if (!Number.isFinite(offset)) return undefined;
  const at = Math.floor(offset);
  if (at < 0 || at > text.length) return undefined;
  const literal = findLiteralAt(text, at) ?? (at > 0 ? findLiteralAt(text, at - 1) : undefined);
  return literal && toParsedVector(literal);
}

/**
 * Every vector literal lying entirely within `[start, end)` of `text` (e.g. a selection), in order.
 * Nested literals are reported once, as the outermost (a batch, not its rows).
 */
export function findVectorsInRange(text: string, start: number, end: number): ParsedVector[] {
  const from = Math.max(0, Math.floor(Number.isFinite(start) ? start : 0));
  const to = Math.min(text.length, Math.floor(Number.isFinite(end) ? end : text.length));
  if (from >= to) return [];
  return scanRange(text, from, to).map(toParsedVector);
}
