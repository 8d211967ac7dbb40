// The same note gives byte-identical `check --format json` output however fast the machine is:
// verdicts come from counted work, never from the clock. A clock that races ahead (as on a slow
// or loaded machine) must change nothing; the work limit, when a note reaches it, cuts the check
// at the same place every time; and the built CLI beside a busy process prints the same bytes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { runCheck, runCheckWith, type MarkdownChecker } from '../../../src/cli/check';
import { checkMarkdown } from '../../../src/core/checker/index';
import { buildCli, type BuiltCli } from './builtCli';

const block = (k: number): string =>
  `## Part ${k}\n\n$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 - s_i) = s_i - s_i^2$$\n\n$$\\frac{d}{dx} x^${k % 5 + 2} = ${k % 5 + 2}x^${k % 5 + 1}$$\n\n`;
/** 120 correct parts, then one wrong step on the last line. */
const note = Array.from({ length: 120 }, (_, k) => block(k)).join('') + '$$\\frac{d}{dx} x^2 = 3x$$\n';

function memoryIo(files: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: async () => '',
    readNote: async (path: string) => (files[path] === undefined ? { ok: false as const, reason: 'no such file or folder' } : { ok: true as const, text: files[path] as string }),
    expandPaths: async (patterns: readonly string[]) => ({ files: [...patterns], problems: [] }),
    cwd: '/',
    isTty: false,
  };
  return io;
}

/** Runs `body` with `Date.now` and `performance.now` advancing `stepMs` at every call: a machine that is very slow. */
async function withRacingClock<T>(stepMs: number, body: () => Promise<T>): Promise<T> {
  const realDate = Date.now;
  const realPerf = performance.now.bind(performance);
  let t = realDate();
  Date.now = () => (t += stepMs);
  performance.now = () => (t += stepMs);
  try {
    return await body();
  } finally {
    Date.now = realDate;
    performance.now = realPerf;
  }
}

describe('check output does not depend on the machine', () => {
  test('a clock that races ahead (10 s per reading) changes no byte of the JSON, and the last wrong step is still found', async () => {
    const args = ['note.md', '--format', 'json', '--steps'];
    const calm = memoryIo({ 'note.md': note });
    const calmCode = await runCheck(args, calm);
    const racing = memoryIo({ 'note.md': note });
    const racingCode = await withRacingClock(10_000, () => runCheck(args, racing));
    assert.equal(calmCode, 1, calm.err);
    assert.equal(racingCode, 1, racing.err);
    assert.equal(racing.out, calm.out);
    const report = JSON.parse(calm.out) as { findings: { line: number }[]; files: { steps: { judged: number } }[] };
    assert.deepEqual(report.findings.map((f) => f.line), [note.split('\n').length - 1]);
    assert.ok((report.files[0]?.steps.judged ?? 0) > 300, JSON.stringify(report.files[0]?.steps));
  });

  test('a note past the work limit is cut at the same line every time, said in the JSON, exit 4', async () => {
    const limited: MarkdownChecker = (md, options) => checkMarkdown(md, { ...options, maxWork: 20_000 });
    const args = ['note.md', '--format', 'json', '--steps'];
    const outputs: string[] = [];
    for (const step of [0, 10_000, 0]) {
      const io = memoryIo({ 'note.md': note });
      const code = await withRacingClock(step, () => runCheckWith(args, io, limited));
      assert.equal(code, 4, io.err);
      assert.match(io.err, new RegExp(`^note\\.md: checked up to line \\d+ of ${note.split('\n').length} \\(work limit\\)$`, 'm'));
      outputs.push(io.out);
    }
    assert.equal(outputs[1], outputs[0]);
    assert.equal(outputs[2], outputs[0]);
    const files = (JSON.parse(outputs[0] as string) as { files: { incomplete?: { line: number; lines: number; reason: string } }[] }).files;
    assert.equal(files[0]?.incomplete?.reason, 'work');
    assert.ok((files[0]?.incomplete?.line ?? 0) < 700);
  });
});

describe('--max-seconds, the explicit wall-clock cap', () => {
  test('on a slow machine it cuts the check short, says where per file, and exits 4', async () => {
    const io = memoryIo({ 'note.md': note });
    const code = await withRacingClock(400, () => runCheck(['note.md', '--max-seconds', '1'], io));
    assert.equal(code, 4, io.err);
    assert.match(io.err, new RegExp(`^note\\.md: checked up to line [\\d,]+ of ${note.split('\n').length} \\(--max-seconds 1\\)$`, 'm'));
    assert.match(io.err, /1 not checked to the end/);
  });
});

describe('the built CLI, twice, the second time beside a busy process', () => {
  let cli: BuiltCli;
  let busy: ChildProcess | undefined;
  before(() => {
    cli = buildCli();
  });
  after(() => {
    busy?.kill();
    cli.dispose();
  });

  test('byte-identical --format json output and the same exit status', () => {
    const file = join(cli.dir, 'note.md');
    writeFileSync(file, note);
    const first = cli.run(['check', file, '--format', 'json']);
    busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    const second = cli.run(['check', file, '--format', 'json']);
    busy.kill();
    assert.equal(first.status, 1, first.stderr);
    assert.equal(second.status, 1, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.stderr, first.stderr);
  });
});
