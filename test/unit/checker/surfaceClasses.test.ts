// Classes of notation found by the generator's newer dimensions: `\!` tightening an application,
// the derivative of a number, the entry of a function's value named on the way (`σ(z)_i`), and
// inline chains continued on the next line or list item (`- $= …$`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const SOFTMAX = 'Let $q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$, $J = -\\sum_k y_k \\log q_k$, $\\sum_k y_k = 1$.\n\n';

test('a negative thin space between a function and its bracket is an application', () => {
  const md = '$$\\sigma\\!\\left(a\\right) = \\frac{1}{1 + e^{-a}}$$\n\n$$\\frac{d}{da}\\sigma\\!\\left(a\\right) = \\sigma\\!\\left(a\\right)\\left(1 - \\sigma\\!(a)\\right)$$\n\n$$\\frac{d}{da}\\sigma\\!\\left(a\\right) = \\sigma\\!\\left(a\\right)\\left(1 + \\sigma\\!(a)\\right)$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'holds', 'fails']);
});

test('the derivative of a number is zero', () => {
  const md = '$$\\ell = \\frac{1}{2}(\\hat y - y)^2$$\n\n$$\\frac{d \\ell}{d \\hat y} = \\frac{d}{d \\hat y} \\frac{1}{2} = \\hat y - y$$\n';
  assert.deepEqual(verdicts(md).slice(-2), ['fails', 'fails']);
});

test('the entry of a function value named on the way is defined by what follows', () => {
  const md = 'Let $\\hat y_i = \\sigma(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n$$\\frac{\\partial \\hat y_i}{\\partial z_j} = \\hat y_i(\\delta_{ij} - \\hat y_j)$$\n\n$$\\frac{\\partial \\hat y_i}{\\partial z_j} = \\hat y_i(\\delta_{ij} + \\hat y_j)$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'holds', 'fails']);
});

test('an inline chain continues on the next line or list item, never across words', () => {
  assert.deepEqual(verdicts(`${SOFTMAX}- $\\frac{\\partial J}{\\partial z_i} = q_i - y_i$\n- $= q_i + y_i$\n`), ['holds', 'fails']);
  assert.deepEqual(verdicts(`${SOFTMAX}$\\frac{\\partial J}{\\partial z_i} = q_i - y_i$\n\n$= q_i + y_i$\n`), ['holds', 'fails']);
  // Words between: not a continuation (the second span has nothing to be read against: shown as not read).
  assert.deepEqual(verdicts(`${SOFTMAX}$\\frac{\\partial J}{\\partial z_i} = q_i - y_i$ and\nthen $= q_i + y_i$\n`), ['holds', 'not-read']);
});

test('a display block starting with = after a few words continues the block before it', () => {
  const md = `${SOFTMAX}$$\\frac{\\partial J}{\\partial z_i} = q_i - y_i$$\n\nso\n\n$$= q_i + y_i$$\n\n即 \\[= q_i + y_i\\]\n`;
  assert.deepEqual(verdicts(md), ['holds', 'fails', 'holds']);
  // A heading between: a new part, nothing to continue (not read, never silence).
  assert.deepEqual(verdicts(`${SOFTMAX}$$\\frac{\\partial J}{\\partial z_i} = q_i - y_i$$\n\n## Next\n\n$$= q_i + y_i$$\n`), ['holds', 'not-read']);
  // Quote markers between two quoted blocks are no words: the chain goes on.
  assert.deepEqual(verdicts(`${SOFTMAX}> $$\\frac{\\partial J}{\\partial z_i} = q_i - y_i$$\n>\n> $$= q_i + y_i$$\n`), ['holds', 'fails']);
});

test('a series written out from 0 to an end with arithmetic (x_0 + … + x_{d-1})', () => {
  const md = 'Let $s_i = \\frac{e^{x_i}}{e^{x_0} + e^{x_1} + \\ldots + e^{x_{d-1}}}$.\n\n$$\\frac{\\partial s_i}{\\partial x_i} = s_i(1 - s_i)$$\n\n$$\\frac{\\partial s_i}{\\partial x_i} = s_i(1 + s_i)$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'fails']);
});

