/**
 * Speed of the numeric core: `node --import tsx bench/numeric.bench.ts`.
 *
 * Prints ns per element (best of several runs, CPU time of the process) for softmax at n = 1e3, 1e5, 1e6, 1e7:
 * this core (WebAssembly SIMD kernel, and its JavaScript fallback), a plain `Math.exp` loop, and —
 * when /usr/bin/python3 has them — scipy.special.softmax and torch.softmax (one thread) on the same
 * data (passed through a temporary binary file), with the ratio of each to this core; then the batched
 * case (1e4 × 1000 rows), cross-entropy with gradient, and the peak RSS of a process that computes the
 * softmax of n = 1e7 logits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Decimal from 'decimal.js';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crossEntropyBatch, logSoftmax, logSumExp, softmax, softmaxRows } from '../src/core/numeric/index';
import { disableKernel, kernelBytes, loadKernel } from '../src/core/numeric/wasmKernel';

const PYTHON = '/usr/bin/python3';
const COMPARE = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'numeric', 'compare.py');

function logits(n: number, seed: number): Float64Array {
  // N(0, 10) logits from a small xorshift generator (Box–Muller), reproducible
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 10 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return x;
}

/**
 * Best-of-`runs` CPU time (user + system of this process) in ns per element, each run repeating `f`
 * enough times to last ≳ 20 ms. CPU time rather than wall clock because the machines this runs on
 * are shared: time-slicing by other processes then does not count (cache and core sharing still do).
 */
function time(n: number, f: () => void, runs = 5): number {
  f();
  const reps = Math.max(1, Math.ceil(2e7 / (n * 8)));
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    for (let k = 0; k < reps; k++) f();
    const used = process.cpuUsage(start);
    best = Math.min(best, ((used.user + used.system) * 1000) / reps / n);
  }
  return best;
}

function plainSoftmax(x: Float64Array, out: Float64Array): void {
  const n = x.length;
  let m = -Infinity;
  for (let i = 0; i < n; i++) if ((x[i] as number) > m) m = x[i] as number;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((x[i] as number) - m);
    out[i] = e;
    s += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / s;
}

interface PythonTimes {
  scipy: number | null;
  torch: number | null;
  torch_ce: number | null;
}

function python(
  x: Float64Array,
  rows: number,
  cols: number,
  repeats: number,
  values?: { scipy?: Float64Array; torch?: Float64Array },
): PythonTimes | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-lens-bench-'));
  try {
    const file = join(dir, 'x.f64');
    writeFileSync(file, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    const args = [COMPARE, file, String(rows), String(cols), String(repeats), ...(values ? ['values'] : [])];
    const r = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) return undefined;
    if (values) {
      const read = (suffix: string): Float64Array | undefined =>
        existsSync(file + suffix) ? new Float64Array(new Uint8Array(readFileSync(file + suffix)).buffer) : undefined;
      values.scipy = read('.scipy');
      values.torch = read('.torch');
    }
    return JSON.parse(r.stdout) as PythonTimes;
  } catch (_error) {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(2));
const ratio = (other: number | null | undefined, ours: number): string => (other === null || other === undefined ? '—' : `${(other / ours).toFixed(2)}×`);

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
}

function rssChild(): void {
  const n = 10_000_000;
  const before = process.memoryUsage().rss;
  const x = logits(n, 7);
  const out = new Float64Array(n);
  const r = softmax(x, { out });
  const after = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ok: r.ok, baseline: before, peak: after, input: x.byteLength }));
}

