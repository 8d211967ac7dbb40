// The chain rule written symbolically (src/core/checker/chainRule.ts): a product of derivatives the
// rule joins holds; one it does not join (indices swapped, a sum dropped, a second road to the
// variable) is never taken as holding, and nothing here is ever flagged for want of numbers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';
import { contractChains } from '../../../src/core/checker/chainRule';
import { parseMath } from '../../../src/core/latex/parse';
import type { Expr } from '../../../src/core/latex/tree';

const verdicts = (md: string): string[] => checkMarkdown(md).steps.map((s) => s.verdict);
const warned = (md: string): boolean => checkMarkdown(md).findings.some((f) => f.severity === 'warning');

function expr(tex: string): Expr {
  const r = parseMath(tex);
  if (!r.ok) throw new Error(`parse: ${tex}`);
  return r.value.rows[0]!.items[0]!.expr!;
}

const joins = (tex: string): number => contractChains(expr(tex)).joined;

test('products the chain rule joins are contracted', () => {
  assert.equal(joins('\\frac{\\partial L}{\\partial \\hat y} \\frac{\\partial \\hat y}{\\partial z}'), 1);
  assert.equal(joins('\\frac{dL}{dy} \\cdot \\frac{dy}{dz} \\cdot \\frac{dz}{dw}'), 2);
  // The layout convention (which factor comes first) is not judged.
  assert.equal(joins('\\frac{\\partial z}{\\partial w} \\frac{\\partial L}{\\partial z}'), 1);
  assert.equal(joins('\\sum_k \\frac{\\partial L}{\\partial p_k} \\frac{\\partial p_k}{\\partial z_i}'), 1);
  assert.equal(joins('\\frac{\\partial \\log p_k}{\\partial p_k} \\frac{\\partial p_k}{\\partial o_i}'), 1);
  assert.equal(joins('\\frac{\\partial J(\\theta)}{\\partial \\theta} \\frac{\\partial \\theta}{\\partial w}'), 1);
});

test('products that are not the chain rule are left alone', () => {
  // Indices swapped: the sum runs over the wrong index.
  assert.equal(joins('\\sum_j \\frac{\\partial E}{\\partial q_i} \\frac{\\partial q_i}{\\partial z_j}'), 0);
  // The sum over the entries dropped: L reads every p_k, not only p_i.
  assert.equal(joins('\\frac{\\partial L}{\\partial p_i} \\frac{\\partial p_i}{\\partial z_i}'), 0);
  // Another factor of the sum reads k: Σ_k y_k ∂L/∂p_k ∂p_k/∂z is not y · ∂L/∂z.
  assert.equal(joins('\\sum_k y_k \\frac{\\partial L}{\\partial p_k} \\frac{\\partial p_k}{\\partial z_i}'), 0);
  // The intermediates do not meet.
  assert.equal(joins('\\frac{\\partial L}{\\partial a} \\frac{\\partial b}{\\partial z}'), 0);
  // f reads the variable itself (a weight penalty): the chain through a is not the whole derivative.
  assert.equal(joins('\\frac{\\partial (a + w^2)}{\\partial a} \\frac{\\partial a}{\\partial w}'), 0);
  // A written-out f that reads more than the one entry.
  assert.equal(joins('\\frac{\\partial (p_k q_k)}{\\partial p_k} \\frac{\\partial p_k}{\\partial z_i}'), 0);
});

test('a chain rule written before anything is defined holds, link by link', () => {
  const md = 'By the chain rule\n\n$$\n\\frac{\\partial J}{\\partial w} = \\frac{\\partial J}{\\partial \\theta}\\frac{\\partial \\theta}{\\partial w} = \\frac{\\partial J}{\\partial \\hat y}\\frac{\\partial \\hat y}{\\partial \\theta}\\frac{\\partial \\theta}{\\partial w}\n$$\n';
  assert.deepEqual(verdicts(md), ['holds', 'holds']);
  const sum = '$$\n\\frac{\\partial L}{\\partial z_i} = \\sum_k \\frac{\\partial L}{\\partial p_k} \\frac{\\partial p_k}{\\partial z_i}\n$$\n';
  assert.deepEqual(verdicts(sum), ['holds']);
});

