/**
 * Hostile and random input for the markdown scanner and the checker: nothing throws, nothing hangs
 * (each test has a generous timeout as a hang guard, not a speed assertion; timings are only
 * reported as diagnostics), every finding lies inside the note, and broken math never produces a
 * warning: a note the checker cannot read is a note it says nothing about.
 *
 * "No warning" alone is what a checker that does nothing gives, so every hostile input sits between
 * two canaries — a derivation with one known wrong step (see `canary.ts`) — that must both still be
 * found, and the check runs with `showUnchecked` so that an internal error cannot hide as silence.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkMarkdown, type Finding } from '../../../src/core/checker/index';
import { extractMath } from '../../../src/core/markdown/index';
import { assertNoInternalError, assertOnlyCanaries, withCanaries } from './canary';

const HANG_GUARD = { timeout: 120_000 };

function assertSane(markdown: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    assert.ok(Number.isInteger(f.offset) && Number.isInteger(f.length), 'integer offsets');
    assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= markdown.length, `finding inside the note: ${f.offset}+${f.length}`);
    assert.ok(['step-fails', 'agrees-again', 'final-result-wrong', 'not-checked'].includes(f.code));
    assert.ok(f.severity === 'warning' || f.severity === 'information');
    assert.equal(typeof f.message, 'string');
  }
}

/**
 * Checks `hostile` between two canaries, to the end (no wall-clock budget: the verdict must not
 * depend on the machine), reports the time as a diagnostic, and requires that the only warnings
 * are the canaries' wrong steps and that nothing failed inside the checker.
 */
function check(t: { diagnostic: (message: string) => void }, label: string, hostile: string): void {
  const c = withCanaries(hostile);
  const started = performance.now();
  const result = checkMarkdown(c.note, { showUnchecked: true });
  t.diagnostic(`${label}: ${hostile.length} chars, ${(performance.now() - started).toFixed(0)} ms, stats ${JSON.stringify(result.stats)}`);
  assertSane(c.note, result.findings);
  assert.equal(result.stats.cutShort, undefined, `${label}: checked to the end`);
  assertOnlyCanaries(c, result, label);
}

describe('hostile input', () => {
  test('unbalanced braces and delimiters', HANG_GUARD, (t) => {
    const notes = [
      '$$\\frac{a}{b = c$$',
      '$$\n\\frac{\\partial s_i}{\\partial a_i} = s_i (1 - s_i\n$$',
      '$$ \\left( x = y $$',
      '$$ x = y \\right) $$',
      '$$}}}} = {{{{$$',
      '$$\\begin{aligned} a &= b \\\\ &= c $$',
      '$$\\end{aligned} = 1$$',
      '$$\\frac{1}{2 = \\frac{1}{2}$$\n\n$$= \\frac{2}{4}}$$',
      '$x = {$ and $} = x$',
      '$$s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}$$\n\n$$\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i) = s_i - s_i^{2$$',
    ];
    for (const note of notes) check(t, JSON.stringify(note.slice(0, 30)), note);
  });

  test('unknown macros', HANG_GUARD, (t) => {
    const notes = [
      '$$\\foo{x} = \\bar y = \\baz_{i}^{2}$$',
      '$$\\mycommand{a_i} = a_i = \\mycommand{a_i} + 1$$',
      '$$s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$$\n\n$$\\frac{\\partial s_i}{\\partial a_i} = \\Softmax\'(a)_i = s_i (1 - s_i)$$',
      '$$\\newcommand{\\x}{y} \\x = y$$',
      '$$\\def\\z{y} \\z = y$$',
      '$$x = \\unknownenv{}\\begin{weird} a \\end{weird}$$',
    ];
    for (const note of notes) check(t, JSON.stringify(note.slice(0, 30)), note);
  });

  test('10,000-deep nesting (braces, parentheses, \\left…\\right, fractions)', HANG_GUARD, (t) => {
    const depth = 10_000;
    const notes = {
      braces: `$$${'{'.repeat(depth)}x${'}'.repeat(depth)} = x = 2x$$`,
      parens: `$$${'('.repeat(depth)}a_i${')'.repeat(depth)} = a_i = -a_i$$`,
      left: `$$${'\\left('.repeat(depth)}a_i${'\\right)'.repeat(depth)} = a_i = 2 a_i$$`,
      fractions: `$$${'\\frac{1}{'.repeat(depth)}2${'}'.repeat(depth)} = 1 = 3$$`,
      exponents: `$$e^{${'e^{'.repeat(depth)}x${'}'.repeat(depth)}} = 0$$`,
      unclosed: `$$${'{'.repeat(depth)} = 1 = 2$$`,
    };
    for (const [label, note] of Object.entries(notes)) {
      assert.doesNotThrow(() => extractMath(note));
      // A note this deep cannot be read; whatever the checker does, it says nothing about it.
      check(t, label, note);
    }
  });

  test('a 1 MB math block', HANG_GUARD, (t) => {
    const sum = 'a_i + '.repeat(175_000);
    const notes = {
      'one long sum': `$$\n${sum}a_i = ${sum}a_i\n$$\n`,
      'a long chain of true steps': `$$\n${'x = '.repeat(250_000)}x\n$$\n`,
      'random LaTeX soup': `$$\n${'\\frac{a_i}{b} \\cdot \\sum_{j \\neq i} e^{a_j} & = \\\\ '.repeat(20_000)}\n$$\n`,
    };
    for (const [label, note] of Object.entries(notes)) {
      assert.ok(note.length >= 1_000_000, `${label} is at least 1 MB`);
      assert.equal(extractMath(note).length, 1);
      check(t, label, note);
    }
  });

  test('a 50,000-line note', HANG_GUARD, (t) => {
    const lines: string[] = [];
    for (let i = 0; lines.length < 50_000; i++) {
      lines.push(
        `## Section ${i}`,
        '',
        `Some prose about logits $a_${i % 10}$, prices like $5 and $6, and \`code $x$\`.`,
        '',
        '$$',
        's_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}',
        '$$',
        '',
        '$$',
        '\\frac{\\partial s_i}{\\partial a_i} = s_i (1 - s_i) = s_i - s_i^2',
        '$$',
        '',
      );
    }
    const note = lines.join('\n');
    const started = performance.now();
    const spans = extractMath(note);
    t.diagnostic(`extractMath on ${lines.length} lines: ${spans.length} spans, ${(performance.now() - started).toFixed(0)} ms`);
    assert.ok(spans.length > 10_000);
    check(t, '50,000 lines', note);
  });

  test('binary garbage and control characters', HANG_GUARD, (t) => {
    let garbage = '';
    for (let i = 0; i < 20_000; i++) garbage += String.fromCharCode((i * 7919) % 0xd800);
    assert.doesNotThrow(() => extractMath(garbage));
    check(t, 'garbage', garbage);
    check(t, 'NUL in math', '$$a\u0000 = b\u0000$$');
    check(t, 'lone surrogates', '$$\ud800 = \udc00$$');
  });
});

