// Entries defined by their number (`a_1 = …`, or a column `(…) = (a_1, a_2, a_3)^T`): worked
// examples with n = 2 or 3 write them, and every step that uses them is judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const flaggedLines = (md: string): number[] => [...new Set(checkMarkdown(md).findings.filter((f) => f.severity === 'warning').map((f) => md.slice(0, f.offset).split('\n').length))];

const D = 'e^{z_1} + e^{z_2} + e^{z_3}';

test('a numbered entry defined on its own line is a definition, and the steps that use it are judged', () => {
  const md = `$$a_1 = \\frac{e^{z_1}}{${D}}$$\n\n$$a_2 = \\frac{e^{z_2}}{${D}}$$\n\n$$\\frac{\\partial a_1}{\\partial z_2} = \\frac{0 - e^{z_1} e^{z_2}}{(${D})^2} = -a_1 a_2$$\n`;
  assert.deepEqual(verdicts(md), ['holds', 'holds']);
  const wrong = md.replace('= -a_1 a_2', '= a_1 a_2');
  assert.deepEqual(flaggedLines(wrong), [5]);
});

test('a column of expressions equated to a column of numbered entries defines them', () => {
  const col = (cells: string[]): string => `\\begin{pmatrix} ${cells.join(' \\\\ ')} \\end{pmatrix}`;
  const def = `$$${col([1, 2, 3].map((n) => `\\frac{e^{z_${n}}}{${D}}`))} = ${col(['a_1', 'a_2', 'a_3'])} = ${col(['\\hat y_1', '\\hat y_2', '\\hat y_3'])}$$\n\n`;
  const md = `${def}$$\\frac{\\partial a_1}{\\partial z_1} = \\frac{e^{z_1}(${D}) - e^{z_1}e^{z_1}}{(${D})^2} = a_1(1 - a_1) = \\hat y_1 (1 - \\hat y_1)$$\n`;
  assert.deepEqual(verdicts(md), ['holds', 'holds', 'holds']);
  assert.deepEqual(flaggedLines(md.replace('= a_1(1 - a_1)', '= a_1(1 + a_1)')), [3]);
});

test('an entry of a vector the note defines by index is an instance to check, not a new definition', () => {
  const md = `$$p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n$$p_1 = \\frac{e^{z_2}}{\\sum_k e^{z_k}}$$\n`;
  assert.deepEqual(flaggedLines(md), [3]);
});

test('numbered names a note reuses for the nodes of each part are not entries', () => {
  // x_1 is one thing in the first part and another in the second: no step is judged by either value.
  const md = [
    '## Part 1', '', 'Let $x_1 = \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}$', '', '$$\\frac{\\partial x_1}{\\partial z_1} = x_1 (1 - x_1)$$', '',
    '## Part 2', '', '$$\\frac{e^{z_1}}{x_1} = 1$$', '', 'where $x_1 = e^{z_1}$.', '',
  ].join('\n');
  assert.deepEqual(flaggedLines(md), []);
});

test('an entry redefined by a value that cannot be computed drops its earlier definition', () => {
  const md = '$$a_1 = e^{z_1}$$\n\n$$a_2 = 2 a_1$$\n\nLater:\n\n$$a_1 = g(z_1)$$\n';
  assert.deepEqual(flaggedLines(md), []);
});

test('a vector of a worked example written out in numbers defines its entries', () => {
  const head = 'With $\\mathbf p = [0.7, 0.2, 0.1]$ and $\\mathbf y = \\begin{bmatrix} 0 \\\\ 1 \\\\ 0 \\end{bmatrix}$:\n\n';
  const grad = (cells: string): string => `${head}$$\\mathbf p - \\mathbf y = \\begin{bmatrix} ${cells} \\end{bmatrix}$$\n`;
  assert.deepEqual(verdicts(grad('0.7 \\\\ -0.8 \\\\ 0.1')), ['holds']);
  assert.deepEqual(flaggedLines(grad('0.7 \\\\ 0.8 \\\\ 0.1')), [3]);
  // (2, 1, 0.1)^T is a column, (2, 1, 0.1) a row: either meets a column entry by entry.
  assert.deepEqual(verdicts(`With $z = (2, 1, 0.1)^T$ and $w = (1, 1, 1)$:\n\n$$z + w = \\begin{bmatrix} 3 \\\\ 2 \\\\ 1.1 \\end{bmatrix}$$\n`), ['holds']);
});

test('matrix algebra against a matrix written out: judged cell by cell, flagged only when no convention fits', () => {
  const jac = (last: string): string => `With $\\mathbf p = [0.7, 0.2, 0.1]$:\n\n$$\\operatorname{diag}(\\mathbf p) - \\mathbf p\\mathbf p^T = \\begin{bmatrix} 0.21 & -0.14 & -0.07 \\\\ -0.14 & 0.16 & -0.02 \\\\ -0.07 & -0.02 & ${last} \\end{bmatrix}$$\n`;
  assert.deepEqual(verdicts(jac('0.09')), ['holds']);
  assert.deepEqual(flaggedLines(jac('0.9')), [3]);
});

