import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findVectorAt, findVectorsInRange, formatVector, parseVector, vectorStyles } from '../../../src/core/vectors';

/** Same float64, bit for bit (NaN payloads aside: every NaN reads back as the canonical NaN). */
function sameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return false;
  return true;
}

const anyDouble = fc.double(); // includes ±0, ±inf, NaN, subnormals, extremes
const vectorArb = fc.array(anyDouble, { minLength: 2, maxLength: 40 });

describe('property: format then parse gives the same numbers', () => {
  for (const style of vectorStyles) {
    test(style, () => {
      fc.assert(
        fc.property(vectorArb, (values) => {
          const text = formatVector(values, style);
          const back = parseVector(text);
          if (!back.ok) throw new Error(`${text}: ${back.error.message}`);
          return sameNumbers(back.value.values, values) && back.value.offset === 0 && back.value.length === text.length;
        }),
        { numRuns: 300 },
      );
    });
  }

  test('the same vector is found inside surrounding text', () => {
    fc.assert(
      fc.property(vectorArb, fc.constantFrom(...vectorStyles.filter((s) => s !== 'plain')), (values, style) => {
        const literal = formatVector(values, style);
        const text = `before = 1\nx = ${literal}\nafter`;
        const at = text.indexOf(literal);
        const found = findVectorAt(text, at + Math.floor(literal.length / 2));
        return found !== undefined && found.offset === at && found.length === literal.length && sameNumbers(found.values, values);
      }),
      { numRuns: 300 },
    );
  });
});

/** Text made of the characters vector literals are made of, so the scanner's edge cases are hit. */
const vectorishText = fc
  .array(
    fc.oneof(
      fc.constantFrom('[', ']', '(', ')', ',', ' ', '\n', '.', '-', '+', 'e', '1', '0', '9', 'inf', 'nan', '\\begin{bmatrix}', '\\end{bmatrix}', '&', '\\\\', '\\left[', '\\right]', 'np.array(', 'tensor(', '...', '…', '，', '［', '−', 'a', '_', '!', '"', "'", '$', 'float(\'', ':', '=', '\\times 10^{', '}'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('property: random text never throws', () => {
  test('parseVector returns a result with an in-range error position', () => {
    fc.assert(
      fc.property(fc.oneof(vectorishText, fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 })), (text) => {
        const result = parseVector(text);
        if (result.ok) {
          assert.ok(result.value.values.length >= 2);
          assert.ok(result.value.offset >= 0 && result.value.offset + result.value.length <= text.length);
        } else {
          const { offset = 0, length = 0 } = result.error;
          assert.ok(offset >= 0 && offset + length <= text.length, `${JSON.stringify(text)}: ${offset}+${length}`);
          assert.ok(result.error.message.length > 0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('findVectorAt at random offsets returns spans inside the text that contain the offset', () => {
    fc.assert(
      fc.property(vectorishText, fc.nat(), (text, seed) => {
        const offset = seed % (text.length + 1);
        const v = findVectorAt(text, offset);
        if (v) {
          assert.ok(v.offset >= 0 && v.offset + v.length <= text.length);
          assert.ok(v.offset <= offset && offset <= v.offset + v.length, `${JSON.stringify(text)} @${offset}`);
          assert.ok(v.values.length >= 2);
          // A found literal parses on its own to the same numbers.
          const alone = parseVector(text.slice(v.offset, v.offset + v.length));
          assert.ok(alone.ok && sameNumbers(alone.value.values, v.values), JSON.stringify(text.slice(v.offset, v.offset + v.length)));
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('findVectorsInRange returns ordered, disjoint spans inside the range', () => {
    fc.assert(
      fc.property(vectorishText, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const end = b % (text.length + 1);
        let last = start;
        for (const v of findVectorsInRange(text, start, end)) {
          assert.ok(v.offset >= last && v.offset + v.length <= end);
          last = v.offset + v.length;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
