import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDerivative, applyFunction, FUNCTIONS } from '../../../src/core/knowledge/functions';
import { parseMath } from '../../../src/core/latex/parse';
import { checkMarkdown } from '../../../src/core/checker/index';

const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

test('every scalar function gives its value and, through the dual numbers, its derivative', () => {
  for (const f of FUNCTIONS) {
    if (!f.of) continue;
    assert.ok(f.example, `${f.name} has an example`);
    const { x, value, derivative } = f.example;
    const r = applyFunction(f.name, { v: x, d: 1 })!;
    assert.ok(close(r.v, value), `${f.name}(${x}) = ${r.v}, expected ${value}`);
    assert.ok(close(r.d, derivative), `${f.name}'(${x}) = ${r.d}, expected ${derivative}`);
    // f′ from the 2-jets matches the dual numbers, and its own derivative matches a central difference of f′.
    const at = x === 0 ? 0.3 : x * 0.9;
    const p = applyDerivative(f.name, { v: at, d: 1 })!;
    assert.ok(close(p.v, applyFunction(f.name, { v: at, d: 1 })!.d), `${f.name}' from jets`);
    const h = 1e-5;
    const fd = (applyFunction(f.name, { v: at + h, d: 1 })!.d - applyFunction(f.name, { v: at - h, d: 1 })!.d) / (2 * h);
    assert.ok(close(p.d, fd, 1e-5), `${f.name}'' = ${p.d}, central difference ${fd}`);
  }
});

test('every spelling of a function parses to a call of it', () => {
  for (const f of FUNCTIONS) {
    const spellings = [...f.commands.map((c) => `${c}(x_1)`), ...f.words.flatMap((w) => [`\\operatorname{${w}}(x_1)`, `\\text{${w}}(x_1)`])];
    for (const tex of spellings) {
      const r = parseMath(`${tex} = 1`);
      assert.ok(r.ok, tex);
      const lhs = r.value.rows[0]!.items[0]!.expr;
      assert.equal(lhs?.k, 'call', `${tex} is a call`);
      assert.equal(lhs?.k === 'call' ? lhs.f : '', f.name, `${tex} calls ${f.name}`);
    }
  }
});

test('a function taught by one entry is checked in a note (softplus)', () => {
  const holds = '$$\\frac{d}{dx} \\operatorname{softplus}(x) = \\frac{e^{x}}{1 + e^{x}} = \\sigma(x)$$\n';
  const wrong = '$$\\frac{d}{dx} \\operatorname{softplus}(x) = \\frac{e^{x}}{1 + e^{x}} = 1 - \\sigma(x)$$\n';
  const ok = checkMarkdown(holds);
  assert.deepEqual(ok.findings, []);
  assert.deepEqual(ok.steps.map((s) => s.verdict), ['holds', 'holds']);
  const bad = checkMarkdown(wrong);
  assert.deepEqual(bad.findings.map((f) => f.code), ['step-fails']);
  assert.equal(wrong.slice(bad.findings[0]!.offset, bad.findings[0]!.offset + bad.findings[0]!.length), '1 - \\sigma(x)');
});

test('the derivative of a registered function inside a derivative uses its second derivative (tanh′)', () => {
  const md = "$$\\frac{d}{dx} \\tanh'(x) = -2\\tanh(x)(1 - \\tanh^2(x))$$\n$$\\frac{d}{dx} \\tanh'(x) = 2\\tanh(x)(1 - \\tanh^2(x))$$\n";
  const r = checkMarkdown(md);
  assert.deepEqual(r.steps.map((s) => s.verdict), ['holds', 'fails']);
});

test('erf agrees with reference values across its two methods (series below 3, continued fraction above)', () => {
  // Reference values: the C library's erf (Python's math.erf), printed to 17 digits.
  const ref: [number, number][] = [[0.1, 0.1124629160182849], [1, 0.8427007929497149], [2, 0.9953222650189527], [2.99, 0.9999764743969194], [3.01, 0.9999792610363629], [4, 0.9999999845827421], [-1.5, -0.9661051464753108], [5.5, 0.9999999999999927]];
  for (const [x, v] of ref) assert.ok(close(applyFunction('erf', { v: x, d: 0 })!.v, v, 1e-13), `erf(${x})`);
});

test('GELU and erf are checked in a note, and a dropped factor in the GELU derivative is flagged', () => {
  const def = '$$\\mathrm{GELU}(x) = \\frac{x}{2}\\left(1 + \\operatorname{erf}\\left(\\frac{x}{\\sqrt{2}}\\right)\\right)$$\n\n';
  const holds = `${def}$$\\frac{d}{dx}\\mathrm{GELU}(x) = \\frac{1}{2}\\left(1 + \\operatorname{erf}\\left(\\frac{x}{\\sqrt{2}}\\right)\\right) + \\frac{x}{\\sqrt{2\\pi}} e^{-x^2/2}$$\n`;
  assert.deepEqual(checkMarkdown(holds).steps.map((s) => s.verdict), ['holds', 'holds']);
  const wrong = holds.replace('\\sqrt{2\\pi}', '\\sqrt{\\pi}');
  assert.deepEqual(checkMarkdown(wrong).findings.map((f) => f.code), ['step-fails']);
});

test('logsumexp of a vector: its gradient is the softmax, a gradient without the normalizer is flagged', () => {
  const note = (rhs: string): string => `$$\\frac{\\partial}{\\partial z_i}\\operatorname{logsumexp}(z) = ${rhs}$$\n`;
  assert.deepEqual(checkMarkdown(note('\\mathrm{softmax}(z)_i')).steps.map((s) => s.verdict), ['holds']);
  assert.deepEqual(checkMarkdown(note('\\frac{e^{z_i}}{\\sum_j e^{z_j}}')).steps.map((s) => s.verdict), ['holds']);
  assert.deepEqual(checkMarkdown(note('e^{z_i}')).findings.map((f) => f.code), ['step-fails']);
  // A note's own definition of LSE is its definition (the registry's word is logsumexp).
  assert.deepEqual(checkMarkdown('$$\\operatorname{LSE}(z) = \\log\\sum_j e^{z_j}$$ $$\\frac{\\partial \\operatorname{LSE}(z)}{\\partial z_i} = e^{z_i}$$\n').findings.map((f) => f.code), ['step-fails']);
});
