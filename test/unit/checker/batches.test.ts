// A loss over a batch defined as the total (or mean) of its per-sample parts: `L = \frac{1}{N}\sum_n L_n`,
// `J = \frac{1}{m}\sum_i J^{(i)}`. The name on both sides is not a recursion when every mention on the
// right has one index more, bound by the sum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);

test('the mean of per-sample losses defines the batch loss', () => {
  const md = [
    'Let $p_{nk} = \\frac{e^{z_{nk}}}{\\sum_j e^{z_{nj}}}$ and $\\sum_k y_{nk} = 1$.',
    '',
    '$$L_n = -\\sum_k y_{nk} \\log p_{nk}$$',
    '',
    '$$L = \\frac{1}{N}\\sum_{n=1}^{N} L_n$$',
    '',
    '$$\\frac{\\partial L}{\\partial z_{nk}} = \\frac{1}{N}(p_{nk} - y_{nk})$$',
    '',
    '$$\\frac{\\partial L}{\\partial z_{nk}} = p_{nk} - y_{nk}$$',
  ].join('\n');
  assert.deepEqual(verdicts(md).slice(-2), ['holds', 'fails']);
});

test('samples numbered by a superscript', () => {
  const md = [
    'Let $\\hat y^{(i)} = \\sigma(w x^{(i)} + b)$ and $J^{(i)} = -y^{(i)} \\log \\hat y^{(i)} - (1 - y^{(i)}) \\log(1 - \\hat y^{(i)})$.',
    '',
    '$$J = \\frac{1}{m}\\sum_{i=1}^{m} J^{(i)}$$',
    '',
    '$$\\frac{\\partial J}{\\partial b} = \\frac{1}{m}\\sum_{i=1}^{m} (\\hat y^{(i)} - y^{(i)})$$',
    '',
    '$$\\frac{\\partial J}{\\partial b} = \\sum_{i=1}^{m} (\\hat y^{(i)} - y^{(i)})$$',
  ].join('\n');
  assert.deepEqual(verdicts(md), ['holds', 'fails']);
});

test('a name on both sides with as many indices, or outside the sum, is still not a definition', () => {
  // Read as definitions these would make the step hold; they are not totals of parts, so L stays unknown.
  const update = checkMarkdown('$$L = \\frac{1}{N}\\sum_n L_n + L + x^2$$\n\n$$\\frac{\\partial L}{\\partial x} = 2x$$\n');
  assert.deepEqual(update.steps.map((s) => s.verdict), ['not-read']);
  const free = checkMarkdown('$$L = L_n + x^2$$\n\n$$\\frac{\\partial L}{\\partial x} = 2x$$\n');
  assert.deepEqual(free.steps.map((s) => s.verdict), ['not-read']);
  const aggregated = checkMarkdown('$$L = \\sum_n L_n + x^2$$\n\n$$\\frac{\\partial L}{\\partial x} = 2x$$\n');
  assert.deepEqual(aggregated.steps.map((s) => s.verdict), ['holds']);
});
