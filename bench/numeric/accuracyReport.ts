/**
 * Largest errors (in ulps, against 40-digit decimal.js) of softmax, log-softmax and log-sum-exp on the
 * distributions the unit tests use: `node --import tsx bench/numeric/accuracyReport.ts`.
 * (The tests assert the bounds; this prints how far below them the core stays.)
 */
import { logSoftmax, logSumExp, softmax } from '../../src/core/numeric/index';
import { disableKernel } from '../../src/core/numeric/wasmKernel';
import { decimalReference, normals, rng, ulpError } from '../../test/unit/numeric/reference';

function worst(x: Float64Array, temperature = 1): [number, number, number] {
  const ref = decimalReference(x, temperature);
  const s = softmax(x, { temperature });
  const l = logSoftmax(x, { temperature });
  const e = logSumExp(x, { temperature });
  if (!s.ok || !l.ok || !e.ok) return [NaN, NaN, NaN];
  let ws = 0;
  let wl = 0;
  s.value.forEach((v, i) => (ws = Math.max(ws, ulpError(v, ref.softmax[i]!))));
  l.value.forEach((v, i) => (wl = Math.max(wl, ulpError(v, ref.logSoftmax[i]!))));
  return [ws, wl, ulpError(e.value, ref.logSumExp)];
}

const u = rng(6);
const cases: [string, () => Float64Array, number?][] = [
  ['N(0,10), n=2000', () => normals(2000, 0, 10, 1)],
  ['1000+N(0,10), n=2000', () => normals(2000, 1000, 10, 2)],
  ['-1000+N(0,10), n=500', () => normals(500, -1000, 10, 3)],
  ['N(0,1), n=500', () => normals(500, 0, 1, 4)],
  ['N(0,100), n=500', () => normals(500, 0, 100, 5)],
  ['mixed 1e-20..1e3, n=600', () => Float64Array.from({ length: 600 }, () => (u() < 0.5 ? -1 : 1) * 10 ** (-20 + 23 * u()))],
  ['1e-300 scale, n=300', () => normals(300, 0, 1e-300, 7)],
  ['1e-310 scale, n=100', () => Float64Array.from(normals(100, 0, 1, 8), (v) => v * 1e-310)],
  ['subnormal results', () => Float64Array.from([0, -710, -720, -730, -740, -744.5, -700.25, -1, -2])],
  ['deep (down to -745), n=200', () => Float64Array.from({ length: 200 }, () => -745 * u() ** 3)],
  ['T=0.7, N(0,10), n=300', () => normals(300, 0, 10, 9), 0.7],
  ['T=3.3, 50+N(0,10), n=300', () => normals(300, 50, 10, 10), 3.3],
  ['[1000, 1000, 999]', () => Float64Array.from([1000, 1000, 999])],
  ['[0, -40]', () => Float64Array.from([0, -40])],
];
for (const js of [false, true]) {
  disableKernel(js);
  console.log(js ? '\nJavaScript path' : 'WebAssembly path (n ≥ 64; smaller rows use JavaScript)');
  for (const [name, make, temperature] of cases) {
    const [s, l, e] = worst(make(), temperature);
    console.log(`  ${name.padEnd(26)} softmax ${s.toFixed(2)}  logSoftmax ${l.toFixed(2)}  logSumExp ${e.toFixed(2)}`);
  }
  let ws = 0;
  let wl = 0;
  let we = 0;
  const r = rng(11);
  for (let k = 0; k < 3000; k++) {
    const n = 2 + Math.floor(r() * 7);
    const [s, l, e] = worst(Float64Array.from({ length: n }, () => -20 + 25 * r()));
    ws = Math.max(ws, s);
    wl = Math.max(wl, l);
    we = Math.max(we, e);
  }
  console.log(`  ${'3000 short (n=2..8)'.padEnd(26)} softmax ${ws.toFixed(2)}  logSoftmax ${wl.toFixed(2)}  logSumExp ${we.toFixed(2)}`);
}
