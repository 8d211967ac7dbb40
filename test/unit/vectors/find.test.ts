import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findVectorAt, findVectorsInRange } from '../../../src/core/vectors';

/** The source text of the vector found at the first occurrence of `marker` in `text`. */
function foundAt(text: string, marker: string, delta = 0): string | undefined {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `marker ${marker} missing`);
  const v = findVectorAt(text, at + delta);
  return v && text.slice(v.offset, v.offset + v.length);
}

describe('findVectorAt: real vectors', () => {
  const cases: [text: string, marker: string, expected: string][] = [
    ['x = [2.0, 1.0, 0.1]', '1.0', '[2.0, 1.0, 0.1]'],
    ['x = [2.0, 1.0, 0.1]', '[', '[2.0, 1.0, 0.1]'],
    ['x = [2.0, 1.0, 0.1]', ']', '[2.0, 1.0, 0.1]'],
    ['y = softmax(np.array([1, 2, 3]))', '2', 'np.array([1, 2, 3])'],
    ['y = softmax(np.array([1, 2, 3]))', 'array', 'np.array([1, 2, 3])'],
    ['t = torch.tensor([1., 2.], dtype=torch.float64)', 'float64', 'torch.tensor([1., 2.], dtype=torch.float64)'],
    ['>>> p\ntensor([0.6590, 0.2424, 0.0986], grad_fn=<SoftmaxBackward0>)', '0.2424', 'tensor([0.6590, 0.2424, 0.0986], grad_fn=<SoftmaxBackward0>)'],
    ['z = [[1, 2], [3, 4]]', '3', '[3, 4]'],
    ['z = [[1, 2], [3, 4]]', ', [3', '[[1, 2], [3, 4]]'],
    ['print(x)\n[ 1.2 -0.3\n  4.   5. ]\n', '4.', '[ 1.2 -0.3\n  4.   5. ]'],
    ['epoch 3 | logits: 2.0 1.0 0.1 | loss 0.4', '1.0', '2.0 1.0 0.1'],
    ['The logits are 2.0, 1.0, 0.1.', '0.1', '2.0, 1.0, 0.1'],
    ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$', '3', '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}'],
    ['$$\\begin{bmatrix} 1 & 2 \\end{bmatrix}$$', 'end', '\\begin{bmatrix} 1 & 2 \\end{bmatrix}'],
    ['$\\left[ 2, 1, 0.1 \\right]$', '1,', '\\left[ 2, 1, 0.1 \\right]'],
    ['设 logits为[2.0, 1.0, 0.1]，求 softmax', '1.0', '[2.0, 1.0, 0.1]'],
    ['设 logits 为 ［２，１］。', '１', '［２，１］'],
    ['$a = (2.0, 1.0, 0.1)$', '1.0', '(2.0, 1.0, 0.1)'],
    ['{"logits": [2, 1, 0.1], "label": 0}', '0.1', '[2, 1, 0.1]'],
    ['x = [float("-inf"), 0.0, 1.0]', 'inf', '[float("-inf"), 0.0, 1.0]'],
    ['In [3]: p\nOut[3]: array([0.659, 0.242, 0.099])', '0.242', 'array([0.659, 0.242, 0.099])'],
    ['>>> torch.softmax(z, dim=0)\ntensor([[0.6590, 0.2424],\n        [0.0986, 0.5000]])', '0.0986', '[0.0986, 0.5000]'],
    ['loss.backward()  # grad: 0.25 -0.5 0.25', '-0.5', '0.25 -0.5 0.25'],
  ];
  for (const [text, marker, expected] of cases) {
    test(`${JSON.stringify(text)} at ${JSON.stringify(marker)}`, () => {
      assert.equal(foundAt(text, marker), expected);
    });
  }

  test('a cursor right after the closing bracket still finds the vector', () => {
    const text = 'x = [1, 2]';
    const v = findVectorAt(text, text.length);
    assert.deepEqual(v && [v.offset, v.length, Array.from(v.values)], [4, 6, [1, 2]]);
  });

  test('values and shape come with the span', () => {
    const v = findVectorAt('a = [[1, 2], [3, 4]]', 4);
    assert.ok(v);
    assert.deepEqual([Array.from(v.values), v.shape, v.style], [[1, 2, 3, 4], [2, 2], 'python']);
  });
});

