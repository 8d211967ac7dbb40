// Behaviour of softmax / logSoftmax / logSumExp and the batched versions: edge cases first,
// special values, masks, errors with clear messages, options, and agreement between the rows API
// and the single-row API.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logSoftmax, logSoftmaxRows, logSumExp, logSumExpRows, softmax, softmaxRows } from '../../../src/core/numeric';
import { decimalReference, normals, ulpError } from './reference';
import { value, errorOf } from './results';

describe('softmax edge cases', () => {
  test('overflow-prone [1000, 1000, 999] matches the exact values', () => {
    const ref = decimalReference([1000, 1000, 999]);
    const s = value(softmax([1000, 1000, 999]));
    s.forEach((v, i) => assert.ok(ulpError(v, ref.softmax[i]!) <= 1, `component ${i}`));
    assert.ok(ulpError(value(logSumExp([1000, 1000, 999])), ref.logSumExp) <= 0.5);
  });

  test('underflow-prone [−1000, −1000, −999] and a single element', () => {
    const s = value(softmax([-1000, -1000, -999]));
    assert.ok(Math.abs((s[2] as number) - 0.5761168847658291) < 2e-16);
    assert.deepEqual(Array.from(value(softmax([42]))), [1]);
    assert.deepEqual(Array.from(value(logSoftmax([42]))), [0]);
    assert.equal(value(logSumExp([42])), 42);
  });

  test('[0, −40]: log-softmax keeps the tiny log-probability of the dominant class', () => {
    const ls = value(logSoftmax([0, -40]));
    assert.equal(ls[0], -4.248354255291589e-18);
    assert.equal(ls[1], -40); // −40 − 4.2e−18 rounds to −40
  });

  test('empty vector is an error', () => {
    for (const r of [softmax([]), logSoftmax([]), logSumExp([])]) {
      const e = errorOf(r);
      assert.equal(e.code, 'empty-vector');
      assert.match(e.message, /empty/);
    }
  });

  test('−∞ entries get probability 0 and log-probability −∞', () => {
    const s = value(softmax([0, -Infinity, 0]));
    assert.deepEqual(Array.from(s), [0.5, 0, 0.5]);
    const ls = value(logSoftmax([0, -Infinity, 0]));
    assert.deepEqual(Array.from(ls), [-Math.LN2, -Infinity, -Math.LN2]);
  });

  test('the where-mask masks like −∞; a length mismatch is reported with both lengths', () => {
    const s = value(softmax([5, 1, 1], { where: [false, true, true] }));
    assert.deepEqual(Array.from(s), [0, 0.5, 0.5]);
    const ls = value(logSoftmax([5, 1, 1], { where: [false, true, true] }));
    assert.equal(ls[0], -Infinity);
    assert.equal(value(logSumExp([5, 1, 1], { where: [false, true, true] })), 1 + Math.LN2);
    const e = errorOf(softmax([1, 2, 3], { where: [true, false] }));
    assert.equal(e.code, 'length-mismatch');
    assert.match(e.message, /2 entries.*3/);
  });

  test('a fully masked row: error by default, NaN like PyTorch, zeros like JAX', () => {
    const e = errorOf(softmax([-Infinity, -Infinity]));
    assert.equal(e.code, 'fully-masked');
    assert.equal(errorOf(logSumExp([1, 2], { where: [false, false] })).code, 'fully-masked');
    const nan = value(softmax([-Infinity, -Infinity], { fullyMasked: 'nan' }));
    assert.ok(nan.every(Number.isNaN));
    assert.ok(value(logSoftmax([-Infinity, -Infinity], { fullyMasked: 'nan' })).every(Number.isNaN));
    assert.deepEqual(Array.from(value(softmax([-Infinity, -Infinity], { fullyMasked: 'zeros' }))), [0, 0]);
    assert.deepEqual(Array.from(value(logSoftmax([-Infinity, -Infinity], { fullyMasked: 'zeros' }))), [-Infinity, -Infinity]);
    assert.equal(value(logSumExp([-Infinity], { fullyMasked: 'nan' })), -Infinity);
  });

  test('NaN anywhere (unmasked) makes every output NaN; a masked NaN is ignored', () => {
    assert.ok(value(softmax([1, NaN, 2])).every(Number.isNaN));
    assert.ok(value(logSoftmax([1, NaN, 2])).every(Number.isNaN));
    assert.ok(Number.isNaN(value(logSumExp([1, NaN]))));
    assert.deepEqual(Array.from(value(softmax([0, NaN, 0], { where: [true, false, true] }))), [0.5, 0, 0.5]);
  });

  test('+∞ entries share the mass evenly (the limit), unlike PyTorch/SciPy which return NaN', () => {
    assert.deepEqual(Array.from(value(softmax([1, Infinity, 3, Infinity]))), [0, 0.5, 0, 0.5]);
    const ls = value(logSoftmax([1, Infinity, Infinity]));
    assert.deepEqual(Array.from(ls), [-Infinity, -Math.LN2, -Math.LN2]);
    assert.equal(value(logSumExp([1, Infinity])), Infinity);
  });

  test('temperature divides the logits; invalid temperatures are errors', () => {
    const t = value(softmax([2, 1, 0], { temperature: 2 }));
    const plain = value(softmax([1, 0.5, 0]));
    t.forEach((v, i) => assert.ok(Math.abs(v - (plain[i] as number)) <= 2e-16));
    for (const bad of [0, -1, NaN, Infinity]) {
      const e = errorOf(softmax([1, 2], { temperature: bad }));
      assert.equal(e.code, 'invalid-temperature');
      assert.match(e.message, new RegExp(String(bad)));
    }
  });

  test('logits near the overflow threshold and tiny temperatures: only differences are scaled', () => {
    assert.deepEqual(Array.from(value(softmax([1e308, -1e308]))), [1, 0]);
    assert.deepEqual(Array.from(value(logSoftmax([1e308, -1e308]))), [0, -Infinity]);
    assert.equal(value(logSumExp([1e308, -1e308])), 1e308);
    const wide = Float64Array.from({ length: 100 }, (_, i) => (i % 2 ? 1e308 : -1e308));
    assert.deepEqual(Array.from(value(softmax(wide))).slice(0, 4), [0, 0.02, 0, 0.02]);
    // x/T overflows for both entries, their difference does not decide: the larger one wins outright
    assert.deepEqual(Array.from(value(softmax([1e10, 2e10], { temperature: 1e-300 }))), [0, 1]);
    assert.deepEqual(Array.from(value(logSoftmax([1e10, 2e10], { temperature: 1e-300 }))), [-Infinity, 0]);
    assert.equal(value(logSumExp([1e10, 2e10], { temperature: 1e-300 })), Infinity);
    // a tiny temperature with close logits still resolves the difference exactly
    const close = value(softmax([1, 1 + 2 ** -52], { temperature: 2 ** -52 }));
    assert.ok(Math.abs((close[1] as number) - 1 / (1 + Math.exp(-1))) < 2e-16);
  });

  test('out buffer is filled and returned; a wrong length is an error', () => {
    const out = new Float64Array(3);
    const r = value(softmax([1, 2, 3], { out }));
    assert.equal(r, out);
    assert.ok(Math.abs((out[2] as number) - 0.6652409557748219) < 2e-16);
    assert.equal(errorOf(softmax([1, 2, 3], { out: new Float64Array(2) })).code, 'length-mismatch');
  });

  test('number[] and Float64Array inputs give identical results (both sides of the fast-path threshold)', () => {
    for (const n of [5, 1000]) {
      const x = normals(n, 3, 7, n);
      const a = value(softmax(x));
      const b = value(softmax(Array.from(x)));
      assert.deepEqual(Array.from(a), Array.from(b));
      assert.equal(value(logSumExp(x)), value(logSumExp(Array.from(x))));
    }
  });

  test('probabilities sum to 1 within a few ulps even for n = 1e5', () => {
    const s = value(softmax(normals(100_000, 0, 10, 5)));
    let sum = 0;
    for (const v of s) sum += v;
    assert.ok(Math.abs(sum - 1) < 1e-12, `sum = ${sum}`);
  });
});

