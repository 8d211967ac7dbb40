import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve, relative, sep } from 'node:path';
import type { CliIo } from './io';
import { runEval } from './eval';
import { runCheck } from './check';

const usage = `Usage: softmax-lens <command> [options]

Commands:
  eval <vector> [--temperature T] [--target K | --target <vector>] [--label-smoothing E] [--all-rows] [--json]
        Softmax, log-softmax, entropy, Jacobian, cross-entropy loss and gradient of a vector
        (any literal form: [2, 1, 0.1], tensor([...]), a bmatrix, "2 1 0.1"; '-' reads stdin).
  check <files|folders|globs...> [--format text|json] [--show-unchecked] [--steps] [--max-seconds S]
        Check hand-derived gradients in markdown notes; exit 1 when a step fails, 4 when a
        note was not checked to its end. --steps shows every step's verdict (holds, fails,
        not read and why). Every note is checked to its end unless --max-seconds caps it.

Options:
  -h, --help     show this help
  -v, --version  print the version`;

/** Minimal glob: `*`, `?` and `**` in path segments; folders expand to the markdown files under them. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
        if (pattern[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

async function expandPaths(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-') {
      files.push('-');
      continue;
    }
    if (!/[*?]/.test(pattern)) {
      const info = await stat(pattern).catch(() => undefined);
      if (info?.isDirectory()) files.push(...(await walk(pattern)).filter((f) => /\.(md|markdown)$/i.test(f)).sort());
      else files.push(pattern); // a missing file is reported by the command that reads it
      continue;
    }
    const firstWild = pattern.search(/[*?]/);
    const base = pattern.slice(0, pattern.lastIndexOf('/', firstWild) + 1) || '.';
    const matcher = globToRegExp(resolve(pattern).split(sep).join('/'));
    const matched = (await walk(base).catch(() => [] as string[])).filter((f) => matcher.test(resolve(f).split(sep).join('/')));
    files.push(...matched.map((f) => relative(process.cwd(), f) || f).sort());
  }
  return [...new Set(files)];
}

export async function main(argv: readonly string[]): Promise<number> {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    expandPaths,
    cwd: process.cwd(),
    isTty: Boolean(process.stdout.isTTY),
  };
  const [command, ...rest] = argv;
  switch (command) {
    case 'eval':
      return runEval(rest, io);
    case 'check':
      return runCheck(rest, io);
    case '-v':
    case '--version':
      io.stdout(`${typeof SOFTMAX_LENS_VERSION === 'string' ? SOFTMAX_LENS_VERSION : 'dev'}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      (command === undefined ? io.stderr : io.stdout)(`${usage}\n`);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`softmax-lens: unknown command '${command}'\n\n${usage}\n`);
      return 2;
  }
}

declare const SOFTMAX_LENS_VERSION: string | undefined;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`softmax-lens: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
