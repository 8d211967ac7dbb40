// One derivation (the softmax / sigmoid diagonal derivative and kin) in many spellings a student
// might use: each correct note is silent and judged; its twin with the last "1 - " turned into
// "1 + " is flagged. A spelling the checker cannot read shows up here as a failure, not silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

const SPELLINGS: string[] = [
  String.raw`$$s_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$$ $$\frac{\partial s_i}{\partial z_i} = s_i(1 - s_i)$$`,
  String.raw`Let $s_i = e^{z_i} / \sum_k e^{z_k}$. Then $\partial s_i / \partial z_i = s_i (1 - s_i)$.`,
  String.raw`$$\sigma_i := \frac{\exp z_i}{\sum_{k=1}^K \exp z_k}, \qquad \frac{\partial \sigma_i}{\partial z_i} = \sigma_i (1 - \sigma_i)$$`,
  String.raw`$$\frac{\mathrm{d}}{\mathrm{d}x}\sigma(x) = \sigma(x)\bigl(1 - \sigma(x)\bigr)$$ where $\sigma(x) = 1/(1+e^{-x})$.`,
  String.raw`$$\frac{d\sigma}{dx} = \sigma (1 - \sigma)$$ where $\sigma = \frac{1}{1+e^{-x}}$.`,
  String.raw`$$\sigma'(x) = \sigma(x)\left[1 - \sigma(x)\right]$$ with $\sigma(x)=\frac{1}{1+\exp(-x)}$.`,
  String.raw`$$p_j = \frac{e^{o_j}}{\sum_k e^{o_k}} \implies \frac{\partial p_j}{\partial o_j} = p_j(1 - p_j)$$`,
  String.raw`$$\hat{y}_i = \mathrm{softmax}(\mathbf{z})_i, \quad \frac{\partial \hat{y}_i}{\partial z_i} = \hat{y}_i(1 - \hat{y}_i)$$`,
  String.raw`$$\frac{\partial}{\partial z_i} \left( \frac{e^{z_i}}{\sum_{j} e^{z_j}} \right) = \frac{e^{z_i}}{\sum_{j} e^{z_j}} \left( 1 - \frac{e^{z_i}}{\sum_{j} e^{z_j}} \right)$$`,
  String.raw`$$\partial_{z_i} \frac{e^{z_i}}{\sum_j e^{z_j}} = \frac{e^{z_i}}{\sum_j e^{z_j}}\Big(1 - \frac{e^{z_i}}{\sum_j e^{z_j}}\Big)$$`,
  String.raw`$$\text{softmax}(\mathbf x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$$ $$\frac{\partial\, \text{softmax}(\mathbf x)_i}{\partial x_i} = \text{softmax}(\mathbf x)_i \, (1 - \text{softmax}(\mathbf x)_i)$$`,
  String.raw`$$a^{[L]}_i = \frac{e^{z^{[L]}_i}}{\sum_k e^{z^{[L]}_k}}, \quad \frac{\partial a^{[L]}_i}{\partial z^{[L]}_i} = a^{[L]}_i (1 - a^{[L]}_i)$$`,
  String.raw`$$S_i = \frac{e^{a_i}}{\Sigma_{k} e^{a_k}}$$ $$\frac{\partial S_i}{\partial a_i} = S_i(1 - S_i)$$`,
  String.raw`$$y_i = \frac{e^{x_i}}{\sum_{k=1}^{N} e^{x_k}}$$ 对 $x_i$ 求导: $$\frac{\partial y_i}{\partial x_i} = y_i(1 - y_i)$$`,
  String.raw`$$q_c = \frac{\exp(\ell_c)}{\sum_{c'} \exp(\ell_{c'})}, \quad \frac{\partial q_c}{\partial \ell_c} = q_c (1 - q_c)$$`,
  String.raw`$$p_i = \frac{e^{z_i/T}}{\sum_k e^{z_k/T}}, \quad \frac{\partial p_i}{\partial z_i} = \frac{1}{T} p_i (1 - p_i)$$`,
  String.raw`$$f(x) = \tanh(x), \quad f'(x) = (1 - \tanh(x))(1 + \tanh(x))$$`,
  String.raw`$$\mathbf{s} = \operatorname{softmax}(\mathbf{z})$$ $$\frac{\partial s_i}{\partial z_i} = s_i(1-s_i)$$`,
  String.raw`$$s_i=\frac{e^{z_i}}{\sum_{k}e^{z_k}}$$ $$\frac{\partial s_i}{\partial z_i}=s_i\cdot(1-s_i)$$`,
  String.raw`$$s_i=\frac{e^{z_i}}{\sum_{k}e^{z_k}}$$ $$\frac{\partial s_i}{\partial z_i}=s_i-s_i^2=s_i(1-s_i)$$`,
];

function wrongTwin(note: string): string {
  const at = note.lastIndexOf('1 - ') >= 0 ? note.lastIndexOf('1 - ') : note.lastIndexOf('1-');
  return note.slice(0, at) + note.slice(at).replace(/1 ?- ?/, '1 + ');
}

for (const note of SPELLINGS) {
  test(`spelling: ${note.slice(0, 70)}`, () => {
    const ok = checkMarkdown(`${note}\n`);
    assert.deepEqual(ok.findings.filter((f) => f.severity === 'warning').map((f) => f.hint ?? f.message), [], 'the correct note is silent');
    assert.ok(ok.steps.some((s) => s.verdict !== 'not-read'), `judged: ${ok.steps.map((s) => s.reason ?? s.verdict).join('; ')}`);
    const bad = checkMarkdown(`${wrongTwin(note)}\n`);
    assert.ok(bad.findings.some((f) => f.severity === 'warning'), 'the wrong twin is flagged');
  });
}
