import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVector, type VectorStyle } from '../../../src/core/vectors';

interface Form {
  text: string;
  values: number[];
  shape?: number[];
  style: VectorStyle;
  /** Span of the literal when it is not the whole trimmed text. */
  span?: [number, number];
}

/** Each entry is one literal form a user meets; values are exact (compared with Object.is). */
const forms: Form[] = [
  // Python / JSON / JS lists
  { text: '[2.0, 1.0, 0.1]', values: [2, 1, 0.1], style: 'python' },
  { text: '[2, 1, 0.1]', values: [2, 1, 0.1], style: 'python' },
  { text: '[2,1,0.1]', values: [2, 1, 0.1], style: 'json' },
  { text: '[ 2.0 , 1.0 , 0.1 ]', values: [2, 1, 0.1], style: 'python' },
  { text: '[2.0, 1.0, 0.1,]', values: [2, 1, 0.1], style: 'python' },
  { text: '[\n  2.0,\n  1.0,\n  0.1\n]', values: [2, 1, 0.1], style: 'python' },
  { text: '[-1, +2, -0.5]', values: [-1, 2, -0.5], style: 'python' },
  { text: '[.5, 5., -.25]', values: [0.5, 5, -0.25], style: 'python' },
  { text: '[1e3, 2.5E-2, -1e+2]', values: [1000, 0.025, -100], style: 'python' },
  { text: '[1000, 1000, 999]', values: [1000, 1000, 999], style: 'python' },
  { text: '[-0.0, 0.0]', values: [-0, 0], style: 'python' },
  { text: '[0.1, 0.2, 0.30000000000000004]', values: [0.1, 0.2, 0.30000000000000004], style: 'python' },
  { text: '[5e-324, 1.7976931348623157e308]', values: [5e-324, 1.7976931348623157e308], style: 'python' },
  { text: '[1e400, -1e400]', values: [Infinity, -Infinity], style: 'python' },
  { text: '[Infinity, -Infinity, NaN]', values: [Infinity, -Infinity, NaN], style: 'json' },
  { text: '[inf, -inf, nan]', values: [Infinity, -Infinity, NaN], style: 'python' },
  { text: '[INF, -Inf, NaN, 1]', values: [Infinity, -Infinity, NaN, 1], style: 'json' },
  { text: "[float('-inf'), 0.5, float(\"inf\")]", values: [-Infinity, 0.5, Infinity], style: 'python' },
  { text: "[float('nan'), 1.0]", values: [NaN, 1], style: 'python' },
  { text: '[-math.inf, 2.0, math.inf]', values: [-Infinity, 2, Infinity], style: 'python' },
  { text: '[np.inf, -np.inf, np.nan]', values: [Infinity, -Infinity, NaN], style: 'python' },
  { text: '[torch.inf, 1]', values: [Infinity, 1], style: 'python' },
  { text: '[1, -float(\'inf\')]', values: [1, -Infinity], style: 'python' },
  // Tuples
  { text: '(1, 2, 3)', values: [1, 2, 3], style: 'tuple' },
  { text: '(2.0, 1.0, 0.1,)', values: [2, 1, 0.1], style: 'tuple' },
  { text: '((1, 2), (3, 4))', values: [1, 2, 3, 4], shape: [2, 2], style: 'tuple' },
  // NumPy
  { text: 'np.array([2.0, 1.0, 0.1])', values: [2, 1, 0.1], style: 'numpy' },
  { text: 'numpy.array([1, 2])', values: [1, 2], style: 'numpy' },
  { text: 'np.array((1, 2, 3))', values: [1, 2, 3], style: 'numpy' },
  { text: 'np.array([1, 2], dtype=np.float32)', values: [1, 2], style: 'numpy' },
  { text: 'np.asarray([3, 4])', values: [3, 4], style: 'numpy' },
  { text: 'array([ 2. ,  1. ,  0.1])', values: [2, 1, 0.1], style: 'numpy' },
  { text: 'array([1, 2], dtype=int32)', values: [1, 2], style: 'numpy' },
  { text: 'array([[1., 2.],\n       [3., 4.]])', values: [1, 2, 3, 4], shape: [2, 2], style: 'numpy' },
  { text: '[ 1.2 -0.3  4. ]', values: [1.2, -0.3, 4], style: 'numpy-print' },
  { text: '[1.2 -0.3 4.]', values: [1.2, -0.3, 4], style: 'numpy-print' },
  { text: '[ 0.1  0.2  0.3  0.4  0.5  0.6  0.7\n  0.8]', values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], style: 'numpy-print' },
  { text: '[[1. 2.]\n [3. 4.]]', values: [1, 2, 3, 4], shape: [2, 2], style: 'numpy-print' },
  { text: '[ 1.0e-03  2.5e+01 -inf]', values: [0.001, 25, -Infinity], style: 'numpy-print' },
  { text: '[[1.], [2.], [3.]]', values: [1, 2, 3], shape: [3], style: 'python' },
  // PyTorch
  { text: 'torch.tensor([2.0, 1.0, 0.1])', values: [2, 1, 0.1], style: 'torch' },
  { text: 'torch.tensor([2.0, 1.0], dtype=torch.float64)', values: [2, 1], style: 'torch' },
  { text: 'torch.tensor([1., 2.], requires_grad=True)', values: [1, 2], style: 'torch' },
  { text: 'tensor([ 2.0000, -1.0000])', values: [2, -1], style: 'torch-print' },
  { text: 'tensor([ 2.0000, -1.0000], grad_fn=<SoftmaxBackward0>)', values: [2, -1], style: 'torch-print' },
  { text: "tensor([1., 2.], device='cuda:0')", values: [1, 2], style: 'torch-print' },
  { text: "tensor([0.6590, 0.2424, 0.0986], device='cuda:0', grad_fn=<SoftmaxBackward0>)", values: [0.659, 0.2424, 0.0986], style: 'torch-print' },
  { text: 'tensor([[ 1.0000,  2.0000],\n        [ 3.0000,  4.0000]])', values: [1, 2, 3, 4], shape: [2, 2], style: 'torch-print' },
  { text: 'tensor([[2.0, 1.0, 0.1]])', values: [2, 1, 0.1], shape: [1, 3], style: 'torch-print' },
  { text: 'tensor([1.0000e+00, 2.0000e-03])', values: [1, 0.002], style: 'torch-print' },
  { text: 'tensor([-inf, 0., 1.])', values: [-Infinity, 0, 1], style: 'torch-print' },
  // 2-D nested lists
  { text: '[[1, 2, 3], [4, 5, 6]]', values: [1, 2, 3, 4, 5, 6], shape: [2, 3], style: 'python' },
  { text: '[[1,2],[3,4]]', values: [1, 2, 3, 4], shape: [2, 2], style: 'json' },
  { text: '[\n  [1, 2],\n  [3, 4],\n]', values: [1, 2, 3, 4], shape: [2, 2], style: 'python' },
  // LaTeX
  { text: '\\begin{bmatrix} 2 & 1 & 0.1 \\end{bmatrix}', values: [2, 1, 0.1], style: 'latex-bmatrix' },
  { text: '\\begin{bmatrix} 2 \\\\ 1 \\\\ 0.1 \\end{bmatrix}', values: [2, 1, 0.1], style: 'latex-bmatrix' },
  { text: '\\begin{bmatrix}\n2 \\\\\n1 \\\\\n0.1 \\\\\n\\end{bmatrix}', values: [2, 1, 0.1], style: 'latex-bmatrix' },
  { text: '\\begin{pmatrix} -1 & 0 & 1 \\end{pmatrix}', values: [-1, 0, 1], style: 'latex-pmatrix' },
  { text: '\\begin{vmatrix} 1 & 2 \\end{vmatrix}', values: [1, 2], style: 'latex-vmatrix' },
  { text: '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', values: [1, 2, 3, 4], shape: [2, 2], style: 'latex-bmatrix' },
  { text: '\\begin{bmatrix} -\\infty & 0 \\\\[2pt] 1 & \\infty \\end{bmatrix}', values: [-Infinity, 0, 1, Infinity], shape: [2, 2], style: 'latex-bmatrix' },
  { text: '\\begin{bmatrix} 1.5 \\times 10^{-3} & 2 \\cdot 10^{2} \\end{bmatrix}', values: [0.0015, 200], style: 'latex-bmatrix' },
  { text: '\\begin{bmatrix} \\text{NaN} & 1 \\end{bmatrix}', values: [NaN, 1], style: 'latex-bmatrix' },
  { text: '\\left[ 2, 1, 0.1 \\right]', values: [2, 1, 0.1], style: 'latex-left' },
  { text: '\\left( 2.0, -1.0 \\right)', values: [2, -1], style: 'latex-left' },
  { text: '(2.0, 1.0, 0.1)', values: [2, 1, 0.1], style: 'tuple' },
  // Plain numbers
  { text: '2.0 1.0 0.1', values: [2, 1, 0.1], style: 'plain' },
  { text: '2.0, 1.0, 0.1', values: [2, 1, 0.1], style: 'plain' },
  { text: '2.0\t1.0\t0.1', values: [2, 1, 0.1], style: 'plain' },
  { text: '2.0\n1.0\n0.1\n', values: [2, 1, 0.1], style: 'plain', span: [0, 11] },
  { text: '1;2;3', values: [1, 2, 3], style: 'plain' },
  { text: 'logits: 2.0 1.0 0.1', values: [2, 1, 0.1], style: 'plain', span: [8, 19] },
  { text: 'logits = [2.0, 1.0, 0.1]', values: [2, 1, 0.1], style: 'python', span: [9, 24] },
  { text: 'x = torch.tensor([1., 2.])', values: [1, 2], style: 'torch', span: [4, 26] },
  { text: '  [1, 2]  ', values: [1, 2], style: 'python', span: [2, 8] },
  { text: '-inf 0 1', values: [-Infinity, 0, 1], style: 'plain' },
  // Full-width punctuation, unicode minus
  { text: '［１，２］', values: [1, 2], style: 'python' },
  { text: '[1，2，3]', values: [1, 2, 3], style: 'python' },
  { text: '[−1.5, 2]', values: [-1.5, 2], style: 'python' },
  { text: '（１．５，−２）', values: [1.5, -2], style: 'tuple' },
  { text: '１　２　３', values: [1, 2, 3], style: 'plain' },
  { text: '[1、2、3]', values: [1, 2, 3], style: 'python' },
];

describe('parseVector: literal forms', () => {
  test('there are at least 60 forms', () => {
    assert.ok(forms.length >= 60, `only ${forms.length} forms`);
  });
  for (const form of forms) {
    test(JSON.stringify(form.text), () => {
      const result = parseVector(form.text);
      assert.ok(result.ok, result.ok ? '' : `${result.error.code}: ${result.error.message}`);
      const v = result.value;
      assert.equal(v.values.length, form.values.length);
      form.values.forEach((x, i) => assert.ok(Object.is(v.values[i], x), `value ${i}: expected ${x}, got ${v.values[i]}`));
      assert.deepEqual(v.shape, form.shape ?? [form.values.length]);
      assert.equal(v.style, form.style);
      const trimmedStart = form.text.length - form.text.trimStart().length;
      const [start, end] = form.span ?? [trimmedStart, form.text.trimEnd().length];
      assert.deepEqual([v.offset, v.offset + v.length], [start, end]);
    });
  }
});
