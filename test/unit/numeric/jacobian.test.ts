// Jacobians against exact decimal values: dense entries, and O(n) products that keep componentwise
// accuracy where the textbook forms cancel.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logSoftmaxJacobianOperator, softmax, softmaxJacobian, softmaxJacobianOperator } from '../../../src/core/numeric';
import { D, exact, normals, type Dec } from './reference';
import { value } from './results';

/** Relative error of each component against the exact product with the *given* (rounded) probabilities. */
function worstRel(got: ArrayLike<number>, ref: Dec[]): number {
  let w = 0;
  ref.forEach((r, i) => {
    const g = got[i] as number;
    const e = r.isZero() ? Math.abs(g) : exact(g).minus(r).abs().div(r.abs()).toNumber();
    w = Math.max(w, e);
  });
  return w;
}

/** Exact J·v for J = diag(s̃) − s̃ s̃ᵀ with s̃ = s / Σs (the normalisation convention of the operators). */
function exactSoftmaxJvp(s: ArrayLike<number>, v: ArrayLike<number>): Dec[] {
  const sd = Array.from(s, exact);
  const total = sd.reduce((a, b) => a.plus(b), new D(0));
  const sn = sd.map((x) => x.div(total));
  const mu = sn.reduce((a, x, i) => a.plus(x.times(exact(v[i] as number))), new D(0));
  return sn.map((x, i) => x.times(exact(v[i] as number).minus(mu)));
}

describe('dense softmax Jacobian', () => {
  test('J_ij = s_i(δ_ij − s_j), symmetric, rows sum to ~0', () => {
    const s = value(softmax([2, 1, 0.1]));
    const j = softmaxJacobian(s);
    assert.equal(j.length, 3);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        assert.equal(j[a]![b], j[b]![a]);
        const expected = a === b ? s[a]! * (1 - s[a]!) : -s[a]! * s[b]!;
        assert.ok(Math.abs(j[a]![b]! - expected) < 1e-16);
      }
      assert.ok(Math.abs(j[a]!.reduce((x, y) => x + y, 0)) < 1e-16);
    }
  });
  test('the diagonal stays accurate when one probability → 1 (s(1 − s) would give 0)', () => {
    const s = value(softmax([0, -40]));
    const j = softmaxJacobian(s);
    assert.equal(s[0], 1);
    const expected = exact(s[1] as number); // s0·(Σ_{k≠0} s_k) = 1·s1
    assert.ok(exact(j[0]![0]!).minus(expected).abs().div(expected).toNumber() < 2.3e-16, `${j[0]![0]}`);
  });
  test('empty input gives an empty matrix', () => assert.deepEqual(softmaxJacobian([]), []));
});

describe('structured Jacobian operators', () => {
  test('softmax jvp/vjp agree with the dense Jacobian and with exact values componentwise', () => {
    const s = value(softmax(normals(50, 0, 3, 31)));
    const v = normals(50, 1, 1, 32);
    const op = softmaxJacobianOperator(s);
    const jv = value(op.jvp(v));
    assert.deepEqual(Array.from(value(op.vjp(v))), Array.from(jv));
    assert.ok(worstRel(jv, exactSoftmaxJvp(s, v)) < 5e-16 * 4);
    const dense = softmaxJacobian(s);
    for (let i = 0; i < 50; i++) {
      const row = dense[i]!.reduce((a, x, k) => a + x * (v[k] as number), 0);
      assert.ok(Math.abs(row - (jv[i] as number)) < 1e-14);
      assert.equal(op.entry(i, i), dense[i]![i]);
    }
    assert.deepEqual(Array.from(op.diagonal()), dense.map((r, i) => r[i]));
  });

  test('a nearly constant tangent: every component keeps its relative accuracy (the textbook form does not)', () => {
    const s = value(softmax(normals(1000, 0, 2, 33)));
    const v = Float64Array.from(normals(1000, 0, 1, 34), (e) => 1 + e * 1e-12);
    const jv = value(softmaxJacobianOperator(s).jvp(v));
    const exactJv = exactSoftmaxJvp(s, v);
    // Some components have |v_i − μ| ≈ 2e−16·|v_i|; the double-double mean (error ≈ n·u²) still gives
    // them ~14 correct digits.
    assert.ok(worstRel(jv, exactJv) < 1e-14, `operator: ${worstRel(jv, exactJv)}`);
    // textbook s ⊙ (v − Σ s v): relative errors of order 1e−4 here
    let dot = 0;
    for (let i = 0; i < 1000; i++) dot += (s[i] as number) * (v[i] as number);
    const naive = Array.from(s, (si, i) => si * ((v[i] as number) - dot));
    assert.ok(worstRel(naive, exactJv) > 1e-8, 'the test case must actually be ill-conditioned for the naive form');
  });

  test('n = 1e6: O(n) products, no n² allocation', () => {
    const n = 1_000_000;
    const s = value(softmax(normals(n, 0, 10, 35)));
    const g = new Float64Array(n);
    g[7] = 1;
    const out = value(softmaxJacobianOperator(s).vjp(g));
    assert.equal(out.length, n);
    assert.ok(Math.abs((out[7] as number) - (s[7] as number) * (1 - (s[7] as number))) <= 1e-16 * Math.abs(out[7] as number) + 1e-300);
    assert.ok(Math.abs((out[8] as number) + (s[7] as number) * (s[8] as number)) <= 1e-15 * Math.abs(out[8] as number) + 1e-300);
  });

  test('log-softmax vjp g − s Σg: the cross-entropy case g = −e_y with s_y → 1 keeps p_y − 1 exact', () => {
    const s = value(softmax([0, -40, -45]));
    const g = [-1, 0, 0];
    const r = value(logSoftmaxJacobianOperator(s).vjp(g));
    const rest = exact(s[1] as number).plus(exact(s[2] as number));
    assert.ok(exact(-(r[0] as number)).minus(rest).abs().div(rest).toNumber() < 4.5e-16, `${r[0]}`);
    assert.equal(r[1], s[1]);
    // jvp: v − μ
    const jv = value(logSoftmaxJacobianOperator([0.25, 0.75]).jvp([1, 3]));
    assert.deepEqual(Array.from(jv), [-1.5, 0.5]);
    const op = logSoftmaxJacobianOperator([0.25, 0.75]);
    assert.equal(op.entry(0, 0), 0.75);
    assert.equal(op.entry(0, 1), -0.75);
    assert.deepEqual(Array.from(op.diagonal()), [0.75, 0.25]);
  });

  test('length mismatches are errors naming both sizes', () => {
    const op = softmaxJacobianOperator([0.5, 0.5]);
    const r = op.jvp([1, 2, 3]);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /3 entries.*2×2/);
    assert.equal(logSoftmaxJacobianOperator([1]).vjp([]).ok, false);
    assert.equal(op.vjp([1, 2], new Float64Array(1)).ok, false);
  });
});
