import { IMPLICIT_VARIABLE, mapChildren, sameShape, someNode, SOFTMAX_SUM, TRANSPOSE, NORM, ENTRY_OF, type Cond, type Expr } from '../latex/tree';
import { INDEX_LETTERS as INDEX_LETTER_SET, LENGTH_NAMES, PARAMETER_LETTERS, SHORTHAND_INDEX_LETTERS, TARGET_NAMES } from '../knowledge/letters';
import { applyDerivative, applyFunction, type Dual } from '../knowledge/functions';

/**
 * Forward-mode automatic differentiation over the math tree: every value is a dual number
 * `v + d·ε` with ε² = 0, so `d` is the exact derivative with respect to the one seeded variable
 * (no finite differences, no step size). A derivative node seeds its variable, evaluates its body
 * and returns the `d` part.
 */
export type { Dual } from '../knowledge/functions';

/**
 * Thrown when an expression cannot be interpreted; the step it belongs to is "not checked". Not
 * an Error subclass: it is thrown often and capturing a stack each time is the slowest part.
 */
export class NotInterpreted {
  constructor(readonly message: string) {}
}

/** A symbol defined in the note: `s_i = …` (index parameters) or `f(x) = …` (a function). */
export interface Definition {
  name: string;
  params: string[];
  fnParam: string | null;
  body: Expr;
  /** Index letters used in the body that are not parameters (they must get values too). */
  freeIndices: string[];
  /**
   * A stated partial derivative of a quantity the note never defines (`∂E/∂q_i = -p_i/q_i`): the
   * body is ∂name/∂wrt (its parameter is wrt's index), stored under `factKey(name)`.
   */
  wrt?: { name: string; arity: number };
}

/** Where the stated partial derivative of an undefined scalar `name` is kept among the definitions. */
export function factKey(name: string): string {
  return `∂${name}/0`;
}

/** The name under which the shorthand `e^i`, `\partial i` stores the i-th logit. */
export const SHORTHAND_LOGIT = 'logit';

const INDEX_LETTERS = SHORTHAND_INDEX_LETTERS;

export function isTargetName(name: string): boolean {
  return TARGET_NAMES.has(name);
}

/** One random point: vector length, index values, the hot class of one-hot targets, a seed for every other value. */
export interface Sample {
  n: number;
  seed: number;
  idx: Map<string, number>;
  hot: number;
  fixed: Map<string, number>;
  normalized: Set<string>;
  variables: Set<string>;
  /** The logit vector of a bare `\\sum` (see `SOFTMAX_SUM`). */
  logit: string | null;
  /** The reading of undefined dependent vectors (see `Dependence` in decide.ts). */
  dependence: { kind: 'generic' | 'softmax' | 'sigmoid'; on: Map<string, string> } | null;
  /** `\\sigma(v_k)` read as softmax(v)_k. */
  sigmaSoftmax?: boolean;
  /** Names read bare as their first entry (the single-sample shorthand: `a` for a_1 when the note defines a_i). */
  oneSample?: ReadonlySet<string>;
  /** See `Regime.hotAxis`. */
  hotAxis?: 0 | 1;
  /** See `Regime.lengths`. */
  lengths?: ReadonlySet<string>;
  cache: Map<string, number>;
  /** Values of defined symbols at this sample (filled only outside derivatives). */
  defCache: Map<string, Dual>;
  /** Vectors read during evaluation (for the counterexample). */
  seen: Map<string, Map<number, number>>;
  scalars: Map<string, number>;
}

export interface EvalContext {
  defs: Map<string, Definition>;
  sample: Sample;
  seed: string | null;
  seedHit: boolean;
  locals: Map<string, Dual>;
  work: { left: number };
  depth: number;
  /**
   * Inside a direct partial (`deriv.direct`): how many definitions deep the expansion is. The
   * differentiated quantity's own definition is expanded; the quantities it is defined through are
   * held fixed (their values, derivative 0).
   */
  direct?: number;
  /** The derivative's body read another entry of the variable's vector (see `leaf`). */
  seedVectorHit?: boolean;
  /**
   * Sums in progress over a letter that is not an index letter (`\\sum_x` over samples x): a
   * definition may read that letter (`z = wx + b`), so its value changes with the term and is not cached.
   */
  boundOther?: number;
}

export function defKey(name: string, arity: number): string {
  return `${name}/${arity}`;
}

/** Where the definition of one numbered entry (`a_1 = …`, `p_{12} = …`) is kept. */
export function entryKey(name: string, values: readonly number[]): string {
  return `${name}@${values.join(',')}/${values.length}`;
}

/** Present when the note defines some numbered entries of `name` with `arity` indices. */
export function entriesKey(name: string, arity: number): string {
  return `${name}@/${arity}`;
}

