import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CliIo } from '../../../src/cli/io';
import { runCheck } from '../../../src/cli/check';
import { checkMarkdown, checkMarkdownIncremental } from '../../../src/core/checker/index';
import { extractMath, MAX_INLINE_BLOCK_CHARS } from '../../../src/core/markdown/index';

const wrongBefore = '# Sigmoid\n\n$$\n\\frac{d}{dx} \\sigma(x) = \\sigma(x)(1 + \\sigma(x))\n$$\n\n';
const huge = `The inline math here, $\\frac{d}{dx} x^2 = 3x$, is in a paragraph too long to read. ${'More words. '.repeat(Math.ceil(MAX_INLINE_BLOCK_CHARS / 12))}`;
const wrongAfter = '\n\n# Square\n\n$$\n\\frac{d}{dx} x^3 = 2x^2\n$$\n';
const note = wrongBefore + huge + wrongAfter;
const hugeAt = wrongBefore.length;

describe('a paragraph too long to read is a positioned not-read verdict, and the rest is still checked', () => {
  test('the warnings before and after it are found; the paragraph has one not-read step with the reason', () => {
    const result = checkMarkdown(note);
    const warnings = result.findings.filter((f) => f.code === 'step-fails');
    assert.equal(warnings.length, 2);
    assert.ok((warnings[0]?.offset ?? Infinity) < hugeAt && (warnings[1]?.offset ?? 0) > hugeAt + huge.length);
    const unread = result.steps.filter((s) => s.offset === hugeAt);
    assert.deepEqual(unread, [{
      verdict: 'not-read', offset: hugeAt, length: huge.length, blockOffset: hugeAt, blockLength: huge.length,
      reason: `this paragraph has ${huge.trimEnd().length.toLocaleString('en-US')} characters; math in a paragraph over 20,000 characters is not read`,
    }]);
    // The 3x inside the paragraph is wrong, but it was not read: no warning there, and no silence either.
    assert.ok(!result.findings.some((f) => f.offset >= hugeAt && f.offset < hugeAt + huge.length));
    assert.deepEqual(result.steps.map((s) => s.offset), [...result.steps.map((s) => s.offset)].sort((a, b) => a - b));
  });

  test('with showUnchecked it is also a not-checked finding at the same place', () => {
    const findings = checkMarkdown(note, { showUnchecked: true }).findings.filter((f) => f.offset === hugeAt);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.code, 'not-checked');
    assert.match(findings[0]?.message ?? '', /^Not checked: this paragraph has [\d,]+ characters/);
  });

  test('the incremental form, stepped one yield at a time, gives the same result', () => {
    extractMath('another note, so that extraction is not served from its cache');
    const gen = checkMarkdownIncremental(note, { showUnchecked: true });
    let yields = 0;
    let step = gen.next();
    for (; !step.done; step = gen.next()) yields++;
    // At least one yield per top-level block of the note (seven), whatever the checker adds.
    assert.ok(yields >= 7, `${yields} yields`);
    assert.deepEqual(step.value, checkMarkdown(note, { showUnchecked: true }));
  });

  test('cancelled during extraction: cut short at the start, nothing judged', () => {
    extractMath('another note');
    let calls = 0;
    const result = checkMarkdown(note, { shouldStop: () => ++calls > 1 });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.stats.cutShort, { reason: 'cancelled', offset: 0 });
  });

  test('the CLI counts it as not read and prints the reason with --steps', async () => {
    const io: CliIo & { out: string; err: string } = {
      out: '', err: '',
      stdout: (t) => { io.out += t; },
      stderr: (t) => { io.err += t; },
      readStdin: async () => '',
      readNote: async (path) => (path === 'note.md' ? { ok: true, text: note } : { ok: false, reason: 'no such file or folder' }),
      expandPaths: async (patterns) => ({ files: [...patterns], problems: [] }),
      cwd: '/notes',
      isTty: false,
    };
    assert.equal(await runCheck(['--steps', 'note.md'], io), 1);
    assert.match(io.err, /note\.md: 3 steps: 0 hold, 2 fail, 1 not read/);
    assert.match(io.out, /note\.md:7:1: step not read: .*this paragraph has [\d,]+ characters/);
  });
});
