// Logits near the largest double: every output is finite whenever its exact value is, and within a
// few ulp of a 40-digit reference. (The TwoSum of the shift x − max overflowed to NaN, and
// label smoothing / soft targets multiplied an overflowed −log p by a small weight.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { crossEntropy, logSoftmax, logSumExp, softmax, summarizeLogits, type Target } from '../../../src/core/numeric/index';
import { frexp, scaleByPowerOfTwo, twoSumLo } from '../../../src/core/numeric/exact';
import { D, exact, ulpError, type Dec } from './reference';

const MAX = Number.MAX_VALUE;
const DMAX = exact(MAX);

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** 40-digit log-softmax; terms below e^−1e4 relative are dropped (they cannot move 40 digits). */
function refLogSoftmax(x: readonly number[], t = 1): Dec[] {
  const z = x.map((v) => exact(v).div(exact(t)));
  const m = z.reduce((a, b) => (b.gt(a) ? b : a));
  const s = z.reduce((acc, v) => {
    const d = v.minus(m);
    return d.lt(-10000) ? acc : acc.plus(d.exp());
  }, new D(0));
  const logS = s.ln();
  return z.map((v) => v.minus(m).minus(logS));
}

/** 40-digit cross-entropy Σ q_j (−ℓ_j) with PyTorch's q for an index (with smoothing ε) or a probability target. */
function refLoss(x: readonly number[], target: Target, eps = 0, t = 1): Dec {
  const l = refLogSoftmax(x, t);
  const C = x.length;
  const e = exact(eps);
  return l.reduce((acc, lj, j) => {
    const tj = target.kind === 'index' ? new D(j === target.index ? 1 : 0) : exact(target.values[j] as number);
    const q = tj.times(new D(1).minus(e)).plus(e.div(C));
    return q.isZero() ? acc : acc.minus(q.times(lj));
  }, new D(0));
}

function assertClose(computed: number, reference: Dec, ulps: number, what: string): void {
  if (reference.abs().gt(DMAX)) {
    assert.ok(!Number.isFinite(computed), `${what}: exact value ${reference.toExponential(6)} overflows, got ${computed}`);
    return;
  }
  assert.ok(Number.isFinite(computed), `${what}: exact value ${reference.toExponential(6)} is finite, got ${computed}`);
  const err = ulpError(computed, reference);
  assert.ok(err <= ulps, `${what}: ${computed} vs ${reference.toExponential(20)}: ${err} ulp`);
}

describe('logits near the largest double', () => {
  const issue = [5.604623424298296e307, 1.7976931348623157e308];

  test('the issue\'s vector: log-softmax and the loss are finite and accurate, not NaN', () => {
    const ls = value(logSoftmax(issue));
    const ref = refLogSoftmax(issue);
    assertClose(ls[0] as number, ref[0] as Dec, 1, 'logSoftmax[0]');
    assertClose(ls[1] as number, ref[1] as Dec, 1, 'logSoftmax[1]');
    assertClose(value(crossEntropy(issue, { kind: 'index', index: 0 })).loss, refLoss(issue, { kind: 'index', index: 0 }), 1, 'loss, target 0');
    assert.deepEqual(Array.from(value(softmax(issue))), [0, 1]);
    assert.equal(value(logSumExp(issue)), MAX);
  });

  test('label smoothing and soft targets: finite where the exact loss is (≈1e307–1e308), within 4 ulp', () => {
    const cases: [number[], Target, number][] = [
      [issue, { kind: 'index', index: 0 }, 0.1],
      [issue, { kind: 'probabilities', values: [0.5, 0.5] }, 0],
      [issue, { kind: 'probabilities', values: [0.25, 0.75] }, 0.3],
      [[-MAX, MAX], { kind: 'index', index: 1 }, 0.1], // −ℓ_0 = 2·MAX overflows, 0.05 of it does not
      [[-MAX, MAX], { kind: 'probabilities', values: [0.125, 0.875] }, 0],
      [[-MAX, 0, MAX], { kind: 'index', index: 2 }, 0.01],
      [[-MAX, MAX], { kind: 'probabilities', values: [0.75, 0.25] }, 0], // 1.5·MAX: overflows exactly
    ];
    for (const [x, target, eps] of cases) {
      const what = `${JSON.stringify(x)} ${JSON.stringify(target)} ε=${eps}`;
      const ce = value(crossEntropy(x, target, { labelSmoothing: eps }));
      assertClose(ce.loss, refLoss(x, target, eps), 4, what);
      for (const g of ce.gradient) assert.ok(Number.isFinite(g), `${what}: gradient ${Array.from(ce.gradient).join(', ')}`);
    }
  });

  test('a temperature above 1 brings an overflowing difference back into range', () => {
    for (const t of [2, 4, 1e10]) {
      const x = [-MAX, MAX, -MAX / 3];
      const ls = value(logSoftmax(x, { temperature: t }));
      const ref = refLogSoftmax(x, t);
      ls.forEach((v, i) => assertClose(v, ref[i] as Dec, 2, `T=${t} logSoftmax[${i}]`));
      assertClose(value(crossEntropy(x, { kind: 'index', index: 0 }, { temperature: t })).loss, refLoss(x, { kind: 'index', index: 0 }, 0, t), 2, `T=${t} loss`);
    }
  });

  test('summarizeLogits (what eval prints): every output finite whenever its exact value is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -MAX, max: MAX, noNaN: true }), fc.double({ min: 1e300, max: MAX, noNaN: true }), fc.double({ min: -MAX, max: -1e300, noNaN: true })), { minLength: 2, maxLength: 6 }),
        fc.nat(5),
        fc.constantFrom(0, 0.1, 0.5, 1),
        fc.constantFrom(1, 0.5, 3),
        (x, k, eps, t) => {
          const index = k % x.length;
          const s = value(summarizeLogits(x, { temperature: t, target: { kind: 'index', index }, labelSmoothing: eps }));
          const ref = refLogSoftmax(x, t);
          s.logSoftmax.forEach((v, i) => assertClose(v, ref[i] as Dec, 2, `logSoftmax[${i}] of ${JSON.stringify(x)}, T=${t}`));
          assertClose(s.loss as number, refLoss(x, { kind: 'index', index }, eps, t), 4, `loss of ${JSON.stringify(x)}, target ${index}, ε=${eps}, T=${t}`);
          for (const v of [...s.softmax, s.entropy, ...(s.gradient ?? [])]) assert.ok(Number.isFinite(v), `${JSON.stringify(x)}: ${v}`);
          for (const row of s.jacobian ?? []) for (const v of row) assert.ok(Number.isFinite(v));
        },
      ),
      { numRuns: 300, seed: 10 },
    );
  });
});