function hashString(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  // A final avalanche so neighbouring keys give unrelated values.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A value in (0.1, 0.9) fixed by the sample seed and the key: the same symbol reads the same value everywhere in a sample. */
function randomValue(sample: Sample, key: string): number {
  const cached = sample.cache.get(key);
  if (cached !== undefined) return cached;
  const v = 0.1 + 0.8 * (hashString(key, sample.seed) / 4294967296);
  sample.cache.set(key, v);
  return v;
}

const C = (v: number): Dual => ({ v, d: 0 });

function indexValue(x: Expr, ctx: EvalContext): number {
  const r = evaluate(x, ctx);
  if (!Number.isInteger(r.v)) throw new NotInterpreted('index is not an integer');
  return r.v;
}

function leaf(name: string, idxValues: number[], key: string, ctx: EvalContext, base: () => number): Dual {
  const v = base();
  if (idxValues.length === 1) {
    let m = ctx.sample.seen.get(name);
    if (!m) ctx.sample.seen.set(name, (m = new Map()));
    m.set(idxValues[0]!, v);
  } else if (idxValues.length === 0 && ctx.sample.scalars.size < 12) ctx.sample.scalars.set(name, v);
  if (ctx.seed === key) {
    ctx.seedHit = true;
    return { v, d: 1 };
  }
  // `∂(y_1 \log p_1)/∂p_2`: the body reads the variable's vector at another entry, so its derivative is a true 0.
  if (ctx.seed !== null && idxValues.length > 0 && ctx.seed.startsWith(`${name}|`) && ctx.seed.length > name.length + 1) ctx.seedVectorHit = true;
  return { v, d: 0 };
}

function symbol(x: Extract<Expr, { k: 'sym' }>, ctx: EvalContext): Dual {
  const { name } = x;
  if (name === SOFTMAX_SUM) return softmaxSum(x, ctx);
  if (x.idx.length === 0) {
    const local = ctx.locals.get(name);
    if (local) return local;
    const iv = ctx.sample.idx.get(name);
    if (iv !== undefined) return C(iv);
  }
  const idxValues: number[] = [];
  let key = `${name}|`;
  for (let n = 0; n < x.idx.length; n++) {
    const ie = x.idx[n]!;
    // Fast path for the common `a_i`: a bare index letter.
    const v = ie.k === 'sym' && ie.idx.length === 0 ? (ctx.sample.idx.get(ie.name) ?? indexValue(ie, ctx)) : indexValue(ie, ctx);
    idxValues.push(v);
    key += n === 0 ? String(v) : `,${v}`;
  }
  let def = ctx.defs.size === 0 ? undefined : ctx.defs.get(defKey(name, idxValues.length));
  // An entry the note defines by its number (`a_1 = \frac{e^{z_1}}{…}`) takes that definition.
  if (idxValues.length > 0 && ctx.defs.size > 0 && ctx.defs.has(entriesKey(name, idxValues.length))) {
    const entry = ctx.defs.get(entryKey(name, idxValues));
    // A vector of an example written out in numbers has no entries beyond those written.
    if (!entry && !def && ctx.defs.get(entriesKey(name, idxValues.length))!.name === `${name}#numbers`) throw new NotInterpreted(`${name} has no entry ${idxValues.join(',')} in the example`);
    def = entry ?? def;
  }
  if (def && def.fnParam === null) {
    if (ctx.seed === key) {
      // Differentiating by a defined quantity (∂L/∂z with z defined): z is the independent variable here.
      const inner = withSeed(ctx, null, () => expandDefinition(def, idxValues, ctx));
      ctx.seedHit = true;
      return { v: inner.v, d: 1 };
    }
    if (ctx.direct !== undefined && ctx.seed !== null) {
      if (ctx.direct >= 1) return { v: withSeed(ctx, null, () => expandDefinition(def, idxValues, ctx)).v, d: 0 };
      ctx.direct++;
      try {
        return expandDefinition(def, idxValues, ctx);
      } finally {
        ctx.direct--;
      }
    }
    if (ctx.seed === null && ctx.locals.size === 0 && !ctx.boundOther) {
      // Without a derivative in flight a defined symbol has one value per sample: expand it once.
      const cacheKey = def.freeIndices.length === 0 ? key : `${key}#${def.freeIndices.map((f) => ctx.sample.idx.get(f)).join(',')}`;
      const cached = ctx.sample.defCache.get(cacheKey);
      if (cached) return cached;
      const value = expandDefinition(def, idxValues, ctx);
      ctx.sample.defCache.set(cacheKey, value);
      return value;
    }
    return expandDefinition(def, idxValues, ctx);
  }
  const fact = idxValues.length === 0 && ctx.defs.size > 0 ? ctx.defs.get(factKey(name)) : undefined;
  if (fact?.wrt) return stated(fact, fact.wrt, key, x, ctx);
  if (idxValues.length === 0 && ctx.sample.oneSample?.has(name)) return symbol({ ...x, idx: [{ k: 'num', v: 1, s: x.s, e: x.e }] }, ctx);
  if (idxValues.length === 0) {
    // `a` used bare where the note defined `a_i`: the index was dropped (an n = 1 shorthand); not ours to guess
    // (unless the document reads the single-sample shorthand: `oneSample`).
    if (ctx.defs.has(defKey(name, 1)) || ctx.defs.has(defKey(name, 2))) throw new NotInterpreted(`${name} without the index it was defined with`);
    if (name === 'e') return C(Math.E);
    if (name === 'pi') return C(Math.PI);
    if (LENGTH_NAMES.has(name) || (ctx.sample.lengths?.has(name) && !ctx.locals.has(name) && !ctx.sample.idx.has(name))) return C(ctx.sample.fixed.get(name) ?? ctx.sample.n);
    const fixed = ctx.sample.fixed.get(name);
    if (fixed !== undefined) return leaf(name, idxValues, key, ctx, () => fixed);
  }
  const dep = idxValues.length === 1 ? ctx.sample.dependence : null;
  const on = dep?.on.get(name);
  if (dep && on) {
    const at: Expr = { k: 'num', v: idxValues[0]!, s: x.s, e: x.e };
    if (dep.kind === 'softmax') return call('softmax', [{ k: 'sym', name: on, idx: [at], s: x.s, e: x.e }], ctx);
    if (dep.kind === 'sigmoid') return call('sigmoid', [{ k: 'sym', name: on, idx: [at], s: x.s, e: x.e }], ctx);
    // Generic: the value of an undefined entry, and a fixed arbitrary partial derivative by each entry of `on`.
    const value = leaf(name, idxValues, key, ctx, () => randomValue(ctx.sample, key));
    if (ctx.seed !== null && ctx.seed.startsWith(`${on}|`)) {
      ctx.seedHit = true;
      return { v: value.v, d: randomValue(ctx.sample, `∂${key}/∂${ctx.seed}`) - 0.5 };
    }
    return value;
  }
  if (idxValues.length === 1 && ctx.sample.normalized.has(name)) {
    // A probability vector: positive entries divided by their sum.
    let total = 0;
    for (let m = 1; m <= ctx.sample.n; m++) total += randomValue(ctx.sample, `${name}|${m}`);
    return leaf(name, idxValues, key, ctx, () => randomValue(ctx.sample, key) / total);
  }
  if (idxValues.length === 2 && ctx.sample.hotAxis !== undefined && TARGET_NAMES.has(name) && !ctx.sample.variables.has(name)) {
    const along = idxValues[ctx.sample.hotAxis]!;
    return leaf(name, idxValues, key, ctx, () => (along === ctx.sample.hot ? 1 : 0));
  }
  if (idxValues.length === 1 && TARGET_NAMES.has(name) && !ctx.sample.variables.has(name)) {
    return leaf(name, idxValues, key, ctx, () => (idxValues[0] === ctx.sample.hot ? 1 : 0));
  }
  return leaf(name, idxValues, key, ctx, () => randomValue(ctx.sample, key));
}

/**
 * An undefined scalar E known only by its stated partial derivative ∂E/∂u_m = G(m): its value is
 * an arbitrary number, and it changes as dE = Σ_m G(m) du_m (u a vector of the sample's length, or
 * a scalar), so the chain rule through u is what the note stated.
 */
function stated(fact: Definition, wrt: { name: string; arity: number }, key: string, x: Expr, ctx: EvalContext): Dual {
  const value = leaf(fact.name, [], key, ctx, () => randomValue(ctx.sample, key));
  if (ctx.seed === null || value.d !== 0) return value;
  if (ctx.depth > 40) throw new NotInterpreted('definitions nested too deeply');
  let d = 0;
  const entries = wrt.arity === 1 ? ctx.sample.n : 1;
  for (let m = 1; m <= entries; m++) {
    const at: Expr[] = wrt.arity === 1 ? [{ k: 'num', v: m, s: x.s, e: x.e }] : [];
    const du = evaluate({ k: 'sym', name: wrt.name, idx: at, s: x.s, e: x.e }, ctx).d;
    if (du === 0) continue;
    const g = withSeed(ctx, null, () => expandDefinition(fact, wrt.arity === 1 ? [m] : [], ctx)).v;
    d += g * du;
  }
  return { v: value.v, d };
}

/** A bare `\\sum`: the sum of the exponentials of the note's logits (their vector is known per chain). */
function softmaxSum(x: Expr, ctx: EvalContext): Dual {
  const logit = ctx.sample.logit;
  if (!logit) throw new NotInterpreted('a bare \\sum, and no logits it could sum');
  return exponentials(logit, ctx, x).sum;
}

/** e^{v_m} for every entry m = 1…n of the vector `name` (with derivatives), and their sum. */
function exponentials(name: string, ctx: EvalContext, at: { s: number; e: number } = { s: 0, e: 0 }): { sum: Dual; each: Dual[] } {
  let v = 0;
  let d = 0;
  const each: Dual[] = [];
  for (let m = 1; m <= ctx.sample.n; m++) {
    const z = symbol({ k: 'sym', name, idx: [{ k: 'num', v: m, s: at.s, e: at.e }], s: at.s, e: at.e }, ctx);
    const ez = Math.exp(z.v);
    v += ez;
    d += ez * z.d;
    each.push({ v: ez, d: ez * z.d });
  }
  return { sum: { v, d }, each };
}

/** `x` reads nothing but numbers, index letters and targets the note does not differentiate by (`(−y_l)^2`). */
function onlyTargets(x: Expr, ctx: EvalContext): boolean {
  let target = false;
  const other = someNode(x, (y) => {
    if (y.k === 'deriv' || y.k === 'call' || y.k === 'unknown') return true;
    if (y.k !== 'sym') return false;
    if (y.idx.length === 0 && (INDEX_LETTER_SET.has(y.name) || ctx.sample.idx.has(y.name))) return false;
    if (TARGET_NAMES.has(y.name) && !ctx.sample.variables.has(y.name) && !ctx.defs.has(defKey(y.name, y.idx.length))) {
      target = true;
      // (Its indices are index letters or numbers, checked as symbols in their own right.)
      return false;
    }
    return true;
  });
  return target && !other;
}

function withSeed<T>(ctx: EvalContext, seed: string | null, f: () => T): T {
  const saved = ctx.seed;
  const hit = ctx.seedHit;
  ctx.seed = seed;
  try {
    return f();
  } finally {
    ctx.seed = saved;
    ctx.seedHit = hit;
  }
}

function expandDefinition(def: Definition, idxValues: number[], ctx: EvalContext): Dual {
  if (ctx.depth > 40) throw new NotInterpreted('definitions nested too deeply');
  const saved: [string, number | undefined][] = def.params.map((p) => [p, ctx.sample.idx.get(p)]);
  def.params.forEach((p, n) => ctx.sample.idx.set(p, idxValues[n]!));
  ctx.depth++;
  try {
    return evaluate(def.body, ctx);
  } finally {
    ctx.depth--;
    for (const [p, v] of saved) {
      if (v === undefined) ctx.sample.idx.delete(p);
      else ctx.sample.idx.set(p, v);
    }
  }
}

/** The seed key of a derivative variable: a vector component, a scalar, or the logit shorthand `\partial i`. */
export function variableKey(wrt: Expr, ctx: EvalContext, of?: Expr): string {
  if (wrt.k !== 'sym') throw new NotInterpreted('derivative by an expression');
  if (wrt.name === IMPLICIT_VARIABLE) {
    const only = of ? implicitVariable(of, ctx) : null;
    if (only === null) throw new NotInterpreted('a differential operator with no single variable');
    return `${only}|`;
  }
  if (wrt.idx.length === 0) {
    const iv = ctx.sample.idx.get(wrt.name);
    if (iv !== undefined && INDEX_LETTERS.has(wrt.name)) return `${SHORTHAND_LOGIT}|${iv}`;
    if (iv !== undefined) throw new NotInterpreted('derivative by an index');
    return `${wrt.name}|`;
  }
  return `${wrt.name}|${wrt.idx.map((i) => indexValue(i, ctx)).join(',')}`;
}

/**
 * The one free scalar `x` depends on (through the note's definitions), or null when there are
 * none or several: `\delta\{1/(1+e^{-x})\}` is d/dx, `\delta\{w x + b\}` names no single variable.
 * Index letters, lengths, constants, fixed values and vector components do not count.
 */
function implicitVariable(x: Expr, ctx: EvalContext): string | null {
  const found = new Set<string>();
  const seen = new Set<Definition>();
  const stack: Expr[] = [x];
  let guard = 0;
  while (stack.length > 0 && guard++ < 20_000) {
    const cur = stack.pop()!;
    switch (cur.k) {
      case 'sym': {
        const def = ctx.defs.get(defKey(cur.name, cur.idx.length));
        if (def && def.fnParam === null) {
          if (!seen.has(def)) {
            seen.add(def);
            stack.push(def.body);
          }
        } else if (cur.idx.length === 0 && !ctx.sample.idx.has(cur.name) && !ctx.locals.has(cur.name) && !ctx.sample.fixed.has(cur.name) && !LENGTH_NAMES.has(cur.name) && cur.name !== 'e' && cur.name !== 'pi') found.add(cur.name);
        else if (cur.idx.length > 0) return null;
        break;
      }
      case 'call': {
        const def = ctx.defs.get(defKey(cur.f.startsWith('fn:') ? cur.f : `fn:${cur.f}`, 1));
        if (def && def.fnParam !== null) {
          // A function the note defined: what matters is what it is applied to.
        } else if (cur.f.startsWith('fn:')) return null;
        stack.push(...cur.args);
        break;
      }
      case 'add': stack.push(...cur.terms); break;
      case 'neg': stack.push(cur.x); break;
      case 'mul': stack.push(...cur.fs); break;
      case 'div': stack.push(cur.n, cur.d); break;
      case 'pow': stack.push(cur.b, cur.x); break;
      case 'num': break;
      default: return null;
    }
  }
  return found.size === 1 ? [...found][0]! : null;
}

function holds(cond: Cond, ctx: EvalContext): boolean {
  const a = evaluate(cond.a, ctx).v;
  const b = evaluate(cond.b, ctx).v;
  switch (cond.rel) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'lt': return a < b;
    case 'le': return a <= b;
    case 'gt': return a > b;
    case 'ge': return a >= b;
  }
}

