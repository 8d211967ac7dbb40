// The `--test-reporter` of `npm run test:unit`: Node's spec reporter, fed events whose places are
// translated from the bundles (out/unit-tests/*.cjs) back to the TypeScript sources through the
// bundles' source maps. A failure therefore reads as before, "test at test/unit/x.test.ts:L:C"
// and a stack through test/unit and src, not through a bundle.
//
// It also writes how long each test file's top-level tests took (in ms) to the JSON file named by
// SOFTMAX_LENS_UNIT_TIMINGS, if set: run-unit-tests.mjs balances the next run's bundles with it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { compose } from 'node:stream';
import { spec } from 'node:test/reporters';

const bundleDir = resolve(process.env.SOFTMAX_LENS_UNIT_BUNDLES ?? 'out/unit-tests');
const timingsFile = process.env.SOFTMAX_LENS_UNIT_TIMINGS;

const escaped = bundleDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A place in a bundle, as a stack trace writes it: /abs/out/unit-tests/shard-01.cjs:12:34. */
const bundlePlace = new RegExp(`(${escaped}[/\\\\][^\\s()'"]+?\\.cjs):(\\d+):(\\d+)`, 'g');

const maps = new Map();
/** The parsed source map of a bundle, or null for a file that is not one of ours. */
function sourceMapOf(file) {
  if (!maps.has(file)) {
    let map = null;
    if (file.startsWith(bundleDir) && existsSync(`${file}.map`)) {
      try {
        map = { dir: dirname(file), map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) };
      } catch {
        map = null;
      }
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** The source place of 1-based `line`, `column` in `file`, or null if it is not in a bundle. */
function original(file, line, column) {
  const found = sourceMapOf(file);
  if (!found) return null;
  const entry = found.map.findEntry(line - 1, Math.max(0, column - 1));
  if (!entry || entry.originalSource === undefined) return null;
  return { file: resolve(found.dir, entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

function mapText(text) {
  return text.replace(bundlePlace, (whole, file, line, column) => {
    const place = original(file, Number(line), Number(column));
    return place ? `${place.file}:${place.line}:${place.column}` : whole;
  });
}

/** Rewrites the stack (and message) of an error and of its causes, in place. */
function mapError(error, seen = new Set()) {
  if (error === null || typeof error !== 'object' || seen.has(error)) return;
  seen.add(error);
  for (const key of ['stack', 'message']) {
    try {
      if (typeof error[key] === 'string') error[key] = mapText(error[key]);
    } catch {
      // a read-only property: left as it is
    }
  }
  mapError(error.cause, seen);
  if (Array.isArray(error.errors)) error.errors.forEach((e) => mapError(e, seen));
}

/** Which test files each bundle holds (written by run-unit-tests.mjs), to name a bundle that fails as a whole. */
let shardFiles = {};
try {
  shardFiles = JSON.parse(readFileSync(resolve(bundleDir, 'shards.json'), 'utf8'));
} catch {
  shardFiles = {};
}

const timings = new Map();

function translate(event) {
  const data = event.data;
  // A bundle that fails as a whole (say, a file throws while loading): say which files it holds.
  // Its place is the bundle itself (line 1), which has no source.
  const wholeBundle = data && typeof data.name === 'string' && data.name.startsWith(bundleDir);
  if (wholeBundle && Array.isArray(shardFiles[data.name])) data.name = `${relative(process.cwd(), data.name)} (${shardFiles[data.name].join(', ')})`;
  // What a test process wrote to stdout or stderr, e.g. an error thrown while loading.
  if ((event.type === 'test:stderr' || event.type === 'test:stdout') && typeof data?.message === 'string') data.message = mapText(data.message);
  if (!wholeBundle && data && typeof data.file === 'string' && data.file.startsWith(bundleDir)) {
    if (typeof data.line === 'number' && typeof data.column === 'number') {
      const place = original(data.file, data.line, data.column);
      if (place) {
        data.file = place.file;
        data.line = place.line;
        data.column = place.column;
      }
    }
  }
  if (data?.details?.error) mapError(data.details.error);
  if ((event.type === 'test:pass' || event.type === 'test:fail') && data.nesting === 0 && typeof data.file === 'string' && !data.file.startsWith(bundleDir)) {
    const file = relative(process.cwd(), data.file).split('\\').join('/');
    timings.set(file, (timings.get(file) ?? 0) + (data.details?.duration_ms ?? 0));
  }
  return event;
}

function saveTimings() {
  if (!timingsFile || timings.size === 0) return;
  let previous = {};
  try {
    previous = JSON.parse(readFileSync(timingsFile, 'utf8'));
  } catch {
    previous = {};
  }
  const merged = { ...previous };
  for (const [file, ms] of timings) merged[file] = Math.round(ms);
  try {
    writeFileSync(timingsFile, `${JSON.stringify(merged, null, 1)}\n`);
  } catch {
    // timings only balance the next run; not having them is no failure
  }
}

async function* translated(source) {
  for await (const event of source) yield translate(event);
  saveTimings();
}

export default async function* mappedSpec(source) {
  yield* compose(translated(source), new spec());
}
