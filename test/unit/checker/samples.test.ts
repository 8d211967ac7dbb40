// Sums over samples in the course notation: x^{(i)} the i-th sample's vector, x_j^{(i)} its entries,
// θ^T x^{(i)} their dot product, and a hypothesis h_θ(x) of a vector applied to each sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const warned = (md: string): string[] => checkMarkdown(md).findings.filter((f) => f.severity === 'warning').map((f) => f.code);

const logistic = (rhs: string): string =>
  'Let $h_\\theta(x) = \\frac{1}{1 + e^{-\\theta^T x}}$ and\n$$J(\\theta) = -\\frac{1}{m}\\sum_{i=1}^{m}\\left[y^{(i)}\\log h_\\theta(x^{(i)}) + (1 - y^{(i)})\\log(1 - h_\\theta(x^{(i)}))\\right]$$\n\n' +
  `$$\\frac{\\partial J(\\theta)}{\\partial \\theta_j} = ${rhs}$$\n`;

const linear = (rhs: string): string =>
  `$$J(\\theta) = \\frac{1}{2m}\\sum_{i=1}^{m}\\left(\\theta^T x^{(i)} - y^{(i)}\\right)^2$$\n\n$$\\frac{\\partial J}{\\partial \\theta_j} = ${rhs}$$\n`;

test('the logistic-regression gradient over samples holds, and a flipped sign is flagged', () => {
  assert.deepEqual(verdicts(logistic('\\frac{1}{m}\\sum_{i=1}^{m}\\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)x_j^{(i)}')), ['holds']);
  assert.deepEqual(warned(logistic('\\frac{1}{m}\\sum_{i=1}^{m}\\left(y^{(i)} - h_\\theta(x^{(i)})\\right)x_j^{(i)}')), ['step-fails']);
});

test('the linear-regression gradient holds with θ^T x^{(i)} written out or not; a kept ½ is flagged', () => {
  assert.deepEqual(verdicts(linear('\\frac{1}{m}\\sum_{i=1}^{m}\\left(\\theta^T x^{(i)} - y^{(i)}\\right)x_j^{(i)}')), ['holds']);
  assert.deepEqual(verdicts(linear('\\frac{1}{m}\\sum_{i=1}^{m}\\left(\\sum_k \\theta_k x_k^{(i)} - y^{(i)}\\right)x_j^{(i)}')), ['holds']);
  assert.deepEqual(warned(linear('\\frac{1}{2m}\\sum_{i=1}^{m}\\left(\\theta^T x^{(i)} - y^{(i)}\\right)x_j^{(i)}')), ['step-fails']);
});

test('a hypothesis of a vector applied to a sample is the function applied, a claim to check', () => {
  const md = 'Let $h_\\theta(x) = \\frac{1}{1 + e^{-\\theta^T x}}$ and $x_j^{(i)}$ the features.\n\n$$h_\\theta(x^{(i)}) = \\frac{1}{1 + e^{-\\theta^T x^{(i)}}}$$\n\n$$\\frac{\\partial h_\\theta(x^{(i)})}{\\partial \\theta_j} = h_\\theta(x^{(i)})(1 - h_\\theta(x^{(i)})) x_j^{(i)}$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'holds']);
  assert.deepEqual(warned(md.replace('(1 - h_\\theta(x^{(i)})) x_j', '(1 + h_\\theta(x^{(i)})) x_j')), ['step-fails']);
});
