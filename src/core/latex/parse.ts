import { fail, ok, type Result } from '../result';
import { blankNoOps, parseTex, type KNode } from './katexParse';
import { flatten, WORD_FUNCS, type FlattenContext, type Tok } from './tokens';
import { childrenOf as childrenOfExpr, IMPLICIT_VARIABLE, sameShape, someNode, SOFTMAX_SUM, TRANSPOSE, NORM, VECTOR_SOFTMAX, ENTRY_OF, type Cond, type Expr, type Item, type Row } from './tree';

/**
 * LaTeX → rows of relation chains, each side a small math tree with source offsets.
 *
 * KaTeX resolves the TeX grammar (groups, fractions, environments); this file resolves the math
 * grammar KaTeX leaves flat: `+ - \cdot`, implicit multiplication, function application, the scope
 * of `\sum`, derivatives written as fractions, and where one statement ends and the next begins.
 */

/** Letters that, directly followed by `(`, are read as function names (`f(x)`, `J(\theta)`). */
const FUNCTION_LETTERS = new Set(['f', 'g', 'h', 'F', 'G', 'H', 'J', 'L', 'P', 'Q', 'l']);
const FUNCTION_GREEK = new Set(['phi', 'varphi', 'psi', 'ell']);

function unknown(why: string, s: number, e: number): Expr {
  return { k: 'unknown', why, s, e };
}

/** Words written after `_` without braces that name a quantity (`y_hat`, `p_true`, `W_out`). */
const SUFFIX_WORDS: ReadonlySet<string> = new Set(['hat', 'pred', 'true', 'bar', 'tilde', 'out', 'prob', 'target', 'label', 'new', 'old', 'max', 'min', 'sum', 'hidden', 'input', 'output', 'logits', 'loss']);

function bodyOf(node: KNode | undefined): KNode[] {
  if (!node) return [];
  if (node.type === 'ordgroup') {
    const b = node.body;
    return Array.isArray(b) ? (b as KNode[]) : [];
  }
  return [node];
}

type SubInfo = { kind: 'idx'; list: Expr[] } | { kind: 'name'; suffix: string } | { kind: 'cond'; cond: Cond } | { kind: 'bad' };
type SupInfo = { kind: 'prime'; count: number } | { kind: 'transpose' } | { kind: 'idx'; x: Expr } | { kind: 'name'; suffix: string } | { kind: 'pow'; x: Expr } | { kind: 'bad' };

const MAX_PAREN_DEPTH = 150;

