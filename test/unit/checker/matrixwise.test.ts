// Matrix notation on vectors read entry by entry (src/core/checker/matrixwise.ts): what holds
// holds, a planted mistake is flagged, and what has two meanings stays silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const warned = (md: string): boolean => checkMarkdown(md).findings.some((f) => f.severity === 'warning');

const softmaxDef = 'Let $\\mathbf s = \\operatorname{softmax}(\\mathbf z)$.\n\n';

test('the softmax Jacobian in matrix form holds in its usual spellings', () => {
  for (const rhs of [
    '\\operatorname{diag}(\\mathbf s) - \\mathbf s \\mathbf s^\\top',
    '\\mathrm{diag}(\\mathbf s) - \\mathbf s \\mathbf s^T',
    // Row vectors: s^T s is the outer product.
    '\\mathrm{diag}(\\mathbf s) - \\mathbf s^T \\mathbf s',
    '\\mathrm{diag}(\\mathbf s)(I - \\mathbf 1 \\mathbf s^T)',
    '\\operatorname{diag}\\left(\\mathbf s\\right) - \\mathbf s \\mathbf s^\\top',
  ]) {
    assert.deepEqual(verdicts(`${softmaxDef}$$\\frac{\\partial \\mathbf s}{\\partial \\mathbf z} = ${rhs}$$\n`), ['holds'], rhs);
  }
  assert.deepEqual(verdicts(`${softmaxDef}$$\\frac{\\partial \\log \\mathbf s}{\\partial \\mathbf z} = I - \\mathbf{1} \\mathbf s^T$$\n`), ['holds']);
});

test('a wrong sign or a dropped term in the matrix form is flagged', () => {
  assert.equal(warned(`${softmaxDef}$$\\frac{\\partial \\mathbf s}{\\partial \\mathbf z} = \\operatorname{diag}(\\mathbf s) + \\mathbf s \\mathbf s^\\top$$\n`), true);
  assert.equal(warned(`${softmaxDef}$$\\frac{\\partial \\mathbf s}{\\partial \\mathbf z} = I - \\mathbf 1 \\mathbf s^T$$\n`), true);
});

test('a loss written as a dot product is defined by its entries', () => {
  const defs = 'Let $\\mathbf p = \\operatorname{softmax}(\\mathbf z)$ and $L = -\\mathbf y^\\top \\log \\mathbf p$ with $\\sum_k y_k = 1$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\nabla_{\\mathbf z} L = \\mathbf p - \\mathbf y$$\n`), ['holds']);
  assert.equal(warned(`${defs}$$\\nabla_{\\mathbf z} L = \\mathbf y - \\mathbf p$$\n`), true);
  assert.equal(warned(`${defs}$$\\frac{\\partial L}{\\partial p_i} = y_i / p_i$$\n`), true);
});

