import type { CliIo } from './io';

// Scaffold only: replaced by the issue that owns this subcommand.
export async function runEval(_args: readonly string[], io: CliIo): Promise<number> {
  io.stderr('softmax-lens eval: not built yet\n');
  return 2;
}
