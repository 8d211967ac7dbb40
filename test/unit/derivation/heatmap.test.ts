import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockOf, blockStart, colorFor, describeHeatmapCell, jacobianHeatmap, parseColor } from '../../../src/core/derivation/index';
import { softmax, softmaxJacobian } from '../../../src/core/numeric/index';

function probabilities(n: number, seed: number): Float64Array {
  let x = seed;
  const logits = Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648) * 12 - 6;
  });
  const s = softmax(logits);
  assert.ok(s.ok);
  return s.value;
}

describe('jacobianHeatmap', () => {
  test('at full resolution every cell is the exact entry diag(s) − s sᵀ, divided by T', () => {
    const s = probabilities(17, 7);
    const dense = softmaxJacobian(s);
    const grid = jacobianHeatmap(s, 2, 256);
    assert.equal(grid.size, 17);
    assert.equal(grid.downsampled, false);
    for (let i = 0; i < 17; i++) {
      for (let j = 0; j < 17; j++) {
        const cell = i * 17 + j;
        assert.ok(Math.abs((grid.values[cell] ?? NaN) - (dense[i]?.[j] ?? NaN) / 2) < 1e-16, `J[${i},${j}]`);
        assert.equal(grid.rowOf[cell], i);
        assert.equal(grid.colOf[cell], j);
      }
    }
  });

  test('downsampled cells hold the block entry of largest magnitude and the block mean', () => {
    const n = 301;
    const size = 40;
    const s = probabilities(n, 3);
    const dense = softmaxJacobian(s);
    const grid = jacobianHeatmap(s, 1, size);
    assert.equal(grid.size, size);
    assert.equal(grid.downsampled, true);
    let maxAbs = 0;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        let extreme = 0;
        let sum = 0;
        let count = 0;
        for (let i = blockStart(r, n, size); i < blockStart(r + 1, n, size); i++) {
          for (let j = blockStart(c, n, size); j < blockStart(c + 1, n, size); j++) {
            const v = dense[i]?.[j] ?? NaN;
            if (Math.abs(v) > Math.abs(extreme)) extreme = v;
            sum += v;
            count++;
          }
        }
        const cell = r * size + c;
        assert.ok(Math.abs((grid.values[cell] ?? NaN) - extreme) <= 1e-15, `cell ${r},${c}`);
        assert.ok(Math.abs((grid.means[cell] ?? NaN) - sum / count) <= 1e-14, `mean ${r},${c}`);
        // The recorded position really holds that value.
        const at = dense[grid.rowOf[cell] ?? -1]?.[grid.colOf[cell] ?? -1];
        assert.ok(at !== undefined && Math.abs(at - extreme) <= 1e-15);
        maxAbs = Math.max(maxAbs, Math.abs(extreme));
      }
    }
    assert.ok(Math.abs(grid.maxAbs - maxAbs) <= 1e-16);
  });

  test('blockOf inverts blockStart', () => {
    for (const [n, size] of [[10, 10], [1000, 256], [100000, 256], [7, 3]] as const) {
      for (let k = 0; k < size; k++) {
        const start = blockStart(k, n, size);
        assert.equal(blockOf(start, n, size), k);
        const end = blockStart(k + 1, n, size) - 1;
        assert.equal(blockOf(end, n, size), k);
      }
    }
  });

  test('a single class gives one zero cell; 10⁵ classes give a bounded grid', () => {
    const one = jacobianHeatmap([1], 1, 256);
    assert.equal(one.size, 1);
    assert.equal(one.values[0], 0);
    const big = jacobianHeatmap(probabilities(100_000, 11), 1, 256);
    assert.equal(big.size, 256);
    assert.equal(big.values.length, 256 * 256);
    assert.ok(big.maxAbs > 0 && big.maxAbs <= 0.25);
    assert.ok(big.values.every(Number.isFinite));
  });
});

describe('describeHeatmapCell', () => {
  test('a full-resolution cell names its entry', () => {
    const s = probabilities(4, 5);
    const grid = jacobianHeatmap(s, 1, 256);
    const dense = softmaxJacobian(s);
    const text = describeHeatmapCell(grid, 1 * 4 + 3, 'en', 4);
    assert.match(text, /^J\[1, 3\] = -?\d/);
    assert.ok(text.endsWith(String(Number((dense[1]?.[3] ?? NaN).toPrecision(4)))), text);
  });
  test('a block names its ranges, its extreme entry and its mean, in either language', () => {
    const grid = jacobianHeatmap(probabilities(1000, 9), 1, 100);
    const en = describeHeatmapCell(grid, 0, 'en', 3);
    assert.match(en, /^rows 0–9, columns 0–9: largest \|J\| is J\[\d, \d\] = [\d.e-]+; block mean [\d.e-]+$/);
    const zh = describeHeatmapCell(grid, 100 * 99 + 98, 'zh-cn', 3);
    assert.match(zh, /^第 990–999 行，第 980–989 列：/);
  });
});

describe('heatmap colours', () => {
  const palette = { negative: [0, 0, 255], zero: [255, 255, 255], positive: [255, 0, 0] } as const;
  test('parseColor reads the forms VS Code themes use', () => {
    assert.deepEqual(parseColor('#1f1f1f'), [31, 31, 31]);
    assert.deepEqual(parseColor(' #fff '), [255, 255, 255]);
    assert.deepEqual(parseColor('#3794ffcc'), [55, 148, 255]);
    assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), [10, 20, 30]);
    assert.deepEqual(parseColor('rgb(10 20 30)'), [10, 20, 30]);
    assert.equal(parseColor('red'), undefined);
    assert.equal(parseColor(''), undefined);
  });
  test('colorFor: background at 0, the anchors at ±max, the square-root scale between', () => {
    assert.deepEqual(colorFor(0, 1, palette), [255, 255, 255]);
    assert.deepEqual(colorFor(1, 1, palette), [255, 0, 0]);
    assert.deepEqual(colorFor(-2, 1, palette), [0, 0, 255]);
    assert.deepEqual(colorFor(0.25, 1, palette), [255, 128, 128]);
    assert.deepEqual(colorFor(NaN, 1, palette), [255, 255, 255]);
    assert.deepEqual(colorFor(0.5, 0, palette), [255, 255, 255]);
  });
});
