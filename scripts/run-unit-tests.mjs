// `npm run test:unit [-- word …]`: runs every test/unit/**/*.test.ts (or those whose path contains
// one of the words) with Node's own test runner and its spec reporter; exits non-zero on any failure.
//
// The TypeScript is bundled once by esbuild into a few CommonJS bundles in out/unit-tests/ (see
// lib/unitTestBundles.mjs), and `node --test` runs those bundles side by side, one process each, as
// many at a time as the machine has cores. Starting a TypeScript loader and transpiling in one
// process per test file used to take most of the time. A file with top-level before/after hooks
// gets a bundle of its own, so its hooks wrap only its own tests. The other files are spread over
// the bundles by how long they took last time (out/unit-tests/timings.json, written by the
// reporter), heaviest first. Failures are reported at their TypeScript source (lib/unitTestReporter.mjs).
//
// --isolate: one bundle per test file (each file in its own process, as before), to rule out any
// effect of the files sharing a process.
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { bundleDir, buildShards } from './lib/unitTestBundles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...collect(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
const isolate = args.includes('--isolate');
const filter = args.filter((a) => a !== '--isolate');
const files = collect('test/unit').filter((f) => filter.length === 0 || filter.some((part) => f.includes(part))).sort();
if (files.length === 0) {
  console.error('run-unit-tests: no test files found');
  process.exit(1);
}

const outdir = join(root, bundleDir);
const timingsFile = join(outdir, 'timings.json');
let timings = {};
try {
  timings = JSON.parse(readFileSync(timingsFile, 'utf8'));
} catch {
  timings = {};
}
const known = Object.values(timings).filter((ms) => typeof ms === 'number');
const usual = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1000;
const key = (file) => file.split('\\').join('/');
const weight = (file) => (typeof timings[key(file)] === 'number' ? timings[key(file)] : usual);

/** Hooks at the top of a file belong to the whole process: such a file is bundled alone. */
const hasTopLevelHooks = (file) => /^(before|after|beforeEach|afterEach)\s*\(/m.test(readFileSync(file, 'utf8'));

const cores = Math.max(1, availableParallelism());
const alone = isolate ? files : files.filter(hasTopLevelHooks);
const shared = files.filter((f) => !alone.includes(f));
/** A few bundles per core: enough for the last ones to even out, few enough to share warm code. */
const groupCount = Math.min(shared.length, 3 * cores);
const groups = Array.from({ length: groupCount }, () => ({ files: [], ms: 0 }));
for (const file of [...shared].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
  const lightest = groups.reduce((best, g) => (g.ms < best.ms ? g : best));
  lightest.files.push(file);
  lightest.ms += weight(file);
}
const shards = [...groups, ...alone.map((f) => ({ files: [f], ms: weight(f) }))]
  .filter((g) => g.files.length > 0)
  .sort((a, b) => b.ms - a.ms)
  .map((g) => g.files.sort());

mkdirSync(outdir, { recursive: true });
for (const name of readdirSync(outdir)) if (name.startsWith('shard-')) rmSync(join(outdir, name), { force: true });
const bundles = await buildShards(root, shards);
writeFileSync(join(outdir, 'shards.json'), `${JSON.stringify(Object.fromEntries(bundles.map((b, i) => [b, shards[i].map(key)])), null, 1)}\n`);

// --test-concurrency came in Node 20.10; before it Node 20 ran one file at a time.
const [major, minor] = process.versions.node.split('.').map(Number);
const concurrency = major > 20 || (major === 20 && minor >= 10) ? [`--test-concurrency=${cores}`] : [];
const reporter = join(root, 'scripts', 'lib', 'unitTestReporter.mjs');
if (!existsSync(reporter)) throw new Error(`run-unit-tests: ${reporter} is missing`);
const result = spawnSync(process.execPath, ['--test', ...concurrency, `--test-reporter=${pathToFileURL(reporter).href}`, '--test-reporter-destination=stdout', ...bundles], {
  stdio: 'inherit',
  env: { ...process.env, SOFTMAX_LENS_UNIT_BUNDLES: outdir, SOFTMAX_LENS_UNIT_TIMINGS: timingsFile },
});
process.exit(result.status ?? 1);
