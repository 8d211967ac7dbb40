import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';
import { compoundPowerBases } from '../../../src/core/checker/superscript';

/** `code@underlined text` of every finding, in order. */
function codes(md: string): string[] {
  return checkMarkdown(md).findings.map((f) => `${f.code}@${md.slice(f.offset, f.offset + f.length)}`);
}

const SOFTMAX_UP = 'Let $p^k = \\frac{e^{a_k}}{\\sum_m e^{a_m}}$ be the predicted probabilities.\n\n';

describe('superscript indices', () => {
  test('t^k, p^k are components when k is an index: a correct one-hot simplification is silent, a wrong one is flagged', () => {
    const head = `${SOFTMAX_UP}## Cross-entropy\n\n$$CE = -\\sum_k t^k \\ln p^k$$\n\nOnly one target entry is 1, so\n\n$$CE = -t^i \\ln p^i$$\n\n`;
    assert.deepEqual(codes(head), []);
    assert.deepEqual(codes(`${head}$$CE = -\\frac{t^i}{p^i}$$\n`), ['step-fails@-\\frac{t^i}{p^i}']);
  });

  test('(e^z)^k is the k-th entry of e^z', () => {
    const good = '$$q^k = \\frac{(e^z)^k}{\\sum_m (e^z)^m} = \\frac{e^{z_k}}{\\sum_m e^{z_m}}$$\n';
    assert.deepEqual(codes(good), []);
    const bad = '$$q^k = \\frac{(e^z)^k}{\\sum_m (e^z)^m} = \\frac{e^{z_k}}{\\sum_{m \\neq k} e^{z_m}}$$\n';
    assert.deepEqual(codes(bad), ['step-fails@\\frac{e^{z_k}}{\\sum_{m \\neq k} e^{z_m}}']);
  });

  test('a note with compound index powers (x^{k-1}) keeps x^k a power: no invented mistake', () => {
    assert.deepEqual([...compoundPowerBases('$x^{k-1}$, $w^{2i}$, $a^{(i)}$, $b^{i}$, $c^{ n + 1 }$')].sort(), ['w', 'x']);
    assert.deepEqual(codes('$$x^k = x \\cdot x^{k-1}$$\n\n$$\\sum_{k=1}^{3} x^k = x + x^2 + x^3$$\n'), []);
  });
});

describe('a restated symbol: new definition or a claim about the old one', () => {
  test('a named quantity restated wrongly in the same section is flagged; restated correctly it is not', () => {
    const base = '## Loss\n\n$$\\text{loss} = (p - t)^2$$\n\nExpanding the square:\n\n';
    assert.deepEqual(codes(`${base}$$\\text{loss} = p^2 - 2pt + t^2$$\n`), []);
    assert.deepEqual(codes(`${base}$$\\text{loss} = p^2 - 2pt - t^2$$\n`), ['step-fails@p^2 - 2pt - t^2']);
    // Unless the note says it is choosing a new one.
    assert.deepEqual(codes('## Loss\n\n$$\\text{loss} = \\frac{1}{2}(p - t)^2$$\n\nFor convenience we drop the factor:\n\n$$\\text{loss} = (p - t)^2$$\n'), []);
    assert.deepEqual(codes('## Loss\n\n$$\\text{loss} = \\frac{1}{2}(p - t)^2$$\n\n$$\\text{loss} = (p - t)^2$$\n'), ['step-fails@(p - t)^2']);
  });

  test('a sign or factor slip in a later section is flagged (the two differ by a constant factor)', () => {
    const md = '## One\n\n$$MSE = \\frac{1}{N}(p - t)^2$$\n\n## Two\n\n$$MSE = -\\frac{1}{N}(p - t)^2$$\n';
    assert.deepEqual(codes(md), ['step-fails@-\\frac{1}{N}(p - t)^2']);
    // A rescaling in another section may be deliberate (dropping ½ or 1/N): only the sign is surely a slip.
    const half = md.replace('= -\\frac{1}{N}(p - t)^2', '= \\frac{1}{2N}(p - t)^2');
    assert.deepEqual(codes(half), []);
    const same = md.replace('= -\\frac{1}{N}(p - t)^2', '= \\frac{(p - t)^2}{N}');
    assert.deepEqual(codes(same), []);
  });

  test('a name reused for a new quantity is a new definition, not a mistake', () => {
    // A single letter reused in the same section, and a named quantity redefined in a later section.
    assert.deepEqual(codes('## Activations\n\n$$h = \\sigma(z)$$\n\nor\n\n$$h = \\tanh(z)$$\n'), []);
    assert.deepEqual(codes('## Activations\n\n$$\\hat y = \\sigma(z)$$\n\nor\n\n$$\\hat y = \\tanh(z)$$\n'), []);
    assert.deepEqual(codes('## Activations\n\n$$\\theta = \\sigma(z)$$\n\nor\n\n$$\\theta = \\tanh(z)$$\n'), []);
    assert.deepEqual(codes('## A\n\n$$y = a x + b$$\n\n## B\n\nFor example\n\n$$y = x^2 + 1$$\n'), []);
    assert.deepEqual(codes('## Squared error\n\n$$\\text{loss} = (p - t)^2$$\n\n## Log loss\n\n$$\\text{loss} = -t \\ln p$$\n'), []);
    // New quantities on the right (w, b): a new definition whatever the section.
    assert.deepEqual(codes('## A\n\n$$\\text{loss} = (p - t)^2$$\n\nThen\n\n$$\\text{loss} = (w p + b - t)^2$$\n'), []);
  });
});