function call(f: string, args: Expr[], ctx: EvalContext): Dual {
  if (f === TRANSPOSE) throw new NotInterpreted('matrix notation (a transpose)');
  if (f === NORM) throw new NotInterpreted('matrix notation (a norm)');
  if (f === ENTRY_OF) throw new NotInterpreted('an entry of an expression that is not read as a vector');
  if ((f === 'max' || f === 'min') && args.length === 2) {
    // The larger (smaller) value, and the derivative of the one that attains it.
    const a = evaluate(args[0]!, ctx);
    const b = evaluate(args[1]!, ctx);
    return (f === 'max' ? a.v >= b.v : a.v <= b.v) ? a : b;
  }
  if (args.length !== 1) throw new NotInterpreted(`${f} with ${args.length} arguments`);
  const argExpr = args[0]!;
  if (f === 'exp' && argExpr.k === 'sym' && argExpr.idx.length === 0 && INDEX_LETTERS.has(argExpr.name) && ctx.sample.idx.has(argExpr.name) && !ctx.locals.has(argExpr.name)) {
    // `e^i`: the user's shorthand for e raised to the i-th logit.
    const logit = symbol({ k: 'sym', name: SHORTHAND_LOGIT, idx: [argExpr], s: argExpr.s, e: argExpr.e }, ctx);
    const v = Math.exp(logit.v);
    return { v, d: v * logit.d };
  }
  if (f === 'sigmoid' && ctx.sample.sigmaSoftmax && argExpr.k === 'sym' && argExpr.idx.length === 1) return call('softmax', args, ctx);
  if (f === 'softmax') {
    if (argExpr.k !== 'sym' || argExpr.idx.length !== 1) throw new NotInterpreted('softmax of something other than a vector component');
    const at = indexValue(argExpr.idx[0]!, ctx);
    const { sum, each } = exponentials(argExpr.name, ctx);
    if (at < 1 || at > ctx.sample.n) throw new NotInterpreted('softmax index out of range');
    const own = each[at - 1]!;
    return { v: own.v / sum.v, d: (own.d * sum.v - own.v * sum.d) / (sum.v * sum.v) };
  }
  if (f === 'logsumexp') {
    // `\operatorname{logsumexp}(\mathbf z)`: log Σ_m e^{z_m} over the vector's entries.
    if (argExpr.k !== 'sym' || argExpr.idx.length !== 0) throw new NotInterpreted('logsumexp of something other than a vector');
    const { sum } = exponentials(argExpr.name, ctx);
    return { v: Math.log(sum.v), d: sum.d / sum.v };
  }
  if ((f === 'max' || f === 'min') && argExpr.k === 'sym' && argExpr.idx.length === 1 && argExpr.idx[0]!.k === 'sym' && argExpr.idx[0]!.idx.length === 0) {
    // `\max(z_i)`: the largest entry of z (the shift of a stable softmax); a max of one number
    // would be that number, so the index can only mean "over all entries". Notes take that shift
    // as a constant (softmax does not change with it) while forward mode would follow the entry
    // that attains it: where the two differ, the step cannot be read with certainty.
    let best: Dual | null = null;
    for (let m = 1; m <= ctx.sample.n; m++) {
      const x = symbol({ ...argExpr, idx: [{ k: 'num', v: m, s: 0, e: 0 }] }, ctx);
      if (!best || (f === 'max' ? x.v > best.v : x.v < best.v)) best = x;
    }
    if (best && best.d !== 0) throw new NotInterpreted(`the derivative of a ${f} (a constant shift, or the entry that attains it)`);
    return best ?? C(NaN);
  }
  const userDef = ctx.defs.get(defKey(f.startsWith('fn:') ? f : `fn:${f}`, 1));
  const baseDef = f.startsWith('fn:') && f.endsWith("'") && !f.endsWith("''") ? ctx.defs.get(defKey(f.slice(0, -1), 1)) : undefined;
  if (!userDef && baseDef && baseDef.fnParam !== null) {
    // `f'(x)` for a function the note defined: forward-mode AD through its body.
    if (ctx.seed !== null) throw new NotInterpreted('derivative inside a derivative');
    const a = evaluate(argExpr, ctx);
    const saved = ctx.locals.get(baseDef.fnParam);
    ctx.locals.set(baseDef.fnParam, { v: a.v, d: 1 });
    ctx.depth++;
    try {
      if (ctx.depth > 40) throw new NotInterpreted('functions nested too deeply');
      return C(evaluate(baseDef.body, ctx).d);
    } finally {
      ctx.depth--;
      if (saved) ctx.locals.set(baseDef.fnParam, saved);
      else ctx.locals.delete(baseDef.fnParam);
    }
  }
  if (f.startsWith('fn:') && !userDef && !baseDef) {
    // `L(\mathbf p)` where the note defined the quantity `L` (of the vector p): the argument only names what L depends on.
    const quantity = ctx.defs.get(defKey(f.slice(3), 0));
    const definedScalar = quantity !== undefined && quantity.fnParam === null;
    // `\tau\left(…\right)`: a parameter the note does not define, times a bracket, not a function it never defines.
    if (definedScalar || (!quantity && PARAMETER_LETTERS.has(f.slice(3)))) {
      const q = symbol({ k: 'sym', name: f.slice(3), idx: [], s: argExpr.s, e: argExpr.e }, ctx);
      if (definedScalar && argExpr.k === 'sym') return q;
      // `h(1 - h)` with h a defined scalar: a product, not h applied to (1 − h).
      const a = evaluate(argExpr, ctx);
      return { v: q.v * a.v, d: q.d * a.v + q.v * a.d };
    }
  }
  if (f.startsWith('fn:') || userDef) {
    const def = userDef;
    if (!def || def.fnParam === null) throw new NotInterpreted(`unknown function ${f.slice(3)}`);
    if (argExpr.k === 'sym' && readsEntriesOf(def.body, def.fnParam)) {
      // `h_θ(x) = 1/(1 + e^{-Σ_k θ_k x_k})` applied to the vector `x^{(i)}`: its entries are x_k^{(i)}.
      ctx.depth++;
      try {
        if (ctx.depth > 40) throw new NotInterpreted('functions nested too deeply');
        return evaluate(withVectorArgument(def.body, def.fnParam, argExpr), ctx);
      } finally {
        ctx.depth--;
      }
    }
    const a = evaluate(argExpr, ctx);
    const saved = ctx.locals.get(def.fnParam);
    ctx.locals.set(def.fnParam, a);
    ctx.depth++;
    try {
      if (ctx.depth > 40) throw new NotInterpreted('functions nested too deeply');
      return evaluate(def.body, ctx);
    } finally {
      ctx.depth--;
      if (saved) ctx.locals.set(def.fnParam, saved);
      else ctx.locals.delete(def.fnParam);
    }
  }
  const a = evaluate(argExpr, ctx);
  // Registered functions (see knowledge/functions.ts): the value from the table, derivatives from the dual numbers.
  const primes = /'+$/.exec(f)?.[0].length ?? 0;
  if (primes === 0) {
    const r = applyFunction(f, a);
    if (r) return r;
  } else if (primes === 1) {
    const r = applyDerivative(f.slice(0, -1), a);
    if (r) return r;
  }
  throw new NotInterpreted(`unknown function ${f}`);
}

