// The derivation panel in a real browser (Debian's Chromium through playwright-core): the built
// webview bundle under the host's CSP, driven by the same messages the extension host sends
// (src/extension/panel/derivationPanel.ts: `ready` → `state`, then `source` on each cursor move).
// Times come from performance.now() inside the page; "painted" adds the next frame. No assertions.
// Run: node --import tsx bench/panelBrowser.bench.ts   (builds first)
// Options: --runs N (default 12, at least 10); --dist DIR measures another build's dist/ without
// building; --compare DIR measures DIR's build too, alternating run by run with the first (so both
// see the same machine load), e.g. an older version's dist/ for before/after numbers;
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { initialPanelState, toWire, type PanelState, type RenderSummary } from '../src/core/panel/protocol';
import { benchHtml, harnessScript } from './panel/page';
import { startPanelServer, type PanelServer } from './panel/server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const distDir = option('--dist');
const compareDir = option('--compare');
const runs = Math.max(10, runsArg >= 0 ? Number(process.argv[runsArg + 1]) || 10 : 12);

interface FirstRender {
  scriptLoaded: number;
  scriptStart: number;
  readyAt: number;
  renderedAt: number;
  /** NaN when the panel sets no 'softmax-lens:first-screen' mark (before the sliced render). */
  firstScreenAt: number;
  /** The same from the `rendered` summary's firstPaintMs, which every build reports. */
  reportedFirstScreenAt: number;
  paintedAt: number;
  /** The page's first-contentful-paint entry (the controls' and prose's text on screen). */
  firstContentfulPaint: number;
  /** When KaTeX_Main-Regular and KaTeX_Math-Italic had both arrived. */
  mathFontsAt: number;
  longestTask: number;
  katexMainLoaded: boolean;
  cspViolations: number;
  /** KaTeX font files the page fetched, as `name@start-ms`. */
  fontFiles: string[];
}
interface Delivered {
  ms: number;
  firstScreenMs: number;
  paintedMs: number;
  longestTask: number;
  summary: RenderSummary;
}

/** Logits like a note's: mixed signs, a few decimals; `seed` makes each cursor move a new vector. */
function logits(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.round((Math.sin(k * 0.37 + seed) * 4 + Math.cos(k * 1.3 + seed * 0.7)) * 1000) / 1000);
}

function stateWith(values: number[]): PanelState {
  return { ...initialPanelState('en'), logits: values, origin: 'editor', sourceLabel: 'note.md:12', sourceUri: 'file:///note.md' };
}

function sourceMessage(values: number[]): unknown {
  return toWire({ type: 'source', logits: values, sourceLabel: 'note.md:30', sourceUri: 'file:///note.md' });
}

