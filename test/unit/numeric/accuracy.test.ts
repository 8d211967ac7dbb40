// Accuracy of logSumExp / softmax / logSoftmax against arbitrary-precision references
// (decimal.js at 40 digits; for n = 1e6 a double-double accumulated sum, see reference.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logSoftmax, logSumExp, softmax } from '../../../src/core/numeric';
import { disableKernel } from '../../../src/core/numeric/wasmKernel';
import { D, ddAdd, ddExp, ddToDecimal, decimalReference, exact, normals, rng, ulpError, type Dec } from './reference';
import { value as unwrap } from './results';

const SOFTMAX_ULP = 3;
const LOG_SOFTMAX_ULP = 2;
const LSE_ULP = 1;

function worst(values: ArrayLike<number>, refs: readonly Dec[]): { ulp: number; index: number } {
  let w = { ulp: 0, index: -1 };
  for (let i = 0; i < refs.length; i++) {
    const e = ulpError(values[i] as number, refs[i] as Dec);
    if (e > w.ulp) w = { ulp: e, index: i };
  }
  return w;
}

function checkAgainstDecimal(name: string, x: Float64Array, temperature = 1): void {
  const ref = decimalReference(x, temperature);
  const s = unwrap(softmax(x, { temperature }));
  const ls = unwrap(logSoftmax(x, { temperature }));
  const lse = unwrap(logSumExp(x, { temperature }));
  const ws = worst(s, ref.softmax);
  const wl = worst(ls, ref.logSoftmax);
  const we = ulpError(lse, ref.logSumExp);
  assert.ok(ws.ulp <= SOFTMAX_ULP, `${name}: softmax off by ${ws.ulp} ulp at ${ws.index} (x = ${x[ws.index]})`);
  assert.ok(wl.ulp <= LOG_SOFTMAX_ULP, `${name}: logSoftmax off by ${wl.ulp} ulp at ${wl.index} (x = ${x[wl.index]})`);
  assert.ok(we <= LSE_ULP, `${name}: logSumExp off by ${we} ulp`);
}

describe('accuracy against decimal.js (40 digits)', () => {
  test('N(0, 10), n = 1000', () => checkAgainstDecimal('N(0,10)', normals(1000, 0, 10, 1)));
  test('1000 + N(0, 10), n = 1000', () => checkAgainstDecimal('1000+N(0,10)', normals(1000, 1000, 10, 2)));
  test('−1000 + N(0, 10), n = 500', () => checkAgainstDecimal('-1000+N(0,10)', normals(500, -1000, 10, 3)));
  test('N(0, 1), n = 500 and N(0, 100), n = 500', () => {
    checkAgainstDecimal('N(0,1)', normals(500, 0, 1, 4));
    checkAgainstDecimal('N(0,100)', normals(500, 0, 100, 5));
  });
  test('mixed magnitudes (10^−20 … 10^3, both signs)', () => {
    const u = rng(6);
    const x = Float64Array.from({ length: 600 }, () => (u() < 0.5 ? -1 : 1) * 10 ** (-20 + 23 * u()));
    checkAgainstDecimal('mixed', x);
  });
  test('differences at the 1e−300 scale (and subnormal)', () => {
    checkAgainstDecimal('1e-300', normals(300, 0, 1e-300, 7));
    checkAgainstDecimal('1e-310', Float64Array.from(normals(100, 0, 1, 8), (v) => v * 1e-310));
    checkAgainstDecimal('1 + 1e-300', Float64Array.from([1, 1 + 2 ** -52, 1, 1e-300, 0]));
  });
  test('results in the subnormal range', () => {
    checkAgainstDecimal('deep', Float64Array.from([0, -710, -720, -730, -740, -744.5, -700.25, -1, -2]));
  });
  test('with a temperature (T = 0.7 and T = 3.3)', () => {
    checkAgainstDecimal('T=0.7', normals(300, 0, 10, 9), 0.7);
    checkAgainstDecimal('T=3.3', normals(300, 50, 10, 10), 3.3);
  });
  test('classic edge cases: [1000, 1000, 999], [0, −40], one element', () => {
    checkAgainstDecimal('overflow', Float64Array.from([1000, 1000, 999]));
    checkAgainstDecimal('[0,-40]', Float64Array.from([0, -40]));
    checkAgainstDecimal('single', Float64Array.from([-3.25]));
  });
  test('odd and uneven lengths on the kernel path (its tail is finished in JavaScript)', () => {
    for (const [n, seed] of [[64, 30], [65, 31], [67, 32], [999, 33], [1001, 34]] as const) checkAgainstDecimal(`n=${n}`, normals(n, 3, 10, seed));
  });
  test('−∞ entries and results below 2^−1022 on the kernel path; the same on the JavaScript path', () => {
    const u = rng(35);
    const x = Float64Array.from({ length: 301 }, (_, i) => (i % 9 === 4 ? -Infinity : 20 - 760 * u() ** 2));
    x[17] = 20; // the maximum
    const finite = x.filter((v) => v !== -Infinity);
    const ref = decimalReference(finite);
    for (const js of [false, true]) {
      disableKernel(js);
      try {
        const s = unwrap(softmax(x));
        const ls = unwrap(logSoftmax(x));
        let k = 0;
        for (let i = 0; i < x.length; i++) {
          if (x[i] === -Infinity) {
            assert.equal(s[i], 0);
            assert.equal(ls[i], -Infinity);
            continue;
          }
          const es = ulpError(s[i] as number, ref.softmax[k] as Dec);
          const el = ulpError(ls[i] as number, ref.logSoftmax[k] as Dec);
          assert.ok(es <= SOFTMAX_ULP, `${js ? 'JS' : 'kernel'}: softmax[${i}] off by ${es} ulp`);
          assert.ok(el <= LOG_SOFTMAX_ULP, `${js ? 'JS' : 'kernel'}: logSoftmax[${i}] off by ${el} ulp`);
          k++;
        }
        assert.ok(ulpError(unwrap(logSumExp(x)), ref.logSumExp) <= LSE_ULP);
      } finally {
        disableKernel(false);
      }
    }
  });
  test('2000 short random vectors (n = 2 … 8), logits in [−20, 5]', () => {
    const u = rng(11);
    for (let k = 0; k < 2000; k++) {
      const n = 2 + Math.floor(u() * 7);
      const x = Float64Array.from({ length: n }, () => -20 + 25 * u());
      checkAgainstDecimal(`short #${k}`, x);
    }
  });
});

