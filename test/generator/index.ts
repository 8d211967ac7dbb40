// Generator of markdown math notes with a verified answer key, for measuring the derivation
// checker (scripts/eval-generated.ts). A note is a correct template derivation in a randomly drawn
// notation, with zero or one planted mistake. The key says which lines are wrong relative to the
// step before (`must`) and which merely carry an earlier mistake (`may`); it is computed from the
// numeric twins of the steps at random points, never from the intent of the mutation alone.
import {
  close, deriv, evaluate, MUTATION_KINDS, mutationVariants, pow, S, singleSiteVariants, sum, wz, Y, type EvalOptions, type MutationKind, type Node, type Point,
} from './ast';
import { assemble, inlineMath } from './markdown';
import { differentialForm, Notation, render, renderAscii, renderVector, vectorLhs, type Restriction } from './notation';
import { Rng } from './prng';
import { ADDED_TEMPLATES, OLDER_TEMPLATES, SOFTMAX, SOFTMAX_T, TEMPLATES, type Template } from './templates';

export { ADDED_DIMENSIONS, ADDED_VALUES, DIMENSIONS, THIRD_DIMENSIONS, THIRD_VALUES, type Restriction } from './notation';
export { MUTATION_KINDS, type MutationKind } from './ast';
export { ADDED_TEMPLATES, OLDER_TEMPLATES, TEMPLATES, type Template } from './templates';
export { Rng } from './prng';

export type Verdict = 'must' | 'may';
export type MutationMode = 'carried' | 'fixed';

export interface KeyLine {
  line: number;
  verdict: Verdict;
}

export interface GeneratedStep {
  latex: string;
  line: number;
  /** ok: equal to the step before and to the start; must: differs from the step before; may: equal to the step before, not to the start. */
  status: 'start' | 'ok' | Verdict;
}

export interface MutationInfo {
  kind: MutationKind;
  mode: MutationMode;
  /** The mutated step (1 = the first right-hand side). */
  step: number;
  position: 'first' | 'middle' | 'last';
}

export interface GeneratedNote {
  seed: number;
  markdown: string;
  /** Lines (1-based) of the key, each with its strongest verdict. */
  key: KeyLine[];
  /** Dimension name → value, for the dimensions that shaped this note. */
  dims: Record<string, string>;
  template: string;
  route: number;
  mutation: MutationInfo | null;
  steps: GeneratedStep[];
  /** TeX of every math span written into the note. */
  math: string[];
  /** The numeric twins behind the key: the chain's trees (index 0 = left side) and the points. */
  twin: { chain: Node[]; points: Point[]; options: EvalOptions; target: TargetChoice };
}

export interface GenerateOptions {
  /** Plant one mistake (default false: a correct note). */
  mutate?: boolean;
  /** Templates to draw from (default TEMPLATES). */
  templates?: readonly Template[];
  /** Random points for the twins (default 12, at least 8). */
  points?: number;
  /**
   * Only the notation of the older generator (default false): no second random stream, so no added
   * dimension value and no added template — the notes the generator wrote before them, byte for byte.
   */
  older?: boolean;
  /** Dimension values (and `template` names) every note must have; a note that cannot is drawn again. */
  restrict?: Restriction;
  /** With restrict: the added dimensions not restricted keep their older spelling (one class measured alone). */
  isolate?: boolean;
}

/** A template step whose twin disagrees with its predecessor: a bug in the template. */
export class TemplateError extends Error {}

const POINTS = 12;

export type TargetChoice = 'onehot' | 'soft' | 'regression' | 'scalar' | 'none';

/** `count` random points satisfying the template's condition (i = j, i ≠ j, or both halves). */
export function drawPoints(rng: Rng, tpl: Template, target: TargetChoice, count: number): Point[] {
  return Array.from({ length: count }, (_, k) => drawPoint(rng, tpl, target, k));
}