test('a function of the logits whose body ignores its argument is the quantity (L(z))', () => {
  const defs = 'Let $p_i = \\frac{e^{z_i}}{\\sum_{k} e^{z_k}}$ and $L(z) = -\\sum_k y_k \\log p_k$ and $\\sum_{k} y_k = 1$.\n\n';
  assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L(z)}{\\partial \\mathbf{z}} = \\mathbf{p} - \\mathbf{y}$$\n`), ['holds']);
  assert.equal(warned(`${defs}$$\\frac{\\partial L(z)}{\\partial z_i} = y_i - p_i$$\n`), true);
});

test('matrix notation with more than one meaning stays silent', () => {
  // A sum bounded by another name than the vector length beside a product over every entry.
  const affine = '$$w = (w_1, w_2, \\dots, w_k)$$\n\n$$f(x, w, b) = \\sum_{i=1}^{k} w_i x_i + b = x w^T + b$$\n';
  assert.equal(warned(affine), false);
  // Two columns side by side (element-wise? outer?) and a scalar beside a matrix are not read.
  assert.equal(warned(`${softmaxDef}$$\\frac{\\partial \\mathbf s}{\\partial \\mathbf z} = \\mathbf s \\mathbf s + \\mathbf s^\\top$$\n`), false);
  assert.equal(warned(`${softmaxDef}$$\\frac{\\partial \\mathbf s}{\\partial \\mathbf z} = \\operatorname{diag}(\\mathbf s) - 1$$\n`), false);
  // A matrix the note names itself (W^T) is matrix algebra no reading settles.
  assert.equal(warned('$$\\frac{\\partial L}{\\partial \\mathbf x} = W^\\top \\boldsymbol\\delta$$\n'), false);
});

test('logistic regression with z = w^T x + b or w · x + b: gradients by components and as vectors', () => {
  for (const z of ['\\mathbf w^\\top \\mathbf x + b', '\\mathbf w \\cdot \\mathbf x + b']) {
    const defs = `Let $z = ${z}$, $\\hat y = \\sigma(z)$ and $L = -y \\log \\hat y - (1-y)\\log(1-\\hat y)$.\n\n`;
    assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L}{\\partial w_j} = (\\hat y - y)\\, x_j$$\n`), ['holds'], z);
    assert.equal(warned(`${defs}$$\\frac{\\partial L}{\\partial w_j} = (y - \\hat y)\\, x_j$$\n`), true, z);
    assert.deepEqual(verdicts(`${defs}$$\\nabla_{\\mathbf w} L = (\\hat y - y)\\, \\mathbf x$$\n`), ['holds'], z);
    assert.equal(warned(`${defs}$$\\nabla_{\\mathbf w} L = (y - \\hat y)\\, \\mathbf x$$\n`), true, z);
    assert.deepEqual(verdicts(`${defs}$$\\frac{\\partial L}{\\partial b} = \\hat y - y$$\n`), ['holds'], z);
  }
  // A \cdot between plain letters stays a product of scalars.
  assert.deepEqual(verdicts('$$\\frac{d}{dx}(a \\cdot x) = a$$\n'), ['holds']);
});

test('squared error as a norm or a transposed difference; an accent over a bold letter', () => {
  for (const L of ['\\frac{1}{2}\\|\\hat{\\mathbf y} - \\mathbf y\\|^2', '\\frac{1}{2}\\lVert \\hat{\\mathbf y} - \\mathbf y \\rVert_2^2', '\\frac{1}{2}(\\hat{\\mathbf y} - \\mathbf y)^\\top(\\hat{\\mathbf y} - \\mathbf y)']) {
    const defs = `Let $L = ${L}$.\n\n`;
    assert.deepEqual(verdicts(`${defs}$$\\nabla_{\\hat{\\mathbf y}} L = \\hat{\\mathbf y} - \\mathbf y$$\n`), ['holds'], L);
    assert.equal(warned(`${defs}$$\\nabla_{\\hat{\\mathbf y}} L = 2(\\hat{\\mathbf y} - \\mathbf y)$$\n`), true, L);
    assert.equal(warned(`${defs}$$\\frac{\\partial L}{\\partial \\hat y_i} = 2(\\hat y_i - y_i)$$\n`), true, L);
  }
  // Another norm than the Euclidean one is not read.
  assert.equal(warned('Let $L = \\|\\mathbf p - \\mathbf y\\|_1$.\n\n$$\\frac{\\partial L}{\\partial p_i} = 2(p_i - y_i)$$\n'), false);
});

test('a fact in matrix notation (p^T 1 = 1) is a fact: the vector sums to one', () => {
  const md = 'Let $J_{ij} = \\partial p_i / \\partial z_j$, and $\\mathbf{p}^T \\mathbf{1} = 1$.\n\n$$\\operatorname{diag}(\\mathbf{p})\\mathbf{1} - \\mathbf{p}(\\mathbf{p}^{T}\\mathbf{1}) = \\mathbf{p} - \\mathbf{p} = \\mathbf{0}$$\n';
  assert.equal(warned(md), false);
  assert.ok(verdicts(md).filter((v) => v === 'holds').length >= 2, JSON.stringify(verdicts(md)));
  assert.equal(warned(md.replace('\\mathbf{p} - \\mathbf{p} = \\mathbf{0}', '2\\mathbf{p} - \\mathbf{p} = \\mathbf{0}')), true);
});

