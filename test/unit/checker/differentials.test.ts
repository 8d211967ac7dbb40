// Total differentials (src/core/checker/differentials.ts): dJ = Σ_i g_i dz_i holds exactly when g_i = ∂J/∂z_i.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const CE = 'Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$, $L = -\\sum_k y_k \\log p_k$ and $\\sum_k y_k = 1$.\n\n';

test('a differential equals the sum of its coefficients times the directions', () => {
  for (const d of ['\\mathrm{d}', '{\\rm d}', 'd']) {
    assert.deepEqual(verdicts(`${CE}$$${d}L = \\sum_i (p_i - y_i)\\,${d}z_i$$\n`), ['holds'], d);
    assert.deepEqual(verdicts(`${CE}$$${d}L = \\sum_i (y_i - p_i)\\,${d}z_i$$\n`), ['fails'], d);
  }
  // Continued rows keep the reading; a function's value differentiates too.
  assert.deepEqual(verdicts(`${CE}$$\\begin{aligned}\\mathrm{d}L &= \\sum_i \\Big(-\\sum_k \\frac{y_k}{p_k}\\frac{\\partial p_k}{\\partial z_i}\\Big)\\,\\mathrm{d}z_i \\\\ &= \\sum_i (p_i + y_i)\\,\\mathrm{d}z_i\\end{aligned}$$\n`), ['holds', 'fails']);
  assert.deepEqual(verdicts('$$\\mathrm{LSE}(z) = \\log \\sum_k e^{z_k}$$\n\n$$\\mathrm{d}\\,\\mathrm{LSE}(z) = \\sum_i \\frac{e^{z_i}}{\\sum_k e^{z_k}}\\,\\mathrm{d}z_i$$\n'), ['holds']);
  assert.deepEqual(verdicts('$$\\mathrm{LSE}(z) = \\log \\sum_k e^{z_k}$$\n\n$$\\mathrm{d}\\,\\mathrm{LSE}(z) = \\sum_i e^{z_i}\\,\\mathrm{d}z_i$$\n'), ['fails']);
});

test('an italic d in a note where d is the length is not read; an upright one is the differential', () => {
  const sized = 'Let $p_i = \\frac{e^{z_i}}{\\sum_{k=0}^{d-1} e^{z_k}}$, $L = -\\sum_{k=0}^{d-1} y_k \\log p_k$ and $\\sum_{k=0}^{d-1} y_k = 1$.\n\n';
  assert.deepEqual(verdicts(`${sized}$$dL = \\sum_{i=0}^{d-1} (y_i - p_i)\\, dz_i$$\n`), ['not-read']);
  assert.deepEqual(verdicts(`${sized}$$\\mathrm{d}L = \\sum_{i=0}^{d-1} (y_i - p_i)\\,\\mathrm{d}z_i$$\n`), ['fails']);
  assert.deepEqual(verdicts(`${sized}$$\\mathrm{d}L = \\sum_{i=0}^{d-1} (p_i - y_i)\\,\\mathrm{d}z_i$$\n`), ['holds']);
});

test('a name given at the end of a definition after the derivation is known from the start', () => {
  assert.deepEqual(verdicts('$$\\frac{\\partial y_i}{\\partial u_i} = y_i(1 + y_i)$$\n\n$$\\mathrm{softmax}(u)_i = \\frac{e^{u_i}}{\\sum_j e^{u_j}} = y_i$$\n')[0], 'fails');
  assert.deepEqual(verdicts('$$\\frac{\\partial y_i}{\\partial u_i} = y_i(1 - y_i)$$\n\n$$\\sigma(u)_i = \\frac{e^{u_i}}{\\sum_j e^{u_j}} = y_i$$\n')[0], 'holds');
});