describe('batched rows', () => {
  const rows = 7;
  const cols = 150;
  const m = normals(rows * cols, 0, 8, 77);
  m[3 * cols + 5] = -Infinity;

  test('each row equals the single-row result, for softmax, logSoftmax and logSumExp', () => {
    const s = value(softmaxRows(m, rows, cols));
    const ls = value(logSoftmaxRows(m, rows, cols));
    const lse = value(logSumExpRows(m, rows, cols));
    for (let r = 0; r < rows; r++) {
      const row = m.subarray(r * cols, (r + 1) * cols);
      assert.deepEqual(Array.from(s.subarray(r * cols, (r + 1) * cols)), Array.from(value(softmax(row))));
      assert.deepEqual(Array.from(ls.subarray(r * cols, (r + 1) * cols)), Array.from(value(logSoftmax(row))));
      assert.equal(lse[r], value(logSumExp(row)));
    }
  });

  test('temperature and where apply per row', () => {
    const where = Array.from({ length: rows * cols }, (_, i) => i % 3 !== 0);
    const s = value(softmaxRows(m, rows, cols, { temperature: 1.5, where }));
    const row2 = value(softmax(m.subarray(2 * cols, 3 * cols), { temperature: 1.5, where: where.slice(2 * cols, 3 * cols) }));
    assert.deepEqual(Array.from(s.subarray(2 * cols, 3 * cols)), Array.from(row2));
  });

  test('shape errors and a fully masked row name the problem', () => {
    assert.match(errorOf(softmaxRows(m, 6, cols)).message, /1050 entries.*6 rows × 150/);
    assert.equal(errorOf(softmaxRows([], 0, 3)).code, 'empty-vector');
    const masked = Float64Array.from([1, 2, -Infinity, -Infinity]);
    const e = errorOf(softmaxRows(masked, 2, 2));
    assert.equal(e.code, 'fully-masked');
    assert.match(e.message, /row 1/);
    const zeros = value(softmaxRows(masked, 2, 2, { fullyMasked: 'zeros' }));
    assert.deepEqual(Array.from(zeros.subarray(2)), [0, 0]);
    assert.deepEqual(Array.from(value(logSumExpRows(masked, 2, 2, { fullyMasked: 'nan' }))).slice(1), [-Infinity]);
  });
});
