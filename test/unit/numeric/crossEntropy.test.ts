// Cross-entropy with PyTorch F.cross_entropy semantics. Expected values are computed in the test by
// `torchCrossEntropy` (reference.ts): PyTorch's own algorithm (aten/src/ATen/native/LossNLL.cpp)
// transcribed into 40-digit decimal.js arithmetic, and gradients by 40-digit central differences of
// that loss — so they check the formula, not this implementation. PyTorch itself was not installed
// when these tests were first written (/usr/bin/python3 had no torch); the literal constants
// below are the decimal.js values rounded to double, and the [0, −40] constant is the one quoted in
// the issue. Later PyTorch 1.13 appeared at /usr/bin/python3: the last suite compares with values it
// produced (torchParity.json, see bench/numeric/torch_parity.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crossEntropy, crossEntropyBatch, type CrossEntropyOptions, type Target } from '../../../src/core/numeric';
import { exact, torchCrossEntropy, torchCrossEntropyGradient, type Dec, type TorchCeOptions } from './reference';
import { value, errorOf } from './results';

function relErr(got: number, ref: Dec): number {
  if (ref.isZero()) return Math.abs(got);
  return exact(got).minus(ref).abs().div(ref.abs()).toNumber();
}

const LOGITS = [
  [2.5, -1.25, 0.5, 3.0],
  [-0.75, 4.0, 1.5, -2.0],
  [0.0, 0.125, -0.5, 0.25],
];

function check(target: { index: number[] } | { probs: number[][] }, o: TorchCeOptions & { temperature?: number }): void {
  const flat = LOGITS.flat();
  const targets: Target[] | number[] = 'index' in target ? target.index : target.probs.map((values): Target => ({ kind: 'probabilities', values }));
  const r = value(crossEntropyBatch(flat, 3, 4, targets, o as CrossEntropyOptions));
  const ref = torchCrossEntropy(LOGITS.map((row) => row.map(exact)), target, o);
  if (Array.isArray(ref)) ref.forEach((v, n) => assert.ok(relErr(r.losses[n] as number, v) < 4e-16, `row ${n}: ${r.losses[n]} vs ${v}`));
  else assert.ok(relErr(r.loss, ref) < 4e-16, `loss ${r.loss} vs ${ref.toString()}`);
  const grad = torchCrossEntropyGradient(LOGITS, target, o);
  grad.flat().forEach((g, i) => {
    const got = r.gradient[i] as number;
    assert.ok(exact(got).minus(g).abs().lte(g.abs().times(1e-15).plus(1e-20)), `gradient[${i}] ${got} vs ${g.toString()}`);
  });
}

describe('cross-entropy: PyTorch parity (decimal.js transcription of LossNLL.cpp)', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    test(`index targets, reduction ${reduction}`, () => check({ index: [3, 1, 0] }, { reduction }));
    test(`index targets, weights + ignore_index + label smoothing 0.1, reduction ${reduction}`, () =>
      check({ index: [3, 7, 0] }, { reduction, weight: [0.5, 2, 1, 0.25], ignoreIndex: 7, labelSmoothing: 0.1 }));
    test(`probability targets, weights + label smoothing 0.2, reduction ${reduction}`, () =>
      check({ probs: [[0.1, 0.2, 0.3, 0.4], [0, 1, 0, 0], [0.25, 0.25, 0.25, 0.25]] }, { reduction, weight: [1, 0.5, 2, 1], labelSmoothing: 0.2 }));
  }

  test('recorded values (decimal.js, rounded to double)', () => {
    // F.cross_entropy(tensor([[2.5,-1.25,0.5,3.0],[-0.75,4,1.5,-2],[0,0.125,-0.5,0.25]]), tensor([3,1,0]))
    const r = value(crossEntropyBatch(LOGITS.flat(), 3, 4, [3, 1, 0]));
    const ref = torchCrossEntropy(LOGITS.map((row) => row.map(exact)), { index: [3, 1, 0] }) as Dec;
    // mpmath (40 digits, log-softmax then mean NLL) gives the same double: 0.671215726400334
    assert.equal(ref.toNumber(), 0.671215726400334);
    assert.ok(Math.abs(r.loss - 0.671215726400334) <= 1.2e-16, `${r.loss}`); // within 1 ulp
  });

  test('[0, −40], target 0: loss 4.2483542552915889e−18 (log1p form); gradient keeps relative accuracy', () => {
    const r = value(crossEntropy([0, -40], { kind: 'index', index: 0 }));
    assert.equal(r.loss, 4.2483542552915889e-18);
    const p1 = exact(-40).exp().div(exact(-40).exp().plus(1));
    assert.ok(relErr(r.gradient[1] as number, p1) < 2.3e-16);
    assert.ok(relErr(-(r.gradient[0] as number), p1) < 2.3e-16, `target gradient ${r.gradient[0]} (PyTorch: p − 1 = 0)`);
  });

  test('all targets ignored with mean: NaN loss like PyTorch, zero gradient', () => {
    const r = value(crossEntropyBatch([1, 2, 3, 4], 2, 2, [-100, -100]));
    assert.ok(Number.isNaN(r.loss));
    assert.deepEqual(Array.from(r.gradient), [0, 0, 0, 0]);
    assert.equal(value(crossEntropyBatch([1, 2, 3, 4], 2, 2, [-100, -100], { reduction: 'sum' })).loss, 0);
  });

  test('temperature: loss of logits/T, gradient with respect to the original logits', () => {
    const x = [3, 1, -2];
    const r = value(crossEntropy(x, { kind: 'index', index: 1 }, { temperature: 2 }));
    const ref = torchCrossEntropy([x.map((v) => exact(v).div(2))], { index: [1] }) as Dec;
    assert.ok(relErr(r.loss, ref) < 4e-16);
    const g = torchCrossEntropyGradient([x.map((v) => v / 2)], { index: [1] })[0] as Dec[];
    r.gradient.forEach((v, i) => assert.ok(relErr(v, (g[i] as Dec).div(2)) < 1e-14));
  });

  test('single-row reduction none is the weighted loss; mean divides by the target weight', () => {
    const none = value(crossEntropy([1, 2, 3], { kind: 'index', index: 2 }, { weight: [1, 1, 4], reduction: 'none' }));
    const mean = value(crossEntropy([1, 2, 3], { kind: 'index', index: 2 }, { weight: [1, 1, 4] }));
    assert.ok(Math.abs(none.loss - 4 * mean.loss) < 1e-15);
  });
});

