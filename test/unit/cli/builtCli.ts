// The command line as a user runs it: src/cli/main.ts bundled by esbuild (as `npm run build` makes
// dist/cli.js) into a temporary folder, started as a process with real files and standard input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export const repoRoot = join(__dirname, '..', '..', '..');

export interface BuiltCli {
  /** A scratch folder for the test's files (removed by `dispose`). */
  readonly dir: string;
  run(args: readonly string[], options?: { input?: string | Buffer; cwd?: string; timeoutMs?: number }): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
  dispose(): void;
}

export function buildCli(): BuiltCli {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-lens-cli-'));
  const cli = join(dir, 'cli.js');
  buildSync({ entryPoints: [join(repoRoot, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', banner: { js: '#!/usr/bin/env node' }, define: { SOFTMAX_LENS_VERSION: '"test"' } });
  return {
    dir,
    run(args, options = {}) {
      const result = spawnSync(process.execPath, [cli, ...args], {
        cwd: options.cwd ?? repoRoot,
        input: options.input ?? '',
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 512 * 1024 * 1024,
      });
      return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
