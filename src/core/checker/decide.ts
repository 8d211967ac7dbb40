import { mapChildren, someNode, type Expr } from '../latex/tree';
import { NOT_QUANTITIES, PARAMETER_LETTERS } from '../knowledge/letters';
import { defKey, entriesKey, entryKey, factKey, evaluate, freeIndices, NotInterpreted, type Definition, type EvalContext, type Sample } from './evaluate';

/**
 * Deciding `A = B` the way a CAS decides identities: evaluate both sides at several random points
 * and compare with a relative tolerance. Index notation makes the points richer than SymPy's:
 * each point also draws the vector length n ∈ 3…6, a value for every free index and the hot class
 * of one-hot targets. A seeded PRNG makes every verdict reproducible.
 */

/** Constraints the note puts on a chain: `i = j`, `i ≠ j`, the target's hot class, fixed values (`n = 3`). */
export interface Regime {
  pairs: { a: string; b: string; eq: boolean }[];
  hot: string | null;
  fixed: Map<string, number>;
  /** Vectors the note says sum to one (`\sum_k q_k = 1`): soft targets, probability vectors. */
  normalized: Set<string>;
  /** Vectors some derivative in the note is taken with respect to: variables, never one-hot targets (shared, not copied). */
  variables: Set<string>;
  /** The logit vector a bare `\\sum` (the softmax denominator shorthand) sums the exponentials of; null when unknown. */
  logit: string | null;
  /** How undefined vectors the note differentiates by another vector depend on it (see `Dependence`); null: they do not. */
  dependence: Dependence | null;
  /** Read `\\sigma(v_k)` as the k-th softmax output of v (a softmax note's σ), not the logistic function. */
  sigmaSoftmax?: boolean;
  /** Names read bare as their first entry: the note's single-sample shorthand (`a` for a_i, see document.ts). */
  oneSample?: ReadonlySet<string>;
  /** A target with two indices (`y^{(n)}_k`) is one-hot along this one (0: the first written), the other free. */
  hotAxis?: 0 | 1;
  /** Names the note only uses as the length of a sum (`\\sum_{j=1}^{q}`): read as the vector length everywhere (shared, not copied). */
  lengths?: ReadonlySet<string>;
}

/**
 * A reading of vectors the note never defines but differentiates by another vector (`∂p_k/∂o_i`):
 * `generic`, they depend on it through arbitrary fixed partial derivatives (an identity under this
 * reading holds whatever p is); `softmax` / `sigmoid`, p is that function of it.
 */
export interface Dependence {
  kind: 'generic' | 'softmax' | 'sigmoid';
  /** Dependent vector → the vector it depends on. */
  on: Map<string, string>;
}

export function emptyRegime(): Regime {
  return { pairs: [], hot: null, fixed: new Map(), normalized: new Set(), variables: new Set(), logit: null, dependence: null };
}

export interface Point {
  sample: Sample;
  a: number;
  b: number;
}

export type Verdict =
  | { kind: 'holds'; points: Point[] }
  | { kind: 'fails'; points: Point[]; bad: Point }
  /** `unreadable`: which side (0 = a, 1 = b) could not be evaluated, when that is the reason. */
  | { kind: 'unknown'; why: string; unreadable?: number };

const POINTS = 12;
const MAX_TRIES = 40;

/** Mulberry32: small, fast, good enough to pick random points. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 + 1e-7 * Math.max(Math.abs(a), Math.abs(b));
}

export interface DecideInput {
  defs: Map<string, Definition>;
  regime: Regime;
  seed: number;
  work: { left: number };
  /**
   * Symbols the chain mentioned before the step being judged. With it, a failing step is only
   * "not checked" when it brings in a symbol the chain never mentioned (new notation); dropping
   * one the chain had is a real mistake. Without it, both sides must mention the same symbols.
   */
  known?: Set<string>;
  /** Shared point sets (see `PointSet`); without it every decision draws its own points. */
  cache?: PointCache;
  /** Changes whenever a definition changes, so cached values are never stale. */
  defsVersion?: number;
}

/**
 * Draws one sample satisfying the regime, or null when none was found in a few tries. Identities
 * in index notation often differ only when indices coincide (i = j, or i = the hot class), so the
 * points cycle through four patterns: all distinct, one pair equal (two points, cycling through the
 * pairs), all equal; plain random draws would miss a coincidence too often.
 */
