import type { Relation } from './tree';
import type { KNode } from './katexParse';
import { FUNCTION_COMMANDS, FUNCTION_WORDS } from '../knowledge/functions';

/**
 * KaTeX parse nodes flattened into a token stream for our own precedence parser. Grouping
 * structures that KaTeX already resolved (fractions, roots, braces, `\left…\right`) stay nested as
 * raw nodes inside the token so the parser converts them recursively.
 */
export type Tok =
  | { t: 'num'; v: number; s: number; e: number }
  | { t: 'letter'; ch: string; s: number; e: number; sub?: KNode; sup?: KNode }
  | { t: 'name'; name: string; s: number; e: number; sub?: KNode; sup?: KNode }
  | { t: 'func'; f: string; s: number; e: number; sub?: KNode; sup?: KNode }
  | { t: 'big'; op: 'sum' | 'prod'; s: number; e: number; sub?: KNode; sup?: KNode; sigma?: boolean }
  | { t: 'op'; op: '+' | '-' | '*' | '/'; s: number; e: number }
  | { t: 'rel'; rel: Relation; text: string; s: number; e: number }
  | { t: 'open'; ch: string; s: number; e: number }
  | { t: 'close'; ch: string; s: number; e: number; sup?: KNode; sub?: KNode }
  /** `|` or, `double`, the norm bars `\\|`, `\\Vert`. */
  | { t: 'bar'; s: number; e: number; sup?: KNode; sub?: KNode; double?: boolean }
  | { t: 'frac'; node: KNode; s: number; e: number; sup?: KNode; sub?: KNode }
  | { t: 'group'; nodes: KNode[]; s: number; e: number; sup?: KNode; sub?: KNode }
  | { t: 'sqrt'; node: KNode; s: number; e: number; sup?: KNode }
  | { t: 'cases'; rows: KNode[][][]; s: number; e: number }
  /** `\begin{bmatrix}…\end{bmatrix}`, `\begin{pmatrix}…\end{pmatrix}`: a matrix (or column/row vector) of cells. */
  | { t: 'matrix'; rows: KNode[][][]; s: number; e: number; sup?: KNode; sub?: KNode }
  | { t: 'partial'; s: number; e: number; sub?: KNode; sup?: KNode }
  /** `\mathbb{1}`, `\mathbb{I}`: an indicator; `letter` when the same mark may also be a plain letter (`\mathbb{I}`, an identity). */
  | { t: 'ind'; s: number; e: number; sub?: KNode; sup?: KNode; letter?: string }
  | { t: 'row'; s: number; e: number }
  | { t: 'amp'; s: number; e: number }
  | { t: 'comma'; s: number; e: number }
  | { t: 'text'; words: string; s: number; e: number }
  /** `\dots`, `\cdots`, `\ldots`, `...`: the terms of a series left out. */
  | { t: 'dots'; s: number; e: number }
  /** `\quad`, `\qquad`, `\hspace{2em}` between the parts of a row: a separator (a statement list, a condition), never a product. */
  | { t: 'gap'; s: number; e: number }
  | { t: 'bad'; why: string; s: number; e: number };

const BIN: Record<string, '+' | '-' | '*'> = {
  '+': '+', '-': '-', '\\cdot': '*', '\\times': '*', '*': '*', '\\ast': '*', '\\circ': '*', '\\odot': '*', '\\bullet': '*',
};
const DEF_RELS = new Set([':=', '\\triangleq', '\\coloneqq', '\\equiv', '\\doteq', '\\overset{def}{=}', '\\stackrel{def}{=}']);
const FUNCS: Readonly<Record<string, string>> = FUNCTION_COMMANDS;
/** Words written in `\text`/`\mathrm`/`\operatorname` or as plain letters that name a function (from the function registry). */
export const WORD_FUNCS: Readonly<Record<string, string>> = FUNCTION_WORDS;
const DOTS = new Set(['\\dots', '\\cdots', '\\@cdots', '\\ldots', '\\dotsb', '\\dotsc', '\\dotsm', '\\cdotp\\cdotp\\cdotp']);
/**
 * Words that in `\text{…}` are prose (a condition or a connective), never a quantity's name: English,
 * and the condition words of the other languages notes are written in (si, falls, wenn, cuando, se …).
 * Only ASCII words can be names at all (`für`, `när` are prose already).
 */
