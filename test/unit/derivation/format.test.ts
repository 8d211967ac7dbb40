import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { latexFactor, latexMatrix, latexNumber, latexVector, plainNumber, splitProse } from '../../../src/core/derivation/index';

describe('latexNumber', () => {
  test('rounds to significant digits and drops trailing zeros', () => {
    assert.equal(latexNumber(0.65900306, 4), '0.659');
    assert.equal(latexNumber(0.5, 4), '0.5');
    assert.equal(latexNumber(-1.23456, 3), '-1.23');
    assert.equal(latexNumber(1000, 4), '1000');
    assert.equal(latexNumber(0, 4), '0');
  });
  test('switches to \\times 10^{k} for tiny and huge values', () => {
    assert.equal(latexNumber(3.1e-11, 2), '3.1 \\times 10^{-11}');
    assert.equal(latexNumber(-2.5e20, 3), '-2.5 \\times 10^{20}');
    assert.equal(latexNumber(123456, 3), '1.23 \\times 10^{5}');
  });
  test('non-finite values', () => {
    assert.equal(latexNumber(Infinity, 4), '\\infty');
    assert.equal(latexNumber(-Infinity, 4), '-\\infty');
    assert.equal(latexNumber(NaN, 4), '\\mathrm{NaN}');
  });
  test('factors get parentheses when negative or scientific', () => {
    assert.equal(latexFactor(0.25, 4), '0.25');
    assert.equal(latexFactor(-0.25, 4), '\\left(-0.25\\right)');
    assert.equal(latexFactor(1e-9, 2), '\\left(1 \\times 10^{-9}\\right)');
  });
});

describe('plainNumber', () => {
  test('uses e-notation and clamps digits', () => {
    assert.equal(plainNumber(3.1e-11, 2), '3.1e-11');
    assert.equal(plainNumber(1 / 3, 40), '0.33333333333333331');
    assert.equal(plainNumber(1 / 3, 0), '0.3');
    assert.equal(plainNumber(NaN, 4), 'NaN');
  });
});

describe('latexVector / latexMatrix', () => {
  test('short vectors in full, long ones elided with their last two entries', () => {
    assert.equal(latexVector([1, 2.5, -3], 4), '\\begin{bmatrix} 1 & 2.5 & -3 \\end{bmatrix}');
    const long = latexVector(Array.from({ length: 100 }, (_, k) => k), 4, 6);
    assert.equal(long, '\\begin{bmatrix} 0 & 1 & 2 & \\cdots & 98 & 99 \\end{bmatrix}');
  });
  test('matrix rows are separated by \\\\', () => {
    assert.equal(latexMatrix([[1, 0], [0, 1]], 3), '\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}');
  });
});

describe('splitProse', () => {
  test('separates text and $…$ math', () => {
    assert.deepEqual(splitProse('Case $i = j$: done'), [
      { kind: 'text', value: 'Case ' },
      { kind: 'math', value: 'i = j' },
      { kind: 'text', value: ': done' },
    ]);
  });
  test('an unmatched $ stays text; empty input gives nothing', () => {
    assert.deepEqual(splitProse('costs $5'), [{ kind: 'text', value: 'costs $5' }]);
    assert.deepEqual(splitProse(''), []);
    assert.deepEqual(splitProse('$a$$b$'), [
      { kind: 'math', value: 'a' },
      { kind: 'math', value: 'b' },
    ]);
  });
});
