// Benchmarks of the derivation checker (timing lives here, never in tests).
// Run: node --import tsx bench/checker.bench.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMarkdown, checkMarkdownIncremental } from '../src/core/checker/index';
import { clearParseCache } from '../src/core/latex/parse';
import { extractMarkdownIncremental, extractMath } from '../src/core/markdown/index';
import { fixtureCorpus, noteOfLines as longNote, notesDir } from './lib/longNote';

const userNote = readFileSync(join(notesDir, 'user-note-softmax.md'), 'utf8');
const corpus = fixtureCorpus();

const noteOfLines = (lines: number): string => longNote(lines, corpus);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time; the CPU time of the same runs is kept in `lastCpu` (the machine may be shared). */
let lastCpu = 0;
function time(f: () => void, runs: number): number {
  const out: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    out.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  lastCpu = median(cpu);
  return median(out);
}

// Warm up the JIT and KaTeX.
checkMarkdown(userNote);
checkMarkdown(corpus);

const userCold = time(() => {
  clearParseCache();
  checkMarkdown(userNote);
}, 20);
console.log(`user note (${userNote.split('\n').length} lines), cold (no parse cache): ${userCold.toFixed(2)} ms wall, ${lastCpu.toFixed(2)} ms CPU, median of 20 (target ≤ 20 ms)`);
const user = time(() => checkMarkdown(userNote), 20);
console.log(`user note, re-check after an edit (parse cache warm): ${user.toFixed(2)} ms wall, ${lastCpu.toFixed(2)} ms CPU`);

console.log('lines    wall ms  CPU ms  ms/1k lines  timedOut  steps');
for (const lines of [1_000, 2_000, 5_000, 10_000]) {
  const md = noteOfLines(lines);
  let stats = checkMarkdown(md, { timeBudgetMs: 60_000 }).stats;
  const ms = time(() => {
    clearParseCache();
    stats = checkMarkdown(md, { timeBudgetMs: 60_000 }).stats;
  }, 3);
  console.log(`${String(lines).padEnd(8)} ${ms.toFixed(0).padStart(7)}  ${lastCpu.toFixed(0).padStart(6)}  ${((ms / lines) * 1000).toFixed(1).padStart(11)}  ${String(stats.timedOut).padEnd(8)}  ${stats.steps}`);
}

// Longest synchronous slice of the incremental form on a 2,000-line note (what blocks the extension host).
const md2k = noteOfLines(2_000);
clearParseCache();
let longest = 0;
let slices = 0;
const gen = checkMarkdownIncremental(md2k, { timeBudgetMs: 60_000 });
for (;;) {
  const t0 = performance.now();
  const step = gen.next();
  const dt = performance.now() - t0;
  if (dt > longest) longest = dt;
  slices++;
  if (step.done) break;
}
console.log(`2,000-line note, incremental: ${slices} slices, longest ${longest.toFixed(2)} ms (target ≤ 50 ms)`);

// Markdown extraction, step by step as the editor runs it: the longest single step (what would
// block the extension host) and the total. A 10 MB paragraph is refused by its size, not parsed.
console.log('extraction (incremental)      steps  longest step ms  total ms  unread blocks');
const MB10 = 10 * 1024 * 1024;
for (const [name, text] of [
  ['10 MB of \\', '\\'.repeat(MB10)],
  ['10 MB of $', '$'.repeat(MB10)],
  ['10 MB of _*[ and $x$', `${'_*['.repeat(MB10 / 3)}$x$`],
  ['10 MB, 1.2M paragraphs', 'a $x_i$ b\n\n'.repeat(MB10 / 11)],
  ['10 MB, CRLF paragraphs', 'a $x_i$ b\r\n\r\n'.repeat(MB10 / 13)],
  ['10 MB, one 1M-line paragraph', 'a $x_i$ b\n'.repeat(MB10 / 10)],
  ['10 MB of front matter', `---\n${'a: 1\n'.repeat(MB10 / 5)}---\n$x$\n`],
  ['10,000-line note', noteOfLines(10_000)],
] as const) {
  extractMath('evict the one-note cache');
  let steps = 0;
  let longestStep = 0;
  let unread = 0;
  const t0 = performance.now();
  const extraction = extractMarkdownIncremental(text);
  for (;;) {
    const s0 = performance.now();
    const step = extraction.next();
    longestStep = Math.max(longestStep, performance.now() - s0);
    if (step.done) {
      unread = step.value.unread.length;
      break;
    }
    steps++;
  }
  const total = performance.now() - t0;
  console.log(`${name.padEnd(28)} ${String(steps).padStart(7)}  ${longestStep.toFixed(1).padStart(15)}  ${total.toFixed(0).padStart(8)}  ${String(unread).padStart(13)}`);
}