const PROSE_WORDS = /^(if|otherwise|else|for|when|where|and|or|with|since|then|s\.t\.|iff|so|thus|hence|let|all|any|si|sinon|pour|quand|lorsque|avec|sont|falls|wenn|sonst|mit|wobei|und|cuando|donde|para|con|sino|se|quando|altrimenti|als|voor|wanneer|anders|gdy|dla|om|annars)$/i;

export interface FlattenContext {
  src: string;
  /** Work budget: every node visited costs one unit; when it runs out the rest is `bad`. `depth` counts open sub-expressions. */
  budget: { left: number; depth?: number };
  /** Emit `gap` tokens for wide spaces (only while the statement rows are flattened). */
  gaps?: boolean;
  /** Conditions written inside subscripts (`y_{k \neq i}`), collected for the row being read. */
  subConds?: { a: import('./tree').Expr; b: import('./tree').Expr; rel: import('./tree').Cond['rel'] }[];
}

/** The node's own `loc`, only when it points into our source (macro expansions point elsewhere). */
export function ownLoc(node: KNode | undefined, ctx: FlattenContext): { s: number; e: number } | null {
  const loc = node?.loc;
  if (!loc || typeof loc.start !== 'number') return null;
  if (loc.lexer && loc.lexer.input !== undefined && loc.lexer.input !== ctx.src) return null;
  return { s: loc.start, e: loc.end };
}

/** Smallest span covering every located descendant (iterative: nesting depth is bounded by the caller anyway). */
const spanMemo = new WeakMap<object, { s: number; e: number } | null>();

export function spanOfNode(node: KNode | undefined, ctx: FlattenContext): { s: number; e: number } | null {
  if (!node) return null;
  const memo = spanMemo.get(node);
  if (memo !== undefined) return memo;
  const span = computeSpan(node, ctx);
  spanMemo.set(node, span);
  return span;
}