/**
 * ∂F/∂G for an expression G (`∂\\log σ(A_k) / ∂σ(A_k)`): every occurrence of G in F becomes one
 * fresh variable u, and the derivative is taken by u at u = G. F must contain G as written.
 */
const ARITHMETIC = new Set<Expr['k']>(['add', 'neg', 'mul', 'div', 'pow', 'call']);

function byExpression(f: Expr, g: Expr, ctx: EvalContext): Dual {
  const U = '#by-expression';
  let found = 0;
  const swap = (y: Expr): Expr => {
    if (sameShape(y, g)) {
      found++;
      return { k: 'sym', name: U, idx: [], s: y.s, e: y.e };
    }
    // Only through arithmetic and calls: an occurrence inside a sum, an index or another derivative is not G as written.
    return ARITHMETIC.has(y.k) ? mapChildren(y, swap) : y;
  };
  const body = swap(f);
  if (found === 0) throw new NotInterpreted('a derivative by an expression the body does not contain');
  const at = evaluate(g, ctx).v;
  const saved = ctx.locals.get(U);
  ctx.locals.set(U, { v: at, d: 1 });
  try {
    // Only u varies: a body that depends on G's parts some other way is not what the note wrote.
    return withSeed(ctx, `${U}|`, () => C(evaluate(body, ctx).d));
  } finally {
    if (saved) ctx.locals.set(U, saved);
    else ctx.locals.delete(U);
  }
}