describe('δ used as the differential operator d', () => {
  const FN = 'Let $g(u) = \\frac{1}{1 + e^{-u}}$.\n\n';

  test('a correct chain is silent; applying δ twice is flagged; dropping it again agrees with the start', () => {
    const good = `${FN}$$\\begin{aligned} \\delta g(u) &= \\delta{\\frac{1}{1 + e^{-u}}} \\\\ &= \\frac{e^{-u}}{(1 + e^{-u})^2} \\\\ &= g(u)(1 - g(u)) \\end{aligned}$$\n`;
    assert.deepEqual(codes(good), []);
    const bad = `${FN}$$\\begin{aligned} \\delta g(u) &= \\delta{\\frac{1}{1 + e^{-u}}} \\\\ &= \\delta{\\frac{e^{-u}}{(1 + e^{-u})^2}} \\\\ &= g(u)(1 - g(u)) \\end{aligned}$$\n`;
    assert.deepEqual(codes(bad), ['step-fails@\\delta{\\frac{e^{-u}}{(1 + e^{-u})^2}}', 'agrees-again@g(u)(1 - g(u))']);
  });

  test('an operand with no single variable is not checked', () => {
    assert.deepEqual(codes('$$\\delta{w u + b} = w + 1$$\n'), []);
    const r = checkMarkdown('$$\\delta{w u + b} = w + 1$$\n', { showUnchecked: true });
    assert.deepEqual(r.findings.map((f) => f.code), ['not-checked']);
  });

  test('a backprop error term named δ is left alone', () => {
    assert.deepEqual(codes('$$\\delta = \\hat y - y$$\n\n$$\\frac{\\partial L}{\\partial W} = \\delta x^T$$\n'), []);
  });
});

describe('max over a vector (stable softmax)', () => {
  test('shifting by max z_k changes nothing; forgetting the shift in the denominator is flagged', () => {
    const good = '$$\\frac{e^{z_i - \\max(z_k)}}{\\sum_j e^{z_j - \\max(z_k)}} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n';
    assert.deepEqual(codes(good), []);
    const bad = '$$\\frac{e^{z_i - \\max(z_k)}}{\\sum_j e^{z_j}} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n';
    assert.deepEqual(codes(bad), ['step-fails@\\frac{e^{z_i}}{\\sum_j e^{z_j}}']);
  });
});

