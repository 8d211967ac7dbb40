// Measures the derivation checker on a folder of real notes with an answer key (KEY.tsv):
// recall of `must` lines (steps wrong relative to the one before) and false alarms (a finding on a
// line the key does not list). Usage: node --import tsx scripts/eval-notes.ts [dir]
// (default ../shared/real-notes relative to the repository). Exits 0 when the folder is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMarkdown } from '../src/core/checker/index';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
const dir = resolve(dirArg ?? join(repo, '..', 'shared', 'real-notes'));
const verbose = process.argv.includes('--verbose');

if (!existsSync(dir) || !existsSync(join(dir, 'KEY.tsv'))) {
  console.log(`eval-notes: no notes with a KEY.tsv at ${dir}; nothing to measure.`);
  process.exit(0);
}

interface KeyRow { verdict: string; excerpt: string }
const key = new Map<string, Map<number, KeyRow>>();
for (const line of readFileSync(join(dir, 'KEY.tsv'), 'utf8').split('\n').slice(1)) {
  const [file, lineNo, verdict, excerpt] = line.split('\t');
  if (!file || !lineNo || !verdict) continue;
  if (!key.has(file)) key.set(file, new Map());
  key.get(file)!.set(Number(lineNo), { verdict, excerpt: excerpt ?? '' });
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
let mustTotal = 0;
let mustHit = 0;
let falseTotal = 0;
let findingsTotal = 0;
let ms = 0;
console.log('file      must flagged/total  false alarms  findings  ms');
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  const rows = key.get(file) ?? new Map<number, KeyRow>();
  const t0 = performance.now();
  const { findings } = checkMarkdown(text, {});
  const dt = performance.now() - t0;
  ms += dt;
  const starts = lineStarts(text);
  const flagged = findings.filter((f) => f.code !== 'not-checked').map((f) => ({ f, from: lineOf(starts, f.offset), to: lineOf(starts, f.offset + Math.max(0, f.length - 1)) }));
  const must = [...rows.entries()].filter(([, r]) => r.verdict === 'must').map(([l]) => l);
  const hit = must.filter((l) => flagged.some((x) => x.from <= l && l <= x.to));
  const falseAlarms = flagged.filter((x) => {
    for (let l = x.from; l <= x.to; l++) if (rows.has(l)) return false;
    return true;
  });
  mustTotal += must.length;
  mustHit += hit.length;
  falseTotal += falseAlarms.length;
  findingsTotal += flagged.length;
  console.log(`${file.padEnd(9)} ${`${hit.length}/${must.length}`.padStart(10)}  ${String(falseAlarms.length).padStart(12)}  ${String(flagged.length).padStart(8)}  ${dt.toFixed(0).padStart(4)}`);
  if (verbose) {
    for (const x of flagged) console.log(`    line ${x.from}${x.to !== x.from ? `-${x.to}` : ''} ${x.f.code}${rows.has(x.from) ? ` [${rows.get(x.from)!.verdict}]` : ' [FALSE ALARM]'}${x.f.hint ? ` (${x.f.hint})` : ''}: ${x.f.stepLatex.slice(0, 80)}`);
    for (const l of must.filter((m) => !hit.includes(m))) console.log(`    missed must line ${l}: ${rows.get(l)!.excerpt.slice(0, 80)}`);
  }
}
console.log(`TOTAL     ${`${mustHit}/${mustTotal}`.padStart(10)}  ${String(falseTotal).padStart(12)}  ${String(findingsTotal).padStart(8)}  ${ms.toFixed(0).padStart(4)}`);
console.log(`recall ${(mustTotal ? (100 * mustHit) / mustTotal : 0).toFixed(1)}% of must lines, ${falseTotal} false alarm(s)`);
