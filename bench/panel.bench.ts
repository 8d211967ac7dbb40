// Derivation panel, core side: how long the builder takes for a typical note vector, the heatmap
// for n = 1000, large n, and an "update after a cursor move" (find the vector at the cursor in a
// note, then rebuild). The webview adds KaTeX typesetting on top (see the integration suite's
// renderMs). Run: node --import tsx bench/panel.bench.ts
import { buildDerivation, jacobianHeatmap } from '../src/core/derivation/index';
import { softmax } from '../src/core/numeric/index';
import { findVectorAt } from '../src/core/vectors/index';

function measure(name: string, runs: number, body: () => void): void {
  for (let k = 0; k < Math.min(5, runs); k++) body(); // warm-up
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  console.log(`${name.padEnd(44)} median ${at(0.5).toFixed(3).padStart(9)} ms   p95 ${at(0.95).toFixed(3).padStart(9)} ms   (${runs} runs)`);
}

function logits(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => Math.sin(k * 0.37) * 5 + Math.cos(k * 1.3));
}

const ten = logits(10);
const thousand = logits(1000);
const hundredThousand = logits(100_000);
const s1000 = softmax(thousand);
if (!s1000.ok) throw new Error(s1000.error.message);

measure('buildDerivation n = 10', 500, () => void buildDerivation({ logits: ten, target: { kind: 'index', index: 3 } }));
measure('buildDerivation n = 10, T = 2, ε = 0.1, zh-cn', 500, () => void buildDerivation({ logits: ten, temperature: 2, labelSmoothing: 0.1, locale: 'zh-cn' }));
measure('jacobianHeatmap n = 1000 (256 × 256 grid)', 200, () => void jacobianHeatmap(s1000.value, 1, 256));
measure('jacobianHeatmap n = 1000 (full 1000 × 1000)', 20, () => void jacobianHeatmap(s1000.value, 1, 1000));
measure('buildDerivation n = 1000', 100, () => void buildDerivation({ logits: thousand }));
measure('buildDerivation n = 100000', 10, () => void buildDerivation({ logits: hundredThousand }));

// A note of ~200 lines with a vector every few lines; each "cursor move" lands on another one.
const lines: string[] = [];
for (let k = 0; k < 200; k++) lines.push(k % 4 === 0 ? `v${k} = [${Array.from(logits(10), (x) => x.toFixed(3)).join(', ')}]` : `Some prose about softmax, line ${k}, with $s_i(1 - s_i)$.`);
const note = lines.join('\n');
const offsets = lines.map((_, k) => lines.slice(0, k).join('\n').length + (k > 0 ? 1 : 0) + 8).filter((_, k) => k % 4 === 0);
let move = 0;
measure('cursor move: findVectorAt + build (n = 10)', 500, () => {
  const offset = offsets[move++ % offsets.length] ?? 0;
  const found = findVectorAt(note, offset);
  if (!found) throw new Error('no vector at the cursor');
  void buildDerivation({ logits: found.values });
});
