import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runEval } from '../../../src/cli/eval';
import type { CliIo } from '../../../src/cli/io';

function fakeIo(stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readStdin: async () => stdin,
    readNote: async () => ({ ok: true as const, text: '' }),
    expandPaths: async (p: readonly string[]) => ({ files: [...p], problems: [] }),
    cwd: '/',
    isTty: false,
  };
  return io;
}

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo(stdin);
  const code = await runEval(args, io);
  return { code, out: io.out, err: io.err };
}

describe('softmax-lens eval', () => {
  test('table output with a class target', async () => {
    const r = await run(['[2, 1, 0.1]', '--target', '0']);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    const lines = r.out.split('\n');
    assert.match(lines[0] as string, /^ i\s+logit\s+softmax\s+log-softmax\s+gradient$/);
    assert.match(lines[1] as string, /^0\*\s+2\s+0\.6590011388859679\s+-0\.41703001627783\d+\s+-0\.340998861114032\d*$/);
    assert.match(r.out, /logSumExp {4}2\.41703001627783\d+/);
    assert.match(r.out, /loss {9}0\.41703001627783\d+ {2}\(cross-entropy, target class 0\)/);
    assert.match(r.out, /Jacobian/);
  });

  test('--json: every field, full round-trip precision, non-finite values as strings', async () => {
    const r = await run(['[0, -40, -Infinity]', '--target', '0', '--json']);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j), ['logits', 'temperature', 'softmax', 'logSoftmax', 'logSumExp', 'argmax', 'entropy', 'jacobian', 'loss', 'gradient']);
    assert.deepEqual(j.logits, [0, -40, '-Infinity']);
    assert.equal(j.loss, 4.248354255291589e-18);
    assert.deepEqual(j.logSoftmax, [-4.248354255291589e-18, -40, '-Infinity']);
    assert.equal((j.softmax as number[])[1], 4.248354255291589e-18);
    assert.equal((j.jacobian as number[][]).length, 3);
    assert.equal((j.gradient as number[])[0], -4.248354255291589e-18);
  });

  test('--json without a target has loss and gradient null; n > 64 has no Jacobian', async () => {
    const big = `[${Array.from({ length: 65 }, (_, i) => i / 7).join(', ')}]`;
    const j = JSON.parse((await run([big, '--json'])).out) as Record<string, unknown>;
    assert.equal(j.loss, null);
    assert.equal(j.gradient, null);
    assert.equal(j.jacobian, null);
    assert.equal((j.softmax as number[]).length, 65);
  });

  test('stdin, plain numbers as separate arguments (including negative ones), temperature, smoothing, probability target', async () => {
    const a = await run(['-', '--json'], 'tensor([1.0, 2.0, 3.0])\n');
    assert.equal(a.code, 0);
    assert.equal((JSON.parse(a.out) as { argmax: number }).argmax, 2);
    const b = await run(['-1', '2', '-3', '--temperature=0.5', '--json']);
    assert.equal(b.code, 0, b.err);
    const jb = JSON.parse(b.out) as { temperature: number; logits: number[] };
    assert.equal(jb.temperature, 0.5);
    assert.deepEqual(jb.logits, [-1, 2, -3]);
    const c = await run(['[1, 2, 3]', '--target', '[0.2, 0.3, 0.5]', '--label-smoothing', '0.1', '--json']);
    assert.equal(c.code, 0, c.err);
    assert.equal(typeof (JSON.parse(c.out) as { loss: number }).loss, 'number');
  });

  test('bad vector: exit 2, message with the column and a caret', async () => {
    const r = await run(['[2, 1, x]']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /column 8/);
    assert.match(r.err, /\[2, 1, x\]\n {9}\^/);
  });

  test('bad options and targets: exit 2 with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no vector given/],
      [['[1, 2]', '--target', '2'], /out of range for 2 classes \(valid: 0–1\)/],
      [['[1, 2]', '--target', '0.5'], /class index \(an integer\) or a probability vector, got 0\.5/],
      [['[1, 2]', '--target', '[0.5, 0.6]'], /sum to 1\.1/],
      [['[1, 2]', '--target', '[0.5, 0.5, 0]'], /3 entries.*2/],
      [['[1, 2]', '--target', '[0.5, y]'], /--target: .*column 7/],
      [['[1, 2]', '--temperature', '0'], /temperature must be a finite number > 0/],
      [['[1, 2]', '--temperature', 'hot'], /expects a number, got 'hot'/],
      [['[1, 2]', '--label-smoothing', '2'], /label smoothing must be in \[0, 1\]/],
      [['[1, 2]', '--frobnicate'], /unknown option '--frobnicate'/],
      [['[[1, 2], [3, 4]]'], /one vector, got a 2×2 matrix/],
      [['[-inf, -inf]'], /masked/],
    ];
    for (const [args, pattern] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
      assert.match(r.err, pattern, `${args.join(' ')}: ${r.err}`);
    }
  });

  test('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: softmax-lens eval/);
  });
});

