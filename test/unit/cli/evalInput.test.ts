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
