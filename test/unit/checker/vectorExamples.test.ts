// Numeric examples on whole vectors (softmax([…]) ≈ […]): read with the vector-literal parser,
// computed by the numeric core, judged to the precision each entry was written with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { vectorExamples } from '../../../src/core/checker/vectorExamples';
import { checkMarkdown } from '../../../src/core/checker/index';

test('softmax, log-softmax and sigmoid examples in several spellings and literal styles', () => {
  const cases: [string, boolean][] = [
    ['\\text{softmax}([1, 2, 3]) \\approx [0.090, 0.245, 0.665]', true],
    ['\\text{softmax}([1, 2, 3]) \\approx [0.090, 0.245, 0.565]', false],
    ['\\operatorname{softmax}\\left(\\begin{bmatrix}2 \\\\ 1 \\\\ 0.1\\end{bmatrix}\\right) = \\begin{bmatrix}0.659 \\\\ 0.242 \\\\ 0.099\\end{bmatrix}', true],
    ['\\mathrm{softmax}(2, 1, 0.1) \\approx (0.659, 0.242, 0.099)', true],
    ['\\text{log\\_softmax}([0, 0]) = [-0.693, -0.693]', true],
    ['\\text{log\\_softmax}([0, 0]) = [-0.5, -0.5]', false],
    ['\\text{sigmoid}([0, 2]) = [0.5, 0.881]', true],
    ['\\text{sigmoid}([0, 2]) = [0.5, 0.871]', false],
  ];
  for (const [tex, holds] of cases) {
    const found = vectorExamples(tex);
    assert.equal(found.length, 1, tex);
    assert.equal(found[0]!.holds, holds, tex);
  }
});

test('σ of a vector holds under either reading (logistic or softmax) and fails only under both', () => {
  assert.equal(vectorExamples('\\sigma([0, 2]) = [0.5, 0.881]')[0]!.holds, true);
  assert.equal(vectorExamples('\\sigma([1, 2, 3]) = [0.090, 0.245, 0.665]')[0]!.holds, true);
  assert.equal(vectorExamples('\\sigma([1, 2, 3]) = [0.3, 0.3, 0.4]')[0]!.holds, false);
});

test('a flagged example names the entry and gives the result in the note\'s literal style', () => {
  const md = '$$\\text{softmax}([1, 2, 3]) \\approx [0.090, 0.245, 0.565]$$\n';
  const f = checkMarkdown(md).findings;
  assert.equal(f.length, 1);
  assert.equal(f[0]!.message, 'This numeric example does not hold');
  assert.match(f[0]!.hint ?? '', /entry 3 = 0\.6652, not 0\.565/);
  assert.equal(f[0]!.correctLatex, '[0.09, 0.245, 0.665]');
  assert.equal(md.slice(f[0]!.offset, f[0]!.offset + f[0]!.length), '[0.090, 0.245, 0.565]');
});

test('not examples: a symbol inside, lengths that differ, no relation, one number', () => {
  for (const tex of ['\\text{softmax}([z_1, 2]) = [0.5, 0.5]', '\\text{softmax}([1, 2]) = [0.2, 0.3, 0.5]', '\\text{softmax}([1, 2]) \\quad [0.27, 0.73]', '\\text{softmax}(3) = 1']) {
    assert.deepEqual(vectorExamples(tex), [], tex);
  }
});

test('property: the softmax rounded or cut off to d decimals holds; one entry off by two units fails', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -800, max: 800 }).map((v) => v / 100), { minLength: 2, maxLength: 6 }), fc.integer({ min: 2, max: 5 }), fc.boolean(), fc.nat(), (xs, d, cut, pick) => {
      const m = Math.max(...xs);
      const e = xs.map((x) => Math.exp(x - m));
      const total = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / total);
      const scale = 10 ** d;
      const written = p.map((v) => (cut ? Math.floor(v * scale) : Math.round(v * scale)) / scale);
      const lit = (vs: number[]): string => `[${vs.map((v) => v.toFixed(d)).join(', ')}]`;
      const arg = `[${xs.map((x) => String(x)).join(', ')}]`;
      assert.equal(vectorExamples(`\\text{softmax}(${arg}) \\approx ${lit(written)}`)[0]?.holds, true);
      const off = written.slice();
      const k = pick % off.length;
      off[k] = off[k]! + 2 / scale;
      assert.equal(vectorExamples(`\\text{softmax}(${arg}) \\approx ${lit(off)}`)[0]?.holds, false);
    }),
    { numRuns: 200, seed: 7 },
  );
});

test('a reading adopted after a failing entry must hold in every entry (σ as the softmax, one entry right)', () => {
  const at = (result: string): string[] => checkMarkdown(`For $\\mathbf{z} = [1, 2, 3]$: $\\sigma(\\mathbf z) = ${result}$.\n`).steps.map((s) => s.verdict);
  // The first entry is the softmax's, the others are neither the softmax's nor the logistic's.
  assert.deepEqual(at('[0.090, 0.265, 0.645]'), ['fails']);
  assert.deepEqual(at('[0.090, 0.245, 0.665]'), ['holds']);
  assert.deepEqual(at('[0.731, 0.881, 0.953]'), ['holds']);
});

