// The expression trees of the generated derivations. Every step of a template is one tree: it is
// rendered to LaTeX in the note's notation (notation.ts) and evaluated numerically (its "twin")
// with dual numbers, so a derivative in a step (∂L/∂z_i, ∂s_k/∂z_i …) is evaluated exactly, not by
// finite differences. Planted mistakes are single-site rewrites of a tree (mutationVariants).

/** Free indices i, j, c (the true class) and the two summation indices k, m. */
export type Idx = 'i' | 'j' | 'c' | 'k' | 'm';
/** x: the scalar variable; y: the scalar target; T: temperature; eps: smoothing; count: n / K / N. */
export type ScalarName = 'x' | 'y' | 'T' | 'eps' | 'count';
/** By a logit z_i, by an output s_i (the outputs as independent variables: ∂L/∂s_k), or by the scalar x. */
export type Wrt = { t: 'z'; i: Idx } | { t: 's'; i: Idx } | { t: 'sym'; name: 'x' };
export type NamedKind = 'L' | 'LSE';

export type Node =
  | { t: 'num'; v: number }
  | { t: 'sym'; name: ScalarName }
  | { t: 'z'; i: Idx }
  | { t: 's'; i: Idx }
  | { t: 'y'; i: Idx }
  | { t: 'exp'; a: Node }
  | { t: 'log'; a: Node }
  | { t: 'add'; xs: Node[] }
  | { t: 'neg'; a: Node }
  | { t: 'mul'; xs: Node[] }
  | { t: 'frac'; n: Node; d: Node }
  | { t: 'slash'; n: Node; d: Node }
  | { t: 'pow'; b: Node; e: number }
  | { t: 'sum'; k: Idx; body: Node; except?: Idx }
  | { t: 'delta'; a: Idx; b: Idx }
  | { t: 'sigmoid'; a: Node }
  | { t: 'tanh'; a: Node }
  | { t: 'cases'; eq: Node; ne: Node }
  | { t: 'deriv'; f: Node; wrt: Wrt }
  | { t: 'named'; name: NamedKind; def: Node };

// ---- builders ------------------------------------------------------------------------------

export const num = (v: number): Node => ({ t: 'num', v });
export const sym = (name: ScalarName): Node => ({ t: 'sym', name });
export const X: Node = sym('x');
export const Z = (i: Idx): Node => ({ t: 'z', i });
export const S = (i: Idx): Node => ({ t: 's', i });
export const Y = (i: Idx): Node => ({ t: 'y', i });
export const exp = (a: Node): Node => ({ t: 'exp', a });
export const log = (a: Node): Node => ({ t: 'log', a });
export const add = (...xs: Node[]): Node => ({ t: 'add', xs });
export const neg = (a: Node): Node => ({ t: 'neg', a });
export const sub = (a: Node, b: Node): Node => add(a, neg(b));
export const mul = (...xs: Node[]): Node => ({ t: 'mul', xs });
export const frac = (n: Node, d: Node): Node => ({ t: 'frac', n, d });
export const slash = (n: Node, d: Node): Node => ({ t: 'slash', n, d });
export const pow = (b: Node, e = 2): Node => ({ t: 'pow', b, e });
export const sum = (k: Idx, body: Node): Node => ({ t: 'sum', k, body });
/** A sum over every k but one index (`\\sum_{k \\neq i}`). */
export const sumExcept = (k: Idx, except: Idx, body: Node): Node => ({ t: 'sum', k, body, except });
export const delta = (a: Idx, b: Idx): Node => ({ t: 'delta', a, b });
export const sigmoid = (a: Node): Node => ({ t: 'sigmoid', a });
export const tanh = (a: Node): Node => ({ t: 'tanh', a });
export const cases = (eq: Node, ne: Node): Node => ({ t: 'cases', eq, ne });
export const deriv = (f: Node, wrt: Wrt): Node => ({ t: 'deriv', f, wrt });
export const named = (name: NamedKind, def: Node): Node => ({ t: 'named', name, def });
export const wz = (i: Idx): Wrt => ({ t: 'z', i });
export const ws = (i: Idx): Wrt => ({ t: 's', i });
export const wx: Wrt = { t: 'sym', name: 'x' };
export const one = num(1);

