// The JavaScript path: used when WebAssembly is missing or refused (a webview CSP without
// 'wasm-unsafe-eval' makes compilation throw). It must kick in silently and meet the same bounds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logSoftmax, logSumExp, softmax } from '../../../src/core/numeric';
import { disableKernel, loadKernel } from '../../../src/core/numeric/wasmKernel';
import { decimalReference, normals, ulpError } from './reference';
import { value } from './results';

describe('fallback without WebAssembly', () => {
  test('a WebAssembly that refuses to compile (CSP) is handled silently', () => {
    const original = (globalThis as { WebAssembly?: unknown }).WebAssembly;
    const x = normals(500, 0, 10, 41);
    const withKernel = value(softmax(x));
    try {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = {
        Module: class {
          constructor() {
            throw new Error("CompileError: WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source");
          }
        },
        Instance: class {},
      };
      disableKernel(false); // forget the cached kernel, so the next call tries to compile again
      assert.equal(loadKernel(), undefined);
      const without = value(softmax(x));
      without.forEach((v, i) => assert.ok(Math.abs(v - (withKernel[i] as number)) <= 4.5e-16 * Math.abs(v)));
    } finally {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = original;
      disableKernel(false);
    }
    assert.notEqual(loadKernel(), undefined);
  });

  test('no WebAssembly global at all', () => {
    const original = (globalThis as { WebAssembly?: unknown }).WebAssembly;
    try {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
      disableKernel(false);
      assert.equal(loadKernel(), undefined);
      assert.ok(value(logSumExp(normals(200, 0, 1, 42))) > 0);
    } finally {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = original;
      disableKernel(false);
    }
  });

  test('the JavaScript path meets the accuracy bounds for n = 2000 (N(0,10) and 1000 + N(0,10))', () => {
    disableKernel(true);
    try {
      for (const [mean, seed] of [
        [0, 43],
        [1000, 44],
      ] as const) {
        const x = normals(2000, mean, 10, seed);
        const ref = decimalReference(x);
        value(softmax(x)).forEach((v, i) => assert.ok(ulpError(v, ref.softmax[i]!) <= 3, `softmax ${i}`));
        value(logSoftmax(x)).forEach((v, i) => assert.ok(ulpError(v, ref.logSoftmax[i]!) <= 2, `logSoftmax ${i}`));
        assert.ok(ulpError(value(logSumExp(x)), ref.logSumExp) <= 1);
      }
    } finally {
      disableKernel(false);
    }
  });
});