/** Verifies every route of a template in full (every step, both left sides, every target kind); throws a TemplateError. */
export function verifyTemplate(tpl: Template, seed = 1, count = 16): void {
  const rng = new Rng(seed);
  const targets: TargetChoice[] = tpl.target === 'either' ? ['onehot', 'soft'] : [tpl.target];
  [...tpl.routes, ...(tpl.splitRoute ? [tpl.splitRoute] : [])].forEach((route, r) => {
    const lhss = tpl.diagLhs ? [route.lhs, deriv(S('i'), wz('j'))] : [route.lhs];
    const vector = tpl.vector ? [tpl.vector.node] : [];
    for (const target of targets) for (const lhs of lhss) verifyChain(tpl, [lhs, ...route.steps, ...vector], drawPoints(rng, tpl, target, count), `route ${r} (${target})`);
  });
}

function drawPoint(rng: Rng, tpl: Template, target: TargetChoice, k: number): Point {
  const n = rng.int(3, 6);
  const spread = target === 'regression' ? 2 : 3;
  const z = Array.from({ length: n }, () => rng.real(-spread, spread));
  const i = rng.int(1, n);
  const other = (): number => {
    const v = rng.int(1, n - 1);
    return v >= i ? v + 1 : v;
  };
  let j: number;
  if (tpl.condition === 'diag') j = i;
  else if (tpl.condition === 'offdiag') j = other();
  else if (tpl.condition === 'any') j = k % 2 === 0 ? i : other();
  else j = rng.int(1, n);
  // Half the points put the true class at i, so mistakes that only show there are seen.
  const c = k % 2 === 0 ? i : rng.int(1, n);
  let y: number[];
  if (target === 'onehot') y = Array.from({ length: n }, (_, m) => (m + 1 === c ? 1 : 0));
  else if (target === 'regression') y = Array.from({ length: n }, () => rng.real(-2, 2));
  else {
    const raw = Array.from({ length: n }, () => rng.real(0.05, 1));
    const total = raw.reduce((a, b) => a + b, 0);
    y = raw.map((v) => v / total);
  }
  return { n, z, y, i, j, c, x: rng.real(-3, 3), yScalar: rng.real(0, 1), T: rng.real(0.3, 3), eps: rng.real(0.02, 0.3) };
}

const valuesAt = (node: Node, points: Point[], o: EvalOptions): number[] => points.map((p) => evaluate(node, p, o));
const allClose = (a: number[], b: number[]): boolean => a.every((v, k) => close(v, b[k]!));
const finite = (a: number[]): boolean => a.every((v) => Number.isFinite(v));

/** Throws a TemplateError unless every step equals its predecessor (and every definition holds) at every point. */
export function verifyChain(tpl: Template, chain: Node[], points: Point[], label: string): number[][] {
  const o: EvalOptions = { temperature: tpl.temperature ?? false };
  const vals = chain.map((n) => valuesAt(n, points, o));
  vals.forEach((v, u) => {
    if (!finite(v)) throw new TemplateError(`template ${tpl.name} ${label}: step ${u} is not finite`);
    if (u === 0) return;
    const bad = v.findIndex((x, k) => !close(x, vals[u - 1]![k]!));
    if (bad >= 0) {
      throw new TemplateError(`template ${tpl.name} ${label}: step ${u} disagrees with step ${u - 1} (${v[bad]} vs ${vals[u - 1]![bad]} at ${JSON.stringify(points[bad])})`);
    }
  });
  tpl.defs.forEach(([lhs, rhs], d) => {
    if (!allClose(valuesAt(lhs, points, o), valuesAt(rhs, points, o))) throw new TemplateError(`template ${tpl.name}: definition ${d} does not hold`);
  });
  return vals;
}