describe('intermediates named x_1, x_2 …', () => {
  test('a numbered intermediate the note names but we cannot read does not make a step fail', () => {
    const md = 'Let $u_1 = g_1(z_i)$ and $u_2 = g_2(u_1)$.\n\n$$\\frac{\\partial u_2}{\\partial z_i} = u_1 e^{z_i} = e^{2 z_i}$$\n';
    assert.deepEqual(codes(md), []);
  });

  test('numbered entries of a real vector are still checked', () => {
    assert.deepEqual(codes('$$\\frac{e^{a_1}}{e^{a_1} + e^{a_2}} = \\frac{1}{1 + e^{a_1 - a_2}}$$\n'), ['step-fails@\\frac{1}{1 + e^{a_1 - a_2}}']);
  });
});

describe('"therefore" restates a derivative worked out above', () => {
  const S = 'Let $s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$.\n\n';

  test('a restatement that agrees with the start after a wrong chain is reported as agreeing again', () => {
    const md = `${S}Then $\\frac{\\partial s_i}{\\partial a_i} = s_i(1 + s_i)$, where $s_i < 1$.\n\nTherefore $\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i)$\n`;
    assert.deepEqual(codes(md), ['step-fails@s_i(1 + s_i)', 'agrees-again@s_i(1 - s_i)']);
  });

  test('a consistent restatement is silent, and without "therefore" the statements stay separate', () => {
    assert.deepEqual(codes(`${S}Then $\\frac{\\partial s_i}{\\partial a_i} = s_i - s_i^2$, where $s_i < 1$.\n\n故 $\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i)$\n`), []);
    const separate = `${S}Then $\\frac{\\partial s_i}{\\partial a_i} = s_i(1 + s_i)$, where $s_i < 1$.\n\nWe check $\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i)$\n`;
    assert.deepEqual(codes(separate), ['step-fails@s_i(1 + s_i)']);
  });

  test('a restatement under another case (i ≠ j in the prose) is not linked', () => {
    const md = `${S}Then $\\frac{\\partial s_i}{\\partial a_j} = s_i(1 - s_i)$, where $i = j$.\n\nWhen $i \\neq j$, therefore $\\frac{\\partial s_i}{\\partial a_j} = -s_i s_j$\n`;
    assert.deepEqual(codes(md), []);
  });
});

describe('a step after one that cannot be read', () => {
  test('is judged against the step before it, and both are underlined', () => {
    const good = '$$\\frac{\\partial}{\\partial a} \\ln(1 + e^{a}) = \\phi(a) = \\frac{e^{a}}{1 + e^{a}}$$\n';
    assert.deepEqual(codes(good), []);
    const bad = good.replace('= \\frac{e^{a}}{1 + e^{a}}', '= \\frac{1}{1 + e^{a}}');
    const r = checkMarkdown(bad).findings;
    assert.equal(r.length, 1);
    assert.equal(r[0]!.code, 'step-fails');
    assert.equal(bad.slice(r[0]!.offset, r[0]!.offset + r[0]!.length), '\\phi(a) = \\frac{1}{1 + e^{a}}');
    assert.match(r[0]!.hint ?? '', /could not be read/);
  });
});

describe('confusion-matrix metrics have one definition', () => {
  test('recall and precision swapped are flagged with the standard formula; the standard ones are silent', () => {
    const md = '$$recall = \\frac{TP}{TP + FP}$$\n\n$$\\text{Precision} = \\frac{\\text{TP}}{\\text{TP} + \\text{FN}}$$\n';
    const r = checkMarkdown(md).findings;
    assert.deepEqual(r.map((f) => `${f.code}@${md.slice(f.offset, f.offset + f.length)}`), ['step-fails@\\frac{TP}{TP + FP}', 'step-fails@\\frac{\\text{TP}}{\\text{TP} + \\text{FN}}']);
    assert.equal(r[0]!.hint, 'recall = TP / (TP + FN); TP / (TP + FP) is precision');
    assert.equal(r[0]!.correctLatex, '\\frac{TP}{TP + FN}');
    assert.equal(r[1]!.correctLatex, '\\frac{\\text{TP}}{\\text{TP} + \\text{FP}}');
    const good = '$$recall = \\frac{TP}{FN + TP}$$\n\n$$precision = \\frac{TP}{TP + FP}$$\n\n$$TPR = \\frac{TP}{TP+FN}$$\n\n$$accuracy = \\frac{TP + TN}{TP + TN + FP + FN}$$\n\n$$specificity = \\frac{TN}{TN + FP}$$\n';
    assert.deepEqual(codes(good), []);
  });

  test('a metric written with other quantities (a total N, precision and recall) is not judged', () => {
    assert.deepEqual(codes('$$accuracy = \\frac{TP + TN}{N}$$\n\n$$F_1 = \\frac{2 P R}{P + R}$$\n\n$$precision = 0.9$$\n'), []);
  });
});

