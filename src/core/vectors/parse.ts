import { fail, ok, type Result } from '../result';
import * as chars from './chars';
import { LiteralParser, runSteps, type Literal, type Steps } from './literal';
import * as numbers from './number';
import { numberRangeWarnings } from './range';
import type { ParsedVector } from './types';

// Hot helpers bound locally (see find.ts).
const { CH, codeAt, describeFound, describePosition, isIdentPart, isIdentStart, isInlineSpace, isSpaceCode } = chars;
const { lastScanned, scanNumber, scanNumberEnd } = numbers;

/** A literal with fewer than two numbers is not a vector (softmax of one number is always 1). */
export function checkSize(parser: LiteralParser, literal: Literal): Literal | undefined {
  if (literal.values.length < 2) {
    return parser.fail(
      'single-number',
      `a single number is not a vector (at ${describePosition(parser.text, literal.start)}): softmax needs at least two logits`,
      literal.start,
      literal.end - literal.start,
    );
  }
  return literal;
}

export function toParsedVector(literal: Literal): ParsedVector {
  return {
    values: Float64Array.from(literal.values),
    shape: literal.shape,
    offset: literal.start,
    length: literal.end - literal.start,
    style: literal.style,
  };
}

/**
 * Plain numbers separated by white space, commas, semicolons or tabs — a log line, a CSV row, a
 * column pasted from a spreadsheet. Parses from `i` to `limit`, which must hold nothing else.
 */
function* parsePlain(parser: LiteralParser, i: number, limit: number): Steps<Literal | undefined> {
  const values: number[] = [];
  let p = i;
  let end = i;
  while (p < limit) {
    const tokenEnd = scanNumberEnd(parser.text, p, limit);
    if (tokenEnd < 0) return parser.failExpected(values.length === 0 ? 'a number or a vector' : 'a number', p);
    values.push(lastScanned.value);
    end = tokenEnd;
    p = tokenEnd;
    if (values.length % parser.pauseEvery === 0) yield p;
    let separated = false;
    while (p < limit) {
      const c = codeAt(parser.text, p, limit);
      if (isSpaceCode(c) || c === CH.comma || c === CH.semicolon) {
        p++;
        separated = true;
      } else break;
    }
    if (p < limit && !separated) return parser.failExpected("a space or ',' between numbers", p);
  }
  return { values, shape: [values.length], start: i, end, style: 'plain' };
}

/**
 * A label before the vector that the user selected along with it: `logits = `, `x: `, `probs=`.
 * Returns the index after it, or `i` when there is none.
 */
function skipLabel(parser: LiteralParser, i: number): number {
  if (!isIdentStart(parser.at(i))) return i;
  let p = i;
  while (isIdentPart(parser.at(p)) || parser.at(p) === CH.dot) p++;
  while (isInlineSpace(parser.at(p))) p++;
  const c = parser.at(p);
  if (c === CH.colon || (c === CH.eq && parser.at(p + 1) !== CH.eq)) return parser.skipSpace(p + 1);
  return i;
}

/**
 * Parses `text` as exactly one vector literal (surrounding white space and a leading `name =` /
 * `name:` label allowed). Every supported form: lists, tuples, `np.array(…)`, `torch.tensor(…)`,
 * PyTorch/NumPy print-outs, LaTeX matrices, `\left[…\right]` and plain separated numbers.
 *
 * Error codes: `empty`, `not-a-vector` (the text does not start with a vector), `expected-number`,
 * `unexpected-end`, `trailing-text`, `single-number`, `empty-vector`, `ragged`, `too-deep`,
 * `abbreviated`. Numbers beyond the range of a double (`1e400`, `1e-400`) are read as ±∞ or 0 and
 * listed in `warnings` with their positions.
 *
 * @example parseVector('[2.0, 1.0, 0.1]') // ok: values [2, 1, 0.1], shape [3], style 'python'
 */
export function parseVector(text: string): Result<ParsedVector> {
  return runSteps(parseVectorInSteps(text, Number.MAX_SAFE_INTEGER));
}

/**
 * `parseVector` that pauses every `pauseEvery` numbers, yielding the offset reached (for a progress
 * bar); the generator's return value is the result. Lets an editor parse a 1e6-element selection
 * in chunks, giving the event loop a turn between them.
 */
export function* parseVectorInSteps(text: string, pauseEvery = 65536): Steps<Result<ParsedVector>> {
  const limit = text.length;
  const parser = new LiteralParser(text, limit);
  parser.pauseEvery = Math.max(1, Math.floor(pauseEvery));
  let start = parser.skipSpace(0);
  let end = limit;
  while (end > start && isSpaceCode(codeAt(text, end - 1, limit))) end--;
  if (start >= end) return fail('empty', 'there is no vector here: the text is empty', 0, 0);

  start = skipLabel(parser, start);
  let literal = yield* parser.parseAtSteps(start);
  if (!literal && !parser.error) {
    const numberHere = scanNumber(text, start, end) !== undefined;
    if (!numberHere) {
      const found = describeFound(text, start, limit);
      return fail(
        'not-a-vector',
        `expected a vector or a number at ${describePosition(text, start)}, found ${found.label}`,
        start,
        found.length,
      );
    }
    literal = yield* parsePlain(parser, start, end);
  }
  if (literal) {
    const after = parser.skipSpace(literal.end);
    if (after < end) {
      const found = describeFound(text, after, end);
      return fail('trailing-text', `unexpected ${found.label} at ${describePosition(text, after)} after the vector`, after, found.length);
    }
    literal = checkSize(parser, literal);
  }
  if (!literal) {
    const error = parser.error ?? { code: 'not-a-vector', message: 'this is not a vector', offset: start, length: 0 };
    return { ok: false, error };
  }
  const vector = toParsedVector(literal);
  const warnings = numberRangeWarnings(text, literal.start, literal.end, vector.values);
  return ok(warnings.length > 0 ? { ...vector, warnings } : vector);
}
