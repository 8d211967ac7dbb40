import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMath } from '../../../src/core/latex/parse';
import { IMPLICIT_VARIABLE, type Expr } from '../../../src/core/latex/tree';

function first(tex: string): Expr | null {
  const r = parseMath(tex);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value.rows[0]!.items[0]!.expr;
}

describe('δ as a differential operator', () => {
  test('\\delta{…} and \\delta f(x) are derivatives with an implicit variable', () => {
    for (const tex of ['\\delta{\\frac{1}{1 + e^{-u}}}', '\\delta \\tanh(u)', '\\delta sigmoid(u)', '\\delta {u^3}']) {
      const x = first(tex);
      assert.equal(x?.k, 'deriv', tex);
      if (x?.k === 'deriv') assert.ok(x.wrt.k === 'sym' && x.wrt.name === IMPLICIT_VARIABLE, tex);
    }
  });

  test('the derivative spans the operand, so a finding underlines all of it', () => {
    const tex = '\\delta{u^2 + 1}';
    const x = first(tex);
    assert.equal(x?.k, 'deriv');
    assert.equal(tex.slice(x!.s, x!.e), tex);
  });

  test('other uses of δ are unchanged: Kronecker δ_{ij}, a backprop error term, δ without an operand', () => {
    assert.equal(first('\\delta_{ij}')?.k, 'ind');
    assert.equal(first('\\delta W')?.k, 'unknown');
    assert.equal(first('\\delta')?.k, 'unknown');
    assert.equal(first('\\delta{x}')?.k, 'unknown');
    assert.equal(first('\\delta x')?.k, 'unknown');
    assert.equal(first('\\delta_j')?.k, 'unknown');
    assert.equal(first('\\delta^{(2)}')?.k, 'unknown');
  });
});

describe('statements listed with commas', () => {
  function rowTexts(tex: string): string[] {
    const r = parseMath(tex);
    assert.ok(r.ok);
    return r.value.rows.map((row) => row.items.map((i) => i.text).join(' | '));
  }

  test('"a = …, b = …" is two statements', () => {
    assert.deepEqual(rowTexts('g_i = e^{a_i}, h_i = \\sum_k e^{a_k} = Z'), ['g_i | e^{a_i}', 'h_i | \\sum_k e^{a_k} | Z']);
    assert.deepEqual(rowTexts('t_c = 1, t_k = 0'), ['t_c | 1', 't_k | 0']);
  });

  test('a condition after a comma stays a condition; a comma inside parentheses is no list', () => {
    const r = parseMath('s_i(1 - s_i), i = j');
    assert.ok(r.ok);
    assert.equal(r.value.rows.length, 1);
    assert.equal(r.value.rows[0]!.conds.length, 1);
    assert.equal(parseMath('f(a, b = 2) = 3').ok && rowTexts('f(a, b = 2) = 3').length, 1);
    assert.equal(rowTexts('x, y = 0').length, 1);
    assert.deepEqual(rowTexts('a_i = 2, n = 3'), ['a_i | 2']);
  });
});