describe('softmax-lens eval: the table of a long vector', () => {
  const vector = (n: number): string => `[${Array.from({ length: n }, (_, i) => String(i % 7)).join(', ')}]`;
  const rowLines = (out: string): string[] => out.split('\n').filter((l) => /^\s*\d+\*?\s{2}/.test(l));

  test('21 classes get a row each; 22 are summarised to the first and last 10 rows and the argmax row', async () => {
    const full = await run([vector(21)]);
    assert.equal(full.code, 0);
    assert.equal(rowLines(full.out).length, 21);
    assert.doesNotMatch(full.out, /not shown|^top/m);
    const long = await run([vector(22)]);
    assert.equal(long.code, 0);
    assert.deepEqual(rowLines(long.out).map((l) => l.trim().split(/\s+/)[0]), ['0', '1', '2', '3', '4', '5', '6*', '7', '8', '9', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21']);
    assert.match(long.out, /^ +…$/m);
    assert.match(long.out, /^\(2 of 22 rows not shown; --all-rows prints every row\)$/m);
    assert.match(long.out, /^top 5 {8}6: \S+, 13: \S+, 20: \S+, 5: \S+, 12: \S+$/m);
    const all = await run([vector(22), '--all-rows']);
    assert.equal(rowLines(all.out).length, 22);
  });
});

describe('softmax-lens eval near the largest double', () => {
  test('the issue\'s vector gives finite log-softmax and loss, also with label smoothing and a soft target', async () => {
    for (const extra of [[], ['--label-smoothing', '0.1'], ['--target', '[0.5, 0.5]']]) {
      const args = ['[5.604623424298296e307, 1.7976931348623157e308]', '--target', '0', ...extra, '--json'];
      const r = await run(extra[0] === '--target' ? [args[0] as string, ...extra, '--json'] : args);
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out) as { logSoftmax: unknown[]; loss: unknown; gradient: unknown[] };
      assert.deepEqual(j.logSoftmax, [-1.2372307924324862e308, 0], extra.join(' '));
      assert.equal(typeof j.loss, 'number', `${extra.join(' ')}: loss ${String(j.loss)}`);
      assert.ok(Number.isFinite(j.loss as number) && (j.loss as number) > 6e307, String(j.loss));
      assert.ok(j.gradient.every((g) => typeof g === 'number'), JSON.stringify(j.gradient));
    }
  });
});

describe('softmax-lens eval: −0 and numbers beyond the range of a double', () => {
  test('--json writes −0 as -0, so it round-trips; the table shows -0 too', async () => {
    const r = await run(['[-0, 0]', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\{"logits":\[-0,0\],/);
    const j = JSON.parse(r.out) as { logits: number[] };
    assert.ok(Object.is(j.logits[0], -0) && Object.is(j.logits[1], 0), String(j.logits));
    assert.match((await run(['[-0, 0]'])).out, /^0\*\s+-0\s+0\.5\s/m);
  });

  test('every number of --json parses back to the value computed (non-finite as strings)', async () => {
    const r = await run(['[-0, 1e-310, -Infinity, 3.141592653589793, -1e300]', '--target', '3', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(j.logits, [-0, 1e-310, '-Infinity', 3.141592653589793, -1e300]);
    assert.ok(Object.is((j.logits as number[])[0], -0));
  });

  test('1e400 is read as Infinity with a warning at its position; exit 0 with the result', async () => {
    const r = await run(['[1e400, 0, 1e-400]', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as { logits: unknown[] }).logits, ['Infinity', 0, 0]);
    assert.equal(
      r.err,
      [
        'softmax-lens eval: warning: 1e400 at column 2 is beyond the largest double (±1.7976931348623157e308) and was read as Infinity',
        '  [1e400, 0, 1e-400]',
        '   ^^^^^',
        'softmax-lens eval: warning: 1e-400 at column 12 is closer to 0 than the smallest double (5e-324) and was read as 0',
        '  [1e400, 0, 1e-400]',
        '             ^^^^^^',
        '',
      ].join('\n'),
    );
    const target = await run(['[1, 2]', '--target', '[1e-999, 1]']);
    assert.equal(target.code, 0);
    assert.match(target.err, /^softmax-lens eval: warning: --target: 1e-999 at column 2 is closer to 0/m);
  });
});
