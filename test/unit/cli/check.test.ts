import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CliIo } from '../../../src/cli/io';
import { runCheck, runCheckWith, type MarkdownChecker } from '../../../src/cli/check';
import { checkMarkdown as runEngine, type Finding, type StepVerdict } from '../../../src/core/checker/index';

interface FakeIo extends CliIo {
  out: string;
  err: string;
}

function fakeIo(files: Record<string, string>, stdin = ''): FakeIo {
  const io: FakeIo = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    readStdin: async () => stdin,
    readNote: async (path) => {
      const text = files[path];
      return text === undefined ? { ok: false, reason: 'no such file or folder' } : { ok: true, text };
    },
    // Folders and globs are the real io's business; here a pattern ending in '/' lists that folder.
    expandPaths: async (patterns) => ({
      files: patterns.flatMap((p) => (p.endsWith('/') ? Object.keys(files).filter((f) => f.startsWith(p)).sort() : [p])),
      problems: [],
    }),
    cwd: '/notes',
    isTty: false,
  };
  return io;
}

/** A stand-in engine: flags every math line containing WRONG (warning) or AGAIN (information). */
const fakeChecker: MarkdownChecker = (markdown, options) => {
  const findings: Finding[] = [];
  for (const m of markdown.matchAll(/WRONG|AGAIN|UNSURE/g)) {
    const kind = m[0];
    const base = { offset: m.index, length: kind.length, stepLatex: kind, previousLatex: 'x' };
    if (kind === 'WRONG') {
      findings.push({
        ...base,
        code: 'step-fails',
        severity: 'warning',
        message: 'This step does not follow from the previous one',
        hint: 'sign flipped',
        correctLatex: 's_i(1 - s_i)',
        counterexample: { logits: [0.5, -1.25, 2], indices: { i: 1 }, params: {}, previousValue: 0.125, stepValue: -0.125 },
      });
    } else if (kind === 'AGAIN') {
      findings.push({ ...base, code: 'agrees-again', severity: 'information', message: 'This step agrees with the start of the chain again' });
    } else if (options?.showUnchecked) {
      findings.push({ ...base, code: 'not-checked', severity: 'information', message: 'Not checked' });
    }
  }
  return { findings };
};

