// Definitions written inside the math after words (`\quad \text{where } s_i = …, \; L = …`) are
// statements of their own, and what follows them (`, \; i \neq j`) is still the claim's condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const verdicts = (note: string): string[] => checkMarkdown(note + '\n').steps.map((s) => s.verdict);
const warnings = (note: string): number => checkMarkdown(note + '\n').findings.filter((f) => f.severity === 'warning').length;
const S = String.raw`s_i = \frac{e^{z_i}}{\sum_k e^{z_k}}`;

test('a definition after \\text{where} inside the math is read, in English and Chinese', () => {
  for (const words of ['where', 'with', '其中']) {
    assert.deepEqual(verdicts(String.raw`$$\frac{\partial s_i}{\partial z_j} = -s_is_j \quad \text{${words} } ${S}, \; i \neq j$$`), ['holds'], words);
    assert.equal(warnings(String.raw`$$\frac{\partial s_i}{\partial z_j} = s_is_j \quad \text{${words} } ${S}, \; i \neq j$$`), 1, words);
  }
});

test('the condition after several definitions stays the claim\'s', () => {
  const note = (rhs: string, cond: string): string => String.raw`$$\frac{\partial L}{\partial z_j} = ${rhs} \quad \text{where } ${S}, \; L = s_i, \; ${cond}$$`;
  assert.deepEqual(verdicts(note(String.raw`s_i(1-s_i)`, 'i = j')), ['holds']);
  assert.deepEqual(verdicts(note(String.raw`-s_is_j`, 'i \\neq j')), ['holds']);
  assert.equal(warnings(note(String.raw`-s_is_j`, 'i = j')), 1);
  const joined = String.raw`$$\frac{\partial L}{\partial z_j} = -s_is_j \quad \text{where } ${S} \quad \text{and} \quad L = s_i \quad \text{for } i \neq j$$`;
  assert.deepEqual(verdicts(joined), ['holds']);
});