describe('accuracy for large n (double-double reference)', () => {
  for (const [name, mean, n] of [
    ['N(0, 10)', 0, 1_000_000],
    ['1000 + N(0, 10)', 1000, 200_000],
  ] as const) {
    test(`${name}, n = ${n}: 2000 sampled components, logSumExp exact`, () => {
      const x = normals(n, mean, 10, 12 + mean);
      let m = -Infinity;
      for (const v of x) if (v > m) m = v;
      // Exactly accumulated S = Σ e^{x_i − m}: x_i − m as a double-double, each exponential in double-double.
      let s: [number, number] = [0, 0];
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        const d = v - m;
        const bb = d - v;
        const dl = v - (d - bb) + (-m - bb);
        s = ddAdd(s, ddExp(d, dl));
      }
      const sDec = ddToDecimal(s);
      const logS = sDec.ln();
      const sm = unwrap(softmax(x));
      const ls = unwrap(logSoftmax(x));
      const lse = unwrap(logSumExp(x));
      assert.ok(ulpError(lse, exact(m).plus(logS)) <= LSE_ULP, `logSumExp off by ${ulpError(lse, exact(m).plus(logS))} ulp`);
      const u = rng(99);
      for (let k = 0; k < 2000; k++) {
        const i = Math.floor(u() * n);
        const d = exact(x[i] as number).minus(exact(m));
        const refS = d.exp().div(sDec);
        const refL = d.minus(logS);
        const es = ulpError(sm[i] as number, refS);
        const el = ulpError(ls[i] as number, refL);
        assert.ok(es <= SOFTMAX_ULP, `softmax[${i}] off by ${es} ulp`);
        assert.ok(el <= LOG_SOFTMAX_ULP, `logSoftmax[${i}] off by ${el} ulp`);
      }
    });
  }
  test('the reference exponential agrees with decimal.js to 1e−24', () => {
    const u = rng(13);
    for (let k = 0; k < 300; k++) {
      const x = -650 * u(); // below ≈ −650 the low part of the reference would be subnormal
      const ref = exact(x).exp();
      const rel = ddToDecimal(ddExp(x)).minus(ref).abs().div(ref).toNumber();
      assert.ok(rel < 1e-24, `ddExp(${x}) relative error ${rel}`);
    }
    assert.equal(new D(1).toString(), '1');
  });
});
