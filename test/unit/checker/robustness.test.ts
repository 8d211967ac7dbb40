import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkMarkdown, type CheckResult } from '../../../src/core/checker/index';
import { parseMath } from '../../../src/core/latex/parse';

function assertWellFormed(md: string, r: CheckResult): void {
  for (const f of r.findings) {
    assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= md.length, `finding outside the text: ${f.offset}+${f.length}`);
  }
  assert.ok(r.stats.checked + r.stats.unknown <= r.stats.steps);
}

const TEX_PIECES = [
  'a_i', 's_i', 'e^{a_j}', '\\sum_j', '\\sum_{j \\neq i}', '\\frac{', '}{', '}', '{', '(', ')', '\\left(', '\\right)', '=', '&=', '\\\\',
  '+', '-', '\\cdot', '\\partial', '\\ln', 'x', '2', '\\delta_{ij}', '\\begin{aligned}', '\\end{aligned}', '\\begin{cases}', '\\end{cases}',
  '&', '^', '_', '\\text{Loss}', '\\foo', '\\sigma', "'", '|', '\\label{x}', ',', 'i = j', '\\hat y', '1_{i=j}', '\\mathbb{1}',
];

describe('hostile and random input: no throw, no hang, no false diagnostic', () => {
  test('random TeX made of real pieces never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TEX_PIECES), { maxLength: 40 }), (pieces) => {
        const tex = pieces.join(' ');
        parseMath(tex);
        const md = `$$${tex}$$\n\n$$= ${tex}$$\n`;
        assertWellFormed(md, checkMarkdown(md, { timeBudgetMs: 5000 }));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  test('random markdown (any characters) never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const md = `${text}\n$$${text}$$\n$${text}$`;
        assertWellFormed(md, checkMarkdown(md, { timeBudgetMs: 5000 }));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('a chain of the same expression rewritten never gets a warning', () => {
    // x = x·1 = x + 0 = (x)… for random expressions x: identities by construction.
    const atom = fc.constantFrom('a_i', 's_i', 'e^{a_j}', 'x', '2', '\\ln(1 + x)', '\\sigma(x)', '\\sum_j e^{a_j}', 'y_i', '\\delta_{ij}');
    const expr = fc.array(fc.tuple(atom, fc.constantFrom('+', '-', '\\cdot')), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([a, op], n) => (n === 0 ? a : `${op} ${a}`)).join(' '));
    fc.assert(
      fc.property(expr, (x) => {
        const md = `$$${x} = \\left(${x}\\right) \\cdot 1 = ${x} + 0 = \\frac{2 \\left(${x}\\right)}{2}$$\n`;
        const r = checkMarkdown(md);
        assert.deepEqual(r.findings, [], md);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  test('unbalanced braces and unknown macros are "not checked"', () => {
    for (const tex of ['\\frac{a}{', '}}}{{{', '\\left( x', '\\foo{x} = 2', '\\begin{aligned} a &= b', 'a = \\end{cases}']) {
      const md = `$$${tex}$$\n`;
      const r = checkMarkdown(md);
      assert.deepEqual(r.findings, []);
      const shown = checkMarkdown(md, { showUnchecked: true });
      assert.ok(shown.findings.every((f) => f.code === 'not-checked'));
    }
  });

  test('10,000-deep nesting: no stack overflow', () => {
    for (const tex of ['{'.repeat(10_000) + 'x' + '}'.repeat(10_000), '\\left('.repeat(10_000) + 'x' + '\\right)'.repeat(10_000), '\\frac{'.repeat(10_000) + '1' + '}{2}'.repeat(10_000), '('.repeat(10_000) + 'x' + ')'.repeat(10_000)]) {
      const md = `$$${tex} = x$$\n`;
      const r = checkMarkdown(md);
      assert.deepEqual(r.findings, []);
    }
  });

  test('parentheses nested deeper than KaTeX groups stay bounded', () => {
    const tex = '('.repeat(3_000) + 'x' + ')'.repeat(3_000);
    const r = parseMath(`${tex} = x`);
    // Either refused with a position or parsed: never an exception.
    assert.ok(r.ok || typeof r.error.offset === 'number');
  });

  test('a 1 MB math block is refused, not parsed', () => {
    const tex = 'x + '.repeat(262_144);
    const md = `$$${tex}$$\n`;
    const r = checkMarkdown(md, { showUnchecked: true });
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.code, 'not-checked');
  });

  test('a 50,000-line note finishes within its budget and says whether it timed out', () => {
    const block = '$$\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i)$$\n\ntext\n\n';
    const md = `Let $s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$.\n\n${block.repeat(12_500)}`;
    assert.ok(md.split('\n').length >= 50_000);
    const r = checkMarkdown(md, { timeBudgetMs: 300 });
    assert.deepEqual(r.findings, []);
    assert.equal(typeof r.stats.timedOut, 'boolean');
    assert.ok(r.stats.blocks > 0);
  });

  test('a zero budget stops at once and reports timedOut', () => {
    const md = '$$(x+1)^2 = x^2 + 1$$\n\n'.repeat(50);
    const r = checkMarkdown(md, { timeBudgetMs: -1 });
    assert.equal(r.stats.timedOut, true);
    assert.ok(r.findings.length < 50);
  });
});

test('limits are counted, not timed: a work limit cuts at the same block every run and says where', () => {
  const block = '$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 + s_i)$$\n\n';
  const note = block.repeat(30);
  const full = checkMarkdown(note);
  assert.equal(full.stats.cutShort, undefined);
  assert.equal(full.stats.timedOut, false);
  assert.equal(full.findings.length, 30);
  const a = checkMarkdown(note, { maxWork: 3000 });
  const b = checkMarkdown(note, { maxWork: 3000 });
  assert.deepEqual(a, b, 'the same result on every run');
  assert.equal(a.stats.cutShort?.reason, 'work');
  const at = a.stats.cutShort!.offset;
  assert.ok(at > 0 && at < note.length);
  assert.ok(a.findings.length > 0 && a.findings.length < 30);
  assert.ok(a.findings.every((f) => f.offset < at), 'everything reported lies before the point it stopped');
  // What was checked agrees with the full check.
  assert.deepEqual(a.findings, full.findings.slice(0, a.findings.length));
});
