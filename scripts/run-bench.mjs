// `npm run bench`: runs every bench/*.bench.ts in turn (one process each, so one cannot warm or
// starve the next) and prints their tables. Benchmarks measure; they never fail a build.
// `npm run bench -- numeric` runs the files whose name contains "numeric".
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './lib/vscodeHost.mjs';

const filter = process.argv.slice(2);
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && (filter.length === 0 || filter.some((p) => f.includes(p)))).sort();
if (files.length === 0) {
  console.error('bench: no benchmark files match');
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join('bench', file)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`bench: ${file} exited with ${result.status}`);
  }
}
process.exit(failed ? 1 : 0);