describe('softmax-lens check (CLI, fake engine)', () => {
  test('compiler-style lines, hint and counterexample indented, summary on stderr, exit 1', async () => {
    const io = fakeIo({ 'a.md': 'intro\n$$\nx = WRONG\n$$\n', 'b.md': 'fine\n' });
    const code = await runCheckWith(['a.md', 'b.md'], io, fakeChecker);
    assert.equal(code, 1);
    assert.equal(
      io.out,
      [
        'a.md:3:5: warning: This step does not follow from the previous one [step-fails]',
        '    hint: sign flipped',
        '    counterexample: a = [0.5, -1.25, 2], i = 1: previous step = 0.125, this step = -0.125',
        '    correct result: s_i(1 - s_i)',
        '',
      ].join('\n'),
    );
    // The fake engine reports no steps: each file still gets its line, with zero steps.
    assert.equal(
      io.err,
      [
        'a.md: 0 steps: 0 hold, 0 fail, 0 not read',
        'b.md: 0 steps: 0 hold, 0 fail, 0 not read',
        'total: 0 steps: 0 hold, 0 fail, 0 not read',
        'softmax-lens check: 2 files checked, 1 warning, 0 notes',
        '',
      ].join('\n'),
    );
  });

  test('information only (agrees again) exits 0', async () => {
    const io = fakeIo({ 'n.md': '$$\n= AGAIN\n$$' });
    assert.equal(await runCheckWith(['n.md'], io, fakeChecker), 0);
    assert.equal(io.out, 'n.md:2:3: note: This step agrees with the start of the chain again [agrees-again]\n');
  });

  test('--format json: 1-based lines, UTF-16 columns, exclusive end', async () => {
    const io = fakeIo({ 'z.md': '当 i≠j:\r\n$$= 😀WRONG$$\n' });
    const code = await runCheckWith(['--format', 'json', 'z.md'], io, fakeChecker);
    assert.equal(code, 1);
    const parsed = JSON.parse(io.out) as Record<string, unknown>[];
    assert.equal(parsed.length, 1);
    assert.deepEqual(
      { ...parsed[0], counterexample: undefined, correctLatex: undefined },
      {
        file: 'z.md',
        line: 2,
        column: 7, // '$$= ' is 4 code units and the emoji 2 more: WRONG starts at code unit 6, column 7
        endLine: 2,
        endColumn: 12,
        severity: 'warning',
        code: 'step-fails',
        message: 'This step does not follow from the previous one',
        hint: 'sign flipped',
        counterexample: undefined,
        correctLatex: undefined,
      },
    );
    assert.equal(io.err, '', 'json mode keeps stderr quiet');
  });

  test('--format=json with no findings prints [] and exits 0', async () => {
    const io = fakeIo({ 'ok.md': 'nothing' });
    assert.equal(await runCheckWith(['--format=json', 'ok.md'], io, fakeChecker), 0);
    assert.deepEqual(JSON.parse(io.out), []);
  });

  test("'-' reads stdin and names it <stdin>", async () => {
    const io = fakeIo({}, 'a\nWRONG');
    assert.equal(await runCheckWith(['-'], io, fakeChecker), 1);
    assert.match(io.out, /^<stdin>:2:1: warning: /);
  });

  test('folders expand through io.expandPaths, results in file order', async () => {
    const io = fakeIo({ 'notes/b.md': 'WRONG', 'notes/a.md': 'x\nWRONG' });
    assert.equal(await runCheckWith(['notes/'], io, fakeChecker), 1);
    assert.deepEqual(
      io.out.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':').slice(0, 2).join(':')),
      ['notes/a.md:2', 'notes/b.md:1'],
    );
  });

  test('an unreadable file: exit 2 and its name on stderr, the others still checked', async () => {
    const io = fakeIo({ 'a.md': 'WRONG' });
    assert.equal(await runCheckWith(['missing.md', 'a.md'], io, fakeChecker), 2);
    assert.match(io.err, /cannot read 'missing\.md': no such file or folder/);
    assert.match(io.out, /^a\.md:1:1: warning/);
  });

  test('usage errors exit 2', async () => {
    for (const args of [[], ['--format', 'xml', 'a.md'], ['--format'], ['--frobnicate', 'a.md']]) {
      const io = fakeIo({ 'a.md': '' });
      assert.equal(await runCheckWith(args, io, fakeChecker), 2, JSON.stringify(args));
      assert.match(io.err, /^softmax-lens check: /);
      assert.equal(io.out, '');
    }
  });

  test('nothing matched is a usage error', async () => {
    const io = fakeIo({});
    const empty: FakeIo = { ...io, expandPaths: async () => ({ files: [], problems: [] }) };
    assert.equal(await runCheckWith(['*.md'], empty, fakeChecker), 2);
  });

  test('--help prints usage and exits 0', async () => {
    const io = fakeIo({});
    assert.equal(await runCheckWith(['--help'], io, fakeChecker), 0);
    assert.match(io.out, /Usage: softmax-lens check/);
  });

  test('not-checked findings only with --show-unchecked', async () => {
    const quiet = fakeIo({ 'u.md': 'UNSURE' });
    assert.equal(await runCheckWith(['u.md'], quiet, fakeChecker), 0);
    assert.equal(quiet.out, '');
    const loud = fakeIo({ 'u.md': 'UNSURE' });
    assert.equal(await runCheckWith(['--show-unchecked', 'u.md'], loud, fakeChecker), 0);
    assert.match(loud.out, /u\.md:1:1: note: Not checked \[not-checked\]/);
  });

  test('disable directives are honoured', async () => {
    const note = '<!-- softmax-lens-disable-next-block -->\n$$\n= WRONG\n$$\n\n$$\n= WRONG\n$$\n';
    const io = fakeIo({ 'd.md': note, 'f.md': '<!-- softmax-lens-disable -->\n$$\n= WRONG\n$$\n' });
    assert.equal(await runCheckWith(['--format', 'json', 'd.md', 'f.md'], io, fakeChecker), 1);
    const entries = JSON.parse(io.out) as { file: string; line: number }[];
    assert.deepEqual(
      entries.map((e) => `${e.file}:${e.line}`),
      ['d.md:7'],
    );
  });

  test('an engine that throws: the file is named, exit 3, the rest still checked', async () => {
    const io = fakeIo({ 'bad.md': 'BOOM', 'a.md': 'WRONG' });
    const throwing: MarkdownChecker = (markdown, options) => {
      if (markdown === 'BOOM') throw new Error('kaput');
      return fakeChecker(markdown, options);
    };
    assert.equal(await runCheckWith(['bad.md', 'a.md'], io, throwing), 3);
    assert.match(io.err, /internal error while checking 'bad\.md': kaput/);
    assert.match(io.out, /^a\.md:1:1/);
  });
});