function targetChoice(tpl: Template, nt: Notation, rng: Rng): TargetChoice {
  if (tpl.target === 'scalar' || tpl.target === 'regression' || tpl.target === 'none') return tpl.target;
  let value = nt.get('target');
  const soft = value.startsWith('soft');
  if (tpl.target === 'onehot' && soft) value = rng.pick(['one-hot-word', 'y_c=1', 'one-hot-and-sum'] as const);
  if (tpl.target === 'soft' && !soft) value = rng.pick(['soft-inline', 'soft-display', 'soft-with-defs'] as const);
  nt.set('target', value);
  return value.startsWith('soft') ? 'soft' : 'onehot';
}

interface Planted {
  chain: Node[];
  info: MutationInfo;
}

/** Plants one mistake in chain[1..]; null when no valid planting exists for this chain. */
function plant(rng: Rng, tpl: Template, chain: Node[], vals: number[][], points: Point[], vector: VectorStep | null = null): Planted | null {
  const o: EvalOptions = { temperature: tpl.temperature ?? false };
  const last = chain.length - 1;
  // The vector equation (the last step, if the note has one) takes only mistakes it can write.
  const writable = (t: number, node: Node): boolean => !vector || t !== last || vector.writable(node);
  const variants = (t: number, node: Node, k: MutationKind): Node[] => {
    const vs = mutationVariants(node, k, tpl.free);
    // The outer product's transpose misplaced (`\\mathbf s^\\top \\mathbf s`), as the swap of a vector equation.
    if (vector && t === last && k === 'swap-ij' && vector.kind === 'jacobian') vs.push(...transposeSlips(node));
    return vs.filter((v) => writable(t, v));
  };
  // A random order of the kinds; the first viable one is uniform among the viable kinds.
  let kind: MutationKind | undefined;
  let byStep = new Map<number, { node: Node; vals: number[] }[]>();
  for (const k of rng.shuffle(MUTATION_KINDS)) {
    byStep = new Map();
    for (let t = 1; t <= last; t++) {
      const ok = variants(t, chain[t]!, k)
        .map((node) => ({ node, vals: valuesAt(node, points, o) }))
        .filter((v) => finite(v.vals) && !allClose(v.vals, vals[t - 1]!));
      if (ok.length > 0) byStep.set(t, ok);
    }
    if (byStep.size > 0) {
      kind = k;
      break;
    }
  }
  if (!kind) return null;
  const chosen: MutationKind = kind;
  const firstMode: MutationMode = rng.pick(['carried', 'fixed'] as const);
  for (const mode of [firstMode, firstMode === 'carried' ? 'fixed' : 'carried'] as MutationMode[]) {
    for (const t of rng.shuffle([...byStep.keys()])) {
      if (mode === 'fixed' && t === last) continue;
      // The vector equation has a left side of its own: the componentwise result wrong before it, it is no mistake.
      if (mode === 'fixed' && vector && t === last - 1) continue;
      // A few of the step's mistakes: in carried mode the first whose consequences can be carried.
      for (const planted of rng.shuffle(byStep.get(t)!).slice(0, mode === 'carried' ? 4 : 1)) {
        const next = chain.slice();
        next[t] = planted.node;
        let prev = planted.vals;
        let carried = true;
        if (mode === 'carried') {
          for (let u = t + 1; u <= last && carried; u++) {
            const found = carry(rng, chain[u]!, chosen, tpl, points, o, prev, (n) => writable(u, n));
            if (!found) carried = false;
            else {
              next[u] = found.node;
              prev = found.vals;
            }
          }
        }
        if (carried) return { chain: next, info: { kind: chosen, mode, step: t, position: t === 1 ? 'first' : t === last ? 'last' : 'middle' } };
      }
    }
  }
  return null;
}

