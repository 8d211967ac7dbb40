import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import katex from 'katex';
import {
  buildDerivation,
  derivationToText,
  allLatex,
  splitProse,
  text,
  textKeys,
  type Derivation,
  type DerivationInput,
  type NoteStep,
} from '../../../src/core/derivation/index';
import { softmaxJacobian } from '../../../src/core/numeric/index';

const D = Decimal.clone({ precision: 50 });

/** Softmax of a/T in 50-digit arithmetic: the reference the double results are checked against. */
function referenceSoftmax(logits: readonly number[], temperature = 1): Decimal[] {
  const z = logits.map((a) => new D(a).div(temperature));
  const m = Decimal.max(...z);
  const e = z.map((v) => v.minus(m).exp());
  const sum = e.reduce((acc, v) => acc.plus(v), new D(0));
  return e.map((v) => v.div(sum));
}

function build(input: DerivationInput): Derivation {
  const result = buildDerivation(input);
  if (!result.ok) assert.fail(`expected a derivation, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function close(actual: number, expected: Decimal | number, tolerance: number, what: string): void {
  const e = typeof expected === 'number' ? expected : expected.toNumber();
  assert.ok(Math.abs(actual - e) <= tolerance * Math.max(1, Math.abs(e)), `${what}: ${actual} vs ${e}`);
}

function step(d: Derivation, id: string) {
  const found = d.sections.flatMap((s) => s.steps).find((s) => s.id === id);
  assert.ok(found, `step ${id}`);
  return found;
}

describe('buildDerivation: errors carry a code and a readable message', () => {
  test('empty logits', () => {
    const r = buildDerivation({ logits: [] });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'empty-logits');
  });
  test('bad temperature and label smoothing', () => {
    for (const temperature of [0, -1, NaN, Infinity]) {
      const r = buildDerivation({ logits: [1, 2], temperature });
      assert.equal(!r.ok && r.error.code, 'invalid-temperature', String(temperature));
    }
    const r = buildDerivation({ logits: [1, 2], labelSmoothing: 1 });
    assert.equal(!r.ok && r.error.code, 'invalid-label-smoothing');
  });
  test('indices outside the vector name the index and the range', () => {
    const r = buildDerivation({ logits: [1, 2, 3], entry: { i: 0, j: 3 } });
    assert.equal(!r.ok && r.error.code, 'index-out-of-range');
    assert.match(!r.ok ? r.error.message : '', /j = 3 is outside 0…2/);
    const t = buildDerivation({ logits: [1, 2, 3], target: { kind: 'index', index: -1 } });
    assert.equal(!t.ok && t.error.code, 'index-out-of-range');
    const soft = buildDerivation({ logits: [1, 2, 3], target: { kind: 'probabilities', values: [0.5, 0.5] } });
    assert.equal(!soft.ok && soft.error.code, 'length-mismatch');
  });
  test('NaN and +∞ logits are refused with their index; −∞ is a mask', () => {
    const r = buildDerivation({ logits: [1, NaN, 2] });
    assert.equal(!r.ok && r.error.code, 'invalid-logit');
    assert.match(!r.ok ? r.error.message : '', /index 1 is NaN/);
    const inf = buildDerivation({ logits: [Infinity, 2] });
    assert.match(!inf.ok ? inf.error.message : '', /index 0 is Infinity/);
    const masked = buildDerivation({ logits: [-Infinity, -Infinity] });
    assert.equal(masked.ok, false, 'a fully masked row has no softmax');
  });
});

describe('buildDerivation: numbers against a 50-digit reference', () => {
  test('[2, 1, 0.1] with target 0', () => {
    const logits = [2, 1, 0.1];
    const d = build({ logits, target: { kind: 'index', index: 0 }, entry: { i: 0, j: 1 } });
    const ref = referenceSoftmax(logits);
    ref.forEach((r, k) => close(d.softmax[k] ?? NaN, r, 1e-15, `s_${k}`));
    close(d.loss, ref[0]!.ln().neg(), 1e-15, 'loss');
    close(d.gradient[0] ?? NaN, ref[0]!.minus(1), 1e-15, 'grad 0');
    close(d.gradient[1] ?? NaN, ref[1]!, 1e-15, 'grad 1');
    close(d.entryValue, ref[0]!.times(ref[1]!).neg(), 1e-15, '∂s0/∂a1');
    assert.equal(d.targetIndex, 0);
    assert.deepEqual(d.entry, { i: 0, j: 1 });
    // The numbers are substituted into the formulas.
    assert.equal(step(d, 'softmax-derivative-numbers.value').latex, '\\frac{\\partial s_{0}}{\\partial a_{1}} = - s_{0} s_{1} = -0.659 \\cdot 0.2424 = -0.1598');
    assert.equal(step(d, 'cross-entropy-numbers.loss').latex, 'L = -\\ln y_{0} = -\\ln 0.659 = 0.417');
    assert.match(step(d, 'cross-entropy-numbers.target-entry').latex ?? '', /= 0\.659 - 1 = -0\.341$/);
    assert.match(step(d, 'softmax.example').latex ?? '', /e\^\{2 - 2\} \+ e\^\{1 - 2\} \+ e\^\{0\.1 - 2\}/);
    assert.ok(d.gradientCheck.passed);
    assert.equal(d.gradientCheck.checked, 3);
    assert.ok(d.gradientCheck.maxDifference < 1e-9);
    assert.ok(d.maxRowSum < 1e-15);
  });

  test('the diagonal case substitutes s_i(1 − s_i)', () => {
    const logits = [2, 1, 0.1];
    const d = build({ logits, entry: { i: 1, j: 1 } });
    const ref = referenceSoftmax(logits);
    close(d.entryValue, ref[1]!.times(new D(1).minus(ref[1]!)), 1e-15, '∂s1/∂a1');
    assert.match(step(d, 'softmax-derivative-numbers.value').latex ?? '', /s_\{1\} \(1 - s_\{1\}\) = 0\.2424 \\cdot \(1 - 0\.2424\) = 0\.1837$/);
  });

  test('the entry agrees with the numeric core’s dense Jacobian', () => {
    const logits = [0.3, -1.2, 2.2, 0.7, 0];
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const d = build({ logits, entry: { i, j } });
        const dense = softmaxJacobian(d.softmax);
        close(d.entryValue, dense[i]?.[j] ?? NaN, 1e-15, `J[${i},${j}]`);
      }
    }
  });

  test('overflow-prone logits [1000, 1000, 999] stay finite', () => {
    const logits = [1000, 1000, 999];
    const d = build({ logits, target: { kind: 'index', index: 2 } });
    const ref = referenceSoftmax(logits);
    ref.forEach((r, k) => close(d.softmax[k] ?? NaN, r, 1e-15, `s_${k}`));
    close(d.loss, ref[2]!.ln().neg(), 1e-14, 'loss');
    assert.ok(d.gradientCheck.passed, JSON.stringify(d.gradientCheck));
    assert.match(step(d, 'softmax.values').prose ?? '', /m = 1000/);
  });

  test('a masked logit (−∞) gets probability 0 and gradient 0', () => {
    const d = build({ logits: [0, -Infinity, 1], target: { kind: 'index', index: 0 } });
    assert.equal(d.softmax[1], 0);
    assert.equal(d.gradient[1], 0);
    assert.ok(d.gradientCheck.passed);
    assert.ok(Number.isFinite(d.loss));
  });

  test('temperature divides the logits and the gradient', () => {
    const logits = [3, -1, 0.5, 2];
    const T = 2.5;
    const d = build({ logits, temperature: T, target: { kind: 'index', index: 3 }, entry: { i: 0, j: 3 } });
    const ref = referenceSoftmax(logits, T);
    ref.forEach((r, k) => close(d.softmax[k] ?? NaN, r, 1e-15, `s_${k}`));
    ref.forEach((r, k) => close(d.gradient[k] ?? NaN, r.minus(k === 3 ? 1 : 0).div(T), 1e-15, `g_${k}`));
    close(d.entryValue, ref[0]!.times(ref[3]!).neg().div(T), 1e-15, 'entry');
    assert.ok(d.gradientCheck.passed);
    assert.ok(d.sections.some((s) => s.steps.some((st) => st.id === 'softmax-derivative.temperature')));
    assert.ok(step(d, 'input.temperature').latex?.startsWith('z = \\frac{a}{T}'));
  });

  test('label smoothing: t = (1 − ε)e_c + ε/n and L = −Σ t ln y', () => {
    const logits = [1.5, 0.2, -0.7, 2.1];
    const eps = 0.1;
    const d = build({ logits, target: { kind: 'index', index: 1 }, labelSmoothing: eps });
    const ref = referenceSoftmax(logits);
    const t = [0, 1, 2, 3].map((k) => (k === 1 ? 1 - eps : 0) + eps / 4);
    t.forEach((v, k) => close(d.targetDistribution[k] ?? NaN, v, 1e-16, `t_${k}`));
    const loss = ref.reduce((acc, y, k) => acc.minus(y.ln().times(t[k]!)), new D(0));
    close(d.loss, loss, 1e-14, 'loss');
    ref.forEach((y, k) => close(d.gradient[k] ?? NaN, y.minus(t[k]!), 1e-14, `g_${k}`));
    assert.ok(d.gradientCheck.passed);
    assert.match(step(d, 'cross-entropy-numbers.loss').latex ?? '', /-\\sum_i t_i \\ln y_i/);
  });

  test('soft targets', () => {
    const logits = [0.5, 1, -2];
    const values = [0.2, 0.7, 0.1];
    const d = build({ logits, target: { kind: 'probabilities', values } });
    const ref = referenceSoftmax(logits);
    ref.forEach((y, k) => close(d.gradient[k] ?? NaN, y.minus(values[k]!), 1e-14, `g_${k}`));
    assert.equal(d.targetIndex, -1);
    assert.ok(d.gradientCheck.passed);
    assert.ok(!d.sections.flatMap((s) => s.steps).some((s) => s.id === 'cross-entropy-numbers.target-entry'));
  });

  test('argmax target by default', () => {
    const d = build({ logits: [0.1, 4, 2] });
    assert.equal(d.targetIndex, 1);
    assert.deepEqual(d.entry, { i: 1, j: 1 });
  });
});

describe('buildDerivation: large n', () => {
  test('10⁵ logits: summaries, a downsampled heatmap, a bounded gradient check', () => {
    const logits = Float64Array.from({ length: 100_000 }, (_, k) => Math.sin(k * 0.37) * 5);
    const d = build({ logits, target: { kind: 'index', index: 4242 } });
    assert.equal(d.n, 100_000);
    assert.equal(d.heatmap.downsampled, true);
    assert.equal(d.heatmap.size, 256);
    assert.equal(d.classes.length, 10);
    assert.ok(d.classesTruncated);
    assert.ok(d.gradientCheck.checked >= 4 && d.gradientCheck.checked <= 12, String(d.gradientCheck.checked));
    assert.ok(d.gradientCheck.rows.some((r) => r.index === 4242), 'the target class is checked');
    assert.ok(d.gradientCheck.passed);
    assert.ok(d.maxRowSum < 1e-12);
    // Displayed vectors are elided, not 10⁵ entries of LaTeX.
    assert.ok((step(d, 'input.summary').latex ?? '').length < 400);
    assert.ok(allLatex(d).length < 20_000);
  });
});

describe('buildDerivation: properties', () => {
  test('the gradient sums to 0 and the finite differences agree, for random logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 24 }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.nat(),
        (logits, temperature, pick) => {
          const target = pick % logits.length;
          const d = build({ logits, temperature, target: { kind: 'index', index: target } });
          let sum = 0;
          for (const g of d.gradient) sum += g;
          assert.ok(Math.abs(sum) < 1e-12 / temperature + 1e-14, `Σ gradient = ${sum}`);
          assert.ok(d.gradientCheck.passed, JSON.stringify(d.gradientCheck.rows));
          assert.ok(d.maxRowSum < 1e-14);
        },
      ),
      { numRuns: 150, seed: 20261126 },
    );
  });
});

describe('buildDerivation: LaTeX and texts', () => {
  const note: NoteStep = {
    flaggedLatex: '= - \\sum_{j \\neq i} (1 - e^{a_i}) \\cdot \\frac{-e^{a_i}}{(\\sum_j e^{a_j})^2}',
    previousLatex: '= - \\sum_{j \\neq i} e^{a_j} \\cdot \\frac{\\partial}{\\partial a_i}',
    correctLatex: 's_i(1 - s_i)',
    message: 'This step does not follow from the previous one',
    line: 11,
    counterexample: { logits: [0.5, -1, 2], indices: { i: 1 }, previousValue: 0.1, flaggedValue: -0.4 },
  };

  test('every formula and every inline math part typesets with KaTeX (strict), in both languages', () => {
    for (const locale of ['en', 'zh-cn'] as const) {
      for (const input of [
        { logits: [2, 1, 0.1] },
        { logits: [3, -1, 0.5, 2], temperature: 0.5, labelSmoothing: 0.2, step: note },
        { logits: Array.from({ length: 40 }, (_, k) => k / 7), target: { kind: 'probabilities' as const, values: Array.from({ length: 40 }, () => 1 / 40) } },
      ]) {
        const d = build({ ...input, locale });
        for (const s of d.sections) {
          for (const st of s.steps) {
            if (st.latex !== undefined && !st.fromNote) {
              assert.doesNotThrow(() => katex.renderToString(st.latex!, { displayMode: true, strict: 'error', trust: false }), st.id);
            }
            for (const part of splitProse(st.prose ?? '')) {
              if (part.kind === 'math') assert.doesNotThrow(() => katex.renderToString(part.value, { strict: 'error' }), `${st.id}: ${part.value}`);
            }
          }
        }
      }
    }
  });

  test('Chinese texts are complete and keep the placeholders of the English ones', () => {
    const args = ['⟨0⟩', '⟨1⟩', '⟨2⟩', '⟨3⟩', '⟨4⟩', '⟨5⟩', '⟨6⟩', '⟨7⟩'];
    for (const key of textKeys) {
      const en = text('en', key, ...args);
      const zh = text('zh-cn', key, ...args);
      assert.ok(zh.length > 0, key);
      assert.doesNotMatch(zh, /\{\d\}/, key);
      const used = (s: string) => args.filter((p) => s.includes(p)).join();
      assert.equal(used(zh), used(en), key);
    }
    const zh = build({ logits: [1, 2], locale: 'zh-cn' });
    assert.equal(zh.sections.find((s) => s.id === 'cross-entropy')?.title, '交叉熵');
  });

  test('"Your note" holds the note’s own LaTeX, flagged, and the counterexample values', () => {
    const without = build({ logits: [1, 2, 3] });
    assert.ok(!without.sections.some((s) => s.id === 'your-note'));
    const d = build({ logits: [1, 2, 3], step: note });
    const section = d.sections.find((s) => s.id === 'your-note');
    assert.ok(section);
    assert.equal(step(d, 'your-note.flagged').latex, note.flaggedLatex);
    assert.equal(step(d, 'your-note.flagged').fromNote, true);
    assert.equal(step(d, 'your-note.previous').latex, note.previousLatex);
    assert.equal(step(d, 'your-note.correct').latex, 's_i(1 - s_i)');
    assert.match(step(d, 'your-note.message').label ?? '', /line 12/);
    assert.equal(step(d, 'your-note.counterexample').latex, 'a = \\begin{bmatrix} 0.5 & -1 & 2 \\end{bmatrix}, \\quad i = 1');
    assert.equal(step(d, 'your-note.previous-value').latex, '0.1');
    assert.equal(step(d, 'your-note.flagged-value').latex, '-0.4');
  });

  test('"Your note" names the note’s own vector and says its indices count from 1', () => {
    const counterexample = note.counterexample;
    assert.ok(counterexample);
    const d = build({ logits: [1, 2, 3], step: { ...note, counterexample: { ...counterexample, vector: 'z' } } });
    assert.match(step(d, 'your-note.counterexample').latex ?? '', /^z = \\begin\{bmatrix\}/);
    assert.match(step(d, 'your-note.counterexample').prose ?? '', /from 1/);
  });

  test('insert text: one step as a display block, or the whole derivation without the note', () => {
    const d = build({ logits: [2, 1, 0.1], step: note });
    assert.equal(derivationToText(d, { stepId: 'softmax-derivative.together' }), `$$\n${step(d, 'softmax-derivative.together').latex}\n$$\n`);
    assert.equal(derivationToText(d, { stepId: 'softmax-derivative.together', format: 'latex' })?.startsWith('\\[\n'), true);
    assert.equal(derivationToText(d, { stepId: 'no-such-step' }), undefined);
    assert.equal(derivationToText(d, { stepId: 'jacobian.heatmap' }), undefined);
    const whole = derivationToText(d) ?? '';
    assert.match(whole, /^### Input\n/);
    assert.match(whole, /### Gradient check/);
    assert.ok(!whole.includes(note.flaggedLatex));
    assert.equal((whole.match(/\$\$\n/g) ?? []).length % 2, 0);
  });
});
