import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkMarkdown, type Finding } from '../../../src/core/checker/index';

// The product's founding example: a student's softmax derivation that goes wrong at one step,
// stays wrong, and becomes right again when two mistakes cancel; then a correct cross-entropy
// derivation in the shorthand e^i, \partial i. Worked out by hand (S = Σ_j e^{a_j}, E = e^{a_i}):
//   line 13: -Σ_{j≠i} e^{a_j} · ∂(1/S)/∂a_i           = (S−E)E/S²  = s_i(1−s_i)   holds
//   line 15: -Σ_{j≠i} (1−E) · (−E/S²)                 = (n−1)(1−E)E/S²            fails (wrong vs line 13)
//   line 17: (1−E)E/S²                                = line 15 / (n−1)           fails (wrong vs line 15)
//   line 19: (1−E)/S · E/S                            = line 17                   holds (inherits)
//   line 21: (S−E)/S · s_i                            = s_i(1−s_i)                agrees with the start again
//   line 23: (1−s_i) s_i                              = line 21                   holds
const path = 'test/fixtures/notes/user-note-softmax.md';
const note = readFileSync(path, 'utf8');

function lineOf(offset: number): number {
  return note.slice(0, offset).split('\n').length;
}

function lineContaining(text: string): number {
  const at = note.indexOf(text);
  assert.ok(at >= 0, `fixture lacks ${text}`);
  return lineOf(at);
}

describe('user note (founding example)', () => {
  const { findings, stats } = checkMarkdown(note);

  test('exactly three findings, all in the softmax section', () => {
    const summary = findings.map((f) => `${lineOf(f.offset)}:${f.code}`);
    const firstWrong = lineContaining('= - \\sum_{j \\neq i} (1 - e^{a_i})');
    const secondWrong = lineContaining('= \\frac{(1 - e^{a_i}) \\cdot e^{a_i}}');
    const again = lineContaining('= \\frac{\\sum_j e^{a_j} - e^{a_i}}{\\sum_j e^{a_j}} \\cdot s_i');
    assert.deepEqual(summary, [`${firstWrong}:step-fails`, `${secondWrong}:step-fails`, `${again}:agrees-again`]);
    assert.equal(stats.timedOut, false);
  });

  test('each finding underlines the step itself, after its =', () => {
    const [first, second, third] = findings as [Finding, Finding, Finding];
    assert.equal(note.slice(first.offset, first.offset + first.length), '- \\sum_{j \\neq i} (1 - e^{a_i}) \\cdot \\frac{-e^{a_i}}{(\\sum_j e^{a_j})^2}');
    assert.equal(note.slice(second.offset, second.offset + second.length), '\\frac{(1 - e^{a_i}) \\cdot e^{a_i}}{(\\sum_j e^{a_j})^2}');
    assert.equal(note.slice(third.offset, third.offset + third.length), '\\frac{\\sum_j e^{a_j} - e^{a_i}}{\\sum_j e^{a_j}} \\cdot s_i');
    assert.equal(first.previousLatex, '- \\sum_{j \\neq i} e^{a_j} \\cdot \\frac{\\partial \\left(\\frac{1}{\\sum_j e^{a_j}} \\right)}{\\partial a_i}');
  });

  test('messages, severities, hints and the correct result', () => {
    const [first, second, third] = findings as [Finding, Finding, Finding];
    assert.equal(first.message, 'This step does not follow from the previous one');
    assert.equal(first.severity, 'warning');
    assert.equal(second.hint, 'off by a factor n−1: a sum over j ≠ i gained or lost terms');
    assert.equal(first.correctLatex, 's_i(1 - s_i)');
    // The step where the mistakes cancel does not follow from the one before it: a warning too.
    assert.equal(third.severity, 'warning');
    assert.match(third.message, /does not follow from the previous one — it agrees with the start of the chain again only because the earlier mistakes cancel/);
    assert.ok(third.counterexample, 'the cancelling step has a counterexample against the step before it');
  });

  test('the counterexample reproduces the failure', () => {
    const f = findings[0]!;
    const cx = f.counterexample!;
    assert.ok(cx.logits.length >= 3 && cx.logits.length <= 6);
    const i = cx.indices.i!;
    const a = cx.logits;
    const S = a.reduce((acc, v) => acc + Math.exp(v), 0);
    const E = Math.exp(a[i - 1]!);
    // previous step = (S−E)E/S², the step = (n−1)(1−E)E/S² (values rounded to 6 digits).
    assert.ok(Math.abs(cx.previousValue - ((S - E) * E) / (S * S)) < 1e-4 * Math.max(1, Math.abs(cx.previousValue)));
    assert.ok(Math.abs(cx.stepValue - ((a.length - 1) * (1 - E) * E) / (S * S)) < 1e-4 * Math.max(1, Math.abs(cx.stepValue)));
    assert.notEqual(cx.previousValue, cx.stepValue);
  });

  test('the cross-entropy section, the stray block and the assumptions are silent', () => {
    const ce = note.indexOf('cross entropy');
    assert.ok(findings.every((f) => f.offset < ce));
    assert.ok(stats.checked >= 15, `checked ${stats.checked}`);
  });

  test('the same verdicts for any seed', () => {
    for (const seed of [1, 2, 3, 99, 123456]) {
      const other = checkMarkdown(note, { seed });
      assert.deepEqual(other.findings.map((f) => [f.offset, f.code]), findings.map((f) => [f.offset, f.code]));
    }
  });

  test('fixing the first mistake leaves only the second, and then nothing', () => {
    const fixedFirst = note.replace('= - \\sum_{j \\neq i} (1 - e^{a_i})', '= - \\sum_{j \\neq i} e^{a_j}');
    const r1 = checkMarkdown(fixedFirst);
    // Now line 15 is right; line 17 loses the sum over j ≠ i (a factor (S−E)/(1−E)), line 21 agrees again.
    assert.deepEqual(r1.findings.map((f) => f.code), ['step-fails', 'agrees-again']);
    const allFixed = fixedFirst
      .replace('= \\frac{(1 - e^{a_i}) \\cdot e^{a_i}}{(\\sum_j e^{a_j})^2}', '= \\frac{(\\sum_j e^{a_j} - e^{a_i}) \\cdot e^{a_i}}{(\\sum_j e^{a_j})^2}')
      .replace('= \\frac{1 - e^{a_i}}{\\sum_j e^{a_j}} \\cdot \\frac{e^{a_i}}{\\sum_j e^{a_j}}', '= \\frac{\\sum_j e^{a_j} - e^{a_i}}{\\sum_j e^{a_j}} \\cdot \\frac{e^{a_i}}{\\sum_j e^{a_j}}');
    assert.deepEqual(checkMarkdown(allFixed).findings, []);
  });
});
