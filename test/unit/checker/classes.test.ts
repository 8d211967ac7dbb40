/**
 * One test per class of notation the checker reads (issue 9): each pairs a correct note, which must
 * be silent AND have its steps judged (a checker that reads nothing fails here), with the same note
 * carrying a planted mistake, which must be flagged on its line. Notes are the project's own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

function lineOf(md: string, offset: number): number {
  return md.slice(0, offset).split('\n').length;
}

/** Lines of the warnings, and how many `=` links were judged (hold or fail). */
function read(md: string): { flagged: number[]; judged: number; notRead: string[] } {
  const r = checkMarkdown(md);
  return {
    flagged: r.findings.filter((f) => f.severity === 'warning').map((f) => lineOf(md, f.offset)),
    judged: r.steps.filter((s) => s.verdict !== 'not-read').length,
    notRead: r.steps.filter((s) => s.verdict === 'not-read').map((s) => s.reason ?? ''),
  };
}

function pair(name: string, correct: string, wrong: string, wrongLine: number, minJudged = 1): void {
  test(name, () => {
    const ok = read(correct);
    assert.deepEqual(ok.flagged, [], `correct note is silent (${name})`);
    assert.ok(ok.judged >= minJudged, `correct note: ${ok.judged} links judged, not read: ${ok.notRead.join('; ')}`);
    const bad = read(wrong);
    assert.ok(bad.flagged.includes(wrongLine), `the mistake on line ${wrongLine} is flagged (got ${JSON.stringify(bad.flagged)})`);
  });
}

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

pair(
  'a definition stated after the derivation, in prose',
  lines('$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 - s_i)$$', '', 'where $s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.'),
  lines('$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 + s_i)$$', '', 'where $s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.'),
  1,
);

test('a definition stated later reaches back only within its own section', () => {
  // Section A restates a loss with a flipped sign; section B defines y_i. The restatement is still judged.
  const md = lines('## A', '', '$$E = \\frac{1}{N}(\\hat y - y)^2$$', '', '## B', '', '$$E = -\\frac{1}{N}(\\hat y - y)^2$$', '', '## C', '', '$$y_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$');
  assert.deepEqual(read(md).flagged, [7]);
});

pair(
  'L(p) = …, p = softmax(x) and y_i(z_i) = … define the quantity',
  lines('$$L(\\mathbf{p}) = -\\sum_k t_k \\log p_k$$', '', 'with $\\mathbf{p} = \\text{softmax}(\\mathbf{x})$ and $p_i$, $x_i$ as usual.', '', '$$\\frac{\\partial L}{\\partial x_i} = \\sum_k \\frac{\\partial L}{\\partial p_k} \\frac{\\partial p_k}{\\partial x_i} = p_i - t_i$$'),
  lines('$$L(\\mathbf{p}) = -\\sum_k t_k \\log p_k$$', '', 'with $\\mathbf{p} = \\text{softmax}(\\mathbf{x})$ and $p_i$, $x_i$ as usual.', '', '$$\\frac{\\partial L}{\\partial x_i} = \\sum_k \\frac{\\partial L}{\\partial p_k} \\frac{\\partial p_k}{\\partial x_i} = p_i + t_i$$'),
  5,
  2,
);

