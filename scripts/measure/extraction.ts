// Measures extractMath on pathological and realistic notes: wall time and peak RSS, one case per
// process (so one case's heap cannot inflate the next's peak). Not a test: numbers only.
// Run: node --import tsx scripts/measure/extraction.ts [case]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extractMath } from '../../src/core/markdown/index';
import { noteOfLines } from '../../bench/lib/longNote';

const MB10 = 10 * 1024 * 1024;

const cases: Record<string, () => string> = {
  backslashes: () => '\\'.repeat(MB10),
  dollars: () => '$'.repeat(MB10),
  underscoreStarBracket: () => '_*['.repeat(Math.ceil(MB10 / 3)),
  note10k: () => noteOfLines(10_000),
};

const which = process.argv[2];
if (which) {
  const text = cases[which]!();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  timer.unref();
  const t0 = performance.now();
  const spans = extractMath(text);
  const ms = performance.now() - t0;
  clearInterval(timer);
  // The interval cannot fire during the synchronous call: the kernel's high-water mark can.
  const status = readFileSync('/proc/self/status', 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  console.log(`${which.padEnd(22)} ${(text.length / 1e6).toFixed(2).padStart(6)} M chars  ${ms.toFixed(0).padStart(6)} ms  peak RSS ${hwm.toFixed(0).padStart(5)} MB (before ${(rss0 / 1048576).toFixed(0)} MB)  spans ${spans.length}`);
} else {
  for (const name of Object.keys(cases)) {
    spawnSync(process.execPath, ['--import', 'tsx', process.argv[1]!, name], { stdio: 'inherit' });
  }
}