function computeSpan(node: KNode, ctx: FlattenContext): { s: number; e: number } | null {
  let s = Infinity;
  let e = -Infinity;
  const stack: unknown[] = [node];
  let visits = 0;
  while (stack.length > 0 && visits < 5000) {
    visits++;
    const cur = stack.pop();
    if (Array.isArray(cur)) {
      for (const c of cur) stack.push(c);
      continue;
    }
    if (!cur || typeof cur !== 'object') continue;
    const k = cur as KNode;
    if (typeof k.type === 'string') {
      const l = ownLoc(k, ctx);
      if (l) {
        if (l.s < s) s = l.s;
        if (l.e > e) e = l.e;
      }
    }
    for (const key of ['body', 'base', 'sup', 'sub', 'numer', 'denom', 'index']) {
      const v = (k as Record<string, unknown>)[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return s === Infinity ? null : { s, e };
}

function textOf(node: KNode | undefined): string {
  if (!node) return '';
  if (Array.isArray(node)) return (node as KNode[]).map(textOf).join('');
  if (typeof node.text === 'string') return node.text;
  // `\neq` inside `\text{if $i \neq j$}`: the character MathML gives (≠), not the pieces it is drawn with.
  if (node.type === 'htmlmathml') return textOf(node.mathml as KNode);
  const body = node.body;
  if (Array.isArray(body)) return (body as KNode[]).map(textOf).join('');
  if (body && typeof body === 'object') return textOf(body as KNode);
  return '';
}

/** Relations that open a row as a word would (`\therefore`, `\Rightarrow`): dropped there. */
const LEADING_WORD_RELS = new Set(['\\therefore', '\\because', '\\Rightarrow', '\\implies', '\\Longrightarrow', '\\to', '\\rightarrow']);

/**
 * `\stackrel{(a)}{=}`, `\overset{\text{chain rule}}{=}`, `\underset{(1)}{=}`: KaTeX gives an operator
 * whose body is the relation and whose script is the label. The label is a remark, except `def`
 * (a definition) and `?` (a question, not a claim).
 */
function labelledRelation(node: KNode, label: KNode | undefined): Extract<Tok, { t: 'rel' }> | null {
  const body = bodyNodes(node);
  const only = body.length === 1 ? body[0]! : undefined;
  if (!label || !only || only.type !== 'atom' || only.family !== 'rel' || typeof only.text !== 'string') return null;
  const words = textOf(label).replace(/\s+/g, '');
  if (/def/i.test(words)) return { t: 'rel', rel: 'def', text: ':=', s: 0, e: 0 };
  if (words.includes('?')) return { t: 'rel', rel: 'other', text: `${only.text}?`, s: 0, e: 0 };
  return { t: 'rel', rel: relOf(only.text), text: only.text, s: 0, e: 0 };
}

function relOf(text: string): Relation {
  if (text === '=') return 'eq';
  if (DEF_RELS.has(text)) return 'def';
  return 'other';
}

function bodyNodes(node: KNode): KNode[] {
  const body = node.body;
  if (Array.isArray(body)) return body as KNode[];
  if (body && typeof body === 'object') return [body as KNode];
  return [];
}

function delimTok(delim: string, s: number, e: number): Tok | null {
  if (delim === '(' || delim === '[' || delim === '\\{' || delim === '\\lbrace' || delim === '\\lbrack' || delim === '\\langle') return { t: 'open', ch: delim, s, e };
  if (delim === ')' || delim === ']' || delim === '\\}' || delim === '\\rbrace' || delim === '\\rbrack' || delim === '\\rangle') return { t: 'close', ch: delim, s, e };
  if (delim === '|' || delim === '\\vert' || delim === '\\lvert' || delim === '\\rvert') return { t: 'bar', s, e };
  if (delim === '\\|' || delim === '\\Vert' || delim === '\\lVert' || delim === '\\rVert') return { t: 'bar', s, e, double: true };
  return null;
}

/**
 * Appends the tokens of `nodes` to `out`. Iterative over siblings, recursive only into the few
 * wrappers that KaTeX nests (styling, sizing, color) — depth is bounded by `MAX_NESTING`.
 */
export function flatten(nodes: readonly KNode[], ctx: FlattenContext, out: Tok[]): void {
  for (const node of nodes) {
    if (ctx.budget.left-- <= 0) {
      out.push({ t: 'bad', why: 'budget', s: 0, e: 0 });
      return;
    }
    const before = out.length;
    flattenOne(node, ctx, out, undefined, undefined, null);
    // `\not=`: the negation is one relation, ≠ (KaTeX gives the `\not` and the `=` apart).
    const prev = out[before - 1];
    const cur = out[before];
    if (out.length === before + 1 && prev && cur && prev.t === 'rel' && prev.text === '\\neq' && prev.s === prev.e && cur.t === 'rel' && cur.text === '=') {
      out.pop();
      prev.e = cur.e;
    }
  }
}

function flattenOne(node: KNode, ctx: FlattenContext, out: Tok[], sub: KNode | undefined, sup: KNode | undefined, outer: { s: number; e: number } | null): void {
  const span = outer ?? spanOfNode(node, ctx) ?? { s: out.length > 0 ? out[out.length - 1]!.e : 0, e: out.length > 0 ? out[out.length - 1]!.e : 0 };
  const { s, e } = span;
  const text = typeof node.text === 'string' ? node.text : '';
  const scripts = (tok: Tok): Tok => {
    if (sub) (tok as { sub?: KNode }).sub = sub;
    if (sup) (tok as { sup?: KNode }).sup = sup;
    return tok;
  };
  if (DOTS.has(text)) {
    out.push({ t: 'dots', s, e });
    return;
  }
  switch (node.type) {
    case 'supsub': {
      const base = node.base as KNode | undefined;
      const nsub = node.sub as KNode | undefined;
      const nsup = node.sup as KNode | undefined;
      if (!base) {
        out.push({ t: 'bad', why: 'script without base', s, e });
        return;
      }
      flattenOne(base, ctx, out, nsub, nsup, spanOfNode(node, ctx));
      return;
    }
    case 'mathord':
    case 'textord': {
      if (/^[0-9]$/.test(text) || text === '.') {
        const prev = out[out.length - 1];
        if (!sub && !sup && prev && prev.t === 'num' && prev.e === s && !(text === '.' && String(prev.v).includes('.'))) {
          const joined = `${ctx.src.slice(prev.s, e)}`;
          const v = Number(joined);
          if (Number.isFinite(v)) {
            out[out.length - 1] = { t: 'num', v, s: prev.s, e };
            return;
          }
        }
        if (text === '.' && !sub && !sup) {
          // `...` typed as three periods: one ellipsis.
          const src = ctx.src;
          if (src.slice(s, s + 3) === '...') {
            out.push({ t: 'dots', s, e: s + 3 });
            return;
          }
          if (src.slice(s - 1, s + 2) === '...' || src.slice(s - 2, s + 1) === '...') return;
        }
        if (text === '.') {
          // `p_j.p_i`: a dot written tight between two factors is a product, not the end of a sentence.
          const prevTok = out[out.length - 1];
          const tight = prevTok && prevTok.e === s && (prevTok.t === 'letter' || prevTok.t === 'name' || prevTok.t === 'close' || prevTok.t === 'group') && /^[A-Za-z\\({]/.test(ctx.src.slice(e, e + 1));
          out.push(tight ? { t: 'op', op: '*', s, e } : scripts({ t: 'comma', s, e }));
          return;
        }
        const tok: Tok = { t: 'num', v: Number(text), s, e };
        if (sub || sup) {
          // `1_{i=j}` is an indicator; a digit with a superscript is a power.
          if (text === '1' && sub) {
            out.push({ t: 'ind', s, e, sub });
            return;
          }
          // `10^{-3}`: KaTeX puts the power on the last digit; join the digits first.
          const before = out[out.length - 1];
          const joined = before && before.t === 'num' && before.e === s ? `${ctx.src.slice(before.s, s)}${text}` : '';
          if (sup && !sub && joined !== '' && /^[0-9]*\.?[0-9]+$/.test(joined)) {
            out[out.length - 1] = { t: 'num', v: Number(joined), s: before!.s, e };
          } else out.push(tok);
          // An empty group right after the number carries its power (`1^2`); the parser applies it.
          if (sup) out.push({ t: 'group', nodes: [], s: e, e, sup });
          return;
        }
        out.push(tok);
        return;
      }
      if (/^[a-zA-Z]$/.test(text)) {
        out.push(scripts({ t: 'letter', ch: text, s, e }));
        return;
      }
      if (/^\p{L}$/u.test(text) && text.charCodeAt(0) > 127 && !/[\u4e00-\u9fff]/.test(text)) {
        // A letter typed directly (Ŷ, θ): a name like any other.
        out.push(scripts({ t: 'name', name: text, s, e }));
        return;
      }
      if (text === '\\partial') {
        out.push(scripts({ t: 'partial', s, e }));
        return;
      }
      if (text === '\\nabla' && sub && !sup) {
        // `\nabla_{\mathbf z} L`: the gradient, read like `\partial_{\mathbf z} L` (component-wise for a vector).
        out.push(scripts({ t: 'partial', s, e }));
        return;
      }
      if (text === '/') {
        out.push({ t: 'op', op: '/', s, e });
        return;
      }
      if (text === '|' || text === '\\vert' || text === '\\|' || text === '\\Vert' || text === '\\lVert' || text === '\\rVert') {
        out.push(scripts({ t: 'bar', s, e, ...(text === '|' || text === '\\vert' ? {} : { double: true }) }));
        return;
      }
      if (text === '\\prime' || text === "'") {
        out.push({ t: 'bad', why: 'stray prime', s, e });
        return;
      }
      if (text === '\\forall') {
        // `\quad \forall\, i \neq j`: the quantifier reads like the words "for all" (a condition follows).
        out.push({ t: 'text', words: 'for all', s, e });
        return;
      }
      if (text === '\\Sigma' && sub) {
        // `\Sigma_{k} e^{a_k}`: the capital sigma written for the summation sign (the parser checks the body uses k).
        out.push(scripts({ t: 'big', op: 'sum', sigma: true, s, e }));
        return;
      }
      if (/^\\[a-zA-Z]+$/.test(text)) {
        const name = text.slice(1);
        if (name === 'ell' || /^(alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)$/.test(name)) {
          out.push(scripts({ t: 'name', name, s, e }));
          return;
        }
      }
      out.push({ t: 'bad', why: `symbol ${text}`, s, e });
      return;
    }
    case 'atom': {
      const family = node.family as string;
      if (family === 'bin') {
        const op = BIN[text];
        if (op) out.push({ t: 'op', op, s, e });
        else out.push({ t: 'bad', why: `operator ${text}`, s, e });
        return;
      }
      if (family === 'rel') {
        const prev = out[out.length - 1];
        // `\therefore a = b`, `\Rightarrow a = b` at the start of a row: a word of the prose, not a relation.
        if (LEADING_WORD_RELS.has(text) && (!prev || prev.t === 'row' || prev.t === 'amp' || prev.t === 'gap')) {
          // `\quad \because L = …` after a claim: a justification, read as words introducing a definition.
          if (text === '\\because' && prev && prev.t === 'gap') out.push({ t: 'text', words: 'because', s, e });
          return;
        }
        if (text === '=' && prev && prev.t === 'rel' && prev.text === ':') {
          out[out.length - 1] = { t: 'rel', rel: 'def', text: ':=', s: prev.s, e };
          return;
        }
        out.push({ t: 'rel', rel: relOf(text), text, s, e });
        return;
      }
      if ((family === 'open' || family === 'close') && /^\\[lr](vert|Vert)$/.test(text)) {
        // `\lvert x \rvert`, `\lVert v \rVert`: bars, as `|x|` and `\|v\|`.
        out.push(scripts({ t: 'bar', s, e, ...(text.endsWith('Vert') ? { double: true } : {}) }));
        return;
      }
      if (family === 'open') {
        out.push({ t: 'open', ch: text, s, e });
        return;
      }
      if (family === 'close') {
        out.push(scripts({ t: 'close', ch: text, s, e }));
        return;
      }
      if (family === 'punct') {
        out.push({ t: 'comma', s, e });
        return;
      }
      out.push({ t: 'bad', why: `atom ${text}`, s, e });
      return;
    }
    case 'op': {
      const name = typeof node.name === 'string' ? node.name : '';
      if (name === '\\sum' || name === '\\prod') {
        out.push(scripts({ t: 'big', op: name === '\\sum' ? 'sum' : 'prod', s, e }));
        return;
      }
      const f = FUNCS[name];
      if (f) {
        out.push(scripts({ t: 'func', f, s, e }));
        return;
      }
      const rel = labelledRelation(node, sub ?? sup);
      if (rel) {
        out.push({ ...rel, s, e });
        return;
      }
      if (!name && Array.isArray(node.body)) {
        // `\mathop{log}`: a word set as an operator, read like `\operatorname{log}`.
        const words = textOf(node).trim();
        const g = WORD_FUNCS[words];
        if (g) {
          out.push(scripts({ t: 'func', f: g, s, e }));
          return;
        }
      }
      out.push({ t: 'bad', why: `operator ${name || textOf(node).trim()}`, s, e });
      return;
    }
    case 'genfrac': {
      if (node.hasBarLine === false) {
        out.push({ t: 'bad', why: 'binomial', s, e });
        return;
      }
      out.push(scripts({ t: 'frac', node, s, e }));
      return;
    }
    case 'sqrt': {
      if (node.index) {
        out.push({ t: 'bad', why: 'n-th root', s, e });
        return;
      }
      out.push(scripts({ t: 'sqrt', node, s, e }));
      return;
    }
    case 'ordgroup': {
      if (bodyNodes(node).length === 0 && !sub && !sup) return;
      // `{\rm d}`, `{\bf z}_i`: a plain TeX font switch in braces is the font command on what follows it.
      const inside = bodyNodes(node);
      if (inside.length === 1 && inside[0]!.type === 'font') {
        flattenOne(inside[0]!, ctx, out, sub, sup, outer);
        return;
      }
      out.push(scripts({ t: 'group', nodes: bodyNodes(node), s, e }));
      return;
    }
    case 'styling':
    case 'sizing':
    case 'color':
    case 'mclass':
    case 'internal': {
      const only = bodyNodes(node).length === 1 ? bodyNodes(node)[0]! : undefined;
      if ((sub || sup) && only && (node.type !== 'mclass' || node.mclass === 'mord')) {
        // `\boldsymbol{a}_j` (KaTeX wraps the bold letter in an ordinary-class node), `{\color{red} a}_i`:
        // the scripts belong to the one thing inside.
        flattenOne(only, ctx, out, sub, sup, outer);
        return;
      }
      if (sub || sup) {
        out.push(scripts({ t: 'group', nodes: bodyNodes(node), s, e }));
        return;
      }
      flatten(bodyNodes(node), ctx, out);
      return;
    }
    case 'leftright': {
      const body = bodyNodes(node);
      const left = String(node.left ?? '');
      const right = String(node.right ?? '');
      const only = body.length === 1 ? body[0] : undefined;
      if ((left === '[' || left === '(' || left === '\\lbrack') && only && only.type === 'array' && only.hskipBeforeAndAfter === false && only.colSeparationType === undefined && only.addJot !== true && only.arraystretch === 1) {
        // KaTeX's positions cover the cells only: widen over `\begin{bmatrix}` … `\end{bmatrix}`.
        const before = /\\begin\s*\{[a-zA-Z]*matrix\*?\}\s*$/.exec(ctx.src.slice(Math.max(0, s - 40), s));
        const after = /^\s*\\end\s*\{[a-zA-Z]*matrix\*?\}/.exec(ctx.src.slice(e, e + 40));
        out.push(scripts({ t: 'matrix', rows: arrayRows(only), s: s - (before ? before[0].length : 0), e: e + (after ? after[0].length : 0) }));
        return;
      }
      if ((left === '\\{' || left === '\\lbrace') && (right === '.' || right === '') && only && only.type === 'array') {
        out.push({ t: 'cases', rows: arrayRows(only), s, e });
        return;
      }
      const open = delimTok(left, s, s);
      if (open) out.push(open);
      else if (left !== '.') out.push({ t: 'bad', why: `delimiter ${left}`, s, e });
      flatten(body, ctx, out);
      const close = delimTok(right, e, e);
      if (close) out.push(scripts(close));
      else if (right !== '.') out.push({ t: 'bad', why: `delimiter ${right}`, s, e });
      return;
    }
    case 'delimsizing': {
      const tok = delimTok(String(node.delim ?? ''), s, e);
      out.push(tok ? scripts(tok) : { t: 'bad', why: 'delimiter', s, e });
      return;
    }
    case 'middle': {
      out.push({ t: 'bar', s, e });
      return;
    }
    case 'array': {
      const rows = arrayRows(node);
      if (node.colSeparationType === 'align' || node.colSeparationType === 'alignat' || node.colSeparationType === 'gather' || rows.every((r) => r.length <= 2) && !isMatrix(node)) {
        rows.forEach((row, ri) => {
          if (ri > 0) out.push({ t: 'row', s, e: s });
          row.forEach((cell, ci) => {
            if (ci > 0) out.push({ t: 'amp', s, e: s });
            flatten(cell, ctx, out);
          });
        });
        return;
      }
      out.push({ t: 'bad', why: 'matrix', s, e });
      return;
    }
    case 'cr': {
      out.push({ t: 'row', s, e });
      return;
    }
    case 'spacing': {
      if (text === '\\quad' || text === '\\qquad') out.push({ t: 'row', s, e });
      return;
    }
    case 'kern': {
      // KaTeX expands `\quad` / `\qquad` to kerns of 1em / 2em: a wide space separates the parts of a row.
      const dim = node.dimension as { number?: number; unit?: string } | undefined;
      // At least a quad (1em ≈ 18mu ≈ 2.3ex ≈ 10pt ≈ 3.5mm at the usual sizes), `\hspace{1cm}` included.
      const perEm: Record<string, number> = { em: 1, mu: 18, ex: 2.3, pt: 10, bp: 10, mm: 3.5, cm: 0.35, in: 0.14, pc: 0.83 };
      const unit = dim && typeof dim.unit === 'string' ? perEm[dim.unit] : undefined;
      const wide = !!dim && typeof dim.number === 'number' && unit !== undefined && dim.number >= unit * 0.9;
      if (wide && ctx.gaps) out.push({ t: 'gap', s, e });
      return;
    }
    case 'glue':
    case 'phantom':
    case 'hphantom':
    case 'vphantom':
    case 'lap':
    case 'raisebox':
    case 'tag':
      return;
    case 'text': {
      const raw = textOf(node);
      const words = raw.trim();
      if (words === '' ) return;
      // A space inside the braces (`\text{si }`, `\text{ when}`) is prose spacing: names are written tight (`\text{loss}`).
      const known = WORD_FUNCS[words] ?? WORD_FUNCS[words.toLowerCase()];
      if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(words) && !PROSE_WORDS.test(words) && (raw === words || known)) {
        const f = known;
        if (f) out.push(scripts({ t: 'func', f, s, e }));
        else if (words === 'd' ) out.push(scripts({ t: 'letter', ch: 'd', s, e }));
        else out.push(scripts({ t: 'name', name: words, s, e }));
        return;
      }
      out.push({ t: 'text', words, s, e });
      return;
    }
    case 'operatorname': {
      const words = textOf(node).trim();
      const f = WORD_FUNCS[words];
      if (f) out.push(scripts({ t: 'func', f, s, e }));
      else if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(words)) out.push(scripts({ t: 'name', name: words, s, e }));
      else out.push({ t: 'bad', why: `operator ${words}`, s, e });
      return;
    }
    case 'font': {
      const inner = node.body as KNode | undefined;
      const font = String(node.font ?? '');
      if (font === 'mathbb' && inner && inner.text === '1') {
        out.push({ t: 'ind', s, e, ...(sub ? { sub } : {}) });
        return;
      }
      const letterI = inner?.type === 'ordgroup' && bodyNodes(inner).length === 1 ? bodyNodes(inner)[0] : inner;
      if ((font === 'mathbb' || font === 'mathbf' || font === 'mathds') && letterI && letterI.text === 'I') {
        // `\mathbb{I}(i = k)`, `\mathbb{I}_{i=k}`: an indicator when a comparison follows, else the letter I.
        out.push({ t: 'ind', s, e, ...(sub ? { sub } : {}), ...(sup ? { sup } : {}), letter: 'I' });
        return;
      }
      if (inner && inner.type === 'ordgroup') {
        const inside = bodyNodes(inner);
        const word = inside.every((n) => n.type === 'mathord' || n.type === 'textord') ? inside.map((n) => n.text ?? '').join('') : '';
        if (word.length > 1 && /^[A-Za-z]+$/.test(word)) {
          const f = WORD_FUNCS[word] ?? WORD_FUNCS[word.toLowerCase()];
          out.push(scripts(f ? { t: 'func', f, s, e } : { t: 'name', name: word, s, e }));
          return;
        }
        if (inside.length === 1 && (inside[0]!.type === 'mathord' || inside[0]!.type === 'textord')) {
          // `\boldsymbol{a}`, `\mathbf{z}`: a bold letter is the letter.
          flattenOne(inside[0]!, ctx, out, sub, sup, outer);
          return;
        }
        out.push(scripts({ t: 'group', nodes: inside, s, e }));
        return;
      }
      if (inner) flattenOne(inner, ctx, out, sub, sup, outer);
      return;
    }
    case 'accent': {
      const label = String(node.label ?? '').replace(/^\\/, '');
      let base = node.base as KNode | undefined;
      // `\hat{\mathbf y}`, `\tilde{\boldsymbol p}`: the accent over a bold letter is over the letter.
      for (let guard = 0; base && guard < 4; guard++) {
        const only: KNode[] = base.type === 'ordgroup' || base.type === 'mclass' ? bodyNodes(base) : base.type === 'font' ? [base.body as KNode] : [];
        if (only.length !== 1 || !only[0] || (base.type !== 'font' && only[0].type !== 'font' && only[0].type !== 'mclass')) break;
        base = only[0];
      }
      const baseText = base ? (base.type === 'ordgroup' ? textOf(base) : base.text ?? '') : '';
      if (/^(hat|widehat|bar|overline|tilde|widetilde|vec|dot|ddot)$/.test(label) && /^(\\?[a-zA-Z]+)$/.test(baseText)) {
        out.push(scripts({ t: 'name', name: `${label.replace(/^wide/, '')} ${baseText.replace(/^\\/, '')}`, s, e }));
        return;
      }
      // `\hat{y_i}`: the accent over an indexed letter is the accented symbol with that index.
      const inner = base ? (base.type === 'ordgroup' ? bodyNodes(base) : [base]) : [];
      const only = inner.length === 1 ? inner[0]! : undefined;
      const letter = only?.type === 'supsub' ? (only.base as KNode | undefined) : undefined;
      if (/^(hat|widehat|bar|overline|tilde|widetilde|vec|dot|ddot)$/.test(label) && only && letter && /^(\\?[a-zA-Z]+)$/.test(letter.text ?? '') && !sub) {
        const isub = only.sub as KNode | undefined;
        const isup = (only.sup as KNode | undefined) ?? sup;
        out.push({ t: 'name', name: `${label.replace(/^wide/, '')} ${(letter.text ?? '').replace(/^\\/, '')}`, s, e, ...(isub ? { sub: isub } : {}), ...(isup ? { sup: isup } : {}) });
        return;
      }
      out.push({ t: 'bad', why: `accent ${label}`, s, e });
      return;
    }
    case 'enclose':
      // `\boxed{…}`, `\fbox{$…$}`, `\colorbox{c}{$…$}`, `\cancel{…}`: a frame or a stroke over the same math.
      flattenOne({ type: 'ordgroup', mode: 'math', body: bodyNodes(node) } as KNode, ctx, out, sub, sup, span);
      return;
    case 'horizBrace':
      // `\underbrace{…}_{\text{note}}`: the braced math; the label under (over) the brace is a remark.
      if (node.base) flatten(bodyNodes({ type: 'ordgroup', body: node.base } as KNode), ctx, out);
      return;
    case 'htmlmathml': {
      const mathml = textOf(node.mathml as KNode);
      if (mathml.includes('≔')) {
        out.push({ t: 'rel', rel: 'def', text: ':=', s, e });
        return;
      }
      if (mathml.includes('≠') || mathml.includes('̸')) {
        out.push({ t: 'rel', rel: 'other', text: '\\neq', s, e });
        return;
      }
      out.push({ t: 'bad', why: 'macro', s, e });
      return;
    }
    default:
      out.push({ t: 'bad', why: `node ${node.type}`, s, e });
  }
}

function isMatrix(node: KNode): boolean {
  const cols = node.cols as unknown[] | undefined;
  return Array.isArray(cols) && cols.length > 2 && node.colSeparationType === undefined && node.addJot !== true;
}

/** Rows of an array node, each a list of cells, each cell the list of its content nodes. */
export function arrayRows(node: KNode): KNode[][][] {
  const body = node.body as KNode[][] | undefined;
  if (!Array.isArray(body)) return [];
  return body.map((row) =>
    row.map((cell) => {
      // Cells are `styling → ordgroup → …`; unwrap both.
      let nodes: KNode[] = [cell];
      for (let guard = 0; guard < 4 && nodes.length === 1; guard++) {
        const only = nodes[0]!;
        if (only.type === 'styling' || (only.type === 'ordgroup' && !only.loc)) nodes = bodyNodes(only);
        else break;
      }
      return nodes;
    }),
  );
}