test('a number put in for an entry the note never defines is not judged; the arithmetic after it is', () => {
  const at = (value: string): string[] => checkMarkdown(`With $z = (1, 2, 3)$ and true class $c = 3$: $L = -\\log p_3 = -\\log(0.665) \\approx ${value}$.\n`).steps.map((s) => s.verdict);
  assert.deepEqual(at('0.408'), ['not-read', 'holds']);
  assert.deepEqual(at('0.508'), ['not-read', 'fails']);
  // Defined, the entry's value is a claim.
  const defined = (value: string): string[] => checkMarkdown(`Let $p = \\mathrm{softmax}(z)$ with $z = (1, 2, 3)$: $-\\log p_3 = -\\log(${value})$.\n`).steps.map((s) => s.verdict);
  assert.deepEqual(defined('0.665'), ['holds']);
  assert.deepEqual(defined('0.765'), ['fails']);
});

test('the approximate values of a vector the note defines are judged to the digits written', () => {
  const at = (values: string): string[] => checkMarkdown(`Let $p = \\mathrm{softmax}(z)$ with $z = [1, 2, 3]$, so $p \\approx ${values}$.\n`).steps.map((s) => s.verdict);
  assert.deepEqual(at('[0.090, 0.245, 0.665]'), ['holds']);
  assert.deepEqual(at('[0.090, 0.345, 0.665]'), ['fails']);
  // The Jacobian in numbers after it is judged against the vector, not the rounded values.
  const jac = (last: string): string[] => checkMarkdown(`Let $p = \\mathrm{softmax}(z)$ with $z = [1, 2, 3]$, so $p \\approx [0.090, 0.245, 0.665]$.\n\n$$\\mathrm{diag}(p) - pp^T \\approx \\begin{bmatrix} 0.082 & -0.022 & -0.060 \\\\ -0.022 & 0.185 & -0.163 \\\\ -0.060 & -0.163 & ${last} \\end{bmatrix}$$\n`).steps.map((s) => s.verdict);
  assert.deepEqual(jac('0.223'), ['holds', 'holds']);
  assert.deepEqual(jac('0.323'), ['holds', 'fails']);
});

test('arithmetic after a derivative that cannot be read is still judged (p - y = [numbers])', () => {
  const at = (values: string): string[] => checkMarkdown(`Logits $z = [2.0, 1.0, 0.1]$, target $y = [0, 1, 0]$, and $p = \\mathrm{softmax}(z) = [0.659, 0.242, 0.099]$.\n\nThe gradient is $\\nabla_z L = p - y = ${values}$.\n`).steps.map((s) => s.verdict);
  assert.deepEqual(at('[0.659, -0.758, 0.099]'), ['holds', 'not-read', 'holds']);
  assert.deepEqual(at('[0.659, 0.758, 0.099]'), ['holds', 'not-read', 'fails']);
});

test('a value the note fixes is exact where it is put in (p = 0.7, then -ln 0.7), not a rounded number', () => {
  const at = (value: string): string[] => checkMarkdown(`With $p = 0.7$ and $y = 1$: $L = -[y \\ln p + (1 - y)\\ln(1 - p)] = -\\ln 0.7 \\approx ${value}$.\n`).steps.map((s) => s.verdict);
  assert.deepEqual(at('0.357'), ['holds', 'holds']);
  assert.deepEqual(at('0.457'), ['holds', 'fails']);
});

test('a row of entries written as expressions is read cell by cell, from the softmax of numbers to the numbers', () => {
  const row = (a: string, b: string): string => `$$\\text{softmax}([2, 1, 0.1]) = \\left[\\frac{e^2}{e^2+e^1+e^{0.1}}, \\frac{${a}}{e^2+e^1+e^{0.1}}, \\frac{e^{0.1}}{e^2+e^1+e^{0.1}}\\right] \\approx [0.659, ${b}, 0.099]$$\n`;
  assert.deepEqual(checkMarkdown(row('e^1', '0.242')).steps.map((s) => s.verdict), ['holds', 'holds']);
  assert.deepEqual(checkMarkdown(row('e^1', '0.342')).steps.map((s) => s.verdict), ['holds', 'fails']);
  assert.deepEqual(checkMarkdown(row('e^{0.1}', '0.242')).steps.map((s) => s.verdict)[0], 'fails');
});

test('a library wrapper around a vector written out (\\text{tensor}([…]), np.array) is the vector', () => {
  const at = (sum: string): string[] => checkMarkdown(`Take $\\mathbf z = \\text{tensor}([0.6, -1.5, 1.2, -1.9])$.\n\n$$\\sum_{k} e^{z_k} = e^{0.6} + e^{-1.5} + e^{1.2} + e^{-1.9} \\approx ${sum}$$\n`).steps.map((s) => s.verdict);
  assert.deepEqual(at('5.515'), ['holds', 'holds']);
  assert.deepEqual(at('5.815'), ['holds', 'fails']);
});
