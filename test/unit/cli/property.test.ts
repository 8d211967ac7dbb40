// A property over whole command lines, run in-process through `main(argv, io)` with the real Node
// io on a folder of every kind of file: whatever the arguments, files and vector texts, the exit
// status is 0, 1 or 2 (4 only when --max-seconds cut a check short), there is never an internal
// error or a stack trace, and a vector that does not parse is reported with its column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/cli';
import { nodeIo } from '../../../src/cli/nodeIo';
import { parseVector } from '../../../src/core/vectors/index';

let dir = '';
let paths: string[] = [];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'softmax-lens-property-'));
  mkdirSync(join(dir, 'sub'));
  const files: Record<string, string | Buffer> = {
    'right.md': '$$\\frac{d}{dx} x^2 = 2x$$\n',
    'wrong.md': 'Note\n\n$$\\frac{\\partial s_i}{\\partial a_i} = s_i (1 - s_i) = s_i + s_i^2$$\n',
    'bom.md': '\ufeff$$\\frac{d}{dx} x^2 = 3x$$\n',
    'empty.md': '',
    'binary.md': Buffer.from([0, 1, 2, 3]),
    'latin1.md': Buffer.from([0x63, 0xe9, 0x0a]),
    'sub/deep.md': '$$ \\sigma\'(x) = \\sigma(x)(1 - \\sigma(x)) $$\n',
    'crlf.md': 'a\r\n$$\\frac{d}{dx} x^3 = 3x^2$$\r\n',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  execFileSync('mkfifo', [join(dir, 'pipe.md')]);
  symlinkSync('/dev/zero', join(dir, 'zero.md'));
  symlinkSync(join(dir, 'sub'), join(dir, 'linked.md'));
  symlinkSync(join(dir, 'missing'), join(dir, 'gone.md'));
  paths = [...Object.keys(files), 'pipe.md', 'zero.md', 'linked.md', 'gone.md', 'nope.md', 'sub', 'sub/', '*.md', '**/*.md', 's?b/*.md', 'absent/*.md'].map((p) => join(dir, p));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const token = fc.constantFrom('1', '-0', '2.5', '1e400', '-1e-400', 'nan', 'inf', '-inf', '1.7976931348623157e308', 'x', '', ' ', '\n', '\t', ',', '[', ']', '(', ')', '[[1, 2], [3, 4]]', 'tensor(', 'np.array(', '\\begin{bmatrix}', '\\end{bmatrix}', '&', '\\\\', '...', '１', '−3', '\ufeff', '\u0000', '😀', '1e', '--', '=');
const vectorText = fc.oneof(fc.string({ maxLength: 12 }), fc.array(token, { maxLength: 10 }).map((t) => t.join('')), fc.array(fc.double(), { minLength: 1, maxLength: 6 }).map((v) => `[${v.join(', ')}]`));
const number = fc.oneof(fc.constantFrom('0', '-1', '1', '0.5', '1e-9', '1e400', 'nan', 'abc', '', '2', '3', '100'), fc.double().map(String));
const evalArg = fc.oneof(
  vectorText,
  fc.constantFrom('-', '--json', '--all-rows', '--', '-h', '--frobnicate', '-t'),
  fc.tuple(fc.constantFrom('--target', '--temperature', '--label-smoothing', '--target='), fc.oneof(number, vectorText)).map(([o, v]) => (o.endsWith('=') ? [`${o}${v}`] : [o, v])),
);
const checkArg = fc.oneof(
  fc.constantFrom(...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map(String)).map((i) => `@path${i}`),
  fc.constantFrom('-', '--steps', '--show-unchecked', '--format', 'json', 'text', '--format=json', '--format=xml', '--', '--max-seconds', '--max-seconds=0.000001', '--max-seconds=-1', '--help'),
  fc.string({ maxLength: 6 }),
);
const commandLine = fc.oneof(
  fc.array(evalArg, { maxLength: 6 }).map((args) => ['eval', ...args.flat()]),
  fc.array(checkArg, { maxLength: 6 }).map((args) => ['check', ...args]),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
);

test('any command line: exit 0, 1 or 2 (4 only with --max-seconds), no internal error, parse errors with a column', async () => {
  await fc.assert(
    fc.asyncProperty(commandLine, vectorText, async (raw, stdin) => {
      const argv = raw.map((a) => (a.startsWith('@path') ? (paths[Number(a.slice(5))] as string) : a));
      let out = '';
      let err = '';
      const io = { ...nodeIo(), stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), readStdin: async () => stdin };
      const code = await main(argv, io);
      const what = `${JSON.stringify(argv)} <<< ${JSON.stringify(stdin)} → ${code}\n${err.slice(0, 600)}`;
      assert.doesNotMatch(err, /: internal error|\n\s+at \S+ \(|RangeError|TypeError/, what);
      const capped = argv.some((a) => a.startsWith('--max-seconds'));
      assert.ok(code === 0 || code === 1 || code === 2 || (code === 4 && capped), what);
      if (code === 2) assert.match(err, /^(softmax-lens( eval| check)?: |Usage: softmax-lens)/m, what);
      if (argv[0] === 'eval' && code === 2 && !/Usage:/.test(err)) {
        // The vector is the arguments that are not options, or standard input for '-'.
        const positional = argv.slice(1).filter((a) => a === '-' || !a.startsWith('-') || /^[-+]?(\d|\.\d|inf|Infinity|nan)/i.test(a));
        const text = positional.length === 1 && positional[0] === '-' ? stdin : positional.join(' ');
        const parsed = parseVector(text);
        if (!parsed.ok && !argv.some((a) => a.startsWith('--target') || a === '--temperature' || a === '--label-smoothing' || a === '-t' || a === '--'))
          assert.match(err, /column \d+/, what);
      }
      if (code === 0 && argv[0] === 'eval' && argv.includes('--json') && !argv.includes('-h')) JSON.parse(out);
    }),
    { numRuns: 400, seed: 10, endOnFailure: true },
  );
});