describe('findVectorAt: not vectors', () => {
  const texts = [
    'a[i]',
    'a[1, 2]',
    'arr[0][1]',
    'f(1, 2)',
    'print(1, 2)',
    'see [text](http://example.com)',
    'see [1, 2](http://example.com)',
    '![1, 2](img.png)',
    'a citation [1] and [23]',
    '[word, other]',
    'footnote[^1]',
    'x = 5',
    'version 1.2.3',
    'on 2024-01-05 at 10:30',
    '(see above)',
    '| 1 | 2 |',
    'v1 2',
    'x_1 2',
    '[]',
    '[1, 2, abc]',
    '50% 30%',
    'nan',
    'Out[3]: 5',
    'x = f(g(1, 2), 3)',
    'shape: torch.Size([3])',
  ];
  for (const text of texts) {
    test(JSON.stringify(text), () => {
      for (let offset = 0; offset <= text.length; offset++) {
        const v = findVectorAt(text, offset);
        assert.equal(v, undefined, `found ${v && text.slice(v.offset, v.offset + v.length)} at ${offset}`);
      }
      assert.deepEqual(findVectorsInRange(text, 0, text.length), []);
    });
  }

  test('positions outside the text give nothing', () => {
    for (const offset of [-1, 100, NaN, Infinity, -Infinity]) assert.equal(findVectorAt('[1, 2]', offset), undefined);
  });
});

describe('findVectorsInRange', () => {
  const doc = [
    'import numpy as np',
    'x = np.array([2.0, 1.0, 0.1])',
    'y = a[1, 2] + f(3, 4)',
    'see [text](http://x) and [1]',
    'log: 2.0 1.0 0.1',
    '$$\\begin{bmatrix} 1 & 2 \\end{bmatrix}$$',
    'z = [[1, 2], [3, 4]]',
  ].join('\n');

  test('finds every vector once, outermost, in order', () => {
    const found = findVectorsInRange(doc, 0, doc.length).map((v) => [v.style, doc.slice(v.offset, v.offset + v.length)]);
    assert.deepEqual(found, [
      ['numpy', 'np.array([2.0, 1.0, 0.1])'],
      ['plain', '2.0 1.0 0.1'],
      ['latex-bmatrix', '\\begin{bmatrix} 1 & 2 \\end{bmatrix}'],
      ['python', '[[1, 2], [3, 4]]'],
    ]);
  });

  test('only literals entirely inside the range count', () => {
    const start = doc.indexOf('[2.0');
    const found = findVectorsInRange(doc, start, start + 15);
    assert.deepEqual(found.map((v) => doc.slice(v.offset, v.offset + v.length)), ['[2.0, 1.0, 0.1]']);
    assert.deepEqual(findVectorsInRange(doc, start, start + 10), []);
  });

  test('several vectors on one line', () => {
    const text = 'a = [1, 2]; b = (3, 4); c = [5 6]';
    assert.deepEqual(
      findVectorsInRange(text, 0, text.length).map((v) => Array.from(v.values)),
      [[1, 2], [3, 4], [5, 6]],
    );
  });

  test('empty and inverted ranges give nothing', () => {
    assert.deepEqual(findVectorsInRange(doc, 10, 10), []);
    assert.deepEqual(findVectorsInRange(doc, 50, 10), []);
  });
});

test('firstRow: the vector itself, or the first row of a batch without copying', async () => {
  const { firstRow, parseVector } = await import('../../../src/core/vectors');
  const single = parseVector('[2, 1, 0.1]');
  const batch = parseVector('[[1, 2, 3], [4, 5, 6]]');
  assert.ok(single.ok && batch.ok);
  assert.deepEqual(Array.from(firstRow(single.value)), [2, 1, 0.1]);
  assert.deepEqual(Array.from(firstRow(batch.value)), [1, 2, 3]);
  assert.equal(firstRow(batch.value).buffer, batch.value.values.buffer);
});
