import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVector } from '../../../src/core/vectors';

interface ErrorCase {
  text: string;
  code: string;
  offset: number;
  length: number;
  /** The exact message, or a fragment it must contain. */
  message?: string;
  includes?: string[];
}

const cases: ErrorCase[] = [
  { text: '', code: 'empty', offset: 0, length: 0 },
  { text: '  \n ', code: 'empty', offset: 0, length: 0 },
  { text: '[1, 2, abc]', code: 'expected-number', offset: 7, length: 3, message: "expected a number at column 8, found 'abc'" },
  { text: '[a, b]', code: 'expected-number', offset: 1, length: 1, message: "expected a number at column 2, found 'a'" },
  { text: '[1, 2,, 3]', code: 'expected-number', offset: 6, length: 1, message: "expected a number at column 7, found ','" },
  { text: '[1,\n 2,\n x]', code: 'expected-number', offset: 9, length: 1, message: "expected a number at line 3, column 2, found 'x'" },
  { text: '［１，ａ］', code: 'expected-number', offset: 3, length: 1, message: "expected a number at column 4, found 'ａ'" },
  { text: 'hello', code: 'not-a-vector', offset: 0, length: 5, message: "expected a vector or a number at column 1, found 'hello'" },
  { text: 'a[i]', code: 'not-a-vector', offset: 0, length: 1 },
  { text: '1.2.3 4', code: 'not-a-vector', offset: 0, length: 5 },
  { text: '2 abc', code: 'expected-number', offset: 2, length: 3, message: "expected a number at column 3, found 'abc'" },
  { text: '[1]', code: 'single-number', offset: 0, length: 3, includes: ['a single number is not a vector'] },
  { text: '5', code: 'single-number', offset: 0, length: 1 },
  { text: '(5,)', code: 'single-number', offset: 0, length: 4 },
  { text: '[[7]]', code: 'single-number', offset: 0, length: 5 },
  { text: '[]', code: 'empty-vector', offset: 0, length: 2 },
  { text: '[[], []]', code: 'empty-vector', offset: 0, length: 8 },
  { text: '[[1, 2], [3]]', code: 'ragged', offset: 9, length: 1, message: 'row 2 at column 10 has 1 number, but row 1 has 2: a batch must have rows of equal length' },
  { text: '[[1, 2], [3, 4], [5, 6, 7]]', code: 'ragged', offset: 17, length: 1, includes: ['row 3', 'has 3 numbers', 'row 1 has 2'] },
  { text: '[1, 2', code: 'unexpected-end', offset: 5, length: 0, message: "expected ',' or ']' at column 6, found end of text" },
  { text: '[1-2]', code: 'expected-number', offset: 2, length: 2, message: "expected ',' or ']' at column 3, found '-2'" },
  { text: '[1, 2 3]', code: 'expected-number', offset: 6, length: 1, message: "expected ',' or ']' at column 7, found '3'" },
  { text: '(1 2)', code: 'expected-number', offset: 3, length: 1, message: "expected ',' or ')' at column 4, found '2'" },
  { text: '[1, 2] foo', code: 'trailing-text', offset: 7, length: 3, message: "unexpected 'foo' at column 8 after the vector" },
  { text: '[1, 2](url)', code: 'trailing-text', offset: 6, length: 1 },
  { text: '[1, 2]]', code: 'trailing-text', offset: 6, length: 1 },
  { text: '[1, 2]\n[3, 4]', code: 'trailing-text', offset: 7, length: 1, message: "unexpected '[' at line 2, column 1 after the vector" },
  { text: '[[[1, 2]]]', code: 'too-deep', offset: 2, length: 1, includes: ['third level of nesting', 'column 3'] },
  { text: '[0.1 0.2 ... 0.9]', code: 'abbreviated', offset: 9, length: 3, includes: ["abbreviated with '...' at column 10"] },
  { text: '[0.1, …, 0.9]', code: 'abbreviated', offset: 6, length: 1 },
  { text: '\\begin{bmatrix} 1 & x \\end{bmatrix}', code: 'expected-number', offset: 20, length: 1, message: "expected a number at column 21, found 'x'" },
  { text: '\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}', code: 'ragged', offset: 25, length: 1, includes: ['row 2', 'a matrix must have rows of equal length'] },
  { text: '\\begin{bmatrix} 1 & 2', code: 'unexpected-end', offset: 21, length: 0, includes: ["'\\end{bmatrix}'", 'found end of text'] },
  { text: '\\begin{bmatrix} 1 & \\cdots & 9 \\end{bmatrix}', code: 'abbreviated', offset: 20, length: 1 },
  { text: '\\left[ 1, 2 \\right)', code: 'expected-number', offset: 12, length: 1, includes: ["'\\right]'"] },
  { text: 'np.array(x)', code: 'expected-number', offset: 9, length: 1, message: "expected '[' after 'np.array(' at column 10, found 'x'" },
  { text: 'np.array([1, 2]', code: 'unexpected-end', offset: 15, length: 0, includes: ["')' to close 'np.array('"] },
  { text: 'tensor([1., 2.], grad_fn=<Foo>', code: 'unexpected-end', offset: 30, length: 0 },
  { text: "tensor([1., 2.], device='cuda:0)", code: 'unexpected-end', offset: 32, length: 0, includes: ['closing quote'] },
];

describe('parseVector: errors say what and where', () => {
  for (const c of cases) {
    test(JSON.stringify(c.text), () => {
      const result = parseVector(c.text);
      assert.equal(result.ok, false, 'expected an error');
      if (result.ok) return;
      const e = result.error;
      assert.equal(e.code, c.code, e.message);
      assert.equal(e.offset, c.offset, e.message);
      assert.equal(e.length, c.length, e.message);
      if (c.message !== undefined) assert.equal(e.message, c.message);
      for (const fragment of c.includes ?? []) assert.ok(e.message.includes(fragment), `${JSON.stringify(e.message)} lacks ${JSON.stringify(fragment)}`);
    });
  }
});