/**
 * A stand-in engine that also reports steps: every OK / BAD / HUH in a $$…$$ block is one step
 * (holds / fails, with a step-fails finding / not read, reason "unknown function f").
 */
const steppingChecker: MarkdownChecker = (markdown) => {
  const findings: Finding[] = [];
  const steps: StepVerdict[] = [];
  for (const block of markdown.matchAll(/\$\$[^$]*\$\$/g)) {
    for (const m of block[0].matchAll(/OK|BAD|HUH/g)) {
      const offset = block.index + m.index;
      const where = { offset, length: m[0].length, blockOffset: block.index, blockLength: block[0].length };
      if (m[0] === 'OK') steps.push({ verdict: 'holds', ...where });
      else if (m[0] === 'HUH') steps.push({ verdict: 'not-read', reason: 'unknown function f', ...where });
      else {
        steps.push({ verdict: 'fails', ...where });
        findings.push({ code: 'step-fails', severity: 'warning', message: 'This step does not follow from the previous one', offset, length: 3, stepLatex: 'BAD', previousLatex: 'OK' });
      }
    }
  }
  return { findings, steps };
};

describe('softmax-lens check: what was checked (steps)', () => {
  const files = {
    'note.md': '# n\n$$x = OK = OK = BAD$$\n\ntext\n\n$$\ny = OK\n  = HUH\n$$\n',
    'quiet.md': '$$a = OK$$\n',
    'empty.md': 'no math\n',
  };

  test('text: a per-file step summary on stderr, then the total; stdout unchanged without --steps', async () => {
    const io = fakeIo(files);
    assert.equal(await runCheckWith(['note.md', 'quiet.md', 'empty.md'], io, steppingChecker), 1);
    assert.equal(
      io.err,
      [
        'note.md: 5 steps: 3 hold, 1 fails, 1 not read',
        'quiet.md: 1 step: 1 holds, 0 fail, 0 not read',
        'empty.md: 0 steps: 0 hold, 0 fail, 0 not read',
        'total: 6 steps: 4 hold, 1 fails, 1 not read',
        'softmax-lens check: 3 files checked, 1 warning, 0 notes',
        '',
      ].join('\n'),
    );
    assert.equal(io.out, 'note.md:2:17: warning: This step does not follow from the previous one [step-fails]\n');
  });

  test('text --steps: a line per step, after the file\'s findings, with the not-read reason', async () => {
    const io = fakeIo(files);
    assert.equal(await runCheckWith(['--steps', 'note.md', 'quiet.md'], io, steppingChecker), 1);
    assert.equal(
      io.out,
      [
        'note.md:2:17: warning: This step does not follow from the previous one [step-fails]',
        'note.md:2:7: step holds',
        'note.md:2:12: step holds',
        'note.md:2:17: step fails',
        'note.md:7:5: step holds',
        'note.md:8:5: step not read: unknown function f',
        'quiet.md:1:7: step holds',
        '',
      ].join('\n'),
    );
  });

  test('json without --steps keeps the plain array of findings', async () => {
    const io = fakeIo(files);
    assert.equal(await runCheckWith(['--format', 'json', 'note.md', 'quiet.md'], io, steppingChecker), 1);
    const parsed = JSON.parse(io.out) as unknown;
    assert.ok(Array.isArray(parsed));
    assert.deepEqual(
      parsed.map((e: { file: string; line: number; code: string }) => `${e.file}:${e.line}:${e.code}`),
      ['note.md:2:step-fails'],
    );
    assert.equal(io.err, '', 'json mode keeps stderr quiet');
  });

  test('json --steps: {findings, files} with counts and every verdict\'s span and reason', async () => {
    const io = fakeIo(files);
    assert.equal(await runCheckWith(['--format=json', '--steps', 'note.md', 'empty.md'], io, steppingChecker), 1);
    const parsed = JSON.parse(io.out) as { findings: { file: string; line: number; column: number; code: string }[]; files: unknown[] };
    assert.deepEqual(Object.keys(parsed).sort(), ['files', 'findings']);
    assert.deepEqual(
      parsed.findings.map((e) => [e.file, e.line, e.column, e.code]),
      [['note.md', 2, 17, 'step-fails']],
    );
    assert.deepEqual(parsed.files, [
      {
        file: 'note.md',
        steps: { judged: 5, hold: 3, fail: 1, notRead: 1 },
        verdicts: [
          { line: 2, column: 7, endLine: 2, endColumn: 9, verdict: 'holds', reason: null },
          { line: 2, column: 12, endLine: 2, endColumn: 14, verdict: 'holds', reason: null },
          { line: 2, column: 17, endLine: 2, endColumn: 20, verdict: 'fails', reason: null },
          { line: 7, column: 5, endLine: 7, endColumn: 7, verdict: 'holds', reason: null },
          { line: 8, column: 5, endLine: 8, endColumn: 8, verdict: 'not-read', reason: 'unknown function f' },
        ],
      },
      { file: 'empty.md', steps: { judged: 0, hold: 0, fail: 0, notRead: 0 }, verdicts: [] },
    ]);
    assert.equal(io.err, '');
  });

  test('an engine without steps counts as none; a disabled block\'s steps are not counted', async () => {
    const io = fakeIo({ 'old.md': '$$x = WRONG$$' });
    assert.equal(await runCheckWith(['--format', 'json', '--steps', 'old.md'], io, fakeChecker), 1);
    const parsed = JSON.parse(io.out) as { findings: unknown[]; files: { steps: unknown; verdicts: unknown[] }[] };
    assert.equal(parsed.findings.length, 1);
    assert.deepEqual(parsed.files[0]?.steps, { judged: 0, hold: 0, fail: 0, notRead: 0 });
    const disabled = fakeIo({ 'd.md': '<!-- softmax-lens-disable-next-block -->\n$$x = OK = HUH$$\n\n$$y = OK$$\n' });
    assert.equal(await runCheckWith(['d.md'], disabled, steppingChecker), 0);
    assert.match(disabled.err, /^d\.md: 1 step: 1 holds, 0 fail, 0 not read$/m);
  });

  test('an unreadable file gets no step line and is not in the total', async () => {
    const io = fakeIo({ 'quiet.md': files['quiet.md'] });
    assert.equal(await runCheckWith(['missing.md', 'quiet.md'], io, steppingChecker), 2);
    assert.doesNotMatch(io.err, /^missing\.md: /m);
    assert.match(io.err, /^total: 1 step: 1 holds, 0 fail, 0 not read$/m);
  });

  test('the usage text documents --steps and its JSON shape', async () => {
    const io = fakeIo({});
    assert.equal(await runCheckWith(['--help'], io, steppingChecker), 0);
    assert.match(io.out, /--steps/);
    assert.match(io.out, /\{findings: \[/);
    assert.match(io.out, /verdicts: \[\{line, column, endLine, endColumn, verdict, reason\}\]/);
  });
});

describe('softmax-lens check: steps from the real engine', () => {
  test('a sigmoid derivative that holds, a sign flip that fails, an unknown function not read', async () => {
    const note = [
      '$$\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1-\\sigma(x))$$',
      '',
      '$$\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1+\\sigma(x))$$',
      '',
      '$$\\frac{d}{dx} f(x) = g(x)$$',
      '',
    ].join('\n');
    const io = fakeIo({ 's.md': note });
    assert.equal(await runCheck(['--format', 'json', '--steps', 's.md'], io), 1);
    const parsed = JSON.parse(io.out) as { files: { verdicts: { line: number; verdict: string; reason: string | null }[] }[] };
    const verdicts = parsed.files[0]?.verdicts ?? [];
    assert.deepEqual(
      verdicts.map((v) => `${v.line}:${v.verdict}`),
      ['1:holds', '3:fails', '5:not-read'],
    );
    assert.ok(verdicts[2]?.reason && verdicts[2].reason.length > 0, 'a not-read step says why');
  });
});

describe('softmax-lens check (CLI, real engine)', () => {
  const wrong = [
    '# Softmax',
    '',
    '$$s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$$',
    '',
    '$$\\frac{\\partial s_i}{\\partial a_i} = s_i (1 - s_i)$$',
    '',
    '$$= s_i - s_i^2$$',
    '',
    '$$= s_i^2 - s_i$$',
    '',
  ].join('\n');

  test('a sign flip in the last step is reported on its line with exit 1', async () => {
    const io = fakeIo({ 'w.md': wrong });
    assert.equal(await runCheck(['--format', 'json', 'w.md'], io), 1);
    const entries = JSON.parse(io.out) as { line: number; code: string; severity: string }[];
    const warnings = entries.filter((e) => e.severity === 'warning');
    assert.deepEqual(
      warnings.map((e) => e.line),
      [9],
    );
  });

  test('the corrected note passes with exit 0', async () => {
    const io = fakeIo({ 'r.md': wrong.replace('s_i^2 - s_i', 's_i (1 - s_i)') });
    assert.equal(await runCheck(['r.md'], io), 0);
    assert.equal(io.out, '');
  });
});

describe('softmax-lens check: a note not checked to its end is said so, and exits 4', () => {
  test('the real engine under a tiny work limit: per-file line, summary, exit 4; a full check exits 0 or 1', async () => {
    const block = '$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 - s_i)$$\n\n';
    const note = block.repeat(40);
    const limited: MarkdownChecker = (md, options) => runEngine(md, { ...options, maxWork: 2000 });
    const io = fakeIo({ 'big.md': note });
    assert.equal(await runCheckWith(['big.md'], io, limited), 4);
    assert.match(io.err, /^big\.md: checked up to line \d+ of 161 \(work limit\)$/m);
    assert.match(io.err, /1 not checked to the end/);
    const full = fakeIo({ 'big.md': note });
    assert.equal(await runCheckWith(['big.md'], full, runEngine), 0);
    assert.doesNotMatch(full.err, /checked up to/);
  });

  test('--max-seconds needs a positive number; given, it is the wall-clock cap', async () => {
    const io = fakeIo({ 'n.md': 'x\n' });
    assert.equal(await runCheckWith(['--max-seconds', 'abc', 'n.md'], io, runEngine), 2);
    assert.match(io.err, /--max-seconds needs a positive number of seconds, not 'abc'/);
    let seen: number | undefined;
    const spy: MarkdownChecker = (md, options) => {
      seen = options?.timeBudgetMs;
      return runEngine(md, options);
    };
    assert.equal(await runCheckWith(['--max-seconds=2.5', 'n.md'], fakeIo({ 'n.md': 'x\n' }), spy), 0);
    assert.equal(seen, 2500);
    await runCheckWith(['n.md'], fakeIo({ 'n.md': 'x\n' }), spy);
    assert.equal(seen, undefined, 'no wall-clock cap unless asked for');
  });
});
