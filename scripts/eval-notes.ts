// Measures the derivation checker on a folder of real notes with an answer key (KEY.tsv):
// recall of `must` lines (steps wrong relative to the one before) and false alarms (a finding on a
// line the key does not list). Usage: node --import tsx scripts/eval-notes.ts [dir]
// (default ../shared/real-notes relative to the repository). Exits 0 when the folder is absent.
//
// The notes are split into two halves, fixed once: in file-name order, every other note is in the
// CHECK half (the 2nd, 4th, …). Rules are derived from the DEV half only; the check half is only
// measured, so its numbers say how the checker does on notes it was not tuned on.
// `--half dev|check` restricts the run (and `--verbose` output) to one half.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMarkdown } from '../src/core/checker/index';
import { lineOf, lineStarts } from './lib/noteLines';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.slice(2).find((a, n, all) => !a.startsWith('--') && all[n - 1] !== '--half');
const dir = resolve(dirArg ?? join(repo, '..', 'shared', 'real-notes'));
const verbose = process.argv.includes('--verbose');
const halfArg = process.argv.includes('--half') ? process.argv[process.argv.indexOf('--half') + 1] : undefined;
if (halfArg !== undefined && halfArg !== 'dev' && halfArg !== 'check') {
  console.error("eval-notes: --half takes 'dev' or 'check'");
  process.exit(2);
}

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


const allFiles = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
const halfOf = (file: string): 'dev' | 'check' => (allFiles.indexOf(file) % 2 === 1 ? 'check' : 'dev');
const files = allFiles.filter((f) => halfArg === undefined || halfOf(f) === halfArg);
/** Notes 201 and up are reported apart (numeric examples, matrix-valued steps). */
const groupOf = (file: string): string => `${halfOf(file)} ${Number.parseInt(file, 10) >= 200 ? '201+' : '001-035'}`;

interface Tally { must: number; hit: number; falseAlarms: number; findings: number; links: number; judged: number; notesWithFalse: number; notes: number }
const tallies = new Map<string, Tally>();
const tally = (name: string): Tally => {
  let t = tallies.get(name);
  if (!t) tallies.set(name, (t = { must: 0, hit: 0, falseAlarms: 0, findings: 0, links: 0, judged: 0, notesWithFalse: 0, notes: 0 }));
  return t;
};
let ms = 0;
console.log('file      half   must flagged/total  false alarms  findings  links judged  ms');
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  const rows = key.get(file) ?? new Map<number, KeyRow>();
  const t0 = performance.now();
  const { findings, steps } = checkMarkdown(text, {});
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
  const judged = steps.filter((s) => s.verdict !== 'not-read').length;
  for (const t of [tally('all'), tally(groupOf(file))]) {
    t.must += must.length;
    t.hit += hit.length;
    t.falseAlarms += falseAlarms.length;
    t.findings += flagged.length;
    t.links += steps.length;
    t.judged += judged;
    t.notes++;
    if (falseAlarms.length > 0) t.notesWithFalse++;
  }
  console.log(`${file.padEnd(9)} ${halfOf(file).padEnd(5)} ${`${hit.length}/${must.length}`.padStart(10)}  ${String(falseAlarms.length).padStart(12)}  ${String(flagged.length).padStart(8)}  ${`${judged}/${steps.length}`.padStart(12)}  ${dt.toFixed(0).padStart(4)}`);
  if (verbose) {
    for (const x of flagged) {
      let row: KeyRow | undefined;
      for (let l = x.from; l <= x.to && !row; l++) row = rows.get(l);
      console.log(`    line ${x.from}${x.to !== x.from ? `-${x.to}` : ''} ${x.f.code}${row ? ` [${row.verdict}]` : ' [FALSE ALARM]'}${x.f.hint ? ` (${x.f.hint})` : ''}: ${x.f.stepLatex.slice(0, 80)}`);
    }
    for (const l of must.filter((m) => !hit.includes(m))) console.log(`    missed must line ${l}: ${rows.get(l)!.excerpt.slice(0, 80)}`);
  }
}
const pct = (a: number, b: number): string => `${(b ? (100 * a) / b : 0).toFixed(1)}%`;
console.log('');
console.log('group          must flagged  recall   false alarms (notes)  = links judged');
for (const name of [...tallies.keys()].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)))) {
  const t = tallies.get(name)!;
  console.log(`${name.padEnd(14)} ${`${t.hit}/${t.must}`.padStart(12)}  ${pct(t.hit, t.must).padStart(6)}  ${`${t.falseAlarms} (${t.notesWithFalse} of ${t.notes})`.padStart(20)}  ${`${t.judged}/${t.links} ${pct(t.judged, t.links)}`.padStart(16)}`);
}
const all = tally('all');
console.log(`recall ${pct(all.hit, all.must)} of must lines, ${all.falseAlarms} false alarm(s), ${ms.toFixed(0)} ms`);
