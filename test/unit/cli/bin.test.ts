// The command line as a user runs it: the bundle built by esbuild (as `npm run build` makes
// dist/cli.js), started as a process, with real files, standard input and exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
