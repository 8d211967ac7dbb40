import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMath } from '../../../src/core/latex/parse';
import { blankNoOps, parseTex } from '../../../src/core/latex/katexParse';
import type { Expr, Row } from '../../../src/core/latex/tree';

/** A compact, unambiguous rendering of a tree, to assert structure. */
function show(x: Expr | null): string {
  if (!x) return '∅';
  switch (x.k) {
    case 'num': return String(x.v);
    case 'sym': return x.name + (x.idx.length ? `_{${x.idx.map(show).join(',')}}` : '');
    case 'add': return `(${x.terms.map(show).join(' + ')})`;
    case 'neg': return `-${show(x.x)}`;
    case 'mul': return `(${x.fs.map(show).join(' * ')})`;
    case 'div': return `(${show(x.n)} / ${show(x.d)})`;
    case 'pow': return `${show(x.b)}^${show(x.x)}`;
    case 'call': return `${x.f}[${x.args.map(show).join(',')}]`;
    case 'big': return `${x.op}{${x.v}${x.lo ? `=${show(x.lo)}` : ''}${x.hi ? `..${show(x.hi)}` : ''}${x.ne.length ? `≠${x.ne.map(show).join(',')}` : ''}}(${show(x.body)})`;
    case 'deriv': return `D[${show(x.f)} / ${show(x.wrt)}]`;
    case 'ind': return `[${show(x.a)}${x.eq ? '=' : '≠'}${show(x.b)}]`;
    case 'cases': return `cases{${x.branches.map((b) => `${show(b.value)}${b.cond ? ` if ${show(b.cond.a)} ${b.cond.rel} ${show(b.cond.b)}` : ' else'}`).join('; ')}}`;
    case 'matrix': return `M[${x.rows.map((r) => r.map(show).join(', ')).join('; ')}]`;
    case 'unknown': return `?`;
  }
}

function rows(tex: string): Row[] {
  const r = parseMath(tex);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value.rows;
}

function one(tex: string): string {
  const [row] = rows(tex);
  assert.ok(row && row.items.length === 1, `expected one expression in ${tex}`);
  return show(row.items[0]!.expr);
}

