import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import { parseMath } from '../../../src/core/latex/parse';
import type { Expr } from '../../../src/core/latex/tree';
import { defKey, evaluate, NotInterpreted, type Definition, type EvalContext, type Sample } from '../../../src/core/checker/evaluate';
import { decide, emptyRegime } from '../../../src/core/checker/decide';

Decimal.set({ precision: 40 });

function expr(tex: string): Expr {
  const r = parseMath(tex);
  assert.ok(r.ok);
  const x = r.value.rows[0]!.items[0]!.expr;
  assert.ok(x);
  return x;
}

function sample(n: number, idx: Record<string, number>, fixed: Record<string, number> = {}, seed = 1): Sample {
  return {
    n, seed, idx: new Map(Object.entries(idx)), hot: 1, fixed: new Map(Object.entries(fixed)), normalized: new Set(), variables: new Set(), logit: null, dependence: null,
    cache: new Map(), defCache: new Map(), seen: new Map(), scalars: new Map(),
  };
}

function ctx(s: Sample, defs = new Map<string, Definition>()): EvalContext {
  return { defs, sample: s, seed: null, seedHit: false, locals: new Map(), work: { left: 1e6 }, depth: 0 };
}

const softmaxDefs = (): Map<string, Definition> => {
  const defs = new Map<string, Definition>();
  defs.set(defKey('s', 1), { name: 's', params: ['i'], fnParam: null, body: expr('\\frac{e^{a_i}}{\\sum_j e^{a_j}}'), freeIndices: [] });
  return defs;
};

/** Reference softmax Jacobian entry in 40-digit arithmetic. */
function refJacobian(a: number[], i: number, j: number): number {
  const ex = a.map((v) => new Decimal(v).exp());
  const sum = ex.reduce((acc, v) => acc.plus(v), new Decimal(0));
  const si = ex[i - 1]!.div(sum);
  const sj = ex[j - 1]!.div(sum);
  return si.times((i === j ? new Decimal(1) : new Decimal(0)).minus(sj)).toNumber();
}

describe('forward-mode AD against a 40-digit reference', () => {
  test('∂s_i/∂a_j of a defined softmax, every (i, j)', () => {
    const defs = softmaxDefs();
    const d = expr('\\frac{\\partial s_i}{\\partial a_j}');
    for (const n of [3, 5]) {
      for (let i = 1; i <= n; i++) {
        for (let j = 1; j <= n; j++) {
          const s = sample(n, { i, j }, {}, 7 * n);
          const got = evaluate(d, ctx(s, defs)).v;
          const a = Array.from({ length: n }, (_, k) => s.seen.get('a')!.get(k + 1)!);
          const want = refJacobian(a, i, j);
          assert.ok(Math.abs(got - want) <= 1e-14, `n=${n} i=${i} j=${j}: ${got} vs ${want}`);
        }
      }
    }
  });

  test('scalar derivatives: softplus, sigmoid, tanh, x^x', () => {
    const cases: [string, (x: Decimal) => Decimal][] = [
      ['\\frac{d}{dx} \\ln(1 + e^{x})', (x) => new Decimal(1).div(new Decimal(1).plus(x.neg().exp()))],
      ['\\frac{d}{dx} \\sigma(x)', (x) => { const s = new Decimal(1).div(new Decimal(1).plus(x.neg().exp())); return s.times(new Decimal(1).minus(s)); }],
      ['\\frac{d}{dx} \\tanh(x)', (x) => new Decimal(1).minus(x.tanh().pow(2))],
      ['\\frac{d}{dx} x^{x}', (x) => x.pow(x).times(x.ln().plus(1))],
      ['\\frac{d}{dx} \\sqrt{1 + x^2}', (x) => x.div(new Decimal(1).plus(x.pow(2)).sqrt())],
    ];
    for (const [tex, ref] of cases) {
      for (const x of [0.3, 1.7, 2.5]) {
        const got = evaluate(expr(tex), ctx(sample(3, {}, { x }))).v;
        const want = ref(new Decimal(x)).toNumber();
        assert.ok(Math.abs(got - want) <= 1e-14 * Math.max(1, Math.abs(want)), `${tex} at ${x}: ${got} vs ${want}`);
      }
    }
  });

  test('the e^i shorthand and \\partial i mean the i-th logit', () => {
    const r = evaluate(expr('\\frac{\\partial}{\\partial i} \\frac{e^i}{\\sum_j e^j}'), ctx(sample(4, { i: 2 }))).v;
    const s = sample(4, { i: 2 });
    const y = evaluate(expr('\\frac{e^i}{\\sum_j e^j}'), ctx(s)).v;
    assert.ok(Math.abs(r - y * (1 - y)) < 1e-15);
  });

  test('what is not understood throws NotInterpreted, never a wrong number', () => {
    for (const tex of ['\\frac{\\partial L}{\\partial w}', 'f(x)', '\\max_j z_j', 'q^i']) {
      assert.throws(() => evaluate(expr(tex), ctx(sample(3, { i: 1 }))), (e) => e instanceof NotInterpreted, tex);
    }
  });
});

describe('deciding identities', () => {
  const input = (defs = softmaxDefs()) => ({ defs, regime: emptyRegime(), seed: 5, work: { left: 1e6 } });

  test('true identities hold, false ones fail with a counterexample', () => {
    assert.equal(decide(expr('\\frac{\\partial s_i}{\\partial a_j}'), expr('s_i(\\delta_{ij} - s_j)'), input()).kind, 'holds');
    assert.equal(decide(expr('\\frac{\\partial \\ln s_i}{\\partial a_j}'), expr('\\delta_{ij} - s_j'), input()).kind, 'holds');
    assert.equal(decide(expr('\\sum_j s_j'), expr('1'), input()).kind, 'holds');
    const v = decide(expr('\\frac{\\partial s_i}{\\partial a_j}'), expr('-s_i s_j'), input());
    assert.equal(v.kind, 'fails');
    if (v.kind === 'fails') assert.equal(v.bad.sample.idx.get('i'), v.bad.sample.idx.get('j'), 'differs only on the diagonal');
  });

  test('index coincidences are always sampled', () => {
    // Differ only when i = j = k: three indices must coincide at some point.
    for (let seed = 0; seed < 20; seed++) {
      const v = decide(expr('\\delta_{ij} + \\delta_{jk}'), expr('\\delta_{ij} + \\delta_{jk} + \\delta_{ij} \\delta_{jk} \\delta_{ik}'), { ...input(), seed });
      assert.equal(v.kind, 'fails', `seed ${seed}`);
    }
  });

  test('a regime restricts the points', () => {
    const regime = { ...emptyRegime(), pairs: [{ a: 'i', b: 'j', eq: false }] };
    assert.equal(decide(expr('\\frac{\\partial s_i}{\\partial a_j}'), expr('-s_i s_j'), { ...input(), regime }).kind, 'holds');
  });

  test('poles are resampled, and a side undefined everywhere is unknown', () => {
    assert.equal(decide(expr('\\frac{x^2 - 1}{x - 1}'), expr('x + 1'), input()).kind, 'holds');
    assert.equal(decide(expr('\\ln(-1 - x^2)'), expr('0'), input()).kind, 'unknown');
  });
});