/** A rewrite of a later step equal to the (mistaken) step before it: the same kind first, then any kind. */
function carry(rng: Rng, node: Node, kind: MutationKind, tpl: Template, points: Point[], o: EvalOptions, prev: number[], writable: (n: Node) => boolean = () => true): { node: Node; vals: number[] } | undefined {
  const tryAll = (cands: Node[]): { node: Node; vals: number[] } | undefined => {
    for (const c of rng.shuffle(cands)) {
      if (!writable(c)) continue;
      // Cheap rejection on two points before the full comparison.
      if (!close(evaluate(c, points[0]!, o), prev[0]!) || !close(evaluate(c, points[1]!, o), prev[1]!)) continue;
      const v = valuesAt(c, points, o);
      if (allClose(v, prev)) return { node: c, vals: v };
    }
    return undefined;
  };
  return tryAll(mutationVariants(node, kind, tpl.free)) ?? tryAll(MUTATION_KINDS.filter((k) => k !== kind).flatMap((k) => mutationVariants(node, k, tpl.free)));
}

/** The vector equation after a chain: its kind and which trees it can write. */
interface VectorStep {
  kind: 'gradient' | 'jacobian';
  writable: (n: Node) => boolean;
}

/** `diag(s) - s^T s` for `diag(s) - s s^T`: the outer product s_i s_j replaced by the inner product Σ_k s_k². */
function transposeSlips(node: Node): Node[] {
  const outer = (n: Node): boolean =>
    n.t === 'mul' && n.xs.length === 2 && n.xs.every((x) => x.t === 's') && new Set(n.xs.map((x) => (x.t === 's' ? x.i : ''))).size === 2;
  return singleSiteVariants(node, (n) => (outer(n) ? [sum('k', pow(S('k')))] : []));
}

function pickSteps(rng: Rng, steps: Node[]): Node[] {
  const len = steps.length;
  const count = rng.int(Math.min(3, len), Math.min(6, len));
  const inner = rng.shuffle(Array.from({ length: len - 1 }, (_, k) => k)).slice(0, count - 1).sort((a, b) => a - b);
  return [...inner.map((k) => steps[k]!), steps[len - 1]!];
}

/** Whether a note has every restricted dimension (or template) among the allowed values. */
export function meetsRestriction(note: Pick<GeneratedNote, 'dims' | 'template'>, restrict: Restriction): boolean {
  return Object.entries(restrict).every(([dim, allowed]) => {
    const value = dim === 'template' ? note.template : note.dims[dim];
    return value !== undefined && allowed.includes(value);
  });
}

/**
 * One attempt. `rng` is the first stream (template, route, the older dimensions, points, steps,
 * mistake, layout words); `second` the second stream (added dimension values and templates), null for
 * the older generator's notes. `templates` null: the default templates (older ones from the first
 * stream, an added one from the second).
 */