test('an entry of a bracketed vector expression, (∇_z L)_i and (p - y)_i, is read entry by entry', () => {
  const defs = SOFTMAX;
  assert.deepEqual(verdicts(`${defs}$$(\\nabla_{z} J)_i = q_i - y_i$$\n\n$$(\\nabla_{\\mathbf z} J)_i = y_i - q_i$$\n\n$$\\left(\\frac{\\partial J}{\\partial \\mathbf z}\\right)_i = (\\mathbf q - \\mathbf y)_i$$\n`), ['holds', 'fails', 'holds']);
  // A capital letter the note never defines beside a vector is a matrix product: not read.
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial J}{\\partial x_i} = (W \\mathbf z)_i$$\n`), ['not-read']);
});

test('the operator D_j before a braced quantity (D_{j} {q_i}) is the derivative by the j-th input', () => {
  const defs = 'Let $q_i = \\frac{e^{u_i}}{\\sum_k e^{u_k}}$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$D_{j} {q_i} = {q_i}\\,(\\delta_{ij} - {q_j})$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$D_{j} {q_i} = {q_i}\\,(\\delta_{ij} - {q_i})$$\n`), ['fails']);
});

test('an entry of a function\'s value with a power (σ(θ)_i^2) is that entry to the power', () => {
  const defs = 'Let $\\sigma(\\theta)_i = \\frac{e^{\\theta_i}}{\\sum_k e^{\\theta_k}}$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial \\sigma(\\theta)_i}{\\partial \\theta_i} = \\sigma(\\theta)_i - \\sigma(\\theta)_i^2$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial \\sigma(\\theta)_i}{\\partial \\theta_i} = \\sigma(\\theta)_i(1 - \\sigma(\\theta)_i^2)$$\n`), ['fails']);
  assert.deepEqual(verdicts(`Let $S(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n$$\\frac{\\partial S(z)_i}{\\partial z_i} = S(z)_i - S(z)_i^2$$\n`), ['holds']);
});

test('a Greek parameter before a bracket is a product (τ\\left(…\\right)), not a function the note never defines', () => {
  const defs = 'Let $q_i = \\frac{e^{u_i/\\tau}}{\\sum_k e^{u_k/\\tau}}$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial q_i}{\\partial u_j} = \\frac{q_i(\\delta_{ij} - q_j)}{\\tau} = q_i \\frac{\\delta_{ij} - q_j}{\\tau\\left(1\\right)}$$\n`), ['holds', 'holds']);
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial q_i}{\\partial u_j} = \\frac{q_i \\delta_{ij}}{\\tau\\left(1 + q_j\\right)}$$\n`), ['fails']);
});

test('the name at the end of a derivation is a claim about its result, not a definition', () => {
  // q is the softmax (defined after); the derivation's result is wrong: flagged, and the definition is not.
  const md = '$$\\frac{\\partial}{\\partial z_i} \\log \\sum_k e^{z_k} = \\frac{e^{2 z_i}}{\\sum_k e^{z_k}} = q_i$$\n\n$$\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} = q_i$$\n';
  const { findings } = checkMarkdown(md);
  assert.equal(findings.filter((f) => f.severity === 'warning').length >= 1, true);
  assert.ok(findings.every((f) => f.offset < md.indexOf('$$\\sigma')));
});

test('a slash derivative by a braced variable (∂f / ∂{a_j}) is read', () => {
  const defs = 'Let $q_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\partial q_i / \\partial {a_i} = q_i (1 - q_i)$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$\\partial q_i / \\partial {a_i} = q_i (1 + q_i)$$\n`), ['fails']);
});

