/**
 * `softmax-lens`: the command table and `main(argv, io)`, which returns the exit status for any
 * argument list and never throws (an unexpected defect is reported as an internal error, exit 3).
 * The process entry point is `main.ts`.
 */
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

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    io.stderr(`softmax-lens: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 3;
  }
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
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