test('a chain rule with its indices swapped or its sum dropped is not taken as holding', () => {
  for (const rhs of [
    '\\sum_k \\frac{\\partial L}{\\partial p_i} \\frac{\\partial p_i}{\\partial z_k}',
    '\\frac{\\partial L}{\\partial p_i} \\frac{\\partial p_i}{\\partial z_i}',
    '\\sum_k \\frac{\\partial L}{\\partial p_k} \\frac{\\partial p_i}{\\partial z_k}',
  ]) {
    const md = `$$\n\\frac{\\partial L}{\\partial z_i} = ${rhs}\n$$\n`;
    assert.notDeepEqual(verdicts(md), ['holds'], rhs);
    assert.equal(warned(md), false, rhs);
  }
});

test('an uncomputable factor shared by both sides: the rest is judged as a hold only', () => {
  // o is never defined, so ∂p_k/∂o_i cannot be computed; ∂log p_k/∂p_k = 1/p_k can.
  const md = '$$\n\\begin{aligned}\nL &= -\\sum_k y_k \\log p_k \\\\\n\\frac{\\partial L}{\\partial o_i} &= -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial o_i} \\\\\n&= -\\sum_k y_k \\frac{\\partial \\log p_k}{\\partial p_k} \\frac{\\partial p_k}{\\partial o_i} \\\\\n&= -\\sum_k y_k \\frac{1}{p_k} \\frac{\\partial p_k}{\\partial o_i}\n\\end{aligned}\n$$\n';
  const v = verdicts(md);
  assert.deepEqual(v.slice(-2), ['holds', 'holds']);
  // The same with a dropped minus sign: not a hold, and not flagged either (the unknown factor may make it right).
  const wrong = md.replace('&= -\\sum_k y_k \\frac{1}{p_k}', '&= \\sum_k y_k \\frac{1}{p_k}');
  assert.notEqual(verdicts(wrong).at(-1), 'holds');
});

describe('a prime on a group inside a chain that differentiates by a written variable', () => {
  const head = '$$p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}$$\n\n';
  const chain = (lhs: string, steps: string[]): string => `${head}$$\n\\begin{aligned}\n${lhs} &= ${steps.join(' \\\\\n&= ')}\n\\end{aligned}\n$$\n`;
  test('the quotient rule with primes holds, in either spelling of the prime', () => {
    for (const prime of ["'", "^{'}", '^{\\prime}']) {
      const md = chain('\\frac{\\partial p_i}{\\partial z_j}', [
        `\\left(\\frac{e^{z_i}}{\\sum_k e^{z_k}}\\right)${prime}`,
        `\\frac{(e^{z_i})${prime} \\sum_k e^{z_k} - e^{z_i} (\\sum_k e^{z_k})${prime}}{(\\sum_k e^{z_k})^2}`,
        '\\frac{\\delta_{ij} e^{z_i} \\sum_k e^{z_k} - e^{z_i} e^{z_j}}{(\\sum_k e^{z_k})^2}',
      ]);
      assert.deepEqual(verdicts(md), ['holds', 'holds', 'holds'], prime);
    }
  });
  test('a wrong sign after the primes is flagged', () => {
    const md = chain('\\frac{\\partial p_i}{\\partial z_j}', [
      "\\frac{(e^{z_i})' \\sum_k e^{z_k} - e^{z_i} (\\sum_k e^{z_k})'}{(\\sum_k e^{z_k})^2}",
      '\\frac{\\delta_{ij} e^{z_i} \\sum_k e^{z_k} + e^{z_i} e^{z_j}}{(\\sum_k e^{z_k})^2}',
    ]);
    assert.deepEqual(verdicts(md), ['holds', 'fails']);
  });
});

test('a derivative of an undefined loss through an intermediate the note defines: ∂C/∂Z = ∂C/∂A · A(1 - A)', () => {
  const md = 'Since $A = \\sigma(Z)$, we have\n\n$$\\frac{\\partial C}{\\partial Z} = \\frac{\\partial C}{\\partial A} \\cdot A \\cdot (1 - A)$$\n';
  assert.deepEqual(verdicts(md), ['holds']);
  // Wrong factor: wrong whatever C is (C read as any function of A, see upstream.test.ts).
  const wrong = md.replace('A \\cdot (1 - A)', 'A \\cdot (1 + A)');
  assert.deepEqual(verdicts(wrong), ['fails']);
  assert.equal(warned(wrong), true);
});