class Parser {
  private i = 0;
  private barDepth = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly ctx: FlattenContext,
  ) {}

  static expr(toks: Tok[], ctx: FlattenContext): Expr | null {
    const clean = toks.filter((t) => t.t !== 'amp' && t.t !== 'gap');
    while (clean.length > 0 && clean[clean.length - 1]!.t === 'comma') clean.pop();
    if (clean.length === 0) return null;
    const first = clean[0]!;
    const last = clean[clean.length - 1]!;
    let depth = 0;
    const bad = clean.find((t) => {
      if (t.t === 'open') depth++;
      else if (t.t === 'close') depth--;
      // A relation inside brackets (`1\{k = i\}`, `[y = k]`) is an indicator; at the top it ends the expression.
      return t.t === 'bad' || t.t === 'text' || t.t === 'row' || (t.t === 'rel' && depth <= 0);
    });
    if (bad) return unknown(bad.t === 'bad' ? bad.why : `unexpected ${bad.t}`, first.s, last.e);
    const p = new Parser(clean, ctx);
    try {
      const x = p.parseExpr();
      if (p.i < clean.length) return unknown('trailing tokens', first.s, last.e);
      // Matrix algebra with a transposed vector has no scalar reading: unread, its tree kept for the matrix reading.
      if (someNode(x, (y) => y.k === 'call' && (y.f === TRANSPOSE || y.f === NORM))) return { k: 'unknown', why: 'matrix notation (a transpose)', s: first.s, e: last.e, matrix: x };
      return x;
    } catch (error) {
      if (error instanceof ParseStop) return unknown(error.message, first.s, last.e);
      throw error;
    }
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private nodesExpr(nodes: KNode[]): Expr {
    const toks: Tok[] = [];
    flatten(nodes, this.ctx, toks);
    const x = Parser.expr(toks, this.ctx);
    if (!x) throw new ParseStop('empty group');
    return x;
  }

  parseExpr(): Expr {
    // Parentheses are not TeX groups, so KaTeX's nesting guard does not bound them: bound them here.
    // The count is shared with the parsers of nested groups (fractions, braces) through ctx.
    const nest = this.ctx.budget;
    nest.depth = (nest.depth ?? 0) + 1;
    try {
      if (nest.depth > MAX_PAREN_DEPTH) throw new ParseStop('nested too deeply');
      return this.parseSum();
    } finally {
      nest.depth--;
    }
  }

  private parseSum(): Expr {
    const start = this.peek();
    const terms: Expr[] = [this.parseUnaryTerm()];
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op' || (t.op !== '+' && t.op !== '-')) break;
      this.i++;
      if (this.peek()?.t === 'dots') {
        // `x_1 + x_2 + \dots + x_n`: the series the first and last terms spell out.
        const dots = this.peek()!;
        this.i++;
        const op2 = this.peek();
        if (!op2 || op2.t !== 'op' || op2.op !== t.op) throw new ParseStop('an ellipsis we cannot read');
        this.i++;
        const lastRaw = this.parseUnaryTerm();
        const last: Expr = t.op === '-' ? { k: 'neg', x: lastRaw, s: op2.s, e: lastRaw.e } : lastRaw;
        const op3 = this.peek();
        if (op3 && op3.t === 'op' && op3.op === t.op && this.toks[this.i + 1]?.t === 'dots') {
          // `a_1 + a_2 + \dots + M + \dots + a_n`: the series with its i-th term written as M.
          const op4 = this.toks[this.i + 2];
          if (!op4 || op4.t !== 'op' || op4.op !== t.op) throw new ParseStop('an ellipsis we cannot read');
          this.i += 3;
          const endRaw = this.parseUnaryTerm();
          const end: Expr = t.op === '-' ? { k: 'neg', x: endRaw, s: op4.s, e: endRaw.e } : endRaw;
          const series = seriesOf(terms, end, dots.s);
          const at = series ? middleIndex(last) : null;
          if (!series || !at || series.sum.k !== 'big') throw new ParseStop('an ellipsis we cannot read');
          const skipped: Expr = { ...series.sum, ne: [at] };
          terms.splice(terms.length - series.used, series.used, { k: 'add', terms: [skipped, last], s: skipped.s, e: end.e });
          continue;
        }
        const series = seriesOf(terms, last, dots.s);
        if (!series) throw new ParseStop('an ellipsis we cannot read');
        terms.splice(terms.length - series.used, series.used, series.sum);
        continue;
      }
      const rhs = this.parseUnaryTerm();
      terms.push(t.op === '-' ? { k: 'neg', x: rhs, s: t.s, e: rhs.e } : rhs);
    }
    if (terms.length === 1) return terms[0]!;
    return { k: 'add', terms, s: start?.s ?? terms[0]!.s, e: terms[terms.length - 1]!.e };
  }

  /** A term possibly preceded by unary signs: `-a b` is `-(a b)`. */
  private parseUnaryTerm(): Expr {
    const t = this.peek();
    if (t && t.t === 'op' && (t.op === '-' || t.op === '+')) {
      this.i++;
      const x = this.parseUnaryTerm();
      return t.op === '-' ? { k: 'neg', x, s: t.s, e: x.e } : x;
    }
    return this.parseTerm();
  }

  private startsPrimary(t: Tok | undefined): boolean {
    if (!t) return false;
    switch (t.t) {
      case 'num': case 'letter': case 'name': case 'func': case 'big': case 'open': case 'frac': case 'group': case 'sqrt': case 'ind': case 'cases': case 'matrix':
        return true;
      case 'partial':
        // `\frac{1}{S} \partial_{z_i} S`: the operator form inside a product; `y_k \partial \log p_k / \partial z_i`:
        // a slash derivative as a factor (read only when the slash form follows, else the step is not read).
        return !!t.sub || !t.sup;
      case 'bar':
        return this.barDepth === 0;
      default:
        return false;
    }
  }

  /** Products and quotients, explicit (`\cdot`, `/`) and implicit (juxtaposition). */
  parseTerm(): Expr {
    let acc = this.parseFactor();
    const fs: Expr[] = [acc];
    for (;;) {
      const t = this.peek();
      if (t && t.t === 'op' && (t.op === '*' || t.op === '/')) {
        this.i++;
        const by = this.peek();
        // `… / d x`, `… / \partial x` that did not read as a derivative: a differential, never a division by d.
        if (t.op === '/' && by && ((by.t === 'letter' && by.ch === 'd' && !by.sub && !by.sup && this.startsPrimary(this.toks[this.i + 1])) || by.t === 'partial')) throw new ParseStop('a differential we cannot read');
        const rhs = this.parseSignedFactor();
        const last = fs[fs.length - 1]!;
        if (t.op === '*' && this.ctx.src.slice(t.s, t.e).trim() === '\\cdot' && this.boldName(last) && this.boldName(rhs)) {
          // `\mathbf w \cdot \mathbf x`: the dot product of two bold vectors, read as w^T x by the matrix reading.
          fs[fs.length - 1] = { k: 'call', f: TRANSPOSE, args: [last], s: last.s, e: last.e };
          fs.push(rhs);
        } else if (t.op === '*') fs.push(rhs);
        else {
          const s0 = fs[0]!.s;
          const e0 = fs[fs.length - 1]!.e;
          const n: Expr = fs.length === 1 ? fs[0]! : { k: 'mul', fs: fs.slice(), s: s0, e: e0 };
          fs.length = 0;
          fs.push({ k: 'div', n, d: rhs, s: n.s, e: rhs.e });
        }
        continue;
      }
      if (this.startsPrimary(t)) {
        fs.push(this.parseFactor());
        continue;
      }
      break;
    }
    acc = fs.length === 1 ? fs[0]! : { k: 'mul', fs, s: fs[0]!.s, e: fs[fs.length - 1]!.e };
    return acc;
  }

  /** Whether the source just before `at` opens a bold font (`\\mathbf `, `\\boldsymbol{`, `\\bm{`). */
  private writtenBold(at: number): boolean {
    return /\\(mathbf|boldsymbol|bm)\s*\{?\s*$/.test(this.ctx.src.slice(Math.max(0, at - 16), at));
  }

  /** A bare name written bold (`\\mathbf w`, `\\boldsymbol{x}`, `\\bm{p}`): a vector by the writer's own typography. */
  private boldName(x: Expr): boolean {
    return x.k === 'sym' && x.idx.length === 0 && this.writtenBold(x.s);
  }

  private parseSignedFactor(): Expr {
    const t = this.peek();
    if (t && t.t === 'op' && (t.op === '-' || t.op === '+')) {
      this.i++;
      const x = this.parseSignedFactor();
      return t.op === '-' ? { k: 'neg', x, s: t.s, e: x.e } : x;
    }
    return this.parseFactor();
  }

  private parseFactor(): Expr {
    const t = this.peek();
    if (!t) throw new ParseStop('missing operand');
    this.i++;
    switch (t.t) {
      case 'num': {
        const written = /^\s*\d*\.(\d+)\s*$/.exec(this.ctx.src.slice(t.s, t.e));
        // `\mathbf 1`, `\boldsymbol{1}`: the vector of ones to the matrix reading, the number 1 to any other.
        const ones = t.v === 1 && this.writtenBold(t.s);
        const num: Expr = { k: 'num', v: t.v, s: t.s, e: t.e, ...(written ? { decimals: written[1]!.length } : {}), ...(ones ? { ones: true } : {}) };
        const next = this.peek();
        if (next && next.t === 'group' && next.nodes.length === 0 && next.sup && !next.sub && next.s === t.e) {
          // `1^2`, `10^{-3}`: the power of the number just read; `2^{nd}`, `90^\\circ` are not powers.
          const script = bodyOf(next.sup).map((n) => n.text ?? '?').join('');
          if (/^(st|nd|rd|th|\\circ|°)$/.test(script)) throw new ParseStop('an ordinal or a degree, not a power');
          // `\\mathbf{1}^T p`: the vector of ones, a sum in matrix notation, not the number 1.
          if (this.supInfo(next.sup).kind === 'transpose') {
            if (!ones) throw new ParseStop('a vector of ones (matrix notation)');
            this.i++;
            return { k: 'call', f: TRANSPOSE, args: [num], s: t.s, e: next.e };
          }
          this.i++;
          return this.scripted(num, undefined, next.sup, t.s, t.e);
        }
        return num;
      }
      case 'letter':
        return this.letter(t);
      case 'name':
        return this.named(t.name, t, t.sub, t.sup);
      case 'func':
        return this.func(t.f, t);
      case 'big':
        return this.big(t);
      case 'open': {
        const inner = this.parseExpr();
        const rel = this.peek();
        if (rel && rel.t === 'rel') {
          // `1\{k = i\}`, `[y = k]`, `\mathbb{1}[i \neq j]`: 1 when the comparison holds, else 0.
          const eq = rel.text === '=';
          if (!eq && rel.text !== '\\neq' && rel.text !== '\\ne') throw new ParseStop('unreadable comparison in brackets');
          this.i++;
          const other = this.parseExpr();
          const end = this.peek();
          if (!end || end.t !== 'close') throw new ParseStop('unbalanced parenthesis');
          this.i++;
          return { k: 'ind', a: inner, b: other, eq, s: t.s, e: end.e };
        }
        const literal = (x: Expr): boolean => x.k === 'num' || (x.k === 'neg' && x.x.k === 'num');
        if (this.peek()?.t === 'comma' && (t.ch === '(' || t.ch === '[') && inner.k === 'sym' && inner.idx.length === 1 && inner.idx[0]!.k === 'num') {
          // `[x_1, x_2, ..., x_n]`, `(z_1, \dots, z_K)`: a vector written by its entries with an ellipsis, read
          // as the pattern of its entries (like a column written with ⋮).
          const listed = this.entryList(inner, t);
          if (listed) return listed;
        }
        if (this.peek()?.t === 'comma' && literal(inner) && (t.ch === '(' || t.ch === '[')) {
          // `[0.7, 0.2, 0.1]`, `(2, 1, 0.1)^T`: a vector of numbers written out (a row; transposed, a column).
          const items: Expr[] = [inner];
          while (this.peek()?.t === 'comma') {
            this.i++;
            const item = this.parseExpr();
            if (!literal(item)) throw new ParseStop('a list that is not of numbers');
            items.push(item);
          }
          const end = this.peek();
          if (!end || end.t !== 'close') throw new ParseStop('unbalanced parenthesis');
          this.i++;
          const transposed = end.sup ? this.supInfo(end.sup).kind === 'transpose' : false;
          if ((end.sup && !transposed) || end.sub) throw new ParseStop('a script on a list of numbers');
          return { k: 'matrix', rows: transposed ? items.map((x) => [x]) : [items], s: t.s, e: end.e };
        }
        if (this.peek()?.t === 'comma' && t.ch === '[' && !(inner.k === 'sym' && inner.idx.length === 0)) {
          // `\left[\frac{e^2}{e^2 + e + e^{0.1}}, \frac{e}{…}, …\right]`: a row of entries written as expressions.
          const items: Expr[] = [inner];
          while (this.peek()?.t === 'comma') {
            this.i++;
            items.push(this.parseExpr());
          }
          const end = this.peek();
          if (!end || end.t !== 'close' || end.sub || end.sup) throw new ParseStop('unbalanced parenthesis');
          this.i++;
          if (items.length > 64) throw new ParseStop('a list too long to read');
          return { k: 'matrix', rows: [items], s: t.s, e: end.e };
        }
        const close = this.peek();
        if (!close || close.t !== 'close') throw new ParseStop('unbalanced parenthesis');
        this.i++;
        return this.scripted({ ...inner, s: t.s, e: close.e }, close.sub, close.sup, t.s, close.e);
      }
      case 'bar': {
        if (t.double) {
          // `\\|\\hat{\\mathbf y} - \\mathbf y\\|^2`, `\\|v\\|_2`: the Euclidean norm of a vector.
          this.barDepth++;
          const inner = this.parseExpr();
          this.barDepth--;
          const close = this.peek();
          if (!close || close.t !== 'bar' || !close.double) throw new ParseStop('unbalanced \\|');
          this.i++;
          if (close.sub && bodyOf(close.sub).map((n) => n.text ?? '?').join('') !== '2') throw new ParseStop('a norm other than the Euclidean one');
          const norm: Expr = { k: 'call', f: NORM, args: [inner], s: t.s, e: close.e };
          return this.scripted(norm, undefined, close.sup, t.s, close.e);
        }
        this.barDepth++;
        const inner = this.parseExpr();
        this.barDepth--;
        const close = this.peek();
        if (!close || close.t !== 'bar') throw new ParseStop('unbalanced |');
        this.i++;
        const abs: Expr = { k: 'call', f: 'abs', args: [inner], s: t.s, e: close.e };
        return this.scripted(abs, undefined, close.sup, t.s, close.e);
      }
      case 'frac':
        return this.scripted(this.frac(t), t.sub, t.sup, t.s, t.e);
      case 'group': {
        if (t.nodes.length === 0) throw new ParseStop('empty group');
        const inner = this.nodesExpr(t.nodes);
        if (t.sub && inner.k === 'sym' && inner.idx.length === 0) return this.named(inner.name, t, t.sub, t.sup);
        return this.scripted(inner, t.sub, t.sup, t.s, t.e);
      }
      case 'sqrt': {
        const arg = this.nodesExpr(bodyOf(t.node.body as KNode));
        return this.scripted({ k: 'call', f: 'sqrt', args: [arg], s: t.s, e: t.e }, undefined, t.sup, t.s, t.e);
      }
      case 'ind': {
        const info = t.sub ? this.subInfo(t.sub) : ({ kind: 'bad' } as SubInfo);
        if (info.kind === 'cond' && (info.cond.rel === 'eq' || info.cond.rel === 'ne')) return { k: 'ind', a: info.cond.a, b: info.cond.b, eq: info.cond.rel === 'eq', s: t.s, e: t.e };
        const next = this.peek();
        if (!t.sub && next && next.t === 'open') {
          const at = this.i;
          const inner = this.parseFactor();
          if (inner.k === 'ind') return { ...inner, s: t.s };
          if (t.letter) this.i = at;
        }
        if (t.letter) return this.letter({ t: 'letter', ch: t.letter, s: t.s, e: t.e, ...(t.sub ? { sub: t.sub } : {}), ...(t.sup ? { sup: t.sup } : {}) });
        throw new ParseStop('indicator without condition');
      }
      case 'cases':
        return this.cases(t);
      case 'matrix':
        return this.matrix(t);
      case 'partial':
        return this.partialOperator(t);
      default:
        throw new ParseStop(`unexpected ${t.t}`);
    }
  }

  /**
   * `\partial_{z_i} L`, `\partial_i (…)`: the operator with its variable as a subscript; and the slash
   * forms `\partial L / \partial z_i`, where the differentiated quantity is the one factor after ∂.
   */
  private partialOperator(t: Extract<Tok, { t: 'partial' }>): Expr {
    if (t.sup) throw new ParseStop('higher derivative');
    if (t.sub) {
      const wrt = this.nodesExpr(bodyOf(t.sub));
      if (wrt.k !== 'sym') throw new ParseStop('derivative by something that is not a variable');
      const f = this.parseFactor();
      return { k: 'deriv', f, wrt, s: t.s, e: f.e };
    }
    const slashed = this.slashDerivative(t);
    if (slashed) return slashed;
    throw new ParseStop('unexpected partial');
  }

  /** After a `d` or `∂` token: `X / dv` or `X / ∂v` (X one factor: a symbol, a call, a bracket) makes dX/dv; null (nothing consumed) otherwise. */
  private slashDerivative(t: { s: number; e: number }): Expr | null {
    const at = this.i;
    const first = this.toks[at];
    if (!first || !(first.t === 'letter' || first.t === 'name' || first.t === 'group' || first.t === 'func' || first.t === 'open' || first.t === 'frac')) return null;
    let f: Expr;
    try {
      f = this.parseFactor();
    } catch (error) {
      if (!(error instanceof ParseStop)) throw error;
      this.i = at;
      return null;
    }
    const slash = this.toks[this.i];
    const d2 = this.toks[this.i + 1];
    const v = this.toks[this.i + 2];
    const isD = (k: Tok | undefined): boolean => !!k && ((k.t === 'letter' && k.ch === 'd' && !k.sub && !k.sup) || (k.t === 'partial' && !k.sub && !k.sup));
    // (The variable may be braced: `\partial f / \partial {a_j}`.)
    if (!slash || slash.t !== 'op' || slash.op !== '/' || !isD(d2) || !v || (v.t !== 'letter' && v.t !== 'name' && !(v.t === 'group' && v.nodes.length > 0))) {
      this.i = at;
      return null;
    }
    this.i += 2;
    const wrt = this.parseFactor();
    // What follows must end the derivative (an operator, a relation, a bracket, the end): `∂L / ∂z_i x_i`
    // might divide by ∂z_i·x_i, so it is not read.
    const after = this.peek();
    if (wrt.k !== 'sym' || (after && after.t !== 'op' && after.t !== 'rel' && after.t !== 'close' && after.t !== 'comma')) {
      this.i = at;
      return null;
    }
    return { k: 'deriv', f, wrt, s: t.s, e: wrt.e };
  }

  /** Applies a subscript/superscript that sits on a closing parenthesis or a fraction. */
  private scripted(x: Expr, sub: KNode | undefined, sup: KNode | undefined, s: number, e: number): Expr {
    const prime = sup ? this.supInfo(sup) : null;
    if (prime?.kind === 'prime' && prime.count === 1) {
      // `(\sigma(x))'`: the derivative by the one variable the group depends on; `(wx + b)'_w` by w.
      if (!sub) return { k: 'deriv', f: x, wrt: { k: 'sym', name: IMPLICIT_VARIABLE, idx: [], s, e }, s, e };
      const by = this.subInfo(sub);
      const v = by.kind === 'idx' && by.list.length === 1 ? by.list[0]! : null;
      if (v && v.k === 'sym' && v.idx.length === 0) return { k: 'deriv', f: x, wrt: { ...v, s, e }, s, e };
      throw new ParseStop('a derivative by something that is not a variable');
    }
    if (sub) {
      // `(\nabla_{\mathbf z} L)_i`, `(\mathbf p - \mathbf y)_i`: entry i of a vector expression (the checker reads it
      // entry by entry and leaves it unread when the expression is not a vector); a power on it is not read.
      const info = this.subInfo(sub);
      // (A function's value, `\\sigma(\\mathbf u)_i`, is not read so: σ may be the logistic function or the softmax.)
      if (info.kind !== 'idx' || info.list.length !== 1 || sup || x.k === 'call') throw new ParseStop('subscript on a group');
      return { k: 'call', f: ENTRY_OF, args: [x, info.list[0]!], s, e };
    }
    if (!sup) return x;
    const info = this.supInfo(sup);
    if (info.kind === 'pow') return { k: 'pow', b: x, x: info.x, s, e };
    // `(\\mathbf p - \\mathbf y)^\\top`: a transposed vector expression, for the matrix reading only.
    if (info.kind === 'transpose') return { k: 'call', f: TRANSPOSE, args: [x], s, e };
    throw new ParseStop('superscript on a group');
  }

  private subInfo(node: KNode): SubInfo {
    const nodes = bodyOf(node);
    if (nodes.length === 0) return { kind: 'bad' };
    let toks: Tok[] = [];
    flatten(nodes, this.ctx, toks);
    // `\mathbb{1}_{\{i = y\}}`, `1_{(i = j)}`: a comparison written as a set or in brackets.
    const first = toks[0];
    const last = toks[toks.length - 1];
    if (toks.length > 3 && first?.t === 'open' && last?.t === 'close' && !last.sub && !last.sup && toks.some((t) => t.t === 'rel') && !toks.slice(1, -1).some((t) => t.t === 'open' || t.t === 'close')) toks = toks.slice(1, -1);
    const relAt = toks.findIndex((t) => t.t === 'rel');
    if (relAt >= 0) {
      const rel = toks[relAt]! as Extract<Tok, { t: 'rel' }>;
      const a = Parser.expr(toks.slice(0, relAt), this.ctx);
      const b = Parser.expr(toks.slice(relAt + 1), this.ctx);
      if (!a || !b || toks.slice(relAt + 1).some((t) => t.t === 'rel')) return { kind: 'bad' };
      const relName = rel.text === '=' ? 'eq' : rel.text === '\\neq' || rel.text === '\\ne' ? 'ne' : null;
      if (!relName) return { kind: 'bad' };
      return { kind: 'cond', cond: { a, b, rel: relName } };
    }
    // `ij`, `i1`, `i,j`: a list of indices; `CE`, `pred`, `input`: part of the name.
    if (toks.every((t) => (t.t === 'letter' && !t.sub && !t.sup) || (t.t === 'num' && Number.isInteger(t.v)) || t.t === 'comma')) {
      const letters = toks.filter((t) => t.t === 'letter') as Extract<Tok, { t: 'letter' }>[];
      const hasComma = toks.some((t) => t.t === 'comma');
      const word = letters.map((l) => l.ch).join('');
      const looksLikeWord = !hasComma && (letters.length >= 3 || (letters.length >= 2 && /[A-Z]/.test(word)) || (letters.length === 1 && /[A-Z]/.test(word) && toks.length === 1));
      if (looksLikeWord) return { kind: 'name', suffix: toks.map((t) => (t.t === 'letter' ? t.ch : t.t === 'num' ? String(t.v) : ',')).join('') };
      const list: Expr[] = [];
      for (const t of toks) {
        if (t.t === 'letter') list.push({ k: 'sym', name: t.ch, idx: [], s: t.s, e: t.e });
        else if (t.t === 'num') list.push({ k: 'num', v: t.v, s: t.s, e: t.e });
      }
      return { kind: 'idx', list };
    }
    if (toks.length === 1 && toks[0]!.t === 'name') return { kind: 'name', suffix: (toks[0] as { name: string }).name };
    const x = Parser.expr(toks, this.ctx);
    if (!x || x.k === 'unknown') return { kind: 'bad' };
    return { kind: 'idx', list: [x] };
  }

  private supInfo(node: KNode): SupInfo {
    const nodes = bodyOf(node);
    if (nodes.length > 0 && nodes.every((n) => n.text === '\\prime' || n.text === "'")) return { kind: 'prime', count: nodes.length };
    // `x^{'}`, `(e^{x_i})^{'}`: inside braces KaTeX reads the ' as a script of nothing (a base-less supsub of \prime).
    const primes = nodes.length === 1 && nodes[0]!.type === 'supsub' && !nodes[0]!.base && !nodes[0]!.sub ? bodyOf(nodes[0]!.sup as KNode | undefined) : [];
    if (primes.length > 0 && primes.every((n) => n.text === '\\prime')) return { kind: 'prime', count: primes.length };
    if (nodes.length === 1) {
      const only = nodes[0]!;
      if (only.text === 'T' || only.text === '\\top' || only.text === '\\intercal' || only.text === '\\mathsf{T}') return { kind: 'transpose' };
      if (only.text === '*' || only.text === '\\ast' || only.text === '\\star') return { kind: 'name', suffix: '*' };
    }
    if (nodes.length === 3 && nodes[0]!.text === '[' && nodes[2]!.text === ']' && /^[0-9A-Za-z]$/.test(nodes[1]!.text ?? '')) {
      // `a^{[L]}`, `W^{[2]}`: the layer, part of the name.
      return { kind: 'name', suffix: `[${nodes[1]!.text}]` };
    }
    if (nodes.length === 3 && nodes[0]!.text === '(' && nodes[2]!.text === ')') {
      const mid = nodes[1]!;
      if (mid.type === 'mathord' && /^[a-z]$/.test(mid.text ?? '')) return { kind: 'idx', x: { k: 'sym', name: mid.text!, idx: [], s: 0, e: 0, sup: true } };
      if (/^[0-9A-Z]$/.test(mid.text ?? '')) return { kind: 'name', suffix: `(${mid.text})` };
    }
    const toks: Tok[] = [];
    flatten(nodes, this.ctx, toks);
    const x = Parser.expr(toks, this.ctx);
    if (!x) return { kind: 'bad' };
    return { kind: 'pow', x };
  }

  /** A symbol `name` with scripts: indices, primes, name suffixes, powers. */
  private named(name: string, t: { s: number; e: number }, sub: KNode | undefined, sup: KNode | undefined): Expr {
    let full = name;
    let idx: Expr[] = [];
    if (sub) {
      const info = this.subInfo(sub);
      if (info.kind === 'idx') idx = info.list;
      else if (info.kind === 'name') full = `${full}_${info.suffix}`;
      else if (info.kind === 'cond' && (name === 'delta' || name === '1')) {
        return { k: 'ind', a: info.cond.a, b: info.cond.b, eq: info.cond.rel === 'eq', s: t.s, e: t.e };
      } else if (info.kind === 'cond' && info.cond.rel === 'eq' && info.cond.a.k === 'sym' && info.cond.a.idx.length === 0 && /^[a-z]$/.test(info.cond.a.name) && (info.cond.b.k === 'num' || (info.cond.b.k === 'sym' && info.cond.b.idx.length === 0 && /^[a-z]$/.test(info.cond.b.name)))) {
        // `y_{k=i}`: the component k where k = i, that is y_i.
        idx = [info.cond.b];
      } else if (info.kind === 'cond' && info.cond.rel === 'ne' && info.cond.a.k === 'sym' && info.cond.a.idx.length === 0 && /^[a-z]$/.test(info.cond.a.name) && info.cond.b.k === 'sym' && info.cond.b.idx.length === 0 && /^[a-z]$/.test(info.cond.b.name)) {
        // `y_{k \neq i}`: the component k, in the case k ≠ i (a condition of the row).
        idx = [info.cond.a];
        this.ctx.subConds?.push(info.cond);
      } else throw new ParseStop('unreadable subscript');
    }
    // `\delta^L_j`: the error of layer L (a Kronecker δ has two index letters), a quantity named delta^L.
    const layerDelta = name === 'delta' && idx.length === 1 && sup && bodyOf(sup).length === 1 && bodyOf(sup)[0]!.type === 'mathord' && bodyOf(sup)[0]!.text === 'L';
    // `\delta_i = \partial L / \partial z_i`: with one index and no superscript δ names a quantity (the
    // error term of backpropagation); a Kronecker δ has two indices. Undefined, it is a symbol like any other.
    const errorDelta = name === 'delta' && idx.length === 1 && !sup && idx[0]!.k === 'sym' && idx[0]!.idx.length === 0;
    if (name === 'delta' && !layerDelta && !errorDelta) {
      if (idx.length === 2) return this.withPow({ k: 'ind', a: idx[0]!, b: idx[1]!, eq: true, s: t.s, e: t.e }, sup, t);
      if (idx.length === 1 && sup) {
        // `\delta^i_j`, `\delta_j^{i}` (tensor notation): one upper and one lower index, the Kronecker δ.
        const up = this.supInfo(sup);
        const letter = up.kind === 'pow' && up.x.k === 'sym' && up.x.idx.length === 0 && /^[a-z]$/.test(up.x.name) ? up.x : null;
        if (letter && idx[0]!.k === 'sym' && idx[0]!.idx.length === 0) return { k: 'ind', a: letter, b: idx[0]!, eq: true, s: t.s, e: t.e };
      }
      const operator = !sub && !sup ? this.deltaOperator(t) : null;
      if (operator) return operator;
      throw new ParseStop('δ without two indices');
    }
    let power: Expr | null = null;
    let transposed = false;
    if (sup) {
      const info = this.supInfo(sup);
      // `a^L_j`, `z^l_j`, `w^l_{jk}`: a layer label L or l on an indexed symbol (as in backpropagation
      // write-ups) is part of the name; unindexed (`x^l`) it stays a power.
      const layer = idx.length > 0 && info.kind === 'pow' && info.x.k === 'sym' && info.x.idx.length === 0 && (info.x.name === 'L' || info.x.name === 'l');
      if (layer) full += `^${(info.x as { name: string }).name}`;
      else if (info.kind === 'prime') full += "'".repeat(info.count);
      else if (info.kind === 'name') {
        // `z^{(L)}_K`: the label goes on the base, before a capital subscript read as part of the name
        // (`z(L)_K`, as `z(L)_1` is `z(L)` with index 1), so series and entries keep one name.
        const capital = /_([A-Z])$/.exec(full);
        full = capital && idx.length === 0 ? `${full.slice(0, -2)}${info.suffix}_${capital[1]}` : full + info.suffix;
      } else if (info.kind === 'idx') idx = [...idx, info.x];
      else if (info.kind === 'pow') power = info.x;
      else if (info.kind === 'bad') throw new ParseStop('unreadable superscript');
      // `\\mathbf p^\\top`: a transposed vector, read only by the matrix reading (`componentwise.ts`);
      // anything else transposed (`x_i^T`, `W^T` applied) is matrix algebra no reading settles.
      else if (info.kind === 'transpose') {
        if (idx.length > 0 || power) throw new ParseStop('matrix notation (a transpose)');
        transposed = true;
      }
    }
    if (transposed) return { k: 'call', f: TRANSPOSE, args: [{ k: 'sym', name: full, idx, s: t.s, e: t.e }], s: t.s, e: t.e };
    const next = this.peek();
    // Only spaces, primes, a negative thin space (`\sigma\!\left(x\right)`, the tight spacing of an application)
    // or a sizing command (`\sigma\left(x\right)`, `f\bigl(x\bigr)`) between the name and `(`.
    // (A sized bracket's token sits at its content, so the sizing command is looked for after the name.)
    const between = this.ctx.src.slice(t.e, next?.s);
    const callable =
      next && next.t === 'open' && next.ch === '(' && (/^(\s|'|\^|\{|\}|\\prime|\\!)*$/.test(between) || /^(\s|\}|\\!)*(\\left|\\[bB]igg?l?)\s*\(/.test(between));
    if (callable && !power && this.barTuple()) {
      // `D_{KL}(\mathbf y \| \mathbf p)`, `KL(p || q)`: a quantity named with its arguments.
      const named = this.namedTuple(`fn:${full}`, t);
      if (named) return named;
    }
    if (callable && idx.length === 0 && !power) {
      // `S(z)_i`, `f(\mathbf x)_j`: entry i of the vector a function of one vector gives (see applyCall).
      const arg = this.toks[this.i + 1];
      const close = this.toks[this.i + 2];
      if (arg && (arg.t === 'letter' || arg.t === 'name') && !arg.sub && !arg.sup && close && close.t === 'close' && close.sub) {
        const info = this.subInfo(close.sub);
        const entry = info.kind === 'idx' && info.list.length === 1 ? this.namedEntry(`${full}(${arg.t === 'letter' ? arg.ch : arg.name})`, info.list, close.sup, t.s, close.e) : null;
        if (entry) {
          this.i += 3;
          return entry;
        }
      }
    }
    if (callable && idx.length > 0 && !power && FUNCTION_LETTERS.has(name) && name !== 'l') {
      // `g_2(x_3)`: a family of functions, not a product.
      return this.applyCall(`fn:${full}_${idx.map((i) => (i.k === 'num' ? String(i.v) : i.k === 'sym' ? i.name : '?')).join('')}`, t);
    }
    if (callable && idx.length === 0 && !power) {
      if (name === 'sigma') return this.applyCall(full === 'sigma' ? 'sigmoid' : full.replace(/^sigma/, 'sigmoid'), t);
      // An accented letter (`\hat{y}(1 - y)`) is a quantity times a bracket, never a function.
      if (FUNCTION_LETTERS.has(name) || FUNCTION_GREEK.has(name) || (name.length > 1 && !name.includes(' '))) {
        const f = WORD_FUNCS[full];
        return this.applyCall(f ?? `fn:${full}`, t);
      }
    }
    const sym: Expr = { k: 'sym', name: full, idx, s: t.s, e: t.e };
    if (power) return { k: 'pow', b: sym, x: power, s: t.s, e: t.e };
    return sym;
  }

  /**
   * `\delta{…}` or `\delta sigmoid(x)`: δ used as the differential operator d/dx (some notes write
   * it for d). Only a braced operand or a function application counts; `\delta` before anything
   * else (a backprop error term `\delta W`, a Dirac `\delta(x)`) stays unreadable, as before.
   */
  private deltaOperator(t: { s: number; e: number }): Expr | null {
    const next = this.peek();
    if (!next) return null;
    const braced = next.t === 'group' && !next.sub && !next.sup && this.ctx.src.slice(t.e, next.s).trim() === '' && this.ctx.src[next.s] === '{';
    const applied = next.t === 'letter' || next.t === 'func' || next.t === 'name';
    if (!braced && !applied) return null;
    const at = this.i;
    const f = this.parseFactor();
    // `\delta{x}`, `\delta x`: an increment of x (δx = 0.01), not d/dx of x.
    if ((!braced && f.k !== 'call') || f.k === 'sym') {
      this.i = at;
      return null;
    }
    // The closing brace has no position of its own: include it so the span covers the operand.
    const brace = braced ? /^\s*\}/.exec(this.ctx.src.slice(f.e, f.e + 16)) : null;
    return { k: 'deriv', f, wrt: { k: 'sym', name: IMPLICIT_VARIABLE, idx: [], s: t.s, e: t.e }, s: t.s, e: f.e + (brace ? brace[0].length : 0) };
  }

  private withPow(x: Expr, sup: KNode | undefined, t: { s: number; e: number }): Expr {
    if (!sup) return x;
    const info = this.supInfo(sup);
    if (info.kind !== 'pow') throw new ParseStop('unreadable superscript');
    return { k: 'pow', b: x, x: info.x, s: t.s, e: t.e };
  }

  /**
   * `S(\mathbf z)_i`: an entry of a function's value as one quantity named by the whole call, to the power
   * on the bracket when there is one (`S(z)_i^2`); null for any other superscript there.
   */
  private namedEntry(name: string, idx: Expr[], sup: KNode | undefined, s: number, e: number): Expr | null {
    const power = sup ? this.supInfo(sup) : null;
    if (power && power.kind !== 'pow') return null;
    const entry: Expr = { k: 'sym', name, idx, s, e };
    return power?.kind === 'pow' ? { k: 'pow', b: entry, x: power.x, s, e } : entry;
  }

  private applyCall(f: string, t: { s: number; e: number }): Expr {
    const open = this.peek();
    if (!open || open.t !== 'open') throw new ParseStop('expected (');
    // `H(q, p)`, `f(w, b)`: a name for one quantity, not something we evaluate as a call.
    const named = this.namedTuple(f, t);
    if (named) return named;
    this.i++;
    const arg = this.parseExpr();
    const close = this.peek();
    if (!close || close.t !== 'close') throw new ParseStop('unbalanced parenthesis');
    this.i++;
    // `\text{tensor}([0.6, -1.5])`, `\mathrm{np.array}([…])`: a library's wrapper around a vector written out is the vector.
    if (/^fn:(tensor|Tensor|array|asarray|np\.array|torch\.tensor|numpy\.array)$/.test(f) && arg.k === 'matrix' && !arg.pattern && !close.sub && !close.sup) return { ...arg, s: t.s, e: close.e };
    // `\sigma(\mathbf z/T)_i`: of a vector expression (no bare name), the quantity is named by the argument as written.
    const written = arg.k === 'sym' && arg.idx.length === 0 ? arg.name : /[A-Za-z]/.test(this.ctx.src.slice(open.e, close.s)) && !/[()]/.test(this.ctx.src.slice(open.e, close.s)) ? this.ctx.src.slice(open.e, close.s).replace(/\s+/g, '') : null;
    if (close.sub && written !== null && (arg.k === 'sym' || f === 'sigmoid' || f.startsWith('fn:'))) {
      // `S(\mathbf z)_i`, `\sigma(\mathbf z)_j`: entry i of the vector a function gives, one quantity
      // named by the whole call (defined and used under the same name), never a call to index
      // (`\sigma(\mathbf z)_j^2`: that entry squared).
      const info = this.subInfo(close.sub);
      const fname = f === 'sigmoid' ? 'sigma' : f.replace(/^fn:/, '');
      const entry = info.kind === 'idx' && info.list.length === 1 ? this.namedEntry(`${fname}(${written})`, info.list, close.sup, t.s, close.e) : null;
      if (entry) return entry;
    }
    return this.scripted({ k: 'call', f, args: [arg], s: t.s, e: close.e }, close.sub, close.sup, t.s, close.e);
  }

  /**
   * `H(q, p)`, `L(\hat y, y)`, `H(Y, \sigma(A))`: a function of several arguments names one quantity
   * (a sym named by the whole tuple as written, spaces dropped); null when the bracket holds no
   * top-level comma (a call of one argument) or does not close.
   */
  /** A `|` or `\\|` between two names inside a call (`D_{KL}(p \\| q)`, `H(y | x)`): a separator, never an absolute value. */
  private separatingBar(j: number): boolean {
    const bar = this.toks[j];
    if (!bar || bar.t !== 'bar') return false;
    let before = j - 1;
    while (this.toks[before]?.t === 'bar') before--;
    let after = j + 1;
    while (this.toks[after]?.t === 'bar') after++;
    const name = (x: Tok | undefined): boolean => !!x && (x.t === 'letter' || x.t === 'name');
    return name(this.toks[before]) && name(this.toks[after]);
  }

  /** Whether the parenthesised group at the cursor holds a separating bar at its top level. */
  private barTuple(): boolean {
    let depth = 0;
    for (let j = this.i + 1; j < this.toks.length; j++) {
      const a = this.toks[j]!;
      if (a.t === 'open') depth++;
      else if (a.t === 'close') {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0 && this.separatingBar(j)) return true;
    }
    return false;
  }

  private namedTuple(f: string, t: { s: number; e: number }): Expr | null {
    let depth = 0;
    let commas = 0;
    let simple = true;
    for (let j = this.i + 1; j < this.toks.length; j++) {
      const a = this.toks[j]!;
      if (a.t === 'open') depth++;
      else if (a.t === 'close' && depth > 0) depth--;
      else if (a.t === 'close') {
        if (commas === 0 || a.sup || a.sub) return null;
        const open = this.toks[this.i]!;
        const inner = this.ctx.src.slice(open.e, a.s).replace(/\s+/g, '');
        if (!simple && !/^[^=<>]*$/.test(inner)) return null;
        this.i = j + 1;
        return { k: 'sym', name: `${f.replace(/^fn:/, '')}(${inner})`, idx: [], s: t.s, e: a.e };
      } else if ((a.t === 'comma' || this.separatingBar(j)) && depth === 0) commas++;
      else if (a.t === 'rel' || a.t === 'bad' || a.t === 'dots') return null;
      if (!(a.t === 'letter' || a.t === 'name' || a.t === 'comma') || ('sub' in a && a.sub) || ('sup' in a && a.sup)) simple = false;
    }
    return null;
  }


  private letter(t: Extract<Tok, { t: 'letter' }>): Expr {
    if (t.ch === 'd' && !t.sub && !t.sup) {
      // `d\sigma / dx`, `dy/dx`.
      const slashed = this.slashDerivative(t);
      if (slashed) return slashed;
    }
    const next = this.peek()?.t;
    const nextTok = this.peek();
    const braced = nextTok?.t === 'group' && nextTok.nodes.length > 0;
    if (t.ch === 'D' && t.sub && !t.sup && (next === 'letter' || next === 'name' || next === 'func' || braced)) {
      // `D_j S_i`, `D_{j} \log p_k`, `D_{j} {q_i}`: the derivative operator by the j-th input (a product if the note defines D).
      const wrt = this.nodesExpr(bodyOf(t.sub));
      if (wrt.k === 'sym' && ((wrt.idx.length === 0 && /^[a-z]$/.test(wrt.name)) || wrt.idx.length === 1)) {
        const f = this.parseFactor();
        return { k: 'deriv', f, wrt, s: t.s, e: f.e, op: 'D' };
      }
    }
    // Adjacent letters (no space between them in the source) may spell a word: `loss`, `softmax`, `ln`.
    const run: Extract<Tok, { t: 'letter' }>[] = [t];
    let j = this.i;
    while (run[run.length - 1]!.sub === undefined && run[run.length - 1]!.sup === undefined) {
      const n = this.toks[j];
      if (!n || n.t !== 'letter' || n.s !== run[run.length - 1]!.e) break;
      run.push(n);
      j++;
    }
    if (run.length >= 2) {
      const word = run.map((r) => r.ch).join('');
      const last = run[run.length - 1]!;
      const whole = WORD_FUNCS[word];
      if (whole && !last.sub) {
        this.i = j;
        return this.func(whole, { s: t.s, e: last.e, ...(last.sup ? { sup: last.sup } : {}) });
      }
      for (const prefix of ['log', 'ln', 'exp']) {
        if (word.startsWith(prefix) && word.length > prefix.length) {
          // `logp_i`: the function, then the rest of the letters as its argument.
          this.i = this.i + prefix.length - 1;
          return this.func(WORD_FUNCS[prefix]!, { s: t.s, e: run[prefix.length - 1]!.e });
        }
      }
      if (run.length >= 3) {
        this.i = j;
        return this.named(word, { s: t.s, e: last.e }, last.sub, last.sup);
      }
    }
    const suffixed = this.suffixWord(t);
    if (suffixed) return suffixed;
    if (t.ch === 'e' && t.sup && t.sub) {
      // `e^a_k`: TeX puts both scripts on e, the note means e^{a_k}.
      const sup = bodyOf(t.sup);
      const info = this.subInfo(t.sub);
      if (sup.length === 1 && sup[0]!.type === 'mathord' && /^[a-zA-Z]$/.test(sup[0]!.text ?? '') && info.kind === 'idx') {
        return { k: 'call', f: 'exp', args: [{ k: 'sym', name: sup[0]!.text!, idx: info.list, s: t.s, e: t.e }], s: t.s, e: t.e };
      }
    }
    if (t.ch === 'e' && t.sup && !t.sub) {
      // `e^-x`: TeX raises only the minus; the note means e^{-x} (the letter or number right after it).
      const raised = bodyOf(t.sup);
      const next = this.toks[this.i];
      const after = this.toks[this.i + 1];
      const alone = !(after && (after.t === 'letter' || after.t === 'num') && after.s === next?.e);
      if (raised.length === 1 && raised[0]!.type === 'atom' && raised[0]!.text === '-' && next && next.t === 'group' && next.s === t.e && next.nodes.length > 0) {
        // `e^-{\frac{(z-\mu)^2}{2\sigma^2}}`: the braces after the minus are the exponent.
        this.i++;
        const inner = this.nodesExpr(next.nodes);
        return { k: 'call', f: 'exp', args: [{ k: 'neg', x: inner, s: t.s, e: next.e }], s: t.s, e: next.e };
      }
      if (raised.length === 1 && raised[0]!.type === 'atom' && raised[0]!.text === '-' && next && next.t === 'letter' && next.s === t.e && !next.sub && !next.sup && alone) {
        this.i++;
        const arg: Expr = { k: 'neg', x: { k: 'sym', name: next.ch, idx: [], s: next.s, e: next.e }, s: t.s, e: next.e };
        return { k: 'call', f: 'exp', args: [arg], s: t.s, e: next.e };
      }
      const info = this.supInfo(t.sup);
      if (info.kind === 'pow' || info.kind === 'idx') {
        const x = info.kind === 'pow' ? info.x : info.x;
        return { k: 'call', f: 'exp', args: [x], s: t.s, e: t.e };
      }
    }
    return this.named(t.ch, t, t.sub, t.sup);
  }

  /**
   * `y_hat`, `y\\_pred`, `x_in` written without braces: TeX subscripts only the first letter, the note
   * names one quantity (as `y_{hat}` would). Only words that are name suffixes, directly after.
   */
  private suffixWord(t: Extract<Tok, { t: 'letter' }>): Expr | null {
    const sub = t.sub ? bodyOf(t.sub) : [];
    if (sub.length !== 1 || sub[0]!.type !== 'mathord' || t.sup) return null;
    let word = sub[0]!.text ?? '';
    let j = this.i;
    let end = t.e;
    let last: Extract<Tok, { t: 'letter' }> | null = null;
    while (true) {
      const n = this.toks[j];
      if (!n || n.t !== 'letter' || n.s !== end || last?.sub || last?.sup) break;
      word += n.ch;
      end = n.e;
      last = n;
      j++;
    }
    if (!last || !SUFFIX_WORDS.has(word)) return null;
    this.i = j;
    return this.named(`${t.ch}_${word}`, { s: t.s, e: end }, last.sub, last.sup);
  }

  private func(f: string, t: { s: number; e: number; sup?: KNode; sub?: KNode }): Expr {
    if (!t.sub) return this.funcCall(f, t);
    // `\log_e x` is ln x; `\log_2 x`, `\log_{10} x` are ln x / ln b.
    const base = f === 'ln' ? this.nodesExpr(bodyOf(t.sub)) : null;
    if (base?.k === 'sym' && base.name === 'e' && base.idx.length === 0) return this.funcCall(f, { ...t, sub: undefined });
    if (base?.k !== 'num' || !(base.v > 0) || base.v === 1) throw new ParseStop('subscript on a function');
    const call = this.funcCall(f, { ...t, sub: undefined });
    return { k: 'div', n: call, d: { k: 'num', v: Math.log(base.v), s: base.s, e: base.e }, s: call.s, e: call.e };
  }

  private funcCall(f: string, t: { s: number; e: number; sup?: KNode; sub?: KNode }): Expr {
    let name = f;
    let power: Expr | null = null;
    if (t.sup) {
      const info = this.supInfo(t.sup);
      if (info.kind === 'prime') name = `${f}${"'".repeat(info.count)}`;
      else if (info.kind === 'pow') power = info.x;
      else throw new ParseStop('unreadable superscript on a function');
    }
    const next = this.peek();
    let arg: Expr;
    if (next && next.t === 'open') {
      this.i++;
      arg = this.parseExpr();
      if ((name === 'max' || name === 'min') && this.peek()?.t === 'comma') {
        // `\\max(0, z)`: the larger (smaller) of two values.
        this.i++;
        const other = this.parseExpr();
        const end = this.peek();
        if (!end || end.t !== 'close') throw new ParseStop('unbalanced parenthesis');
        this.i++;
        const pair = this.scripted({ k: 'call', f: name, args: [arg, other], s: t.s, e: end.e }, end.sub, end.sup, t.s, end.e);
        return power ? { k: 'pow', b: pair, x: power, s: t.s, e: end.e } : pair;
      }
      const close = this.peek();
      if (!close || close.t !== 'close') throw new ParseStop('unbalanced parenthesis');
      this.i++;
      let call: Expr = { k: 'call', f: name, args: [arg], s: t.s, e: close.e };
      let closeSub = close.sub;
      if (closeSub && name === 'softmax' && arg.k === 'sym' && arg.idx.length === 0) {
        // `\text{softmax}(\mathbf z)_i`: the i-th component of the softmax of z.
        const info = this.subInfo(closeSub);
        if (info.kind !== 'idx' || info.list.length !== 1) throw new ParseStop('unreadable softmax component');
        call = { k: 'call', f: name, args: [{ ...arg, idx: info.list }], s: t.s, e: close.e };
        closeSub = undefined;
      } else if (closeSub && name === 'softmax') {
        // `\mathrm{softmax}(\mathbf z + c)_i`, `\operatorname{softmax}(\mathbf z/T)_i`: the i-th component of the
        // softmax of a vector expression (the document reads it entry by entry, see `vectorSoftmax`).
        const info = this.subInfo(closeSub);
        if (info.kind !== 'idx' || info.list.length !== 1) throw new ParseStop('unreadable softmax component');
        call = { k: 'call', f: VECTOR_SOFTMAX, args: [arg, info.list[0]!], s: t.s, e: close.e };
        closeSub = undefined;
      }
      const withClose = this.scripted(call, closeSub, close.sup, t.s, close.e);
      return power ? { k: 'pow', b: withClose, x: power, s: t.s, e: close.e } : withClose;
    }
    arg = this.parseFactor();
    const call: Expr = { k: 'call', f: name, args: [arg], s: t.s, e: arg.e };
    return power ? { k: 'pow', b: call, x: power, s: t.s, e: arg.e } : call;
  }

  /**
   * The bounds of an index range written out: `1, \dots, K` after `=`, and after `\in` the sets
   * `\{1, \dots, K\}`, `\{0, \dots, K-1\}` and `[K]` (1…K). Any other set (`j \in S`, `\mathcal{C}`)
   * may be a subset of the entries: null.
   */
  private listedRange(toks: Tok[], set: boolean): { lo: Expr; hi: Expr } | null {
    let inner = toks;
    if (set) {
      const open = toks[0];
      const close = toks[toks.length - 1];
      if (!open || !close || open.t !== 'open' || close.t !== 'close' || close.sub || close.sup) return null;
      inner = toks.slice(1, -1);
      if (open.ch === '[' && close.ch === ']') {
        const hi = Parser.expr(inner, this.ctx);
        if (!hi || hi.k !== 'sym' || hi.idx.length !== 0) return null;
        return { lo: { k: 'num', v: 1, s: open.s, e: open.e }, hi };
      }
      if (open.ch !== '\\{' || close.ch !== '\\}') return null;
    }
    // `lo, \dots, hi` or `lo, lo+1, \dots, hi`: commas around one run of dots.
    const dots = inner.findIndex((x) => x.t === 'dots');
    if (dots < 2 || inner[dots - 1]?.t !== 'comma' || inner[dots + 1]?.t !== 'comma') return null;
    const firstComma = inner.findIndex((x) => x.t === 'comma');
    const lo = Parser.expr(inner.slice(0, firstComma), this.ctx);
    const hi = Parser.expr(inner.slice(dots + 2), this.ctx);
    if (!lo || !hi || lo.k !== 'num' || hi.k === 'unknown') return null;
    if (inner.slice(dots + 2).some((x) => x.t === 'comma' || x.t === 'dots')) return null;
    return { lo, hi };
  }

  /** `\sum_{j}`, `\sum_{j=1}^{n}`, `\sum_{j \neq i}`, `\sum_{i,j}`; the body is the following product. */
  private big(t: Extract<Tok, { t: 'big' }>): Expr {
    const binders: { v: string; lo: Expr | null; hi: Expr | null; ne: Expr[] }[] = [];
    if (!t.sub) return this.bareSum(t);
    const toks: Tok[] = [];
    flatten(bodyOf(t.sub), this.ctx, toks);
    const first = toks[0];
    // `\sum_{c'}`: a primed letter is an index of its own.
    const primed = first && first.t === 'letter' && !first.sub && first.sup && this.supInfo(first.sup).kind === 'prime' && toks.length === 1;
    if (primed) binders.push({ v: `${(first as { ch: string }).ch}'`, lo: null, hi: null, ne: [] });
    else if (!first || first.t !== 'letter' || first.sub || first.sup) throw new ParseStop('unreadable sum index');
    else if (toks.length === 1) binders.push({ v: first.ch, lo: null, hi: null, ne: [] });
    else if (toks.every((x, n) => (n % 2 === 0 ? x.t === 'letter' && !x.sub && !x.sup : x.t === 'comma'))) {
      for (const x of toks) if (x.t === 'letter') binders.push({ v: x.ch, lo: null, hi: null, ne: [] });
    } else {
      const rel = toks[1];
      if (!rel || rel.t !== 'rel') throw new ParseStop('unreadable sum range');
      const listed = rel.text === '=' || rel.text === '\\in' ? this.listedRange(toks.slice(2), rel.text === '\\in') : null;
      if (rel.text === '\\in' && !listed) throw new ParseStop('unsupported sum condition');
      const rest = listed ? null : Parser.expr(toks.slice(2), this.ctx);
      if (listed) binders.push({ v: first.ch, lo: listed.lo, hi: listed.hi, ne: [] });
      else if (!rest || rest.k === 'unknown') throw new ParseStop('unreadable sum range');
      else if (rel.text === '=') binders.push({ v: first.ch, lo: rest, hi: null, ne: [] });
      else if (rel.text === '\\neq' || rel.text === '\\ne') binders.push({ v: first.ch, lo: null, hi: null, ne: [rest] });
      else throw new ParseStop('unsupported sum condition');
    }
    if (t.sup) {
      const hi = this.nodesExpr(bodyOf(t.sup));
      const b = binders[binders.length - 1]!;
      b.hi = hi;
      // `\sum_i^N` counts from 1.
      if (!b.lo) b.lo = { k: 'num', v: 1, s: t.s, e: t.s };
    }
    const sign = this.peek();
    if (sign && sign.t === 'op' && (sign.op === '-' || sign.op === '+') && this.startsPrimary(this.toks[this.i + 1]) && (binders.length > 1 || binders[0]!.lo || binders[0]!.ne.length > 0 || /^[a-z]$/.test(binders[0]!.v))) {
      // `\sum_k -\frac{y_k}{s_k} s_k`, `\sum_{k=1}^K - y_k \log p_k`: the sum of the signed term.
      this.i++;
      const inner = this.parseTerm();
      const body: Expr = sign.op === '-' ? { k: 'neg', x: inner, s: sign.s, e: inner.e } : inner;
      let x = body;
      for (let n = binders.length - 1; n >= 0; n--) {
        const b = binders[n]!;
        x = { k: 'big', op: t.op, v: b.v, lo: b.lo, hi: b.hi, ne: b.ne, body: x, s: t.s, e: body.e };
      }
      return x;
    }
    if (!this.startsPrimary(this.peek()) && binders.length === 1 && !binders[0]!.lo && binders[0]!.ne.length === 0) {
      // `\\frac{e^{θ_i}}{\\sum_K}`: a sum with nothing to sum is the note's softmax denominator.
      return { k: 'sym', name: SOFTMAX_SUM, idx: [], s: t.s, e: t.e };
    }
    const body = this.parseTerm();
    // `\Sigma_k` is a sum only over a body that uses k (else it is a quantity, say a covariance Σ_k).
    if (t.sigma && (binders.length !== 1 || !someNode(body, (y) => y.k === 'sym' && y.idx.some((i) => i.k === 'sym' && i.name === binders[0]!.v)))) throw new ParseStop('Σ with a subscript that is not a sum');
    let x = body;
    for (let n = binders.length - 1; n >= 0; n--) {
      const b = binders[n]!;
      x = { k: 'big', op: t.op, v: b.v, lo: b.lo, hi: b.hi, ne: b.ne, body: x, s: t.s, e: body.e };
    }
    return x;
  }

  /**
   * A `\sum` without an index. Alone (`\frac{e^{z_i}}{\sum}`, `\sum^2`) it is the note's shorthand for
   * the softmax denominator (a symbol the checker resolves to the sum of exponentials of the logits).
   * Before a body with exactly one index letter (`\sum e^{z_j}`) it sums over that letter; with more
   * than one the sum is unreadable.
   */
  private bareSum(t: Extract<Tok, { t: 'big' }>): Expr {
    const next = this.peek();
    const alone = !next || !this.startsPrimary(next) || next.t === 'bar';
    if (alone) {
      const sym: Expr = { k: 'sym', name: SOFTMAX_SUM, idx: [], s: t.s, e: t.e };
      if (!t.sup) return sym;
      const info = this.supInfo(t.sup);
      if (info.kind !== 'pow') throw new ParseStop('unreadable superscript on a sum');
      return { k: 'pow', b: sym, x: info.x, s: t.s, e: t.e };
    }
    if (t.sup) throw new ParseStop('sum without an index');
    const body = this.parseTerm();
    const letters = new Set<string>();
    const stack: Expr[] = [body];
    for (let guard = 0; stack.length > 0 && guard < 10_000; guard++) {
      const cur = stack.pop()!;
      if (cur.k === 'sym') {
        for (const i of cur.idx) if (i.k === 'sym' && i.idx.length === 0 && /^[a-z]$/.test(i.name)) letters.add(i.name);
      }
      if (cur.k === 'big') continue;
      for (const c of childrenOfExpr(cur)) stack.push(c);
    }
    if (letters.size !== 1) throw new ParseStop('sum without an index');
    return { k: 'big', op: t.op, v: [...letters][0]!, lo: null, hi: null, ne: [], body, s: t.s, e: body.e };
  }

  /** `\frac{a}{b}`, and the derivative forms `\frac{\partial X}{\partial v}`, `\frac{d}{dx} X`, `\frac{\partial X}{\partial_i}`. */
  private frac(t: Extract<Tok, { t: 'frac' }>): Expr {
    const numer = bodyOf(t.node.numer as KNode);
    const denom = bodyOf(t.node.denom as KNode);
    const isD = (n: KNode | undefined): boolean => !!n && ((n.type === 'textord' && n.text === '\\partial') || isUprightD(n));
    const n0 = numer[0];
    const d0 = denom[0];
    // `\frac{\delta L}{\delta w}`: δ as the differential, when it opens both the numerator and the denominator
    // with something after it (a Kronecker δ carries its indices: `\delta_{ij}` is a script node).
    const isDelta = (n: KNode | undefined): boolean => !!n && n.type === 'mathord' && n.text === '\\delta';
    const deltas = isDelta(n0) && isDelta(d0) && numer.length >= 2 && denom.length >= 2;
    const numerPartial = (isD(n0) && !(n0 && n0.type === 'supsub')) || deltas;
    const denomPartial = (isD(d0) && numer.length >= 1) || (d0?.type === 'supsub' && (d0.base as KNode | undefined)?.text === '\\partial') || deltas;
    if (numerPartial && denomPartial) {
      const wrt = this.derivVariable(denom, t);
      const rest = numer.slice(1);
      if (rest.length === 0) {
        const f = this.parseTerm();
        return { k: 'deriv', f, wrt, s: t.s, e: f.e };
      }
      const f = this.nodesExpr(rest);
      return { k: 'deriv', f, wrt, s: t.s, e: t.e };
    }
    if (n0 && n0.type === 'supsub' && (n0.base as KNode | undefined)?.text === '\\partial') throw new ParseStop('higher derivative');
    if (n0?.type === 'textord' && n0.text === '\\partial' && numer.length >= 2 && denom.length === 1 && isPlainVariable(d0)) {
      // `\frac{\partial f(x_i)}{x_i}`: the ∂ of the denominator left out; ∂f divided by a number means nothing else.
      const wrt = this.nodesExpr(denom);
      if (wrt.k === 'sym') return { k: 'deriv', f: this.nodesExpr(numer.slice(1)), wrt, s: t.s, e: t.e };
    }
    // `\frac{dy}{x}`: a differential over a variable without its d, never meant as d·y/x.
    if (isD(n0) && n0?.type !== 'textord' && numer.length >= 2 && denom.length === 1 && isPlainVariable(d0)) throw new ParseStop('a differential over a variable without its d');
    const n = this.nodesExpr(numer);
    const d = this.nodesExpr(denom);
    return { k: 'div', n, d, s: t.s, e: t.e };
  }

  private derivVariable(denom: KNode[], t: { s: number; e: number }): Expr {
    const d0 = denom[0]!;
    if (d0.type === 'supsub') {
      // `\partial_i` (shorthand for the i-th logit) or `\partial_{a_i}`.
      if (denom.length !== 1 || d0.sup) throw new ParseStop('unreadable derivative variable');
      const v = this.nodesExpr(bodyOf(d0.sub as KNode));
      if (v.k !== 'sym') throw new ParseStop('unreadable derivative variable');
      return v;
    }
    if (denom.length < 2) throw new ParseStop('derivative without a variable');
    const v = this.nodesExpr(denom.slice(1));
    // `\\frac{\\partial \\log \\sigma(A_k)}{\\partial \\sigma(A_k)}`: by an expression the body contains (the chain rule's middle step).
    if (v.k !== 'sym' && (v.k === 'unknown' || v.k === 'num')) throw new ParseStop('derivative by something that is not a variable');
    void t;
    return v;
  }

  /**
   * After `(` and a first entry `x_1`: `, x_2, …, x_n)` — entries numbered from 1 in order, one ellipsis,
   * the last entry named by a length — is the vector of entries x_k; null (nothing consumed) otherwise.
   */
  private entryList(first: Extract<Expr, { k: 'sym' }>, t: { s: number; e: number }): Expr | null {
    const at = this.i;
    const written: Expr[] = [first];
    let dots = 0;
    let last: Expr | null = null;
    try {
      while (this.peek()?.t === 'comma') {
        this.i++;
        if (this.peek()?.t === 'dots') {
          this.i++;
          dots++;
          continue;
        }
        const item = this.parseExpr();
        if (dots > 0) {
          if (last) throw new ParseStop('entries after the last one');
          last = item;
        } else written.push(item);
      }
    } catch (error) {
      if (!(error instanceof ParseStop)) throw error;
      this.i = at;
      return null;
    }
    const end = this.peek();
    if (dots !== 1 || !last || !end || end.t !== 'close' || end.sub || end.sup) {
      this.i = at;
      return null;
    }
    const pattern = templateOf(written[0]!, last);
    if (!pattern || pattern.from !== 1 || written.some((x, n) => templateOf(x, last!)?.from !== n + 1)) {
      this.i = at;
      return null;
    }
    this.i++;
    return { k: 'matrix', rows: [[pattern.template]], pattern: SERIES_INDEX, s: t.s, e: end.e };
  }

  /** A bmatrix/pmatrix: every cell read as an expression (a cell we cannot read makes the matrix unreadable). */
  private matrix(t: Extract<Tok, { t: 'matrix' }>): Expr {
    if (t.sub) throw new ParseStop('subscript on a matrix');
    if (t.sup) {
      const info = this.supInfo(t.sup);
      throw new ParseStop(info.kind === 'transpose' ? 'matrix notation (a transpose)' : 'superscript on a matrix');
    }
    const width = Math.max(...t.rows.map((r) => r.length));
    if (t.rows.length === 0 || width === 0 || t.rows.length * width > 400) throw new ParseStop('matrix');
    const vdots = t.rows.map((row) => row.some((cell) => isVdots(cell)));
    if (vdots.some((v) => v)) return this.patternColumn(t, vdots);
    const rows: Expr[][] = t.rows.map((row) => {
      if (row.length !== width) throw new ParseStop('a matrix with rows of different lengths');
      return row.map((cell) => this.matrixCell(cell));
    });
    return { k: 'matrix', rows, s: t.s, e: t.e };
  }

  /** One matrix cell as an expression; a cell we cannot read makes the matrix unreadable. */
  private matrixCell(cell: KNode[]): Expr {
    const toks: Tok[] = [];
    flatten(cell, this.ctx, toks);
    const x = Parser.expr(toks, this.ctx);
    if (!x || x.k === 'unknown') throw new ParseStop(`matrix cell: ${x ? x.why : 'empty'}`);
    return x;
  }

  /**
   * `\begin{pmatrix} p_1 - y_1 \\ p_2 - y_2 \\ \vdots \\ p_n - y_n \end{pmatrix}`: a column written
   * with ⋮ is the vector whose m-th entry is the rows' pattern (read from the first and last rows,
   * and every row written before the ⋮ must follow it). Anything else with ⋮ is not read.
   */
  private patternColumn(t: Extract<Tok, { t: 'matrix' }>, vdots: boolean[]): Expr {
    const at = vdots.indexOf(true);
    if (t.rows.some((r) => r.length !== 1) || vdots.filter((v) => v).length !== 1 || at === 0 || at !== t.rows.length - 2) throw new ParseStop('a matrix with ⋮ we cannot read');
    const cell = (row: KNode[][]): Expr => this.matrixCell(row[0]!);
    const written = t.rows.slice(0, at).map(cell);
    const last = cell(t.rows[t.rows.length - 1]!);
    const pattern = templateOf(written[0]!, last);
    if (!pattern || pattern.from !== 1 || written.some((x, n) => templateOf(x, last)?.from !== n + 1)) throw new ParseStop('a matrix with ⋮ we cannot read');
    return { k: 'matrix', rows: [[pattern.template]], pattern: SERIES_INDEX, s: t.s, e: t.e };
  }

  private cases(t: Extract<Tok, { t: 'cases' }>): Expr {
    const branches: { value: Expr; cond: Cond | null }[] = [];
    for (const row of t.rows) {
      const valueToks: Tok[] = [];
      flatten(row[0] ?? [], this.ctx, valueToks);
      if (valueToks.some((x) => x.t === 'rel')) throw new ParseStop('cases with relations');
      const condToks: Tok[] = [];
      for (const cell of row.slice(1)) flatten(cell, this.ctx, condToks);
      // `x, x \ge 0` written in one cell: split at the last top-level comma.
      let value = valueToks;
      let condPart = condToks;
      if (condPart.length === 0) {
        const comma = valueToks.findIndex((x) => x.t === 'comma');
        if (comma >= 0) {
          value = valueToks.slice(0, comma);
          condPart = valueToks.slice(comma + 1);
        }
      }
      const x = Parser.expr(value, this.ctx);
      if (!x) throw new ParseStop('empty case');
      // `& if & i = j`: the word written in math letters (`if`, `for`, `when`) before the condition.
      condPart = dropLeadingWord(condPart);
      let cond = readCond(condPart, this.ctx);
      if (!cond) cond = condFromText(condPart);
      const words = condPart.map((c) => (c.t === 'text' ? c.words : c.t === 'comma' || c.t === 'amp' ? '' : '?')).join(' ').trim();
      // A condition we cannot read must not silently become the fallback branch.
      if (!cond && words !== '' && !/^(otherwise|else|其他|其它|否则)?[\s,.;:]*$/i.test(words)) throw new ParseStop('unreadable case condition');
      branches.push({ value: x, cond });
    }
    if (branches.length === 0) throw new ParseStop('empty cases');
    return { k: 'cases', branches, s: t.s, e: t.e };
  }
}

/** A matrix cell that is ⋮ (`\vdots`, which KaTeX builds from `\varvdots`). */
function isVdots(cell: KNode[]): boolean {
  const stack = [...cell];
  for (let guard = 0; stack.length > 0 && guard < 1000; guard++) {
    const n = stack.pop()!;
    if (n.text === '\\varvdots' || n.text === '\\vdots') return true;
    if (Array.isArray(n.body)) stack.push(...(n.body as KNode[]));
  }
  return false;
}

/** The index a series' terms run over (`x_1 + … + x_n` becomes `\\sum_{#series=1}^{n} x_{#series}`). */
const SERIES_INDEX = '#series';

/** The index of a series' middle term (`(p_i - y_i)` is the i-th): its one index letter, or null. */
function middleIndex(x: Expr): Expr | null {
  const letters = new Map<string, Expr>();
  const stack = [x];
  let guard = 0;
  while (stack.length > 0 && guard++ < 10_000) {
    const cur = stack.pop()!;
    if (cur.k === 'sym') {
      for (const i of cur.idx) if (i.k === 'sym' && i.idx.length === 0 && /^[a-z]$/.test(i.name)) letters.set(i.name, i);
      continue;
    }
    if (cur.k === 'big') return null;
    stack.push(...childrenOfExpr(cur));
  }
  return letters.size === 1 ? [...letters.values()][0]! : null;
}

/**
 * The sum `x_1 + x_2 + … + x_n` spells: the last term is the first with one number (1, or what the
 * first term has) replaced everywhere by the series' end (`n`, `N`, a number); the terms between
 * must be that template at 2, 3 …. Uses the last one or two terms before the ellipsis; null when
 * they do not fit one pattern.
 */
function seriesOf(terms: Expr[], last: Expr, at: number): { sum: Expr; used: number } | null {
  for (const used of [Math.min(3, terms.length), 2, 1]) {
    if (used < 1 || used > terms.length) continue;
    const first = terms[terms.length - used]!;
    const diff = templateOf(first, last);
    if (!diff) continue;
    const ok = terms.slice(terms.length - used).every((term, n) => {
      const again = templateOf(term, last);
      return again !== null && again.from === diff.from + n;
    });
    if (!ok) continue;
    const sum: Expr = { k: 'big', op: 'sum', v: SERIES_INDEX, lo: { k: 'num', v: diff.from, s: at, e: at }, hi: diff.to, ne: [], body: diff.template, s: first.s, e: last.e };
    return { sum, used };
  }
  return null;
}

/** A series' end written as a letter and a number (`x_{d-1}`, `x_{n+1}`): `d - 1`. */
function isEndArithmetic(y: Expr): boolean {
  const plain = (t: Expr): boolean => t.k === 'num' || (t.k === 'sym' && t.idx.length === 0) || (t.k === 'neg' && plain(t.x));
  return y.k === 'add' && y.terms.length === 2 && y.terms.every(plain) && y.terms.some((t) => t.k === 'sym') && y.terms.some((t) => t.k === 'num' || t.k === 'neg');
}

/** Compares a series' first term with its last: the one number that became the end, and the term as a template. */
function templateOf(a: Expr, b: Expr): { template: Expr; from: number; to: Expr } | null {
  let from: number | null = null;
  let to: Expr | null = null;
  const same = sameShape;
  const go = (x: Expr, y: Expr): Expr | null => {
    if (x.k === 'num' && Number.isInteger(x.v) && !(y.k === 'num' && y.v === x.v) && (y.k === 'num' || (y.k === 'sym' && y.idx.length === 0) || isEndArithmetic(y))) {
      if (from === null) {
        from = x.v;
        to = y;
      } else if (from !== x.v || !same(to!, y)) return null;
      return { k: 'sym', name: SERIES_INDEX, idx: [], s: x.s, e: x.e };
    }
    if (x.k === 'sym' && y.k === 'sym' && x.idx.length === 1 && y.idx.length === 0 && /^[nNKCM]$/.test(y.name.slice(x.name.length + 1)) && y.name === `${x.name}_${y.name.slice(x.name.length + 1)}`) {
      // `y_1 + … + y_K`: the uppercase end was read as part of the name (`y_K`).
      const end: Expr = { k: 'sym', name: y.name.slice(x.name.length + 1), idx: [], s: y.s, e: y.e };
      const idx = go(x.idx[0]!, end);
      return idx && { ...x, idx: [idx] };
    }
    if (x.k !== y.k) return null;
    switch (x.k) {
      case 'num': return x.v === (y as typeof x).v ? x : null;
      case 'sym': {
        const z = y as typeof x;
        if (x.name !== z.name || x.idx.length !== z.idx.length) return null;
        const idx = x.idx.map((i, n) => go(i, z.idx[n]!));
        return idx.every((i) => i) ? { ...x, idx: idx as Expr[] } : null;
      }
      case 'add': case 'mul': {
        const xs = x.k === 'add' ? x.terms : x.fs;
        const ys = (y as typeof x).k === 'add' ? (y as Extract<Expr, { k: 'add' }>).terms : (y as Extract<Expr, { k: 'mul' }>).fs;
        if (xs.length !== ys.length) return null;
        const parts = xs.map((p, n) => go(p, ys[n]!));
        if (!parts.every((p) => p)) return null;
        return x.k === 'add' ? { ...x, terms: parts as Expr[] } : { ...x, fs: parts as Expr[] };
      }
      case 'neg': { const r = go(x.x, (y as typeof x).x); return r && { ...x, x: r }; }
      case 'div': { const z = y as typeof x; const n = go(x.n, z.n); const d = go(x.d, z.d); return n && d && { ...x, n, d }; }
      case 'pow': { const z = y as typeof x; const b = go(x.b, z.b); const p = go(x.x, z.x); return b && p && { ...x, b, x: p }; }
      case 'call': {
        const z = y as typeof x;
        if (x.f !== z.f || x.args.length !== z.args.length) return null;
        const args = x.args.map((p, n) => go(p, z.args[n]!));
        return args.every((p) => p) ? { ...x, args: args as Expr[] } : null;
      }
      case 'deriv': { const z = y as typeof x; const f = go(x.f, z.f); const w = go(x.wrt, z.wrt); return f && w && { ...x, f, wrt: w }; }
      default: return same(x, y) ? x : null;
    }
  };
  const template = go(a, b);
  if (!template || from === null || to === null) return null;
  return { template, from, to };
}

/** Thrown inside the parser to give up on one expression; not an Error, so no stack is captured (it is thrown often). */
class ParseStop {
  constructor(readonly message: string) {}
}

/** `i = j`, `\text{if } i \neq j`, `x \ge 0`; `otherwise` and empty give null (the fallback branch). */
export function readCond(toks: Tok[], ctx: FlattenContext): Cond | null {
  let body = toks.filter((x) => x.t !== 'text' && x.t !== 'comma' && x.t !== 'amp' && x.t !== 'gap');
  // `\quad (i \neq j)`: the condition in brackets.
  if (body.length > 2 && body[0]!.t === 'open' && body[body.length - 1]!.t === 'close' && !body.slice(1, -1).some((x) => x.t === 'open' || x.t === 'close')) body = body.slice(1, -1);
  const relAt = body.findIndex((x) => x.t === 'rel');
  if (relAt < 0) return null;
  const rel = body[relAt] as Extract<Tok, { t: 'rel' }>;
  const a = Parser.expr(body.slice(0, relAt), ctx);
  const b = Parser.expr(body.slice(relAt + 1), ctx);
  if (!a || !b || body.slice(relAt + 1).some((x) => x.t === 'rel')) return null;
  const map: Record<string, Cond['rel']> = {
    '=': 'eq', '\\neq': 'ne', '\\ne': 'ne', '<': 'lt', '>': 'gt', '\\le': 'le', '\\leq': 'le', '\\leqslant': 'le', '\\ge': 'ge', '\\geq': 'ge', '\\geqslant': 'ge',
  };
  const r = map[rel.text];
  if (!r) return null;
  return { a, b, rel: r };
}

/** Drops `if`, `for`, `when`, `where` spelt in math letters at the start of a condition (and separators before it). */
function dropLeadingWord(toks: Tok[]): Tok[] {
  let n = 0;
  while (n < toks.length && (toks[n]!.t === 'amp' || toks[n]!.t === 'comma' || toks[n]!.t === 'gap')) n++;
  let word = '';
  let m = n;
  while (m < toks.length && toks[m]!.t === 'letter' && (m === n || toks[m]!.s === toks[m - 1]!.e)) {
    word += (toks[m] as Extract<Tok, { t: 'letter' }>).ch;
    m++;
  }
  return /^(if|for|when|where|iff)$/.test(word) ? toks.slice(m) : toks;
}

/** `\text{if } i = j` read from the words: `i = j`, `i ≠ j`, `i \ne j`. */
function condFromText(toks: Tok[]): Cond | null {
  const words = toks.filter((t) => t.t === 'text').map((t) => (t as { words: string }).words).join(' ');
  const m = /(?<![A-Za-z])([a-z])\s*(=|≠|!=|\\neq|\\ne)\s*([a-z])(?![A-Za-z])/.exec(words);
  if (!m) return null;
  const sym = (name: string): Expr => ({ k: 'sym', name, idx: [], s: 0, e: 0 });
  return { a: sym(m[1]!), b: sym(m[3]!), rel: m[2] === '=' ? 'eq' : 'ne' };
}

const STRUCT_BEFORE = /(\\(?:sum|prod)\s*(?:\\limits|\\nolimits)?\s*[_^]\s*|\\left\s*(?:\\[{|]|\\l[a-z]+|[([|.])|\\(?:big|Big|bigg|Bigg)[lm]?\s*(?:\\[{|]|[([|])|\\[a-zA-Z]+\*?|\{)\s*$/;
const STRUCT_AFTER = /^\s*(\\right\s*(?:\\[}|]|\\r[a-z]+|[)\]|.])|\\(?:big|Big|bigg|Bigg)[rm]?\s*(?:\\[}|]|[)\]|])|\})/;

/** Widens a token-derived span over the TeX around it that KaTeX gives no position for (`\frac{`, `\right)`, `}`). */
function widen(src: string, s: number, e: number): { s: number; e: number } {
  let start = s;
  for (let guard = 0; guard < 50; guard++) {
    const m = STRUCT_BEFORE.exec(src.slice(Math.max(0, start - 24), start));
    if (!m || /^\\(begin|end|\\)/.test(m[1] ?? '')) break;
    start -= m[0].length;
  }
  let end = e;
  for (let guard = 0; guard < 50; guard++) {
    const m = STRUCT_AFTER.exec(src.slice(end, end + 24));
    if (!m) break;
    end += m[0].length;
  }
  return { s: start, e: end };
}

function tokSpan(toks: Tok[]): { s: number; e: number } | null {
  let s = Infinity;
  let e = -Infinity;
  for (const t of toks) {
    if (t.t === 'row' || t.t === 'amp' || t.t === 'gap') continue;
    if (t.s < s) s = t.s;
    if (t.e > e) e = t.e;
  }
  return s === Infinity ? null : { s, e };
}

function splitRows(toks: Tok[]): Tok[][] {
  const rows: Tok[][] = [[]];
  for (const t of toks) {
    if (t.t === 'row') rows.push([]);
    else rows[rows.length - 1]!.push(t);
  }
  return rows.filter((r) => r.some((t) => t.t !== 'amp'));
}

/** Joins a row to the one before when it only continues an expression (`\\ &+ b` or `a = \\ b`). */
function joinContinuations(rows: Tok[][]): Tok[][] {
  const out: Tok[][] = [];
  for (const row of rows) {
    const firstReal = row.find((t) => t.t !== 'amp');
    const prev = out[out.length - 1];
    const prevLast = prev ? [...prev].reverse().find((t) => t.t !== 'amp') : undefined;
    const continues = prev && ((firstReal && firstReal.t === 'op' && firstReal.op !== '/' && !(prevLast && prevLast.t === 'rel')) || (prevLast && (prevLast.t === 'op' || (prevLast.t === 'rel' && firstReal && firstReal.t !== 'rel'))));
    if (continues && prev) prev.push(...row);
    else out.push([...row]);
  }
  return out;
}

/**
 * `g_i = e^{a_i}, h_i = \sum_k e^{a_k}`: statements listed with commas are separate rows. A comma
 * followed by a condition (`s_i(1 - s_i), i = j`, `n = 3`, `x, x \ge 0`) is not a list: the part
 * after the comma must have its own `=` and not be a letter compared with a letter or a number,
 * and the part before must be a statement too.
 */
/** A lone index letter or number (`i`, `3`): what `i = j`, `n = 3` compare, conditions rather than statements. */
function isLoneToken(x: Tok | undefined): boolean {
  return !!x && ((x.t === 'letter' && /^[a-z]$/.test(x.ch) && !x.sub && !x.sup) || x.t === 'num');
}

/** Words inside math that introduce a definition of what the statement before them uses (`∵`, `\because` too). */
const DEFINITION_WORDS = /^\s*(where|with|here|and|because|since|其中|这里|此处|令|设|因为)\s*[:：,，]?\s*$/i;


/**
 * `∂s_i/∂z_j = -s_i s_j \quad \text{where } s_i = \frac{…}{…}, \; i \neq j`: the definition after the
 * words is a statement of its own (a row after the claim); what follows it (`, i ≠ j`) stays the
 * claim's tail, so its conditions still apply to the claim. The definitions' rows are added to `aside`.
 */
function splitWhereDefinitions(rows: Tok[][], aside: Set<Tok[]>): Tok[][] {
  const out: Tok[][] = [];
  for (const row of rows) {
    let depth = 0;
    let sawRel = false;
    let split: { claim: Tok[]; defs: Tok[][] } | null = null;
    for (let n = 0; n < row.length && !split; n++) {
      const t = row[n]!;
      if (t.t === 'open') depth++;
      else if (t.t === 'close') depth--;
      else if (t.t === 'rel' && depth <= 0) sawRel = true;
      else if (t.t === 'text' && depth <= 0) {
        if (!sawRel || !DEFINITION_WORDS.test(t.words)) break;
        // Definitions follow, separated by top-level commas or wide spaces, until a segment that is not one.
        const defs: Tok[][] = [];
        let at = n + 1;
        while (at < row.length) {
          const end = segmentEnd(row, at);
          const seg = row.slice(at, end);
          if (!isDefinitionSegment(seg)) break;
          defs.push(seg);
          at = end;
          // `, \; L = …`, `\quad \text{and} \quad L = …`: the separators between definitions.
          let skip = at;
          while (skip < row.length && (row[skip]!.t === 'comma' || row[skip]!.t === 'gap' || (row[skip]!.t === 'text' && DEFINITION_WORDS.test((row[skip] as Extract<Tok, { t: 'text' }>).words)))) skip++;
          if (skip < row.length && isDefinitionSegment(row.slice(skip, segmentEnd(row, skip)))) at = skip;
          else {
            while (at < row.length && (row[at]!.t === 'comma' || row[at]!.t === 'gap')) at++;
            break;
          }
        }
        if (defs.length === 0) break;
        // The claim keeps what follows the definitions (`, i \neq j`: its condition).
        const claim = row.slice(0, n);
        // The comma or wide space before the words separated the claim from them: it goes.
        while (claim.length > 0 && (claim[claim.length - 1]!.t === 'comma' || claim[claim.length - 1]!.t === 'gap')) claim.pop();
        const rest = row.slice(at);
        if (rest.length > 0) claim.push({ t: 'comma', s: rest[0]!.s, e: rest[0]!.s }, ...rest);
        split = { claim, defs };
      }
    }
    if (split) {
      out.push(split.claim, ...split.defs);
      for (const d of split.defs) aside.add(d);
    } else out.push(row);
  }
  return out;
}

/** Where a segment starting at `from` ends: the next top-level comma, wide space or words. */
function segmentEnd(row: Tok[], from: number): number {
  let d = 0;
  let end = from;
  for (; end < row.length; end++) {
    const u = row[end]!;
    if (u.t === 'open') d++;
    else if (u.t === 'close') d--;
    else if ((u.t === 'comma' || u.t === 'gap' || u.t === 'text') && d <= 0) break;
  }
  return end;
}

/** One top-level `=` or `:=` with something on each side, and not a comparison of two index letters or numbers (`i = j`). */
function isDefinitionSegment(seg: Tok[]): boolean {
  let d = 0;
  let rel = -1;
  let last = -1;
  for (let n = 0; n < seg.length; n++) {
    const u = seg[n]!;
    if (u.t === 'open') d++;
    else if (u.t === 'close') d--;
    else if (u.t === 'rel' && d <= 0) {
      // One `=`, or a chain of two naming the value (`\mathrm{softmax}(z)_i = \frac{…}{…} = p_i`).
      if (u.rel === 'other' || (rel >= 0 && (last !== rel || u.rel !== 'eq' || (seg[rel] as Extract<Tok, { t: 'rel' }>).rel !== 'eq'))) return false;
      if (rel < 0) rel = n;
      last = n;
    }
  }
  if (rel <= 0 || last === seg.length - 1 || last === rel + 1) return false;
  return !(rel === 1 && isLoneToken(seg[0]) && seg.length === 3 && isLoneToken(seg[2]));
}

function splitStatementLists(rows: Tok[][]): Tok[][] {
  const out: Tok[][] = [];
  for (const row of rows) {
    let rest = row;
    for (let guard = 0; guard < 50; guard++) {
      const at = listComma(rest);
      if (at < 0) break;
      out.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
    }
    out.push(rest);
  }
  return out;
}

function listComma(row: Tok[]): number {
  let depth = 0;
  let sawRel = false;
  for (let n = 0; n < row.length; n++) {
    const t = row[n]!;
    if (t.t === 'open') depth++;
    else if (t.t === 'close') depth--;
    else if (t.t === 'text') return -1;
    else if (t.t === 'rel') sawRel = true;
    else if ((t.t === 'comma' || t.t === 'gap') && depth <= 0) {
      // `, \quad z = wx + b`: the wide space that opens the next statement separates nothing yet.
      if (!sawRel && t.t === 'gap') continue;
      if (!sawRel) return -1;
      let after = row.slice(n + 1).filter((x) => x.t !== 'amp' && x.t !== 'gap');
      // `\qquad (i = j)`: a bracketed comparison is read like a bare one.
      if (after.length > 2 && after[0]!.t === 'open' && after[after.length - 1]!.t === 'close') after = after.slice(1, -1);
      const rel = after.findIndex((x) => x.t === 'rel');
      // `\quad \text{for } i = j`: words before the comparison make it a condition, not a statement.
      if (rel > 0 && after.slice(0, rel).some((x) => x.t === 'text')) return -1;
      if (rel <= 0 || (after[rel] as Extract<Tok, { t: 'rel' }>).text !== '=') return -1;
      // `i = j`, `n = 3`, `k = 1` after a comma are conditions on an index or a length.
      const left = after.slice(0, rel);
      const right = after.slice(rel + 1);
      const only = left[0]!;
      if (left.length === 1 && isLoneToken(only) && right.length === 1 && isLoneToken(right[0])) return -1;
      return n;
    }
  }
  return -1;
}

export interface ParsedMath {
  rows: Row[];
  /** Text of `\text{…}` prose inside the math (`\text{when } i = j`), for regime detection. */
  prose: string[];
}

/**
 * Parses one math span into rows of relation chains. `tex` offsets are kept: every item's `s`/`e`
 * index into `tex`. Never throws; unreadable material becomes `unknown` nodes or an error.
 */
export function parseMath(tex: string, options: { budget?: number } = {}): Result<ParsedMath> {
  // Re-checking a note after an edit re-reads mostly unchanged blocks: remember recent parses.
  // The trees are never mutated by their users, so sharing them is safe.
  if (options.budget === undefined) {
    const hit = parseCache.get(tex);
    if (hit) {
      parseCache.delete(tex);
      parseCache.set(tex, hit);
      return hit;
    }
    const fresh = parseMathUncached(tex, options);
    parseCache.set(tex, fresh);
    if (parseCache.size > PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
    return fresh;
  }
  return parseMathUncached(tex, options);
}

const PARSE_CACHE_SIZE = 4000;
const parseCache = new Map<string, Result<ParsedMath>>();

/** Forgets remembered parses (benchmarks measure cold parsing with it). */
export function clearParseCache(): void {
  parseCache.clear();
}

function parseMathUncached(tex: string, options: { budget?: number }): Result<ParsedMath> {
  // KaTeX's positions point into the text it parsed, so the no-op blanking (length-preserving) happens first.
  const clean = blankNoOps(tex);
  const parsed = parseTex(clean);
  if (!parsed.ok) return parsed;
  const ctx: FlattenContext = { src: clean, budget: { left: options.budget ?? 200_000 }, gaps: true };
  const toks: Tok[] = [];
  try {
    flatten(parsed.value, ctx, toks);
  } catch (error) {
    if (error instanceof RangeError) return fail('math-too-deep', 'math nested too deeply to read', 0, 0);
    throw error;
  } finally {
    ctx.gaps = false;
  }
  if (ctx.budget.left <= 0) return fail('math-too-large', 'math too large to read within the budget', 0, 0);
  // Cases whose rows hold relations are a list of statements (`\begin{cases} L = … \\ y_i = … \end{cases}`).
  const expanded: Tok[] = [];
  for (const t of toks) {
    if (t.t === 'cases' && t.rows.some((row) => rowHasRel(row, ctx))) {
      t.rows.forEach((row) => {
        expanded.push({ t: 'row', s: t.s, e: t.s });
        row.forEach((cell, ci) => {
          if (ci > 0) expanded.push({ t: 'text', words: '&', s: t.s, e: t.s });
          flatten(cell, ctx, expanded);
        });
      });
      expanded.push({ t: 'row', s: t.e, e: t.e });
    } else expanded.push(t);
  }
  const rows: Row[] = [];
  const prose: string[] = [];
  // The definitions written aside a claim (see `Row.aside`), by row identity.
  const aside = new Set<Tok[]>();
  for (const rowToks of splitStatementLists(splitWhereDefinitions(joinContinuations(splitRows(expanded)), aside))) {
    // Prose (`\text{if}`), a condition cell, or a top-level comma ends the statement; what follows is a condition.
    let cut = -1;
    let depth = 0;
    for (let n = 0; n < rowToks.length; n++) {
      const t = rowToks[n]!;
      if (t.t === 'open') depth++;
      else if (t.t === 'close') depth--;
      else if (t.t === 'text' || ((t.t === 'comma' || t.t === 'gap') && depth <= 0)) {
        // A wide space before anything but a comparison (`a \quad b`) separates nothing we read: skip it.
        if (t.t === 'gap' && (!rowToks.slice(n + 1).some((x) => x.t === 'rel' || x.t === 'text') || rowToks.slice(0, n).every((x) => x.t === 'gap' || x.t === 'amp' || x.t === 'comma'))) continue;
        cut = n;
        break;
      }
    }
    if (cut >= 0) {
      const after = rowToks.slice(cut + 1);
      if (rowToks[cut]!.t === 'comma' && after.length > 0 && !after.some((t) => t.t === 'rel')) cut = -1;
    }
    let stmt = cut >= 0 ? rowToks.slice(0, cut) : rowToks;
    const tail = cut >= 0 ? rowToks.slice(cut) : [];
    for (const t of tail) if (t.t === 'text') prose.push(t.words);
    const conds: Cond[] = [];
    const c = readCond(tail, ctx);
    if (c) conds.push(c);
    // `\frac{\partial p_i}{\partial z_j}\Big|_{i=j}`, `\left. … \right|_{i = j}`: an evaluation bar whose
    // subscript compares two index letters is the row's condition (a lone bar: no absolute value pairs with it).
    const bars = stmt.filter((x) => x.t === 'bar');
    if (bars.length === 1 && bars[0]!.t === 'bar' && bars[0]!.sub && !bars[0]!.sup && !bars[0]!.double) {
      const bar = bars[0]!;
      const subToks: Tok[] = [];
      flatten(bodyOf(bar.sub), ctx, subToks);
      const c = readCond(subToks, ctx);
      const letter = (x: Expr): boolean => x.k === 'sym' && x.idx.length === 0 && /^[a-z]$/.test(x.name);
      if (c && (c.rel === 'eq' || c.rel === 'ne') && letter(c.a) && letter(c.b)) {
        conds.push(c);
        stmt = stmt.filter((x) => x !== bar);
      }
    }
    // `s_i(1 - s_i) \quad (i = j)`: a bracketed comparison of two index letters ending the row is its condition.
    const trailing = trailingCondition(stmt, ctx);
    if (trailing) {
      conds.push(trailing.cond);
      stmt = stmt.slice(0, trailing.at);
    }
    const segments: Tok[][] = [[]];
    const rels: Row['rels'] = [];
    let depth2 = 0;
    for (const t of stmt) {
      if (t.t === 'open') depth2++;
      else if (t.t === 'close') depth2--;
      if (t.t === 'rel' && depth2 > 0) {
        segments[segments.length - 1]!.push(t);
        continue;
      }
      if (t.t === 'rel') {
        rels.push({ rel: t.rel, text: t.text, s: t.s, e: t.e });
        segments.push([]);
      } else segments[segments.length - 1]!.push(t);
    }
    ctx.subConds = [];
    const items: Item[] = segments.map((seg, n) => {
      const expr = Parser.expr(seg, ctx);
      const span = tokSpan(seg);
      const lo = n > 0 ? rels[n - 1]!.e : 0;
      const hi = n < rels.length ? rels[n]!.s : tex.length;
      let s = span ? span.s : lo;
      let e = span ? span.e : lo;
      if (span) {
        const w = widen(tex, s, e);
        s = Math.max(lo, w.s);
        e = Math.min(hi, w.e);
      }
      return { expr, s, e, text: tex.slice(s, e) };
    });
    // `y_{k \neq i}` in a row: the row is about the case k ≠ i.
    for (const sc of ctx.subConds) if (!conds.some((c) => c.rel === sc.rel && sameShape(c.a, sc.a) && sameShape(c.b, sc.b))) conds.push(sc);
    ctx.subConds = undefined;
    rows.push(aside.has(rowToks) ? { items, rels, conds, aside: true } : { items, rels, conds });
  }
  return ok({ rows, prose });
}

/** `… (i = j)` / `… (i \neq j)` at the end of a statement, not right after a `1` or `\mathbb{1}` (an indicator). */
function trailingCondition(stmt: Tok[], ctx: FlattenContext): { cond: Cond; at: number } | null {
  const n = stmt.length;
  if (n < 6) return null;
  const [open, a, rel, b, close] = stmt.slice(n - 5) as [Tok, Tok, Tok, Tok, Tok];
  if (open.t !== 'open' || open.ch !== '(' || close.t !== 'close' || close.sub || close.sup || rel.t !== 'rel') return null;
  const before = stmt[n - 6]!;
  if (before.t === 'ind' || (before.t === 'num' && before.v === 1) || before.t === 'rel') return null;
  const letter = (x: Tok): boolean => x.t === 'letter' && /^[a-z]$/.test(x.ch) && !x.sub && !x.sup;
  if (!letter(a) || !letter(b)) return null;
  const cond = readCond([a, rel, b], ctx);
  if (!cond || (cond.rel !== 'eq' && cond.rel !== 'ne')) return null;
  // Only a separated bracket is a condition: `s_i (i = j)` with space or \quad, not `f(i = j)`.
  if (ctx.src.slice(before.e, open.s).trim() === '' && ctx.src.slice(before.e, open.s).length === 0) return null;
  return { cond, at: n - 5 };
}

function rowHasRel(row: KNode[][], ctx: FlattenContext): boolean {
  const toks: Tok[] = [];
  flatten(row[0] ?? [], ctx, toks);
  return toks.some((t) => t.t === 'rel');
}

/** A letter, or a letter with a subscript only (`x`, `x_i`, `\\theta_j`): the shape of a variable. */
function isPlainVariable(n: KNode | undefined): boolean {
  if (!n) return false;
  if (n.type === 'mathord') return true;
  return n.type === 'supsub' && !n.sup && (n.base as KNode | undefined)?.type === 'mathord' && !!n.sub;
}

/** The differential d however it is typed: `d`, `\\mathrm{d}`, `{\\rm d}`, `\\text{d}`, `\\operatorname{d}`. */
function isUprightD(n: KNode | undefined): boolean {
  for (let guard = 0; n && guard < 6; guard++) {
    if (n.type === 'mathord' || n.type === 'textord') return n.text === 'd';
    if (n.type === 'font') n = n.body as KNode | undefined;
    else if ((n.type === 'ordgroup' || n.type === 'text' || n.type === 'operatorname') && Array.isArray(n.body) && n.body.length === 1) n = n.body[0] as KNode;
    else return false;
  }
  return false;
}
