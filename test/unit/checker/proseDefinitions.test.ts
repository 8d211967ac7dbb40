// Definitions in words ("Let $p$ be the softmax of $z$"): found, applied from the start of their
// section, and only for functions the checker knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';
import { proseDefinitions } from '../../../src/core/checker/proseDefinitions';

const verdicts = (note: string): string[] => checkMarkdown(note + '\n').steps.map((s) => s.verdict);
const warnings = (note: string): number => checkMarkdown(note + '\n').findings.filter((f) => f.severity === 'warning').length;

test('the sentences found, in English and Chinese; other functions and non-symbols are prose', () => {
  const found = proseDefinitions(String.raw`Let $p$ be the softmax of $z$. Here $\hat y$ is the sigmoid of $u$. 设 $a$ 为 $x$ 的 tanh。 Let $q$ be the relu of $z$. Let $p_i$ be the softmax output of $z$. Let $p$ be the softmax of $z_1$.`);
  assert.deepEqual(found.map((d) => `${d.name}${d.index ? `_${d.index}` : ''}=${d.fn}(${d.arg})`), ['p=softmax(z)', 'y-hat=sigmoid(u)'.replace('y-hat', found[1]!.name), 'a=tanh(x)', 'p_i=softmax(z)']);
});

test('a softmax, sigmoid or tanh defined in words is a definition: correct steps hold, wrong ones are flagged', () => {
  const soft = (rhs: string): string => String.raw`Let $p$ be the softmax of $z$, and $L = -\sum_k y_k \log p_k$. Then $$\frac{\partial L}{\partial z_i} = ${rhs}$$`;
  assert.deepEqual(verdicts(soft('p_i - y_i')), ['holds']);
  assert.equal(warnings(soft('y_i - p_i')), 1);
  const sig = (rhs: string): string => String.raw`Let $\hat y$ be the sigmoid of $z$. Then $$\frac{\partial \hat y}{\partial z} = ${rhs}$$`;
  assert.deepEqual(verdicts(sig(String.raw`\hat y(1 - \hat y)`)), ['holds']);
  assert.equal(warnings(sig(String.raw`\hat y(1 + \hat y)`)), 1);
  // With ∂_j by index and a sum bound M that only the derivation writes.
  const idx = (rhs: string): string => String.raw`设 $\hat{p}$ 为 $o$ 的 softmax 输出。` + '\n\n' + String.raw`$$\partial_j \log \hat p_i = \frac{1}{\hat p_i} \partial_j \hat p_i = ${rhs}$$`;
  assert.deepEqual(verdicts(idx(String.raw`\delta_{ij} - \hat p_j`)), ['holds', 'holds']);
  assert.equal(warnings(idx(String.raw`\delta_{ij} + \hat p_j`)), 1);
  const bound = String.raw`Let $\hat{p}$ be the softmax of $o$.` + '\n\n' + String.raw`$$\frac{\partial \hat p_i}{\partial o_j} = \frac{-e^{o_i} e^{o_j}}{(\sum_{l=1}^{M} e^{o_l})^2} = -\hat p_i \hat p_j \quad (i \neq j)$$`;
  assert.deepEqual(verdicts(bound), ['holds', 'holds']);
});

test('a definition in math wins over the words', () => {
  assert.deepEqual(verdicts(String.raw`Let $p$ be the softmax of $z$, where $p = \sigma(z)$.` + '\n\n' + String.raw`$$\frac{\partial p}{\partial z} = p(1-p)$$`), ['holds']);
});

test('a definition in words belongs to the section the reading walk is in, also under two headings in a row', () => {
  const note = String.raw`## A` + '\n\n' + String.raw`### B` + '\n\n' + String.raw`Let $\hat y$ be the sigmoid of $z$. Then $$\frac{\partial \hat y}{\partial z} = \hat y(1 + \hat y)$$`;
  assert.equal(warnings(note), 1);
});
