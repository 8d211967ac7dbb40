import { disabledRangesOf, extractMarkdown, isDisabled, type MarkdownExtraction, type MathSpan } from '../markdown/index';
import { parseMath } from '../latex/parse';
import { childrenOf, IMPLICIT_VARIABLE, mapChildren, sameShape, someNode, SOFTMAX_SUM, TRANSPOSE, NORM, VECTOR_SOFTMAX, ENTRY_OF, type Cond, type Expr, type Item, type Row } from '../latex/tree';
import { collectIndices, decide, HOT_CLASS, emptyRegime, repeatedIndex, sampleAll, symbolsOf, type DecideInput, type PointCache, type Regime, type Verdict } from './decide';
import { defKey, entriesKey, entryKey, factKey, freeIndices, isTargetName, type Definition } from './evaluate';
import { counterexampleOf, hintFor } from './hints';
import { correctResultFor } from './correct';
import { regimeFromProse } from './prose';
import { checkStandardDefinition, metricNamed } from './standard';
import { compoundPowerBases, superscriptIndices } from './superscript';
import { componentAt, componentwise, componentwisePair, entriesOf, ENTRYWISE } from './componentwise';
import { vectorExamples } from './vectorExamples';
import { cellwisePairs } from './cellwise';
import { matrixCellReadings, matrixColumn, matrixScalar, matrixScalars, matrixwiseReadings, type MatrixContext } from './matrixwise';
import { asProducts, bareFunctionOf, withArgument, type BareFunction } from './bareFunction';
import { derivativeOperators, operatorOnLeftOnly, vectorSoftmax } from './operators';
import { proseDefinitions } from './proseDefinitions';
import { contractChains, opaqueDerivatives } from './chainRule';
import { upstreamLoss } from './upstream';
import { withDifferentials } from './differentials';
import { INDEX_LETTERS, isIndexComparison, isIndexShaped, LENGTH_NAMES, NOT_QUANTITIES } from '../knowledge/letters';
import type { CheckOptions, CheckResult, CheckStats, Finding, StepVerdict, StepVerdictKind } from './types';

/**
 * The note-level walk: math spans in order, statements in each span, chains of `=` steps across
 * `&=` rows and across display blocks that begin with `=`. Definitions and assumptions update the
 * state for what follows; claims are decided step by step (each against the one before it).
 */

const MESSAGES = {
  stepFails: 'This step does not follow from the previous one',
  agreesAgain: 'This step does not follow from the previous one — it agrees with the start of the chain again only because the earlier mistakes cancel',
  finalWrong: 'The final result does not equal the derivative the chain starts from',
  notStandard: 'This does not match the standard definition',
  indexMismatch: 'The index on the left does not appear on the right: this definition cannot hold for every index',
  vectorExample: 'This numeric example does not hold',
};

interface Elem {
  expr: Expr | null;
  /** Offsets into the markdown. */
  s: number;
  e: number;
  latex: string;
  tex: string;
  texOffset: number;
  /** The math block the element is in (offsets into the markdown). */
  blockS: number;
  blockE: number;
}

interface Chain {
  elems: Elem[];
  regime: Regime;
  /** The regime came from the note (prose, `cases`, an assumption) rather than a default. */
  explicit: boolean;
  broken: boolean;
  lastFlagged: boolean;
  /** A link held only with ∂ read as the direct (local) partial: the chain's end is not judged against its start. */
  local?: boolean;
  /** The chain starts from ∂X/∂v where X does not visibly depend on v: the note relates them in ways we cannot see. */
  hiddenDependency: boolean;
  correct?: string | null;
  /** Every decision about this chain draws the same points. */
  seed: number;
  /** The hot class was assumed (no step named it) to make a step hold. */
  assumedHot?: boolean;
  /** The index case was assumed (no step stated it) to make a step hold: the regime before it, and the links judged under it. */
  assumedCase?: { before: Regime; links: number[] };
  /** An assumption made for an earlier step turned out wrong: the rest of the chain is not read. */
  unreliable?: string;
  /** The note's regime when the chain started (a later restatement must be in the same one). */
  docRegimeKey: string;
  /**
   * Elements that brought in a symbol the chain did not have (their link was not read): such an
   * element is never the sole ground for a failure of the next step.
   */
  unread?: Set<number>;
  /** The chain differentiates a function written bare (`\\frac{d\\sigma}{dz}`): its elements are read with the argument (bareFunction.ts). */
  bare?: BareFunction;
}

const INDEX_NAME = { test: isIndexShaped };

/** The index of a vector defined as a whole (`\\mathbf p = \\text{softmax}(\\mathbf x)` defines p at every index). */
const VECTOR_INDEX = '#i';


/** Prose that ends with "therefore" (故, 所以, thus, ⟹ …) right before a statement. */
const THEREFORE = /(故|所以|因此|于是|从而|由此可得|(?<![A-Za-z])(?:therefore|thus|hence|so)|⟹|∴|\\Rightarrow|\\implies)[\s,，:：]*$/i;

function regimeSignature(r: Regime): string {
  return `${r.pairs.map((p) => `${p.a}${p.eq ? '=' : '!'}${p.b}`).sort().join(',')}|${r.hot ?? ''}|${[...r.fixed].map(([k, v]) => `${k}:${v}`).sort().join(',')}`;
}

const BRIDGED_HINT = 'checked against the step before the one that could not be read';

/** The numbers of an entry written by its number (`a_1`, `p_{12}` as p_{1,2}), or null. */
function numberedEntry(x: Extract<Expr, { k: 'sym' }>): number[] | null {
  if (x.idx.length === 0 || !x.idx.every((i) => i.k === 'num' && Number.isInteger(i.v) && i.v >= 0 && i.v < 1000)) return null;
  return x.idx.map((i) => (i as { v: number }).v);
}

function isBareIndex(x: Expr | null): x is Extract<Expr, { k: 'sym' }> {
  return !!x && x.k === 'sym' && x.idx.length === 0 && INDEX_LETTERS.has(x.name);
}

/** `k \\neq t`, `i = y`: two bare letters compared as indices (see `isIndexComparison`). */
function isIndexPair(a: Expr | null, b: Expr | null): boolean {
  return !!a && !!b && a.k === 'sym' && b.k === 'sym' && a.idx.length === 0 && b.idx.length === 0 && isIndexComparison(a.name, b.name);
}

/**
 * `L = \\frac{1}{N}\\sum_{n} L_n`, `J = \\sum_i J^{(i)}`: every mention of `name` in `x` has one index more than
 * the quantity defined and sits in a sum or product over that index (a total of per-sample parts, not a recursion).
 */
function onlyAggregated(x: Expr, name: string, arity: number, bound: readonly string[] = []): boolean {
  if (x.k === 'sym' && x.name === name) {
    if (x.idx.length !== arity + 1) return false;
    const last = x.idx[x.idx.length - 1]!;
    return last.k === 'sym' && last.idx.length === 0 && bound.includes(last.name) && x.idx.slice(0, -1).every((i) => !someNode(i, (y) => y.k === 'sym' && y.name === name));
  }
  if (x.k === 'big') return [x.lo, x.hi, ...x.ne].every((c) => !c || onlyAggregated(c, name, arity, bound)) && onlyAggregated(x.body, name, arity, [...bound, x.v]);
  return childrenOf(x).every((c) => onlyAggregated(c, name, arity, bound));
}

function mentions(x: Expr, name: string): boolean {
  const stack: Expr[] = [x];
  let guard = 0;
  while (stack.length > 0 && guard++ < 50_000) {
    const cur = stack.pop()!;
    switch (cur.k) {
      case 'sym': if (cur.name === name) return true; stack.push(...cur.idx); break;
      case 'add': stack.push(...cur.terms); break;
      case 'neg': stack.push(cur.x); break;
      case 'mul': stack.push(...cur.fs); break;
      case 'div': stack.push(cur.n, cur.d); break;
      case 'pow': stack.push(cur.b, cur.x); break;
      case 'call': if (cur.f === `fn:${name}`) return true; stack.push(...cur.args); break;
      case 'big': stack.push(cur.body); break;
      case 'deriv': stack.push(cur.f, cur.wrt); break;
      case 'cases': for (const b of cur.branches) stack.push(b.value); break;
      case 'matrix': for (const row of cur.rows) stack.push(...row); break;
      default: break;
    }
  }
  return false;
}

/** Names of the vectors derivatives are taken with respect to (`\\partial y_i` makes y a variable). */
function collectVariables(x: Expr, out: Set<string>): void {
  const stack: Expr[] = [x];
  let guard = 0;
  while (stack.length > 0 && guard++ < 20_000) {
    const cur = stack.pop()!;
    switch (cur.k) {
      case 'deriv': if (cur.wrt.k === 'sym' && cur.wrt.idx.length > 0) out.add(cur.wrt.name); stack.push(cur.f); break;
      case 'add': stack.push(...cur.terms); break;
      case 'neg': stack.push(cur.x); break;
      case 'mul': stack.push(...cur.fs); break;
      case 'div': stack.push(cur.n, cur.d); break;
      case 'pow': stack.push(cur.b, cur.x); break;
      case 'call': stack.push(...cur.args); break;
      case 'big': stack.push(cur.body); break;
      default: break;
    }
  }
}

/** `∂(…p_k…)/∂o_i` in `x`: the indexed names inside the derivative's body, each with the vector it is differentiated by. */
function collectDependents(x: Expr, out: Map<string, string | null>): void {
  someNode(x, (cur) => {
    if (cur.k !== 'deriv' || cur.wrt.k !== 'sym' || cur.wrt.idx.length !== 1) return false;
    const on = cur.wrt.name;
    someNode(cur.f, (y) => {
      if (y.k === 'sym' && y.idx.length === 1 && y.name !== on) {
        const had = out.get(y.name);
        out.set(y.name, had === undefined || had === on ? on : null);
      }
      return false;
    });
    return false;
  });
}

/** Vectors exponentiated component-wise in `x` (`e^{z_k}`, `\\exp(a_i)`). */
function collectLogits(x: Expr, out: Set<string>, scaled?: Set<string>): void {
  someNode(x, (cur) => {
    if (cur.k !== 'call' || cur.f !== 'exp') return false;
    const arg = cur.args[0];
    if (arg?.k === 'sym' && arg.idx.length === 1) {
      out.add(arg.name);
      scaled?.add(arg.name);
    }
    // `e^{z_i / T}`, `e^{\beta z_i}`: exponentiated entries too (logits, but not the plain softmax sum's).
    const inner = arg?.k === 'div' ? arg.n : arg?.k === 'mul' ? arg.fs.find((f) => f.k === 'sym' && f.idx.length === 1) : undefined;
    if (scaled && inner?.k === 'sym' && inner.idx.length === 1) scaled.add(inner.name);
    return false;
  });
}

/** The key of `collectApplied`: function `call` applied to the bare variable `v`. */
function appliedKey(call: string, v: string): string {
  return `${call}(${v})`;
}

/** Which functions the note applies to which bare variables (`\\sigma(z)`: sigmoid → z), as `appliedKey`s. */
function collectApplied(x: Expr, out: Set<string>): void {
  someNode(x, (cur) => {
    if (cur.k === 'call' && cur.args.length === 1 && cur.args[0]!.k === 'sym' && cur.args[0]!.idx.length === 0) out.add(appliedKey(cur.f, cur.args[0]!.name));
    return false;
  });
}

/** The bare names among the terms of a sum (`\hat y - y` → hat y, y), or the bare name itself. */
function bareTerms(x: Expr): string[] {
  const terms = x.k === 'add' ? x.terms : [x];
  const out: string[] = [];
  for (const t of terms) {
    const u = t.k === 'neg' ? t.x : t;
    if (u.k === 'sym' && u.idx.length === 0) out.push(u.name);
  }
  return out;
}

/** Names used with a letter index somewhere in `x` (`a_i`, `w_{jk}`, `z_{k+1}`). */
/**
 * Names written with a component index and a sample superscript (`x_j^{(i)}`: `x^{(i)}` is then the
 * i-th sample's vector), and functions applied to a sample's vector (`h_θ(x^{(i)})`).
 */
function collectSampleVectors(x: Expr, out: Set<string>, applied: Set<string>): void {
  someNode(x, (cur) => {
    if (cur.k === 'sym' && cur.idx.length === 2 && cur.idx[1]!.k === 'sym' && cur.idx[1]!.sup && cur.idx[0]!.k === 'sym' && cur.idx[0]!.idx.length === 0) out.add(cur.name);
    if (cur.k === 'call' && cur.args.length === 1 && cur.args[0]!.k === 'sym' && cur.args[0]!.idx.length > 0 && cur.args[0]!.idx.every((i) => i.k === 'sym' && i.sup)) applied.add(cur.f);
    if (cur.k === 'unknown' && cur.matrix) collectSampleVectors(cur.matrix, out, applied);
    return false;
  });
}

function collectLetterIndexed(x: Expr, out: Set<string>): void {
  someNode(x, (cur) => {
    if (cur.k === 'sym' && cur.idx.some((i) => i.k !== 'num')) out.add(cur.name);
    if (cur.k === 'unknown' && cur.matrix) collectLetterIndexed(cur.matrix, out);
    // `\|\hat{\mathbf y} - \mathbf y\|`, `(\mathbf p - \mathbf y)^\top`, `\mathbf w^\top \mathbf x`: what a norm
    // measures, what is transposed and the other side of a product with a transposed vector are vectors.
    if (cur.k === 'call' && (cur.f === NORM || cur.f === TRANSPOSE)) for (const name of bareTerms(cur.args[0]!)) out.add(name);
    if (cur.k === 'mul') {
      cur.fs.forEach((f, n) => {
        if (f.k !== 'call' || f.f !== TRANSPOSE) return;
        for (const g of [cur.fs[n - 1], cur.fs[n + 1]]) if (g) for (const name of bareTerms(g)) out.add(name);
      });
    }
    return false;
  });
}

function hasRepeatedIndex(x: Expr, defs: Map<string, Definition>): boolean {
  return repeatedIndex(x, defs) !== null;
}

/** Between two math spans, only line breaks (`<br>` too), list markers, quote markers, math delimiters and table cell edges (`| 2 |`). */
const CONTINUATION_GAP = /^(\s|\$|>|[*+-]|\d{1,3}[.)]|\\[()[\]]|<br\s*\/?>|\|\s*\d{0,3}\s*(?=\|))*\|?\s*$/i;

/** An upright d, the differential's spelling (`\\mathrm{d}z`, `{\\rm d}z`, `\\operatorname{d}`). */
const UPRIGHT_D = /\\(?:mathrm|rm|text|operatorname)\s*\{?\s*d\s*\}?\s*(?:\\[a-zA-Z]+|[a-zA-Z])/;

/**
 * `\\text{softmax}([2, 1, 0.1])`: the softmax of a vector written out, as the vector of its entries
 * `e^{c_i} / Σ_k e^{c_k}` in the same shape, so that a link to a row of fractions or of numbers is read cell by cell.
 */
function softmaxOfNumbers(x: Expr): Expr {
  const y = mapChildren(x, softmaxOfNumbers);
  if (y.k !== 'call' || y.f !== 'softmax' || y.args.length !== 1) return y;
  const m = y.args[0]!;
  if (m.k !== 'matrix' || m.pattern || !(m.rows.length === 1 || m.rows.every((r) => r.length === 1))) return y;
  const cells = m.rows.flat();
  if (cells.length < 2 || !cells.every((c) => isNumericOnly(c))) return y;
  const exp = (c: Expr): Expr => ({ k: 'call', f: 'exp', args: [c], s: c.s, e: c.e });
  const total: Expr = { k: 'add', terms: cells.map(exp), s: y.s, e: y.e };
  const entry = (c: Expr): Expr => ({ k: 'div', n: exp(c), d: total, s: c.s, e: c.e });
  return { k: 'matrix', rows: m.rows.map((r) => r.map(entry)), s: y.s, e: y.e };
}

/** A few words between two blocks, no heading, list, table or quote: "so", "hence we get", "即", "于是". */
const CONNECTIVE_GAP = /^[^#|>*\n$\\`]{0,40}$/u;

/** Does `next`, an inline span starting with `=` on a later line, continue the chain of `span`? */
function continuedInline(markdown: string, span: MathSpan, next: MathSpan | undefined): boolean {
  if (!next || next.display || span.display || !/^\s*=/.test(next.tex)) return false;
  const gap = markdown.slice(span.offset + span.length, next.offset);
  return gap.includes('\n') && CONTINUATION_GAP.test(gap);
}

/** Functions of a whole vector, whatever entry is written in their argument (`\\max(z_i)`). */
const OF_WHOLE_VECTOR = new Set(['max', 'min', 'softmax', 'logsumexp']);

/**
 * `g(a) = body` read as the function of one variable: every `a` in the body becomes the parameter
 * (not inside a sum over an index of `a`, nor in a function of a whole vector: `\\max(z_i)`).
 * Null when the body never writes `a`.
 */
function withParameter(head: Expr & { k: 'call' }, body: Expr): { fn: Expr; body: Expr } | null {
  const arg = head.args[0]!;
  const param: Expr = { k: 'sym', name: `#${arg.k === 'sym' ? arg.name : 'arg'}`, idx: [], s: arg.s, e: arg.e };
  const letters: string[] = [];
  someNode(arg, (y) => {
    if (y.k === 'sym' && y.idx.length === 0 && INDEX_LETTERS.has(y.name)) letters.push(y.name);
    return false;
  });
  let swaps = 0;
  const swap = (y: Expr): Expr => {
    if (sameShape(y, arg)) {
      swaps++;
      return { ...param, s: y.s, e: y.e };
    }
    if ((y.k === 'big' && letters.includes(y.v)) || (y.k === 'call' && OF_WHOLE_VECTOR.has(y.f))) return y;
    if (y.k === 'unknown' && y.matrix) {
      // Matrix notation only through the argument (`e^{-\\theta^T x}`): plain once it is the parameter.
      const inner = swap(y.matrix);
      return someNode(inner, (z) => z.k === 'call' && z.f === TRANSPOSE) ? { ...y, matrix: inner } : inner;
    }
    return mapChildren(y, swap);
  };
  const swapped = swap(body);
  return swaps === 0 ? null : { fn: { ...head, args: [param] }, body: swapped };
}

function latexKey(latex: string): string {
  return latex.replace(/\\(left|right|big|Big|bigg|Bigg)(?![a-zA-Z])|[\s&]/g, '');
}

function hasCaseSplit(x: Expr): boolean {
  const stack: Expr[] = [x];
  let guard = 0;
  while (stack.length > 0 && guard++ < 50_000) {
    const cur = stack.pop()!;
    switch (cur.k) {
      case 'ind': case 'cases': return true;
      case 'add': stack.push(...cur.terms); break;
      case 'neg': stack.push(cur.x); break;
      case 'mul': stack.push(...cur.fs); break;
      case 'div': stack.push(cur.n, cur.d); break;
      case 'pow': stack.push(cur.b, cur.x); break;
      case 'call': stack.push(...cur.args); break;
      case 'big': stack.push(cur.body); break;
      case 'deriv': stack.push(cur.f); break;
      default: break;
    }
  }
  return false;
}

/** `p_i = p_j`, `x_k = x_i`: the same symbol with another single index letter, a case rather than a claim. */
function sameSymbolOtherIndex(a: Expr, b: Expr): [string, string] | null {
  if (a.k !== 'sym' || b.k !== 'sym' || a.name !== b.name || a.idx.length !== 1 || b.idx.length !== 1) return null;
  const [x, y] = [a.idx[0]!, b.idx[0]!];
  if (!isBareIndex(x) || !isBareIndex(y) || x.name === y.name) return null;
  return [x.name, y.name];
}

function isZero(x: Expr): boolean {
  return x.k === 'num' && x.v === 0;
}

/** Numbers and arithmetic on numbers only (`1/2`, `-1`). */
function isConstant(x: Expr): boolean {
  switch (x.k) {
    case 'num': return true;
    case 'neg': return isConstant(x.x);
    case 'div': return isConstant(x.n) && isConstant(x.d);
    case 'mul': return x.fs.every(isConstant);
    case 'add': return x.terms.every(isConstant);
    default: return false;
  }
}

/** The constant factor c with `b = c·a` at every point (c ≠ 1), or null when there is none. */
function constantRatio(points: { a: number; b: number }[]): number | null {
  if (points.length < 4 || points.some((p) => Math.abs(p.a) < 1e-12)) return null;
  const c = points[0]!.b / points[0]!.a;
  if (!Number.isFinite(c) || Math.abs(c - 1) <= 1e-6 || !points.every((p) => Math.abs(p.b / p.a - c) <= 1e-7 * Math.max(1, Math.abs(c)))) return null;
  return Math.abs(c + 1) <= 1e-7 ? -1 : c;
}

const GREEK = /^(alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega)$/i;

/** A word-like name (`loss`, `MSE`, `L_CE`), not a letter, an accented letter (`hat y`) or a Greek letter. */
function isNamedQuantity(name: string): boolean {
  if (/\s/.test(name)) return false;
  const [head, ...sub] = name.split('_');
  if (!head) return false;
  if (/^[A-Za-z]{2,}$/.test(head) && !GREEK.test(head)) return true;
  return /^[A-Za-z]$/.test(head) && sub.length > 0 && /^[A-Za-z]{2,}/.test(sub.join('_'));
}

/** Words that call a target one-hot. */
const ONE_HOT_WORDS = /one[- ]?hot|独热|单热/i;

/** Prose that announces a (re)definition right before a statement. */
const REDEFINING = /(?<![A-Za-z])(let|define[sd]?|denote[sd]?|redefine[sd]?|drop(ping)?|ignor(e|ing)|instead|consider|suppose|assume|for (convenience|simplicity)|simplif(y|ied)|rescal(e|ed|ing)|now)(?![A-Za-z])|令|设|定义|记为|记作|假设|考虑|简化|改为|省略|去掉/i;

function cloneRegime(r: Regime): Regime {
  return { pairs: r.pairs.map((p) => ({ ...p })), hot: r.hot, fixed: new Map(r.fixed), normalized: new Set(r.normalized), variables: r.variables, logit: r.logit, dependence: r.dependence, sigmaSoftmax: r.sigmaSoftmax, ...(r.oneSample ? { oneSample: r.oneSample } : {}), ...(r.hotAxis !== undefined ? { hotAxis: r.hotAxis } : {}), ...(r.lengths ? { lengths: r.lengths } : {}) };
}

/** Bare names written as the upper end of a sum from 0 or 1 (`\\sum_{j=1}^{q}`, `\\sum_{k=0}^{d-1}`): candidate lengths. */
function collectSumBounds(x: Expr, out: Set<string>): void {
  someNode(x, (y) => {
    if (y.k !== 'big' || !y.lo || !y.hi || y.lo.k !== 'num' || (y.lo.v !== 0 && y.lo.v !== 1)) return false;
    const hi = y.lo.v === 0 && y.hi.k === 'add' && y.hi.terms.length === 2 ? y.hi.terms[0]! : y.hi;
    if (hi.k === 'sym' && hi.idx.length === 0 && /^[A-Za-z]$/.test(hi.name)) out.add(hi.name);
    return false;
  });
}

// "For $i = j$:", "When $i \neq k$, the …" open the next display (read from the gap before it): the
// condition must continue the display's sentence (a lowercase word, no `for`) and end it (no comma, no colon).
const CONDITION_WORDS = /^\s*(when|whenever|if|where|in the case|当|若|如果|其中)\s*$/;
const SENTENCE_END = /^[ \t]*(时|的时候)?[ \t]*([.;。；)]|\n|$)/;
const BARE_COMPARISON = /^\s*([a-z])\s*(=|\\neq|\\ne|≠)\s*([a-z])\s*$/;