function tryGenerate(rng: Rng, second: Rng | null, templates: readonly Template[] | null, mutate: boolean, seed: number, nPoints: number, restrict: Restriction, isolate: boolean, third: Rng | null = null): GeneratedNote | null {
  let tpl = rng.pick(templates ?? OLDER_TEMPLATES);
  if (templates === null && second) {
    // An added template as often as any other (the same two draws whether it is taken or not).
    const u = second.next();
    const added = second.pick(ADDED_TEMPLATES);
    if (u < ADDED_TEMPLATES.length / TEMPLATES.length) tpl = added;
  }
  const allowedTemplates = restrict.template;
  if (allowedTemplates && !allowedTemplates.includes(tpl.name)) {
    const pool = (templates ?? TEMPLATES).filter((t) => allowedTemplates.includes(t.name));
    if (pool.length === 0) throw new Error(`generator: no template named ${allowedTemplates.join(' | ')}`);
    tpl = (second ?? rng).pick(pool);
  }
  let routeIndex = rng.int(0, tpl.routes.length - 1);
  let route = tpl.routes[routeIndex]!;
  const lhs0 = route.lhs;
  const softmaxDefined = tpl.defs.includes(SOFTMAX) || tpl.defs.includes(SOFTMAX_T);
  const nt = Notation.draw(
    rng,
    {
      free: tpl.condition === 'diag' ? [...tpl.free, 'j'] : tpl.free,
      variableSymbol: tpl.variableSymbol,
      countDefault: tpl.countDefault ?? 'n',
      primeAllowed: tpl.primeAllowed ?? false,
      usesOutput: tpl.usesOutput,
      softmaxDefined,
      gradientLhs: lhs0.t === 'deriv' && lhs0.f.t === 'named' && lhs0.wrt.t === 'z',
      temperature: tpl.temperature ?? false,
      vector: tpl.vector?.kind,
      asciiAllowed: !tpl.routes.some((r) => r.steps.some((n) => n.t === 'cases')),
      sumSplit: tpl.splitRoute !== undefined,
    },
    second,
    restrict,
    isolate,
    third,
  );
  // The route that splits a sum over k ≠ i (sumSplit), numbered after the older routes.
  if (tpl.splitRoute && nt.get('sumSplit') === 'split') {
    route = tpl.splitRoute;
    routeIndex = tpl.routes.length;
  }
  const lhsJ = tpl.diagLhs === true && nt.get('lhsIndex') === 'j-with-condition';
  const lhs = lhsJ ? deriv(S('i'), wz('j')) : route.lhs;
  const target = targetChoice(tpl, nt, rng);
  const points = drawPoints(rng, tpl, target, Math.max(8, nPoints));

  // The whole-vector equation after the chain (vectorForm), a step the twins judge like the others.
  const vectorKind = tpl.vector && nt.get('vectorForm') !== 'none' ? tpl.vector.kind : null;
  const vector: VectorStep | null = vectorKind ? { kind: vectorKind, writable: (n) => renderVector(n, nt, vectorKind) !== null } : null;
  const correct = [lhs, ...pickSteps(rng, route.steps), ...(tpl.vector && vector ? [tpl.vector.node] : [])];
  const vals = verifyChain(tpl, correct, points, `route ${routeIndex}`);
  let chain = correct;
  let info: MutationInfo | null = null;
  if (mutate) {
    const planted = plant(rng, tpl, correct, vals, points, vector);
    if (!planted) return null;
    chain = planted.chain;
    info = planted.info;
  }

  // The key, from the twins.
  const o: EvalOptions = { temperature: tpl.temperature ?? false };
  const cv = chain.map((n) => valuesAt(n, points, o));
  const status: GeneratedStep['status'][] = cv.map((v, u) => {
    if (u === 0) return 'start';
    if (!allClose(v, cv[u - 1]!)) return 'must';
    return allClose(v, cv[0]!) ? 'ok' : 'may';
  });
  if (!mutate && status.some((s) => s === 'must' || s === 'may')) throw new TemplateError(`template ${tpl.name}: a correct chain has a wrong step`);
  if (info) {
    if (status[info.step] !== 'must') return null;
    if (info.mode === 'fixed' && status[info.step + 1] !== 'must') return null;
  }

  // The text.
  // Braces are added (and recorded) by the renderer where it writes an entry or an exponential; the other typography always shapes the steps.
  // Spacing is recorded where it spaced a sign.
  // Steps typed in Unicode and ASCII (ascii) have no TeX typography.
  const ascii = nt.setup.asciiAllowed === true && nt.get('ascii') === 'ascii';
  const typography = ascii ? 'plain' : nt.peek('typography');
  if (!ascii && (typography === 'plain' || typography === '\\displaystyle')) nt.get('typography');
  // `\\,` / `\\;` around the signs of a sum (typography spacing); braces are added by the renderer.
  const spaced = (t: string): string => {
    if (typography !== 'spacing') return t;
    const out = t.replace(/ \+ /g, ' \\,+\\, ').replace(/ - /g, ' \\;-\\; ');
    if (out !== t) nt.get('typography');
    return out;
  };
  const tex = (n: Node): string => nt.surface(spaced(render(n, nt)));
  // The differential `dL = \\sum_i (…) \\,dz_i`: every right side is the coefficient of dz_i.
  const differential = nt.peek('deriv') === 'differential' && chain[0]!.t === 'deriv';
  const stepTex = (n: Node, u: number): string => {
    if (ascii) return renderAscii(n, nt);
    return differential && u > 0 ? nt.surface(differentialForm(n, spaced(render(n, nt)), nt)) : tex(n);
  };
  const componentwise = vector ? chain.slice(0, -1) : chain;
  const steps = componentwise.map((n, u) => (typography === '\\displaystyle' ? `\\displaystyle ${stepTex(n, u)}` : stepTex(n, u)));
  const vectorTex = vectorKind ? nt.surface(`${vectorLhs(lhs, nt, vectorKind)} = ${renderVector(chain[chain.length - 1]!, nt, vectorKind)!}`) : undefined;
  if (nt.get('surface') === 'boxed-last') steps[steps.length - 1] = `\\boxed{${steps[steps.length - 1]}}`;
  if (nt.get('surface') === 'eq-number-last') steps[steps.length - 1] = `${steps[steps.length - 1]} \\qquad (${1 + (seed % 9)})`;
  const lang = nt.get('language');
  const preMath: string[] = [];
  const prose: string[] = [];
  const displays: string[] = [];
  if (tpl.extra) prose.push(tpl.extra(tex)[lang]);
  if (target === 'onehot' || target === 'soft') {
    const y = nt.target();
    const sumY = `${tex(sum('k', Y('k')))} = 1`;
    const k = nt.index('k');
    const cl = nt.setup.free.includes('c') ? nt.index('c') : 'c';
    switch (nt.get('target')) {
      case 'one-hot-word':
        prose.push(lang === 'zh' ? `这里 ${inlineMath(preMath, y)} 是 one-hot 向量。` : `Here ${inlineMath(preMath, y)} is one-hot.`);
        break;
      case 'y_c=1':
        prose.push(
          lang === 'zh'
            ? `真实类别为 ${inlineMath(preMath, cl)}：${inlineMath(preMath, `${y}_${cl} = 1`)}，其余 ${inlineMath(preMath, `${y}_${k} = 0`)}。`
            : `The target is one-hot: ${inlineMath(preMath, `${y}_${cl} = 1`)} for the true class ${inlineMath(preMath, cl)} and ${inlineMath(preMath, `${y}_${k} = 0`)} otherwise.`,
        );
        break;
      case 'soft-inline':
        prose.push(lang === 'zh' ? `目标是一个概率分布，${inlineMath(preMath, sumY)}。` : `The target is a probability distribution, ${inlineMath(preMath, sumY)}.`);
        break;
      case 'soft-display':
        prose.push(lang === 'zh' ? '目标是一个概率分布：' : 'The target is a probability distribution:');
        displays.push(sumY);
        break;
      case 'one-hot-and-sum':
        // One-hot, and (as a consequence) summing to one: still one-hot.
        prose.push(lang === 'zh' ? `这里 ${inlineMath(preMath, y)} 是 one-hot 向量，所以 ${inlineMath(preMath, sumY)}。` : `Here ${inlineMath(preMath, y)} is one-hot, so ${inlineMath(preMath, sumY)}.`);
        break;
      case 'soft-with-defs':
        // Stated among the definitions (so after the derivation when the definitions come after).
        break;
    }
  }
  const condition = tpl.condition === 'offdiag' ? 'i \\neq j' : lhsJ ? 'i = j' : undefined;
  nt.defining = true;
  // The softmax defined in words ("Let $s$ be the softmax of $z$") instead of by its formula.
  const inWords = nt.get('softmaxDef') === 'words' && tpl.defs.includes(SOFTMAX);
  if (inWords) {
    const s = inlineMath(preMath, nt.output());
    const z = inlineMath(preMath, nt.variable());
    prose.unshift(lang === 'zh' ? `设 ${s} 为 ${z} 的 softmax 输出。` : `Let ${s} be the softmax of ${z}.`);
  }
  // The softmax as a function named on the way: `\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} = s_i`.
  const chained = softmaxDefined && nt.get('softmaxDef') === 'function-chain';
  const defs = tpl.defs
    .filter((d) => !(inWords && d === SOFTMAX))
    .map(([l, r]) => (chained && (l === SOFTMAX[0] || l === SOFTMAX_T[0]) && l.t === 's' ? `${nt.surface(nt.softmaxCall(l.i))} = ${tex(r)} = ${tex(l)}` : `${tex(l)} = ${tex(r)}`));
  if (target === 'soft' && nt.get('target') === 'soft-with-defs') defs.push(`${tex(sum('k', Y('k')))} = 1`);
  nt.defining = false;
  const doc = assemble({ title: tpl.title[lang], defs, prose, displays, chain: { steps, condition, vector: vectorTex } }, nt, rng, preMath);

  const key = new Map<number, Verdict>();
  status.forEach((s, u) => {
    if (s !== 'must' && s !== 'may') return;
    const line = doc.stepLines[u]!;
    if (s === 'must' || !key.has(line)) key.set(line, s);
  });
  return {
    seed,
    markdown: doc.markdown,
    key: [...key.entries()].sort((a, b) => a[0] - b[0]).map(([line, verdict]) => ({ line, verdict })),
    dims: nt.record(),
    template: tpl.name,
    route: routeIndex,
    mutation: info,
    steps: [...steps, ...(vectorTex ? [vectorTex] : [])].map((latex, u) => ({ latex, line: doc.stepLines[u]!, status: status[u]! })),
    math: doc.math,
    twin: { chain, points, options: o, target },
  };
}