describe('cross-entropy errors', () => {
  const idx = (index: number): Target => ({ kind: 'index', index });
  test('empty logits', () => assert.equal(errorOf(crossEntropy([], idx(0))).code, 'empty-vector'));
  test('class index out of range names the range', () => {
    const e = errorOf(crossEntropy([1, 2, 3], idx(3)));
    assert.equal(e.code, 'class-index-out-of-range');
    assert.match(e.message, /class 3 .*3 classes.*0–2/);
    assert.equal(errorOf(crossEntropy([1, 2, 3], idx(-1))).code, 'class-index-out-of-range');
    assert.equal(errorOf(crossEntropy([1, 2, 3], idx(1.5))).code, 'invalid-class-index');
  });
  test('length mismatch says both lengths', () => {
    const e = errorOf(crossEntropy([1, 2, 3], { kind: 'probabilities', values: [0.5, 0.5] }));
    assert.equal(e.code, 'length-mismatch');
    assert.match(e.message, /2 entries.*3/);
    assert.match(errorOf(crossEntropy([1, 2], idx(0), { weight: [1, 2, 3] })).message, /3 entries.*2 classes/);
  });
  test('negative and non-normalised probability targets say by how much', () => {
    const neg = errorOf(crossEntropy([1, 2, 3], { kind: 'probabilities', values: [0.7, -0.2, 0.5] }));
    assert.equal(neg.code, 'negative-probability');
    assert.match(neg.message, /probability 1 is -0\.2: negative by 0\.2/);
    const sum = errorOf(crossEntropy([1, 2, 3], { kind: 'probabilities', values: [0.5, 0.5, 0.25] }));
    assert.equal(sum.code, 'probabilities-not-normalised');
    assert.match(sum.message, /sum to 1\.25, off by \+0\.25/);
  });
  test('label smoothing outside [0, 1]', () => {
    for (const e of [-0.1, 1.5, NaN]) assert.equal(errorOf(crossEntropy([1, 2], idx(0), { labelSmoothing: e })).code, 'invalid-label-smoothing');
    assert.ok(value(crossEntropy([1, 2], idx(0), { labelSmoothing: 1 })).loss > 0);
  });
  test('fully masked row, bad weights, ignore_index with probabilities, mixed targets, row numbers in batch errors', () => {
    assert.equal(errorOf(crossEntropy([-Infinity, -Infinity], idx(0))).code, 'fully-masked');
    assert.equal(errorOf(crossEntropy([1, 2], idx(0), { weight: [1, -1] })).code, 'invalid-weight');
    assert.equal(errorOf(crossEntropy([1, 2], { kind: 'probabilities', values: [1, 0] }, { ignoreIndex: 0 })).code, 'ignore-index-with-probabilities');
    assert.equal(errorOf(crossEntropyBatch([1, 2, 3, 4], 2, 2, [idx(0), { kind: 'probabilities', values: [1, 0] }])).code, 'mixed-targets');
    assert.match(errorOf(crossEntropyBatch([1, 2, 3, 4], 2, 2, [0, 5])).message, /row 1/);
    assert.match(errorOf(crossEntropyBatch([1, 2, 3], 2, 2, [0, 1])).message, /3 entries.*2 rows × 2/);
  });
});