/**
 * A case stated just after a display, in prose: `$$…$$ when $i = j$.` / `若 $i \neq j$ 时`. Only a
 * sentence made of a condition word and one comparison of index letters counts; the case then holds
 * for every row of that display (as `\quad i = j` written inside it would).
 */
function trailingCondition(markdown: string, span: MathSpan, next: MathSpan | undefined): Cond[] {
  if (!next || next.display) return [];
  const between = markdown.slice(span.offset + span.length, next.offset);
  if (!CONDITION_WORDS.test(between.replace(/^\s*[,，]/, ''))) return [];
  if (!SENTENCE_END.test(markdown.slice(next.offset + next.length, next.offset + next.length + 12))) return [];
  const m = BARE_COMPARISON.exec(next.tex);
  if (!m || !isIndexComparison(m[1]!, m[3]!)) return [];
  const at = (name: string): Expr => ({ k: 'sym', name, idx: [], s: 0, e: 0 });
  return [{ a: at(m[1]!), b: at(m[3]!), rel: m[2] === '=' ? 'eq' : 'ne' }];
}

/** A reading of a link: both sides rewritten; `alts`, other readings the link must also fail in; `entrywise`, read entry by entry. */
interface LinkReading {
  a: Expr;
  b: Expr;
  alts?: { a: Expr; b: Expr }[];
  entrywise?: boolean;
}

/** The index cases a row states for itself (`, \\quad i \\neq j`, `(i = j)`, `\\text{when } i = j`). */
function rowPairs(row: Row): { a: string; b: string; eq: boolean }[] {
  const out: { a: string; b: string; eq: boolean }[] = [];
  for (const c of row.conds) if (isIndexPair(c.a, c.b) && c.a.k === 'sym' && c.b.k === 'sym' && (c.rel === 'eq' || c.rel === 'ne')) out.push({ a: c.a.name, b: c.b.name, eq: c.rel === 'eq' });
  return out;
}

/** Does the row state a case that contradicts the chain's (the note moved on to another case)? */
function rowContradicts(row: Row, r: Regime): boolean {
  return rowPairs(row).some((p) => r.pairs.some((q) => ((q.a === p.a && q.b === p.b) || (q.a === p.b && q.b === p.a)) && q.eq !== p.eq));
}