test('a vector written out in numbers fixes the length its example has', () => {
  const md = 'Let $z = [2, 1, 0.1]$ and $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n$$p_1 = \\frac{e^2}{e^2 + e^1 + e^{0.1}} \\approx 0.659$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'holds']);
  assert.deepEqual(flaggedLines(md.replace('0.659', '0.759')), [3]);
  // Examples of two lengths fix none: nothing is judged against the wrong length.
  const two = 'Let $z = [2, 1, 0.1]$ and $u = [1, 2, 3, 4]$ and $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n$$p_1 = \\frac{e^2}{e^2 + e^1 + e^{0.1}}$$\n';
  assert.deepEqual(flaggedLines(two), []);
});

test('the values of a vector the note defines are a claim about it, judged entry by entry', () => {
  const head = 'Let $\\mathbf z = [2, 1, 0.1]$ and $\\mathbf p = \\mathrm{softmax}(\\mathbf z)$.\n\n';
  assert.deepEqual(verdicts(`${head}$$\\mathbf p = [0.659, 0.242, 0.099]$$\n`), ['holds']);
  assert.deepEqual(flaggedLines(`${head}$$\\mathbf p = [0.659, 0.342, 0.099]$$\n`), [3]);
});

test('approximations in a worked example are judged to the precision written; approximations of functions are not', () => {
  const head = 'Let $z = [2.0, 1.0, 0.1]$ and $y = [1, 0, 0]$.\n\n';
  const ok = `${head}$$p = \\mathrm{softmax}(z) \\approx [0.659, 0.242, 0.099]$$\n\n$$L = -\\log p_1 \\approx -\\log(0.659) \\approx 0.417$$\n\n$$\\nabla_z L = p - y \\approx [-0.341, 0.242, 0.099]$$\n`;
  assert.deepEqual(flaggedLines(ok), []);
  assert.ok(checkMarkdown(ok).steps.filter((s) => s.verdict === 'holds').length >= 4);
  assert.deepEqual(flaggedLines(ok.replace('[-0.341,', '[0.341,')), [7]);
  assert.deepEqual(flaggedLines(ok.replace('\\approx 0.417', '\\approx 0.517')), [5]);
  // e^x ≈ 1 + x is an approximation, not an identity: never judged.
  assert.deepEqual(checkMarkdown('$$e^x \\approx 1 + x$$\n\nLet $z = [1, 2]$. Then $e^{z_1} \\approx 1 + z_1$.\n').steps, []);
});

test('a rounded result that happens to equal a given number is still rounded', () => {
  // 0.10 is p_1 rounded (0.1000…), not the given logit 0.1: -log p_1 ≈ -log(0.10) holds to its precision.
  const md = 'Let $x = [0.8, -0.3, 0.1, 2.9]$ and $p = \\mathrm{softmax}(x)$.\n\n$$L = -\\log p_1 \\approx -\\log(0.10) \\approx 2.30$$\n';
  assert.deepEqual(flaggedLines(md), []);
  // The given logits inside e^{…} are exact: a wrong sum of their exponentials is flagged.
  const sum = 'Let $o = (0.0, 0.6, 2.1)$.\n\n$$\\sum_{k} e^{o_k} = e^{0.0} + e^{0.6} + e^{2.1} = 12.09$$\n';
  assert.deepEqual(flaggedLines(sum), [3]);
});

test('the entries of an example given one by one (z_1 = 2.0, z_2 = 1.0, …) define it and fix its length', () => {
  const md = 'Let $z_1 = 2.0$, $z_2 = 1.0$, $z_3 = 0.1$ and $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n$$p_1 = \\frac{e^{z_1}}{\\sum_k e^{z_k}} = \\frac{7.389}{7.389 + 2.718 + 1.105} \\approx 0.659$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'holds', 'holds']);
  assert.deepEqual(flaggedLines(md.replace('2.718 + 1.105', '2.718 + 2.105')), [3]);
  // A target's entry set to 1 names the hot class, not an example entry.
  assert.deepEqual(flaggedLines('Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$, $L = -\\sum_k y_k \\log p_k$ and $y_2 = 1$.\n\n$$\\frac{\\partial L}{\\partial z_2} = p_2 - 1$$\n'), []);
});

test('a general derivation after a worked example is still judged (the example fixes its length in later sections too)', () => {
  const md = 'For example, with $z = [2.0, 1.0, 0.1]$ we get $p \\approx [0.659, 0.242, 0.099]$.\n\n## General case\n\nLet $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$$\n\n$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} + p_j)$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'fails']);
});
