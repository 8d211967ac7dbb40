// Measures the derivation checker on the adversarial corpus in test/fixtures/adversarial:
// `correct/` holds notes whose every `=` step is right (any warning there is a false alarm);
// `wrong/` holds notes with exactly one wrong step each, listed in wrong/KEY.tsv (file, 1-based line,
// description). A wrong step counts as found when a warning's lines cover its key line; any other
// warning on a wrong note is a false alarm, except a final-result warning on a later line once the
// wrong step was found (the chain's end carries that error, as the real notes' key `may`). The notes were checked numerically by
// test/fixtures/adversarial/verify/run.py. Usage: node --import tsx scripts/eval-adversarial.ts [--verbose]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMarkdown } from '../src/core/checker/index';
import type { Finding } from '../src/core/checker/index';
import { lineOf, lineStarts } from './lib/noteLines';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(repo, 'test', 'fixtures', 'adversarial');
const verbose = process.argv.includes('--verbose');

if (!existsSync(join(root, 'correct')) || !existsSync(join(root, 'wrong', 'KEY.tsv'))) {
  console.error(`eval-adversarial: no corpus at ${root}`);
  process.exit(2);
}

const key = new Map<string, { line: number; description: string }>();
for (const row of readFileSync(join(root, 'wrong', 'KEY.tsv'), 'utf8').split('\n').slice(1)) {
  const [file, line, description] = row.split('\t');
  if (!file || !line) continue;
  key.set(file, { line: Number(line), description: description ?? '' });
}

interface Flag { finding: Finding; from: number; to: number }
interface FileResult { file: string; flags: Flag[]; judged: number; links: number; reasons: string[] }

function evaluate(dir: string, file: string): FileResult {
  const text = readFileSync(join(dir, file), 'utf8');
  const { findings, steps } = checkMarkdown(text, {});
  const starts = lineStarts(text);
  const flags = findings
    .filter((f) => f.severity === 'warning')
    .map((finding) => ({ finding, from: lineOf(starts, finding.offset), to: lineOf(starts, finding.offset + Math.max(0, finding.length - 1)) }));
  const judged = steps.filter((s) => s.verdict !== 'not-read').length;
  const reasons = steps.filter((s) => s.verdict === 'not-read').map((s) => s.reason ?? '(no reason given)');
  return { file, flags, judged, links: steps.length, reasons };
}

const short = (s: string, n = 90): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');
const lines = (f: Flag): string => (f.from === f.to ? `${f.from}` : `${f.from}-${f.to}`);

/** One warning: its lines, the tag, the finding's code and hint, the step; for a false alarm (or with --verbose) also what it was compared with. */
function describe(f: Flag, tag: string): string {
  const hint = f.finding.hint ? ` (${f.finding.hint})` : '';
  const previous = verbose || tag.includes('FALSE') ? `\n      compared with: ${short(f.finding.previousLatex)}` : '';
  return `    line ${lines(f)} ${tag} ${f.finding.code}${hint}: ${short(f.finding.stepLatex)}${previous}`;
}

const pct = (a: number, b: number): string => `${(b ? (100 * a) / b : 0).toFixed(1)}%`;
const mdFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.md')).sort();

// Correct notes: every warning is a false alarm.
const correctDir = join(root, 'correct');
let correctAlarms = 0;
let correctNotesAlarmed = 0;
let correctLinks = 0;
let correctJudged = 0;
const reasonCounts = new Map<string, number>();
console.log('CORRECT notes (every warning is a false alarm)');
for (const file of mdFiles(correctDir)) {
  const r = evaluate(correctDir, file);
  correctAlarms += r.flags.length;
  if (r.flags.length > 0) correctNotesAlarmed++;
  correctLinks += r.links;
  correctJudged += r.judged;
  for (const reason of r.reasons) reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
  console.log(`  ${file.padEnd(36)} warnings ${String(r.flags.length).padStart(2)}  judged ${r.judged}/${r.links}`);
  for (const f of r.flags) console.log(describe(f, '[FALSE ALARM]'));
  if (verbose) for (const reason of r.reasons) console.log(`    not read: ${reason}`);
}

// Wrong notes: one key line each.
const wrongDir = join(root, 'wrong');
let found = 0;
let wrongAlarms = 0;
let wrongLinks = 0;
let wrongJudged = 0;
const wrongFiles = mdFiles(wrongDir);
console.log('');
console.log('WRONG notes (one wrong step each, line from KEY.tsv)');
for (const file of wrongFiles) {
  const r = evaluate(wrongDir, file);
  const k = key.get(file);
  wrongLinks += r.links;
  wrongJudged += r.judged;
  const covers = (f: Flag): boolean => k !== undefined && f.from <= k.line && k.line <= f.to;
  const hit = r.flags.some(covers);
  if (hit) found++;
  // The chain's end after the one wrong step carries its error (the real notes' key calls it `may`):
  // a final-result warning there is allowed, not a false alarm.
  const carried = (f: Flag): boolean => hit && k !== undefined && f.finding.code === 'final-result-wrong' && f.from > k.line;
  const alarms = r.flags.filter((f) => !covers(f) && !carried(f));
  wrongAlarms += alarms.length;
  console.log(`  ${file.padEnd(36)} key line ${String(k?.line ?? '?').padStart(2)} ${hit ? 'FOUND ' : 'missed'}  warnings ${String(r.flags.length).padStart(2)}  judged ${r.judged}/${r.links}`);
  for (const f of r.flags) console.log(describe(f, covers(f) ? '[key]' : carried(f) ? '[carried]' : '[FALSE ALARM]'));
  if (!hit && verbose && k) console.log(`    missed: ${k.description}`);
}

console.log('');
console.log('TOTALS');
console.log(`  correct notes: ${correctAlarms} false alarm(s) on ${correctNotesAlarmed} of ${mdFiles(correctDir).length} notes; = links judged ${correctJudged}/${correctLinks} (${pct(correctJudged, correctLinks)})`);
console.log(`  wrong notes:   ${found}/${wrongFiles.length} wrong steps found (${pct(found, wrongFiles.length)}); ${wrongAlarms} false alarm(s) elsewhere; = links judged ${wrongJudged}/${wrongLinks} (${pct(wrongJudged, wrongLinks)})`);
console.log('');
console.log('Most common not-read reasons on the correct notes:');
for (const [reason, n] of [...reasonCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${String(n).padStart(3)}  ${reason}`);
