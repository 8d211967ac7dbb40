// The longest steps of `extractMarkdownIncremental` on the bench's inputs, with their index, to see
// which piece of work each one is. Not a test: numbers only.
// Run: npx esbuild scripts/measure/extractionSteps.ts --bundle --platform=node --format=esm --packages=external --outfile=scripts/measure/steps.bundle.mjs && node --expose-gc scripts/measure/steps.bundle.mjs [case]
import { extractMarkdownIncremental, extractMath } from '../../src/core/markdown/index';

const MB10 = 10 * 1024 * 1024;
const cases: Record<string, () => string> = {
  backslashes: () => '\\'.repeat(MB10),
  dollars: () => '$'.repeat(MB10),
  underscores: () => `${'_*['.repeat(MB10 / 3)}$x$`,
  paragraphs: () => 'a $x_i$ b\n\n'.repeat(MB10 / 11),
  crlf: () => 'a $x_i$ b\r\n\r\n'.repeat(MB10 / 13),
  oneParagraph: () => 'a $x_i$ b\n'.repeat(MB10 / 10),
  frontMatter: () => `---\n${'a: 1\n'.repeat(MB10 / 5)}---\n$x$\n`,
};
const which = process.argv.slice(2);
for (const [name, make] of Object.entries(cases)) {
  if (which.length && !which.includes(name)) continue;
  const text = make();
  extractMath('evict');
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  const gen = extractMarkdownIncremental(text);
  const t0 = performance.now();
  let result;
  for (;;) {
    const s0 = performance.now();
    const step = gen.next();
    times.push(performance.now() - s0);
    if (step.done) { result = step.value; break; }
  }
  const total = performance.now() - t0;
  const top = times.map((t, i) => [t, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 6);
  console.log(`${name}: ${times.length} steps, total ${total.toFixed(0)} ms, math ${result.math.length}, unread ${result.unread.length}; longest: ${top.map(([t, i]) => `#${i} ${t.toFixed(1)}`).join(', ')}`);
}