describe('an index free on one side only and repeated in a product there', () => {
  const S = 'Let $s_i = \\frac{e^{a_i}}{\\sum_m e^{a_m}}$ and $Z = \\sum_m e^{a_m}$.\n\n';

  test('summed (Einstein) it holds: not flagged', () => {
    assert.deepEqual(codes(`${S}$$s_a = s_i \\delta_{ia}$$\n`), []);
  });

  test('a renamed index is not judged', () => {
    assert.deepEqual(codes(`${S}$$s_i(\\delta_{ij} - s_j) = s_k(\\delta_{kj} - s_j)$$\n`), []);
  });

  test('wrong whether the index is free or summed: flagged', () => {
    const md = `${S}$$\\frac{\\partial}{\\partial a_j} \\frac{e^{a_j}}{Z} = \\frac{1_{i=j} e^{a_i} Z - e^{a_j} e^{a_i}}{Z^2}$$\n`;
    assert.deepEqual(codes(md), ['step-fails@\\frac{1_{i=j} e^{a_i} Z - e^{a_j} e^{a_i}}{Z^2}']);
    const right = md.replace('\\frac{e^{a_j}}{Z}', '\\frac{e^{a_i}}{Z}');
    assert.deepEqual(codes(right), []);
  });
});

describe('statements listed with commas', () => {
  test('each statement of "g_i = …, Z = …" defines its symbol', () => {
    const md = 'where $g_i = e^{a_i}, Z = \\sum_m e^{a_m}$\n\n$$\\frac{g_i}{Z} = \\frac{e^{a_i}}{\\sum_m e^{a_m}}$$\n\n$$\\frac{g_i}{Z} = \\frac{e^{a_i}}{\\sum_{m \\neq i} e^{a_m}}$$\n';
    assert.deepEqual(codes(md), ['step-fails@\\frac{e^{a_i}}{\\sum_{m \\neq i} e^{a_m}}']);
  });
});

describe('"therefore" after a new definition', () => {
  test('is not linked to a chain worked out under the old definitions', () => {
    const md = 'Let $q_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$.\n\nThen $\\frac{\\partial \\ln q_i}{\\partial a_i} = 1 - q_i$.\n\nLet $q_i = e^{a_i}$ now, so $\\frac{\\partial \\ln q_i}{\\partial a_i} = 1$\n';
    assert.deepEqual(codes(md), []);
  });
});

describe('a note that uses e as a variable', () => {
  const steps = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
  const head = 'Let $f(e) = e \\cdot \\operatorname{erf}(e)$.\n\n';
  test('bare e is the variable, e^{…} the exponential and e^2 a power: a correct step holds', () => {
    assert.deepEqual(steps(`${head}$$\\frac{df}{de} = \\operatorname{erf}(e) + e \\cdot \\frac{2}{\\sqrt{\\pi}} e^{-e^2}$$\n`), ['holds']);
  });
  test('a step wrong under every reading of e^{…} is flagged; one right under a reading is not', () => {
    const wrong = `${head}$$\\frac{df}{de} = \\operatorname{erf}(e) + e \\cdot \\frac{1}{\\sqrt{\\pi}} e^{-e^2}$$\n`;
    assert.deepEqual(codes(wrong).map((c) => c.split('@')[0]), ['step-fails']);
    // e^{2} as the exponential's square of e: right only if e^{…} is the variable's power (e · e = e^2).
    const power = 'Let $g(e) = e \\cdot e$.\n\n$$\\frac{dg}{de} = 2 e$$\n\n$$g(e) = e^{2}$$\n';
    assert.deepEqual(codes(power), []);
  });
});