describe('fuzz (fast-check)', () => {
  const mathPieces = [
    'a_i', 's_i', 'e^{a_i}', '\\sum_j', '\\sum_{j \\neq i}', '\\frac{', '}{', '}', '{', '(', ')', '\\left(', '\\right)', ' = ', '&=', '\\\\',
    '+', '-', '\\cdot', '^2', '_', '^', '\\partial', '\\ln', '\\log', '\\exp', '\\delta_{ij}', '\\text{Loss}', '\\begin{aligned}',
    '\\end{aligned}', '\\begin{cases}', '\\end{cases}', '1', '0', 'n', 'x', '\\sigma(', '\\tanh', '\\sqrt{', '\\mathbb{1}', "'", '\\foo',
  ];
  const mathArb = fc.array(fc.constantFrom(...mathPieces), { maxLength: 40 }).map((p) => p.join(' '));
  const noteArb = fc
    .array(
      fc.oneof(
        mathArb.map((m) => `$$\n${m}\n$$`),
        mathArb.map((m) => `$${m}$`),
        fc.constantFrom('当 $i = j$ 时', 'When $i \\neq j$:', '$t_i = 1$', 'prose', '```\n$$x = 1$$\n```', '<!-- softmax-lens-disable-next-block -->'),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('\n\n'));

  // Random text may open a block it never closes, so the canary goes before it (found whatever follows).
  test('checkMarkdown never throws, keeps its findings inside the note, and still finds the canary', HANG_GUARD, () => {
    fc.assert(
      fc.property(noteArb, fc.integer(), (random, seed) => {
        const c = withCanaries(random, { after: false });
        const result = checkMarkdown(c.note, { seed, showUnchecked: true });
        assertSane(c.note, result.findings);
        assertNoInternalError(result, random);
        assert.ok(result.stats.checked + result.stats.unknown <= result.stats.steps);
        const canary = result.findings.find((f) => f.offset === c.wrongAt[0]);
        assert.equal(canary?.code, 'step-fails', `the canary before ${JSON.stringify(random)}`);
      }),
      { numRuns: 300 },
    );
  });

  test('the same note and seed give the same findings', HANG_GUARD, () => {
    fc.assert(
      fc.property(noteArb, (random) => {
        const { note, wrongAt } = withCanaries(random, { after: false });
        const a = checkMarkdown(note, { seed: 7 }).findings;
        const b = checkMarkdown(note, { seed: 7 }).findings;
        assert.deepEqual(a, b);
        assert.ok(a.some((f) => f.offset === wrongAt[0] && f.severity === 'warning'), 'the canary is among them');
      }),
      { numRuns: 100 },
    );
  });

  test('a step that repeats the previous one verbatim is never flagged (the canary beside it is)', HANG_GUARD, () => {
    fc.assert(
      fc.property(mathArb, (expression) => {
        const clean = expression.replace(/=|&|\\\\/g, ' ');
        const c = withCanaries(`$$\n${clean} = ${clean}\n$$\n`);
        const result = checkMarkdown(c.note, { showUnchecked: true });
        assertOnlyCanaries(c, result, c.note);
      }),
      { numRuns: 300 },
    );
  });
});
