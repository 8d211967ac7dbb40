import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, entropy, klDivergence, summarizeLogits, topK } from '../../../src/core/numeric';
import { decimalReference, exact, ulpError } from './reference';

describe('entropy, KL, argmax, top-k', () => {
  test('entropy in nats, 0·log 0 = 0, invalid entries give NaN', () => {
    assert.equal(entropy([0.5, 0.5]), Math.LN2);
    assert.equal(entropy([1, 0, 0]), 0);
    assert.equal(entropy([]), 0);
    assert.ok(Math.abs(entropy([0.25, 0.25, 0.25, 0.25]) - Math.log(4)) < 1e-16);
    assert.ok(Number.isNaN(entropy([1.5, -0.5])));
  });

  test('KL divergence: known value, 0 for equal inputs, +∞ where q = 0 < p, errors', () => {
    const r = klDivergence([0.5, 0.5], [0.25, 0.75]);
    assert.ok(r.ok);
    const ref = exact(0.5).times(exact(0.5).div(exact(0.25)).ln()).plus(exact(0.5).times(exact(0.5).div(exact(0.75)).ln()));
    if (r.ok) assert.ok(ulpError(r.value, ref) <= 2);
    const same = klDivergence([0.2, 0.8], [0.2, 0.8]);
    assert.deepEqual(same, { ok: true, value: 0 });
    assert.deepEqual(klDivergence([0.5, 0.5], [1, 0]), { ok: true, value: Infinity });
    assert.deepEqual(klDivergence([0, 1], [0.5, 0.5]), { ok: true, value: Math.LN2 });
    const mismatch = klDivergence([1], [0.5, 0.5]);
    assert.equal(mismatch.ok, false);
    if (!mismatch.ok) assert.match(mismatch.error.message, /1 entries.*2/);
    assert.equal(klDivergence([], []).ok, false);
    assert.equal(klDivergence([-1, 2], [0.5, 0.5]).ok, false);
  });

  test('argmax: first maximum, NaN skipped, −1 when empty', () => {
    assert.equal(argmax([1, 3, 3, 2]), 1);
    assert.equal(argmax([NaN, 1, NaN]), 1);
    assert.equal(argmax([]), -1);
    assert.equal(argmax([-Infinity, -Infinity]), 0);
    assert.equal(argmax([NaN]), -1);
  });

  test('topK: largest first, ties by index, k clamped, NaN skipped; small and large k agree with a sort', () => {
    assert.deepEqual(topK([3, 1, 4, 1, 5, 9, 2, 6], 3), [
      { index: 5, value: 9 },
      { index: 7, value: 6 },
      { index: 4, value: 5 },
    ]);
    assert.deepEqual(topK([1, 2, 2], 2), [
      { index: 1, value: 2 },
      { index: 2, value: 2 },
    ]);
    assert.deepEqual(topK([1, NaN, 0], 5), [
      { index: 0, value: 1 },
      { index: 2, value: 0 },
    ]);
    assert.deepEqual(topK([1, 2], 0), []);
    assert.deepEqual(topK([1, 2], -3), []);
    const values = Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i) * 50));
    const sorted = values.map((value, index) => ({ index, value })).sort((a, b) => b.value - a.value || a.index - b.index);
    assert.deepEqual(topK(values, 10), sorted.slice(0, 10));
    assert.deepEqual(topK(values, 200), sorted.slice(0, 200));
  });
});

describe('summarizeLogits', () => {
  test('everything in one call, consistent with the individual functions and the exact values', () => {
    const r = summarizeLogits([2, 1, 0.1], { target: { kind: 'index', index: 0 } });
    assert.ok(r.ok);
    if (!r.ok) return;
    const s = r.value;
    const ref = decimalReference([2, 1, 0.1]);
    s.softmax.forEach((v, i) => assert.ok(ulpError(v, ref.softmax[i]!) <= 3));
    s.logSoftmax.forEach((v, i) => assert.ok(ulpError(v, ref.logSoftmax[i]!) <= 2));
    assert.ok(ulpError(s.logSumExp, ref.logSumExp) <= 1);
    assert.equal(s.argmax, 0);
    assert.equal(s.temperature, 1);
    assert.equal(s.jacobian?.length, 3);
    assert.equal(s.loss, -(s.logSoftmax[0] as number));
    assert.ok(Math.abs((s.gradient?.[0] as number) - ((s.softmax[0] as number) - 1)) < 1e-16);
    const h = ref.softmax.reduce((a, p, i) => a.minus(p.times(ref.logSoftmax[i]!)), exact(0));
    assert.ok(ulpError(s.entropy, h) <= 2);
  });

  test('no Jacobian above the limit, no loss without a target; errors pass through', () => {
    const r = summarizeLogits(Array.from({ length: 65 }, (_, i) => i / 10));
    assert.ok(r.ok && r.value.jacobian === undefined && r.value.loss === undefined);
    const small = summarizeLogits([1, 2], { jacobianLimit: 1 });
    assert.ok(small.ok && small.value.jacobian === undefined);
    const bad = summarizeLogits([1, 2], { target: { kind: 'index', index: 2 } });
    assert.equal(bad.ok, false);
    assert.equal(summarizeLogits([]).ok, false);
    const t = summarizeLogits([1, 2], { temperature: 0.5, target: { kind: 'index', index: 1 }, labelSmoothing: 0.1 });
    assert.ok(t.ok && t.value.temperature === 0.5 && typeof t.value.loss === 'number');
  });
});