describe('a worked example built from rounded numbers', () => {
  const steps = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
  test('rounded values substituted into an expression hold; a wrong value is flagged', () => {
    const ok = '$$\\frac{e^{3}}{e^{1} + e^{2} + e^{3}} = \\frac{20.09}{2.72 + 7.39 + 20.09} = \\frac{20.09}{30.20} \\approx 0.665$$\n';
    assert.deepEqual(steps(ok), ['holds', 'holds', 'holds']);
    const wrong = '$$\\frac{e^{3}}{e^{1} + e^{2} + e^{3}} = \\frac{20.09}{2.72 + 7.39 + 21.09}$$\n';
    assert.deepEqual(steps(wrong), ['fails']);
  });
  test('a decimal beside a symbol is an exact coefficient, not a rounded number', () => {
    assert.deepEqual(steps('$$\\frac{d}{dx} 0.5 x^2 = 0.51 x$$\n'), ['fails']);
  });
});

describe('an equation number typed by hand', () => {
  const steps = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
  const head = '$$p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n';
  test('at the end of a row or before a condition, it is a label, not a factor', () => {
    assert.deepEqual(steps(`${head}$$\\frac{\\partial p_i}{\\partial z_i} = p_i(1-p_i) \\qquad (3)$$\n`), ['holds']);
    assert.deepEqual(steps(`${head}$$\\frac{\\partial p_i}{\\partial z_j} = -p_i p_j \\qquad (4), \\quad i \\neq j$$\n`), ['holds']);
    assert.deepEqual(steps(`${head}$$\\frac{\\partial p_i}{\\partial z_j} = p_i p_j \\qquad (4), \\quad i \\neq j$$\n`), ['fails']);
  });
});

describe('the differential d however it is typed', () => {
  const SIG = String.raw`where $\sigma(x) = {1 \over 1+{\rm e}^{-x}}$`;
  for (const d of [String.raw`{\rm d}`, String.raw`\text{d}`, String.raw`\operatorname{d}`, String.raw`\mathrm d`, String.raw`\mathrm{d}`]) {
    test(`${d}σ/${d}x: the derivative, never d·σ/(d·x)`, () => {
      const frac = (rhs: string): string => String.raw`$$\frac{${d}\sigma}{${d}x} = ${rhs}$$ ${SIG}` + '\n';
      assert.deepEqual(codes(frac(String.raw`\sigma(1-\sigma)`)), []);
      assert.deepEqual(codes(frac(String.raw`\sigma(1+\sigma)`)), [String.raw`step-fails@\sigma(1+\sigma)`]);
    });
  }
  test('{\\rm d} in the slash form', () => {
    const slash = (rhs: string): string => '$$' + String.raw`{\rm d} \sigma(a) / {\rm d} a = ${rhs}$$ where $\sigma(a) = \frac{1}{1 + {\rm e}^{-a}}$` + '\n';
    assert.deepEqual(codes(slash(String.raw`\frac{{\rm e}^{-a}}{(1 + {\rm e}^{-a})^2}`)), []);
    assert.deepEqual(codes(slash(String.raw`\frac{{\rm e}^{a}}{(1 + {\rm e}^{-a})^2}`)).length, 1);
  });
});

describe('the eqnarray idiom in an array {rcl}', () => {
  const S = String.raw`with $s_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$`;
  test('rows a & = & b are read as aligned rows; a 3-column matrix typed {rcl} is left alone', () => {
    const arr = (last: string): string => String.raw`$$\begin{array}{rcl} \frac{\partial s_i}{\partial z_i} & = & s_i - s_i^2 \\ & = & ${last} \end{array}$$ ${S}` + '\n';
    assert.deepEqual(codes(arr(String.raw`s_i(1 - s_i)`)), []);
    assert.deepEqual(codes(arr(String.raw`s_i(1 + s_i)`)), [String.raw`step-fails@s_i(1 + s_i)`]);
    const r = checkMarkdown(arr(String.raw`s_i(1 - s_i)`));
    assert.deepEqual(r.steps.map((s) => s.verdict), ['holds', 'holds']);
    assert.deepEqual(codes(String.raw`$$\left[\begin{array}{rcl} 1 & 2 & 3 \\ 4 & 5 & 6 \end{array}\right] = 2$$` + '\n'), []);
  });
});

