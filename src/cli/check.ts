import type { CliIo } from './io';

// Scaffold only: replaced by the issue that owns this subcommand.
export async function runCheck(_args: readonly string[], io: CliIo): Promise<number> {
  io.stderr('softmax-lens check: not built yet\n');
  return 2;
}