/** A value for a hint: six significant digits. */
function numericText(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

const APPROX = /^(\\approx|\\simeq|\\thickapprox|\\doteq|≈)$/;

/** Numbers, constants and functions of them only (`-\\log(0.9)`, `\\frac{e^2}{e^2 + e}`): a numeric example. */
function isNumericOnly(x: Expr | null): boolean {
  if (!x) return false;
  return !someNode(x, (y) => (y.k === 'sym' && !(y.idx.length === 0 && (y.name === 'e' || y.name === 'pi'))) || y.k === 'deriv' || y.k === 'unknown' || y.k === 'big');
}

/** A number written with decimals (`0.10`, `-2.3`). */
function isDecimalLiteral(x: Expr | null): boolean {
  const lit = x && x.k === 'neg' ? x.x : x;
  return !!lit && lit.k === 'num' && (lit.decimals ?? 0) > 0;
}

/** `x` with the free index `from` renamed `to` (indices bound by a sum of the same letter stay). */
function renameIndex(x: Expr, from: string, to: string): Expr {
  const go = (y: Expr): Expr => {
    if (y.k === 'sym' && y.idx.length === 0) return y.name === from ? { ...y, name: to } : y;
    if (y.k === 'big' && y.v === from) return y;
    return mapChildren(y, go);
  };
  return go(x);
}

/** Reasons a step could not be read that the readings of undefined dependent vectors may resolve. */
/** Evaluation steps one decision may take (a pathological step is not read, the rest goes on). */
const PER_DECISION_WORK = 400_000;
/** The default `maxWork`: bounds pathological input only (see `CheckOptions.maxWork`). */
export const DEFAULT_MAX_WORK = 2e8;

/** Why a link was not read when its element brings in what the chain cannot bind. */
const UNBOUND_REASONS = /a symbol appears on one side only|the step before could not be read/;
const DEPENDENCE_REASONS = /does not mention the variable|a symbol appears on one side only/;

/** The name `e` takes when the note uses it as a variable (see `eVariableReading`). */
const E_VARIABLE = 'e#variable';

/** `\\sigma(A_k)`: the logistic function of one entry of a vector (which a softmax note may mean as its k-th output). */
function indexedSigmoid(x: Expr): boolean {
  return someNode(x, (y) => y.k === 'call' && y.f === 'sigmoid' && y.args[0]?.k === 'sym' && y.args[0].idx.length === 1);
}

/** Does `x` read Euler's number (`e`, `e^x`, `\\exp`)? */
function usesE(x: Expr): boolean {
  return someNode(x, (y) => (y.k === 'call' && y.f === 'exp') || (y.k === 'sym' && y.name === 'e' && y.idx.length === 0));
}

/** `x` with every symbol named `from` (any index) named `to`. */
function renameVector(x: Expr, from: string, to: string): Expr {
  const go = (y: Expr): Expr => {
    const z = mapChildren(y, go);
    return z.k === 'sym' && z.name === from ? { ...z, name: to } : z;
  };
  return go(x);
}

function setPair(r: Regime, a: string, b: string, eq: boolean): void {
  r.pairs = r.pairs.filter((p) => !((p.a === a && p.b === b) || (p.a === b && p.b === a)));
  r.pairs.push({ a, b, eq });
}

export class DocumentChecker {
  private readonly defs = new Map<string, Definition>();
  private readonly defSpan = new Map<string, number>();
  private readonly defSection = new Map<string, number>();
  /** Names the note has indexed with a letter (`x_i`, `w_{jk}`): vectors, not numbered intermediates. */
  private readonly letterIndexed = new Set<string>();
  /** Names whose numbered form (`x_3`) the note puts on the left of a statement. */
  private readonly numberedNames = new Set<string>();
  /** Two vectors written out in numbers have different lengths: neither fixes n. */
  private lengthConflict = false;
  /** The length of each vector of a worked example (its entries 1…m). */
  private readonly exampleLengths = new Map<string, number>();
  /** Vectors of samples: names the note writes with a component and a sample index (`x_j^{(i)}`). */
  private readonly sampleVectors = new Set<string>();
  /** Capital letters the note writes transposed (`X^\\top`, `\\mathbf W^T`): matrices to the matrix reading (unless defined). */
  private readonly matrixLetters = new Set<string>();
  /** Lower-case names the note writes bold (`\\mathbf w`, `\\boldsymbol\\theta`): vectors to the matrix reading of a note with matrices. */
  private readonly boldNames = new Set<string>();
  /** The note writes its d upright somewhere (`\\mathrm{d}z`): its d's are differentials (see `withDifferentials`). */
  private uprightD = false;
  /** Functions the note applies to a sample's vector (`h_θ(x^{(i)})`). */
  private readonly sampleApplied = new Set<string>();
  /** How often the reading walk saw each numbered entry lead a statement (`x_1 = …`). */
  private readonly entryStatements = new Map<string, number>();
  /** How many statements of the note start with each user function applied (`f(…) = …`): one reading per name. */
  private readonly fnStatements = new Map<string, number>();
  private spanIndex = 0;
  private readonly pointCache: PointCache = new Map();
  private defsVersion = 0;
  private chainCount = 0;
  /** The note says repeated indices are summed (Einstein notation): products with a repeated index are not ours to judge. */
  private einstein = false;
  private docRegime: Regime = emptyRegime();
  private docExplicit = false;
  private section = 0;
  private chain: Chain | null = null;
  private readonly findings: Finding[] = [];
  private readonly steps: StepVerdict[] = [];
  readonly stats: CheckStats = { blocks: 0, chains: 0, steps: 0, checked: 0, unknown: 0, timedOut: false, work: 0 };
  /** The document's work budget (evaluation steps) and the per-decision budgets handed out so far. */
  private readonly maxWork: number;
  private readonly issued: { left: number }[] = [];
  private workUsed = 0;
  /** The walk reached the end of the note; the end of the last block checked completely. */
  private finished = false;
  private completedUpTo = 0;
  private readonly seed: number;
  /** Symbols the note raises to compound index powers (`x^{k-1}`): their `x^k` stays a power. */
  private readonly powerBases: Set<string>;
  private readonly showUnchecked: boolean;
  private decisions = 0;
  private stop: () => boolean = () => false;
  /** The chain closed last, kept while nothing but whitespace or lone relations follow it (`⟹`). */
  private recent: { chain: Chain; lhsKey: string; section: number } | null = null;
  /** Closed chains that start from a derivative, by the TeX of that derivative (see THEREFORE). */
  private readonly derivChains = new Map<string, { chain: Chain; section: number; defsVersion: number }>();
  /** The end of the prose right before the current math span. */
  private gapBefore = '';

  setStop(stop: () => boolean): void {
    this.stop = stop;
  }

  private readStop: (() => boolean) | null = null;

  setReadStop(stop: () => boolean): void {
    this.readStop = stop;
  }

  /**
   * The first of the two walks: it only reads (definitions, variables, note facts) and judges
   * nothing. The second walk judges, knowing what the whole note defines.
   */
  private dry = false;
  /** Definitions the first walk found exactly once in the note, usable before the line that states them. */
  private readonly provisional = new Set<string>();
  /** The definitions the reading walk found once, by the section (heading) they are stated in. */
  private readonly laterDefs = new Map<number, [string, Definition][]>();
  /** Each math span's offset and the section it is in, in order (the reading walk's count of headings). */
  private readonly spanSections: [number, number][] = [];

  /** The definitions known from the start of `section`, to add to. */
  private laterDefsIn(section: number): [string, Definition][] {
    let list = this.laterDefs.get(section);
    if (!list) this.laterDefs.set(section, (list = []));
    return list;
  }

  /**
   * A definition stated later in the note is known from the start of its section (a derivation
   * followed by "where s_i = …"), never in other sections: notes reuse names from one part to the next.
   */
  private enterSection(): void {
    for (const key of this.provisional) this.defs.delete(key);
    this.provisional.clear();
    for (const [key, def] of this.laterDefs.get(this.section) ?? []) {
      if (this.defs.has(key)) continue;
      this.defs.set(key, def);
      this.provisional.add(key);
    }
    // A scalar defined in matrix notation before the vectors it uses (`L = -\\mathbf y^\\top \\log \\mathbf p`
    // where p is defined after it): read in its plain form now that the section's definitions are known.
    if (!this.dry) {
      for (const key of this.provisional) {
        const def = this.defs.get(key)!;
        if (def.body.k !== 'unknown' || def.body.matrix === undefined || def.params.length > 0) continue;
        const plain = matrixScalar(def.body, this.matrixContext);
        if (plain) this.defs.set(key, { ...def, body: plain });
      }
    }
    this.defsVersion++;
  }
  /** How often the first walk saw each symbol defined. */
  private readonly defCount = new Map<string, number>();
  /** The note uses `e` as a variable (`\frac{d}{de}`, `e = y - \hat y`): `e` and `e^x` cannot be read with certainty. */
  private eVariable = false;
  /** Vectors whose components the note exponentiates (`e^{z_k}`): the candidates for the logits of a bare `\\sum`. */
  private readonly logitNames = new Set<string>();
  /** Names the note defines with a right side that cannot be read (`X = [x_1, …, x_n]`), from the reading walk. */
  private readonly unreadableDefs = new Set<string>();
  /** Bare names written as a sum's upper end (see `collectSumBounds`). */
  private readonly sumBounds = new Set<string>();
  /** Vectors whose entries the note exponentiates, scaled or not (`e^{z_i/T}`): the logits `\partial_j` names. */
  private readonly exponentiated = new Set<string>();
  /** Every function the note applies to a bare variable, anywhere in it (`collectApplied`, from the reading walk's first pass). */
  private readonly applied = new Set<string>();
  /** Vectors the note differentiates by another vector (`∂p_k/∂o_i`: p → o; several → null, ambiguous). */
  private readonly dependents = new Map<string, string | null>();
  /** Every symbol the reading walk saw defined anywhere in the note (by definition key). */
  private readonly noteDefines = new Set<string>();
  /** The functions the note names in prose or math, for the readings of undefined dependent vectors. */
  private namesSoftmax = false;
  /**
   * The note calls its target one-hot somewhere: then `\\sum_j y_j = 1` is a consequence, not a soft
   * target (the one-hot reading is also the safer one: a step that fails for a one-hot target fails
   * for a distribution too).
   */
  private readonly namesOneHot: boolean;
  /** Vectors said to sum to one, by section (from the reading walk): known from the start of their section. */
  private readonly normalizedIn = new Map<number, Set<string>>();
  private namesSigmoid = false;
  private readonly options: CheckOptions;

  constructor(
    private readonly markdown: string,
    options: CheckOptions,
    /** The note's math and directives (extracted by the caller, a slice at a time in the editor). */
    private readonly extraction: MarkdownExtraction = extractMarkdown(markdown),
  ) {
    this.options = options;
    this.namesOneHot = ONE_HOT_WORDS.test(markdown);
    this.powerBases = compoundPowerBases(markdown);
    this.seed = (options.seed ?? 20240611) >>> 0;
    this.showUnchecked = options.showUnchecked ?? false;
    this.maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
    this.readTypography();
  }

  /** The note defines entries of σ's value as quantities (`σ(z)_i = …`, named `sigma(z)` with an index). */
  private sigmaEntries(): boolean {
    return [...this.noteDefines, ...this.defs.keys()].some((k) => k.startsWith('sigma(') && !k.endsWith('/0'));
  }

  /** `x` mentions a vector written bare (`\\mathbf x/\\tau`). */
  private mentionsVector(x: Expr): boolean {
    return someNode(x, (y) => y.k === 'sym' && y.idx.length === 0 && (this.isVector(y.name) || this.boldNames.has(y.name)));
  }

  /** Matrices and vectors by the note's typography (both passes read them the same way). */
  private readTypography(): void {
    this.uprightD = UPRIGHT_D.test(this.markdown);
    for (const m of this.markdown.matchAll(/(?:\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*)?\b([A-Z])\s*\}?\s*\^\s*\{?\s*(?:\\top|\\intercal|\\mathsf\s*\{\s*T\s*\}|\\mathrm\s*\{\s*T\s*\}|T(?![A-Za-z]))/g)) {
      if (!NOT_QUANTITIES.has(m[1]!) && m[1] !== 'I') this.matrixLetters.add(m[1]!);
    }
    this.matrixContext.symmetric = /symmetric|对称|\b([A-Z])\s*=\s*\1\s*\^\s*\{?\s*(?:\\top|T\b)/.test(this.markdown);
    for (const m of this.markdown.matchAll(/\\(?:mathbf|boldsymbol|bm)\s*\{?\s*(\\[a-zA-Z]+|[A-Za-z])/g)) {
      const name = m[1]!.replace(/^\\/, '');
      // A bold capital is a matrix by the same typography (`\\mathbf W \\mathbf x`).
      if (/^[A-Z]$/.test(name)) {
        if (!NOT_QUANTITIES.has(name) && name !== 'I') this.matrixLetters.add(name);
      } else if (/^[a-z]+$/.test(name)) this.boldNames.add(name);
    }
    // A plain letter a matrix of the note multiplies (`X\\theta`, `X^{\\top} y`) is a vector too.
    if (this.matrixLetters.size > 0) {
      for (const m of this.markdown.matchAll(/(?<![A-Za-z\\])([A-Z])\s*(?:\^\s*\{?\s*(?:\\top|\\intercal|T)\s*\}?)?\s*(?:\\(alpha|beta|theta|mu|omega|phi|delta)|([a-z]))(?![A-Za-z_{(^])/g)) {
        if (this.matrixLetters.has(m[1]!)) this.boldNames.add(m[2] ?? m[3]!);
      }
    }
    // `\\hat{\\mathbf y}`: the accented name (as the parser names it, `hat y`) is bold too.
    for (const m of this.markdown.matchAll(/\\(hat|tilde|bar)\s*\{\s*\\(?:mathbf|boldsymbol|bm)\s*\{?\s*([a-z])/g)) this.boldNames.add(`${m[1]} ${m[2]}`);
  }

  /** Whether the work spent reaches `share` of the document's budget (deterministic: counted, not timed). */
  workExhausted(share = 1): boolean {
    for (const w of this.issued) this.workUsed += PER_DECISION_WORK - Math.max(0, w.left);
    this.issued.length = 0;
    this.stats.work = this.workUsed;
    return this.workUsed >= this.maxWork * share;
  }

  unfinished(): boolean {
    return !this.finished;
  }

  /** The end of the last math block checked completely (offset into the markdown). */
  checkedUpTo(): number {
    return this.completedUpTo;
  }

  /** Runs the walk; yields after every math span so a caller can pause, time-slice or stop. */
  *run(): Generator<void, void, void> {
    const disabled = disabledRangesOf(this.extraction);
    if (disabled === 'all') return;
    if (!this.dry) {
      const reader = new DocumentChecker(this.markdown, this.options, this.extraction);
      reader.dry = true;
      const readStop = this.readStop ?? this.stop;
      reader.setStop(readStop);
      const reading = reader.run();
      while (!reading.next().done && !readStop()) yield;
      this.adoptNoteFacts(reader);
    }
    const spans = this.extraction.math.map((span) => ({ ...span }));
    if (this.dry) {
      // Which names are vectors (indexed with a letter somewhere) decides how definitions read
      // (`\mathbf p = \operatorname{softmax}(\mathbf z)` before `p_k` is written): known first.
      for (const span of spans) {
        if (this.stop()) return;
        const parsed = parseMath(span.tex);
        if (parsed.ok) {
          for (const row of parsed.value.rows) {
            for (const item of row.items) {
              if (!item.expr) continue;
              collectLetterIndexed(item.expr, this.letterIndexed);
              collectSampleVectors(item.expr, this.sampleVectors, this.sampleApplied);
              collectApplied(item.expr, this.applied);
            }
          }
        }
        yield;
      }
    }
    let prevEnd = 0;
    let prevDisplay = false;
    for (const [n, span] of spans.entries()) {
      const gap = this.markdown.slice(prevEnd, span.offset);
      // A span that starts with `=` on the next line or list item (`- $= …$`), nothing but markup between,
      // continues the chain before it, as `&= …` does inside a block.
      // (A display block that starts with `=` after a few words, "so", "即", continues the block before it.)
      // (Quote markers between two quoted blocks, `> $$…$$` ⏎ `>` ⏎ `> $$= …$$`, are no words.)
      const words = gap.replace(/^[ \t]*(?:>[ \t]*)+/gm, '').trim();
      const continues = (prevDisplay && span.display && (words === '' || (/^\s*=/.test(span.tex) && CONNECTIVE_GAP.test(words)))) || (!span.display && n > 0 && continuedInline(this.markdown, spans[n - 1]!, span));
      if (!continues) this.closeChain();
      this.readGap(gap);
      if (this.dry) this.spanSections.push([span.offset, this.section]);
      prevEnd = span.offset + span.length;
      prevDisplay = span.display;
      this.stats.blocks++;
      this.spanIndex++;
      if (isDisabled(disabled, span.offset)) {
        this.closeChain();
        prevDisplay = false;
        continue;
      }
      this.readSpan(span, span.display ? trailingCondition(this.markdown, span, spans[n + 1]) : []);
      // An inline chain stays open only for a continuation on the next line (`- $= …$`).
      if (!span.display && !continuedInline(this.markdown, span, spans[n + 1])) this.closeChain();
      if (this.stats.timedOut) return;
      this.completedUpTo = span.offset + span.length;
      yield;
    }
    this.closeChain();
    this.finished = true;
    this.completedUpTo = this.markdown.length;
  }

  /** What the reading walk learnt about the whole note. */
  private adoptNoteFacts(reader: DocumentChecker): void {
    this.eVariable = reader.eVariable;
    for (const [key, n] of reader.entryStatements) this.entryStatements.set(key, n);
    for (const [key, n] of reader.fnStatements) this.fnStatements.set(key, n);
    for (const key of reader.defCount.keys()) this.noteDefines.add(key);
    for (const [key, def] of reader.defs) {
      if ((reader.defCount.get(key) ?? 0) !== 1) continue;
      this.laterDefsIn(reader.defSection.get(key) ?? 0).push([key, def]);
    }
    for (const name of reader.letterIndexed) this.letterIndexed.add(name);
    for (const name of reader.sampleVectors) this.sampleVectors.add(name);
    for (const f of reader.sampleApplied) this.sampleApplied.add(f);
    for (const name of reader.logitNames) this.logitNames.add(name);
    for (const name of reader.exponentiated) this.exponentiated.add(name);
    for (const key of reader.applied) this.applied.add(key);
    for (const [name, on] of reader.dependents) {
      if (on !== null && !reader.defs.has(defKey(name, 1)) && !isTargetName(name)) this.dependents.set(name, on);
    }
    this.namesSoftmax = /softmax|归一化指数/i.test(this.markdown);
    this.namesSigmoid = /sigmoid|logistic|\\sigma\s*\(/i.test(this.markdown);
    for (const name of reader.docRegime.variables) this.docRegime.variables.add(name);
    // A sum's upper end the note never gives another role is the length of the vector it runs over.
    const lengths = new Set<string>();
    for (const name of reader.sumBounds) {
      if (INDEX_LETTERS.has(name) || NOT_QUANTITIES.has(name) || isTargetName(name) || this.logitNames.has(name) || this.letterIndexed.has(name)) continue;
      if (DocumentChecker.definesInMath(reader, name) || reader.defs.has(factKey(name)) || reader.docRegime.variables.has(name)) continue;
      lengths.add(name);
    }
    if (lengths.size > 0) this.docRegime.lengths = lengths;
    for (const [section, names] of reader.normalizedIn) this.normalizedIn.set(section, names);
    for (const name of reader.unreadableDefs) this.unreadableDefs.add(name);
    this.adoptProseDefinitions(reader);
    this.adoptNormalizers(reader);
    this.enterSection();
    this.adoptSectionFacts();
  }

  /** Whether the reading walk saw `name` defined in math, with any number of indices. */
  private static definesInMath(reader: DocumentChecker, name: string): boolean {
    return [0, 1, 2].some((n) => reader.defCount.has(defKey(name, n)));
  }

  /**
   * Definitions in words ("Let $p$ be the softmax of $z$"), known from the start of their section
   * like a definition written later in math, unless the note defines the name in math too.
   */
  private adoptProseDefinitions(reader: DocumentChecker): void {
    for (const d of proseDefinitions(this.markdown)) {
      if (DocumentChecker.definesInMath(reader, d.name)) continue;
      // The section of the sentence's first math span (the defined name).
      let section = 0;
      for (const [offset, n] of reader.spanSections) {
        if (offset > d.offset) break;
        section = n;
      }
      const k = d.index ?? 'k';
      const at = (name: string, idx: Expr[]): Expr => ({ k: 'sym', name, idx, s: 0, e: 0 });
      const entry = d.fn === 'softmax' || d.index !== null || reader.letterIndexed.has(d.name);
      if (d.fn === 'softmax' && !entry) continue;
      const body: Expr = { k: 'call', f: d.fn, args: [entry ? at(d.arg, [at(k, [])]) : at(d.arg, [])], s: 0, e: 0 };
      const key = defKey(d.name, entry ? 1 : 0);
      const list = this.laterDefsIn(section);
      if (list.some(([other]) => other === key)) continue;
      list.push([key, { name: d.name, params: entry ? [k] : [], fnParam: null, body, freeIndices: [] }]);
      // The softmax's argument is the note's logit vector (what `\\partial_j` and a bare `\\sum` refer to).
      if (d.fn === 'softmax') {
        this.logitNames.add(d.arg);
        this.exponentiated.add(d.arg);
      }
    }
  }

  /**
   * `p_i = \\frac{e^{z_i}}{S}` with an `S` the note never defines: S is the normalizer, the sum of the
   * numerator over the index (Σ_k e^{z_k}), as a bare `\\sum` is. Read as a constant, every derivative
   * through p would be wrong. Known from the start of the definition's section, like a later definition.
   */
  private adoptNormalizers(reader: DocumentChecker): void {
    for (const [key, def] of reader.defs) {
      if ((reader.defCount.get(key) ?? 0) !== 1 || def.fnParam !== null || def.params.length !== 1 || def.body.k !== 'div') continue;
      const den = def.body.d;
      const num = def.body.n;
      if (den.k !== 'sym' || den.idx.length !== 0 || !/^[A-Z]$|^Sigma$/.test(den.name) || LENGTH_NAMES.has(den.name)) continue;
      if (DocumentChecker.definesInMath(reader, den.name) || reader.defs.has(factKey(den.name)) || isTargetName(den.name)) continue;
      // Given a value anywhere (`S = 2`, `n = 3` are read as fixed values, not definitions): not ours to guess.
      if (new RegExp(`(?<![A-Za-z\\\\])${den.name === 'Sigma' ? '\\\\Sigma' : den.name}\\s*(=|:=|\\\\coloneqq|\\\\equiv|\\\\triangleq)`).test(this.markdown)) continue;
      const param = def.params[0]!;
      const exponential = num.k === 'call' && num.f === 'exp' ? num.args[0]! : num.k === 'pow' && num.b.k === 'sym' && num.b.name === 'e' && num.b.idx.length === 0 ? num.x : null;
      if (!exponential || !mentions(exponential, param) || mentions(exponential, den.name)) continue;
      const k = ['k', 'm', 'l', 'r'].find((v) => v !== param && !mentions(num, v));
      if (!k) continue;
      const body: Expr = { k: 'big', op: 'sum', v: k, lo: null, hi: null, ne: [], body: renameIndex(num, param, k), s: den.s, e: den.e };
      this.laterDefsIn(reader.defSection.get(key) ?? 0).push([defKey(den.name, 0), { name: den.name, params: [], fnParam: null, body, freeIndices: [] }]);
    }
  }

  /** Facts the reading walk found anywhere in the current section (a target said to sum to one after the chain). */
  private adoptSectionFacts(): void {
    if (this.dry) return;
    for (const name of this.normalizedIn.get(this.section) ?? []) this.docRegime.normalized.add(name);
  }

  result(): CheckResult {
    this.findings.sort((a, b) => a.offset - b.offset);
    this.steps.sort((a, b) => a.offset - b.offset);
    return { findings: this.findings, stats: this.stats, steps: this.steps };
  }

  private recentChain(): { chain: Chain; lhsKey: string; section: number } | null {
    return this.recent;
  }

  private readGap(gap: string): void {
    if (/einstein|爱因斯坦|summation convention|求和约定/i.test(gap)) this.einstein = true;
    this.gapBefore = gap.length > 80 ? gap.slice(-80) : gap;
    if (gap.replace(/(^|\n)[ \t]*([*+>-]|\d+\.)[ \t]/g, '\n').trim() !== '') this.recent = null;
    if (/(^|\n)[ \t]{0,3}#{1,6}[ \t]/.test(gap) || /(^|\n)[^\n]+\n[ \t]{0,3}(=+|-{3,})[ \t]*(\n|$)/.test(gap)) {
      this.section++;
      if (!this.dry) this.enterSection();
      this.derivChains.clear();
      this.docRegime = { ...emptyRegime(), variables: this.docRegime.variables, ...(this.docRegime.lengths ? { lengths: this.docRegime.lengths } : {}) };
      this.adoptSectionFacts();
      // A worked example's vectors are still defined: so is their length.
      const lengths = new Set(this.exampleLengths.values());
      if (!this.lengthConflict && lengths.size === 1) this.docRegime.fixed.set('n', [...lengths][0]!);
      this.docExplicit = false;
    }
    for (const p of regimeFromProse(gap)) {
      setPair(this.docRegime, p.a, p.b, p.eq);
      this.docExplicit = true;
    }
  }

  private readSpan(span: MathSpan, trailing: Cond[] = []): void {
    try {
      this.readSpanUnguarded(span, trailing);
    } catch (error) {
      // A defect in the checker must never become a crash in the editor: this block is "not checked".
      this.chain = null;
      if (this.showUnchecked) {
        this.findings.push({
          code: 'not-checked', severity: 'information', message: `Not checked: internal error (${error instanceof Error ? error.message : String(error)})`,
          offset: span.offset, length: span.length, stepLatex: span.tex, previousLatex: '',
        });
      }
    }
  }

  private readSpanUnguarded(span: MathSpan, trailing: Cond[]): void {
    if (!this.dry) this.checkVectorExamples(span);
    const parsed = parseMath(span.tex);
    if (!parsed.ok) {
      this.closeChain();
      if (this.showUnchecked) {
        this.findings.push({
          code: 'not-checked', severity: 'information', message: `Not checked: ${parsed.error.message}`,
          offset: span.offset, length: span.length, stepLatex: span.tex, previousLatex: '',
        });
      }
      return;
    }
    const raw = parsed.value.rows.map((row) => (trailing.length > 0 ? { ...row, conds: [...row.conds, ...trailing] } : row));
    const rows = raw.map((row) => this.withSuperscriptIndices(row));
    for (const row of rows) {
      for (const item of row.items) {
        if (!item.expr) continue;
        collectVariables(item.expr, this.docRegime.variables);
        collectLogits(item.expr, this.logitNames, this.exponentiated);
        if (this.dry) collectDependents(item.expr, this.dependents);
        if (someNode(item.expr, (x) => x.k === 'deriv' && x.wrt.k === 'sym' && x.wrt.name === 'e' && x.wrt.idx.length === 0)) this.eVariable = true;
        collectLetterIndexed(item.expr, this.letterIndexed);
        collectSumBounds(item.expr, this.sumBounds);
      }
    }
    for (const p of parsed.value.prose.flatMap((t) => regimeFromProse(t))) {
      setPair(this.docRegime, p.a, p.b, p.eq);
      this.docExplicit = true;
    }
    rows.forEach((row, n) => {
      if (this.stop()) {
        this.stats.timedOut = true;
        return;
      }
      // A scalar in matrix notation is read in its plain form with what the rows before it defined
      // (`\\mathbf p = \\mathrm{softmax}(\\mathbf z), \\quad L = -\\mathbf y^\\top \\log \\mathbf p`: p is a vector by then).
      const again = n > 0 && raw[n]!.items.some((item) => item.expr && someNode(item.expr, (y) => y.k === 'unknown' && y.matrix !== undefined)) ? this.withSuperscriptIndices(raw[n]!) : row;
      this.readRow(again, span);
    });
  }

  /**
   * Does `x` mention a numbered quantity (`x_3`, `u_1`) that the note names on the left of a
   * statement (`let x_3 = g(z)`), never indexes with a letter, and that we could not define?
   * Chain-rule notes name intermediates that way, often in notation we cannot read; such a symbol
   * is not a random vector entry, so a failure involving it says nothing. (Numbered entries of a
   * real vector, `a_1 - a_2` in a two-class softmax, are not stated on the left and stay checked.)
   * The variable a chain differentiates by (`∂g(x_4)/∂x_4`) is not an intermediate: the derivative
   * holds everything else fixed.
   */
  private namesUnreadIntermediate(x: Expr, start: Expr | null = null): boolean {
    const variable = start?.k === 'deriv' ? start.wrt : null;
    return someNode(x, (cur) => cur.k === 'sym' && !(variable && sameShape(cur, variable)) && cur.idx.length > 0 && cur.idx.every((i) => i.k === 'num') && this.numberedNames.has(cur.name) && !this.letterIndexed.has(cur.name) && !this.defs.has(defKey(cur.name, cur.idx.length)) && !this.defs.has(entryKey(cur.name, numberedEntry(cur) ?? [])));
  }

  /**
   * `y^i` read as the component y_i (see `superscript.ts`) and scalars in matrix notation in their
   * plain form; rows without either are returned as they are.
   */
  private withSuperscriptIndices(given: Row): Row {
    // `\\mathrm{d}J = \\sum_i g_i \\,\\mathrm{d}z_i`: differentials (differentials.ts), unless the note gives d a meaning.
    const dMeaning = this.docRegime.fixed.has('d') || this.sumBounds.has('d') || this.defs.has(defKey('d', 0)) || this.defs.has(defKey('d', 1));
    const row = withDifferentials(given, dMeaning, this.uprightD);
    let changed = row !== given;
    // A scalar defined in matrix notation (`L = -\\mathbf y^\\top \\log \\mathbf p`, a row of a name and its
    // value): the value in its plain form (`matrixwise.ts`). Links of a chain are read entry by entry instead.
    const first = row.items[0]?.expr;
    const defining = row.items.length === 2 && first && (first.k === 'sym' || first.k === 'call');
    const items = row.items.map((item, n) => {
      if (!item.expr) return item;
      let expr = superscriptIndices(item.expr, this.powerBases);
      if (someNode(expr, (y) => y.k === 'call' && y.f === VECTOR_SOFTMAX)) expr = vectorSoftmax(expr, this.isVector);
      if (someNode(expr, (y) => y.k === 'call' && y.f === 'softmax' && y.args[0]?.k === 'matrix')) expr = softmaxOfNumbers(expr);
      // A note that writes σ's entries as quantities of their own (`σ(x/τ)_i = …`) uses σ for a vector function
      // (the softmax): σ of a vector is not the logistic function entry by entry.
      if (someNode(expr, (y) => y.k === 'call' && y.f === 'sigmoid' && this.mentionsVector(y.args[0]!)) && this.sigmaEntries()) expr = mapChildren(expr, function unread(y: Expr): Expr {
        return y.k === 'call' && y.f === 'sigmoid' ? { k: 'unknown', why: 'σ of a vector where the note writes σ(…)_i as its own quantity', s: y.s, e: y.e } : mapChildren(y, unread);
      });
      if (someNode(expr, (y) => y.k === 'call' && y.f === ENTRY_OF)) expr = entriesOf(expr, this.isVector, (name) => this.defs.has(defKey(name, 0)));
      if (n === 1 && defining && someNode(expr, (y) => y.k === 'unknown' && y.matrix !== undefined)) expr = matrixScalars(expr, this.matrixContext);
      if (expr === item.expr) return item;
      changed = true;
      return { ...item, expr };
    });
    return changed ? { ...row, items } : row;
  }

  private elem(item: Item, span: MathSpan): Elem {
    return { expr: item.expr, s: span.texOffset + item.s, e: span.texOffset + item.e, latex: item.text, tex: span.tex, texOffset: span.texOffset, blockS: span.offset, blockE: span.offset + span.length };
  }

  private readRow(row: Row, span: MathSpan): void {
    // Split at relations that are not judged (`\approx`, `\Rightarrow`, `<`): each part is its own statement.
    const parts: { items: Item[]; rels: Row['rels'] }[] = [{ items: [row.items[0]!], rels: [] }];
    row.rels.forEach((rel, n) => {
      const next = row.items[n + 1]!;
      // `-\\log(0.1) \\approx 2.3`: a numeric example, judged to the precision the note wrote.
      const numericExample = APPROX.test(rel.text) && ((isNumericOnly(row.items[n]!.expr) && isDecimalLiteral(next.expr)) || this.exampleApprox(row.items[n]!.expr, next.expr));
      if (rel.rel === 'other' && !numericExample) {
        const cur = parts[parts.length - 1]!;
        const lhs = cur.items[cur.items.length - 1]!;
        // `i \neq j` stated on its own is an assumption.
        if (cur.items.length === 1 && (rel.text === '\\neq' || rel.text === '\\ne') && isIndexPair(lhs.expr, next.expr) && lhs.expr?.k === 'sym' && next.expr?.k === 'sym') {
          setPair(this.docRegime, lhs.expr.name, next.expr.name, false);
          this.docExplicit = true;
        }
        parts.push({ items: [next], rels: [] });
      } else {
        const cur = parts[parts.length - 1]!;
        cur.items.push(next);
        cur.rels.push(rel);
      }
    });
    if (row.aside && this.chain && !this.chain.broken) {
      // A definition written aside the claim (`\quad \text{where } p_i = …`, `\because L = …`): read on its own,
      // and the claim's chain stays open for the rows that continue it (`= p_i - y_i` in the next block).
      const open = this.chain;
      this.chain = null;
      parts.forEach((part, n) => this.readStatement(part.items, part.rels, span, row, n === 0));
      this.closeChain();
      this.chain = open;
      return;
    }
    parts.forEach((part, n) => this.readStatement(part.items, part.rels, span, row, n === 0));
  }

  private readStatement(items: Item[], rels: Row['rels'], span: MathSpan, row: Row, first: boolean): void {
    if (items.length === 0) return;
    const lead = items[0]!;
    if (lead.expr === null) {
      // `&= …` or a block that begins with `=`: continue the open chain.
      if (first && this.chain && rels[0]?.rel === 'eq') {
        // A condition on a continuation row (`&= -s_i s_j & i \neq j`) holds from this row on.
        for (const p of rowPairs(row)) {
          setPair(this.chain.regime, p.a, p.b, p.eq);
          this.chain.explicit = true;
        }
        for (const item of items.slice(1)) this.append(this.elem(item, span));
        return;
      }
      this.closeChain();
      const rest = items.slice(1);
      if (rest.length > 0 && first && rels[0]?.rel === 'eq' && !this.dry) {
        // `= …` with no chain open before it: its left side is not in the math; shown as not read, never silence.
        const elem = this.elem(rest[0]!, span);
        this.stats.steps++;
        this.stats.unknown++;
        this.record(elem, 'not-read', 'it continues a chain whose left side is not in the math before it');
      }
      if (rest.length > 0) this.startChain(rest.map((i) => this.elem(i, span)), row);
      return;
    }
    this.closeChain();
    if (items.length === 1) return;
    const applied = lead.expr.k === 'unknown' && lead.expr.matrix?.k === 'call' ? lead.expr.matrix : lead.expr;
    if (this.dry && applied.k === 'call' && applied.f.startsWith('fn:')) this.fnStatements.set(applied.f, (this.fnStatements.get(applied.f) ?? 0) + 1);
    if (items.length >= 2 && rels.every((r) => r.rel === 'eq')) {
      // `\begin{pmatrix} \frac{e^{z_1}}{…} \\ … \end{pmatrix} = \begin{pmatrix} a_1 \\ a_2 \\ a_3 \end{pmatrix}`: a
      // column of entries the note has not defined, each named by its number, defines them.
      const named = new Set<number>();
      for (let m = 1; m < items.length; m++) if (this.defineEntriesBy(items[m - 1]!.expr, items[m]!.expr)) named.add(m);
      if (named.size > 0) {
        const rest = items.filter((_, m) => !named.has(m));
        if (rest.length < 2) return;
        items = rest;
        rels = rels.slice(0, rest.length - 1);
      }
    }
    if (items.length === 2 && rels[0]!.rel === 'other' && APPROX.test(rels[0]!.text) && lead.expr.k === 'sym' && lead.expr.idx.length === 0 && this.definedHere(defKey(lead.expr.name, 1))) {
      // `\mathbf p \approx [0.090, 0.245, 0.665]` for a p the note defines: its values to the digits written, judged.
      const numbers = items[1]!.expr;
      const cells = numbers && numbers.k === 'matrix' && !numbers.pattern ? numbers.rows.flat() : null;
      if (cells && cells.length >= 2 && cells.every((c) => isNumericOnly(c))) {
        this.startChain(items.map((i) => this.elem(i, span)), row);
        return;
      }
    }
    if (items.length === 2 && rels[0]!.rel !== 'other') {
      const numeric = this.defineNumericVector(lead.expr, items[1]!.expr);
      if (numeric === 'defined') return;
      if (numeric === 'claim') {
        // `\mathbf p = [0.659, 0.242, 0.099]` for a p the note defines entry by entry: its values, judged.
        this.startChain(items.map((i) => this.elem(i, span)), row);
        return;
      }
    }
    if (lead.expr.k === 'sym' && lead.expr.idx.length > 0 && lead.expr.idx.every((i) => i.k === 'num')) {
      this.numberedNames.add(lead.expr.name);
      const numbers = numberedEntry(lead.expr);
      if (this.dry && numbers) this.entryStatements.set(entryKey(lead.expr.name, numbers), (this.entryStatements.get(entryKey(lead.expr.name, numbers)) ?? 0) + 1);
    }
    // `x_3 = g_4(x_4) = e^{x_4}`, `a = f(z) = \\sigma(z)`: a node of a computational graph named with its
    // function; a function the note has not defined, applied to a bare variable, is defined by what follows.
    if (lead.expr.k === 'sym' && items.length >= 3 && rels[1]!.rel === 'eq') {
      const [head, next] = [items[1]!.expr, items[2]!.expr];
      if (head && next && head.k === 'call' && head.f.startsWith('fn:') && head.args.length === 1) {
        // Of an entry (`g_4(x_4)`, `g(z_i)`), the function of one variable: the entry is its parameter.
        const arg = head.args[0]!;
        const swapped = arg.k === 'sym' && arg.idx.length > 0 && arg.idx.every((i) => i.k === 'num' || (i.k === 'sym' && i.idx.length === 0)) ? withParameter(head, next) : null;
        const [fn, body] = swapped ? [swapped.fn, swapped.body] : [head, next];
        if (this.definable(fn, body) === 'define') this.define(fn, body);
      }
      // `\\hat y_i = \\sigma(z)_i = \\frac{…}{…}`: the entry of a function's value, named on the way, is defined by what follows.
      if (head && next && head.k === 'sym' && head.name.includes('(') && !this.defs.has(defKey(head.name, head.idx.length)) && this.definable(head, next) === 'define') this.define(head, next);
    }
    if (metricNamed(lead.expr)) this.checkMetric(lead.expr, lead.text, items.slice(1), span);
    // `ŷ_i = \frac{…}{…} = p_i`: a fresh symbol at the end of a chain names the value before it.
    const tail = items[items.length - 1]!;
    // (Not at the end of a derivation, `∇ LSE(z) = … = q_i`: there the name is a claim about the result.)
    if (items.length >= 3 && rels[rels.length - 1]!.rel === 'eq' && tail.expr && items[items.length - 2]!.expr && !someNode(lead.expr, (y) => y.k === 'deriv') && this.definable(tail.expr, items[items.length - 2]!.expr) === 'define' && tail.expr.k === 'sym' && !this.defs.has(defKey(tail.expr.name, tail.expr.idx.length))) {
      this.define(tail.expr, items[items.length - 2]!.expr, true);
      items = items.slice(0, -1);
      rels = rels.slice(0, -1);
    }
    // `\mathbf p^\top \mathbf 1 = 1`: a statement in matrix notation is read in its plain form (Σ_k p_k = 1).
    const lhs = lead.expr.k === 'unknown' && lead.expr.matrix ? (matrixScalar(lead.expr, this.matrixContext) ?? lead.expr) : lead.expr;
    const rhs = items[1]!.expr;
    // Assumptions: `i = j`, `t_i = 1`, `n = 3` set the regime and are never judged.
    if (items.length === 2 && rels[0]!.rel === 'eq' && rhs && this.isAssumption(lhs, rhs)) this.recent = null;
    if (items.length === 2 && rels[0]!.rel === 'eq' && rhs) {
      // (A body `p_k \cdot 1`, from `\mathbf p^\top \mathbf 1`, is p_k.)
      const summed = lhs.k === 'big' && lhs.body.k === 'mul' && lhs.body.fs.length === 2 && lhs.body.fs[1]!.k === 'num' && lhs.body.fs[1]!.v === 1 ? lhs.body.fs[0]! : lhs.k === 'big' ? lhs.body : null;
      if (lhs.k === 'big' && lhs.op === 'sum' && lhs.ne.length === 0 && summed && summed.k === 'sym' && summed.idx.length === 1 && rhs.k === 'num' && rhs.v === 1) {
        const only = summed.idx[0]!;
        if (only.k === 'sym' && only.name === lhs.v) {
          if (!(this.namesOneHot && isTargetName(summed.name))) {
            this.docRegime.normalized.add(summed.name);
            let names = this.normalizedIn.get(this.section);
            if (!names) this.normalizedIn.set(this.section, (names = new Set()));
            names.add(summed.name);
          }
          return;
        }
      }
      const pair = sameSymbolOtherIndex(lhs, rhs);
      if (pair) {
        // `p_i = p_j` on its own ("when $p_i = p_j$"): the case i = j, written with the symbols.
        setPair(this.docRegime, pair[0], pair[1], true);
        this.docExplicit = true;
        return;
      }
      if (isIndexPair(lhs, rhs) && lhs.k === 'sym' && rhs.k === 'sym') {
        setPair(this.docRegime, lhs.name, rhs.name, true);
        this.docExplicit = true;
        return;
      }
      if (lhs.k === 'sym' && lhs.idx.length === 1 && numberedEntry(lhs) && !isTargetName(lhs.name) && isNumericOnly(rhs) && !this.definedHere(defKey(lhs.name, 1))) {
        // `z_1 = 2.0`, `z_2 = -0.8`: the entries of a worked example, one by one (no others are read).
        const at = entryKey(lhs.name, numberedEntry(lhs)!);
        if (!this.defs.has(at) || this.defSpan.get(at) !== this.spanIndex) {
          this.defsVersion++;
          this.placeDefinition(at, { name: lhs.name, params: [], fnParam: null, body: rhs, freeIndices: [] });
          this.defs.set(entriesKey(lhs.name, 1), { name: `${lhs.name}#numbers`, params: [], fnParam: null, body: { k: 'unknown', why: 'marker', s: lhs.s, e: lhs.e }, freeIndices: [] });
          this.exampleLength(lhs.name);
        }
        return;
      }
      if (lhs.k === 'sym' && rhs.k !== 'num' && isConstant(rhs)) return;
      if (lhs.k === 'sym' && rhs.k === 'num') {
        if (lhs.idx.length === 1 && rhs.v === 1 && lhs.idx[0]!.k === 'sym' && INDEX_NAME.test((lhs.idx[0] as { name: string }).name) && !this.defs.has(defKey(lhs.name, 1))) {
          this.docRegime.hot = (lhs.idx[0] as { name: string }).name;
          this.docExplicit = true;
        } else if (lhs.idx.length === 1 && rhs.v === 1 && lhs.idx[0]!.k === 'num' && Number.isInteger(lhs.idx[0]!.v) && lhs.idx[0]!.v >= 1 && lhs.idx[0]!.v <= 12 && isTargetName(lhs.name) && !this.defs.has(defKey(lhs.name, 1))) {
          // "Suppose that $y_2 = 1$": the hot class is the second.
          this.docRegime.fixed.set(HOT_CLASS, lhs.idx[0]!.v);
          this.docExplicit = true;
        } else if (lhs.idx.length === 0 && !this.defs.has(defKey(lhs.name, 0))) this.docRegime.fixed.set(lhs.name, rhs.v);
        return;
      }
    }
    // (`∂L/∂b_i = δ_i` with δ_i defined as ∂L/∂z_i relates derivatives of L: a claim, see upstream.ts.)
    if (items.length === 2 && rels[0]!.rel === 'eq' && rhs && !upstreamLoss(lhs, rhs, this.defs) && this.statePartial(lhs, rhs)) {
      this.recent = null;
      // Shown as a step not read (a mark the user sees), never silence: it is taken as given.
      if (!this.dry && lhs.k === 'deriv' && lhs.f.k === 'sym') {
        this.stats.steps++;
        this.stats.unknown++;
        this.record(this.elem(items[1]!, span), 'not-read', `${lhs.f.name} is not defined in math: its stated derivative is taken as given`);
      }
      return;
    }
    if (rhs && rels[0]!.rel !== 'other') {
      const form = this.definitionForm(lhs, lead.text, rhs);
      if (form) {
        this.recent = null;
        this.closeChain();
        if (this.definable(form.lhs, form.rhs) !== 'skip') this.define(form.lhs, form.rhs);
        if (form.also && this.definable(form.also, form.rhs) === 'define') this.define(form.also, form.rhs);
        const rest = items.slice(1);
        if (rest.length > 1) this.startChain(rest.map((i) => this.elem(i, span)), row);
        return;
      }
    }
    const asFunction = rhs ? (this.functionOfExpression(lead.expr, rhs) ?? this.functionOfExpression(lhs, rhs)) : null;
    let definable = asFunction ? this.definable(asFunction.fn, asFunction.body) : this.definable(lhs, rhs);
    if (definable === 'restate') definable = rels[0]!.rel !== 'def' && rhs && this.restatementIsClaim(lhs, rhs) ? 'claim' : 'define';
    if (rels[0]!.rel === 'def' || definable === 'define') {
      this.recent = null;
      // `\\theta := \\theta - \\alpha \\nabla J`, `w_{t+1} = w_t - \\eta g`: an update rule (the name on both sides, with as
      // many indices), neither a definition nor a claim.
      if (rhs && lhs.k === 'sym' && someNode(rhs, (y) => y.k === 'sym' && y.name === lhs.name && y.idx.length === lhs.idx.length)) return;
      if (asFunction) this.define(asFunction.fn, asFunction.body);
      else if (rhs && rhs.k !== 'unknown') this.define(lhs, this.checkDefinitionIndex(lhs, rhs, this.elem(items[1]!, span), lead.text));
      // A scalar in matrix notation not readable yet (its vectors are defined further on): kept, read at
      // the section's start once every definition is known (`enterSection`); unread, it stays unread.
      else if (rhs && rhs.k === 'unknown' && rhs.matrix !== undefined && lhs.k === 'sym' && lhs.idx.length === 0 && this.dry) this.define(lhs, rhs);
      // `X = [x_1, x_2, ..., x_n]`, a list we cannot read: X's entries are named otherwise (steps with X are not read).
      else if (rhs && rhs.k === 'unknown' && rhs.matrix === undefined && lhs.k === 'sym' && lhs.idx.length === 0 && /^\s*(\\left\s*)?[[(]/.test(items[1]!.text) && /,/.test(items[1]!.text)) this.unreadableDefs.add(lhs.name);
      const rest = items.slice(1);
      if (rest.length > 1) this.startChain(rest.map((i) => this.elem(i, span)), row);
      return;
    }
    if (definable === 'skip') {
      this.recent = null;
      return;
    }
    const earlier = lead.expr.k === 'deriv' && THEREFORE.test(this.gapBefore) ? this.derivChains.get(latexKey(lead.text)) : undefined;
    if (earlier && earlier.section === this.section && earlier.defsVersion === this.defsVersion && earlier.chain.docRegimeKey === regimeSignature(this.docRegime) && !this.chain && !rowContradicts(row, earlier.chain.regime)) {
      // "Therefore ∂X/∂v = y" after a chain that started from the same ∂X/∂v in this section (with
      // other statements in between, none defining anything): y continues that chain, as if
      // written on its next row.
      this.derivChains.delete(latexKey(lead.text));
      this.chain = earlier.chain;
      this.chain.lastFlagged = false;
      for (const item of items.slice(1)) this.append(this.elem(item, span));
      return;
    }
    const recent = this.recentChain();
    if (recent && recent.section === this.section && recent.lhsKey === latexKey(lead.text) && !rowContradicts(row, recent.chain.regime)) {
      // The same left side stated again right after (`A = x` ⟹ `A = y`): y must equal x.
      this.recent = null;
      this.chain = recent.chain;
      this.chain.lastFlagged = false;
      for (const item of items.slice(1)) this.append(this.elem(item, span));
      return;
    }
    this.startChain(items.map((i) => this.elem(i, span)), row);
  }

  /** `\text{softmax}([1, 2, 3]) \approx [0.090, 0.245, 0.665]`: numeric examples on whole vectors (see `vectorExamples.ts`). */
  private checkVectorExamples(span: MathSpan): void {
    this.exampleResults = [];
    if (!/softmax|sigmoid|\\sigma/.test(span.tex)) return;
    for (const ex of vectorExamples(span.tex)) {
      this.exampleResults.push({ s: span.texOffset + ex.resultS, e: span.texOffset + ex.resultE });
      const elem: Elem = { expr: null, s: span.texOffset + ex.resultS, e: span.texOffset + ex.resultE, latex: span.tex.slice(ex.resultS, ex.resultE), tex: span.tex, texOffset: span.texOffset, blockS: span.offset, blockE: span.offset + span.length };
      this.stats.steps++;
      this.stats.checked++;
      this.record(elem, ex.holds ? 'holds' : 'fails');
      if (ex.holds) continue;
      this.findings.push({
        code: 'step-fails', severity: 'warning', message: MESSAGES.vectorExample,
        ...(ex.hint ? { hint: ex.hint } : {}),
        offset: elem.s, length: elem.e - elem.s, stepLatex: elem.latex, previousLatex: span.tex.slice(ex.s, ex.resultS),
        ...(ex.correct ? { correctLatex: ex.correct } : {}),
      });
    }
  }

  /** `recall = \frac{TP}{TP + FP}`: a metric defined by the counts must be the standard one (see `standard.ts`). */
  private checkMetric(lhs: Expr, lhsText: string, rest: Item[], span: MathSpan): void {
    if (this.dry) return;
    for (const item of rest) {
      if (!item.expr) continue;
      const elem = this.elem(item, span);
      const mismatch = checkStandardDefinition(lhs, item.expr, item.text, this.seed);
      if (!mismatch) continue;
      this.stats.checked++;
      this.findings.push({
        code: 'step-fails', severity: 'warning', message: MESSAGES.notStandard, hint: mismatch.hint,
        offset: elem.s, length: elem.e - elem.s, stepLatex: elem.latex, previousLatex: lhsText,
        correctLatex: mismatch.correctLatex,
      });
    }
  }

  /**
   * Definitions whose left side names what they depend on, read as the quantity they define:
   * - `L(\\mathbf p) = -\\sum_i y_i \\log p_i`, `J(\\theta) = …`: a quantity of a vector (the argument
   *   is indexed in the note or in the body), not a function of a scalar: it defines `L`;
   * - `y_i(z_i) = \\frac{e^{z_i}}{…}`: the component `y_i` written with its argument;
   * - `\\mathbf p = \\text{softmax}(\\mathbf x)`, `a = \\sigma(z)`: a whole vector, component by component.
   * Null when the statement is none of these.
   */
  private definitionForm(lhs: Expr, lhsText: string, rhs: Expr): { lhs: Expr; rhs: Expr; also?: Expr } | null {
    const vectorName = (name: string): boolean => this.letterIndexed.has(name);
    const tuple = lhs.k === 'sym' && lhs.idx.length === 0 ? /^([A-Za-z][A-Za-z0-9_ ]*?)\((.+)\)$/.exec(lhs.name) : null;
    if (tuple) {
      // `H(Y, \sigma(A)) = …`, `L(\hat y, y) = …`: the loss named with its arguments defines the loss
      // (`∂H/∂A_i` below means it), and the tuple as written.
      const base = tuple[1]!;
      if (this.definedHere(defKey(base, 0)) || mentions(rhs, base) || mentions(rhs, tuple[0])) return null;
      return { lhs: { k: 'sym', name: base, idx: [], s: lhs.s, e: lhs.e }, rhs, also: lhs };
    }
    if (lhs.k === 'call' && lhs.f.startsWith('fn:') && lhs.args.length === 1) {
      const arg = lhs.args[0]!;
      if (arg.k !== 'sym' || this.definedHere(defKey(lhs.f, 1))) return null;
      const indexedOnly = !someNode(rhs, (x) => x.k === 'sym' && x.name === arg.name && x.idx.length === 0) && someNode(rhs, (x) => x.k === 'sym' && x.name === arg.name && x.idx.length > 0);
      if (arg.idx.length === 0 && !vectorName(arg.name) && !indexedOnly) return null;
      const name = lhs.f.slice(3);
      if (name.endsWith("'") || mentions(rhs, name)) return null;
      // `h_θ(x^{(i)}) = …` after `h_θ(x) = …`: the function applied, not a new definition.
      if (this.definedHere(defKey(name, 0)) && (arg.idx.length > 0 || this.defs.has(defKey(lhs.f, 1)))) return null;
      // `h_θ(x) = \frac{1}{1 + e^{-\theta^T x}}`: the quantity, and the function of the vector x the note applies to other vectors (`h_θ(x^{(i)})`).
      const ofVector = arg.idx.length === 0 && this.sampleApplied.has(lhs.f) && someNode(rhs, (y) => y.k === 'sym' && y.name === arg.name && y.idx.length > 0 && !y.idx.some((i) => i.k === 'sym' && i.sup));
      return { lhs: { k: 'sym', name, idx: [], s: lhs.s, e: lhs.e }, rhs, ...(ofVector ? { also: lhs } : {}) };
    }
    if (lhs.k === 'mul' && lhs.fs.length === 2 && lhs.fs[0]!.k === 'sym' && lhs.fs[1]!.k === 'sym' && lhs.fs[0]!.idx.length === 0 && lhs.fs[1]!.idx.length === 0 && /^\s*\\?[A-Za-z]+\s*\(\s*\\?[A-Za-z]+\s*\)\s*$/.test(lhsText) && mentions(rhs, (lhs.fs[1] as { name: string }).name)) {
      // `p(z) = \frac{1}{1+e^{-z}}`: a function named by a letter we do not read as one; define it as a function.
      const [f, x] = lhs.fs as [Extract<Expr, { k: 'sym' }>, Extract<Expr, { k: 'sym' }>];
      return { lhs: { k: 'call', f: `fn:${f.name}`, args: [x], s: lhs.s, e: lhs.e }, rhs };
    }
    if (lhs.k === 'mul' && lhs.fs.length === 2 && lhs.fs[0]!.k === 'sym' && lhs.fs[1]!.k === 'sym' && lhs.fs[0]!.idx.length > 0) {
      const [a, b] = lhs.fs as [Extract<Expr, { k: 'sym' }>, Extract<Expr, { k: 'sym' }>];
      if (a.name === b.name || !/^[^(]*\(\s*[^()]*\)\s*$/.test(lhsText) || !/\(/.test(lhsText.slice(0, Math.max(0, b.s - lhs.s + 1)))) return null;
      return { lhs: a, rhs };
    }
    if (lhs.k === 'sym' && lhs.idx.length === 0 && rhs.k === 'matrix' && rhs.pattern !== undefined && rhs.rows.length === 1 && rhs.rows[0]!.length === 1) {
      // `X = [x_1, x_2, \dots, x_n]`: X's k-th entry is x_k (a vector written by its entries with another name;
      // `\mathbf z = (z_1, \dots, z_n)` only says z is a vector).
      const cell = rhs.rows[0]![0]!;
      if (mentions(cell, lhs.name) || NOT_QUANTITIES.has(lhs.name) || INDEX_LETTERS.has(lhs.name) || this.definedHere(defKey(lhs.name, 1))) return null;
      const at: Expr = { k: 'sym', name: VECTOR_INDEX, idx: [], s: rhs.s, e: rhs.e };
      const put = (y: Expr): Expr => (y.k === 'sym' && y.name === rhs.pattern && y.idx.length === 0 ? { ...at } : mapChildren(y, put));
      this.letterIndexed.add(lhs.name);
      return { lhs: { ...lhs, idx: [at] }, rhs: put(cell) };
    }
    if (lhs.k === 'sym' && lhs.idx.length === 0 && rhs.k === 'call' && rhs.args.length === 1 && ENTRYWISE.has(rhs.f)) {
      const u = rhs.args[0]!;
      // softmax of a bare name is a vector of its entries; `a = \sigma(z)` is one only when both are indexed somewhere.
      // (A softmax is a vector whatever the note writes later: `\\mathbf p = \\mathrm{softmax}(\\mathbf z)` in a note that never writes p_k.)
      if (u.k !== 'sym' || u.idx.length > 0 || (rhs.f !== 'softmax' && (!vectorName(lhs.name) || !vectorName(u.name))) || this.definedHere(defKey(lhs.name, 1))) return null;
      if (NOT_QUANTITIES.has(lhs.name) || INDEX_LETTERS.has(lhs.name) || NOT_QUANTITIES.has(u.name) || INDEX_LETTERS.has(u.name)) return null;
      // The argument is a vector too (its bare name means the whole vector, like an indexed name's), and so is the softmax.
      this.letterIndexed.add(u.name);
      this.letterIndexed.add(lhs.name);
      const at: Expr = { k: 'sym', name: VECTOR_INDEX, idx: [], s: u.s, e: u.e };
      return { lhs: { ...lhs, idx: [at] }, rhs: { ...rhs, args: [{ ...u, idx: [at] }] } };
    }
    return null;
  }

  /**
   * `\\frac{\\partial E}{\\partial q_i} = -\\frac{p_i}{q_i}` about a scalar E the note never defines in
   * math (the loss given in words): the statement is what the note knows of E, kept as its stated
   * partial derivative (`factKey`), and the chain rule through q is judged with it. Only the first
   * variable counts; a statement about another (`∂E/∂z_i = …`) is a claim, judged through it.
   */
  private statePartial(lhs: Expr, rhs: Expr): boolean {
    if (lhs.k !== 'deriv' || lhs.f.k !== 'sym' || lhs.f.idx.length !== 0) return false;
    const name = lhs.f.name;
    const w = lhs.wrt;
    if (NOT_QUANTITIES.has(name) || isTargetName(name) || name === SOFTMAX_SUM || this.defs.has(defKey(name, 0)) || this.defs.has(defKey(name, 1))) return false;
    if (w.k !== 'sym' || w.name === name || w.idx.length > 1 || (w.idx.length === 1 && !isBareIndex(w.idx[0]!))) return false;
    if (rhs.k === 'unknown' || mentions(rhs, name) || someNode(rhs, (y) => y.k === 'deriv' || y.k === 'unknown')) return false;
    // `\\frac{d\\sigma}{dz} = \\sigma(z)\\sigma(-z)`: a function written bare is a claim about it (bareFunction.ts), not a fact about an unknown quantity.
    const call = this.bareCallOf(name);
    if (call && (this.appliesTo(call, w.name) || someNode(rhs, (y) => y.k === 'call' && y.f === call))) return false;
    const key = factKey(name);
    if (this.defs.has(key) && !this.provisional.has(key)) return false;
    const params = w.idx.length === 1 ? [(w.idx[0] as { name: string }).name] : [];
    const free = new Set<string>();
    freeIndices(rhs, this.defs, free);
    if ([...free].some((f) => !params.includes(f))) return false;
    this.defsVersion++;
    this.defCount.set(key, (this.defCount.get(key) ?? 0) + 1);
    this.provisional.delete(key);
    this.placeDefinition(key, { name, params, fnParam: null, body: rhs, freeIndices: [], wrt: { name: w.name, arity: w.idx.length } });
    return true;
  }

  /** Records a definition with the block and the section that give it. */
  private placeDefinition(key: string, def: Definition): void {
    this.defs.set(key, def);
    this.defSpan.set(key, this.spanIndex);
    this.defSection.set(key, this.section);
  }

  /** Defined by a statement already read (not only known ahead from the reading walk). */
  private definedHere(key: string): boolean {
    return this.defs.has(key) && !this.provisional.has(key);
  }

  /**
   * `p_j = \\frac{e^{a_i}}{\\sum_k e^{a_k}}`: a component defined by an expression of another index
   * (the left index does not occur on the right, one other index does) cannot be meant as written.
   * It is flagged, and the definition is read with the index the left side names.
   */
  private checkDefinitionIndex(lhs: Expr, rhs: Expr, elem: Elem, lhsText: string): Expr {
    if (lhs.k !== 'sym' || lhs.idx.length !== 1 || !isBareIndex(lhs.idx[0]!)) return rhs;
    const own = (lhs.idx[0] as { name: string }).name;
    const free = new Set<string>();
    freeIndices(rhs, this.defs, free);
    const other = [...free].filter((x) => INDEX_LETTERS.has(x));
    if (free.has(own) || other.length !== 1 || free.size !== 1) return rhs;
    const wrong = other[0]!;
    if (!this.dry) {
      this.stats.steps++;
      this.stats.checked++;
      this.record(elem, 'fails');
      this.findings.push({
        code: 'step-fails', severity: 'warning', message: MESSAGES.indexMismatch,
        hint: `the left side is indexed by ${own}, the right side by ${wrong}; read as if it said ${own}`,
        offset: elem.s, length: elem.e - elem.s, stepLatex: elem.latex, previousLatex: lhsText,
        correctLatex: elem.latex.replace(new RegExp(`(_\\{?)${wrong}(?![A-Za-z])`, 'g'), `$1${own}`),
      });
    }
    return renameIndex(rhs, wrong, own);
  }

  private isAssumption(lhs: Expr, rhs: Expr): boolean {
    return isIndexPair(lhs, rhs) || (lhs.k === 'sym' && isConstant(rhs)) || (lhs.k === 'big' && rhs.k === 'num');
  }

  /**
   * `define` for a fresh symbol, `skip` for `x = x + …` updates, `restate` for a symbol an earlier
   * block defined (a new definition or a claim about the old one: `restatementIsClaim` decides).
   */
  /**
   * `f(\\theta^T x) = \\frac{1}{1 + e^{-\\theta^T x}}`, `h(w x + b) = …`: a function the note has not defined,
   * applied to an expression its value is written in, defines the function of one variable — when
   * nothing of the argument is left outside it and the note states nothing else of that function.
   */
  private functionOfExpression(written: Expr, rhs: Expr): { fn: Expr; body: Expr } | null {
    // (`f(\\theta^T x)`, in matrix notation as a whole, is the function applied to θᵀx.)
    const lhs = written.k === 'unknown' && written.matrix?.k === 'call' ? written.matrix : written;
    if (lhs.k !== 'call' || !lhs.f.startsWith('fn:') || lhs.args.length !== 1 || this.defs.has(defKey(lhs.f, 1))) return null;
    const arg = lhs.args[0]!;
    if ((arg.k === 'sym' && arg.idx.length === 0) || (arg.k === 'sym' && arg.idx.some((i) => i.k === 'sym' && i.sup)) || arg.k === 'unknown') return null;
    if ((this.fnStatements.get(lhs.f) ?? 0) > 1) return null;
    const names = new Set<string>();
    someNode(arg, (y) => {
      if (y.k === 'sym' && !INDEX_LETTERS.has(y.name)) names.add(y.name);
      return false;
    });
    if (names.size === 0) return null;
    const swapped = withParameter(lhs, rhs);
    if (!swapped || someNode(swapped.body, (y) => y.k === 'sym' && names.has(y.name))) return null;
    return swapped;
  }

  private definable(lhs: Expr, rhs: Expr | null): 'define' | 'claim' | 'skip' | 'restate' {
    let name: string;
    let arity: number;
    if (lhs.k === 'sym') {
      if (lhs.name === 'e' || (lhs.name === 'pi' && lhs.idx.length === 0)) return 'claim';
      const numbers = numberedEntry(lhs);
      if (numbers) {
        // `a_1 = \frac{e^{z_1}}{…}`: one entry defined by its number (an instance to check when the note defines a_i).
        if (!rhs || this.defs.has(defKey(lhs.name, lhs.idx.length))) return 'claim';
        const at = entryKey(lhs.name, numbers);
        // Stated more than once in the note (`x_1`, `x_2` as the nodes of each part's graph): a name reused, not an entry.
        if ((this.entryStatements.get(at) ?? 0) > 1) return 'claim';
        // Other entries may appear on the right (`x_2 = x_1 + c`), not this one or the vector itself.
        const self = someNode(rhs, (y) => y.k === 'sym' && y.name === lhs.name && entryKey(y.name, numberedEntry(y) ?? [-1]) === at) || someNode(rhs, (y) => y.k === 'sym' && y.name === lhs.name && numberedEntry(y) === null);
        if (self || this.dry || 'why' in sampleAll([rhs], this.input(cloneRegime(this.docRegime)))) {
          // Only a value that can be computed defines an entry (`x_1 = g_2(x_3)` names a node of a graph);
          // given a value we cannot compute, an earlier definition of the entry no longer holds.
          if (!this.dry && this.defs.has(at) && this.defSpan.get(at) !== this.spanIndex) {
            this.defs.delete(at);
            this.defsVersion++;
          }
          return 'claim';
        }
        // Stated again in the block that defined it, a claim; in a later block, a new definition (notes reuse x_1, x_2 for each part).
        return this.defs.has(at) && this.defSpan.get(at) === this.spanIndex ? 'claim' : 'define';
      }
      if (!lhs.idx.every((i) => i.k === 'sym' && i.idx.length === 0 && (INDEX_NAME.test(i.name) || i.name === VECTOR_INDEX))) return 'claim';
      const letters = lhs.idx.map((i) => (i as { name: string }).name);
      if (new Set(letters).size !== letters.length) return 'claim';
      name = lhs.name;
      arity = lhs.idx.length;
    } else if (lhs.k === 'call' && lhs.args.length === 1 && lhs.args[0]!.k === 'sym') {
      // `f(x) = …`, `\sigma(x) = …`: the note (re)defines a function; never a claim.
      // (`h(x^{(i)}) = …` of a function of a vector the note defined: the function applied, a claim.)
      if (lhs.args[0]!.idx.length > 0 && this.defs.has(defKey(lhs.f.startsWith('fn:') ? lhs.f : `fn:${lhs.f}`, 1)) && lhs.args[0]!.idx.every((i) => i.k === 'sym' && i.sup)) return 'claim';
      if (lhs.args[0]!.idx.length > 0 || (rhs && mentions(rhs, lhs.f))) return 'skip';
      if (!lhs.f.startsWith('fn:')) return 'claim';
      if (lhs.f.endsWith("'") && this.defs.has(defKey(lhs.f.replace(/'+$/, ''), 1))) return 'claim';
      return 'define';
    } else return 'claim';
    if (rhs && mentions(rhs, lhs.k === 'sym' ? lhs.name : name.slice(3)) && !(lhs.k === 'sym' && onlyAggregated(rhs, lhs.name, arity))) return lhs.k === 'sym' && this.defs.has(defKey(name, arity)) ? 'claim' : 'skip';
    const key = defKey(name, arity);
    if (!this.defs.has(key) || this.provisional.has(key)) return 'define';
    // Restating a symbol in the block that defined it is a claim; in a later block it may be either.
    return this.defSpan.get(key) === this.spanIndex ? 'claim' : 'restate';
  }

  /**
   * A symbol defined in an earlier block, stated again (`loss = …` after `loss = …`). Notes reuse
   * names for new quantities (`y = ax + b` … "for example" … `y = x² + 1`), so a restatement is a
   * new definition unless it plainly speaks about the old quantity and contradicts it:
   * - it mentions exactly the quantities the old definition mentions (nothing new, nothing dropped), and
   * - the two differ by a constant factor (a sign or a factor slipped while copying), or the
   *   restatement is in the same section and the symbol is a named quantity (`loss`, `MSE`, `L_{CE}`),
   *   which notes do not reuse for something else a few lines later (single letters they do).
   * A restatement that holds is a claim too (nothing to report, the old definition stays).
   */
  private restatementIsClaim(lhs: Expr, rhs: Expr): boolean {
    if (lhs.k !== 'sym' || rhs.k === 'unknown' || this.dry) return false;
    const key = defKey(lhs.name, lhs.idx.length);
    const old = this.defs.get(key);
    if (!old || old.fnParam !== null) return false;
    const before = symbolsOf(old.body, this.defs, false);
    const after = symbolsOf(rhs, this.defs, false);
    if (before.size === 0 || before.size !== after.size || [...after].some((s) => !before.has(s))) return false;
    // "Let", "we drop the factor", "令", "重新定义" …: the note says it is choosing a new definition.
    if (REDEFINING.test(this.gapBefore)) return false;
    const verdict = this.decideIn(lhs, rhs, cloneRegime(this.docRegime));
    if (verdict.kind === 'holds') return true;
    if (verdict.kind === 'unknown') return false;
    if (this.defSection.get(key) === this.section && isNamedQuantity(lhs.name)) return true;
    // Elsewhere only a flipped sign is surely a slip: a rescaled loss (dropping ½ or 1/N) is often deliberate.
    return constantRatio(verdict.points) === -1;
  }

  /** `byName`: the symbol names the value a chain ends with; it counts as a definition only when the note gives no other. */
  private define(lhs: Expr, rhs: Expr | null, byName = false): void {
    this.defsVersion++;
    // (A name given at a chain's end, `… = \\frac{e^{u_i}}{\\sum_j e^{u_j}} = y_i`, counts too: a note may name it after the derivation.)
    const counted = lhs.k === 'sym' ? defKey(lhs.name, lhs.idx.length) : lhs.k === 'call' && !byName ? defKey(lhs.f.startsWith('fn:') ? lhs.f : `fn:${lhs.f}`, 1) : null;
    if (counted) {
      this.defCount.set(counted, (this.defCount.get(counted) ?? 0) + 1);
      this.provisional.delete(counted);
      if (lhs.k === 'sym' && lhs.name === 'e') this.eVariable = true;
    }
    const body: Expr = rhs ?? { k: 'unknown', why: 'empty definition', s: lhs.s, e: lhs.e };
    let def: Definition;
    if (lhs.k === 'sym' && lhs.idx.length === 0 && !byName && !this.dry) {
      // `\mathcal{L}_{\text{CE}} = …` and then `∂L/∂\hat y`: the note's only loss named by its kind is
      // the L it differentiates, when the note defines no plain L.
      const kind = /^(.+)_(CE|ce|MSE|mse|BCE|bce|NLL|nll|KL|kl|loss)$/.exec(lhs.name);
      if (kind && !this.noteDefines.has(defKey(kind[1]!, 0)) && !this.defs.has(defKey(kind[1]!, 0)) && ![...this.noteDefines].some((k) => k !== defKey(lhs.name, 0) && k.startsWith(`${kind[1]!}_`))) {
        this.defs.set(defKey(kind[1]!, 0), { name: kind[1]!, params: [], fnParam: null, body, freeIndices: [] });
      }
    }
    if (lhs.k === 'sym' && lhs.idx.length === 0 && !byName && this.boldNames.has(lhs.name) && rhs && someNode(rhs, (y) => y.k === 'sym' && y.idx.length === 0 && this.matrixContext.isMatrix(y.name))) {
      // `\mathbf h = W \mathbf x + \mathbf b` with W a matrix of the note: a vector defined entry by entry, h_i = Σ_k W_{ik} x_k + b_i.
      const at: Expr = { k: 'sym', name: 'i', idx: [], s: lhs.s, e: lhs.e };
      const column = matrixColumn(rhs, this.matrixContext, at);
      if (column) {
        this.placeDefinition(defKey(lhs.name, 1), { name: lhs.name, params: ['i'], fnParam: null, body: column, freeIndices: [] });
        return;
      }
    }
    if (lhs.k === 'sym' && lhs.idx.length === 0 && !byName) {
      // `\mathbf p = \operatorname{softmax}(\mathbf z)`: a vector defined entry by entry (p_i = softmax(z)_i),
      // not a scalar. An entry-wise function (`a = \sigma(z)`) only of a vector the note defines by its
      // components: notes reuse letters, and `s = sigmoid(z)` beside an indexed z_i is usually a scalar.
      // (`definitionForm` reads the same spelling when the note indexes the name elsewhere and has not
      // defined its components; this one also restates components already defined, `p = softmax(u)`.)
      const f = body.k === 'call' && body.args.length === 1 && ENTRYWISE.has(body.f) ? body : null;
      const arg = f?.args[0];
      if (f && arg && arg.k === 'sym' && arg.idx.length === 0 && arg.name !== lhs.name && !this.defs.has(defKey(arg.name, 0)) && !NOT_QUANTITIES.has(arg.name) && !INDEX_LETTERS.has(arg.name) && (f.f === 'softmax' || this.defs.has(defKey(arg.name, 1)))) {
        const at: Expr = { k: 'sym', name: 'i', idx: [], s: arg.s, e: arg.e };
        this.placeDefinition(defKey(lhs.name, 1), { name: lhs.name, params: ['i'], fnParam: null, body: { ...f, args: [{ ...arg, idx: [at] }] }, freeIndices: [] });
        this.letterIndexed.add(arg.name);
        return;
      }
    }
    const numbered = lhs.k === 'sym' ? numberedEntry(lhs) : null;
    if (lhs.k === 'sym' && numbered) {
      this.placeDefinition(entryKey(lhs.name, numbered), { name: lhs.name, params: [], fnParam: null, body, freeIndices: [] });
      this.defs.set(entriesKey(lhs.name, numbered.length), { name: lhs.name, params: [], fnParam: null, body: { k: 'unknown', why: 'marker', s: lhs.s, e: lhs.e }, freeIndices: [] });
    } else if (lhs.k === 'sym') {
      const params = lhs.idx.map((i) => (i as { name: string }).name);
      def = { name: lhs.name, params, fnParam: null, body, freeIndices: [] };
      const free = new Set<string>();
      freeIndices(body, this.defs, free);
      def.freeIndices = [...free].filter((f) => !params.includes(f));
      this.placeDefinition(defKey(lhs.name, params.length), def);
      if (isTargetName(lhs.name)) this.defs.set(defKey(lhs.name, params.length), def);
    } else if (lhs.k === 'call') {
      const param = (lhs.args[0] as { name: string }).name;
      const fname = lhs.f.startsWith('fn:') ? lhs.f : `fn:${lhs.f}`;
      if (!mentions(body, param) && this.letterIndexed.has(param) && !this.defs.has(defKey(fname.slice(3), 0))) {
        // `L(z) = -\sum_k y_k \log p_k`: the argument only names what L depends on (through p); a function
        // whose body ignores its parameter is the quantity (then `\partial L(z) / \partial \mathbf z` is its gradient).
        this.placeDefinition(defKey(fname.slice(3), 0), { name: fname.slice(3), params: [], fnParam: null, body, freeIndices: [] });
        return;
      }
      def = { name: fname, params: [], fnParam: param, body, freeIndices: [] };
      this.defs.set(defKey(fname, 1), def);
    }
  }

  private startChain(elems: Elem[], row: Row): void {
    const regime = cloneRegime(this.docRegime);
    let explicit = this.docExplicit;
    for (const c of row.conds) {
      if (isIndexPair(c.a, c.b) && c.a.k === 'sym' && c.b.k === 'sym' && (c.rel === 'eq' || c.rel === 'ne')) {
        setPair(regime, c.a.name, c.b.name, c.rel === 'eq');
        explicit = true;
      }
    }
    regime.logit = this.logitOf(elems[0]?.expr ?? null);
    this.chainCount++;
    this.chain = { elems: [], regime, explicit, broken: false, lastFlagged: false, hiddenDependency: false, seed: (this.seed + this.chainCount * 2654435761) >>> 0, docRegimeKey: regimeSignature(this.docRegime) };
    const start = elems[0]?.expr;
    if (this.dry) {
      for (const e of elems) this.append(e);
      return;
    }
    const opaqueName = start && start.k === 'deriv' && start.f.k === 'sym' && !this.defs.has(defKey(start.f.name, start.f.idx.length));
    if (start && start.k === 'deriv' && !opaqueName) {
      const probe = sampleAll([start], this.input(regime));
      if ('why' in probe && /does not mention the variable/.test(probe.why)) {
        // `\partial L / \partial \mathbf z` mentions the variable component by component.
        const alias = this.logitAlias([start]);
        const readings = [componentwise(this.quantitiesNamed(start), this.isVector), alias ? renameVector(start, alias.from, alias.to) : null, this.indexAsLogit(start)];
        if (alias) readings.push(componentwise(readings[1]!, this.isVector));
        const readable = readings.some((x) => x && !('why' in sampleAll([x], this.input(regime))));
        if (!readable) this.chain.hiddenDependency = true;
      }
    }
    for (const e of elems) this.append(e);
  }

  /** The logits of a chain: the vector it differentiates by, if the note exponentiates it, else the note's only exponentiated vector. */
  private logitOf(start: Expr | null): string | null {
    if (start && start.k === 'deriv' && start.wrt.k === 'sym' && this.logitNames.has(start.wrt.name)) return start.wrt.name;
    return this.logitNames.size === 1 ? [...this.logitNames][0]! : null;
  }

  /** The decision input; decisions about one chain share its seed (and so its points and cached values). */
  private input(regime: Regime): DecideInput {
    this.decisions++;
    const seed = this.chain?.seed ?? (this.seed + this.decisions * 2654435761) >>> 0;
    const work = { left: PER_DECISION_WORK };
    this.issued.push(work);
    return { defs: this.defs, regime, seed, work, cache: this.pointCache, defsVersion: this.defsVersion };
  }

  private decideIn(a: Expr, b: Expr, regime: Regime, known?: Set<string>): Verdict {
    const input = this.input(regime);
    return decide(a, b, known ? { ...input, known } : input);
  }

  /** The one logit vector the note has, when `f` is a function of it (through the definitions). */
  private readonly onlyLogitOf = (f: Expr): string | null => {
    if (this.logitNames.size !== 1) return null;
    const logit = [...this.logitNames][0]!;
    return symbolsOf(f, this.defs, false).has(`${logit}/1`) ? logit : null;
  };

  /** A name the note gives a value, a definition or a role (logit, target, a fact stated about it). */
  private readonly isQuantity = (name: string): boolean => {
    if (this.logitNames.has(name) || isTargetName(name) || this.docRegime.fixed.has(name)) return true;
    for (let n = 0; n <= 3; n++) if (this.defs.has(defKey(name, n)) || this.defs.has(entriesKey(name, n))) return true;
    return this.defs.has(defKey(`fn:${name}`, 1)) || this.defs.has(factKey(name));
  };

  /**
   * A name the note uses as a vector: defined by its components (`p_i = …`) and not as a scalar,
   * or never defined but indexed with a letter somewhere (`y_k`). Its bare form is the whole vector.
   */
  private readonly isVector = (name: string): boolean => {
    if (NOT_QUANTITIES.has(name) || INDEX_LETTERS.has(name) || this.defs.has(defKey(name, 0)) || this.defs.has(defKey(`fn:${name}`, 1))) return false;
    if (this.docRegime.fixed.has(name)) return false;
    if (this.defs.has(defKey(name, 1)) || this.defs.has(entriesKey(name, 1))) return true;
    return !this.defs.has(defKey(name, 2)) && this.letterIndexed.has(name);
  };

  /**
   * A note that defines σ as a quantity (`\\sigma = \\frac{1}{1+e^{-x}}`) writes `\\sigma (1 - \\sigma)` for a
   * product, which the parser reads as σ applied to (1 − σ): a failing link that holds with every
   * such σ(u) read as σ·u is not a failure.
   */
  private holdsAsProducts(a: Expr, b: Expr, chain: Chain): boolean {
    const regime = chain.regime;
    if (chain.bare) {
      // A chain of a function written bare: `\\sigma(1 - \\sigma)` may be a product (bareFunction.ts).
      const pa = asProducts(a, chain.bare);
      const pb = asProducts(b, chain.bare);
      if (!(sameShape(pa, a) && sameShape(pb, b)) && this.decideIn(pa, pb, regime).kind === 'holds') return true;
    }
    if (!this.defs.has(defKey('sigma', 0))) return false;
    const swap = (x: Expr): Expr => {
      const y = mapChildren(x, swap);
      return y.k === 'call' && y.f === 'sigmoid' && y.args.length === 1 ? { k: 'mul', fs: [{ k: 'sym', name: 'sigma', idx: [], s: y.s, e: y.s }, y.args[0]!], s: y.s, e: y.e } : y;
    };
    const ra = swap(a);
    const rb = swap(b);
    if (sameShape(ra, a) && sameShape(rb, b)) return false;
    return this.decideIn(ra, rb, regime).kind === 'holds';
  }

  /**
   * `\\frac{\\partial \\hat x_i}{\\partial x_i} = \\frac{1}{\\sqrt{\\sigma^2 + \\epsilon}}` with μ and σ² defined
   * from x: in a computation graph ∂ often means the direct (local) partial, the other named inputs
   * of the node held fixed. A link that fails with every ∂ total but holds with each ∂ of a node by
   * one of its direct inputs read as the local partial holds (it is a reading of the notation).
   */
  private holdsAsDirectPartials(a: Expr, b: Expr, chain: Chain, defs = this.defs): boolean {
    let changed = false;
    const defined = (y: Expr): boolean => y.k === 'sym' && (defs.has(defKey(y.name, y.idx.length)) || defs.has(entriesKey(y.name, y.idx.length)));
    const mark = (x: Expr): Expr => {
      const y = mapChildren(x, mark);
      if (y.k !== 'deriv' || y.wrt.k !== 'sym' || y.direct) return y;
      const wrt = y.wrt;
      const body = y.f.k === 'sym' ? defs.get(defKey(y.f.name, y.f.idx.length))?.body : y.f;
      if (!body) return y;
      // The variable written in the node's own formula, beside a named quantity the formula is built from.
      const direct = someNode(body, (u) => u.k === 'sym' && u.name === wrt.name && u.idx.length === wrt.idx.length);
      const through = someNode(body, (u) => u !== body && defined(u) && !(u.k === 'sym' && u.name === wrt.name));
      if (!direct || !through) return y;
      changed = true;
      return { ...y, direct: true };
    };
    const ra = mark(a);
    const rb = mark(b);
    if (!changed) return false;
    if (defs === this.defs) return this.decideIn(ra, rb, chain.regime).kind === 'holds';
    return decide(ra, rb, { ...this.input(chain.regime), defs, cache: undefined }).kind === 'holds';
  }

  /**
   * `∂L/∂w = ∂L/∂a · σ'(z) x` with L never defined: L read as an arbitrary function of the quantities
   * it is differentiated by (see `upstream.ts`). Fails only when it fails with each ∂ read as the
   * total and as the direct partial; null when the reading does not apply or cannot be judged.
   */
  private upstreamReading(chain: Chain, a: Expr, b: Expr, known: Set<string>): Verdict | null {
    const loss = upstreamLoss(a, b, this.defs);
    if (!loss) return null;
    const defs = new Map(this.defs);
    defs.set(defKey(loss.name, 0), loss.def);
    // What the previous side mentions through L's reading is known (∂L/∂w now reads a, z, x, b).
    known = new Set([...known, ...symbolsOf(a, defs, true)]);
    const v = decide(a, b, { ...this.input(chain.regime), defs, known, cache: undefined });
    if (v.kind !== 'fails') return v.kind === 'holds' ? v : null;
    return this.holdsAsDirectPartials(a, b, chain, defs) ? { kind: 'holds', points: [] } : v;
  }

  /** The free index letters of `x` (following the note's definitions). */
  private readonly freeOf = (x: Expr): string[] => {
    const out = new Set<string>();
    freeIndices(x, this.defs, out);
    return [...out].filter((l) => INDEX_LETTERS.has(l));
  };

  /** `decideIn`, and when the plain reading is not read, the other readings of the link (`linkReadings`). */
  private decideComponentwise(a: Expr, b: Expr, regime: Regime, known?: Set<string>): Verdict {
    const plain = this.decideIn(a, b, regime, known);
    if (plain.kind !== 'unknown') return plain;
    for (const reading of this.linkReadings(a, b)) {
      let v = this.decideIn(reading.a, reading.b, regime, known);
      if (v.kind === 'fails' && reading.alts) v = this.otherReadings(v, reading.alts, regime, known ?? new Set());
      if (v.kind !== 'unknown') return v;
    }
    return plain;
  }

  /**
   * A vector of a worked example fixes the vector length to its entries 1…m (n = 3 for three; entries
   * given one by one count as they come); examples of two lengths fix none.
   */
  private exampleLength(name: string): void {
    let m = 0;
    while (this.defs.has(entryKey(name, [m + 1]))) m++;
    if (m === 0) return;
    this.exampleLengths.set(name, m);
    if (this.lengthConflict) return;
    const lengths = new Set(this.exampleLengths.values());
    if (lengths.size === 1) this.docRegime.fixed.set('n', m);
    else {
      this.docRegime.fixed.delete('n');
      this.lengthConflict = true;
    }
  }

  /**
   * `p - y \\approx [-0.341, 0.242, 0.099]`, `-\\log p_1 \\approx -\\log(0.659)`: an approximation in a worked
   * example, judged to the precision written. The right side is numbers with a decimal; the left side is
   * determined by the example (the same value at every random point: the note gave all its numbers), so
   * `e^x \\approx 1 + x` stays an approximation, never judged.
   */
  private exampleApprox(a: Expr | null, b: Expr | null): boolean {
    if (!a || !b || this.dry) return false;
    const decimal = (x: Expr): boolean => someNode(x, (y) => y.k === 'num' && (y.decimals ?? 0) > 0);
    let cells: Expr[] | null = null;
    if (b.k === 'matrix' && !b.pattern) {
      const written = b.rows.flat();
      if (!written.every((c) => isNumericOnly(c)) || !written.some(decimal)) return false;
      const rows = b.rows.length;
      const cols = b.rows[0]?.length ?? 0;
      if (a.k === 'matrix') cells = a.rows.flat();
      else if (rows === 1 || cols === 1) {
        const comps: Expr[] = [];
        for (let t = 1; t <= rows * cols; t++) {
          const c = componentAt(a, this.isVector, t);
          if (!c) break;
          comps.push(c);
        }
        cells = comps.length === rows * cols ? comps : null;
      }
      if (!cells) cells = matrixCellReadings(a, rows, cols, this.matrixContext).find((r) => r !== null)?.flat() ?? null;
      if (!cells || cells.length !== rows * cols) return false;
    } else {
      if (!isNumericOnly(b) || !decimal(b)) return false;
      cells = [a];
    }
    const regime = cloneRegime(this.docRegime);
    for (const c of cells) {
      const r = sampleAll([c], this.input(regime));
      if ('why' in r) return false;
      const v = r.values[0]!;
      if (v.length === 0 || !v.every((x) => Number.isFinite(x) && Math.abs(x - v[0]!) <= 1e-12 * Math.max(1, Math.abs(x)))) return false;
    }
    return true;
  }

  /**
   * `\\mathbf p = \\begin{bmatrix} 0.7 \\\\ 0.2 \\\\ 0.1 \\end{bmatrix}`, `z = [2, 1, 0.1]`: a vector of a worked example,
   * written out in numbers, defines its entries p_1, p_2, p_3 (then `\\mathbf p - \\mathbf y` is read entry
   * by entry): 'defined'. For a vector the note defines entry by entry (p_i = …), the values are a
   * claim about it: 'claim'. Otherwise null.
   */
  private defineNumericVector(lhs: Expr, rhs: Expr | null): 'defined' | 'claim' | null {
    if (lhs.k !== 'sym' || lhs.idx.length > 0 || !rhs || rhs.k !== 'matrix' || rhs.pattern) return null;
    const cells = rhs.rows.length === 1 ? rhs.rows[0]! : rhs.rows.every((r) => r.length === 1) ? rhs.rows.map((r) => r[0]!) : null;
    if (!cells || cells.length < 2 || cells.length > 64) return null;
    if (!cells.every((c) => isNumericOnly(c))) return null;
    if (this.definedHere(defKey(lhs.name, 1))) return 'claim';
    if (this.definedHere(defKey(lhs.name, 0)) || this.docRegime.fixed.has(lhs.name)) return null;
    for (let n = 0; n < cells.length; n++) {
      if (this.defs.has(entryKey(lhs.name, [n + 1])) && this.defSpan.get(entryKey(lhs.name, [n + 1])) === this.spanIndex) return null;
    }
    this.defsVersion++;
    cells.forEach((c, n) => this.placeDefinition(entryKey(lhs.name, [n + 1]), { name: lhs.name, params: [], fnParam: null, body: c, freeIndices: [] }));
    this.exampleLength(lhs.name);
    // (The marker says the entries are all there are: `evaluate` reads no others.)
    this.defs.set(entriesKey(lhs.name, 1), { name: `${lhs.name}#numbers`, params: [], fnParam: null, body: { k: 'unknown', why: 'marker', s: lhs.s, e: lhs.e }, freeIndices: [] });
    this.recent = null;
    return 'defined';
  }

  /**
   * `from = to` where `to` is a matrix whose every cell is an entry of one name written by its number
   * (`a_1`, `\hat y_2`) that the note has not defined, and `from` a matrix of the same shape that does
   * not mention that name: each entry is defined as its cell of `from`. Returns whether it did.
   */
  private defineEntriesBy(from: Expr | null, to: Expr | null): boolean {
    if (!from || !to || from.k !== 'matrix' || to.k !== 'matrix' || from.pattern || to.pattern) return false;
    if (from.rows.length !== to.rows.length || from.rows.some((r, n) => r.length !== to.rows[n]!.length)) return false;
    const cells = to.rows.flat();
    const first = cells[0];
    if (!first || first.k !== 'sym' || cells.length < 2) return false;
    const name = first.name;
    const numbers: number[][] = [];
    for (const c of cells) {
      const n = c.k === 'sym' && c.name === name ? numberedEntry(c) : null;
      if (!n || n.length !== first.idx.length) return false;
      if (this.defs.has(entryKey(name, n))) return false;
      numbers.push(n);
    }
    if (this.defs.has(defKey(name, first.idx.length)) || new Set(numbers.map((n) => n.join(','))).size !== numbers.length) return false;
    const sources = from.rows.flat();
    if (sources.some((c) => c.k === 'unknown' || mentions(c, name))) return false;
    cells.forEach((c, n) => this.define(c, sources[n]!));
    return true;
  }

  /**
   * A note that uses `e` as a variable (`\frac{d}{de}`, `f(e) = …`) and also writes `e^{-x^2}`: the
   * bare `e` is the variable and `e^{…}` most likely the exponential, but `e^{…}` may be a power of the
   * variable (`e^2` surely is). Holds when it holds under one reading (`e^{number}` a power and the
   * rest exponentials, all exponentials, all powers); fails only when it fails under each; null (not
   * read) otherwise.
   */
  private eVariableReading(chain: Chain, a: Expr, b: Expr): { verdict: Verdict; a: Expr; b: Expr } | null {
    const variable = (x: Expr): Expr => {
      const y = mapChildren(x, variable);
      return y.k === 'sym' && y.name === 'e' && y.idx.length === 0 ? { ...y, name: E_VARIABLE } : y;
    };
    // `e^{…}` as a power of the variable: every one, or only those with a number for exponent (`e^{-e^2/2}`).
    const power = (only: boolean) => (x: Expr): Expr => {
      const y = mapChildren(x, power(only));
      const p = y.k === 'call' && y.f === 'exp' && y.args.length === 1 && (!only || y.args[0]!.k === 'num');
      return p ? { k: 'pow', b: { k: 'sym', name: E_VARIABLE, idx: [], s: y.s, e: y.s }, x: (y as { args: Expr[] }).args[0]!, s: y.s, e: y.e } : y;
    };
    let failed: { verdict: Verdict; a: Expr; b: Expr } | null = null;
    for (const read of [power(true), (x: Expr) => x, power(false)]) {
      const ra = read(variable(a));
      const rb = read(variable(b));
      const v = this.decideIn(ra, rb, chain.regime);
      if (v.kind === 'holds') return { verdict: v, a: ra, b: rb };
      if (v.kind === 'unknown') return null;
      failed ??= { verdict: v, a: ra, b: rb };
    }
    return failed;
  }

  /**
   * Matrix algebra on one side, a matrix written out on the other: each convention's cells are judged;
   * holds when every cell holds under one convention, fails only when each convention that gives the
   * written shape has a failing cell (the first one's is reported).
   */
  private matrixAgainstCells(a: Expr, b: Expr, regime: Regime, known: Set<string>): { verdict: Verdict; a: Expr; b: Expr; note: string } | null {
    const [written, algebra, writtenFirst] = b.k === 'matrix' && !b.pattern ? [b, a, false] : a.k === 'matrix' && !a.pattern ? [a, b, true] : [null, null, false];
    if (!written || !algebra || written.k !== 'matrix') return null;
    const rows = written.rows.length;
    const cols = written.rows[0]?.length ?? 0;
    if (rows === 0 || cols === 0 || written.rows.some((r) => r.length !== cols) || rows * cols > 100) return null;
    const readings = matrixCellReadings(algebra, rows, cols, this.matrixContext);
    if (readings.length === 0) return null;
    let failure: { verdict: Verdict; a: Expr; b: Expr; note: string } | null = null;
    const n = Math.max(rows, cols);
    const sized = this.docRegime.fixed.has('n') ? regime : { ...cloneRegime(regime), fixed: new Map([...regime.fixed, ['n', n]]) };
    let applicable = 0;
    for (const cells of readings) {
      // A convention in which the algebra has another shape (p p^T a number when vectors are rows) does not apply.
      if (!cells) continue;
      applicable++;
      let failed: { verdict: Verdict; a: Expr; b: Expr; note: string } | null = null;
      let all = true;
      for (let r = 0; r < rows && !failed; r++) {
        for (let c = 0; c < cols && !failed; c++) {
          const x = cells[r]![c]!;
          const y = written.rows[r]![c]!;
          const [ca, cb] = writtenFirst ? [y, x] : [x, y];
          const v = this.decideIn(ca, cb, sized, new Set([...known, ...symbolsOf(ca, this.defs, true)]));
          if (v.kind === 'fails') failed = { verdict: v, a: ca, b: cb, note: rows * cols > 1 ? `entry (${r + 1}, ${c + 1})` : '' };
          else if (v.kind !== 'holds') all = false;
        }
      }
      if (!failed && all) return { verdict: { kind: 'holds', points: [] }, a, b, note: '' };
      if (!failed) return null;
      failure ??= failed;
    }
    return applicable > 0 ? failure : null;
  }

  /**
   * A prime on a group whose variable is not one scalar (`(e^{z_j})'`, `(\sum_k e^{z_k})'`) inside a
   * chain that differentiates by a written variable: the prime is read as the derivative by the
   * chain's variable (its start's) or by the one a step before writes (`\frac{\partial}{\partial x_i}(…)`).
   * Holds when it holds under one of them; fails only when it fails under each.
   */
  private primeAsChainVariable(chain: Chain, k: number, a: Expr, b: Expr): Verdict | null {
    const candidates: Expr[] = [];
    const add = (x: Expr | null | undefined): void => {
      if (x && x.k === 'deriv' && x.wrt.k === 'sym' && x.wrt.name !== IMPLICIT_VARIABLE && !candidates.some((c) => sameShape(c, x.wrt))) candidates.push(x.wrt);
    };
    for (let j = 0; j < k; j++) add(chain.elems[j]?.expr);
    if (candidates.length === 0) return null;
    const implicitBy = (x: Expr, v: Expr): Expr => {
      const y = mapChildren(x, (z) => implicitBy(z, v));
      return y.k === 'deriv' && y.wrt.k === 'sym' && y.wrt.name === IMPLICIT_VARIABLE && someNode(y.f, (n) => n.k === 'sym' && v.k === 'sym' && n.name === v.name) ? { ...y, wrt: v } : y;
    };
    let failed: Verdict | null = null;
    for (const v of candidates) {
      const ra = implicitBy(a, v);
      const rb = implicitBy(b, v);
      if (sameShape(ra, a) && sameShape(rb, b)) return null;
      const verdict = this.decideIn(ra, rb, chain.regime, this.knownBefore(chain, k));
      if (verdict.kind === 'holds') return verdict;
      if (verdict.kind === 'unknown') return null;
      failed ??= verdict;
    }
    return failed;
  }

  /**
   * A link that holds by the chain rule (`chainRule.ts`): products of derivatives joined, and the
   * derivatives that cannot be computed named as unknowns. Only a hold is taken.
   */
  private chainRuleReading(a0: Expr, b0: Expr, regime: Regime): Verdict | null {
    const ca = contractChains(a0, this.readsOther);
    const cb = contractChains(b0, this.readsOther);
    const cannot = (d: Expr): boolean => 'why' in sampleAll([d], this.input(regime));
    const oa = opaqueDerivatives(ca.expr, cannot);
    const ob = opaqueDerivatives(cb.expr, cannot);
    if (!oa || !ob || ca.joined + cb.joined + oa.named + ob.named === 0) return null;
    const v = this.decideIn(oa.expr, ob.expr, regime);
    if (v.kind === 'holds') return v;
    // `∂C/∂Z = ∂C/∂A · A(1 - A)` with A = σ(Z) defined: the left side through the intermediate the right names.
    const ea = this.throughIntermediate(ca.expr, cb.expr);
    const eb = ea ? null : this.throughIntermediate(cb.expr, ca.expr);
    if (!ea && !eb) return null;
    const xa = opaqueDerivatives(ea ?? ca.expr, cannot);
    const xb = opaqueDerivatives(eb ?? cb.expr, cannot);
    if (!xa || !xb) return null;
    const w = this.decideIn(xa.expr, xb.expr, regime);
    return w.kind === 'holds' ? w : null;
  }

  /**
   * `side` is one derivative ∂f/∂x of an undefined f, and `other` names ∂f/∂u for a u the note defines
   * through x: `side` as ∂f/∂u · ∂u/∂x (the chain rule through u), or null.
   */
  private throughIntermediate(side: Expr, other: Expr): Expr | null {
    if (side.k !== 'deriv' || side.f.k !== 'sym' || side.wrt.k !== 'sym' || this.defs.has(defKey(side.f.name, side.f.idx.length))) return null;
    const f = side.f;
    const x = side.wrt;
    let via: Expr | null = null;
    someNode(other, (y) => {
      if (y.k !== 'deriv' || y.f.k !== 'sym' || y.f.name !== f.name || y.f.idx.length !== f.idx.length || y.wrt.k !== 'sym' || sameShape(y.wrt, x)) return false;
      const u = y.wrt;
      const def = this.defs.get(defKey(u.name, u.idx.length));
      if (!def || def.fnParam !== null || u.idx.length > 0 || x.idx.length > 0 || !someNode(def.body, (z) => z.k === 'sym' && z.name === x.name)) return false;
      via = y;
      return true;
    });
    if (!via) return null;
    const u = (via as Extract<Expr, { k: 'deriv' }>).wrt;
    return { k: 'mul', fs: [via, { k: 'deriv', f: u, wrt: x, s: side.s, e: side.e }], s: side.s, e: side.e };
  }

  /** Does `f` read a symbol named `name` other than through `u`, following the note's definitions? */
  private readonly readsOther = (f: Expr, u: Expr, name: string): boolean => {
    const through = u.k === 'sym' ? u.name : null;
    const seen = new Set<Definition>();
    const stack: Expr[] = [f];
    let found = false;
    for (let guard = 0; stack.length > 0 && guard < 20_000 && !found; guard++) {
      const cur = stack.pop()!;
      someNode(cur, (y) => {
        if (y.k === 'sym') {
          if (y.name === through) return false;
          if (y.name === name) return (found = true);
          const def = this.defs.get(defKey(y.name, y.idx.length));
          if (def && !seen.has(def)) {
            seen.add(def);
            stack.push(def.body);
          }
        } else if (y.k === 'call') {
          const def = this.defs.get(defKey(y.f.startsWith('fn:') ? y.f : `fn:${y.f}`, 1)) ?? (y.f.startsWith('fn:') ? this.defs.get(defKey(y.f.slice(3), 0)) : undefined);
          if (def && !seen.has(def)) {
            seen.add(def);
            stack.push(def.body);
          }
        }
        return false;
      });
    }
    return found;
  };

  /** Whether the note applies function `call` to the bare variable `v` (`collectApplied`). */
  private readonly appliesTo = (call: string, v: string): boolean => this.applied.has(appliedKey(call, v));

  /** The call a bare symbol stands for when it names a one-argument function and no quantity. */
  private readonly bareCallOf = (name: string): string | null => {
    if (this.defs.has(defKey(name, 0)) || this.defs.has(defKey(name, 1)) || this.defs.has(defKey(name, 2))) return null;
    if (name === 'sigma') return 'sigmoid';
    return this.defs.has(defKey(`fn:${name}`, 1)) ? `fn:${name}` : null;
  };

  /**
   * Other readings of a link the plain reading could not read, in order:
   * - vector notation component by component (`componentwise.ts`);
   * - the logits renamed: the note defines its softmax with one vector (`p_j = e^{a_j}/…`) and then
   *   differentiates by another it never defines, exponentiates or relates (`∂L/∂o_i`): that other
   *   vector is read as the logits (only when the link does not mention the logits themselves);
   * - both.
   */
  private linkReadings(a0: Expr, b0: Expr): LinkReading[] {
    const out: LinkReading[] = [];
    const a = this.quantitiesNamed(a0);
    const b = this.quantitiesNamed(b0);
    const cw = componentwisePair(a, b, this.isVector, this.freeOf);
    if (cw) out.push(cw);
    const alias = this.logitAlias([a, b]);
    if (alias) {
      const ra = renameVector(a, alias.from, alias.to);
      const rb = renameVector(b, alias.from, alias.to);
      out.push({ a: ra, b: rb });
      const both = componentwisePair(ra, rb, this.isVector, this.freeOf);
      if (both) out.push(both);
    }
    // `\partial_j p_i`: an index letter as the variable is the j-th logit of the note's only logit vector.
    const ia = this.indexAsLogit(a);
    const ib = this.indexAsLogit(b);
    if (ia !== a || ib !== b) out.push({ a: ia, b: ib });
    const [mw, ...alts] = matrixwiseReadings(a, b, this.matrixContext);
    if (mw) out.push({ ...mw, alts, entrywise: true });
    return out;
  }

  /**
   * The single-sample shorthand (`简化上式为 n=1 的情况`, "for one example"): the note defines a_i, z_i
   * and writes the chain with a, z, x bare. Read every such bare name as the entry at one index
   * (a for a_1, x for x_1), the same for all. Only when nothing the link reaches sums over entries
   * (a loss that is a sum over samples would make a per-sample gradient a different quantity): then
   * a link that fails in this reading fails; otherwise null.
   */
  private oneSampleReading(a: Expr, b: Expr, regime: Regime, known: Set<string>): { verdict: Verdict; names: string[] } | null {
    const names = new Set<string>();
    let sums = false;
    const seen = new Set<Definition>();
    const visit = (x: Expr): void => {
      someNode(x, (y) => {
        if (y.k === 'big') sums = true;
        if (y.k !== 'sym') return false;
        if (y.idx.length === 0) {
          const own = this.defs.get(defKey(y.name, 0));
          if (own) {
            if (own.fnParam === null && !seen.has(own)) {
              seen.add(own);
              visit(own.body);
            }
          } else if (this.defs.has(defKey(y.name, 1)) && !this.defs.has(defKey(y.name, 2))) names.add(y.name);
          else if (this.letterIndexed.has(y.name) && !NOT_QUANTITIES.has(y.name) && !INDEX_LETTERS.has(y.name)) names.add(y.name);
        } else {
          const def = this.defs.get(defKey(y.name, y.idx.length));
          if (def && def.fnParam === null && !seen.has(def)) {
            seen.add(def);
            visit(def.body);
          }
        }
        return false;
      });
    };
    visit(a);
    visit(b);
    if (sums || names.size === 0) return null;
    const v = this.decideIn(a, b, { ...cloneRegime(regime), oneSample: names }, known);
    return v.kind === 'unknown' ? null : { verdict: v, names: [...names].sort() };
  }

  /** Derivatives by a bare index letter (`\partial_j`) as derivatives by that entry of the note's only logit vector. */
  private indexAsLogit(x: Expr): Expr {
    const names = this.logitNames.size === 1 ? this.logitNames : this.exponentiated;
    if (names.size !== 1) return x;
    const z = [...names][0]!;
    const put = (y: Expr): Expr => {
      const c = mapChildren(y, put);
      if (c.k !== 'deriv' || c.wrt.k !== 'sym' || c.wrt.idx.length > 0 || !INDEX_LETTERS.has(c.wrt.name)) return c;
      return { ...c, wrt: { k: 'sym', name: z, idx: [{ ...c.wrt }], s: c.wrt.s, e: c.wrt.e } };
    };
    return put(x);
  }

  /**
   * `L(\mathbf z)` where the note defines the quantity L and no function L: the argument only names
   * what L depends on, so the readings by components see the quantity L (the evaluator does the same).
   */
  private quantitiesNamed(x: Expr): Expr {
    const y = mapChildren(x, (c) => this.quantitiesNamed(c));
    if (y.k !== 'call' || !y.f.startsWith('fn:') || !y.args.every((u) => u.k === 'sym' && u.idx.length === 0)) return y;
    const name = y.f.slice(3);
    if (!this.defs.has(defKey(name, 0)) || this.defs.has(defKey(y.f, 1))) return y;
    return { k: 'sym', name, idx: [], s: y.s, e: y.e };
  }

  private readonly matrixContext: MatrixContext & { isMatrix: (name: string) => boolean } = {
    // In a note with matrices, a bold lower-case name is a vector (`X \\boldsymbol\\theta`).
    isVector: (name: string): boolean => !this.matrixContext.isMatrix(name) && (this.isVector(name) || (this.matrixLetters.size > 0 && this.boldNames.has(name) && !this.defs.has(defKey(name, 0)) && !this.docRegime.fixed.has(name))),
    sampleVector: (name: string): boolean => this.sampleVectors.has(name),
    vectorFunction: (f: string): boolean => {
      const def = this.defs.get(defKey(f.startsWith('fn:') ? f : `fn:${f}`, 1));
      return !!def && def.fnParam !== null && someNode(def.body, (y) => y.k === 'sym' && y.name === def.fnParam && y.idx.length > 0);
    },
    isDefined: (name: string): boolean => this.defs.has(defKey(name, 0)) || this.defs.has(defKey(name, 1)) || this.defs.has(defKey(name, 2)),
    isMatrix: (name: string): boolean => this.matrixLetters.has(name) && !this.defs.has(defKey(name, 0)) && !this.defs.has(defKey(name, 1)) && !this.defs.has(defKey(`fn:${name}`, 1)),
  };

  /**
   * Matrix notation read one way fails (`matrixwise.ts`): the link fails only when every other
   * reading (Jacobian layout, vectors as rows) fails too; one that holds makes it hold, one that
   * cannot be read keeps it silent.
   */
  private otherReadings(first: Verdict, alts: { a: Expr; b: Expr }[], regime: Regime, known: Set<string>): Verdict {
    for (const alt of alts) {
      const v = this.decideIn(alt.a, alt.b, regime, new Set([...known, ...symbolsOf(alt.a, this.defs, true)]));
      if (v.kind === 'holds') return v;
      if (v.kind === 'unknown') return { kind: 'unknown', why: 'the matrix notation fails in one reading and cannot be read in another' };
    }
    return first;
  }

  /** See `linkReadings`: the vector the expressions differentiate by that stands for the note's only logits. */
  private logitAlias(xs: Expr[]): { from: string; to: string } | null {
    if (this.logitNames.size !== 1) return null;
    const to = [...this.logitNames][0]!;
    const by = new Set<string>();
    for (const x of xs) {
      someNode(x, (y) => {
        if (y.k === 'deriv' && y.wrt.k === 'sym' && y.wrt.idx.length <= 1) by.add(y.wrt.name);
        return false;
      });
    }
    by.delete(to);
    // Derivatives by defined quantities (`∂\log p_k / ∂p_k`) are not the renamed logits.
    for (const name of [...by]) if (this.defs.has(defKey(name, 0)) || this.defs.has(defKey(name, 1))) by.delete(name);
    if (by.size !== 1) return null;
    const from = [...by][0]!;
    if (this.logitNames.has(from) || this.dependents.has(from)) return null;
    if (NOT_QUANTITIES.has(from) || INDEX_LETTERS.has(from) || isTargetName(from) || xs.some((x) => mentions(x, to))) return null;
    // The logits' own definitions must not mention the other vector (then the plain reading applies).
    for (const def of this.defs.values()) if (mentions(def.body, from)) return null;
    return { from, to };
  }

  /** Every symbol the chain mentioned before element `k` (inside derivatives too). */
  private knownBefore(chain: Chain, k: number): Set<string> {
    const known = new Set<string>();
    for (const e of chain.elems.slice(0, k)) if (e.expr) for (const s of symbolsOf(e.expr, this.defs, true)) known.add(s);
    return known;
  }

  /** Results of the numeric vector examples of the current span (markdown offsets): judged there, not again as links. */
  private exampleResults: { s: number; e: number }[] = [];

  private record(elem: Elem, verdict: StepVerdictKind, reason?: string): void {
    if (verdict === 'not-read' && this.exampleResults.some((r) => elem.s < r.e && elem.e > r.s)) return;
    if (verdict === 'not-read' && this.chain && reason && UNBOUND_REASONS.test(reason)) {
      const k = this.chain.elems.indexOf(elem);
      if (k > 0) (this.chain.unread ??= new Set()).add(k);
    }
    this.steps.push({ verdict, offset: elem.s, length: elem.e - elem.s, blockOffset: elem.blockS, blockLength: elem.blockE - elem.blockS, ...(reason ? { reason } : {}) });
  }

  private append(given: Elem): void {
    const chain = this.chain;
    if (!chain) return;
    if (given.expr === null) return;
    if (!this.dry && chain.elems.length === 0) {
      const bare = bareFunctionOf(given.expr, this.bareCallOf, this.appliesTo);
      if (bare) chain.bare = bare;
    }
    const operated = someNode(given.expr, (y) => y.k === 'deriv') ? derivativeOperators(given.expr, this.isQuantity, this.onlyLogitOf) : given.expr;
    const elem = chain.bare ? { ...given, expr: withArgument(operated, chain.bare) } : { ...given, expr: operated };
    chain.elems.push(elem);
    if (this.dry) return;
    const k = chain.elems.length - 1;
    if (k === 0) return;
    if (k === 1) this.stats.chains++;
    let prev = chain.elems[k - 1]!;
    const start = chain.elems[0]!;
    chain.lastFlagged = false;
    // A numeric example on a whole vector (`softmax([1, 2, 3]) ≈ […]`) is judged as one (vectorExamples.ts), not again as a link.
    if (this.exampleResults.some((r) => elem.s < r.e && elem.e > r.s)) return;
    this.stats.steps++;
    let eRead: { verdict: Verdict; a: Expr; b: Expr } | null = null;
    if (this.eVariable && (usesE(prev.expr!) || usesE(elem.expr))) {
      eRead = this.eVariableReading(chain, prev.expr!, elem.expr);
      if (!eRead) {
        this.stats.unknown++;
        this.record(elem, 'not-read', 'the note uses e as a variable, so e^x may not be the exponential');
        return;
      }
    }
    this.adoptHotClass(chain, prev.expr!, elem.expr);
    if (chain.unreliable) {
      this.stats.unknown++;
      this.record(elem, 'not-read', chain.unreliable);
      return;
    }
    if (chain.assumedCase && hasCaseSplit(elem.expr)) this.revisitAssumedCase(chain);
    const hidden = [...this.unreadableDefs].find((name) => !this.isQuantity(name) && (mentions(prev.expr!, name) || mentions(elem.expr, name)));
    if (hidden) {
      this.stats.unknown++;
      this.record(elem, 'not-read', `${hidden} is defined in a way that cannot be read`);
      return;
    }
    if (k === 1) {
      const op = operatorOnLeftOnly(prev.expr!, elem.expr, this.isQuantity, mentions);
      if (op) {
        this.stats.unknown++;
        this.record(elem, 'not-read', `${op} is applied to a quantity on the left only: an operator the note does not define`);
        return;
      }
    }
    let verdict = eRead?.verdict ?? this.decideIn(prev.expr!, elem.expr, chain.regime, this.knownBefore(chain, k));
    // The step before could not be read: judge this one against the last step that could, and
    // underline both (the mistake is in one of them).
    let underlineFrom = elem.s;
    if (verdict.kind === 'unknown' && verdict.unreadable === 0 && k >= 2) {
      const base = this.bridgeOver(chain, k);
      if (base) {
        const bridged = this.decideIn(base.expr!, elem.expr, chain.regime, this.knownBefore(chain, k));
        if (bridged.kind !== 'unknown') {
          underlineFrom = prev.s;
          prev = base;
          verdict = bridged;
        }
      }
    }
    if (verdict.kind === 'unknown' && DEPENDENCE_REASONS.test(verdict.why)) verdict = this.dependenceReadings(chain, prev.expr!, elem.expr, this.knownBefore(chain, k)) ?? verdict;
    if (verdict.kind === 'unknown' && /does not mention the variable/.test(verdict.why)) verdict = this.upstreamReading(chain, prev.expr!, elem.expr, this.knownBefore(chain, k)) ?? verdict;
    if (verdict.kind === 'fails' && underlineFrom === elem.s && chain.unread?.has(k - 1)) {
      // The step before was not read (it brought in what we cannot bind): it is no ground for a
      // failure. Judge against the last element that was read; if that cannot be done, stay silent.
      let j = k - 2;
      while (j > 0 && chain.unread.has(j)) j--;
      const base = chain.elems[j]!;
      const bridged = base.expr ? this.decideIn(base.expr, elem.expr, chain.regime, this.knownBefore(chain, k)) : null;
      if (bridged && bridged.kind !== 'unknown') {
        // Failing against both, the mistake is in this step: only it is underlined.
        prev = base;
        verdict = bridged;
      } else verdict = { kind: 'unknown', why: 'the step before could not be read' };
    }
    // Vector notation (`\nabla_{\mathbf z} L = \mathbf p - \mathbf y`) not read as written: read it component by component.
    let a: Expr = eRead?.a ?? prev.expr!;
    let b: Expr = eRead?.b ?? elem.expr;
    if (verdict.kind === 'unknown') {
      const known = this.knownBefore(chain, k);
      for (const reading of this.linkReadings(a, b)) {
        // Read entry by entry, what the previous side's entry mentions is known (its vectors as components).
        const seen = reading.entrywise ? new Set([...known, ...symbolsOf(reading.a, this.defs, true)]) : known;
        let v = this.decideIn(reading.a, reading.b, chain.regime, seen);
        if (v.kind === 'unknown' && DEPENDENCE_REASONS.test(v.why)) v = this.dependenceReadings(chain, reading.a, reading.b, seen) ?? v;
        if (v.kind === 'fails' && reading.alts) v = this.otherReadings(v, reading.alts, chain.regime, known);
        if (v.kind !== 'unknown') {
          verdict = v;
          a = reading.a;
          b = reading.b;
          break;
        }
      }
    }
    let oneSampleNote = '';
    if (verdict.kind === 'unknown' && /without the index it was defined with/.test(verdict.why)) {
      // `a` written bare where the note defines `a_i` (its n = 1 simplification): a link that holds
      // whatever that `a` is, holds; one that fails says nothing (the index may have been dropped).
      const bare = (x: Expr): Expr => {
        const y = mapChildren(x, bare);
        return y.k === 'sym' && y.idx.length === 0 && (this.defs.has(defKey(y.name, 1)) || this.defs.has(defKey(y.name, 2))) && !this.defs.has(defKey(y.name, 0)) ? { ...y, name: `${y.name}#bare` } : y;
      };
      const free = this.decideIn(bare(a), bare(b), chain.regime);
      if (free.kind === 'holds') verdict = free;
      else {
        const one = this.oneSampleReading(a, b, chain.regime, this.knownBefore(chain, k));
        if (one) {
          verdict = one.verdict;
          // (The hints re-evaluate under the chain's own reading: the note says which reading failed instead.)
          if (one.verdict.kind === 'fails') oneSampleNote = `read for one sample (${one.names.slice(0, 3).map((x) => `${x} as ${x}_1`).join(', ')})`;
        }
      }
    }
    // Matrices on both sides (`\begin{bmatrix}…\end{bmatrix} = …`): judged cell by cell.
    let cellNote = '';
    // Judged cell by cell: a reading adopted after a failure must hold in every cell, not only the failing one.
    let cellPairs: { a: Expr; b: Expr; regime: Regime }[] | null = null;
    if (verdict.kind === 'unknown') {
      const found = cellwisePairs(a, b, this.isVector);
      if (found && !(found.length !== null && chain.regime.fixed.has('n') && chain.regime.fixed.get('n') !== found.length)) {
        const cells = found.cells;
        const known = this.knownBefore(chain, k);
        // A matrix written out entry by entry fixes the vector length.
        const regime = found.length === null ? chain.regime : { ...cloneRegime(chain.regime), fixed: new Map([...chain.regime.fixed, ['n', found.length]]) };
        let undecided = false;
        let held = 0;
        cellPairs = cells.map((c) => ({ a: c.a, b: c.b, regime }));
        for (const cell of cells) {
          // What the previous step's cell mentions is known (its vector written out as entries).
          const cellKnown = new Set([...known, ...symbolsOf(cell.a, this.defs, true)]);
          const v = this.decideIn(cell.a, cell.b, regime, cellKnown);
          if (v.kind === 'fails') {
            verdict = v;
            a = cell.a;
            b = cell.b;
            cellNote = cells.length > 1 ? `entry (${cell.row}, ${cell.col})` : '';
            break;
          }
          if (v.kind === 'holds') held++;
          else undecided = true;
        }
        if (verdict.kind === 'unknown' && !undecided && held === cells.length) verdict = { kind: 'holds', points: [] };
        else if (verdict.kind === 'unknown') verdict = { kind: 'unknown', why: 'a matrix entry that cannot be read' };
      }
    }
    if (verdict.kind === 'unknown') {
      // `\\operatorname{diag}(\\mathbf p) - \\mathbf p \\mathbf p^\\top = \\begin{bmatrix} 0.21 & … \\end{bmatrix}`: matrix algebra met cell by cell.
      const cells = this.matrixAgainstCells(a, b, chain.regime, this.knownBefore(chain, k));
      if (cells) {
        verdict = cells.verdict;
        if (cells.verdict.kind === 'fails') {
          a = cells.a;
          b = cells.b;
          cellNote = cells.note;
        }
      }
    }
    if (verdict.kind === 'unknown' && /differential operator with no single variable/.test(verdict.why)) {
      // `(\frac{e^{z_j}}{\sum_k e^{z_k}})'` in a chain that differentiates by z_j: the prime is that derivative.
      verdict = this.primeAsChainVariable(chain, k, prev.expr!, elem.expr) ?? verdict;
    }
    if (verdict.kind === 'unknown') {
      // The chain rule written symbolically (`∂J/∂w = ∂J/∂θ · ∂θ/∂w`): seen to hold, never to fail.
      const held = this.chainRuleReading(prev.expr!, elem.expr, chain.regime);
      if (held) verdict = held;
    }
    const everyCell = (holds: (x: Expr, y: Expr, regime: Regime) => boolean): boolean => (cellPairs ? cellPairs.every((c) => holds(c.a, c.b, c.regime)) : holds(a, b, chain.regime));
    const holdsUnder = (r: Regime) => (x: Expr, y: Expr, cellRegime: Regime): boolean => this.decideIn(x, y, cellPairs ? { ...cloneRegime(r), fixed: new Map([...r.fixed, ...cellRegime.fixed]) } : r).kind === 'holds';
    if (verdict.kind === 'fails' && !chain.explicit) {
      const found = this.lenientRegime(chain, a, b);
      const adopted = found && (!cellPairs || everyCell(holdsUnder(found))) ? found : null;
      if (adopted) {
        if (adopted.hot !== chain.regime.hot) chain.assumedHot = true;
        chain.assumedCase = { before: cloneRegime(chain.regime), links: [] };
        chain.regime = adopted;
        chain.explicit = true;
        verdict = { kind: 'holds', points: [] };
      }
    }
    if (verdict.kind === 'fails') {
      // Other readings of the note's symbols: a vector it never defines may be a distribution (sums to one).
      const found = this.otherReading(chain, a, b);
      const reading = found && (!cellPairs || everyCell(holdsUnder(found))) ? found : null;
      if (reading) {
        chain.regime = reading;
        verdict = { kind: 'holds', points: [] };
      }
    }
    if (verdict.kind === 'fails' && everyCell((x, y) => this.holdsAsProducts(x, y, chain))) verdict = { kind: 'holds', points: [] };
    if (verdict.kind === 'fails' && everyCell((x, y) => this.holdsAsDirectPartials(x, y, chain))) {
      verdict = { kind: 'holds', points: [] };
      chain.local = true;
    }
    if (verdict.kind === 'fails' && isZero(b) && k === chain.elems.length - 1) {
      // `\frac{dJ}{dw} = 0`, `-2X^T y + 2X^T X w = 0`: an equation to solve (a condition), not an identity.
      verdict = { kind: 'unknown', why: 'an equation set to zero is a condition to solve, not an identity' };
    }
    if (verdict.kind === 'unknown') {
      this.stats.unknown++;
      this.record(elem, 'not-read', verdict.why);
      if (this.showUnchecked) {
        this.findings.push({ code: 'not-checked', severity: 'information', message: `Not checked: ${verdict.why}`, offset: elem.s, length: elem.e - elem.s, stepLatex: elem.latex, previousLatex: prev.latex });
      }
      return;
    }
    // (A hidden dependency is about what the chain's derivative means: a link with no derivative on either side, `p - y = [0.659, -0.758, 0.099]`, is judged on its own.)
    const hiddenHere = chain.hiddenDependency && [a, b].some((x) => someNode(x, (y) => y.k === 'deriv'));
    if (verdict.kind === 'fails' && (hiddenHere || (this.einstein && (hasRepeatedIndex(a, this.defs) || hasRepeatedIndex(b, this.defs))) || this.namesUnreadIntermediate(a, chain.elems[0]?.expr ?? null) || this.namesUnreadIntermediate(b, chain.elems[0]?.expr ?? null))) {
      this.stats.unknown++;
      this.record(elem, 'not-read', 'the note relates these quantities in a way that cannot be seen');
      return;
    }
    this.stats.checked++;
    this.record(elem, verdict.kind === 'holds' ? 'holds' : 'fails');
    if (chain.assumedCase && verdict.kind === 'holds' && underlineFrom === elem.s) chain.assumedCase.links.push(k);
    if (verdict.kind === 'holds') return;
    if (chain.broken && k >= 2 && start.expr) {
      const again = this.decideComponentwise(start.expr, elem.expr, chain.regime);
      if (again.kind === 'holds') {
        chain.broken = false;
        const hint = hintFor(a, b, verdict, chain.regime, this.defs, prev.tex, (r) => this.input(r));
        this.findings.push({
          code: 'agrees-again', severity: 'warning', message: MESSAGES.agreesAgain,
          ...(hint ? { hint } : {}),
          offset: this.stepStart(elem.s), length: elem.e - this.stepStart(elem.s), stepLatex: elem.latex, previousLatex: prev.latex,
          counterexample: counterexampleOf(verdict.bad, a),
        });
        return;
      }
    }
    chain.broken = true;
    chain.lastFlagged = true;
    const bridged = underlineFrom !== elem.s;
    const found = isNumericOnly(a) && isNumericOnly(b)
      ? `the value is ${numericText(verdict.bad.a)}, not ${numericText(verdict.bad.b)}`
      : oneSampleNote || hintFor(a, b, verdict, chain.regime, this.defs, prev.tex, (r) => this.input(r));
    const located = cellNote ? `${cellNote}${found ? `: ${found}` : ''}` : found;
    const hint = bridged ? `${located ? `${located}; ` : ''}${BRIDGED_HINT}` : located;
    const correct = this.correctFor(chain);
    this.findings.push({
      code: 'step-fails', severity: 'warning', message: MESSAGES.stepFails,
      ...(hint ? { hint } : {}),
      offset: this.stepStart(underlineFrom), length: elem.e - this.stepStart(underlineFrom), stepLatex: bridged ? this.markdown.slice(underlineFrom, elem.e) : elem.latex, previousLatex: prev.latex,
      ...(correct ? { correctLatex: correct } : {}),
      counterexample: counterexampleOf(verdict.bad, a),
    });
  }

  /**
   * The element to judge element `k` against when element k−1 cannot be evaluated (notation we do
   * not read, like `g'h` for a quotient rule): element k−2 (if it cannot be evaluated either, the
   * bridged decision is unknown too). Only one unreadable step is bridged, and only inside one
   * chain, so the two underlined steps are next to each other.
   */
  private bridgeOver(chain: Chain, k: number): Elem | null {
    const base = chain.elems[k - 2]!;
    return base.expr ? base : null;
  }

  /**
   * With a one-hot target (`y`, `t` …) and no hot class stated, an index letter that the chain's
   * start does not have and a step brings in (`δ_{ic}`, `\\log p_c`) can only be the target's class:
   * it is adopted as the hot class for the rest of the chain.
   */
  private adoptHotClass(chain: Chain, prev: Expr, cur: Expr): void {
    if (chain.regime.hot !== null && !chain.assumedHot) return;
    const start = chain.elems[0]!.expr;
    if (!start) return;
    const have = new Set(collectIndices([start], this.defs));
    const fresh = collectIndices([prev, cur], this.defs).filter((x) => !have.has(x) && !chain.regime.pairs.some((p) => p.a === x || p.b === x));
    if (fresh.length !== 1) return;
    const exprs = [start, prev, cur, ...[...this.defs.values()].map((d) => d.body)];
    const oneHot = exprs.some((x) => someNode(x, (y) => y.k === 'sym' && y.idx.length === 1 && isTargetName(y.name) && !chain.regime.variables.has(y.name) && !chain.regime.normalized.has(y.name)));
    if (!oneHot) return;
    if (chain.assumedHot) {
      // An earlier step held only by assuming the class was another index: judge it again with the class the note names.
      chain.assumedHot = false;
      if (chain.regime.hot === fresh[0] || !chain.assumedCase) return;
      chain.assumedCase.before = { ...cloneRegime(chain.assumedCase.before), hot: fresh[0]! };
      this.revisitAssumedCase(chain, `holds only if the target's class is another index, but the chain names it ${fresh[0]}`);
      return;
    }
    chain.regime.hot = fresh[0]!;
  }

  /**
   * A step about vectors the note differentiates but never defines (`∂p_k/∂o_i` with p undefined):
   * it holds when it holds under the generic reading (p depends on o in any way) or under a reading
   * the note names (p = softmax(o), p = sigmoid(o)); it fails only when it fails under the generic
   * reading and under every named one tried. Null when no dependent vector is involved or nothing
   * can be said (no function named: a failure under the generic reading alone is not certain).
   */
  private dependenceReadings(chain: Chain, prev: Expr, cur: Expr, known: Set<string>): Verdict | null {
    const involved = new Map<string, string>();
    for (const x of [prev, cur]) {
      someNode(x, (y) => {
        if (y.k === 'sym' && y.idx.length === 1) {
          const on = this.dependents.get(y.name);
          if (on) involved.set(y.name, on);
        }
        return false;
      });
    }
    if (involved.size === 0) return null;
    const lengths = chain.regime.fixed.has('n') ? [] : this.lengthsWritten(chain, [prev, cur]);
    // Under these readings `∂p_i/∂z_j` speaks about p: a step after it that writes p_i is not new
    // notation (only when the step before differentiates p itself; `e_i' = e_i` names nothing we know).
    const differentiated = [...involved.keys()].filter((name) => someNode(prev, (y) => y.k === 'deriv' && y.f.k === 'sym' && y.f.name === name && y.f.idx.length === 1));
    const knownHere = new Set([...known, ...differentiated.map((name) => `${name}/1`)]);
    const under = (kind: 'generic' | 'softmax' | 'sigmoid'): Verdict => {
      const r = cloneRegime(chain.regime);
      r.dependence = { kind, on: involved };
      let v = this.decideIn(prev, cur, r, knownHere);
      // The note may fix the length by writing the entries out (`e^{z_1} + e^{z_2} + e^{z_3}`).
      for (const n of lengths) {
        if (v.kind !== 'fails') break;
        const rn = cloneRegime(r);
        rn.fixed.set('n', n);
        const w = this.decideIn(prev, cur, rn, knownHere);
        if (w.kind !== 'fails') v = w;
      }
      return v;
    };
    const generic = under('generic');
    if (generic.kind === 'holds') return generic;
    const named: ('softmax' | 'sigmoid')[] = [...(this.namesSoftmax ? ['softmax' as const] : []), ...(this.namesSigmoid ? ['sigmoid' as const] : [])];
    if (named.length === 0) return null;
    let last: Verdict | null = null;
    let undecided = generic.kind !== 'fails';
    for (const kind of named) {
      const v = under(kind);
      if (v.kind === 'holds') return v;
      if (v.kind !== 'fails') undecided = true;
      last = v;
    }
    // A failure is certain only when every reading was judged and failed.
    if (undecided) return null;
    if (last && last.kind === 'fails') chain.regime = { ...cloneRegime(chain.regime), dependence: { kind: named[named.length - 1]!, on: involved } };
    return last;
  }

  /**
   * Where a flagged step starts: its right side, or the `=` before it when the right side begins on
   * a later line (`\\frac{∂p_j}{∂a_j} = ⏎ \\begin{cases}…`): the step is the line the `=` is on.
   */
  private stepStart(s: number): number {
    let i = s;
    let crossed = false;
    for (let guard = 0; guard < 4; guard++) {
      while (i > 0 && /\s/.test(this.markdown[i - 1]!)) {
        if (this.markdown[i - 1] === '\n') crossed = true;
        i--;
      }
      const open = /\\begin\{[a-zA-Z*]+\}$|\\left[([{.]$|\\left\\\{$/.exec(this.markdown.slice(Math.max(0, i - 24), i));
      if (!open) break;
      i -= open[0].length;
    }
    if (!crossed) return s;
    // Skip an `\\begin{…}` that opens the right side, then expect the relation.
    const before = this.markdown.slice(Math.max(0, i - 40), i);
    const m = /(=|&=|=&)\s*$/.exec(before);
    return m ? i - m[0].length + m[0].indexOf('=') : s;
  }

  /**
   * A chain held by assuming a case (i = j) later spells out both cases itself (`δ_ij`, `cases`): the
   * chain is general, so the links judged under the assumption are judged again without it, and the
   * first that fails is flagged ("holds only when i = j").
   */
  private revisitAssumedCase(chain: Chain, why = 'holds only in one case, but the chain goes on to write both (δ_ij)'): void {
    const { before, links } = chain.assumedCase!;
    chain.assumedCase = undefined;
    chain.regime = before;
    chain.explicit = false;
    for (const k of links) {
      const prev = chain.elems[k - 1]!;
      const elem = chain.elems[k]!;
      if (!prev.expr || !elem.expr) continue;
      const verdict = this.decideIn(prev.expr, elem.expr, before, this.knownBefore(chain, k));
      if (verdict.kind !== 'fails') continue;
      const found = hintFor(prev.expr, elem.expr, verdict, before, this.defs, prev.tex, (r) => this.input(r));
      const step = this.steps.find((x) => x.offset === elem.s && x.verdict === 'holds');
      if (step) step.verdict = 'fails';
      chain.broken = true;
      const correct = this.correctFor(chain);
      this.findings.push({
        code: 'step-fails', severity: 'warning', message: MESSAGES.stepFails,
        hint: found ?? why,
        offset: this.stepStart(elem.s), length: elem.e - this.stepStart(elem.s), stepLatex: elem.latex, previousLatex: prev.latex,
        ...(correct ? { correctLatex: correct } : {}),
        counterexample: counterexampleOf(verdict.bad, prev.expr),
      });
      return;
    }
  }

  /** The correct result of the chain's start, computed once per chain. */
  private correctFor(chain: Chain): string | undefined {
    if (chain.correct === undefined) {
      const start = chain.elems[0]!.expr;
      chain.correct = (start ? correctResultFor(start, this.defs, chain.regime, (r) => this.input(r)) : undefined) ?? null;
    }
    return chain.correct ?? undefined;
  }

  /** With no stated case, a chain may silently be about i = j (or i ≠ j, or the target's class): adopt the case where it holds. */
  /**
   * A reading of the chain's undefined vectors under which the failing step holds: a vector that is
   * neither defined nor differentiated by (a target `p`, `y`, `t`) may be a distribution whose
   * entries sum to one. The reading is adopted for the rest of the chain; null when none helps.
   */
  private otherReading(chain: Chain, prev: Expr, cur: Expr): Regime | null {
    const names = new Set<string>();
    for (const e of chain.elems) {
      if (!e.expr) continue;
      someNode(e.expr, (x) => {
        if (x.k === 'sym' && x.idx.length === 1 && !this.defs.has(defKey(x.name, 1)) && !chain.regime.variables.has(x.name) && !chain.regime.normalized.has(x.name)) names.add(x.name);
        return false;
      });
    }
    const bounds = this.lengthsWritten(chain, [prev, cur]);
    const readings: Regime[] = [];
    if (!chain.regime.sigmaSoftmax && [prev, cur].some(indexedSigmoid)) {
      // `\\sigma(A_k)` in a note about softmax: σ may name the softmax component, not the logistic function.
      const r = cloneRegime(chain.regime);
      r.sigmaSoftmax = true;
      readings.push(r);
    }
    for (const name of [...names].sort().slice(0, 4)) {
      const r = cloneRegime(chain.regime);
      r.normalized.add(name);
      readings.push(r);
    }
    // `y^{(n)}_k`, `y_{nk}`: a target with a sample index and a class index, one-hot along either.
    if ([prev, cur, ...chain.elems.map((e) => e.expr)].some((x) => x && someNode(x, (y) => y.k === 'sym' && y.idx.length === 2 && isTargetName(y.name)))) {
      for (const axis of [0, 1] as const) readings.push({ ...cloneRegime(chain.regime), hotAxis: axis });
    }
    if (!chain.regime.fixed.has('n')) {
      for (const n of [...bounds].sort((a, b) => a - b).slice(0, 2)) {
        const r = cloneRegime(chain.regime);
        r.fixed.set('n', n);
        readings.push(r);
      }
    }
    const start = chain.elems[0]!.expr;
    for (const r of readings) {
      if (this.decideIn(prev, cur, r).kind !== 'holds') continue;
      if (chain.elems.length > 2 && start && this.decideIn(start, prev, r).kind === 'fails') continue;
      return r;
    }
    return null;
  }

  /**
   * Vector lengths the chain itself writes: a sum with a number as its bound (`\\sum_{j=1}^3`), or
   * the entries written out one by one (`e^{z_1} + e^{z_2} + e^{z_3}`: the largest numbered entry).
   */
  private lengthsWritten(chain: Chain, extra: Expr[]): number[] {
    const bounds = new Set<number>();
    let largest = 0;
    for (const x of [...chain.elems.map((e) => e.expr), ...extra]) {
      if (!x) continue;
      someNode(x, (y) => {
        if (y.k === 'big' && y.hi?.k === 'num' && Number.isInteger(y.hi.v) && y.hi.v >= 2 && y.hi.v <= 12 && (!y.lo || (y.lo.k === 'num' && y.lo.v === 1))) bounds.add(y.hi.v);
        if (y.k === 'sym' && y.idx.length === 1 && y.idx[0]!.k === 'num' && Number.isInteger(y.idx[0]!.v) && y.idx[0]!.v <= 12) largest = Math.max(largest, y.idx[0]!.v);
        return false;
      });
    }
    if (largest >= 2) bounds.add(largest);
    return [...bounds].sort((a, b) => a - b).slice(0, 2);
  }

  private lenientRegime(chain: Chain, prev: Expr, cur: Expr): Regime | null {
    const exprs = chain.elems.map((e) => e.expr).filter((x): x is Expr => x !== null);
    // A chain that spells out both cases itself (δ_ij, 1_{i=j}, cases) is general: no case to adopt.
    if (exprs.some((x) => hasCaseSplit(x))) return null;
    const names = collectIndices(exprs, this.defs);
    const written = chain.elems[0]!.expr ? collectIndices([chain.elems[0]!.expr], new Map()) : [];
    const candidates: Regime[] = [];
    for (let a = 0; a < names.length; a++) {
      for (let b = a + 1; b < names.length; b++) {
        // Only a case of two indices the chain starts from (∂s_i/∂a_j) can be silently assumed.
        if (!written.includes(names[a]!) || !written.includes(names[b]!)) continue;
        for (const eq of [true, false]) {
          const r = cloneRegime(chain.regime);
          setPair(r, names[a]!, names[b]!, eq);
          candidates.push(r);
        }
      }
      if (chain.regime.hot === null) {
        const r = cloneRegime(chain.regime);
        r.hot = names[a]!;
        candidates.push(r);
      }
    }
    const start = chain.elems[0]!.expr;
    for (const r of candidates.slice(0, 12)) {
      if (this.decideIn(prev, cur, r).kind !== 'holds') continue;
      if (chain.elems.length > 2 && start && this.decideIn(start, prev, r).kind === 'fails') continue;
      return r;
    }
    return null;
  }

  private closeChain(): void {
    const chain = this.chain;
    if (!chain) return;
    try {
      this.finishChain(chain);
    } finally {
      this.chain = null;
    }
  }

  /** The final result against the true derivative of the chain's start. */
  private finishChain(chain: Chain): void {
    if (chain.elems.length < 2 || this.dry) return;
    this.recent = { chain, lhsKey: latexKey(chain.elems[0]!.latex), section: this.section };
    if (chain.elems[0]!.expr?.k === 'deriv') {
      if (this.derivChains.size > 200) this.derivChains.clear();
      this.derivChains.set(latexKey(chain.elems[0]!.latex), { chain, section: this.section, defsVersion: this.defsVersion });
    }
    const start = chain.elems[0]!;
    const last = chain.elems[chain.elems.length - 1]!;
    if (!start.expr || start.expr.k !== 'deriv' || !last.expr || chain.lastFlagged) return;
    // `\\frac{dJ}{dw} = 2(w - 3) = 0`: an equation to solve, as for each step.
    if (isZero(last.expr)) return;
    // Judged against the start only: the result must not bring in what the start does not mention.
    if (chain.unreliable || chain.hiddenDependency || (this.eVariable && (usesE(start.expr) || usesE(last.expr)))) return;
    // The same guards and readings as each step: a final result is wrong only under every reading.
    if (this.namesUnreadIntermediate(start.expr, start.expr) || this.namesUnreadIntermediate(last.expr, start.expr)) return;
    if (this.einstein && (hasRepeatedIndex(start.expr, this.defs) || hasRepeatedIndex(last.expr, this.defs))) return;
    const known = this.knownBefore(chain, 1);
    let verdict = this.decideComponentwise(start.expr, last.expr, chain.regime, known);
    if (verdict.kind === 'unknown' && DEPENDENCE_REASONS.test(verdict.why)) verdict = this.dependenceReadings(chain, start.expr, last.expr, known) ?? verdict;
    if (verdict.kind !== 'fails' || chain.local || this.otherReading(chain, start.expr, last.expr) || this.holdsAsProducts(start.expr, last.expr, chain) || this.holdsAsDirectPartials(start.expr, last.expr, chain)) return;
    const correct = this.correctFor(chain);
    this.findings.push({
      code: 'final-result-wrong', severity: 'warning', message: MESSAGES.finalWrong,
      offset: this.stepStart(last.s), length: last.e - this.stepStart(last.s), stepLatex: last.latex, previousLatex: start.latex,
      ...(correct ? { correctLatex: correct } : {}),
      counterexample: counterexampleOf(verdict.bad, start.expr),
    });
  }
}