/** One note for a seed (deterministic). Throws TemplateError when a template's correct steps disagree. */
export function generateNote(seed: number, options: GenerateOptions = {}): GeneratedNote {
  const rng = new Rng(seed);
  // The second stream: its own seed, so the first stream draws what it always drew.
  const second = options.older ? null : new Rng((seed ^ 0x2c1b3c6d) >>> 0);
  // The third stream (notation added after the second), seeded apart so neither other stream moves.
  const third = options.older ? null : new Rng((seed ^ 0x6a09e667) >>> 0);
  const restrict = options.restrict ?? {};
  const restricted = Object.keys(restrict).length > 0;
  for (let attempt = 0; attempt < (restricted ? 3000 : 200); attempt++) {
    const note = tryGenerate(rng.fork(), second?.fork() ?? null, options.templates ?? null, options.mutate ?? false, seed, options.points ?? POINTS, restrict, options.isolate ?? false, third?.fork() ?? null);
    if (note && (!restricted || meetsRestriction(note, restrict))) return note;
  }
  throw new Error(`generator: no valid note for seed ${seed}${restricted ? ` with ${JSON.stringify(restrict)}` : ''}`);
}

export interface BatchOptions {
  seed: number;
  count: number;
  /** Share of correct notes (default 0.25). */
  correctFraction?: number;
  templates?: readonly Template[];
  /** See GenerateOptions.older. */
  older?: boolean;
  /** See GenerateOptions.restrict. */
  restrict?: Restriction;
  /** See GenerateOptions.isolate. */
  isolate?: boolean;
}

/** `count` notes; note k depends only on (seed, k). */
export function generateNotes(options: BatchOptions): GeneratedNote[] {
  const frac = options.correctFraction ?? 0.25;
  const out: GeneratedNote[] = [];
  for (let k = 0; k < options.count; k++) {
    const noteSeed = (Math.imul(options.seed + 1, 0x01000193) ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
    const mutate = new Rng(noteSeed ^ 0x5bd1e995).next() >= frac;
    out.push(generateNote(noteSeed, { mutate, templates: options.templates, older: options.older, restrict: options.restrict, isolate: options.isolate }));
  }
  return out;
}