test('the derivative of a target (data) by the prediction is 0; of an undefined quantity it is not read', () => {
  const defs = 'Let $L = \\frac{1}{K}\\sum_{l=1}^K (\\hat y_l - y_l)^2$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L}{\\partial \\hat y_i} = \\frac{1}{K}\\sum_{l=1}^K \\frac{\\partial}{\\partial \\hat y_i}(-y_l)^2$$\n`), ['fails']);
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L}{\\partial \\hat y_i} = \\frac{1}{K}\\sum_{l=1}^K \\frac{\\partial}{\\partial \\hat y_i}(\\hat y_l - y_l)^2$$\n`), ['holds']);
  // An undefined q may depend on the variable: not read.
  assert.deepEqual(verdicts('$$\\frac{\\partial}{\\partial z_i} q_i^2 = 0$$\n'), ['not-read']);
});

test('an entry of a function of a vector expression (σ(u/T)_i) is one quantity named as written', () => {
  const defs = 'Let $\\sigma(u/T)_i = \\frac{e^{u_i/T}}{\\sum_k e^{u_k/T}}$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial \\sigma(u/T)_i}{\\partial u_i} = \\frac{\\sigma(u/T)_i (1 - \\sigma(u/T)_i)}{T}$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial \\sigma(u/T)_i}{\\partial u_i} = \\sigma(u/T)_i (1 - \\sigma(u/T)_i)$$\n`), ['fails']);
});

test('an inline chain continues across <br> and table cells (| 2 | $= …$ |)', () => {
  assert.deepEqual(verdicts(`${SOFTMAX}$\\frac{\\partial J}{\\partial z_i} = q_i - y_i$<br>\n$= q_i + y_i$<br>\n`), ['holds', 'fails']);
  assert.deepEqual(verdicts(`${SOFTMAX}| step | expression |\n| --- | --- |\n| 1 | $\\frac{\\partial J}{\\partial z_i} = q_i - y_i$ |\n| 2 | $= q_i + y_i$ |\n`), ['holds', 'fails']);
  // A word in the cell between: not a continuation.
  assert.deepEqual(verdicts(`${SOFTMAX}| 1 | $\\frac{\\partial J}{\\partial z_i} = q_i - y_i$ |\n| then | $= q_i + y_i$ |\n`), ['holds', 'not-read']);
});

test('σ of a vector is not the logistic function where the note writes σ(…)_i as its own quantity', () => {
  const md = 'Let $\\sigma(x/\\tau)_i = \\frac{e^{x_i/\\tau}}{\\sum_k e^{x_k/\\tau}}$ and $E = -\\sum_k t_k \\ln \\sigma(x/\\tau)_k$ with $\\sum_k t_k = 1$.\n\n$$\\nabla_{\\mathbf{x}} E = \\frac{\\sigma(\\mathbf{x}/\\tau) - \\mathbf{t}}{\\tau}$$\n';
  assert.equal(checkMarkdown(md).findings.filter((f) => f.severity === 'warning').length, 0);
  // Where σ is only the logistic function, σ of a vector is read entry by entry.
  assert.deepEqual(verdicts('Let $\\mathbf a = \\sigma(\\mathbf z)$.\n\n$$\\frac{\\partial a_i}{\\partial z_i} = a_i(1 - a_i)$$\n'), ['holds']);
});

test('a layer label and a capital end keep one name (z^{(L)}_1 + … + z^{(L)}_K is a series)', () => {
  const defs = 'Let $p_i = \\frac{e^{z^{(L)}_i}}{e^{z^{(L)}_1} + e^{z^{(L)}_2} + \\ldots + e^{z^{(L)}_K}}$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial p_i}{\\partial z^{(L)}_i} = p_i(1 - p_i)$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial p_i}{\\partial z^{(L)}_i} = p_i(1 + p_i)$$\n`), ['fails']);
});

test('the gradient of a scalar function of the whole vector, entry by entry ((∇_u LSE(u))_i)', () => {
  const defs = '$$\\operatorname{LSE}(u) = \\log \\sum_k e^{u_k}$$\n\n';
  assert.deepEqual(verdicts(`${defs}$$(\\nabla_{\\mathbf{u}} \\operatorname{LSE}(u))_i = \\frac{e^{u_i}}{\\sum_k e^{u_k}}$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${defs}$$(\\nabla_{\\mathbf{u}} \\operatorname{LSE}(u))_i = \\frac{\\partial}{\\partial u_i} \\sum_k e^{u_k}$$\n`), ['fails']);
});
