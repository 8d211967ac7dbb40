import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDerivation, type Derivation, type DerivationStep } from '../../../src/core/derivation/index';
import { hashNumbers, planChildren, signatureOf, stepSignature, type KeyedPiece } from '../../../src/core/panel/renderPlan';

const piece = (key: string, signature: string): KeyedPiece => ({ key, signature });

describe('planChildren', () => {
  test('keeps a key with the same signature, renders a changed or new one, drops the rest', () => {
    const plan = planChildren([piece('a', '1'), piece('b', '2'), piece('c', '3')], [piece('b', '2'), piece('c', '4'), piece('d', '5')]);
    assert.deepEqual(plan.pieces, [
      { key: 'b', action: 'keep' },
      { key: 'c', action: 'render' },
      { key: 'd', action: 'render' },
    ]);
    assert.deepEqual(plan.dropped, ['a', 'c']);
  });

  test('follows the new order, keeping nodes that moved', () => {
    const plan = planChildren([piece('a', '1'), piece('b', '2')], [piece('b', '2'), piece('a', '1')]);
    assert.deepEqual(plan.pieces, [
      { key: 'b', action: 'keep' },
      { key: 'a', action: 'keep' },
    ]);
    assert.deepEqual(plan.dropped, []);
  });

  test('a key repeated in the new list gets the old node once; the copy is rendered', () => {
    const plan = planChildren([piece('a', '1')], [piece('a', '1'), piece('a', '1')]);
    assert.deepEqual(plan.pieces.map((p) => p.action), ['keep', 'render']);
    assert.deepEqual(plan.dropped, []);
  });

  test('a key repeated in the old list: the first one counts, the node is kept once', () => {
    const plan = planChildren([piece('a', '1'), piece('a', '2')], [piece('a', '2')]);
    assert.deepEqual(plan.pieces, [{ key: 'a', action: 'render' }]);
    assert.deepEqual(plan.dropped, ['a']);
  });

  test('empty lists', () => {
    assert.deepEqual(planChildren([], [piece('a', '1')]), { pieces: [{ key: 'a', action: 'render' }], dropped: [] });
    assert.deepEqual(planChildren([piece('a', '1'), piece('b', '1')], []), { pieces: [], dropped: ['a', 'b'] });
    assert.deepEqual(planChildren([], []), { pieces: [], dropped: [] });
  });

  test('property: every old node is either kept exactly once or dropped, and only kept when unchanged', () => {
    const list = fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), signature: fc.constantFrom('1', '2', '3') }), { maxLength: 8 });
    fc.assert(
      fc.property(list, list, (previous, next) => {
        const plan = planChildren(previous, next);
        assert.equal(plan.pieces.length, next.length);
        const firstSignature = new Map<string, string>();
        for (const p of previous) if (!firstSignature.has(p.key)) firstSignature.set(p.key, p.signature);
        const kept = plan.pieces.filter((p) => p.action === 'keep').map((p) => p.key);
        assert.equal(new Set(kept).size, kept.length, 'an old node kept twice');
        plan.pieces.forEach((p, k) => {
          assert.equal(p.key, next[k]?.key);
          if (p.action === 'keep') assert.equal(firstSignature.get(p.key), next[k]?.signature);
        });
        // The first occurrence of an unchanged key is always kept (nothing is rebuilt needlessly).
        const seen = new Set<string>();
        plan.pieces.forEach((p, k) => {
          const wasFirst = !seen.has(p.key);
          seen.add(p.key);
          if (wasFirst && firstSignature.get(p.key) === next[k]?.signature) assert.equal(p.action, 'keep');
        });
        assert.deepEqual([...plan.dropped, ...kept].sort(), [...firstSignature.keys()].sort());
      }),
    );
  });
});

function derivation(logits: number[]): Derivation {
  const built = buildDerivation({ logits, target: { kind: 'index', index: 1 } });
  assert.ok(built.ok, built.ok ? '' : built.error.message);
  return built.value;
}

function stepPieces(d: Derivation): KeyedPiece[] {
  return d.sections.flatMap((s) => s.steps).map((step) => ({ key: step.id, signature: stepSignature(step) }));
}