describe('cross-entropy special values', () => {
  test('+∞ logits: the limit (target among them: loss log(count); elsewhere +∞)', () => {
    const a = value(crossEntropy([Infinity, 0, Infinity], { kind: 'index', index: 0 }));
    assert.equal(a.loss, Math.LN2);
    assert.deepEqual(Array.from(a.gradient), [-0.5, 0, 0.5]);
    assert.equal(value(crossEntropy([Infinity, 0], { kind: 'index', index: 1 })).loss, Infinity);
  });
  test('a −∞ logit at the target gives +∞ loss; NaN logits give NaN', () => {
    assert.equal(value(crossEntropy([-Infinity, 0], { kind: 'index', index: 0 })).loss, Infinity);
    assert.ok(Number.isNaN(value(crossEntropy([NaN, 0], { kind: 'index', index: 1 })).loss));
  });
  test('large batch equals the row-by-row sum', () => {
    const rows = 50;
    const c = 300;
    const x = Float64Array.from({ length: rows * c }, (_, i) => Math.sin(i) * 20);
    const t = Array.from({ length: rows }, (_, i) => (i * 37) % c);
    const r = value(crossEntropyBatch(x, rows, c, t, { reduction: 'sum' }));
    let s = 0;
    for (let n = 0; n < rows; n++) s += value(crossEntropy(x.subarray(n * c, (n + 1) * c), { kind: 'index', index: t[n] as number }, { reduction: 'sum' })).loss;
    assert.ok(Math.abs(r.loss - s) <= 1e-12 * s);
  });
});

describe('cross-entropy: recorded PyTorch values', () => {
  // torchParity.json was produced by `/usr/bin/python3 bench/numeric/torch_parity.py` with PyTorch
  // 1.13 (float64, CPU): F.cross_entropy on LOGITS and loss.sum().backward() for the gradient.
  const recorded = JSON.parse(readFileSync(join(import.meta.dirname, 'torchParity.json'), 'utf8')) as Record<
    string,
    { loss: number | number[]; grad: number[] }
  >;
  const cases: Record<string, { targets: number[] | Target[]; options: CrossEntropyOptions }> = {
    index: { targets: [3, 1, 0], options: {} },
    weighted: { targets: [3, 7, 0], options: { weight: [0.5, 2, 1, 0.25], ignoreIndex: 7, labelSmoothing: 0.1 } },
    probs: {
      targets: [[0.1, 0.2, 0.3, 0.4], [0, 1, 0, 0], [0.25, 0.25, 0.25, 0.25]].map((values): Target => ({ kind: 'probabilities', values })),
      options: { weight: [1, 0.5, 2, 1], labelSmoothing: 0.2 },
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      test(`${name}, reduction ${reduction}: same numbers as PyTorch (within PyTorch's rounding)`, () => {
        const want = recorded[`${name}/${reduction}`];
        assert.ok(want !== undefined);
        const r = value(crossEntropyBatch(LOGITS.flat(), 3, 4, c.targets, { ...c.options, reduction }));
        // PyTorch forms p − 1 and Σ − max, so its values carry absolute errors of about one ulp of 1
        // (e.g. row 1 here: PyTorch 0.08912330413742449, exact 0.0891233041374246736…, this core
        // 0.08912330413742467); the exactness of this core is checked against decimal.js above.
        const close = (a: number, b: number): boolean => Math.abs(a - b) <= 4.5e-16 * Math.max(Math.abs(a), Math.abs(b)) + 2.5e-16;
        if (Array.isArray(want.loss)) want.loss.forEach((l, n) => assert.ok(close(r.losses[n] as number, l), `row ${n}: ${r.losses[n]} vs ${l}`));
        else assert.ok(close(r.loss, want.loss), `${r.loss} vs ${want.loss}`);
        want.grad.forEach((g, i) => assert.ok(close(r.gradient[i] as number, g), `gradient[${i}]: ${r.gradient[i]} vs ${g}`));
      });
    }
  }
  test('[0, −40]: PyTorch returns loss 0 and target gradient 0; this core the exact 4.2483542552915889e−18', () => {
    const want = recorded['p_to_1'];
    assert.equal(want?.loss, 0);
    assert.equal(want?.grad[0], 0);
    const r = value(crossEntropy([0, -40], { kind: 'index', index: 0 }));
    assert.equal(r.loss, 4.2483542552915889e-18);
    assert.equal(r.gradient[1], want?.grad[1]);
  });
});
