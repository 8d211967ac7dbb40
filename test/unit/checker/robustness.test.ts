import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkMarkdown, type CheckResult } from '../../../src/core/checker/index';
import { parseMath } from '../../../src/core/latex/parse';
import { assertNoInternalError, assertOnlyCanaries, withCanaries } from '../hostile/canary';

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

/** The canary's wrong step is found, at its place, and nothing failed inside the checker. */
function assertCanaryFound(c: { note: string; wrongAt: readonly number[] }, r: CheckResult, label: string): void {
  assertNoInternalError(r, label);
  for (const at of c.wrongAt) assert.equal(r.findings.find((f) => f.offset === at)?.code, 'step-fails', `${label}: the canary at ${at}`);
}

// "No throw" alone is what a checker that does nothing gives: each input also carries a canary, a
// known wrong step that must still be found (see test/unit/hostile/canary.ts), and runs with
// `showUnchecked` so that an internal error shows.
describe('hostile and random input: no throw, no hang, no false diagnostic', () => {
  test('random TeX made of real pieces never throws, and the canary after it is still found', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TEX_PIECES), { maxLength: 40 }), (pieces) => {
        const tex = pieces.join(' ');
        parseMath(tex);
        // Both blocks are closed, so a canary after them must be found too.
        const c = withCanaries(`$$${tex}$$\n\n$$= ${tex}$$\n`);
        const r = checkMarkdown(c.note, { showUnchecked: true });
        assertWellFormed(c.note, r);
        assertCanaryFound(c, r, tex);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  test('random markdown (any characters) never throws, and the canary before it is still found', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const c = withCanaries(`${text}\n$$${text}$$\n$${text}$`, { after: false });
        const r = checkMarkdown(c.note, { showUnchecked: true });
        assertWellFormed(c.note, r);
        assertCanaryFound(c, r, text);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('a chain of the same expression rewritten never gets a warning', () => {
    // x = x·1 = x + 0 = (x)… for random expressions x: identities by construction.
    const atom = fc.constantFrom('a_i', 's_i', 'e^{a_j}', 'x', '2', '\\ln(1 + x)', '\\sigma(x)', '\\sum_j e^{a_j}', 'y_i', '\\delta_{ij}');
    const expr = fc.array(fc.tuple(atom, fc.constantFrom('+', '-', '\\cdot')), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([a, op], n) => (n === 0 ? a : `${op} ${a}`)).join(' '));
    // A chain whose left side is a bare name is read as its definition, not checked; the rest are.
    let checkedChains = 0;
    fc.assert(
      fc.property(expr, (x) => {
        const md = `$$${x} = \\left(${x}\\right) \\cdot 1 = ${x} + 0 = \\frac{2 \\left(${x}\\right)}{2}$$\n`;
        const r = checkMarkdown(md);
        assert.deepEqual(r.findings, [], md);
        if (r.steps.length === 0) return;
        // Silence because the steps were checked and hold — not because nothing was read…
        checkedChains++;
        assert.deepEqual(r.steps.filter((step) => step.verdict !== 'holds'), [], md);
        // …and the same chain with a term added at the end is flagged there.
        const wrong = `$$${x} = \\left(${x}\\right) \\cdot 1 = ${x} + 1$$\n`;
        const flagged = checkMarkdown(wrong).findings;
        assert.deepEqual(flagged.map((f) => [f.code, wrong.slice(f.offset, f.offset + f.length).trim()]), [['step-fails', `${x} + 1`]], wrong);
      }),
      { numRuns: 200, seed: 3 },
    );
    assert.ok(checkedChains >= 100, `only ${checkedChains} of 200 chains were checked`);
  });

  test('unbalanced braces and unknown macros are "not checked"', () => {
    for (const tex of ['\\frac{a}{', '}}}{{{', '\\left( x', '\\foo{x} = 2', '\\begin{aligned} a &= b', 'a = \\end{cases}']) {
      const md = `$$${tex}$$\n`;
      const r = checkMarkdown(md);
      assert.deepEqual(r.findings, []);
      const shown = checkMarkdown(md, { showUnchecked: true });
      // Said to be not checked, for a reason about the input (never an internal error), and only that.
      assert.ok(shown.findings.length >= 1, `${tex}: reported as not checked`);
      assert.ok(shown.findings.every((f) => f.code === 'not-checked'));
      assertNoInternalError(shown, tex);
      const c = withCanaries(md);
      assertOnlyCanaries(c, checkMarkdown(c.note, { showUnchecked: true }), tex);
    }
  });

  test('10,000-deep nesting: no stack overflow', () => {
    for (const tex of ['{'.repeat(10_000) + 'x' + '}'.repeat(10_000), '\\left('.repeat(10_000) + 'x' + '\\right)'.repeat(10_000), '\\frac{'.repeat(10_000) + '1' + '}{2}'.repeat(10_000), '('.repeat(10_000) + 'x' + ')'.repeat(10_000)]) {
      const md = `$$${tex} = x$$\n`;
      const r = checkMarkdown(md);
      assert.deepEqual(r.findings, []);
      const c = withCanaries(md);
      assertOnlyCanaries(c, checkMarkdown(c.note, { showUnchecked: true }), tex.slice(0, 20));
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
    assertNoInternalError(r, '1 MB');
    const c = withCanaries(md);
    assertOnlyCanaries(c, checkMarkdown(c.note, { showUnchecked: true }), '1 MB block');
  });

  test('a 50,000-line note stops at its work budget and says so, the same on any machine', () => {
    const block = '$$\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i)$$\n\ntext\n\n';
    const md = `Let $s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$.\n\n${block.repeat(12_500)}`;
    assert.ok(md.split('\n').length >= 50_000);
    // A counted budget (evaluation steps), not milliseconds: the result does not depend on the machine's load.
    const r = checkMarkdown(md, { maxWork: 100_000 });
    assert.deepEqual(r.findings, []);
    assert.equal(r.stats.timedOut, true);
    assert.equal(r.stats.cutShort?.reason, 'work');
    assert.ok(r.stats.blocks > 0);
    assert.deepEqual(checkMarkdown(md, { maxWork: 100_000 }).steps.length, r.steps.length);
    // What was read in the budget was really checked: a canary at the top (its second block is the
    // note's second; the budget reaches about a hundred and fifty) is found, and nothing failed inside.
    const c = withCanaries(md, { after: false });
    assertCanaryFound(c, checkMarkdown(c.note, { maxWork: 100_000, showUnchecked: true }), '50,000 lines');
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