/** Exact decimal value of a double, in enough digits that sums of two doubles are exact too (the 40-digit `exact` rounds them). */
const Big = Decimal.clone({ precision: 1200, toExpNeg: -2000, toExpPos: 2000, minE: -9e15, maxE: 9e15 });
function bigExact(x: number): InstanceType<typeof Big> {
  return new Big(bigFraction(x));
}
function bigFraction(x: number): string {
  if (x === 0) return '0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = BigInt(hi & 0xfffff) * 4294967296n + BigInt(view.getUint32(4));
  let e = -1074;
  if (biased !== 0) {
    mantissa += 4503599627370496n;
    e = biased - 1075;
  }
  const v = new Big(mantissa.toString()).times(new Big(2).pow(e));
  return (x < 0 ? v.neg() : v).toFixed();
}

/** Any double, often one of the large ones whose sums overflow the textbook TwoSum. */
const huge = fc.oneof(fc.double({ min: -MAX, max: MAX, noNaN: true }), fc.double({ min: 1e307, max: MAX, noNaN: true }), fc.double({ min: -MAX, max: -1e307, noNaN: true }));

describe('overflow-safe exact helpers', () => {
  test('twoSumLo is the exact error of a rounded sum, also where the textbook TwoSum overflows to NaN', () => {
    fc.assert(
      fc.property(huge, huge, (a, b) => {
        const s = a + b;
        fc.pre(Number.isFinite(s));
        const lo = twoSumLo(a, b, s);
        assert.ok(bigExact(a).plus(bigExact(b)).eq(bigExact(s).plus(bigExact(lo))), `${a} + ${b} = ${s} + ${lo}`);
      }),
      { numRuns: 2000, seed: 10 },
    );
    const [a, b] = [5.604623424298296e307, -MAX];
    assert.ok(bigExact(a).plus(bigExact(b)).eq(bigExact(a + b).plus(bigExact(twoSumLo(a, b, a + b)))));
  });

  test('frexp and scaleByPowerOfTwo round-trip, subnormals and the largest double included', () => {
    for (const x of [1, -3, 0.1, MAX, 5e-324, 2.2250738585072014e-308, -1e-310, 2 ** 1023]) {
      const [m, e] = frexp(x);
      assert.ok(Math.abs(m) >= 0.5 && Math.abs(m) < 1, `${x}: mantissa ${m}`);
      assert.equal(scaleByPowerOfTwo(m, e), x, `${x} = ${m}·2^${e}`);
    }
    assert.equal(scaleByPowerOfTwo(1, 2000), Infinity);
    assert.equal(scaleByPowerOfTwo(2 ** 1000, -2074), 5e-324 * 2 ** 0);
  });
});
