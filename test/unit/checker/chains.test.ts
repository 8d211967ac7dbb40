import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown, checkMarkdownIncremental } from '../../../src/core/checker/index';

function codes(md: string): string[] {
  return checkMarkdown(md).findings.map((f) => `${f.code}@${md.slice(f.offset, f.offset + f.length)}`);
}

const SOFTMAX = 'Let $s_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}$.\n\n';

describe('chains, definitions and assumptions', () => {
  test('a correct Jacobian chain is silent; a wrong step is flagged exactly there', () => {
    const good = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_j} = s_i(\\delta_{ij} - s_j) = s_i \\delta_{ij} - s_i s_j$$\n`;
    assert.deepEqual(codes(good), []);
    const bad = good.replace('= s_i \\delta_{ij} - s_i s_j', '= s_i \\delta_{ij} + s_i s_j');
    assert.deepEqual(codes(bad), ['step-fails@s_i \\delta_{ij} + s_i s_j']);
  });

  test('a block that begins with = continues the chain; a paragraph of prose between blocks ends it', () => {
    const cont = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = s_i - s_i^2$$\n\n$$= s_i(1 + s_i)$$\n`;
    assert.deepEqual(codes(cont), ['step-fails@s_i(1 + s_i)', 'final-result-wrong@s_i(1 + s_i)'].slice(0, 1));
    // A few words ("so") keep the chain going (see surfaceClasses.test.ts); a sentence with math of its own ends it.
    const broken = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = s_i - s_i^2$$\n\nNow take another quantity, $t = 2$, and note that\n\n$$= s_i(1 + s_i)$$\n`;
    assert.deepEqual(codes(broken), []);
    const long = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = s_i - s_i^2$$\n\nThis paragraph talks at length about something else entirely before\n\n$$= s_i(1 + s_i)$$\n`;
    assert.deepEqual(codes(long), []);
  });

  test('&= rows continue across \\\\ in aligned, align* and split', () => {
    for (const env of ['aligned', 'align*', 'split']) {
      const md = `${SOFTMAX}$$\\begin{${env}} \\frac{\\partial \\ln s_i}{\\partial a_i} &= 1 - s_i \\\\ &= 1 + s_i \\end{${env}}$$\n`;
      assert.deepEqual(codes(md), ['step-fails@1 + s_i'], env);
    }
  });

  test('only = is judged: \\approx, \\le and \\Rightarrow end a chain', () => {
    assert.deepEqual(codes('$$x^2 + 1 \\approx 2x$$\n'), []);
    assert.deepEqual(codes('$$(x+1)^2 = x^2 + 2x + 1 \\le 5$$\n'), []);
    assert.deepEqual(codes('$$a = b \\Rightarrow c = d$$\n'), []);
    assert.deepEqual(codes('$$(x+1)^2 = x^2 + 1$$\n'), ['step-fails@x^2 + 1']);
  });

  test('definitions are not claims: a fresh symbol, :=, \\triangleq, function definitions', () => {
    assert.deepEqual(codes('$$z = w x + b$$\n\n$$f(x) := x^2$$\n\n$$g \\triangleq 3$$\n'), []);
    assert.deepEqual(codes('$$z = w x + b$$\n\n$$\\frac{\\partial z}{\\partial w} = x$$\n'), []);
    assert.deepEqual(codes('$$z = w x + b$$\n\n$$\\frac{\\partial z}{\\partial w} = w$$\n'), ['step-fails@w']);
  });

  test('a definition followed by = steps checks the steps', () => {
    assert.deepEqual(codes('$$y_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}} = \\frac{1}{\\sum_j e^{z_j - z_i}}$$\n'), []);
    assert.deepEqual(codes('$$y_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}} = \\frac{1}{\\sum_j e^{z_j + z_i}}$$\n').length, 1);
  });

  test('assumptions are never judged and set the regime: $i = j$, $t_i = 1$, $n = 3$', () => {
    const md = `${SOFTMAX}For the diagonal, $i = j$:\n\n$$\\frac{\\partial s_i}{\\partial a_j} = s_i(1 - s_j)$$\n`;
    assert.deepEqual(codes(md), []);
    const ce = `${SOFTMAX}$$L = -\\sum_k t_k \\ln s_k$$\n\nThe true class is $i$, so $t_i = 1$ and $$L = -\\ln s_i$$\n`;
    assert.deepEqual(codes(ce), []);
    assert.deepEqual(codes('Take $n = 3$.\n'), []);
  });

  test('the case from prose: "when i = j", "当 i ≠ j 时"', () => {
    const en = `${SOFTMAX}When i = j:\n\n$$\\frac{\\partial s_i}{\\partial a_j} = s_i(1 - s_i)$$\n`;
    assert.deepEqual(codes(en), []);
    const zh = `${SOFTMAX}当 i ≠ j 时：\n\n$$\\frac{\\partial s_i}{\\partial a_j} = -s_i s_j$$\n`;
    assert.deepEqual(codes(zh), []);
    const wrongZh = `${SOFTMAX}当 i ≠ j 时：\n\n$$\\frac{\\partial s_i}{\\partial a_j} = s_i s_j$$\n`;
    assert.equal(codes(wrongZh).length, 1);
  });

  test('cases conditions restrict each row', () => {
    const md = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_j} = \\begin{cases} s_i(1 - s_i) & i = j \\\\ -s_i s_j & i \\neq j \\end{cases}$$\n`;
    assert.deepEqual(codes(md), []);
    assert.equal(codes(md.replace('-s_i s_j & i', 's_i s_j & i')).length, 1);
  });

  test('shorthand: e^i and \\partial i mean the i-th logit', () => {
    const md = '$$y_i = \\frac{e^i}{\\sum_j e^j}$$\n\n$$\\frac{\\partial (-\\ln y_i)}{\\partial i} = y_i - 1$$\n';
    assert.deepEqual(codes(md), []);
    assert.equal(codes(md.replace('= y_i - 1', '= 1 - y_i')).length, 1);
  });

  test('hints: sign, missing term, wrong only when i = j', () => {
    const sign = checkMarkdown(`${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = s_i(1 - s_i) = s_i(s_i - 1)$$\n`).findings[0];
    assert.equal(sign?.hint, 'the sign is flipped');
    const term = checkMarkdown('$$(x + 1)^2 = x^2 + 2x + 1 = x^2 + 1$$\n').findings[0];
    assert.equal(term?.hint, 'a term of the previous step is missing: 2x');
    const zero = checkMarkdown('$$(x + 1)^2 - 1 = x^2 + 2x = x^2 + 2x - x^2 - 2x$$\n').findings[0];
    assert.equal(zero?.hint, 'this step is 0, the previous one is not');
    const onlyEq = checkMarkdown(`${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_j} = s_i(\\delta_{ij} - s_j) = -s_i s_j$$\n`).findings[0];
    assert.equal(onlyEq?.hint, 'wrong only when i = j');
    const silentCase = checkMarkdown(`${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_j} = -s_i s_j$$\n`).findings;
    assert.deepEqual(silentCase, [], 'with no stated case, a chain may be about i ≠ j');
  });

  test('final result contradicting the derivative the chain starts from', () => {
    const md = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = 2 s_i (1 - s_i)$$\n\n$$= 2 s_i - 2 s_i^2$$\n`;
    const r = checkMarkdown(md).findings;
    // The last step repeats the wrong value: the final result is reported too.
    assert.deepEqual(r.map((f) => f.code), ['step-fails', 'final-result-wrong']);
    assert.equal(r[0]!.correctLatex, 's_i(1 - s_i)');
    assert.equal(r[0]!.hint, 'off by a constant factor 2');
    const inherited = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = \\frac{\\partial}{\\partial a_i} \\frac{e^{a_i}}{\\sum_j e^{a_j}}$$\n\n$$= 2 s_i (1 - s_i) = 2 s_i - 2 s_i^2$$\n`;
    assert.deepEqual(checkMarkdown(inherited).findings.map((f) => f.code), ['step-fails', 'final-result-wrong']);
  });

  test('soft targets: \\sum_k q_k = 1 makes q a probability vector', () => {
    const md = 'With $p_k = \\frac{e^{a_k}}{\\sum_m e^{a_m}}$ and $\\sum_k q_k = 1$:\n\n$$\\frac{\\partial}{\\partial a_i}\\left(-\\sum_k q_k \\ln p_k\\right) = p_i - q_i$$\n';
    assert.deepEqual(codes(md), []);
  });

  test('disable directives', () => {
    const bad = '$$(x+1)^2 = x^2 + 1$$\n';
    assert.equal(codes(bad).length, 1);
    assert.deepEqual(codes(`<!-- softmax-lens-disable-next-block -->\n${bad}`), []);
    assert.deepEqual(codes(`<!-- softmax-lens-disable -->\n\n${bad}`), []);
  });

  test('unknown steps are silent unless asked for', () => {
    const md = '$$\\frac{\\partial L}{\\partial w} = \\max_j z_j$$\n';
    assert.deepEqual(checkMarkdown(md).findings, []);
    const shown = checkMarkdown(md, { showUnchecked: true }).findings;
    assert.equal(shown.length, 1);
    assert.equal(shown[0]!.code, 'not-checked');
    assert.equal(shown[0]!.severity, 'information');
  });

  test('the incremental form gives the same result and can be stopped', () => {
    const md = `${SOFTMAX}$$\\frac{\\partial s_i}{\\partial a_i} = s_i(1 + s_i)$$\n\n`.repeat(5);
    const gen = checkMarkdownIncremental(md);
    let slices = 0;
    let step = gen.next();
    while (!step.done) {
      slices++;
      step = gen.next();
    }
    assert.ok(slices >= 5);
    assert.deepEqual(step.value.findings, checkMarkdown(md).findings);
    let calls = 0;
    const stopped = checkMarkdown(md, { shouldStop: () => ++calls > 2 });
    assert.equal(stopped.stats.timedOut, true);
    assert.ok(stopped.findings.length < 5);
  });
});
