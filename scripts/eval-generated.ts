// Measures the derivation checker on generated notes with a verified answer key (test/generator):
// recall of `must` lines (a must line is found when a finding other than 'not-checked' covers it)
// and false alarms (findings on lines the key does not list; on a correct note every finding is
// one), overall and broken down by every notation dimension value, template and planted mistake.
// Worked examples in numbers (test/generator/examples.ts) are added, one for every six derivations,
// as the template `worked-example` with their own `example-*` dimensions.
// Usage: node --import tsx scripts/eval-generated.ts [--n 1200] [--seed 1] [--verbose] [--json]
//   [--restrict dim=v1|v2 …] forces a notation dimension (or `template`) to the listed values, so a
//   class is measured alone (repeatable; worked examples are then left out);
//   [--isolate] with --restrict: the other added dimensions keep their older spelling (the class alone, not mixed with the other added notation);
//   [--older] the older generator's notes only (no added dimension value, template or example style), as measured before them.
// It measures, it does not gate: the exit code is always 0.
import { checkMarkdown } from '../src/core/checker/index';
import { DIMENSIONS, generateNotes, TEMPLATES, type GeneratedNote, type Restriction } from '../test/generator/index';
import { generateExamples, type ExampleNote } from '../test/generator/examples';

/** What the measurement reads of a generated note (a derivation or a worked example). */
type MeasuredNote = Pick<GeneratedNote, 'seed' | 'markdown' | 'key' | 'dims' | 'template' | 'route'> & { mutation: GeneratedNote['mutation'] | ExampleNote['mutation'] };
import { lineOf, lineStarts } from './lib/noteLines';

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const raw = at >= 0 ? process.argv[at + 1] : process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  const v = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(v) ? v : fallback;
}

const count = Math.max(1, Math.floor(argValue('--n', 1200)));
const seed = Math.floor(argValue('--seed', 1));
const verbose = process.argv.includes('--verbose');
const asJson = process.argv.includes('--json');
const older = process.argv.includes('--older');
const isolate = process.argv.includes('--isolate');

/** Every `--restrict dim=v1|v2` (or `--restrict=dim=v1|v2`), merged by dimension. */
function restrictions(): Restriction {
  const out: Record<string, string[]> = {};
  process.argv.forEach((a, at) => {
    const raw = a === '--restrict' ? process.argv[at + 1] : a.startsWith('--restrict=') ? a.slice('--restrict='.length) : undefined;
    if (raw === undefined) return;
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new Error(`eval-generated: --restrict wants dim=v1|v2, got ${raw}`);
    const dim = raw.slice(0, eq);
    const values = raw.slice(eq + 1).split('|');
    const known: readonly string[] | undefined = dim === 'template' ? TEMPLATES.map((t) => t.name) : (DIMENSIONS as Record<string, readonly string[]>)[dim];
    if (!known) throw new Error(`eval-generated: no dimension ${dim} (dimensions: ${Object.keys(DIMENSIONS).join(', ')}, template)`);
    const unknown = values.filter((v) => !known.includes(v));
    if (unknown.length > 0) throw new Error(`eval-generated: ${dim} has no value ${unknown.join(', ')} (values: ${known.join(' | ')})`);
    out[dim] = [...new Set([...(out[dim] ?? []), ...values])];
  });
  return out;
}
const restrict = restrictions();
const restricted = Object.keys(restrict).length > 0;


interface Flag {
  from: number;
  to: number;
  code: string;
  hint?: string;
  latex: string;
}

interface Outcome {
  note: MeasuredNote;
  must: number[];
  hit: number[];
  missed: number[];
  falseAlarms: Flag[];
  flags: Flag[];
  ms: number;
  crashed?: string;
}

function measure(note: MeasuredNote): Outcome {
  const must = note.key.filter((k) => k.verdict === 'must').map((k) => k.line);
  const keyLines = new Set(note.key.map((k) => k.line));
  const t0 = performance.now();
  let flags: Flag[] = [];
  let crashed: string | undefined;
  try {
    const { findings } = checkMarkdown(note.markdown);
    const starts = lineStarts(note.markdown);
    flags = findings
      .filter((f) => f.code !== 'not-checked')
      .map((f) => ({ from: lineOf(starts, f.offset), to: lineOf(starts, f.offset + Math.max(0, f.length - 1)), code: f.code, hint: f.hint, latex: f.stepLatex }));
  } catch (e) {
    crashed = e instanceof Error ? e.message : String(e);
  }
  const ms = performance.now() - t0;
  const covers = (l: number): boolean => flags.some((f) => f.from <= l && l <= f.to);
  const hit = must.filter(covers);
  const falseAlarms = flags.filter((f) => {
    for (let l = f.from; l <= f.to; l++) if (keyLines.has(l)) return false;
    return true;
  });
  return { note, must, hit, missed: must.filter((l) => !hit.includes(l)), falseAlarms, flags, ms, crashed };
}