test('capital letters the note transposes are matrices: least squares and linear layers in matrix notation', () => {
  const ls = 'Let $J(\\boldsymbol\\theta) = (\\mathbf y - X\\boldsymbol\\theta)^\\top(\\mathbf y - X\\boldsymbol\\theta)$.\n\n';
  assert.deepEqual(verdicts(`${ls}$$\\nabla_{\\boldsymbol\\theta} J = -2X^\\top \\mathbf y + 2X^\\top X\\boldsymbol\\theta$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${ls}$$\\nabla_{\\boldsymbol\\theta} J = -2X^\\top \\mathbf y + X^\\top X\\boldsymbol\\theta$$\n`), ['fails']);
  // The expansion, and the transpose of a product.
  assert.deepEqual(verdicts('$$(\\mathbf y - X\\boldsymbol\\theta)^\\top(\\mathbf y - X\\boldsymbol\\theta) = \\mathbf y^\\top \\mathbf y - 2\\mathbf y^\\top X\\boldsymbol\\theta + \\boldsymbol\\theta^\\top X^\\top X\\boldsymbol\\theta$$\n'), ['holds']);
  assert.deepEqual(verdicts('$$(AB)^\\top = B^\\top A^\\top$$\n'), ['holds']);
  assert.deepEqual(verdicts('$$(AB)^\\top = A^\\top B^\\top$$\n'), ['fails']);
  // X(…) beside X^T is a product, not X applied.
  const norm = 'Let $J = \\frac{1}{2}\\|X\\mathbf w - \\mathbf y\\|^2$ and note $X^\\top$ is $X$ transposed.\n\n';
  assert.deepEqual(verdicts(`${norm}$$\\frac{\\partial J}{\\partial \\mathbf w} = X^T(X\\mathbf w - \\mathbf y)$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${norm}$$\\frac{\\partial J}{\\partial \\mathbf w} = X(X\\mathbf w - \\mathbf y)$$\n`), ['fails']);
});

test('a vector defined in matrix notation is defined entry by entry; a symmetric matrix only when the note says so', () => {
  const layer = 'Let $\\mathbf h = W \\mathbf x$ and $L = \\mathbf h^\\top \\mathbf h$.\n\n';
  assert.deepEqual(verdicts(`${layer}$$\\nabla_{\\mathbf x} L = 2 W^\\top W \\mathbf x$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${layer}$$\\nabla_{\\mathbf x} L = 2 W W^\\top \\mathbf x$$\n`), ['fails']);
  const quad = (words: string): string => `Let $f(\\mathbf w) = \\mathbf w^\\top A \\mathbf w$${words}.\n\n$$\\nabla_{\\mathbf w} f = (A + A^\\top)\\mathbf w = 2A\\mathbf w$$\n`;
  assert.deepEqual(verdicts(quad(' with $A$ symmetric')), ['holds', 'holds']);
  assert.deepEqual(verdicts(quad('')), ['holds', 'fails']);
});

test('a plain letter a matrix of the note multiplies (Xθ, X^⊤y) is a vector', () => {
  const ls = 'Let $J(\\theta) = \\|y - X\\theta\\|^2$ where $X^\\top$ is the transpose of $X$.\n\n';
  assert.deepEqual(verdicts(`${ls}$$\\nabla_\\theta J = -2X^\\top y + 2X^\\top X\\theta$$\n`), ['holds']);
  assert.deepEqual(verdicts(`${ls}$$\\nabla_\\theta J = -2X^\\top y + X^\\top X\\theta$$\n`), ['fails']);
});

test('the softmax of a vector expression in matrix notation (softmax(h/τ)) is the vector of its entries', () => {
  const note = (factor: string): string => `Let $p_i = \\frac{e^{h_i/\\tau}}{\\sum_k e^{h_k/\\tau}}$.\n\n$$\\frac{\\partial \\text{softmax}(\\mathbf{h}/\\tau)}{\\partial \\mathbf{h}} = ${factor} \\left[\\operatorname{diag}(\\text{softmax}(\\mathbf{h}/\\tau)) - \\text{softmax}(\\mathbf{h}/\\tau) \\text{softmax}(\\mathbf{h}/\\tau)^T\\right]$$\n`;
  assert.deepEqual(verdicts(note('\\frac{1}{\\tau}')), ['holds']);
  assert.deepEqual(verdicts(note('1')), ['fails']);
});
