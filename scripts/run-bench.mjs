// `npm run bench`: runs every bench/*.bench.ts in turn (one process each, so one cannot warm or
// starve the next) and prints their tables. Benchmarks measure; they never fail a build.
// Each file is first bundled by esbuild, as the extension is shipped (tsx's per-module wrappers
// cost a hot loop several times its real time), beside its source so its relative paths still hold.
// `npm run bench -- numeric` runs the files whose name contains "numeric".
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import * as esbuild from 'esbuild';
import { root } from './lib/vscodeHost.mjs';

const filter = process.argv.slice(2);
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && (filter.length === 0 || filter.some((p) => f.includes(p)))).sort();
if (files.length === 0) {
  console.error('bench: no benchmark files match');
  process.exit(1);
}
console.log(`bench: node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const bundle = join(root, 'bench', file.replace(/\.ts$/, '.bundle.mjs'));
  try {
    await esbuild.build({ entryPoints: [join(root, 'bench', file)], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    const result = spawnSync(process.execPath, ['--expose-gc', bundle], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      failed++;
      console.log(`bench: ${file} exited with ${result.status}`);
    }
  } finally {
    rmSync(bundle, { force: true });
  }
}
process.exit(failed ? 1 : 0);
