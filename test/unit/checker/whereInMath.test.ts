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

test('an update rule (θ := θ − α ∂J/∂θ) is neither a definition nor a claim: the derivation after it is read', () => {
  const note = (rhs: string): string => String.raw`$$\theta := \theta - \alpha \frac{\partial J}{\partial \theta}$$ $$\frac{\partial J}{\partial \theta} = ${rhs}$$ where $h = \sigma(\theta x)$ and $J = -y\log h - (1-y)\log(1-h)$`;
  assert.deepEqual(verdicts(note('(h - y)x')), ['holds']);
  assert.equal(warnings(note('(y - h)x')), 1);
  // A definition by parts with other names (L = A + B) is still a definition.
  assert.deepEqual(verdicts(String.raw`$$L = A + B$$ where $A = x^2$ and $B = 3x$. $$\frac{dL}{dx} = 2x + 3$$`), ['holds']);
});

test('a stated derivative of a quantity the note does not define in math is shown as a step not read, never silence', () => {
  const r = checkMarkdown(String.raw`The loss $E$ is given in words. $$\frac{\partial E}{\partial q_i} = -\frac{p_i}{q_i}$$` + '\n');
  assert.deepEqual(r.steps.map((s) => [s.verdict, s.reason]), [['not-read', 'E is not defined in math: its stated derivative is taken as given']]);
  assert.deepEqual(r.findings.filter((f) => f.severity === 'warning'), []);
});

test('a definition chain after the words names the value (\\text{where } softmax(z)_i = … = p_i)', () => {
  for (const name of ['\\mathrm{softmax}', '\\sigma', '\\operatorname{softmax}']) {
    const note = (rhs: string): string => String.raw`$$\partial_{z_j} \ln p_i = \delta_{ij} - \frac{e^{z_j}}{\sum_k e^{z_k}} = ${rhs} \quad \text{where } ${name}(z)_i = \frac{e^{z_i}}{\sum_k e^{z_k}} = p_i$$`;
    assert.equal(warnings(note('\\delta_{ij} - p_j')), 0, name);
    assert.equal(warnings(note('\\delta_{ij} - p_i')), 1, name);
  }
});

test('a definition aside the claim (where …, \\because …) keeps the claim\'s chain open for the next block', () => {
  const where = (last: string): string => String.raw`Let $L = -\sum_k y_k \log p_k$ and $\sum_k y_k = 1$.` + '\n\n' + String.raw`$$\frac{\partial L}{\partial z_i} = -\sum_k y_k(\delta_{ki} - p_i) \quad \text{where } p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$$` + '\n\n' + `$$= ${last}$$`;
  assert.deepEqual(verdicts(where('p_i - y_i')), ['holds', 'holds']);
  assert.deepEqual(verdicts(where('p_i + y_i')), ['holds', 'fails']);
  const because = String.raw`Let $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$ and $\sum_k y_k = 1$.` + '\n\n' + String.raw`$$\frac{\partial L}{\partial z_i} = -\sum_k y_k(\delta_{ki} - p_i) \quad \because\ L = -\sum_k y_k \log p_k$$` + '\n\n' + '$$= p_i + y_i$$';
  assert.deepEqual(verdicts(because), ['holds', 'fails']);
});
