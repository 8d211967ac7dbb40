// Computational-graph notation: nodes named with their function (`x_3 = g(x_4) = e^{x_4}`), each
// function then differentiated on its own; the shift of a stable softmax (`z_i - \max(z_i)`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const lines = (md: string): number[] => {
  const starts = [0];
  for (let i = 0; i < md.length; i++) if (md[i] === '\n') starts.push(i + 1);
  const lineOf = (o: number): number => starts.filter((s) => s <= o).length;
  return checkMarkdown(md).findings.filter((f) => f.severity === 'warning').map((f) => lineOf(f.offset));
};
const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);

test('a node named with its function defines the function', () => {
  const md = [
    'Let $x_3 = g_4(x_4) = e^{x_4}$ and $a = f(u) = u^2 + 1$.',
    '',
    '$$\\frac{\\partial g_4(x_4)}{\\partial x_4} = e^{x_4}$$',
    '',
    '$$\\frac{d f(u)}{d u} = 2u$$',
    '',
    '$$\\frac{\\partial g_4(x_4)}{\\partial x_4} = 2e^{x_4}$$',
    '',
    '$$\\frac{d f(u)}{d u} = u$$',
  ].join('\n');
  assert.deepEqual(lines(md), [7, 9]);
  assert.deepEqual(verdicts(md).slice(-4), ['holds', 'holds', 'fails', 'fails']);
});

test('a function of an entry takes the entry as its parameter, and a later part may redefine it', () => {
  const md = [
    '## Part 1',
    '',
    'Let $x_2 = g_3(z_i) = 3 z_i$.',
    '',
    '$$\\frac{\\partial g_3(z_i)}{\\partial z_i} = 3$$',
    '',
    '## Part 2',
    '',
    'Let $x_2 = g_3(x_3) = e^{x_3}$.',
    '',
    '$$\\frac{\\partial g_3(x_3)}{\\partial x_3} = e^{x_3}$$',
    '',
    '$$\\frac{\\partial g_3(x_3)}{\\partial x_3} = 3$$',
  ].join('\n');
  assert.deepEqual(lines(md), [13]);
});

test('inside a sum over its index the entry is not the parameter', () => {
  // g(z_i) = z_i - log Σ_i e^{z_i}: the sum still runs over every entry (its derivative is 1 - p_i;
  // read as g(t) = t - log Σ e^t it would be 0).
  const md = [
    'Let $a_1 = g(z_i) = z_i - \\log \\sum_i e^{z_i}$.',
    '',
    '$$\\frac{\\partial g(z_i)}{\\partial z_i} = 1 - \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$',
    '',
    '$$\\frac{\\partial g(z_i)}{\\partial z_i} = 1 + \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$',
  ].join('\n');
  assert.deepEqual(lines(md), [5]);
});

test('the shift of a stable softmax: taken as a constant or followed, never a false alarm', () => {
  const md = [
    'Let $p_i = \\frac{e^{z_i - \\max(z_i)}}{\\sum_k e^{z_k - \\max(z_k)}}$.',
    '',
    '$$\\frac{\\partial (z_i - \\max(z_i))}{\\partial z_i} = 1$$',
    '',
    '$$\\frac{\\partial p_i}{\\partial z_i} = p_i(1 - p_i)$$',
    '',
    '$$\\frac{\\partial p_i}{\\partial z_i} = p_i(1 + p_i)$$',
  ].join('\n');
  assert.deepEqual(lines(md), [7]);
});

test('a function applied to an expression its value is written in is defined by it', () => {
  const md = [
    'Let $f(\\theta^T x) = \\frac{1}{1 + e^{-\\theta^T x}}$ and $h(w x + b) = \\tanh(w x + b)$.',
    '',
    '$$\\frac{\\partial f(u)}{\\partial u} = f(u)(1 - f(u))$$',
    '',
    '$$\\frac{d h(t)}{d t} = 1 - h(t)^2$$',
    '',
    '$$\\frac{\\partial f(u)}{\\partial u} = f(u)(1 + f(u))$$',
    '',
    '$$\\frac{d h(t)}{d t} = 1 + h(t)^2$$',
  ].join('\n');
  assert.deepEqual(lines(md), [7, 9]);
});

test('a function the note states in more than one way is not defined by either', () => {
  // f is the sigmoid of θᵀx in one part and the softmax of x_i in the next: neither reading is certain.
  const md = [
    '# Two classes',
    '',
    '$$f(\\theta^T x) = \\frac{1}{1 + e^{-\\theta^T x}}$$',
    '',
    '# Many classes',
    '',
    '$$\\frac{\\partial f(x_i)}{\\partial x_j} = -f(x_i) f(x_j)$$',
    '',
    '$$f(x_i) = \\frac{e^{x_i}}{\\sum_k e^{x_k}}$$',
  ].join('\n');
  assert.deepEqual(lines(md), []);
});
