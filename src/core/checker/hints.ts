import type { Expr } from '../latex/tree';
import { close, collectIndices, decide, sampleAll, type DecideInput, type Point, type Regime, type Verdict } from './decide';
import { SHORTHAND_LOGIT, type Definition } from './evaluate';
import type { Counterexample } from './types';

/**
 * Why a failing step fails, when a simple reason fits: a constant factor (−1 is a flipped sign,
 * n−1 a sum over j ≠ i that gained or lost terms), a dropped or extra additive term of the
 * previous step, or a failure confined to i = j (or to i ≠ j).
 */
export function hintFor(
  prev: Expr,
  cur: Expr,
  verdict: Extract<Verdict, { kind: 'fails' }>,
  regime: Regime,
  defs: Map<string, Definition>,
  prevTex: string,
  input: (r: Regime) => DecideInput,
): string | undefined {
  const pts = verdict.points;
  const ratios = pts.map((p) => (p.a === 0 ? NaN : p.b / p.a));
  if (ratios.every((r) => Number.isFinite(r))) {
    if (ratios.every((r) => close(r, 0))) return 'this step is 0, the previous one is not';
    if (ratios.every((r) => close(r, -1))) return 'the sign is flipped';
    const byN = (f: (n: number) => number) => pts.every((p, k) => close(ratios[k]!, f(p.sample.n)));
    if (new Set(pts.map((p) => p.sample.n)).size > 1 || pts.length > 0) {
      if (byN((n) => n - 1) || byN((n) => 1 / (n - 1))) return 'off by a factor n−1: a sum over j ≠ i gained or lost terms';
      if (byN((n) => n) || byN((n) => 1 / n)) return 'off by a factor n: a sum gained or lost a term per index';
    }
    const r0 = ratios[0]!;
    if (ratios.every((r) => close(r, r0))) return `off by a constant factor ${formatNumber(r0)}`;
  }
  // A dropped or an extra additive term.
  for (const [whole, other, word] of [[prev, cur, 'missing'], [cur, prev, 'extra']] as const) {
    if (whole.k !== 'add' || whole.terms.length < 2 || whole.terms.length > 8) continue;
    const r = sampleAll([whole, other, ...whole.terms], input(regime));
    if ('why' in r) continue;
    const w = r.values[0]!;
    const o = r.values[1]!;
    for (let t = 0; t < whole.terms.length; t++) {
      const tv = r.values[t + 2]!;
      if (w.every((_, p) => close(w[p]! - tv[p]!, o[p]!))) {
        const term = whole.terms[t]!;
        const latex = word === 'missing' ? prevTex.slice(term.s, term.e).trim() : '';
        return word === 'missing' ? `a term of the previous step is missing${latex ? `: ${latex}` : ''}` : 'an additive term appeared that the previous step does not have';
      }
    }
  }
  // Wrong only in one case of an index pair the regime leaves open.
  const names = collectIndices([prev, cur], defs);
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const A = names[a]!;
      const B = names[b]!;
      if (regime.pairs.some((p) => (p.a === A && p.b === B) || (p.a === B && p.b === A))) continue;
      const withPair = (eq: boolean): Regime => ({ ...regime, pairs: [...regime.pairs, { a: A, b: B, eq }] });
      const eqV = decide(prev, cur, input(withPair(true))).kind;
      const neV = decide(prev, cur, input(withPair(false))).kind;
      if (eqV === 'fails' && neV === 'holds') return `wrong only when ${A} = ${B}`;
      if (eqV === 'holds' && neV === 'fails') return `wrong only when ${A} ≠ ${B}`;
    }
  }
  return undefined;
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const r = Math.round(v * 1000) / 1000;
  return String(r);
}

/** The counterexample a person can reproduce: the vector, the indices, the scalars, both values. */
export function counterexampleOf(point: Point, about: Expr): Counterexample {
  const s = point.sample;
  let vector: string | undefined;
  if (about.k === 'deriv' && about.wrt.k === 'sym') vector = about.wrt.idx.length > 0 ? about.wrt.name : SHORTHAND_LOGIT;
  if (!vector || !s.seen.has(vector)) vector = s.seen.has(SHORTHAND_LOGIT) ? SHORTHAND_LOGIT : [...s.seen.keys()][0];
  const seen = vector ? s.seen.get(vector) : undefined;
  const logits: number[] = [];
  const whole = (read: Map<number, number>): boolean => Array.from({ length: s.n }, (_, m) => m + 1).every((m) => Number.isFinite(read.get(m)));
  if (seen && whole(seen)) for (let m = 1; m <= s.n; m++) logits.push(round(seen.get(m)!));
  // Vectors read only at some entries (`a_i + b_i + c_i`): those entries, by name, never a vector of NaN.
  const entries: Record<string, number> = {};
  let count = 0;
  for (const [name, read] of s.seen) {
    if ((name === vector && logits.length > 0) || name === SHORTHAND_LOGIT) continue;
    if (whole(read) && name !== vector) continue;
    for (const [m, v] of [...read].sort((x, y) => x[0] - y[0])) {
      if (!Number.isFinite(v) || count >= 8) continue;
      entries[`${name}_${m}`] = round(v);
      count++;
    }
  }
  const indices: Record<string, number> = {};
  for (const [k, v] of s.idx) indices[k] = v;
  const params: Record<string, number> = {};
  for (const [k, v] of s.scalars) params[k] = round(v);
  const named = vector && vector !== SHORTHAND_LOGIT ? { vector } : {};
  return { logits, ...named, ...(count > 0 ? { entries } : {}), indices, params, previousValue: round(point.a), stepValue: round(point.b) };
}

/**
 * The point of a counterexample in the note's own terms, for a person to reproduce:
 * "z = [1, 0.5, -2], i = 1, T = 0.7". The vector is left out when the step reads none.
 */
export function describeCounterexamplePoint(c: Counterexample, formatNumber: (value: number) => string): string {
  const parts: string[] = [];
  if (c.logits.length > 0) parts.push(`${c.vector ?? 'a'} = [${c.logits.map(formatNumber).join(', ')}]`);
  for (const [name, value] of Object.entries(c.entries ?? {})) parts.push(`${name} = ${formatNumber(value)}`);
  for (const [name, value] of Object.entries(c.indices)) parts.push(`${name} = ${value}`);
  for (const [name, value] of Object.entries(c.params)) parts.push(`${name} = ${formatNumber(value)}`);
  return parts.join(', ');
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}
