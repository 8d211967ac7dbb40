// The `softmax-lens` process: the real io, the exit status. Everything else is in `cli.ts`.
import { main } from './cli';
import { nodeIo } from './nodeIo';

main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`softmax-lens: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