describe('planChildren on real derivations (a cursor move)', () => {
  test('new logits of the same length rebuild the steps with numbers and keep the symbolic ones', () => {
    const plan = planChildren(stepPieces(derivation([2, 1, 0.1, -1])), stepPieces(derivation([0.5, 3, -2, 1])));
    const action = new Map(plan.pieces.map((p) => [p.key, p.action]));
    for (const symbolic of ['softmax.definition', 'softmax-derivative.quotient', 'softmax-derivative.together', 'cross-entropy.definition']) assert.equal(action.get(symbolic), 'keep', symbolic);
    for (const numeric of ['input.summary', 'softmax.values', 'cross-entropy-numbers.loss']) assert.equal(action.get(numeric), 'render', numeric);
    assert.ok(plan.pieces.filter((p) => p.action === 'keep').length > plan.pieces.length / 3);
  });

  test('the same logits again keep every step', () => {
    const plan = planChildren(stepPieces(derivation([2, 1, 0.1])), stepPieces(derivation([2, 1, 0.1])));
    assert.ok(plan.pieces.every((p) => p.action === 'keep'));
    assert.deepEqual(plan.dropped, []);
  });
});

describe('stepSignature', () => {
  const step: DerivationStep = { id: 's', label: 'L', prose: 'p $x$', latex: 'x^2', fromNote: true };
  test('equal steps sign alike; any field changes the signature', () => {
    assert.equal(stepSignature({ ...step }), stepSignature(step));
    const variants: DerivationStep[] = [{ ...step, id: 't' }, { ...step, label: 'M' }, { ...step, prose: 'p $y$' }, { ...step, latex: 'x^3' }, { ...step, fromNote: false }];
    for (const v of variants) assert.notEqual(stepSignature(v), stepSignature(step), JSON.stringify(v));
  });
  test('a missing field differs from an empty one', () => {
    const { label: _label, ...noLabel } = step;
    assert.notEqual(stepSignature(noLabel), stepSignature({ ...step, label: '' }));
  });
});

describe('hashNumbers', () => {
  test('depends on the values, not on the array type', () => {
    assert.equal(hashNumbers([1, 2, 3]), hashNumbers(Float64Array.of(1, 2, 3)));
    assert.equal(hashNumbers(Int32Array.of(4, 5)), hashNumbers([4, 5]));
  });
  test('one ulp, order, length, sign of zero and infinities all change it', () => {
    const base = hashNumbers([0.1, 0.2, 0.3]);
    assert.notEqual(hashNumbers([0.1, 0.2, 0.30000000000000004]), base);
    assert.notEqual(hashNumbers([0.2, 0.1, 0.3]), base);
    assert.notEqual(hashNumbers([0]), hashNumbers([0, 0]));
    assert.notEqual(hashNumbers([]), hashNumbers([0]));
    assert.notEqual(hashNumbers([0]), hashNumbers([-0]));
    assert.notEqual(hashNumbers([Infinity]), hashNumbers([-Infinity]));
  });
  test('every NaN hashes alike (a NaN is shown as NaN whatever its bits)', () => {
    const other = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0] ?? 0;
    assert.ok(Number.isNaN(other));
    assert.equal(hashNumbers([other]), hashNumbers([NaN]));
  });
  test('no collisions among 20,000 near-identical vectors', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 20_000; k++) seen.add(hashNumbers([1, 2, k * 1e-9, 4]));
    assert.equal(seen.size, 20_000);
  });
});

describe('signatureOf', () => {
  test('keeps apart the numbers JSON would merge', () => {
    const values = [null, NaN, Infinity, -Infinity, 0, -0, '#NaN', '##NaN', 'NaN', '#-0', 'Infinity'];
    const signatures = values.map((v) => signatureOf({ x: [v] }));
    assert.equal(new Set(signatures).size, values.length, signatures.join(' '));
    assert.notEqual(signatureOf([NaN]), signatureOf([null]));
    assert.notEqual(signatureOf([0]), signatureOf([-0]));
    assert.notEqual(signatureOf([Infinity]), signatureOf([-Infinity]));
  });
  test('equal data, equal signature', () => {
    assert.equal(signatureOf({ a: [1, 2, { b: 'x' }] }), signatureOf({ a: [1, 2, { b: 'x' }] }));
    assert.notEqual(signatureOf({ a: 1 }), signatureOf({ a: 2 }));
  });
});