pair(
  'a bare \\sum is the softmax denominator; a dropped sign after it is found',
  lines('$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '', '$$\\frac{\\partial s_i}{\\partial z_j} = \\frac{0 - e^{z_i} e^{z_j}}{\\sum^2} = -\\frac{e^{z_i}}{\\sum} \\frac{e^{z_j}}{\\sum} = -s_i s_j, \\quad i \\neq j$$'),
  lines('$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '', '$$\\frac{\\partial s_i}{\\partial z_j} = \\frac{0 - e^{z_i} e^{z_j}}{\\sum^2} = \\frac{e^{z_i}}{\\sum} \\frac{e^{z_j}}{\\sum} = s_i s_j, \\quad i \\neq j$$'),
  3,
  3,
);

pair(
  'conditions: a bracketed (i = j), a continuation row and a row that changes the case',
  lines('$$a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$$', '', '$$\\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i) \\quad (i = j)$$', '$$\\frac{\\partial a_j}{\\partial z_i} = -a_i a_j,\\quad i \\neq j.$$'),
  lines('$$a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$$', '', '$$\\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i) \\quad (i = j)$$', '$$\\frac{\\partial a_j}{\\partial z_i} = a_i a_j,\\quad i \\neq j.$$'),
  4,
  2,
);

pair(
  'indicators in brackets: 1\\{k = i\\} and [k = i]',
  lines('$$y_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}$$', '', '$$\\frac{\\partial y_k}{\\partial z_i} = y_k (1\\{k = i\\} - y_i) = y_k ([k = i] - y_i)$$'),
  lines('$$y_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}$$', '', '$$\\frac{\\partial y_k}{\\partial z_i} = y_k (1\\{k = i\\} - y_i) = y_k ([k = i] + y_i)$$'),
  3,
  2,
);

pair(
  'slash derivatives, never a product of d, σ and x',
  lines('$$\\mathrm{d}\\tanh(x) / \\mathrm{d}x = 1 - \\tanh^2(x)$$', '', '$$d\\sigma(x) / dx = \\sigma(x)(1 - \\sigma(x))$$'),
  lines('$$\\mathrm{d}\\tanh(x) / \\mathrm{d}x = 1 - \\tanh^2(x)$$', '', '$$d\\sigma(x) / dx = \\sigma(x)(1 + \\sigma(x))$$'),
  3,
  2,
);

test('a definition whose index contradicts its left side is flagged and read with the left index', () => {
  const md = lines('$$p_j = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$$', '', '$$\\frac{\\partial p_j}{\\partial a_j} = p_j(1 - p_j)$$');
  const r = read(md);
  assert.deepEqual(r.flagged, [1]);
  // Read as p_j = e^{a_j}/Σ, the derivative below holds (judged, not flagged).
  assert.ok(r.judged >= 2);
});

pair(
  'the one-hot class named by the index a step brings in',
  lines('Here $y$ is one-hot.', '', '$$L = -\\sum_k y_k \\log q_k$$', '', '$$q_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$$', '', '$$\\frac{\\partial L}{\\partial a_i} = -(\\delta_{ic} - q_i) = q_i - y_i$$'),
  lines('Here $y$ is one-hot.', '', '$$L = -\\sum_k y_k \\log q_k$$', '', '$$q_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$$', '', '$$\\frac{\\partial L}{\\partial a_i} = -(\\delta_{ic} - q_i) = q_i + y_i$$'),
  7,
  2,
);

pair(
  'a target that may sum to one (soft target, never defined)',
  lines('$$q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '', '$$-p_i(1 - q_i) + \\sum_{j \\neq i} p_j q_i = q_i - p_i$$'),
  lines('$$q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '', '$$-p_i(1 - q_i) + \\sum_{j \\neq i} p_j q_i = q_i + p_i$$'),
  3,
);

test('e as a variable, equations set to zero and unknown renames are not read, never flagged', () => {
  const eVariable = read(lines('$$E = \\frac{1}{2} e^2$$', '', '$$\\frac{dE}{de} = \\frac{d}{de}\\left[\\frac{1}{2} e^2\\right] = e^2$$'));
  assert.deepEqual(eVariable.flagged, []);
  assert.ok(eVariable.notRead.some((r) => /e as a variable/.test(r)), JSON.stringify(eVariable.notRead));
  const zero = read(lines('$$J(w) = (w - 3)^2$$', '', '$$\\frac{dJ}{dw} = 2(w - 3) = 0$$'));
  assert.deepEqual(zero.flagged, []);
  assert.ok(zero.notRead.some((r) => /condition to solve/.test(r)));
  const rename = read(lines('$$e_i\' = \\frac{\\partial \\exp(x_i)}{\\partial x_i} = \\exp(x_i)$$', '$$e_i\' = e_i$$'));
  assert.deepEqual(rename.flagged, []);
});

pair(
  'an ellipsis series is the sum its first and last terms spell',
  lines('$$p_i = \\frac{e^{x_i}}{e^{x_1} + e^{x_2} + \\dots + e^{x_n}}$$', '', '$$p_1 + p_2 + \\cdots + p_n = 1$$', '', '$$\\frac{\\partial p_i}{\\partial x_i} = p_i(1 - p_i)$$'),
  lines('$$p_i = \\frac{e^{x_i}}{e^{x_1} + e^{x_2} + \\dots + e^{x_n}}$$', '', '$$\\frac{\\partial p_i}{\\partial x_i} = p_i(1 + p_i)$$'),
  3,
);

pair(
  'an undefined vector the note differentiates: chain-rule steps hold for any dependence, a wrong one is found when the note names softmax',
  lines('The outputs are a softmax of the logits.', '', '$$\\frac{\\partial L}{\\partial o_i} = -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial o_i} = -\\sum_k \\frac{y_k}{p_k} \\frac{\\partial p_k}{\\partial o_i}$$'),
  lines('The outputs are a softmax of the logits.', '', '$$\\frac{\\partial L}{\\partial o_i} = -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial o_i} = -\\sum_k \\frac{y_k}{p_k} \\frac{\\partial p_k}{\\partial o_i} = -\\sum_k \\frac{y_k}{p_k} p_k(\\delta_{ik} + p_i)$$'),
  3,
);

pair(
  'σ(A_k) read as a softmax output in a softmax note',
  lines('With softmax outputs $\\sigma(A_k)$:', '', '$$\\frac{\\partial \\log(\\sigma(A_k))}{\\partial A_i} = \\frac{1}{\\sigma(A_k)} \\cdot (-\\sigma(A_k) \\sigma(A_i)) = -\\sigma(A_i), \\quad i \\neq k$$'),
  lines('With softmax outputs $\\sigma(A_k)$:', '', '$$\\frac{\\partial \\log(\\sigma(A_k))}{\\partial A_i} = \\frac{1}{\\sigma(A_k)} \\cdot (-\\sigma(A_k) \\sigma(A_i)) = \\sigma(A_i), \\quad i \\neq k$$'),
  3,
);

pair(
  'a one-line $$…$$ with trailing spaces is closed',
  lines('$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$  ', 'text  ', '$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 - s_i)$$  '),
  lines('$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$  ', 'text  ', '$$\\frac{\\partial s_i}{\\partial z_i} = s_i(1 + s_i)$$  '),
  3,
);

test('a case assumed to make a step hold is dropped when the chain later writes both cases (δ_ij)', () => {
  const def = '$$S_i = \\frac{e^{z_i}}{\\sum_l e^{z_l}}$$\n\n';
  // S_i · ∂ln S_j/∂z_j holds only when i = j; the chain then writes δ_ij, so it is about every i, j.
  const wrong = `${def}$$\n\\begin{aligned}\n\\frac{\\partial S_i}{\\partial z_j} &= S_i \\frac{\\partial \\ln S_j}{\\partial z_j} \\\\\n&= S_i (\\delta_{ij} - S_j)\n\\end{aligned}\n$$\n`;
  assert.ok(read(wrong).flagged.includes(5), JSON.stringify(read(wrong)));
  const right = `${def}$$\n\\begin{aligned}\n\\frac{\\partial S_i}{\\partial z_j} &= S_i \\frac{\\partial \\ln S_i}{\\partial z_j} \\\\\n&= S_i (\\delta_{ij} - S_j)\n\\end{aligned}\n$$\n`;
  assert.deepEqual(read(right).flagged, []);
  // Without a later δ_ij the chain may be about the diagonal: silent.
  const diagonal = `${def}$$\\frac{\\partial S_i}{\\partial z_j} = S_i \\frac{\\partial \\ln S_j}{\\partial z_j} = S_i(1 - S_i)$$\n`;
  assert.deepEqual(read(diagonal).flagged, []);
});

test('a one-hot class named after a step that assumed another: that step is judged again and flagged', () => {
  const md = lines('Here $y$ is one-hot.', '', '$$L = -\\sum_m y_m \\log s_m$$', '', '$$s_i = \\frac{e^{o_i}}{\\sum_m e^{o_m}}$$', '', '$$\\frac{\\partial L}{\\partial o_i} = \\frac{\\partial}{\\partial o_i}(-\\log s_i) = -(\\delta_{ic} - s_i) = s_i - y_i$$');
  assert.ok(read(md).flagged.includes(7), JSON.stringify(read(md)));
  const right = lines('Here $y$ is one-hot.', '', '$$L = -\\sum_m y_m \\log s_m$$', '', '$$s_i = \\frac{e^{o_i}}{\\sum_m e^{o_m}}$$', '', '$$\\frac{\\partial L}{\\partial o_i} = \\frac{\\partial}{\\partial o_i}(-\\log s_c) = -(\\delta_{ic} - s_i) = s_i - y_i$$');
  assert.deepEqual(read(right).flagged, []);
});

test('numeric examples: a decimal holds to its last written digit; \\approx to a decimal is judged', () => {
  const right = lines('$$\\sigma(2) = \\frac{1}{1 + e^{-2}} = 0.8808$$', '', 'The loss is $-\\log(0.9) = 0.105$, and $-\\log(0.1) \\approx 2.3$.');
  const r = read(right);
  assert.deepEqual(r.flagged, []);
  assert.ok(r.judged >= 4, JSON.stringify(r));
  const wrong = lines('$$\\sigma(2) = \\frac{1}{1 + e^{-2}} = 0.8808$$', '', 'The loss is $-\\log(0.9) = 0.105$, and $-\\log(0.1) \\approx 3.3$.');
  assert.deepEqual(read(wrong).flagged, [3]);
  const hint = checkMarkdown(wrong).findings[0]!.hint;
  assert.equal(hint, 'the value is 2.30259, not 3.3');
  // A symbol on the left (`\sigma(x) \approx 0.5`) is not a numeric example: never judged.
  assert.deepEqual(read('$\\sigma(x) \\approx 0.7$\n').flagged, []);
});

test('a hot class named by number in prose ("$y_2 = 1$") applies to what follows', () => {
  const md = lines('Suppose that $y_2 = 1$.', '', '$$L = -\\sum_k y_k \\log p_k$$', '', '$$p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '', '$$\\frac{\\partial L}{\\partial z_1} = p_1 - y_1 = p_1$$', '', '$$\\frac{\\partial L}{\\partial z_2} = p_2 - y_2 = p_2$$');
  const r = read(md);
  assert.deepEqual(r.flagged, [9]);
  assert.ok(r.judged >= 4);
});

pair(
  'a derivative by an expression the body contains (∂ log σ / ∂σ, the chain rule written out)',
  lines('With softmax outputs $\\sigma(A_k)$:', '', '$$\\frac{\\partial \\log(\\sigma(A_i))}{\\partial \\sigma(A_i)} \\cdot \\frac{\\partial \\sigma(A_i)}{\\partial A_i} = \\frac{1}{\\sigma(A_i)} \\cdot \\sigma(A_i) (1 - \\sigma(A_i)) = 1 - \\sigma(A_i)$$'),
  lines('With softmax outputs $\\sigma(A_k)$:', '', '$$\\frac{\\partial \\log(\\sigma(A_i))}{\\partial \\sigma(A_i)} \\cdot \\frac{\\partial \\sigma(A_i)}{\\partial A_i} = \\sigma(A_i) \\cdot \\sigma(A_i) (1 - \\sigma(A_i))$$'),
  3,
  2,
);

pair(
  'max of two values (ReLU written as max(0, z))',
  lines('$$\\frac{d}{dz} \\max(0, z)^2 = 2\\max(0, z)$$'),
  lines('$$\\frac{d}{dz} \\max(0, z)^2 = \\max(0, z)$$'),
  1,
);

pair(
  'a sum whose body starts with a sign (\\sum_k -a_k) sums the signed term',
  lines('Let $s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_k y_k \\log s_k$.', '$$\\frac{\\partial L}{\\partial z_i} = \\sum_k -\\frac{y_k}{s_k} s_k(\\delta_{ki} - s_i) = s_i \\sum_k y_k - y_i$$'),
  lines('Let $s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_k y_k \\log s_k$.', '$$\\frac{\\partial L}{\\partial z_i} = \\sum_k -\\frac{y_k}{s_k} s_k(\\delta_{ki} - s_i) = s_i \\sum_k y_k + y_i$$'),
  2,
  2,
);

test('a step that brought in a symbol the chain cannot bind is no ground for failing the next one', () => {
  // `\sum_K` alone is the note's shorthand sum: the middle step is not read; the next is judged
  // against the last step that was read, and holds.
  const md = lines(
    'Let $s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_k y_k \\log s_k$ with one-hot $y$.',
    '$$\\frac{\\partial L}{\\partial z_i} = \\sum_k \\frac{\\partial L}{\\partial s_k}\\frac{\\partial s_k}{\\partial z_i} = \\sum_K -\\frac{y_k}{s_k} s_k(\\delta_{ki} - s_i) = -y_i + s_i \\sum_k y_k = s_i - y_i$$',
  );
  const ok = read(md);
  assert.deepEqual(ok.flagged, []);
  assert.ok(ok.judged >= 3, `judged ${ok.judged}`);
  const bad = read(md.replace('= -y_i + s_i', '= y_i + s_i'));
  assert.ok(bad.flagged.includes(2), `got ${JSON.stringify(bad.flagged)}`);
});

pair(
  'a bold letter (\\boldsymbol{a}, \\mathbf{z}) is the letter, also in a slash derivative',
  lines('Let $\\sigma(\\boldsymbol{a}) = \\frac{1}{1 + e^{-\\boldsymbol{a}}}$.', '$$\\mathrm{d} \\sigma(\\boldsymbol{a}) / \\mathrm{d} \\boldsymbol{a} = \\sigma(\\boldsymbol{a})(1 - \\sigma(\\boldsymbol{a}))$$'),
  lines('Let $\\sigma(\\boldsymbol{a}) = \\frac{1}{1 + e^{-\\boldsymbol{a}}}$.', '$$\\mathrm{d} \\sigma(\\boldsymbol{a}) / \\mathrm{d} \\boldsymbol{a} = \\sigma(\\boldsymbol{a})(1 + \\sigma(\\boldsymbol{a}))$$'),
  2,
);

pair(
  '\\pi_i with an index is a quantity (a softmax output), not the constant π',
  lines('$$\\frac{\\partial \\pi_i}{\\partial z_j} = \\pi_i (\\delta_{ij} - \\pi_j)$$', '', 'where $\\pi_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.'),
  lines('$$\\frac{\\partial \\pi_i}{\\partial z_j} = \\pi_i (\\delta_{ij} + \\pi_j)$$', '', 'where $\\pi_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.'),
  1,
);

test('a differential after a slash by a braced variable (d{x}) is the derivative, never a division by d', () => {
  // dσ/dx = σ(1 − σ), not σ + 1: judged as the derivative it is.
  const wrong = read(lines('$$d\\sigma(x) / d{x} = \\sigma(x) + 1$$'));
  assert.equal(wrong.flagged.length, 1);
  const right = read(lines('$$d\\sigma(x) / d{x} = \\sigma(x)(1 - \\sigma(x))$$'));
  assert.deepEqual(right.flagged, []);
  assert.equal(right.judged, 1);
});

pair(
  'vector notation read component by component (\\nabla_{\\mathbf z} L, \\partial L / \\partial \\mathbf z, \\mathbf p - \\mathbf y)',
  lines('Let $\\mathbf p = \\operatorname{softmax}(\\mathbf z)$ and $L = -\\sum_k y_k \\log p_k$ with one-hot $y$.', '$$\\nabla_{\\mathbf z} L = \\mathbf p - \\mathbf y$$', '$$\\frac{\\partial L}{\\partial \\mathbf z} = -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial \\mathbf z} = \\mathbf p - \\mathbf y$$'),
  lines('Let $\\mathbf p = \\operatorname{softmax}(\\mathbf z)$ and $L = -\\sum_k y_k \\log p_k$ with one-hot $y$.', '$$\\nabla_{\\mathbf z} L = \\mathbf y - \\mathbf p$$', '$$\\frac{\\partial L}{\\partial \\mathbf z} = -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial \\mathbf z} = \\mathbf p - \\mathbf y$$'),
  2,
  3,
);

test('vector notation with no single component-wise meaning is not read (products of vectors, a Jacobian)', () => {
  const md = lines('Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.', '$$\\frac{\\partial \\mathbf p}{\\partial \\mathbf z} = \\mathbf p \\mathbf p$$', '$$\\nabla_{\\mathbf z} \\mathbf p = \\mathbf p - \\mathbf p^2$$');
  const r = read(md);
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 0, 'nothing judged');
});

pair(
  'a loss named with several arguments (H(Y, σ(A)), L(ŷ, y)) defines the loss',
  lines('$$L(\\hat y, y) = -\\sum_k y_k \\log \\hat y_k$$', 'where $\\hat y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $y$ is one-hot.', '$$\\frac{\\partial L}{\\partial z_i} = \\hat y_i - y_i$$'),
  lines('$$L(\\hat y, y) = -\\sum_k y_k \\log \\hat y_k$$', 'where $\\hat y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $y$ is one-hot.', '$$\\frac{\\partial L}{\\partial z_i} = y_i - \\hat y_i$$'),
  3,
);

pair(
  'a stated partial derivative of a loss given in words (∂E/∂q_i = …) carries the chain rule',
  lines('The loss $E$ is the cross-entropy between $p$ and $q$, with $\\sum_j p_j = 1$.', '$$q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '$$\\frac{\\partial E}{\\partial q_i} = -\\frac{p_i}{q_i}$$', '$$\\frac{\\partial E}{\\partial z_i} = \\sum_j \\frac{\\partial E}{\\partial q_j} \\frac{\\partial q_j}{\\partial z_i} = -\\sum_j \\frac{p_j}{q_j} q_j(\\delta_{ij} - q_i) = q_i - p_i$$'),
  lines('The loss $E$ is the cross-entropy between $p$ and $q$, with $\\sum_j p_j = 1$.', '$$q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$', '$$\\frac{\\partial E}{\\partial q_i} = -\\frac{p_i}{q_i}$$', '$$\\frac{\\partial E}{\\partial z_i} = \\sum_j \\frac{\\partial E}{\\partial q_i} \\frac{\\partial q_i}{\\partial z_j} = q_i - p_i$$'),
  4,
  3,
);

pair(
  'a stated partial derivative may come after the chain that uses it ("where ∂E/∂q_i = …")',
  lines('$$\\frac{\\partial E}{\\partial z_i} = \\sum_j \\frac{\\partial E}{\\partial q_j} \\frac{\\partial q_j}{\\partial z_i} = q_i - p_i$$', 'where $q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$, $\\sum_j p_j = 1$ and $\\frac{\\partial E}{\\partial q_i} = -\\frac{p_i}{q_i}$.'),
  lines('$$\\frac{\\partial E}{\\partial z_i} = \\sum_j \\frac{\\partial E}{\\partial q_j} \\frac{\\partial q_j}{\\partial z_i} = q_i + p_i$$', 'where $q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$, $\\sum_j p_j = 1$ and $\\frac{\\partial E}{\\partial q_i} = -\\frac{p_i}{q_i}$.'),
  1,
  2,
);

pair(
  'the logits renamed: a softmax defined over a, a loss differentiated by o the note never defines',
  lines('$$p_j = \\frac{e^{a_j}}{\\sum_k e^{a_k}}$$', '', '## Cross-entropy', '', '$$L = -\\sum_k y_k \\log p_k$$', '$$\\frac{\\partial L}{\\partial o_i} = -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial o_i} = -y_i(1 - p_i) + \\sum_{k \\neq i} y_k p_i$$'),
  lines('$$p_j = \\frac{e^{a_j}}{\\sum_k e^{a_k}}$$', '', '## Cross-entropy', '', '$$L = -\\sum_k y_k \\log p_k$$', '$$\\frac{\\partial L}{\\partial o_i} = -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial o_i} = -y_i(1 - p_i) + \\sum_{k \\neq 1} y_k p_i$$'),
  6,
  2,
);

test('the logits are not renamed when the other vector is related to them or the link mentions both', () => {
  const md = lines('$$p_j = \\frac{e^{a_j}}{\\sum_k e^{a_k}}$$', '$$a_j = o_j + b_j$$', '$$L = -\\sum_k y_k \\log p_k$$', '$$\\frac{\\partial L}{\\partial o_i} = p_i - y_i$$');
  assert.deepEqual(read(md).flagged, []);
  const both = lines('$$p_j = \\frac{e^{a_j}}{\\sum_k e^{a_k}}$$', '$$L = -\\sum_k y_k \\log p_k$$', '$$\\frac{\\partial L}{\\partial o_i} = a_i - y_i$$');
  const r = read(both);
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 0);
});

pair(
  'an expanded sum with its i-th term written out in the middle (a_1 + … + M + … + a_n)',
  lines('$$\\sum_{k=1}^n a_k b_k = a_1 b_1 + a_2 b_2 + \\dots + a_i b_i + \\dots + a_n b_n = a_1 b_1 + a_2 b_2 + \\dots + (a_i b_i + 1) + \\dots + a_n b_n - 1$$'),
  lines('$$\\sum_{k=1}^n a_k b_k = a_1 b_1 + a_2 b_2 + \\dots + a_i b_i + \\dots + a_n b_n = a_1 b_1 + a_2 b_2 + \\dots + a_i + \\dots + a_n b_n$$'),
  1,
  2,
);

pair(
  'matrices judged cell by cell (both sides written out)',
  lines('Let $a_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $n = 2$.', '$$\\begin{bmatrix} \\frac{\\partial a_1}{\\partial z_1} & \\frac{\\partial a_1}{\\partial z_2} \\\\ \\frac{\\partial a_2}{\\partial z_1} & \\frac{\\partial a_2}{\\partial z_2} \\end{bmatrix} = \\begin{bmatrix} a_1(1 - a_1) & -a_1 a_2 \\\\ -a_1 a_2 & a_2(1 - a_2) \\end{bmatrix}$$'),
  lines('Let $a_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $n = 2$.', '$$\\begin{bmatrix} \\frac{\\partial a_1}{\\partial z_1} & \\frac{\\partial a_1}{\\partial z_2} \\\\ \\frac{\\partial a_2}{\\partial z_1} & \\frac{\\partial a_2}{\\partial z_2} \\end{bmatrix} = \\begin{bmatrix} a_1(1 - a_1) & -a_1 a_2 \\\\ a_1 a_2 & a_2(1 - a_2) \\end{bmatrix}$$'),
  2,
);

pair(
  'a Jacobian ∂a/∂z against its matrix written out (the matrix fixes n)',
  lines('Let $a_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.', '$$\\frac{\\partial \\mathbf{a}}{\\partial \\mathbf{z}} = \\begin{pmatrix} a_1(1 - a_1) & -a_1a_2 \\\\ -a_1a_2 & a_2(1 - a_2) \\end{pmatrix}$$'),
  lines('Let $a_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.', '$$\\frac{\\partial \\mathbf{a}}{\\partial \\mathbf{z}} = \\begin{pmatrix} a_1(1 - a_1) & -a_1a_2 \\\\ -a_1a_2 & a_2(1 + a_2) \\end{pmatrix}$$'),
  2,
);

pair(
  'a gradient against its column written out',
  lines('Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_k y_k \\log p_k$ with one-hot $y$.', '$$\\nabla_{\\mathbf z} L = \\begin{bmatrix} p_1 - y_1 \\\\ p_2 - y_2 \\\\ p_3 - y_3 \\end{bmatrix}$$'),
  lines('Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_k y_k \\log p_k$ with one-hot $y$.', '$$\\nabla_{\\mathbf z} L = \\begin{bmatrix} p_1 - y_1 \\\\ p_2 - y_2 \\\\ y_3 - p_3 \\end{bmatrix}$$'),
  2,
);

test('a product of matrices, or a matrix beside a scalar, is not read cell by cell', () => {
  for (const md of ['$$\\begin{bmatrix} a & b \\end{bmatrix}\\begin{bmatrix} c \\\\ d \\end{bmatrix} = \\begin{bmatrix} ac + bd \\end{bmatrix}$$\n', '$$\\begin{bmatrix} a \\\\ b \\end{bmatrix} + 1 = \\begin{bmatrix} a + 2 \\\\ b + 1 \\end{bmatrix}$$\n']) {
    const r = read(md);
    assert.deepEqual(r.flagged, [], md);
    assert.equal(r.judged, 0, md);
  }
});

pair(
  'a capital letter bounding a sum (\\sum_{j=1}^{J}) is the vector length; conditions in subscripts (y_{k \\neq i}, \\not=)',
  lines('$$y_k = \\frac{e^{z_k}}{\\sum_{j=1}^J e^{z_j}}$$', '$$\\frac{\\partial y_{k \\not= i}}{\\partial z_i} = -\\frac{e^{z_{k \\not= i}} e^{z_i}}{(\\sum_{j=1}^J e^{z_j})^2} = - y_{k \\not= i} y_i$$'),
  lines('$$y_k = \\frac{e^{z_k}}{\\sum_{j=1}^J e^{z_j}}$$', '$$\\frac{\\partial y_{k \\not= i}}{\\partial z_i} = -\\frac{e^{z_{k \\not= i}} e^{z_i}}{(\\sum_{j=1}^J e^{z_j})^2} = y_{k \\not= i} y_i$$'),
  2,
  2,
);

pair(
  'the capital Σ written for the summation sign (\\Sigma_{k} e^{a_k})',
  lines('$$S_i = \\frac{e^{a_i}}{\\Sigma_{k} e^{a_k}}$$', '$$\\frac{\\partial S_i}{\\partial a_i} = S_i(1 - S_i)$$'),
  lines('$$S_i = \\frac{e^{a_i}}{\\Sigma_{k} e^{a_k}}$$', '$$\\frac{\\partial S_i}{\\partial a_i} = S_i(1 + S_i)$$'),
  2,
);

test('\\Sigma_k over a body without k is a quantity (a covariance), not a sum', () => {
  const r = read(lines('$$\\Sigma_k^{-1} x = \\Sigma_k x$$'));
  assert.deepEqual(r.flagged, []);
});

pair(
  'a layer superscript (a^{[L]}) and a primed sum index (\\sum_{c\'}) are part of the notation',
  lines("$$q_c = \\frac{\\exp(\\ell_c)}{\\sum_{c'} \\exp(\\ell_{c'})}, \\quad \\frac{\\partial q_c}{\\partial \\ell_c} = q_c (1 - q_c)$$", '$$a^{[L]}_i = \\frac{e^{z^{[L]}_i}}{\\sum_k e^{z^{[L]}_k}}, \\quad \\frac{\\partial a^{[L]}_i}{\\partial z^{[L]}_i} = a^{[L]}_i (1 - a^{[L]}_i)$$'),
  lines("$$q_c = \\frac{\\exp(\\ell_c)}{\\sum_{c'} \\exp(\\ell_{c'})}, \\quad \\frac{\\partial q_c}{\\partial \\ell_c} = q_c (1 + q_c)$$", '$$a^{[L]}_i = \\frac{e^{z^{[L]}_i}}{\\sum_k e^{z^{[L]}_k}}, \\quad \\frac{\\partial a^{[L]}_i}{\\partial z^{[L]}_i} = a^{[L]}_i (1 - a^{[L]}_i)$$'),
  1,
  2,
);

pair(
  '$$…$$ closed on its line and followed by text is display math in a paragraph',
  lines('$$\\frac{d\\sigma}{dx} = \\sigma (1 - \\sigma)$$ where $\\sigma = \\frac{1}{1+e^{-x}}$.'),
  lines('$$\\frac{d\\sigma}{dx} = \\sigma (1 + \\sigma)$$ where $\\sigma = \\frac{1}{1+e^{-x}}$.'),
  1,
);

pair(
  'bare a, z, x where a_i, z_i are defined (the n = 1 simplification): read for one sample, a as a_1 and x as x_1',
  lines('$$a_i = \\sigma(z_i), \\quad z_i = w x_i + b$$', '$$L = -(y \\log a + (1-y) \\log(1-a))$$', '$$\\frac{\\partial L}{\\partial w} = -\\left(\\frac{y}{a} - \\frac{1-y}{1-a}\\right) \\sigma\'(z)\\, x = (a - y)\\, x$$'),
  lines('$$a_i = \\sigma(z_i), \\quad z_i = w x_i + b$$', '$$L = -(y \\log a + (1-y) \\log(1-a))$$', '$$\\frac{\\partial L}{\\partial w} = -\\left(\\frac{y}{a} - \\frac{1-y}{1-a}\\right) \\sigma\'(x)\\, x = (a - y)\\, x$$'),
  3,
  2,
);

test('bare a where a_i is defined: a link that fails for any a is flagged; one reaching a sum over samples is not read', () => {
  const md = lines('$$a_i = \\sigma(z_i)$$', '$$L = -(y \\log a + (1-y) \\log(1-a)) = -y \\log a - (1-y)\\log(1-a) = y \\log a$$');
  assert.deepEqual(read(md).flagged, [2]);
  // The loss sums over the samples; the per-sample gradient written with bare names is another quantity.
  const summed = lines('$$a_i = \\sigma(z_i), \\quad z_i = w x_i + b$$', '$$L = \\frac{1}{n}\\sum_i (a_i - y_i)^2$$', '$$\\frac{\\partial L}{\\partial w} = 2 (a - y) \\sigma\'(z) x$$');
  const r = read(summed);
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 0);
});

pair(
  'a wide space separates a condition or a second statement, never a product (\\quad i \\neq j, \\qquad (i = j), \\qquad L = …, \\forall)',
  lines('$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} \\qquad L = -\\sum_k y_k \\log s_k$$', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\quad i \\neq j$$', '$$\\frac{\\partial s_i}{\\partial z_j} = s_i(1 - s_j) \\qquad (i = j)$$', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\quad \\forall\\, i \\neq j$$', '$$\\frac{\\partial L}{\\partial z_i} = s_i \\sum_k y_k - y_i$$'),
  lines('$$s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} \\qquad L = -\\sum_k y_k \\log s_k$$', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\quad i \\neq j$$', '$$\\frac{\\partial s_i}{\\partial z_j} = s_i(1 - s_j) \\qquad (i = j)$$', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\quad \\forall\\, i \\neq j$$', '$$\\frac{\\partial L}{\\partial z_i} = s_i \\sum_k y_k + y_i$$'),
  5,
  4,
);

test('an explicit wide space (\\hspace{1cm}, ~~, \\;) before a condition is a separator too', () => {
  const md = lines('Let $s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\hspace{1cm} i \\neq j$$', '', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\; (i \\ne j)$$', '', '$$\\frac{\\partial s_i}{\\partial z_j} = -s_i s_j \\ \\ \\text{if}\\ \\ i\\ne j$$');
  const r = read(md);
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 3);
});

pair(
  'a loss named by its kind (\\mathcal{L}_{\\text{CE}}) is the L the note differentiates; vector notation against the j-th component',
  lines('Softmax: $\\text{softmax}(z_i) = \\frac{e^{z_i}}{\\sum_{j} e^{z_j}}$. Cross entropy: $\\mathcal{L}_{\\text{CE}} = -\\sum_{i} y_i \\log(\\hat{y}_i)$.', '', '$\\frac{\\partial L}{\\partial \\hat{y}} = -\\frac{y_j}{\\hat{y}_j}$'),
  lines('Softmax: $\\text{softmax}(z_i) = \\frac{e^{z_i}}{\\sum_{j} e^{z_j}}$. Cross entropy: $\\mathcal{L}_{\\text{CE}} = -\\sum_{i} y_i \\log(\\hat{y}_i)$.', '', '$\\frac{\\partial L}{\\partial \\hat{y}} = - \\log{\\hat{y}_j}$'),
  3,
);

test('the loss named by its kind is not the plain L when the note defines L, or has two such losses', () => {
  const two = lines('$\\mathcal{L}_{\\text{CE}} = -\\sum_{i} y_i \\log(\\hat{y}_i)$ and $L_{MSE} = \\sum_i (\\hat y_i - y_i)^2$.', '', '$\\frac{\\partial L}{\\partial \\hat{y}} = - \\log{\\hat{y}_j}$');
  assert.deepEqual(read(two).flagged, []);
  const own = lines('$\\mathcal{L}_{\\text{CE}} = -\\sum_{i} y_i \\log(\\hat{y}_i)$ and $L = \\sum_i \\hat y_i^2$.', '', '$\\frac{\\partial L}{\\partial \\hat{y}} = - \\log{\\hat{y}_j}$');
  assert.deepEqual(read(own).flagged.length, 1, 'judged against the L the note defines');
});

pair(
  'a column written with ⋮ is the vector of its rows\' pattern, judged entry by entry',
  lines('$$p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}, \\quad L = -\\sum_k y_k \\log p_k$$', '$$\\frac{\\partial L}{\\partial \\mathbf z} = \\begin{pmatrix} \\frac{\\partial L}{\\partial z_1} \\\\ \\frac{\\partial L}{\\partial z_2} \\\\ \\vdots \\\\ \\frac{\\partial L}{\\partial z_n} \\end{pmatrix} = \\begin{pmatrix} p_1 \\sum_k y_k - y_1 \\\\ p_2 \\sum_k y_k - y_2 \\\\ \\vdots \\\\ p_n \\sum_k y_k - y_n \\end{pmatrix}$$'),
  lines('$$p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}, \\quad L = -\\sum_k y_k \\log p_k$$', '$$\\frac{\\partial L}{\\partial \\mathbf z} = \\begin{pmatrix} \\frac{\\partial L}{\\partial z_1} \\\\ \\frac{\\partial L}{\\partial z_2} \\\\ \\vdots \\\\ \\frac{\\partial L}{\\partial z_n} \\end{pmatrix} = \\begin{pmatrix} p_1 \\sum_k y_k + y_1 \\\\ p_2 \\sum_k y_k + y_2 \\\\ \\vdots \\\\ p_n \\sum_k y_k + y_n \\end{pmatrix}$$'),
  2,
);

test('a column with ⋮ in two places is not read, never judged; the parse says why', () => {
  const col = (f: (m: string) => string): string => `\\begin{pmatrix} ${f('1')} \\\\ \\vdots \\\\ ${f('k')} \\\\ \\vdots \\\\ ${f('n')} \\end{pmatrix}`;
  const md = lines('$$p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}, \\quad L = -\\sum_k y_k \\log p_k$$', `$$\\frac{\\partial L}{\\partial \\mathbf z} = ${col((m) => `\\frac{\\partial L}{\\partial z_${m}}`)} = ${col((m) => `p_${m} + y_${m}`)}$$`);
  const r = read(md);
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 0);
  assert.ok(r.notRead.some((why) => why.includes('⋮')), r.notRead.join('; '));
});

pair(
  'definitions listed in one display with a comma and a wide space each (a = …, \\quad z = …, \\quad L = …)',
  lines('$$\\sigma(z) = \\frac{1}{1 + e^{-z}}, \\quad z = wx + b, \\quad L = (\\sigma(z) - y)^2$$', '', '$$\\frac{\\partial L}{\\partial w} = 2(\\sigma(z) - y)\\sigma\'(z) x$$'),
  lines('$$\\sigma(z) = \\frac{1}{1 + e^{-z}}, \\quad z = wx + b, \\quad L = (\\sigma(z) - y)^2$$', '', '$$\\frac{\\partial L}{\\partial w} = 2(\\sigma(z) - y)\\sigma\'(z)$$'),
  3,
);

pair(
  'a function written without its argument in its own derivative (\\frac{d\\sigma}{dz} = \\sigma(1 - \\sigma)) is that function of the variable; σ(1 − σ) holds read as a product',
  lines('$$\\frac{d\\sigma}{dz} = \\frac{e^{-z}}{(1 + e^{-z})^2} = \\sigma - \\sigma^2 = \\sigma (1 - \\sigma)$$', '', 'where $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.'),
  lines('$$\\frac{d\\sigma}{dz} = \\frac{e^{-z}}{(1 + e^{-z})^2} = \\sigma - \\sigma^2 = \\sigma (1 + \\sigma)$$', '', 'where $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.'),
  1,
  3,
);

test('a bare function is not read as a function of a variable the note never applies it to (∂σ/∂w with σ(z), z = wx + b)', () => {
  const md = lines('$$\\hat y = \\sigma(z), \\quad z = wx + b$$', '', '$$\\frac{\\partial \\sigma}{\\partial w} = \\sigma(1 - \\sigma) x$$');
  const r = read(md);
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 0);
  const g = read(lines('$$g(t) = t^2 + 1$$', '', '$$\\frac{dg}{dt} = 2t = \\frac{d}{dt}(t^2 + 1)$$'));
  assert.deepEqual(g.flagged, []);
  assert.ok(g.judged >= 2, 'a function the note defines, written bare, is read too');
});

pair(
  'a divergence named with a bar between its arguments (D_{KL}(y \\| p), KL(y || p)) defines the quantity',
  lines('Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $D_{KL}(y \\| p) = \\sum_k y_k \\log \\frac{y_k}{p_k}$ with $\\sum_k y_k = 1$.', '', '$$\\frac{\\partial D_{KL}}{\\partial z_i} = p_i - y_i$$'),
  lines('Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $D_{KL}(y \\| p) = \\sum_k y_k \\log \\frac{y_k}{p_k}$ with $\\sum_k y_k = 1$.', '', '$$\\frac{\\partial D_{KL}}{\\partial z_i} = y_i - p_i$$'),
  3,
);

test('a bar inside a call is a separator only between two names; |x| stays an absolute value', () => {
  const r = read(lines('$$f(x) = |x|$$', '$$f(|x|) = |x|$$'));
  assert.deepEqual(r.flagged, []);
});

pair(
  "a prime on a bracket is the derivative by its one variable ((\\sigma(x))', (wx + b)'_w)",
  lines('Let $\\sigma(x) = \\frac{1}{1+e^{-x}}$.', '', "$$(\\sigma(x))' = \\sigma(x)(1-\\sigma(x))$$", '', "$$(w x + b)'_w = x$$"),
  lines('Let $\\sigma(x) = \\frac{1}{1+e^{-x}}$.', '', "$$(\\sigma(x))' = \\sigma(x)(1+\\sigma(x))$$", '', "$$(w x + b)'_w = x$$"),
  3,
  2,
);

test("a prime on a bracket of several variables is not read", () => {
  const r = read(lines("$$(x y)' = y$$"));
  assert.deepEqual(r.flagged, []);
  assert.equal(r.judged, 0);
});

pair(
  'a target with a sample index and a class index (y^{(n)}_k, y_{nk}) is one-hot along one of them',
  lines('Let $\\hat y^{(n)}_k = \\frac{e^{z^{(n)}_k}}{\\sum_j e^{z^{(n)}_j}}$ and $L = -\\sum_k y^{(n)}_k \\log \\hat y^{(n)}_k$.', '', '$$\\frac{\\partial L}{\\partial z^{(n)}_k} = \\hat y^{(n)}_k - y^{(n)}_k$$', '', 'Let $p_{nk} = \\frac{e^{z_{nk}}}{\\sum_j e^{z_{nj}}}$ and $E = -\\sum_k y_{nk} \\log p_{nk}$.', '', '$$\\frac{\\partial E}{\\partial z_{nk}} = p_{nk} - y_{nk}$$'),
  lines('Let $\\hat y^{(n)}_k = \\frac{e^{z^{(n)}_k}}{\\sum_j e^{z^{(n)}_j}}$ and $L = -\\sum_k y^{(n)}_k \\log \\hat y^{(n)}_k$.', '', '$$\\frac{\\partial L}{\\partial z^{(n)}_k} = y^{(n)}_k - \\hat y^{(n)}_k$$', '', 'Let $p_{nk} = \\frac{e^{z_{nk}}}{\\sum_j e^{z_{nj}}}$ and $E = -\\sum_k y_{nk} \\log p_{nk}$.', '', '$$\\frac{\\partial E}{\\partial z_{nk}} = p_{nk} - y_{nk}$$'),
  3,
  2,
);