function main(): void {
  if (process.argv.includes('--rss-child')) return rssChild();
  const kernel = loadKernel() !== undefined;
  console.log(`Softmax Lens numeric core — node ${process.version}, WebAssembly SIMD kernel: ${kernel ? `yes (${kernelBytes().length} bytes)` : 'no (JavaScript path)'}`);
  console.log(`load average ${loadAverage()} (2 cores shared: CPU time is reported, but caches and memory bandwidth are shared too)`);
  console.log('softmax, ns per element (best of 5, CPU time; lower is better); ratio = other ÷ core (> 1: core is faster)\n');
  const head = ['n', 'core', 'core (JS)', 'Math.exp loop', 'scipy', 'torch', 'vs loop', 'vs scipy', 'vs torch'];
  const widths = [8, 8, 10, 14, 8, 8, 8, 9, 9];
  console.log(pad(head, widths));
  for (const n of [1e3, 1e5, 1e6, 1e7]) {
    const x = logits(n, n);
    const out = new Float64Array(n);
    const runs = n >= 1e7 ? 3 : 5;
    const core = time(n, () => softmax(x, { out }), runs);
    disableKernel(true);
    const js = time(n, () => softmax(x, { out }), runs);
    disableKernel(false);
    const plain = time(n, () => plainSoftmax(x, out), runs);
    const py = python(x, 1, n, runs);
    console.log(
      pad(
        [n.toExponential(0), fmt(core), fmt(js), fmt(plain), fmt(py?.scipy), fmt(py?.torch), ratio(plain, core), ratio(py?.scipy, core), ratio(py?.torch, core)],
        widths,
      ),
    );
  }

  console.log('\nother functions, n = 1e6, ns per element');
  {
    const n = 1e6;
    const x = logits(n, 3);
    const out = new Float64Array(n);
    console.log(`  logSoftmax  ${fmt(time(n, () => logSoftmax(x, { out })))}`);
    console.log(`  logSumExp   ${fmt(time(n, () => logSumExp(x)))}`);
  }

  console.log('\nbatched 1e4 × 1000 (softmax along the last axis) and cross-entropy with gradient, ns per element');
  {
    const rows = 10_000;
    const cols = 1000;
    const x = logits(rows * cols, 11);
    const out = new Float64Array(rows * cols);
    const targets = Array.from({ length: rows }, (_, i) => (i * 37) % cols);
    const batched = time(rows * cols, () => softmaxRows(x, rows, cols, { out }), 3);
    const ce = time(rows * cols, () => crossEntropyBatch(x, rows, cols, targets), 3);
    const py = python(x, rows, cols, 3);
    console.log(pad(['', 'core', 'scipy', 'torch', 'vs scipy', 'vs torch'], [26, 8, 8, 8, 9, 9]));
    console.log(pad(['softmax rows', fmt(batched), fmt(py?.scipy), fmt(py?.torch), ratio(py?.scipy, batched), ratio(py?.torch, batched)], [26, 8, 8, 8, 9, 9]));
    console.log(pad(['cross-entropy + gradient', fmt(ce), '—', fmt(py?.torch_ce), '—', ratio(py?.torch_ce, ce)], [26, 8, 8, 8, 9, 9]));
  }

  accuracy();

  console.log('\nmemory: softmax of n = 1e7 in a fresh process');
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, '--rss-child'], { encoding: 'utf8' });
  try {
    const m = JSON.parse(child.stdout) as { baseline: number; peak: number; input: number };
    const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(`  input ${mb(m.input)}, process before ${mb(m.baseline)}, peak RSS ${mb(m.peak)} = baseline + ${((m.peak - m.baseline) / m.input).toFixed(2)} × input`);
  } catch (_error) {
    console.log(`  (could not measure: ${child.stderr.trim().split('\n')[0] ?? 'no output'})`);
  }
  if (!existsPython()) console.log('\n(/usr/bin/python3 not found: scipy/torch columns are empty)');
}

/** Largest error in ulps of softmax outputs against a 40-digit decimal.js reference. */
function accuracy(): void {
  const n = 10_000;
  const x = logits(n, 5);
  const D = Decimal.clone({ precision: 40 });
  let m = -Infinity;
  for (const v of x) m = Math.max(m, v);
  // exact binary values of the doubles (Decimal(x) alone would use the shortest decimal string)
  const exactOf = (v: number): Decimal => {
    const bits = new DataView(new Float64Array([v]).buffer);
    const hi = bits.getUint32(4, true);
    const lo = bits.getUint32(0, true);
    const e = (hi >>> 20) & 0x7ff;
    const mant = (hi & 0xfffff) * 4294967296 + lo + (e === 0 ? 0 : 4503599627370496);
    const val = new D(mant).times(new D(2).pow(e === 0 ? -1074 : e - 1075));
    return v < 0 ? val.neg() : val;
  };
  const em = exactOf(m);
  const e = Array.from(x, (v) => exactOf(v).minus(em).exp());
  const total = e.reduce((a, b) => a.plus(b), new D(0));
  const ref = e.map((v) => v.div(total));
  const worst = (y: Float64Array | undefined): string => {
    if (y === undefined || y.length !== n) return '—';
    let w = 0;
    ref.forEach((r, i) => {
      const rv = r.toNumber();
      const ulp = rv < 2.2250738585072014e-308 ? 5e-324 : 2 ** (Math.floor(Math.log2(rv)) - 52);
      w = Math.max(w, exactOf(y[i] as number).minus(r).abs().div(ulp).toNumber());
    });
    return w.toFixed(2);
  };
  const ours = softmax(x);
  const values: { scipy?: Float64Array; torch?: Float64Array } = {};
  python(x, 1, n, 1, values);
  disableKernel(true);
  const oursJs = softmax(x);
  disableKernel(false);
  const plain = new Float64Array(n);
  plainSoftmax(x, plain);
  console.log(`\naccuracy: softmax of n = ${n} N(0, 10) logits, largest error in ulp against 40-digit decimal.js`);
  console.log(`  core ${worst(ours.ok ? ours.value : undefined)}   core (JS) ${worst(oursJs.ok ? oursJs.value : undefined)}   Math.exp loop ${worst(plain)}   scipy ${worst(values.scipy)}   torch ${worst(values.torch)}`);
}

function loadAverage(): string {
  return loadavg().map((v) => v.toFixed(2)).join(', ');
}

function existsPython(): boolean {
  return spawnSync(PYTHON, ['-c', 'pass']).status === 0;
}

main();