// ---- numeric twin ----------------------------------------------------------------------------

/** One random point: logits (or predictions) z, targets y (1-based indices i, j, c), scalars. */
export interface Point {
  n: number;
  z: number[];
  y: number[];
  i: number;
  j: number;
  c: number;
  x: number;
  yScalar: number;
  T: number;
  eps: number;
}

export interface EvalOptions {
  /** Softmax at temperature T (s_k = e^{z_k/T} / Σ e^{z_m/T}) rather than T = 1. */
  temperature: boolean;
}

type Dual = [number, number];
type Env = Record<Idx, number>;

function softmax(p: Point, temp: number): number[] {
  const top = Math.max(...p.z);
  const e = p.z.map((v) => Math.exp((v - top) / temp));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

function idxValue(env: Env, i: Idx): number {
  const v = env[i];
  if (!v) throw new Error(`generator: index ${i} is not bound`);
  return v;
}

/** The index value of a derivative's variable: fixed where the derivative is written, if it was. */
function wrtIndex(env: Env, wrt: { i: Idx; at?: number }): number {
  return wrt.at ?? idxValue(env, wrt.i);
}

function dual(node: Node, p: Point, env: Env, wrt: Wrt | undefined, o: EvalOptions, sm: number[]): Dual {
  switch (node.t) {
    case 'num':
      return [node.v, 0];
    case 'sym':
      switch (node.name) {
        case 'x':
          return [p.x, wrt?.t === 'sym' ? 1 : 0];
        case 'y':
          return [p.yScalar, 0];
        case 'T':
          return [p.T, 0];
        case 'eps':
          return [p.eps, 0];
        case 'count':
          return [p.n, 0];
      }
      break;
    case 'z': {
      const k = idxValue(env, node.i);
      return [p.z[k - 1]!, wrt?.t === 'z' && wrtIndex(env, wrt) === k ? 1 : 0];
    }
    case 's': {
      const k = idxValue(env, node.i);
      const sk = sm[k - 1]!;
      if (wrt?.t === 's') return [sk, wrtIndex(env, wrt) === k ? 1 : 0];
      if (wrt?.t !== 'z') return [sk, 0];
      const w = wrtIndex(env, wrt);
      const temp = o.temperature ? p.T : 1;
      return [sk, (sk * ((k === w ? 1 : 0) - sm[w - 1]!)) / temp];
    }
    case 'y':
      return [p.y[idxValue(env, node.i) - 1]!, 0];
    case 'exp': {
      const [a, da] = dual(node.a, p, env, wrt, o, sm);
      const e = Math.exp(a);
      return [e, e * da];
    }
    case 'log': {
      const [a, da] = dual(node.a, p, env, wrt, o, sm);
      return [Math.log(a), da / a];
    }
    case 'add': {
      let v = 0;
      let d = 0;
      for (const x of node.xs) {
        const [a, da] = dual(x, p, env, wrt, o, sm);
        v += a;
        d += da;
      }
      return [v, d];
    }
    case 'neg': {
      const [a, da] = dual(node.a, p, env, wrt, o, sm);
      return [-a, -da];
    }
    case 'mul': {
      let v = 1;
      let d = 0;
      for (const x of node.xs) {
        const [a, da] = dual(x, p, env, wrt, o, sm);
        d = d * a + v * da;
        v *= a;
      }
      return [v, d];
    }
    case 'frac':
    case 'slash': {
      const [a, da] = dual(node.n, p, env, wrt, o, sm);
      const [b, db] = dual(node.d, p, env, wrt, o, sm);
      return [a / b, (da * b - a * db) / (b * b)];
    }
    case 'pow': {
      const [b, db] = dual(node.b, p, env, wrt, o, sm);
      return [b ** node.e, node.e * b ** (node.e - 1) * db];
    }
    case 'sum': {
      let v = 0;
      let d = 0;
      const skip = node.except === undefined ? 0 : idxValue(env, node.except);
      for (let k = 1; k <= p.n; k++) {
        if (k === skip) continue;
        const [a, da] = dual(node.body, p, { ...env, [node.k]: k }, wrt, o, sm);
        v += a;
        d += da;
      }
      return [v, d];
    }
    case 'delta':
      return [idxValue(env, node.a) === idxValue(env, node.b) ? 1 : 0, 0];
    case 'sigmoid': {
      const [a, da] = dual(node.a, p, env, wrt, o, sm);
      const s = 1 / (1 + Math.exp(-a));
      return [s, s * (1 - s) * da];
    }
    case 'tanh': {
      const [a, da] = dual(node.a, p, env, wrt, o, sm);
      const t = Math.tanh(a);
      return [t, (1 - t * t) * da];
    }
    case 'cases':
      return idxValue(env, 'i') === idxValue(env, 'j') ? dual(node.eq, p, env, wrt, o, sm) : dual(node.ne, p, env, wrt, o, sm);
    case 'deriv': {
      if (wrt) throw new Error('generator: a derivative inside a derivative is not supported');
      // The variable's index is read here, where the derivative is written (a sum inside may rebind the letter).
      const at = node.wrt.t === 'sym' ? undefined : { ...node.wrt, at: idxValue(env, node.wrt.i) };
      return [dual(node.f, p, env, at ?? node.wrt, o, sm)[1], 0];
    }
    case 'named':
      return dual(node.def, p, env, wrt, o, sm);
  }
  throw new Error(`generator: cannot evaluate ${(node as Node).t}`);
}

/** The value of a tree at a point (a derivative node is evaluated exactly, by dual numbers). */
export function evaluate(node: Node, p: Point, o: EvalOptions): number {
  const env = { i: p.i, j: p.j, c: p.c, k: 0, m: 0 } as Env;
  return dual(node, p, env, undefined, o, softmax(p, o.temperature ? p.T : 1))[0];
}

/** Equal within a relative tolerance of 1e-9 (both non-finite counts as different). */
export function close(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-13;
}

// ---- structure -----------------------------------------------------------------------------

export function children(n: Node): Node[] {
  switch (n.t) {
    case 'exp':
    case 'log':
    case 'neg':
    case 'sigmoid':
    case 'tanh':
      return [n.a];
    case 'add':
    case 'mul':
      return n.xs;
    case 'frac':
    case 'slash':
      return [n.n, n.d];
    case 'pow':
      return [n.b];
    case 'sum':
      return [n.body];
    case 'cases':
      return [n.eq, n.ne];
    case 'deriv':
      return [n.f];
    default:
      // Leaves, and named quantities (their definition is not part of the step's text).
      return [];
  }
}

export function withChildren(n: Node, k: Node[]): Node {
  switch (n.t) {
    case 'exp':
    case 'log':
    case 'neg':
    case 'sigmoid':
    case 'tanh':
      return { ...n, a: k[0]! };
    case 'add':
    case 'mul':
      return { ...n, xs: k };
    case 'frac':
    case 'slash':
      return { ...n, n: k[0]!, d: k[1]! };
    case 'pow':
      return { ...n, b: k[0]! };
    case 'sum':
      return { ...n, body: k[0]! };
    case 'cases':
      return { ...n, eq: k[0]!, ne: k[1]! };
    case 'deriv':
      return { ...n, f: k[0]! };
    default:
      return n;
  }
}

export const treeKey = (n: Node): string => JSON.stringify(n);

/** Every tree obtained by rewriting exactly one node with `rule` (rule gets the node and its parent). */
export function singleSiteVariants(node: Node, rule: (n: Node, parent: Node | undefined) => Node[], parent?: Node): Node[] {
  const out = rule(node, parent).slice();
  const kids = children(node);
  kids.forEach((kid, at) => {
    for (const v of singleSiteVariants(kid, rule, node)) {
      const next = kids.slice();
      next[at] = v;
      out.push(withChildren(node, next));
    }
  });
  return out;
}

export function mapIndices(node: Node, f: (i: Idx) => Idx): Node {
  let n: Node = node;
  switch (n.t) {
    case 'z':
    case 's':
    case 'y':
      n = { ...n, i: f(n.i) };
      break;
    case 'delta':
      n = { ...n, a: f(n.a), b: f(n.b) };
      break;
    case 'sum':
      if (n.except !== undefined) n = { ...n, except: f(n.except) };
      break;
    case 'deriv':
      n = n.wrt.t === 'sym' ? n : { ...n, wrt: { t: n.wrt.t, i: f(n.wrt.i) } };
      break;
    default:
      break;
  }
  return withChildren(n, children(n).map((k) => mapIndices(k, f)));
}

/** Whether the tree mentions an index anywhere (entries, deltas, derivative variables). */
export function usesIndex(node: Node, i: Idx): boolean {
  if ((node.t === 'z' || node.t === 's' || node.t === 'y') && node.i === i) return true;
  if (node.t === 'delta' && (node.a === i || node.b === i)) return true;
  if (node.t === 'sum' && node.except === i) return true;
  if (node.t === 'deriv' && node.wrt.t !== 'sym' && node.wrt.i === i) return true;
  if (node.t === 'named') return usesIndex(node.def, i);
  return children(node).some((k) => usesIndex(k, i));
}

// ---- planted mistakes --------------------------------------------------------------------------

export const MUTATION_KINDS = ['sign-flip', 'swap-ij', 'dropped-factor', 'dropped-term', 'wrong-power', 'one-plus', 'index-slip', 'dropped-log'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

const unwrap = (t: 'add' | 'mul', xs: Node[]): Node => (xs.length === 1 ? xs[0]! : { t, xs });

/**
 * Every single-site rewrite of `node` that plants a mistake of the given kind. `free` are the
 * note's free indices (for the index slip s_i → s_j). Identities are not filtered here: the caller
 * keeps only variants whose numeric twin differs.
 */
export function mutationVariants(node: Node, kind: MutationKind, free: readonly Idx[]): Node[] {
  let out: Node[];
  switch (kind) {
    case 'sign-flip':
      out = singleSiteVariants(node, (n) => {
        if (n.t === 'neg') return [n.a];
        if (n.t === 'add') return n.xs.flatMap((x, at) => (x.t === 'neg' ? [] : [{ ...n, xs: n.xs.map((y, k) => (k === at ? neg(y) : y)) }]));
        return [];
      });
      if (node.t !== 'neg') out.push(neg(node));
      break;
    case 'swap-ij':
      // Only where both i and j are the note's free indices (else j may be a summation letter).
      out = free.includes('i') && free.includes('j') ? [mapIndices(node, (i) => (i === 'i' ? 'j' : i === 'j' ? 'i' : i))] : [];
      break;
    case 'dropped-factor':
      out = singleSiteVariants(node, (n) => {
        if (n.t === 'mul' && n.xs.length >= 2) return n.xs.map((_, at) => unwrap('mul', n.xs.filter((_x, k) => k !== at)));
        if ((n.t === 'frac' || n.t === 'slash') && (n.d.t === 'sym' || n.d.t === 'num')) return [n.n];
        return [];
      });
      break;
    case 'dropped-term':
      out = singleSiteVariants(node, (n) => (n.t === 'add' && n.xs.length >= 2 ? n.xs.map((_, at) => unwrap('add', n.xs.filter((_x, k) => k !== at))) : []));
      break;
    case 'wrong-power':
      out = singleSiteVariants(node, (n, parent) => {
        if (n.t === 'pow' && n.e === 2) return [n.b];
        if (parent?.t === 'pow') return [];
        if (n.t === 's' || n.t === 'sigmoid' || n.t === 'tanh') return [pow(n)];
        if (n.t === 'frac' && n.d.t === 'sum') return [{ ...n, d: pow(n.d) }];
        return [];
      });
      break;
    case 'one-plus':
      out = singleSiteVariants(node, (n) => {
        if (n.t !== 'add' || !n.xs.some((x) => x.t === 'num' && x.v === 1)) return [];
        return n.xs.flatMap((x, at) => (x.t === 'neg' ? [{ ...n, xs: n.xs.map((y, k) => (k === at ? x.a : y)) }] : []));
      });
      break;
    case 'index-slip':
      out = singleSiteVariants(node, (n) => {
        if ((n.t === 's' || n.t === 'y' || n.t === 'z') && free.includes(n.i)) return free.filter((f) => f !== n.i).map((f) => ({ ...n, i: f }));
        return [];
      });
      break;
    case 'dropped-log':
      out = singleSiteVariants(node, (n) => (n.t === 'log' ? [n.a] : []));
      break;
  }
  const self = treeKey(node);
  const seen = new Set<string>([self]);
  return out.filter((v) => {
    const key = treeKey(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