/**
 * `\\sum_{j=1}^{J}`, `\\sum_{i=1}^{m}`: a capital letter, or m (the usual number of examples), as the
 * upper bound of a sum, which the note neither defines nor uses as an index there, counts the
 * entries (the vector length), like n, N, K, C. Another lowercase bound (`\\sum_{k=1}^{t}`) may be a
 * running index: not read as a length (measured: reading every letter so raised a false alarm).
 */
function lengthName(x: Expr, ctx: EvalContext): boolean {
  if (x.k !== 'sym' || x.idx.length !== 0 || !(/^[A-Zm]$/.test(x.name) || ctx.sample.lengths?.has(x.name))) return false;
  if (ctx.sample.idx.has(x.name) || ctx.locals.has(x.name) || ctx.defs.has(defKey(x.name, 0))) return false;
  return true;
}

/** The value of a sum bound that names a length (`K`, `C`), or null. */
function lengthValue(x: Expr, ctx: EvalContext): number | null {
  return lengthName(x, ctx) ? (ctx.sample.fixed.get((x as { name: string }).name) ?? ctx.sample.n) : null;
}

/**
 * The indices a sum runs over. Bounds default to 1…n; a bound naming a length is that length; a sum
 * written from 0 to length − 1 (`\sum_{k=0}^{K-1}`) runs over the same entries as 1…K, only labelled
 * from 0, so it is read as the whole vector (the note's free indices are labels of the same entries).
 */
