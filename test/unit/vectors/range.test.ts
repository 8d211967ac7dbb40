import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVector } from '../../../src/core/vectors/index';

function warningsOf(text: string): { code: string; offset: number; length: number; message: string }[] {
  const r = parseVector(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return [...(r.value.warnings ?? [])];
}

describe('numbers beyond the range of a double', () => {
  test('1e400 overflows: a typed warning at its span, the value read as Infinity', () => {
    const text = '[1, 1e400, -2.5E+999]';
    const r = parseVector(text);
    assert.ok(r.ok);
    assert.deepEqual(Array.from(r.value.values), [1, Infinity, -Infinity]);
    const w = r.value.warnings ?? [];
    assert.deepEqual(w.map((x) => [x.code, text.slice(x.offset, x.offset + x.length)]), [['number-overflow', '1e400'], ['number-overflow', '-2.5E+999']]);
    assert.equal(w[0]?.message, '1e400 at column 5 is beyond the largest double (±1.7976931348623157e308) and was read as Infinity');
    assert.match(w[1]?.message ?? '', /^-2\.5E\+999 at column 12 .* read as -Infinity$/);
  });

  test('1e-400 underflows to 0 and is said; a written 0 is not', () => {
    const text = '[0, 0.0, 0e5, 1e-400]';
    assert.deepEqual(warningsOf(text).map((x) => [x.code, text.slice(x.offset, x.offset + x.length)]), [['number-underflow', '1e-400']]);
    assert.equal(warningsOf('[2, 1e-400]')[0]?.message, '1e-400 at column 5 is closer to 0 than the smallest double (5e-324) and was read as 0');
  });

  test('written infinities, ordinary vectors, plain numbers and other styles', () => {
    assert.equal(parseVector('[inf, -Infinity, 1e308, 5e-324, 0]').ok && warningsOf('[inf, -Infinity, 1e308, 5e-324, 0]').length, 0);
    assert.equal(Object.hasOwn((parseVector('[2, 1, 0.1]') as { value: object }).value, 'warnings'), false);
    assert.deepEqual(warningsOf('1 2e400\n3').map((x) => x.message), ['2e400 at line 1, column 3 is beyond the largest double (±1.7976931348623157e308) and was read as Infinity']);
    assert.deepEqual(warningsOf('tensor([1.0000e+00, 1.0000e+500])').map((x) => x.code), ['number-overflow']);
    const latex = '\\begin{bmatrix} 1 & 2 \\times 10^{400} \\end{bmatrix}';
    assert.deepEqual(warningsOf(latex).map((x) => latex.slice(x.offset, x.offset + x.length)), ['2 \\times 10^{400}']);
    assert.deepEqual(warningsOf('logits1e999 = [0, 1e-999]').map((x) => x.offset), [18], 'the label is not a number');
  });
});

describe('numbers beyond the range of a double, many of them', () => {
  test('the first 10 one by one, the rest counted in one warning; linear in the text (10^5 zeros and overflows)', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? '1e999' : '0')).join(' ');
    const w = warningsOf(text);
    assert.equal(w.length, 11);
    assert.deepEqual(w.slice(0, 10).map((x) => x.offset), Array.from({ length: 10 }, (_, k) => 2 + 8 * k));
    assert.equal(w[10]?.code, 'more-out-of-range');
    assert.equal(w[10]?.message, '49990 more numbers beyond the range of a double, the first at column 83');
  });
});
