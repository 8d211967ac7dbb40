// The command line as a user runs it: the bundle built by esbuild (as `npm run build` makes
// dist/cli.js), started as a process, with real files, standard input and exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..', '..', '..');
let dir = '';
let cli = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'softmax-lens-cli-'));
  cli = join(dir, 'cli.js');
  buildSync({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', banner: { js: '#!/usr/bin/env node' }, define: { SOFTMAX_LENS_VERSION: '"test"' } });
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, input: input ?? '', encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('check: a wrong note exits 1 with a compiler-style line; JSON has 1-based positions', () => {
  const note = join(dir, 'wrong.md');
  writeFileSync(note, 'Softmax derivative:\n\n$$\\frac{\\partial s_i}{\\partial a_i} = s_i (1 - s_i) = s_i + s_i^2$$\n');
  const text = run(['check', note]);
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /wrong\.md:3:\d+: warning: This step does not follow from the previous one \[step-fails\]/);
  const json = run(['check', note, '--format', 'json']);
  assert.equal(json.status, 1);
  const findings = JSON.parse(json.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: string }[];
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f?.line, 3);
  assert.equal(f?.code, 'step-fails');
  assert.equal(f?.severity, 'warning');
  const line = 's_i (1 - s_i) = s_i + s_i^2$$';
  assert.equal(f?.column, '$$\\frac{\\partial s_i}{\\partial a_i} = '.length + line.indexOf('s_i + s_i^2') + 1);
});

test('check: the per-file step summary on stderr, --steps verdict lines and the --steps JSON object', () => {
  const note = join(dir, 'steps.md');
  writeFileSync(
    note,
    [
      'Sigmoid:',
      '',
      '$$\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1-\\sigma(x)) = \\sigma(x) - \\sigma(x)^2$$',
      '',
      'A sign flip:',
      '',
      '$$\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1+\\sigma(x))$$',
      '',
      '$$\\frac{d}{dx} f(x) = g(x)$$',
      '',
    ].join('\n'),
  );
  const text = run(['check', note]);
  assert.equal(text.status, 1, text.stderr);
  const lines = text.stderr.split('\n');
  assert.ok(lines.includes(`${note}: 4 steps: 2 hold, 1 fails, 1 not read`), text.stderr);
  assert.ok(lines.includes('total: 4 steps: 2 hold, 1 fails, 1 not read'), text.stderr);
  assert.doesNotMatch(text.stdout, /step holds/, 'verdict lines only with --steps');

  const verbose = run(['check', '--steps', note]);
  assert.equal(verbose.status, 1);
  assert.match(verbose.stdout, new RegExp(`^${note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+: step fails$`, 'm'));
  assert.match(verbose.stdout, /:9:\d+: step not read: \S/);
  assert.equal(verbose.stdout.match(/: step holds$/gm)?.length, 2);

  const plain = run(['check', note, '--format', 'json']);
  assert.ok(Array.isArray(JSON.parse(plain.stdout)), 'without --steps the JSON stays an array');
  const json = run(['check', note, '--format', 'json', '--steps']);
  assert.equal(json.status, 1);
  assert.equal(json.stderr, '');
  const report = JSON.parse(json.stdout) as {
    findings: { line: number; code: string }[];
    files: { file: string; steps: Record<string, number>; verdicts: { line: number; column: number; endLine: number; endColumn: number; verdict: string; reason: string | null }[] }[];
  };
  assert.deepEqual(report.findings.map((f) => `${f.line}:${f.code}`), ['7:step-fails']);
  assert.equal(report.files.length, 1);
  const [file] = report.files;
  assert.equal(file?.file, note);
  assert.deepEqual(file?.steps, { judged: 4, hold: 2, fail: 1, notRead: 1 });
  assert.deepEqual(file?.verdicts.map((v) => `${v.line}:${v.verdict}`), ['3:holds', '3:holds', '7:fails', '9:not-read']);
  const failing = file?.verdicts[2];
  const line7 = '$$\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1+\\sigma(x))$$';
  assert.equal(failing?.column, line7.indexOf('\\sigma(x)(1+') + 1);
  assert.equal(failing?.endColumn, line7.length - 1, 'the step ends before the closing $$');
  assert.equal(file?.verdicts[0]?.reason, null);
  assert.ok(file?.verdicts[3]?.reason, 'a not-read step says why');
});

test('check: a glob of correct fixture notes exits 0 with no findings', () => {
  const result = run(['check', 'test/fixtures/notes/en-*.md', 'test/fixtures/notes/zh-*.md', '--format', 'json']);
  assert.equal(result.status, 0, result.stdout.slice(0, 2000));
  assert.deepEqual(JSON.parse(result.stdout), []);
});

test('check: standard input, a missing file and no arguments', () => {
  const stdin = run(['check', '-'], '$$\\frac{d}{dx} x^2 = 3x$$\n');
  assert.equal(stdin.status, 1);
  assert.match(stdin.stdout, /^<stdin>:1:/m);
  const missing = run(['check', join(dir, 'nope.md')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.md/);
  assert.equal(run(['check']).status, 2);
  assert.equal(run([]).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
});

test('eval: JSON in full precision, stdin, and a clear error with its position', () => {
  const result = run(['eval', '[0, -40]', '--target', '0', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout) as { loss: number; softmax: number[]; argmax: number };
  assert.equal(json.loss, 4.2483542552915889e-18);
  assert.equal(json.argmax, 0);
  const piped = run(['eval', '-', '--json'], 'tensor([2.0000, 1.0000, 0.1000])\n');
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal((JSON.parse(piped.stdout) as { softmax: number[] }).softmax.length, 3);
  const bad = run(['eval', '[2, 1, abc]']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /column 8/);
});

test("check: the user's note gives warnings on exactly lines 15, 17 and 21 and exits 1", (t) => {
  const note = join(root, '..', 'shared', 'user-note.md');
  if (!existsSync(note)) {
    t.skip('shared/user-note.md is not beside the repository');
    return;
  }
  const json = run(['check', note, '--format', 'json']);
  assert.equal(json.status, 1, json.stderr);
  const findings = JSON.parse(json.stdout) as { line: number; severity: string; code: string }[];
  assert.deepEqual(findings.map((f) => [f.line, f.severity, f.code]), [[15, 'warning', 'step-fails'], [17, 'warning', 'step-fails'], [21, 'warning', 'agrees-again']]);
});