function sumRange(x: Extract<Expr, { k: 'big' }>, ctx: EvalContext): [number, number] {
  if (x.lo?.k === 'num' && x.lo.v === 0 && x.hi?.k === 'add' && x.hi.terms.length === 2) {
    const [a, b] = x.hi.terms as [Expr, Expr];
    const one = b.k === 'num' ? b.v === -1 : b.k === 'neg' && b.x.k === 'num' && b.x.v === 1;
    const length = one ? lengthValue(a, ctx) ?? (a.k === 'sym' && a.idx.length === 0 && a.name === 'n' && !ctx.locals.has('n') ? ctx.sample.n : null) : null;
    if (length !== null) return [1, length];
  }
  const lo = x.lo ? indexValue(x.lo, ctx) : 1;
  const hi = x.hi ? (lengthValue(x.hi, ctx) ?? indexValue(x.hi, ctx)) : ctx.sample.n;
  return [lo, hi];
}

/** Evaluates `x` at the sample in `ctx`. Throws `NotInterpreted` for anything it does not understand. */
export function evaluate(x: Expr, ctx: EvalContext): Dual {
  if (ctx.work.left-- <= 0) throw new NotInterpreted('work budget exhausted');
  switch (x.k) {
    case 'num':
      return C(x.v);
    case 'sym':
      return symbol(x, ctx);
    case 'add': {
      let v = 0;
      let d = 0;
      for (const t of x.terms) {
        const r = evaluate(t, ctx);
        v += r.v;
        d += r.d;
      }
      return { v, d };
    }
    case 'neg': {
      const r = evaluate(x.x, ctx);
      return { v: -r.v, d: -r.d };
    }
    case 'mul': {
      let v = 1;
      let d = 0;
      for (const f of x.fs) {
        const r = evaluate(f, ctx);
        d = d * r.v + v * r.d;
        v *= r.v;
      }
      return { v, d };
    }
    case 'div': {
      const n = evaluate(x.n, ctx);
      const dn = evaluate(x.d, ctx);
      return { v: n.v / dn.v, d: (n.d * dn.v - n.v * dn.d) / (dn.v * dn.v) };
    }
    case 'pow': {
      if (x.x.k === 'sym' && x.x.idx.length === 0 && INDEX_LETTERS.has(x.x.name) && ctx.sample.idx.has(x.x.name)) {
        // `s^i`, `(e^z)^i`: a superscript index, not a power.
        throw new NotInterpreted('superscript index');
      }
      const b = evaluate(x.b, ctx);
      const p = evaluate(x.x, ctx);
      const v = Math.pow(b.v, p.v);
      // d(b^p) = p b^(p-1) db + b^p ln(b) dp; the second term only when p varies.
      const d = (p.v === 0 ? 0 : p.v * Math.pow(b.v, p.v - 1) * b.d) + (p.d === 0 ? 0 : v * Math.log(b.v) * p.d);
      return { v, d };
    }
    case 'call':
      return call(x.f, x.args, ctx);
    case 'big': {
      const [lo, hi] = sumRange(x, ctx);
      if (hi - lo > 10_000) throw new NotInterpreted('sum range too large');
      const skip = x.ne.map((e) => indexValue(e, ctx));
      const saved = ctx.sample.idx.get(x.v);
      let v = x.op === 'sum' ? 0 : 1;
      let d = 0;
      const other = !INDEX_LETTER_SET.has(x.v);
      if (other) ctx.boundOther = (ctx.boundOther ?? 0) + 1;
      try {
        for (let m = lo; m <= hi; m++) {
          if (skip.includes(m)) continue;
          ctx.sample.idx.set(x.v, m);
          const r = evaluate(x.body, ctx);
          if (x.op === 'sum') {
            v += r.v;
            d += r.d;
          } else {
            d = d * r.v + v * r.d;
            v *= r.v;
          }
        }
      } finally {
        if (saved === undefined) ctx.sample.idx.delete(x.v);
        else ctx.sample.idx.set(x.v, saved);
        if (other) ctx.boundOther = ctx.boundOther! - 1;
      }
      return { v, d };
    }
    case 'deriv': {
      if (ctx.seed !== null) throw new NotInterpreted('derivative inside a derivative');
      if (x.wrt.k !== 'sym') return byExpression(x.f, x.wrt, ctx);
      const key = variableKey(x.wrt, ctx, x.f);
      return withSeed(ctx, key, () => {
        ctx.seedHit = false;
        ctx.seedVectorHit = false;
        const savedDirect = ctx.direct;
        ctx.direct = x.direct ? (x.f.k === 'sym' ? 0 : 1) : undefined;
        let r: Dual;
        try {
          r = evaluate(x.f, ctx);
        } finally {
          ctx.direct = savedDirect;
        }
        // A body that never reads the variable (an undefined `L` in ∂L/∂w) says nothing we can check.
        // (A number, `\\frac{d}{dx} \\frac{1}{2}`, is a constant whatever the note means: its derivative is 0.)
        // (A target, `∂(−y_l)^2/∂\hat y_i`, is data: it does not move with the variable, its derivative is 0.)
        if (!ctx.seedHit && !ctx.seedVectorHit && !isNumber(x.f) && !onlyTargets(x.f, ctx)) throw new NotInterpreted('the differentiated expression does not mention the variable');
        return C(r.d);
      });
    }
    case 'ind': {
      const a = evaluate(x.a, ctx).v;
      const b = evaluate(x.b, ctx).v;
      return C((a === b) === x.eq ? 1 : 0);
    }
    case 'cases': {
      let fallback: Expr | null = null;
      for (const br of x.branches) {
        if (!br.cond) {
          fallback = br.value;
          continue;
        }
        if (holds(br.cond, ctx)) return evaluate(br.value, ctx);
      }
      if (fallback) return evaluate(fallback, ctx);
      throw new NotInterpreted('no case applies');
    }
    case 'matrix':
      // A matrix is judged cell by cell where two meet (document.ts), never as one number.
      throw new NotInterpreted('matrix');
    case 'unknown':
      throw new NotInterpreted(x.why);
  }
}