describe('LaTeX → math tree', () => {
  test('arithmetic: precedence, unary minus, implicit multiplication, \\cdot and \\times', () => {
    assert.equal(one('a + b c'), '(a + (b * c))');
    assert.equal(one('-a b'), '-(a * b)');
    assert.equal(one('a - b'), '(a + -b)');
    assert.equal(one('a \\cdot b \\times c'), '(a * b * c)');
    assert.equal(one('a / b c'), '((a / b) * c)');
    assert.equal(one('2.5x^2'), '(2.5 * x^2)');
    assert.equal(one('\\left(1 - s_i\\right) s_i'), '((1 + -s_{i}) * s_{i})');
    assert.equal(one('\\big( x \\big)^2'), 'x^2');
  });

  test('e^{…}, functions and their arguments', () => {
    assert.equal(one('e^{a_i}'), 'exp[a_{i}]');
    assert.equal(one('\\ln y_i'), 'ln[y_{i}]');
    assert.equal(one('\\log\\left(1 + e^{x}\\right)'), 'ln[(1 + exp[x])]');
    assert.equal(one('\\sigma(z)(1 - \\sigma(z))'), '(sigmoid[z] * (1 + -sigmoid[z]))');
    assert.equal(one("\\sigma'(z)"), "sigmoid'[z]");
    assert.equal(one('\\tanh x'), 'tanh[x]');
    assert.equal(one('\\sqrt{x}'), 'sqrt[x]');
    assert.equal(one('\\operatorname{softmax}(z_i)'), 'softmax[z_{i}]');
    assert.equal(one('\\mathop{log}(q_i)'), one('\\log(q_i)'));
    assert.equal(one('\\exp(-x)'), 'exp[-x]');
    // `e^-x`: TeX raises only the minus; the note means e^{-x} (but not when more letters follow).
    assert.equal(one('1 + e^-x'), '(1 + exp[-x])');
    assert.equal(one('e^-{x^2}'), one('e^{-x^2}'));
    assert.equal(one('e^-xy'), '(exp[?] * x * y)');
    // `y_hat` without braces names one quantity, as `y_{hat}` does; `z_ij` is not a suffix word.
    assert.equal(one('y_hat'), one('y_{hat}'));
    assert.equal(one('1 - y\\_pred'), one('1 - y_{pred}'));
  });

  test('names: \\text, \\mathrm, accents, primes, word subscripts', () => {
    assert.equal(one('\\text{Loss}_i'), 'Loss_{i}');
    assert.equal(one('\\text{CE-loss}'), 'CE-loss');
    assert.equal(one('\\hat y_i'), 'hat y_{i}');
    assert.equal(one('\\hat{y}'), 'hat y');
    assert.equal(one('L_{CE}'), 'L_CE');
    assert.equal(one('w_{ik}'), 'w_{i,k}');
    assert.equal(one('x^{(i)}'), 'x_{i}');
    // A transpose is matrix algebra: not read as a product of numbers.
    assert.equal(one('W^T x'), '?');
    const w = rows('W^T x')[0]!.items[0]!.expr;
    assert.equal(w?.k === 'unknown' ? w.why : '', 'matrix notation (a transpose)');
    assert.equal(one('loss'), 'loss');
  });

  test('sums and products bind their index; the body is the following product', () => {
    assert.equal(one('\\sum_j e^{a_j}'), 'sum{j}(exp[a_{j}])');
    assert.equal(one('\\sum_{j=1}^{n} x_j - 1'), '(sum{j=1..n}(x_{j}) + -1)');
    assert.equal(one('\\sum_{j \\neq i} e^{a_j} \\cdot b'), 'sum{j≠i}((exp[a_{j}] * b))');
    assert.equal(one('\\sum_{j \\ne i} x_j'), 'sum{j≠i}(x_{j})');
    assert.equal(one('\\sum\\limits_{k=1}^{K} y_k'), 'sum{k=1..K}(y_{k})');
    assert.equal(one('\\prod_{i} p_i'), 'prod{i}(p_{i})');
    assert.equal(one('\\sum_{i,j} w_{ij}'), 'sum{i}(sum{j}(w_{i,j}))');
  });

  test('derivatives: fraction forms, operator form, d/dx, the \\partial i shorthand', () => {
    assert.equal(one('\\frac{\\partial s_i}{\\partial a_j}'), 'D[s_{i} / a_{j}]');
    assert.equal(one('\\frac{\\partial}{\\partial a_i} \\ln s_i'), 'D[ln[s_{i}] / a_{i}]');
    assert.equal(one('\\frac{d}{dx} \\sigma(x)'), 'D[sigmoid[x] / x]');
    assert.equal(one('\\frac{dy}{dx}'), 'D[y / x]');
    assert.equal(one('\\frac{\\partial \\text{Loss}_i}{\\partial i}'), 'D[Loss_{i} / i]');
    assert.equal(one('\\frac{\\partial L}{\\partial_i}'), 'D[L / i]');
    assert.equal(one('\\frac{\\partial \\left(-\\ln y_i\\right)}{\\partial a_i}'), 'D[-ln[y_{i}] / a_{i}]');
  });

  test('δ, indicators and cases', () => {
    assert.equal(one('\\delta_{ij}'), '[i=j]');
    assert.equal(one('\\delta^i_j'), '[i=j]');
    // δ opening both parts of a fraction is the differential; δ with indices stays Kronecker's.
    assert.equal(one('\\frac{\\delta L}{\\delta w}'), one('\\frac{\\partial L}{\\partial w}'));
    assert.equal(one('\\frac{\\delta_{ij}}{2}'), '([i=j] / 2)');
    assert.equal(one('\\delta_{j}^{i}'), '[i=j]');
    assert.equal(one('1_{i=j}'), '[i=j]');
    assert.equal(one('\\mathbb{1}_{i \\neq j}'), '[i≠j]');
    assert.equal(
      one('\\begin{cases} s_i(1-s_i) & \\text{if } i = j \\\\ -s_i s_j & i \\neq j \\end{cases}'),
      'cases{(s_{i} * (1 + -s_{i})) if i eq j; -(s_{i} * s_{j}) if i ne j}',
    );
  });

  test('rows: aligned with &=, relations, item spans into the TeX', () => {
    const tex = '\\begin{aligned} f &= a + b \\\\ &= c \\end{aligned}';
    const [r1, r2] = rows(tex) as [Row, Row];
    assert.equal(r1.items.length, 2);
    assert.equal(r1.rels[0]!.rel, 'eq');
    assert.equal(r1.items[1]!.text, 'a + b');
    assert.equal(tex.slice(r1.items[1]!.s, r1.items[1]!.e), 'a + b');
    assert.equal(r2.items[0]!.expr, null);
    assert.equal(r2.items[1]!.text, 'c');
  });

  test('spans cover \\frac, \\left…\\right and scripts', () => {
    const tex = 'x = \\frac{\\partial \\left(\\frac{1}{S}\\right)}{\\partial a_i} = \\left(1 - s_i\\right)^2';
    const [row] = rows(tex) as [Row];
    assert.equal(row.items[1]!.text, '\\frac{\\partial \\left(\\frac{1}{S}\\right)}{\\partial a_i}');
    assert.equal(row.items[2]!.text, '\\left(1 - s_i\\right)^2');
  });

  test('relations: := and \\triangleq define, \\approx and \\Rightarrow are other', () => {
    assert.equal(rows('a := b')[0]!.rels[0]!.rel, 'def');
    assert.equal(rows('a \\triangleq b')[0]!.rels[0]!.rel, 'def');
    assert.equal(rows('a \\approx b')[0]!.rels[0]!.rel, 'other');
    assert.equal(rows('a \\Rightarrow b')[0]!.rels[0]!.rel, 'other');
    assert.equal(rows('a \\neq b')[0]!.rels[0]!.rel, 'other');
  });

  test('cases holding statements become rows; conditions are kept', () => {
    const r = rows('\\begin{cases} L = -\\ln y_c \\\\ y_i = e^{z_i} \\end{cases}');
    assert.equal(r.length, 2);
    assert.equal(show(r[1]!.items[0]!.expr), 'y_{i}');
    const c = rows('\\frac{\\partial s_i}{\\partial a_j} = -s_i s_j, \\quad i \\neq j');
    assert.equal(c[0]!.items.length, 2);
  });

  test('\\label, \\tag and \\eqref are no-ops and offsets stay right', () => {
    const tex = 'a = b \\label{eq:1} \\tag{3}';
    assert.equal(blankNoOps(tex).length, tex.length);
    const [row] = rows(tex) as [Row];
    assert.equal(row.items[1]!.text, 'b');
  });

  test('unreadable material is unknown, never a crash', () => {
    assert.equal(one('\\frac{\\partial^2 f}{\\partial x^2}'), '?');
    assert.equal(one('\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 & 5 \\end{pmatrix}'), '?');
    assert.equal(one('\\max_j z_j'), '?');
  });

  test('KaTeX errors carry their position', () => {
    const r = parseTex('a + \\frac{1}{');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'katex-parse-error');
      assert.equal(typeof r.error.offset, 'number');
    }
    const unknownMacro = parseTex('x + \\foo y');
    assert.equal(unknownMacro.ok, false);
    if (!unknownMacro.ok) assert.equal(unknownMacro.error.offset, 4);
  });

  test('guards: too large and too deep input is refused with a position', () => {
    const big = parseMath('x+'.repeat(20_000));
    assert.equal(big.ok, false);
    if (!big.ok) assert.equal(big.error.code, 'math-too-large');
    const deep = parseMath('{'.repeat(10_000) + 'x' + '}'.repeat(10_000));
    assert.equal(deep.ok, false);
    if (!deep.ok) {
      assert.equal(deep.error.code, 'math-too-large');
    }
    const deepish = parseMath('{'.repeat(500) + 'x' + '}'.repeat(500));
    assert.equal(deepish.ok, false);
    if (!deepish.ok) {
      assert.equal(deepish.error.code, 'math-too-deep');
      assert.equal(deepish.error.offset, 120);
    }
  });
});