interface Group {
  notes: number;
  mutated: number;
  detected: number;
  mustTotal: number;
  mustHit: number;
  falseAlarms: number;
  notesWithFalseAlarm: number;
  missedExamples: Outcome[];
  falseAlarmExamples: Outcome[];
}

const newGroup = (): Group => ({ notes: 0, mutated: 0, detected: 0, mustTotal: 0, mustHit: 0, falseAlarms: 0, notesWithFalseAlarm: 0, missedExamples: [], falseAlarmExamples: [] });
const EXAMPLES = 2;

function addTo(g: Group, o: Outcome): void {
  g.notes++;
  if (o.note.mutation) {
    g.mutated++;
    if (o.hit.length > 0) g.detected++;
  }
  g.mustTotal += o.must.length;
  g.mustHit += o.hit.length;
  g.falseAlarms += o.falseAlarms.length;
  if (o.falseAlarms.length > 0) g.notesWithFalseAlarm++;
  if (o.missed.length > 0 && g.missedExamples.length < EXAMPLES) g.missedExamples.push(o);
  if (o.falseAlarms.length > 0 && g.falseAlarmExamples.length < EXAMPLES) g.falseAlarmExamples.push(o);
}

const recall = (g: Group): number => (g.mustTotal ? (100 * g.mustHit) / g.mustTotal : NaN);
const faRate = (g: Group): number => (g.notes ? (100 * g.falseAlarms) / g.notes : 0);

const t0 = performance.now();
// A class measured alone is measured on derivations only (the worked examples have their own dimensions).
const examples = restricted ? [] : generateExamples({ seed, count: Math.max(1, Math.round(count / 6)), older });
const notes: MeasuredNote[] = [...generateNotes({ seed, count, older, restrict, isolate }), ...examples];
const genMs = performance.now() - t0;
const outcomes = notes.map(measure);
const checkMs = outcomes.reduce((a, o) => a + o.ms, 0);

const overall = newGroup();
const correctNotes = newGroup();
const mutatedNotes = newGroup();
const sections = new Map<string, Map<string, Group>>();
function bump(section: string, value: string, o: Outcome): void {
  if (!sections.has(section)) sections.set(section, new Map());
  const m = sections.get(section)!;
  if (!m.has(value)) m.set(value, newGroup());
  addTo(m.get(value)!, o);
}
for (const o of outcomes) {
  addTo(overall, o);
  addTo(o.note.mutation ? mutatedNotes : correctNotes, o);
  for (const [dim, value] of Object.entries(o.note.dims)) bump(`dim ${dim}`, value, o);
  bump('template', o.note.template, o);
  bump('mutation kind', o.note.mutation?.kind ?? '(none)', o);
  bump('mutation mode', o.note.mutation ? `${o.note.mutation.mode}` : '(none)', o);
  bump('mutation position', o.note.mutation ? `${o.note.mutation.mode}/${o.note.mutation.position}` : '(none)', o);
}
const crashes = outcomes.filter((o) => o.crashed);

const pct = (v: number): string => (Number.isNaN(v) ? '    -' : `${v.toFixed(1).padStart(5)}%`);
function row(label: string, g: Group): string {
  return `${label.padEnd(34)} ${String(g.notes).padStart(5)} ${`${g.mustHit}/${g.mustTotal}`.padStart(10)} ${pct(recall(g))} ${`${g.detected}/${g.mutated}`.padStart(9)} ${String(g.falseAlarms).padStart(6)} ${faRate(g).toFixed(1).padStart(7)} ${String(g.notesWithFalseAlarm).padStart(7)}`;
}
const header = `${'group'.padEnd(34)} ${'notes'.padStart(5)} ${'must hit'.padStart(10)} ${'recall'.padStart(6)} ${'detected'.padStart(9)} ${'FA'.padStart(6)} ${'FA/100n'.padStart(7)} ${'FAnotes'.padStart(7)}`;

function excerpt(o: Outcome): string {
  const lines = o.note.markdown.split('\n');
  const marks = new Map<number, string>();
  for (const k of o.note.key) marks.set(k.line, k.verdict);
  const flagged = new Set<number>();
  for (const f of o.flags) for (let l = f.from; l <= f.to; l++) flagged.add(l);
  const text = lines
    .map((t, k) => {
      const l = k + 1;
      const key = marks.get(l) ?? '';
      const flag = flagged.has(l) ? (marks.has(l) ? 'FLAG' : 'FA') : '';
      return `${String(l).padStart(3)} ${key.padEnd(4)} ${flag.padEnd(4)}| ${t.length > 160 ? `${t.slice(0, 157)}...` : t}`;
    })
    .join('\n');
  const clipped = text.length > 1600 ? `${text.slice(0, 1600)}\n    ...` : text;
  const m = o.note.mutation;
  return `    [seed ${o.note.seed}] ${o.note.template} route ${o.note.route}${m ? `, ${m.kind} ${m.mode} at step ${m.step}` : ', correct'}${o.crashed ? `, CRASH ${o.crashed}` : ''}\n${clipped}\n${o.falseAlarms.map((f) => `      FA line ${f.from}${f.to !== f.from ? `-${f.to}` : ''} ${f.code}${f.hint ? ` (${f.hint})` : ''}: ${f.latex.slice(0, 100)}`).join('\n')}`;
}

