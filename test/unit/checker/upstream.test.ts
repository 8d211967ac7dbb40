// Backpropagation through a loss the note never defines (src/core/checker/upstream.ts): L is read as
// an arbitrary function of the most downstream quantities it is differentiated by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);

const NEURON = 'Let $a = \\sigma(z)$ and $z = wx + b$.\n\n';

test('the chain rule through an undefined loss holds, and a wrong factor fails', () => {
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial a}\\, a(1 - a)\\, x$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial a}\\, a(1 + a)\\, x$$\n`), ['fails']);
  // The bias has no x.
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial L}{\\partial b} = \\frac{\\partial L}{\\partial z}$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial L}{\\partial b} = \\frac{\\partial L}{\\partial z}\\, x$$\n`), ['fails']);
  const finding = checkMarkdown(`${NEURON}$$\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial a}\\, a(1 + a)\\, x$$\n`).findings[0]!;
  // The counterexample names the arbitrary gradient as the note would.
  assert.ok(Object.keys(finding.counterexample?.params ?? {}).includes('∂L/∂a'));
});

test('entries: a layer with indices, the sum over the layer and a swapped index', () => {
  const layer = 'Let $h_j = \\tanh(u_j)$ with $u_j = \\sum_k W_{jk} x_k$.\n\n';
  assert.deepEqual(verdicts(`${layer}$$\\frac{\\partial L}{\\partial x_k} = \\sum_j \\frac{\\partial L}{\\partial h_j}(1 - h_j^2) W_{jk}$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${layer}$$\\frac{\\partial L}{\\partial x_k} = \\sum_j \\frac{\\partial L}{\\partial h_j}(1 - h_j^2) W_{kj}$$\n`), ['fails']);
});

test('batch normalisation backward holds with its local partials', () => {
  const bn = 'Let $\\mu = \\frac{1}{N}\\sum_{k=1}^N x_k$, $v = \\frac{1}{N}\\sum_{k=1}^N (x_k - \\mu)^2$, $\\hat{x}_i = \\frac{x_i - \\mu}{\\sqrt{v + \\epsilon}}$ and $y_i = \\gamma \\hat{x}_i + \\beta$.\n\n';
  const right = '\\frac{\\partial L}{\\partial \\hat{x}_i}\\frac{1}{\\sqrt{v + \\epsilon}} + \\frac{\\partial L}{\\partial v}\\frac{2(x_i - \\mu)}{N} + \\frac{\\partial L}{\\partial \\mu}\\frac{1}{N}';
  assert.deepEqual(verdicts(`${bn}$$\\frac{\\partial L}{\\partial x_i} = ${right}$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${bn}$$\\frac{\\partial L}{\\partial \\gamma} = \\sum_i \\frac{\\partial L}{\\partial y_i}\\hat{x}_i$$\n`), ['holds']);
  // Dropping the path through μ is wrong in every reading.
  assert.deepEqual(verdicts(`${bn}$$\\frac{\\partial L}{\\partial x_i} = \\frac{\\partial L}{\\partial \\hat{x}_i}\\frac{1}{\\sqrt{v + \\epsilon}} + \\frac{\\partial L}{\\partial v}\\frac{2(x_i - \\mu)}{N}$$\n`), ['fails']);
});

test('the reading stays silent where the note does not say enough', () => {
  // One side without ∂L: L may be defined in words.
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial L}{\\partial w} = (a - y)\\, x$$\n`), ['not-read']);
  // A variable the note never relates to the others.
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial L}{\\partial c} = \\frac{\\partial L}{\\partial a}\\, c$$\n`), ['not-read']);
  // A second derivative of L: a linear reading would make it 0.
  assert.deepEqual(verdicts(`${NEURON}$$\\frac{\\partial}{\\partial w}\\left(\\frac{\\partial L}{\\partial a}\\right) = 0$$\n`).includes('fails'), false);
});

test('δ with one index names the error term; a quantity defined as ∂L/∂z counts as a derivative of L', () => {
  const layer = 'Let $z_i = \\sum_k w_{ik} x_k + b_i$ and $\\delta_i = \\frac{\\partial L}{\\partial z_i}$.\n\n';
  assert.deepEqual(verdicts(`${layer}$$\\frac{\\partial L}{\\partial w_{ij}} = \\sum_r \\delta_r \\frac{\\partial z_r}{\\partial w_{ij}} = \\delta_i x_j$$\n`), ['holds', 'holds']);
  assert.deepEqual(verdicts(`${layer}$$\\frac{\\partial L}{\\partial w_{ij}} = \\sum_r \\delta_r \\frac{\\partial z_r}{\\partial w_{ij}} = \\delta_j x_i$$\n`), ['holds', 'fails']);
  assert.deepEqual(verdicts(`${layer}$$\\frac{\\partial L}{\\partial b_i} = \\delta_i$$\n`), ['holds']);
  // A δ with one index the note never defines is an unknown: on one side only, it is not judged.
  const softmax = 'Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\log p_c$.\n\n';
  assert.equal(verdicts(`${softmax}$$\\frac{\\partial L}{\\partial z_i} = p_i - \\delta_c$$\n`).includes('fails'), false);
  // The Kronecker δ keeps its two indices.
  assert.deepEqual(verdicts(`${softmax}$$\\frac{\\partial L}{\\partial z_i} = p_i - \\delta_{ic}$$\n`), ['holds']);
});
