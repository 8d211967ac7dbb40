// What the note says about its target, wherever it says it: one-hot (then `\sum_j y_j = 1` is a
// consequence, not a soft target) or a distribution (stated after the derivation too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const warnings = (note: string): number => checkMarkdown(note).findings.filter((f) => f.severity === 'warning').length;
const verdicts = (note: string): string[] => checkMarkdown(note).steps.map((s) => s.verdict);

test('a target called one-hot stays one-hot when the note adds that it sums to one', () => {
  const note = (rhs: string): string => String.raw`Here $y$ is one-hot, so $\sum_j y_j = 1$. Let $y_c = 1$.` + '\n\n' + String.raw`$$-\sum_j y_j \log p_j = ${rhs}$$` + '\n';
  assert.deepEqual(verdicts(note(String.raw`-\log p_c`)), ['holds']);
  assert.equal(warnings(note(String.raw`\log p_c`)), 1);
  const zh = String.raw`这里 $y$ 是独热向量，所以 $\sum_j y_j = 1$，且 $y_c = 1$。` + '\n\n' + String.raw`$$-\sum_j y_j \log p_j = -\log p_c$$` + '\n';
  assert.deepEqual(verdicts(zh), ['holds']);
});

test('a target said to sum to one after the derivation is a distribution for the whole section', () => {
  const step = String.raw`$$-\frac{y_i}{p_i}p_i(1-p_i) - \sum_{j\neq i}\frac{y_j}{p_j}(-p_jp_i) = -y_i + y_ip_i RHS$$`;
  const right = step.replace('RHS', String.raw`+ \sum_{j \neq i} y_j p_i`);
  const wrong = step.replace('RHS', String.raw`- \sum_{j \neq i} y_j p_i`);
  for (const after of [' with $\\sum_j y_j = 1$.', '\n\nwith $\\sum_j y_j = 1$.']) {
    assert.deepEqual(verdicts(right + after + '\n'), ['holds'], after);
    assert.equal(warnings(wrong + after + '\n'), 1, after);
  }
  // In another section the fact does not hold: there the one-hot reading may make the step hold.
  assert.equal(warnings(wrong + '\n\n## Soft labels\n\nwith $\\sum_j y_j = 1$.\n'), 0);
});

test('a condition comparing an index with the class letter (k \\neq t, i = y) is the step\'s case', () => {
  const P = String.raw`$$L = -\log p_t, \quad p_k = \frac{e^{s_k}}{\sum_j e^{s_j}}$$`;
  assert.deepEqual(verdicts(`${P} ` + String.raw`$$\frac{\partial L}{\partial s_k} = p_k \quad (k \neq t)$$` + '\n'), ['holds']);
  assert.equal(warnings(`${P} ` + String.raw`$$\frac{\partial L}{\partial s_k} = -p_k \quad (k \neq t)$$` + '\n'), 1);
  assert.deepEqual(verdicts(`${P} ` + String.raw`$$\frac{\partial L}{\partial s_k} = p_k - 1 \quad \text{if } k = t$$` + '\n'), ['holds']);
  assert.deepEqual(verdicts(`${P}\n\nWhen $k \\neq t$:\n\n` + String.raw`$$\frac{\partial L}{\partial s_k} = p_k$$` + '\n'), ['holds']);
});

test('an undefined capital under e^{z_i} in the softmax (p_i = e^{z_i}/S) is its normalizer, not a constant', () => {
  const chain = (rhs: string, where: string): string => String.raw`$$\frac{\partial p_i}{\partial z_i} = \frac{e^{z_i}S - e^{z_i}e^{z_i}}{S^2} = ${rhs}$$ where ${where}`;
  assert.deepEqual(verdicts(chain('p_i - p_i^2', String.raw`$p_i = \frac{e^{z_i}}{S}$.`)), ['holds', 'holds']);
  assert.equal(warnings(chain('p_i + p_i^2', String.raw`$p_i = \frac{e^{z_i}}{S}$.`)), 1);
  // With temperature: S sums the numerator, e^{z_k/T}.
  const hot = String.raw`$$\frac{\partial p_i}{\partial z_i} = \frac{1}{T}(p_i - p_i^2)$$ where $p_i = \frac{e^{z_i/T}}{S}$.`;
  assert.deepEqual(verdicts(hot), ['holds']);
  // A denominator the note defines keeps its definition.
  assert.ok(warnings(String.raw`$$S = 2$$` + '\n\n' + chain('p_i - p_i^2', String.raw`$p_i = \frac{e^{z_i}}{S}$.`)) >= 1);
});

test('a counterexample shows the entries that matter, never a vector of NaN', () => {
  const f = checkMarkdown(String.raw`$$ a_i + b_i + c_i = a_i + b_i $$` + '\n').findings.find((x) => x.severity === 'warning');
  assert.ok(f?.counterexample);
  const c = f.counterexample;
  assert.deepEqual(c.logits, []);
  const i = c.indices.i!;
  assert.deepEqual(Object.keys(c.entries ?? {}).sort(), [`a_${i}`, `b_${i}`, `c_${i}`]);
  assert.ok(Object.values(c.entries ?? {}).every(Number.isFinite));
  assert.ok(!JSON.stringify(c).includes('null'));
  // A whole vector read (the softmax) is still the vector.
  const g = checkMarkdown(String.raw`$$\frac{\partial p_i}{\partial z_i} = p_i(1+p_i)$$ where $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$` + '\n').findings.find((x) => x.severity === 'warning');
  assert.ok(g?.counterexample && g.counterexample.logits.length >= 3 && g.counterexample.logits.every(Number.isFinite));
  assert.equal(g.counterexample.entries, undefined);
});

test('a vector named only in words (the softmax of z) is judged under the readings the note names', () => {
  const words = (rhs: string): string => String.raw`Let $p$ be the softmax of $z$. Then $$\frac{\partial p_i}{\partial z_j} = ${rhs}$$` + '\n';
  assert.deepEqual(verdicts(words(String.raw`p_i(\delta_{ij} - p_j)`)), ['holds']);
  assert.equal(warnings(words(String.raw`p_i(\delta_{ij} + p_j)`)), 1);
  assert.equal(warnings(String.raw`设 $p$ 为 $z$ 的 softmax 输出，则 $$\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} + p_j)$$` + '\n'), 1);
  // A renaming the note never explains (`e_i' = e_i` after `∂e_j/∂x_i`) stays unread.
  const rename = String.raw`Here $\partial e_j/\partial x_i$ is zero when $i \neq j$, and the softmax is $p_j = e_j / \sum$.` + '\n\n' + String.raw`$$\begin{align} e_i' &= \frac{\partial \exp(x_i)}{\partial x_i} \\ &= \exp(x_i) \\ e_i' &= e_i \end{align}$$` + '\n';
  assert.equal(warnings(rename), 0);
});

test('a one-hot target named y^* (the true labels) is a target like y', () => {
  const note = (rhs: string): string => 'Let $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $J = -\\sum_k y^*_k \\log p_k$, where $y^*$ is one-hot with $y^*_c = 1$.\n\n' + `$$\\frac{\\partial J}{\\partial z_i} = -\\frac{\\partial \\log p_c}{\\partial z_i} = ${rhs}$$\n`;
  assert.equal(checkMarkdown(note('p_i - y^*_i')).findings.filter((f) => f.severity === 'warning').length, 0);
  assert.equal(checkMarkdown(note('p_i + y^*_i')).findings.filter((f) => f.severity === 'warning').length, 1);
});