/** Does a function's body read entries of its parameter (`x_k`): the parameter is a vector. */
function readsEntriesOf(body: Expr, param: string): boolean {
  return someNode(body, (y) => y.k === 'sym' && y.name === param && y.idx.length > 0);
}

/** A function's body with its vector parameter replaced by the argument: `x_k` becomes `x_k^{(i)}` for `x^{(i)}`. */
function withVectorArgument(body: Expr, param: string, arg: Extract<Expr, { k: 'sym' }>): Expr {
  // A sum in the body over a letter the argument's index uses (Σ_i θ_i x_i applied to x^{(i)}) is renamed first.
  const taken = new Set(arg.idx.flatMap((i) => (i.k === 'sym' && i.idx.length === 0 ? [i.name] : [])));
  const rename = (y: Expr, from: string, to: string): Expr => {
    const z = mapChildren(y, (c) => rename(c, from, to));
    if (z.k === 'sym' && z.idx.length === 0 && z.name === from) return { ...z, name: to };
    if (z.k === 'big' && z.v === from) return { ...z, v: to };
    return z;
  };
  const go = (y: Expr): Expr => {
    if (y.k === 'big' && taken.has(y.v)) return go(rename(y, y.v, `${y.v}#bound`));
    const z = mapChildren(y, go);
    if (z.k !== 'sym' || z.name !== param) return z;
    return z.idx.length === 0 ? arg : { ...arg, idx: [...z.idx, ...arg.idx] };
  };
  return go(body);
}