describe('backpropagation notation', () => {
  test('a^L_j, z^L_j, \\delta^L_j: the layer label is part of the name, not a power', () => {
    const soft = (rhs: string): string => String.raw`$$a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}}$$ $$C = -\sum_j y_j \ln a^L_j$$ $$\frac{\partial C}{\partial z^L_j} = ${rhs}$$` + '\n';
    assert.deepEqual(codes(soft(String.raw`a^L_j - y_j`)), []);
    assert.equal(codes(soft(String.raw`y_j - a^L_j`)).length, 1);
    const delta = (rhs: string): string => String.raw`$$\delta^L_j = \frac{\partial C}{\partial z^L_j} = ${rhs}$$ where $C = \frac{1}{2}\sum_j (y_j - a^L_j)^2$ and $a^L_j = \sigma(z^L_j)$` + '\n';
    assert.deepEqual(codes(delta(String.raw`(a^L_j - y_j)\sigma'(z^L_j)`)), []);
    assert.equal(codes(delta(String.raw`(a^L_j - y_j)\sigma(z^L_j)`)).length, 1);
    // Without an index the superscript is a power.
    assert.deepEqual(codes(String.raw`$$\frac{d}{dx} x^l = l x^{l-1}$$` + '\n'), []);
  });

  test('a sum over training examples x, with x inside the definitions (z = wx + b), evaluates them per term', () => {
    const note = (rhs: string): string => String.raw`$$\frac{\partial C}{\partial b} = ${rhs}$$ where $C = -\frac{1}{n}\sum_x [y\ln a + (1-y)\ln(1-a)]$, $a = \sigma(z)$, $z = wx + b$` + '\n';
    assert.deepEqual(codes(note(String.raw`\frac{1}{n}\sum_x (a - y)`)), []);
    assert.equal(codes(note(String.raw`\frac{1}{n}\sum_x (y - a)`)).length, 1);
  });

  test('an array {rcl} whose rows hold cases is still read row by row', () => {
    const arr = (last: string): string => String.raw`$$\begin{array}{rcl} \frac{\partial p_i}{\partial z_j} & = & p_i(\delta_{ij} - p_j) \\ & = & \begin{cases} p_i - p_i^2 & i = j \\ ${last} & i \neq j \end{cases} \end{array}$$ where $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$` + '\n';
    assert.deepEqual(codes(arr('-p_i p_j')), []);
    assert.equal(codes(arr('p_i p_j')).length, 1);
  });
});

describe('definitions in matrix notation', () => {
  test('a scalar in matrix notation defined after a vector in the same display is read in its plain form', () => {
    const note = (rhs: string): string => String.raw`$$\mathbf p = \mathrm{softmax}(\mathbf z), \quad L = -\mathbf y^\top \log \mathbf p$$` + '\n\n' + String.raw`$$\nabla_{\mathbf z} L = ${rhs}$$` + '\n';
    assert.deepEqual(checkMarkdown(note(String.raw`\mathbf p - \mathbf y`)).steps.map((s) => s.verdict), ['holds']);
    assert.equal(codes(note(String.raw`\mathbf y - \mathbf p`)).length, 1);
  });

  test('…and defined after the derivation, with the softmax defined after it, in a note that never writes p_k', () => {
    const note = (rhs: string): string => String.raw`$$\nabla_{\mathbf z} L = ${rhs}$$ where $L = -\mathbf y^\top \log \mathbf p$ and $\mathbf p = \mathrm{softmax}(\mathbf z)$` + '\n';
    assert.deepEqual(checkMarkdown(note(String.raw`\mathbf p - \mathbf y`)).steps.map((s) => s.verdict), ['holds']);
    assert.equal(codes(note(String.raw`\mathbf y - \mathbf p`)).length, 1);
  });
});
