// Capital letters written as operators (`D_j S_i`, an undefined `A x`) and derivatives by a bare
// index letter (`\partial_j S_i`): read as derivatives by the note's logits, or not read, never
// judged as a product of numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const warnings = (note: string): string[] => checkMarkdown(note).findings.filter((f) => f.severity === 'warning').map((f) => f.message);
const verdicts = (note: string): string[] => checkMarkdown(note).steps.map((s) => s.verdict);
const DEF = String.raw`where $S_i = \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}$.`;

test('D_j S_i is the derivative of S_i by a_j: the correct Jacobian holds, a wrong sign is flagged', () => {
  assert.deepEqual(verdicts(String.raw`$$D_j S_i = S_i(\delta_{ij} - S_j)$$ ${DEF}` + '\n'), ['holds']);
  assert.equal(warnings(String.raw`$$D_j S_i = S_i(\delta_{ij} + S_j)$$ ${DEF}` + '\n').length, 1);
  assert.deepEqual(verdicts(String.raw`$$D_{j}S_{i} = -S_iS_j \quad (i \ne j)$$ ${DEF}` + '\n'), ['holds']);
});

test('an operator the note never defines is not read as a product', () => {
  for (const note of [String.raw`$$D_j S_i = S_i$$`, String.raw`$$A x_i = x_i(1 - x_j)$$`, String.raw`$$K_j p_i = p_i(\delta_{ij} - p_j)$$ where $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$`]) {
    assert.deepEqual(warnings(note + '\n'), [], note);
    assert.deepEqual(verdicts(note + '\n'), ['not-read'], note);
  }
});

test('a capital the note defines is a number: D x with D = 2, W x with W defined', () => {
  assert.deepEqual(verdicts(String.raw`Let $D = 2$.` + '\n\n' + String.raw`$$D x = 2 x$$` + '\n'), ['holds']);
  assert.equal(warnings(String.raw`Let $D = 2$.` + '\n\n' + String.raw`$$D x = 3 x$$` + '\n').length, 1);
  assert.equal(warnings(String.raw`Let $W = 1 + u$.` + '\n\n' + String.raw`$$W x = x$$` + '\n').length, 1);
});

test('\\partial_j by a bare index is by the logits, also when judged across an unreadable step', () => {
  const chain = (rhs: string): string => String.raw`$$S_i = \frac{e^{a_i}}{\sum_{k=1}^N e^{a_k}}$$ $$\partial_j S_i = \frac{0 - e^{a_i}e^{a_j}}{\Sigma^2} = ${rhs} \quad (i \ne j)$$` + '\n';
  assert.deepEqual(warnings(chain('-S_iS_j')), []);
  assert.deepEqual(verdicts(chain('-S_iS_j')), ['not-read', 'holds']);
  assert.equal(warnings(chain('S_iS_j')).length, 1);
});

test('a sum running to a letter makes that letter the length, also as a factor (1/M Σ_{i=1}^M, q classes, 0…d−1)', () => {
  assert.deepEqual(verdicts(String.raw`$$\frac{1}{M}\sum_{i=1}^M 1 = 1$$` + '\n'), ['holds']);
  assert.equal(warnings(String.raw`$$\frac{1}{M}\sum_{i=1}^M 1 = 2$$` + '\n').length, 1);
  const soft = (rhs: string): string => String.raw`$$\frac{\partial \ell}{\partial o_j} = ${rhs}$$ with $\ell = -\sum_{j=1}^q y_j \log \hat{y}_j$ and $\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{o})$.` + '\n';
  assert.deepEqual(verdicts(soft(String.raw`\hat y_j - y_j`)), ['holds']);
  assert.equal(warnings(soft(String.raw`y_j - \hat y_j`)).length, 1);
  assert.deepEqual(verdicts(String.raw`## Mean` + '\n\n' + String.raw`$$\frac{1}{d}\sum_{k=0}^{d-1} (p_k - 1) = \frac{1}{d} - 1$$ where $p_k = \frac{e^{z_k}}{\sum_m e^{z_m}}$` + '\n'), ['holds']);
});

test('\\frac{\\partial f}{x_i} with the ∂ of the denominator left out is the derivative by x_i', () => {
  const note = (rhs: string): string => String.raw`$$\frac{\partial f(x_i)}{x_i} = ${rhs}$$ where $f(x_i) = \frac{e^{x_i}}{\sum_k e^{x_k}}$` + '\n';
  assert.deepEqual(verdicts(note(String.raw`f(x_i)(1-f(x_i))`)), ['holds']);
  assert.equal(warnings(note(String.raw`f(x_i)(1+f(x_i))`)).length, 1);
  // `d` is not read that way: `\frac{d y}{x}` may be d·y/x.
  assert.deepEqual(warnings(String.raw`$$\frac{d y}{x} = 2$$ where $y = x^2$` + '\n'), []);
});

test('softmax of a vector expression (z + c, z/T) is read entry by entry; a vector named by a list we cannot read is not', () => {
  assert.deepEqual(verdicts(String.raw`$$\mathrm{softmax}(z + c)_i = \mathrm{softmax}(z)_i$$` + '\n'), ['holds']);
  assert.equal(warnings(String.raw`$$\mathrm{softmax}(2z)_i = \mathrm{softmax}(z)_i$$` + '\n').length, 1);
  const temp = (rhs: string): string => String.raw`$$p_i = \mathrm{softmax}(\mathbf z / T)_i$$ $$\frac{\partial p_i}{\partial z_i} = ${rhs}$$` + '\n';
  assert.deepEqual(verdicts(temp(String.raw`\frac{1}{T} p_i (1 - p_i)`)), ['holds']);
  assert.equal(warnings(temp(String.raw`p_i (1 - p_i)`)).length, 1);
  // X written by its entries x_1 … x_n: X_i is x_i.
  const listed = (last: string): string => String.raw`Let $X=[x_1,x_2,...,x_n]$.` + '\n\n' + String.raw`$$\begin{aligned} softmax(X+c)_i =& \frac{e^{x_i +c}}{\sum_{k}e^{x_k +c}} \\ =& \frac{e^{x_i}}{\sum_{k}e^{x_k}} \\ =& ${last} \end{aligned}$$` + '\n';
  assert.deepEqual(verdicts(listed('softmax(X)_i')), ['holds', 'holds', 'holds']);
  assert.equal(warnings(listed('softmax(X)_j')).length, 1);
  // A list the checker cannot read (no ellipsis pattern) leaves the steps with X unread, never a false alarm.
  const odd = String.raw`Let $X=[x_1,x_3,...,x_n]$.` + '\n\n' + String.raw`$$\begin{aligned} softmax(X+c)_i =& \frac{e^{x_i +c}}{\sum_{k}e^{x_k +c}} \\ =& \frac{e^{x_i}}{\sum_{k}e^{x_k}} \\ =& softmax(X)_j \end{aligned}$$` + '\n';
  assert.deepEqual(warnings(odd), []);
  assert.ok(verdicts(odd).includes('not-read'));
});

test('shift invariance at vector level: softmax(z + c) = softmax(z) holds (read entry by entry)', () => {
  assert.deepEqual(verdicts(String.raw`For logits $z_k$: $$\mathrm{softmax}(\mathbf z + c) = \mathrm{softmax}(\mathbf z)$$` + '\n'), ['holds']);
  assert.deepEqual(warnings(String.raw`For logits $z_k$: $$\mathrm{softmax}(\mathbf z + c) = \mathrm{softmax}(\mathbf z)$$` + '\n'), []);
});
