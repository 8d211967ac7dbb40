import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMatrix, formatVector, parseVector, vectorStyles, type VectorStyle } from '../../../src/core/vectors';

const sample = [2, -0, 0.1, Infinity, -Infinity, NaN, 1e21, 1e-7];

describe('formatVector', () => {
  const expected: Record<VectorStyle, string> = {
    python: "[2.0, -0.0, 0.1, float('inf'), float('-inf'), float('nan'), 1e+21, 1e-7]",
    json: '[2, -0, 0.1, Infinity, -Infinity, NaN, 1e+21, 1e-7]',
    tuple: "(2.0, -0.0, 0.1, float('inf'), float('-inf'), float('nan'), 1e+21, 1e-7)",
    numpy: 'np.array([2.0, -0.0, 0.1, np.inf, -np.inf, np.nan, 1e+21, 1e-7])',
    'numpy-print': '[2. -0. 0.1 inf -inf nan 1e+21 1e-7]',
    torch: "torch.tensor([2.0, -0.0, 0.1, float('inf'), float('-inf'), float('nan'), 1e+21, 1e-7])",
    'torch-print': 'tensor([2., -0., 0.1, inf, -inf, nan, 1e+21, 1e-7])',
    'latex-bmatrix': '\\begin{bmatrix} 2 & -0 & 0.1 & \\infty & -\\infty & \\text{NaN} & 1 \\times 10^{21} & 1 \\times 10^{-7} \\end{bmatrix}',
    'latex-pmatrix': '\\begin{pmatrix} 2 & -0 & 0.1 & \\infty & -\\infty & \\text{NaN} & 1 \\times 10^{21} & 1 \\times 10^{-7} \\end{pmatrix}',
    'latex-vmatrix': '\\begin{vmatrix} 2 & -0 & 0.1 & \\infty & -\\infty & \\text{NaN} & 1 \\times 10^{21} & 1 \\times 10^{-7} \\end{vmatrix}',
    'latex-left': '\\left[ 2, -0, 0.1, \\infty, -\\infty, \\text{NaN}, 1 \\times 10^{21}, 1 \\times 10^{-7} \\right]',
    plain: '2 -0 0.1 inf -inf nan 1e+21 1e-7',
  };
  for (const style of vectorStyles) {
    test(style, () => {
      assert.equal(formatVector(sample, style), expected[style]);
      const back = parseVector(expected[style]);
      assert.ok(back.ok);
      assert.equal(back.value.style, style === 'latex-pmatrix' || style === 'latex-vmatrix' || style === 'latex-bmatrix' ? style : back.value.style);
    });
  }

  test('digits rounds to significant digits', () => {
    assert.equal(formatVector([0.6590011388859679, 0.2424329707047139, 0.09856589040931818], 'python', { digits: 3 }), '[0.659, 0.242, 0.0986]');
    assert.equal(formatVector([123456, 1e-9], 'plain', { digits: 2 }), '120000 1e-9');
  });

  test('a one-element tuple keeps its comma', () => {
    assert.equal(formatVector([1], 'tuple'), '(1.0,)');
  });
});

describe('formatMatrix', () => {
  test('LaTeX rows', () => {
    assert.equal(formatMatrix([1, 2, 3, 4], 2, 2, 'latex-bmatrix'), '\\begin{bmatrix}\n  1 & 2 \\\\\n  3 & 4\n\\end{bmatrix}');
  });
  test('nested lists read back as a batch', () => {
    for (const style of ['python', 'json', 'numpy', 'torch', 'torch-print', 'numpy-print', 'latex-pmatrix'] as const) {
      const text = formatMatrix([1, 2, 3, 4, 5, 6], 2, 3, style);
      const back = parseVector(text);
      assert.ok(back.ok, `${style}: ${text}`);
      assert.deepEqual([Array.from(back.value.values), back.value.shape], [[1, 2, 3, 4, 5, 6], [2, 3]], style);
    }
  });
});
