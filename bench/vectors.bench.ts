/**
 * Benchmarks of the vectors core. Run: `node --import tsx bench/vectors.bench.ts`.
 * Targets (issue 4): hover on a 1,000-element vector ≤ 2 ms in the core; a 1e6-element selection
 * parsed and evaluated in well under a second.
 */
import { performance } from 'node:perf_hooks';
import { analyzeVector, findVectorAt, findVectorsInRange, formatVector, hoverMarkdown, palettes, parseVector, parseVectorInSteps, statusText, type VectorStyle } from '../src/core/vectors';

function time<T>(label: string, runs: number, fn: () => T): T {
  let result = fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? NaN;
  const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))] ?? NaN;
  console.log(`${label.padEnd(58)} median ${median.toFixed(3).padStart(9)} ms   p95 ${p95.toFixed(3).padStart(9)} ms   (${runs} runs)`);
  return result;
}

function randomLogits(n: number, seed = 1): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push(Number(((s / 2147483648) * 20 - 10).toFixed(4)));
  }
  return out;
}

// Hover on a 1,000-element vector inside a Python file: find + summarise + render markdown/SVG.
const thousand = formatVector(randomLogits(1000), 'python');
const doc = `import numpy as np\n\n# logits from the last layer\nlogits = np.array(${thousand})\nprint(logits)\n`;
const hoverOffset = doc.indexOf(thousand) + Math.floor(thousand.length / 2);
time('hover, 1,000-element vector (find + analyse + markdown)', 200, () => {
  const v = findVectorAt(doc, hoverOffset);
  if (!v) throw new Error('no vector');
  const a = analyzeVector(v, { temperature: 1 });
  if (!a.ok) throw new Error(a.error.message);
  return hoverMarkdown(a.value, { digits: 4, maxElements: 64, palette: palettes.dark, panelLink: 'command:softmaxLens.openDerivationPanel' });
});
time('hover, 64-element vector (full table + bar chart)', 500, () => {
  const text = `x = ${formatVector(randomLogits(64), 'python')}`;
  const v = findVectorAt(text, 10);
  if (!v) throw new Error('no vector');
  const a = analyzeVector(v);
  if (!a.ok) throw new Error(a.error.message);
  return hoverMarkdown(a.value, { digits: 4, maxElements: 64, palette: palettes.light });
});
time('status bar text, 1,000-element vector', 200, () => {
  const v = findVectorAt(doc, hoverOffset);
  const a = v && analyzeVector(v, { jacobianLimit: 0 });
  return a && a.ok ? statusText(a.value) : '';
});
time('findVectorAt on prose with no vector (100 kB)', 100, () => {
  const prose = 'The softmax of the logits gives the probabilities of the classes. '.repeat(1500);
  return findVectorAt(prose, prose.length - 10);
});

// A 1e6-element selection in several styles.
const million = randomLogits(1_000_000);
for (const style of ['python', 'numpy-print', 'torch-print', 'plain'] as VectorStyle[]) {
  const text = formatVector(million, style);
  const parsed = time(`parseVector, 1e6 elements, ${style} (${(text.length / 1e6).toFixed(1)} MB)`, 5, () => parseVector(text));
  if (!parsed.ok || parsed.value.values.length !== 1_000_000) throw new Error(`parse failed for ${style}`);
}
const millionText = formatVector(million, 'python');
time('findVectorsInRange, 1e6-element selection', 5, () => findVectorsInRange(millionText, 0, millionText.length));
time('parse + analyse, 1e6 elements (the Evaluate command core)', 5, () => {
  const v = parseVector(millionText);
  if (!v.ok) throw new Error(v.error.message);
  const a = analyzeVector(v.value, { jacobianLimit: 64 });
  if (!a.ok) throw new Error(a.error.message);
  return a.value.rows[0]?.argmax;
});

// The Evaluate command parses large selections in steps: the longest single step is what blocks.
{
  for (let round = 0; round < 3; round++) {
    const steps = parseVectorInSteps(millionText, 65536);
    let longest = 0;
    let count = 0;
    const start = performance.now();
    for (;;) {
      const t0 = performance.now();
      const next = steps.next();
      longest = Math.max(longest, performance.now() - t0);
      count++;
      if (next.done) break;
    }
    console.log(`${'parseVectorInSteps, 1e6 elements, 65,536 per step'.padEnd(58)} total ${(performance.now() - start).toFixed(1).padStart(8)} ms   longest step ${longest.toFixed(1)} ms   (${count} steps)`);
  }
}