if (asJson) {
  const summarize = (g: Group): Record<string, number> => ({ notes: g.notes, mutated: g.mutated, detected: g.detected, mustTotal: g.mustTotal, mustHit: g.mustHit, recall: recall(g), falseAlarms: g.falseAlarms, notesWithFalseAlarm: g.notesWithFalseAlarm, falseAlarmsPer100Notes: faRate(g) });
  const out = {
    seed,
    count,
    older,
    restrict,
    isolate,
    generationMs: Math.round(genMs),
    checkMs: Math.round(checkMs),
    crashes: crashes.map((o) => ({ seed: o.note.seed, error: o.crashed })),
    overall: summarize(overall),
    correct: summarize(correctNotes),
    mutated: summarize(mutatedNotes),
    breakdown: Object.fromEntries([...sections.entries()].map(([s, m]) => [s, Object.fromEntries([...m.entries()].map(([v, g]) => [v, summarize(g)]))])),
  };
  console.log(JSON.stringify(out, null, 2));
  process.exit(0);
}

if (restricted || older) console.log(`${older ? 'older generator only' : ''}${restricted && older ? '; ' : ''}${restricted ? `restricted to ${Object.entries(restrict).map(([d, v]) => `${d}=${v.join('|')}`).join(', ')}${isolate ? ' (isolated: the other added dimensions in their older spelling)' : ''}` : ''}`);
console.log(`eval-generated: ${count} derivations and ${examples.length} worked examples (seed ${seed}; ${correctNotes.notes} correct, ${mutatedNotes.notes} with one planted mistake); generated in ${(genMs / 1000).toFixed(1)} s, checked in ${(checkMs / 1000).toFixed(1)} s (${(checkMs / notes.length).toFixed(1)} ms/note)`);
console.log('recall: must lines flagged; detected: mutated notes with at least one must line flagged; FA: findings on lines outside the key; FAnotes: notes with a false alarm\n');
console.log(header);
console.log(row('ALL', overall));
console.log(row('correct notes', correctNotes));
console.log(row('mutated notes', mutatedNotes));
if (crashes.length) console.log(`checker threw on ${crashes.length} note(s), e.g. seed ${crashes[0]!.note.seed}: ${crashes[0]!.crashed}`);

for (const [section, m] of sections) {
  console.log(`\n${section}`);
  console.log(header);
  for (const [value, g] of [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]))) console.log(row(`  ${value}`, g));
}

const dimRows = [...sections.entries()].filter(([s]) => s.startsWith('dim ')).flatMap(([s, m]) => [...m.entries()].map(([v, g]) => ({ label: `${s.slice(4)}=${v}`, g })));
console.log('\nworst 10 dimension values by recall (at least 10 must lines)');
console.log(header);
for (const { label, g } of dimRows.filter((r) => r.g.mustTotal >= 10).sort((a, b) => recall(a.g) - recall(b.g)).slice(0, 10)) console.log(row(label, g));
console.log('\nworst 10 dimension values by false alarms per 100 notes');
console.log(header);
for (const { label, g } of dimRows.filter((r) => r.g.notes >= 10).sort((a, b) => faRate(b.g) - faRate(a.g)).slice(0, 10)) console.log(row(label, g));

if (verbose) {
  for (const [section, m] of sections) {
    for (const [value, g] of m) {
      if (g.missedExamples.length === 0 && g.falseAlarmExamples.length === 0) continue;
      console.log(`\n=== ${section} = ${value}`);
      for (const o of g.missedExamples) console.log(`  missed must line(s) ${o.missed.join(', ')}:\n${excerpt(o)}`);
      for (const o of g.falseAlarmExamples) console.log(`  false alarm(s):\n${excerpt(o)}`);
    }
  }
}

console.log(`\nrecall ${pct(recall(overall)).trim()} of must lines (${overall.mustHit}/${overall.mustTotal}), ${overall.falseAlarms} false alarm(s) on ${overall.notesWithFalseAlarm} note(s), ${correctNotes.notesWithFalseAlarm}/${correctNotes.notes} correct notes flagged`);
process.exit(0);
