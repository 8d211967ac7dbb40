// ∂ read as the direct (local) partial of a computation-graph node (document.ts `holdsAsDirectPartials`):
// what holds only in that reading holds, what fails in both readings is still flagged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const warnings = (md: string): number => checkMarkdown(md).findings.filter((f) => f.severity === 'warning').length;

const NORM = 'Let $\\mu = \\frac{1}{N}\\sum_{k=1}^N x_k$ and $\\hat{x}_i = \\frac{x_i - \\mu}{s}$.\n\n';

test('a node differentiated by its direct input, the other named inputs held fixed, holds', () => {
  // Total: (1 - 1/N)/s; local (μ held fixed): 1/s. The note means the local partial.
  const md = `${NORM}$$\\frac{\\partial \\hat{x}_i}{\\partial x_i} = \\frac{1}{s}$$\n`;
  assert.deepEqual(verdicts(md), ['holds']);
  assert.equal(warnings(md), 0);
  // The total derivative written out holds too.
  assert.deepEqual(verdicts(`${NORM}$$\\frac{\\partial \\hat{x}_i}{\\partial x_i} = \\frac{1 - 1/N}{s}$$\n`), ['holds']);
  // An expression with the node's formula written out reads the same way.
  assert.deepEqual(verdicts(`${NORM}$$\\frac{\\partial}{\\partial x_i} \\frac{x_i - \\mu}{s} = \\frac{1}{s}$$\n`), ['holds']);
});

test('a step wrong in both readings is flagged', () => {
  const md = `${NORM}$$\\frac{\\partial \\hat{x}_i}{\\partial x_i} = \\frac{2}{s}$$\n`;
  assert.deepEqual(verdicts(md), ['fails']);
  assert.equal(warnings(md), 1);
  assert.deepEqual(verdicts(`${NORM}$$\\frac{\\partial \\hat{x}_i}{\\partial x_i} = -\\frac{1}{s}$$\n`), ['fails']);
});

test('a quantity reached only through named intermediates keeps the total derivative', () => {
  // L's formula mentions p, not z: there is no local reading, the chain rule through p is judged as before.
  const defs = 'Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_k y_k \\log p_k$ with $\\sum_k y_k = 1$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L}{\\partial z_i} = p_i - y_i$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L}{\\partial z_i} = 0$$\n`).includes('holds'), false);
});