/** Index letters that occur free in `x` (subscripts, sum ranges, the `e^i` shorthand), skipping bound ones. */
export function freeIndices(x: Expr, defs: Map<string, Definition>, out: Set<string>, bound: string[] = []): void {
  const stack: { x: Expr; bound: string[] }[] = [{ x, bound }];
  let guard = 0;
  while (stack.length > 0 && guard++ < 100_000) {
    const { x: cur, bound: b } = stack.pop()!;
    const push = (y: Expr | null, nb = b) => {
      if (y) stack.push({ x: y, bound: nb });
    };
    switch (cur.k) {
      case 'sym': {
        if (cur.idx.length === 0 && INDEX_LETTERS.has(cur.name) && !b.includes(cur.name)) out.add(cur.name);
        for (const i of cur.idx) {
          if (i.k === 'sym' && i.idx.length === 0) {
            if (!b.includes(i.name)) out.add(i.name);
          } else push(i);
        }
        const def = defs.get(defKey(cur.name, cur.idx.length));
        if (def) for (const f of def.freeIndices) if (!b.includes(f)) out.add(f);
        break;
      }
      case 'add': cur.terms.forEach((t) => push(t)); break;
      case 'neg': push(cur.x); break;
      case 'mul': cur.fs.forEach((t) => push(t)); break;
      case 'div': push(cur.n); push(cur.d); break;
      case 'pow': push(cur.b); push(cur.x); break;
      case 'call': {
        cur.args.forEach((t) => push(t));
        const def = defs.get(defKey(cur.f, 1));
        if (def) for (const f of def.freeIndices) if (!b.includes(f)) out.add(f);
        break;
      }
      case 'big': push(cur.lo); push(cur.hi); cur.ne.forEach((t) => push(t)); push(cur.body, [...b, cur.v]); break;
      case 'deriv': push(cur.f); push(cur.wrt); break;
      case 'ind':
        for (const side of [cur.a, cur.b]) {
          // δ_{bd}: any lowercase letter compared in an indicator is an index.
          if (side.k === 'sym' && side.idx.length === 0 && /^[a-z]$/.test(side.name)) {
            if (!b.includes(side.name)) out.add(side.name);
          } else push(side);
        }
        break;
      case 'cases': for (const br of cur.branches) { push(br.value); if (br.cond) { push(br.cond.a); push(br.cond.b); } } break;
      case 'matrix': for (const row of cur.rows) for (const cell of row) push(cell); break;
      default: break;
    }
  }
}

/** An expression of numbers only (no symbol, function of the note or unread part). */
function isNumber(x: Expr): boolean {
  switch (x.k) {
    case 'num': return true;
    case 'add': return x.terms.every(isNumber);
    case 'mul': return x.fs.every(isNumber);
    case 'neg': return isNumber(x.x);
    case 'div': return isNumber(x.n) && isNumber(x.d);
    case 'pow': return isNumber(x.b) && isNumber(x.x);
    default: return false;
  }
}
