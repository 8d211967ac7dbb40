// `softmax-lens eval` on input that is empty, blank or only a newline, as a user types it: the
// built bundle, started as a process. Each must be a clear error with its position and exit 2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildCli, type BuiltCli } from './builtCli';

let cli: BuiltCli;
before(() => {
  cli = buildCli();
});
after(() => cli.dispose());

function assertCleanBadInput(result: ReturnType<BuiltCli['run']>, what: string): void {
  assert.equal(result.status, 2, `${what}: exit ${result.status}\n${result.stderr}`);
  assert.equal(result.stdout, '', what);
  assert.doesNotMatch(result.stderr, /internal error|RangeError|TypeError|\n\s+at /, `${what}: ${result.stderr}`);
}

test('eval of a newline, of blank standard input and of an empty --target: a parse error at line 1, column 1, exit 2', () => {
  const newline = cli.run(['eval', '\n']);
  assertCleanBadInput(newline, 'eval $\'\\n\'');
  assert.match(newline.stderr, /^softmax-lens eval: there is no vector here: the text is empty \(at line 1, column 1\)$/m);
  for (const input of ['\n', '', '  \t\r\n\n']) {
    const piped = cli.run(['eval', '-'], { input });
    assertCleanBadInput(piped, `eval - <<< ${JSON.stringify(input)}`);
    assert.match(piped.stderr, /there is no vector here: standard input is empty \(at line 1, column 1\)/);
  }
  const target = cli.run(['eval', '[1, 2]', '--target', '\n']);
  assertCleanBadInput(target, "--target $'\\n'");
  assert.match(target.stderr, /--target: there is no vector here: the text is empty \(at line 1, column 1\)/);
});

test('a parse error on a later line of standard input points at that line, with a caret', () => {
  const result = cli.run(['eval', '-'], { input: '\n\n[1, 2,\n x]\n' });
  assertCleanBadInput(result, 'multi-line stdin');
  assert.match(result.stderr, /line 4, column 2/);
  assert.match(result.stderr, /\n {3}x\]\n {3}\^/);
});

test('eval - on a million numbers: a summarised table (first and last rows, argmax, top 5, totals), no stack overflow; --all-rows prints every row', () => {
  const n = 1_000_000;
  const values = Array.from({ length: n }, (_, i) => (i === 777_777 ? '25' : String((i % 1000) / 100)));
  const input = values.join(' ') + '\n';
  const result = cli.run(['eval', '-', '--target', '3'], { input });
  assert.equal(result.status, 0, result.stderr.slice(0, 2000));
  assert.equal(result.stderr, '');
  const lines = result.stdout.split('\n');
  assert.ok(lines.length < 60, `${lines.length} lines`);
  assert.match(lines[0] as string, /^\s+i\s+logit\s+softmax\s+log-softmax\s+gradient$/);
  assert.match(lines[1] as string, /^\s+0\s+0\s/);
  assert.ok(lines.some((l) => /^\s*3\s+0\.03\s/.test(l)), 'the target row');
  assert.ok(lines.some((l) => /^777777\*\s+25\s/.test(l)), 'the argmax row, marked');
  assert.ok(lines.some((l) => /^\s*999999\s+9\.99\s/.test(l)), 'the last row');
  assert.match(result.stdout, /\(999,979 of 1,000,000 rows not shown; --all-rows prints every row\)/);
  assert.match(result.stdout, /^top 5 {8}777777: \S+, 999: \S+, 1999: \S+, 2999: \S+, 3999: \S+$/m);
  assert.match(result.stdout, /^classes {6}1000000$/m);
  assert.match(result.stdout, /^argmax {7}777777 {2}\(marked \*\)$/m);
  assert.match(result.stdout, /^loss {9}\d+\.\d+ {2}\(cross-entropy, target class 3\)$/m);
  assert.doesNotMatch(result.stdout, /Jacobian/);
  const all = cli.run(['eval', '-', '--all-rows'], { input });
  assert.equal(all.status, 0, all.stderr.slice(0, 2000));
  const allLines = all.stdout.split('\n');
  assert.equal(allLines.filter((l) => /^\s*\d+\*?\s+\S+\s+\S+\s+\S+$/.test(l)).length, n);
  assert.doesNotMatch(all.stdout, /not shown/);
});