function drawSample(indices: string[], regime: Regime, rand: () => number, seed: number, pointNo: number): Sample | null {
  const fixedN = regime.fixed.get('n') ?? regime.fixed.get('N') ?? regime.fixed.get('K') ?? regime.fixed.get('C');
  const names = regime.hot === null ? [...indices, HOT] : indices;
  const pairs: [string, string][] = [];
  for (let a = 0; a < names.length; a++) for (let b = a + 1; b < names.length; b++) pairs.push([names[a]!, names[b]!]);
  for (let attempt = 0; attempt < 60; attempt++) {
    const drawn = fixedN !== undefined && Number.isInteger(fixedN) && fixedN >= 1 && fixedN <= 50 ? fixedN : 3 + Math.floor(rand() * 4);
    // A hot class named by number needs at least that many classes.
    const namedHot = regime.fixed.get(HOT_CLASS);
    const n = fixedN === undefined && namedHot !== undefined && namedHot > drawn ? namedHot : drawn;
    const idx = new Map<string, number>();
    // 0: all distinct; 1, 2: one pair equal (cycling through the pairs); 3: all equal.
    // `pointNo` is the try number, so the points do not depend on which expressions are judged.
    const pattern = attempt < 20 ? pointNo % 4 : -1;
    if (pattern === 3) {
      const v = 1 + Math.floor(rand() * n);
      for (const name of names) idx.set(name, v);
    } else if (pattern === 0 && names.length <= n) {
      // All distinct: a random injective assignment.
      const pool = Array.from({ length: n }, (_, k) => k + 1);
      for (const name of names) idx.set(name, pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
    } else {
      for (const name of names) idx.set(name, 1 + Math.floor(rand() * n));
      if ((pattern === 1 || pattern === 2) && pairs.length > 0) {
        const [a, b] = pairs[(Math.floor(pointNo / 4) * 2 + pattern - 1 + attempt) % pairs.length]!;
        idx.set(b, idx.get(a)!);
      }
    }
    const ok = regime.pairs.every((p) => {
      const a = idx.get(p.a);
      const b = idx.get(p.b);
      if (a === undefined || b === undefined) return true;
      return (a === b) === p.eq;
    });
    if (!ok) continue;
    const hotAt = regime.hot !== null ? idx.get(regime.hot) : idx.get(HOT);
    const named = regime.fixed.get(HOT_CLASS);
    const hot = named !== undefined && named <= n ? named : hotAt ?? 1 + Math.floor(rand() * n);
    idx.delete(HOT);
    return { n, seed: (seed ^ Math.floor(rand() * 4294967296)) >>> 0, idx, hot, fixed: regime.fixed, normalized: regime.normalized, variables: regime.variables, logit: regime.logit, dependence: regime.dependence, sigmaSoftmax: regime.sigmaSoftmax ?? false, ...(regime.oneSample ? { oneSample: regime.oneSample } : {}), ...(regime.hotAxis !== undefined ? { hotAxis: regime.hotAxis } : {}), ...(regime.lengths ? { lengths: regime.lengths } : {}), cache: new Map(), defCache: new Map(), seen: new Map(), scalars: new Map() };
  }
  return null;
}

const HOT = '#hot';

/** In `Regime.fixed`: the hot class the note names by number ("$y_2 = 1$"). */
export const HOT_CLASS = '#hot-class';

export function collectIndices(exprs: Expr[], defs: Map<string, Definition>): string[] {
  const set = new Set<string>();
  for (const x of exprs) freeIndices(x, defs, set);
  return [...set].sort();
}

function evalAt(x: Expr, sample: Sample, input: DecideInput): number {
  const ctx: EvalContext = { defs: input.defs, sample, seed: null, seedHit: false, locals: new Map(), work: input.work, depth: 0 };
  return evaluate(x, ctx).v;
}

/** Evaluates every expression at the same points; values[k][p] is expression k at point p. */
/**
 * The random points of one (seed, indices, regime, definitions) combination, drawn lazily and
 * shared by every decision that asks for the same combination, with each expression's values at
 * them. A chain judges step k against k−1 and then k+1 against k at the same points, so every
 * element is evaluated once instead of twice.
 */
export interface PointSet {
  rand: () => number;
  samples: (Sample | null)[];
  values: WeakMap<Expr, (number | string)[]>;
}

/** Reusable point sets, keyed by what determines the points; owned by one document check. */
export type PointCache = Map<string, PointSet>;

function regimeKey(r: Regime): string {
  const pairs = r.pairs.map((p) => `${p.a}${p.eq ? '=' : '!'}${p.b}`).sort().join(',');
  const fixed = [...r.fixed].map(([k, v]) => `${k}:${v}`).sort().join(',');
  return `${pairs}|${r.hot ?? ''}|${fixed}|${[...r.normalized].sort().join(',')}|${[...r.variables].sort().join(',')}|${r.logit ?? ''}|${r.sigmaSoftmax ? 'σ=softmax' : ''}|${r.oneSample ? [...r.oneSample].sort().join(',') : ''}|${r.hotAxis ?? ''}|${r.dependence ? `${r.dependence.kind}:${[...r.dependence.on].map(([a, b]) => `${a}>${b}`).join(',')}` : ''}`;
}

function pointSet(input: DecideInput, names: string[]): PointSet {
  const key = `${input.seed}|${names.join(',')}|${regimeKey(input.regime)}|${input.defsVersion ?? 0}`;
  const cached = input.cache?.get(key);
  if (cached) return cached;
  const set: PointSet = { rand: prng(input.seed), samples: [], values: new WeakMap() };
  if (input.cache) {
    if (input.cache.size > 256) input.cache.clear();
    input.cache.set(key, set);
  }
  return set;
}

function sampleAt(set: PointSet, t: number, names: string[], input: DecideInput): Sample | null {
  while (set.samples.length <= t) {
    const k = set.samples.length;
    set.samples.push(drawSample(names, input.regime, set.rand, input.seed + k, k));
  }
  return set.samples[t]!;
}

/** Value of `x` at try `t` (a number, possibly NaN), or the reason it cannot be evaluated. */
function valueAt(set: PointSet, x: Expr, t: number, sample: Sample, input: DecideInput): number | string {
  let row = set.values.get(x);
  if (!row) set.values.set(x, (row = []));
  const have = row[t];
  if (have !== undefined) return have;
  let v: number | string;
  try {
    v = evalAt(x, sample, input);
  } catch (error) {
    if (error instanceof NotInterpreted) v = error.message;
    else if (error instanceof RangeError) v = 'expression too deep';
    else throw error;
  }
  row[t] = v;
  return v;
}

/** Evaluates every expression at the same points; values[k][p] is expression k at point p. */
export function sampleAll(exprs: Expr[], input: DecideInput, indices?: string[]): { points: Sample[]; values: number[][] } | { why: string; unreadable?: number } {
  const names = indices ?? collectIndices(exprs, input.defs);
  const set = pointSet(input, names);
  const points: Sample[] = [];
  const values: number[][] = exprs.map(() => []);
  for (let t = 0; t < MAX_TRIES && points.length < POINTS; t++) {
    const sample = sampleAt(set, t, names, input);
    if (!sample) return { why: 'no point satisfies the conditions' };
    const row: number[] = [];
    for (let k = 0; k < exprs.length; k++) {
      const v = valueAt(set, exprs[k]!, t, sample, input);
      if (typeof v === 'string') return { why: v, unreadable: k };
      row.push(v);
    }
    if (!row.every((v) => Number.isFinite(v))) continue;
    points.push(sample);
    row.forEach((v, k) => values[k]!.push(v));
  }
  if (points.length < 4) return { why: 'undefined at most points' };
  return { points, values };
}

/** One unit in the last written digit of a decimal literal (`0.105` → 0.001), or 0 for anything else. */
function writtenPrecision(x: Expr): number {
  const lit = x.k === 'neg' ? x.x : x;
  return lit.k === 'num' && lit.decimals !== undefined && lit.decimals > 0 ? 10 ** -lit.decimals : 0;
}

/**
 * A worked example built from rounded numbers (`\\frac{20.09}{2.72 + 7.39 + 20.09}`): how far its value
 * can move when each decimal the note wrote moves by one unit of its last digit. 0 when the side
 * reads a symbol (then a decimal is an exact coefficient) or has no decimals.
 */
function roundingSlack(x: Expr, sample: Sample, input: DecideInput): number {
  const literals: Extract<Expr, { k: 'num' }>[] = [];
  let symbolic = false;
  someNode(x, (y) => {
    if (y.k === 'sym' && !(y.idx.length === 0 && (y.name === 'e' || y.name === 'pi'))) symbolic = true;
    if (y.k === 'deriv' || y.k === 'big') symbolic = true;
    if (y.k === 'num' && y.decimals !== undefined && y.decimals > 0) literals.push(y);
    return symbolic;
  });
  if (symbolic || literals.length === 0 || literals.length > 24) return 0;
  // Numbers the note gave (the entries of a vector it wrote out, `z = [2.0, 1.0, 0.1]`), written the same
  // way where given logits go (`e^{2.0}`), are exact, not rounded.
  const given = new Set<string>();
  for (const [key, def] of input.defs) {
    if (!key.includes('@')) continue;
    const lit = def.body.k === 'num' ? def.body : def.body.k === 'neg' && def.body.x.k === 'num' ? def.body.x : null;
    if (lit) given.add(`${def.body.k === 'neg' ? -lit.v : lit.v}/${lit.decimals ?? 0}`);
  }
  const exponents = new Set<Expr>();
  someNode(x, (y) => {
    if (y.k === 'call' && y.f === 'exp') someNode(y.args[0]!, (z) => (z.k === 'num' ? (exponents.add(z), false) : false));
    return false;
  });
  // A value the note fixes (`p = 0.7`, put in as `-\ln 0.7`) is exact wherever it is written.
  const fixed = new Set([...input.regime.fixed.values()].map((v) => String(v)));
  const isGiven = (lit: Extract<Expr, { k: 'num' }>): boolean => fixed.has(String(lit.v)) || (exponents.has(lit) && (given.has(`${lit.v}/${lit.decimals ?? 0}`) || given.has(`${-lit.v}/${lit.decimals ?? 0}`)));
  let base: number;
  try {
    base = evalAt(x, sample, input);
  } catch {
    return 0;
  }
  let slack = 0;
  for (const lit of literals) {
    if (isGiven(lit)) continue;
    const unit = 10 ** -lit.decimals!;
    const moved = (y: Expr): Expr => (y === lit ? { ...lit, v: lit.v + unit } : mapChildren(y, moved));
    try {
      const v = evalAt(moved(x), sample, input);
      if (Number.isFinite(v)) slack += Math.abs(v - base);
    } catch {
      return 0;
    }
  }
  return slack;
}

/** Is `a = b` an identity under the regime? */
export function decide(a: Expr, b: Expr, input: DecideInput, indices?: string[]): Verdict {
  const r = sampleAll([a, b], input, indices);
  if ('why' in r) return r.unreadable === undefined ? { kind: 'unknown', why: r.why } : { kind: 'unknown', why: r.why, unreadable: r.unreadable };
  const pts: Point[] = r.points.map((sample, p) => ({ sample, a: r.values[0]![p]!, b: r.values[1]![p]! }));
  // A decimal the note wrote (`= 0.105`, `\\approx 2.3`) is given to its last digit: rounded or cut off there, it still holds.
  const given = Math.max(writtenPrecision(a), writtenPrecision(b));
  // Less than one unit of the last digit (never a whole unit: σ(0) = 0.6 is wrong, not rounded).
  // Rounded numbers inside an expression: each may be off by up to a unit of its last digit.
  const slack = pts.length > 0 ? roundingSlack(a, pts[0]!.sample, input) + roundingSlack(b, pts[0]!.sample, input) : 0;
  const bad = pts.find((p) => !close(p.a, p.b) && !(given > 0 && Math.abs(p.a - p.b) < given * (1 - 1e-6)) && !(slack > 0 && Math.abs(p.a - p.b) < slack));
  if (!bad) return { kind: 'holds', points: pts };
  // An identity that holds is an identity whatever the symbols mean; a failure only counts when
  // both sides speak about the same quantities.
  if (input.known ? introducesSymbol(b, input.known, input.defs) : !sharesSymbols(a, b, input.defs)) return { kind: 'unknown', why: 'a symbol appears on one side only' };
  // `-\log p_3 = -\log(0.665)` with p never defined: a value put in for a quantity, not an identity.
  if (substitutesValue(a, b, input) || substitutesValue(b, a, input)) return { kind: 'unknown', why: 'a number put in for a quantity the note does not define' };
  // An index free on one side only (`y_i δ_{ia}` = `y_a`) is Einstein summation or a renamed
  // index: the two sides are not comparable component by component.
  const lone = loneIndices(a, b, input);
  if (lone === 'renamed') return { kind: 'unknown', why: 'an index is free on one side only' };
  if (lone) {
    // Free on one side only and repeated in a product there: the index may be summed (Einstein
    // notation) or free. The step is wrong only if it fails under both readings.
    const sumOver = (x: Expr, names: string[]): Expr => names.reduce<Expr>((body, v) => ({ k: 'big', op: 'sum', v, lo: null, hi: null, ne: [], body, s: x.s, e: x.e }), x);
    const summed = sampleAll([sumOver(a, lone.a), sumOver(b, lone.b)], input);
    if ('why' in summed) return { kind: 'unknown', why: 'an index is free on one side only' };
    if (summed.values[0]!.every((v, p) => close(v, summed.values[1]![p]!))) return { kind: 'unknown', why: 'holds when the repeated index is summed (Einstein notation)' };
  }
  return { kind: 'fails', points: pts, bad };
}

/**
 * Indices free on one side only and repeated in a product on that side (`y_i δ_{ia}` = `y_a`),
 * per side; null when there are none. `renamed` when the other side has a free index of its own
 * too (`s_i(δ_{ij} - s_j)` = `s_k(δ_{kj} - s_j)`): the note may have renamed one to the other,
 * and we do not judge that.
 */
function loneIndices(a: Expr, b: Expr, input: DecideInput): { a: string[]; b: string[] } | 'renamed' | null {
  if (sameFreeIndices(a, b, input)) return null;
  const A = new Set(collectIndices([a], input.defs));
  const B = new Set(collectIndices([b], input.defs));
  if (input.regime.hot !== null) {
    A.delete(input.regime.hot);
    B.delete(input.regime.hot);
  }
  // Indices the regime ties to another (i = j) are left to the regime: not ours to sum.
  const tied = (x: string): boolean => input.regime.pairs.some((p) => p.eq && (p.a === x || p.b === x));
  const aOnly = [...A].filter((x) => !B.has(x));
  const bOnly = [...B].filter((x) => !A.has(x));
  if (aOnly.some(tied) || bOnly.some(tied)) return 'renamed';
  const aRep = aOnly.filter((x) => repeatedInProduct(a, x, input.defs));
  const bRep = bOnly.filter((x) => repeatedInProduct(b, x, input.defs));
  if ((aRep.length > 0 && bOnly.length > 0) || (bRep.length > 0 && aOnly.length > 0)) return 'renamed';
  return { a: aRep, b: bRep };
}

function sameFreeIndices(a: Expr, b: Expr, input: DecideInput): boolean {
  const rep = (name: string): string => {
    // Indices the regime makes equal count as one.
    let cur = name;
    for (let guard = 0; guard < 10; guard++) {
      const p = input.regime.pairs.find((q) => q.eq && q.b === cur && q.a < cur) ?? input.regime.pairs.find((q) => q.eq && q.a === cur && q.b < cur);
      if (!p) break;
      cur = p.a === cur ? p.b : p.a;
    }
    return cur;
  };
  const norm = (x: Expr): Set<string> => {
    const out = new Set(collectIndices([x], input.defs).map(rep));
    if (input.regime.hot !== null) out.delete(rep(input.regime.hot));
    return out;
  };
  const A = norm(a);
  const B = norm(b);
  // Only an index repeated inside one product (`y_i δ_{ia}`: Einstein summation) makes the sides incomparable.
  for (const x of A) if (!B.has(x) && repeatedInProduct(a, x, input.defs)) return false;
  for (const x of B) if (!A.has(x) && repeatedInProduct(b, x, input.defs)) return false;
  return true;
}

/** Does index `name` occur free in two factors of one product (or numerator and denominator)? */
function repeatedInProduct(x: Expr, name: string, defs: Map<string, Definition>): boolean {
  const mentions = (y: Expr): boolean => collectIndices([y], defs).includes(name);
  const stack: Expr[] = [x];
  let guard = 0;
  while (stack.length > 0 && guard++ < 20_000) {
    const cur = stack.pop()!;
    switch (cur.k) {
      case 'mul':
        if (cur.fs.filter(mentions).length >= 2) return true;
        stack.push(...cur.fs);
        break;
      case 'div':
        if (mentions(cur.n) && mentions(cur.d)) return true;
        stack.push(cur.n, cur.d);
        break;
      case 'add': stack.push(...cur.terms); break;
      case 'neg': stack.push(cur.x); break;
      case 'pow': stack.push(cur.b); break;
      case 'call': stack.push(...cur.args); break;
      case 'big': if (cur.v !== name) stack.push(cur.body); break;
      default: break;
    }
  }
  return false;
}

/** An index that occurs in two factors of one product somewhere in `x`, or null. */
export function repeatedIndex(x: Expr, defs: Map<string, Definition>): string | null {
  for (const name of collectIndices([x], defs)) if (repeatedInProduct(x, name, defs)) return name;
  return null;
}

/** Does `x` mention an undefined symbol outside its derivatives that is not in `known`? */
export function introducesSymbol(x: Expr, known: Set<string>, defs: Map<string, Definition>): boolean {
  for (const s of symbolsOf(x, defs, true)) if (!known.has(s)) return true;
  return false;
}

/**
 * `x` mentions a numbered entry the note does not define (`p_3` of an example whose p is never given)
 * and `y` is numbers only: the step puts a value in, it does not claim an identity.
 */
function substitutesValue(x: Expr, y: Expr, input: DecideInput): boolean {
  const hasDerivOrIndex = (u: Expr): boolean => u.k === 'deriv' || u.k === 'ind' || (u.k === 'big' && u.op === 'sum');
  if (someNode(y, hasDerivOrIndex) || someNode(x, hasDerivOrIndex) || symbolsOf(y, input.defs, false).size > 0) return false;
  const undefinedEntry = (u: Expr): boolean => {
    if (u.k !== 'sym' || u.idx.length === 0 || !u.idx.every((i) => i.k === 'num')) return false;
    return symbolsOf(u, input.defs, false).has(`${u.name}/${u.idx.length}`);
  };
  return someNode(x, undefinedEntry);
}

/** Bare names that are constants, lengths or indices, never quantities (`e_i`, `n_k` with an index are quantities). */
const NOT_SYMBOLS = NOT_QUANTITIES;

/**
 * Undefined symbols of `x`, following definitions. With `outsideDerivatives`, symbols that only
 * occur inside a derivative's body are left out (differentiating can remove a variable).
 */
export function symbolsOf(x: Expr, defs: Map<string, Definition>, outsideDerivatives: boolean): Set<string> {
  const out = new Set<string>();
  const seenDefs = new Set<Definition>();
  // `param`: inside a function's body, its parameter is the argument (whose symbols are counted at the call).
  const stack: { x: Expr; inDeriv: boolean; param?: string }[] = [{ x, inDeriv: false }];
  let guard = 0;
  while (stack.length > 0 && guard++ < 20_000) {
    const { x: cur, inDeriv, param } = stack.pop()!;
    const push = (y: Expr | null, d = inDeriv, p = param) => {
      if (y) stack.push(p === undefined ? { x: y, inDeriv: d } : { x: y, inDeriv: d, param: p });
    };
    switch (cur.k) {
      case 'sym': {
        if (param !== undefined && cur.name === param) {
          cur.idx.forEach((i) => push(i));
          break;
        }
        const numbered = cur.idx.length > 0 && cur.idx.every((i) => i.k === 'num') && defs.has(entriesKey(cur.name, cur.idx.length));
        const def = (numbered ? defs.get(entryKey(cur.name, cur.idx.map((i) => (i as { v: number }).v))) : undefined) ?? defs.get(defKey(cur.name, cur.idx.length));
        const fact = cur.idx.length === 0 ? defs.get(factKey(cur.name)) : undefined;
        if (def && def.fnParam === null) {
          if (!seenDefs.has(def)) {
            seenDefs.add(def);
            push(def.body);
          }
        } else if (!(cur.idx.length === 0 && NOT_SYMBOLS.has(cur.name)) && !(outsideDerivatives && inDeriv)) {
          out.add(`${cur.name}/${cur.idx.length}`);
          // `x^{(i)}`, the i-th sample's vector, mentions its entries `x_j^{(i)}`.
          if (cur.idx.length > 0 && cur.idx.every((i) => i.k === 'sym' && i.sup)) out.add(`${cur.name}/${cur.idx.length + 1}`);
        }
        if (fact?.wrt && !seenDefs.has(fact)) {
          // What the stated partial derivative mentions is mentioned by the quantity.
          seenDefs.add(fact);
          push(fact.body);
        }
        break;
      }
      case 'call': {
        // `L(\mathbf z)` naming the quantity L the note defines (no function L): L's symbols (as the evaluator reads it).
        const quantity = cur.f.startsWith('fn:') ? defs.get(defKey(cur.f.slice(3), 0)) : undefined;
        const def = defs.get(defKey(cur.f.startsWith('fn:') ? cur.f : `fn:${cur.f}`, 1)) ?? (quantity?.fnParam === null ? quantity : undefined);
        if (def && !seenDefs.has(def)) {
          seenDefs.add(def);
          push(def.body, inDeriv, def.fnParam ?? undefined);
        }
        // `\tau\left(…\right)`: the parameter τ times the bracket (as the evaluator reads it).
        if (!def && cur.f.startsWith('fn:') && PARAMETER_LETTERS.has(cur.f.slice(3))) push({ k: 'sym', name: cur.f.slice(3), idx: [], s: cur.s, e: cur.s });
        cur.args.forEach((a) => push(a));
        break;
      }
      case 'add': cur.terms.forEach((t) => push(t)); break;
      case 'neg': push(cur.x); break;
      case 'mul': cur.fs.forEach((t) => push(t)); break;
      case 'div': push(cur.n); push(cur.d); break;
      case 'pow': push(cur.b); push(cur.x); break;
      case 'big': {
        // A bound written as a bare letter (`\\sum_{l=1}^{M}`, `^{d-1}`) is a length, not a quantity the step speaks of.
        const bare = (y: Expr | null): boolean => !!y && ((y.k === 'sym' && y.idx.length === 0) || (y.k === 'add' && y.terms.length === 2 && y.terms[0]!.k === 'sym' && y.terms[0]!.idx.length === 0 && y.terms[1]!.k !== 'sym'));
        if (!bare(cur.lo)) push(cur.lo);
        if (!bare(cur.hi)) push(cur.hi);
        cur.ne.forEach((t) => push(t));
        push(cur.body);
        break;
      }
      case 'deriv': {
        // `∂L/∂w` with an undefined L names a quantity we cannot see: L is not "mentioned" for what
        // follows. A differentiated expression (`∂(w x + b)/∂w`) mentions its symbols.
        const opaque = cur.f.k === 'sym' && !defs.has(defKey(cur.f.name, cur.f.idx.length)) && !(cur.f.idx.length === 0 && defs.has(factKey(cur.f.name)));
        if (!opaque) push(cur.f, outsideDerivatives ? false : inDeriv);
        else if (!outsideDerivatives) push(cur.f, true);
        push(cur.wrt, outsideDerivatives ? false : true);
        break;
      }
      case 'cases': for (const br of cur.branches) push(br.value); break;
      case 'matrix': for (const row of cur.rows) for (const cell of row) push(cell); break;
      default: break;
    }
  }
  return out;
}

/**
 * A step that brings in an undefined symbol the other side never mentions is notation we do not
 * know (`σ_i` for a softmax defined in words, `a_1` for a matrix entry), not an identity in a free
 * variable: an identity cannot depend on a variable on one side only.
 */
export function sharesSymbols(a: Expr, b: Expr, defs: Map<string, Definition>): boolean {
  const allA = symbolsOf(a, defs, false);
  const allB = symbolsOf(b, defs, false);
  for (const s of symbolsOf(a, defs, true)) if (!allB.has(s)) return false;
  for (const s of symbolsOf(b, defs, true)) if (!allA.has(s)) return false;
  return true;
}