async function openPanel(browser: Browser, server: PanelServer, initial: PanelState): Promise<{ page: Page; first: FirstRender; close: () => Promise<void> }> {
  // A fresh context per panel: no HTTP or code cache carried over, like a newly opened webview.
  const context = await browser.newContext({ viewport: { width: 700, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.addInitScript(harnessScript.replace('__INITIAL__', JSON.stringify(toWire({ type: 'state', state: initial }))));
  server.setHtml(benchHtml(server.origin, 'vscode-light'));
  await page.goto(`${server.origin}/`);
  const first = (await page.evaluate('window.__bench.first()')) as FirstRender;
  if (errors.length > 0) console.log(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
  return { page, first, close: () => context.close() };
}

function stats(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

/** Measurements by metric, for each build measured (side by side when comparing). */
class Table {
  private readonly rows = new Map<string, { target: string; byBuild: Map<string, number[]> }>();
  add(metric: string, target: string, build: string, value: number): void {
    const row = this.rows.get(metric) ?? { target, byBuild: new Map<string, number[]>() };
    this.rows.set(metric, row);
    const values = row.byBuild.get(build) ?? [];
    row.byBuild.set(build, values);
    if (Number.isFinite(value)) values.push(value);
  }
  print(): void {
    for (const [metric, row] of this.rows) {
      for (const [build, values] of row.byBuild) {
        const name = row.byBuild.size > 1 ? `${metric} [${build}]` : metric;
        if (values.length === 0) {
          console.log(`${name.padEnd(58)} not measured`);
          continue;
        }
        const s = stats(values);
        console.log(`${name.padEnd(58)} median ${s.median.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   max ${s.max.toFixed(1).padStart(7)} ms   target ${row.target.padEnd(9)} (${values.length} runs)`);
      }
    }
  }
}

interface Build {
  readonly label: string;
  readonly server: PanelServer;
}

async function measureFirstRenders(browser: Browser, builds: readonly Build[], table: Table): Promise<void> {
  let violations = 0;
  let pages = 0;
  let fontsLoaded = 0;
  let lastFonts: string[] = [];
  for (const build of builds) await (await openPanel(browser, build.server, stateWith(logits(10, 99)))).close(); // warm-up
  for (let k = 0; k < runs; k++) {
    for (const build of builds) {
      const panel = await openPanel(browser, build.server, stateWith(logits(10, k)));
      const f = panel.first;
      const screenAt = Number.isFinite(f.firstScreenAt) ? f.firstScreenAt : f.reportedFirstScreenAt;
      table.add('first render n=10: script loaded → first screen', '≤ 100 ms', build.label, screenAt - f.scriptLoaded);
      table.add('first render n=10: script start → first screen', '≤ 100 ms', build.label, screenAt - f.scriptStart);
      table.add('first render n=10: script start → first contentful paint', '—', build.label, f.firstContentfulPaint - f.scriptStart);
      // Math on screen: the first paint with content, once the faces it needs are there too.
      table.add('first render n=10: script start → FCP and math fonts', '—', build.label, Math.max(f.firstContentfulPaint, f.mathFontsAt) - f.scriptStart);
      table.add('first render n=10: script start → all rendered', '—', build.label, f.renderedAt - f.scriptStart);
      table.add('first render n=10: script start → all painted', '—', build.label, f.paintedAt - f.scriptStart);
      table.add('first render n=10: longest task (0: none over 50 ms)', '—', build.label, f.longestTask);
      violations += f.cspViolations;
      pages++;
      if (f.katexMainLoaded) fontsLoaded++;
      lastFonts = f.fontFiles;
      await panel.close();
    }
  }
  table.print();
  console.log(`  fonts fetched by the last page: ${lastFonts.join(' ')}`);
  console.log(`  KaTeX_Main loaded in ${fontsLoaded}/${pages} pages; CSP violations: ${violations}`);
}

async function measureUpdates(browser: Browser, builds: readonly Build[], table: Table): Promise<void> {
  const panels = await Promise.all(builds.map(async (build) => ({ build, panel: await openPanel(browser, build.server, stateWith(logits(10, 0))) })));
  const deliver = (page: Page, message: unknown): Promise<Delivered> => page.evaluate(`window.__bench.deliver(${JSON.stringify(message)})`) as Promise<Delivered>;
  const each = async (body: (page: Page, label: string) => Promise<void>): Promise<void> => {
    for (const { build, panel } of panels) await body(panel.page, build.label);
  };
  let heatmap = '';
  await each(async (page) => {
    for (let k = 0; k < 3; k++) await deliver(page, sourceMessage(logits(10, 50 + k))); // warm-up
  });
  for (let k = 0; k < Math.max(runs, 20); k++) {
    await each(async (page, label) => {
      const d = await deliver(page, sourceMessage(logits(10, k + 1)));
      table.add('update after a cursor move (n=10)', '≤ 30 ms', label, d.ms);
      table.add('update after a cursor move (n=10) → painted', '—', label, d.paintedMs);
    });
  }
  for (let k = 0; k < runs; k++) {
    await each(async (page, label) => {
      await deliver(page, sourceMessage(logits(10, k)));
      const d = await deliver(page, sourceMessage(logits(1000, k)));
      table.add('n=1000 heatmap (from n=10)', '≤ 200 ms', label, d.ms);
      table.add('n=1000 heatmap → painted', '—', label, d.paintedMs);
      heatmap = `heatmap ${d.summary.heatmapSize}², downsampled ${d.summary.heatmapDownsampled}, ${d.summary.katexCount} formulas`;
    });
  }
  for (let k = 0; k < runs; k++) {
    await each(async (page, label) => {
      await deliver(page, sourceMessage(logits(10, k)));
      const d = await deliver(page, sourceMessage(logits(100_000, k)));
      table.add('n=1e5 (from n=10)', 'no freeze', label, d.ms);
      table.add('n=1e5 → first screen', '—', label, d.firstScreenMs);
      table.add('n=1e5 → painted', '—', label, d.paintedMs);
      table.add('n=1e5 longest task (0: none over 50 ms)', '—', label, d.longestTask);
    });
  }
  table.print();
  console.log(`  n=1000: ${heatmap}`);
  for (const { panel } of panels) await panel.close();
}

async function main(): Promise<void> {
  if (distDir === undefined) {
    // The production build: minified, as the .vsix ships it (a development bundle takes longer to parse).
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('bench: the build failed');
  }
  const builds: Build[] = [{ label: 'this build', server: await startPanelServer(distDir ?? join(root, 'dist')) }];
  if (compareDir !== undefined) builds.push({ label: compareDir, server: await startPanelServer(compareDir) });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Chromium ${browser.version()}; ${builds.map((b) => b.label).join(' vs ')}; ${runs} runs each; load average at start ${load()}`);
  try {
    await measureFirstRenders(browser, builds, new Table());
    await measureUpdates(browser, builds, new Table());
  } finally {
    await browser.close();
    for (const build of builds) await build.server.close();
  }
  console.log(`load average at end ${load()} (${cpus().length} CPUs)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
