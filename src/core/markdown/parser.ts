/**
 * One markdown-it instance configured like VS Code's built-in preview (markdown-language-features
 * with `html: true` and `linkify: true`, plus the markdown-math extension's `@vscode/markdown-it-katex` with
 * `enableFencedBlocks`), instrumented so that every math token remembers where it came from.
 *
 * What the plugin supports, and therefore what counts as math here:
 * - `$$…$$` as a block (opening `$$` at the start of a line, any number of lines), and `$$…$$`
 *   inside a paragraph (display);
 * - `$…$` inline: the opening `$` must not follow `$`, `\` or a letter/digit, the closing `$` must not
 *   be followed by `$` or a letter/digit, the closing `$` must not be escaped by an odd number of `\`,
 *   and (VS Code's own patch) an opening `$` followed by one of `. ( # ' " , ;` is plain text;
 * - ```` ```math ```` / `~~~math` fences (display);
 * - never inside code spans, fenced or indented code, HTML blocks or comments (markdown-it never
 *   hands those to the inline rules), never after an opening inline HTML tag.
 * The plugin does NOT support `\(…\)` or `\[…\]`: markdown-it reads `\(` as an escaped `(`. Notes
 * written for MathJax/Jupyter/Typora use them a lot, so an extra inline rule (on by default, see
 * `ExtractOptions.backslashDelimiters`) recognises them at the same place in the rule chain.
 */
import MarkdownIt, { type PluginWithOptions } from 'markdown-it';
import * as katexPluginModule from '@vscode/markdown-it-katex';

type Md = MarkdownIt;
type BlockRule = Parameters<Md['block']['ruler']['push']>[1];
type InlineRule = Parameters<Md['inline']['ruler']['push']>[1];
type BlockState = Parameters<BlockRule>[0];
type InlineState = Parameters<InlineRule>[0];

/** Where an inline math token sits in its inline block's `content` (markdown-it's `state.src`). */
export interface InlineMathMeta {
  readonly kind: 'inline-math';
  readonly start: number; // position of the opening delimiter
  readonly end: number; // position just past the closing delimiter
  readonly texStart: number;
  readonly texEnd: number;
  readonly delimiter: '$$' | '$' | '\\[' | '\\(' | '\\begin';
}

/** Where a `$$` block came from, in normalised source offsets (markdown-it's block `state.src`). */
export interface BlockMathMeta {
  readonly kind: 'block-math';
  readonly start: number;
  readonly end: number;
  readonly texStart: number;
  readonly texEnd: number;
  /** Source ranges [from, to) of container prefixes (`>` markers) on continuation lines: blanked in the TeX. */
  readonly prefixes: readonly { readonly from: number; readonly to: number }[];
}

const nonMathAfterDollar = new Set(['.', '(', '#', "'", '"', ',', ';']);

interface KatexPluginModule {
  default?: unknown;
}

function katexPlugin(): PluginWithOptions<Record<string, unknown>> {
  // The package is CommonJS with `exports.default`; bundlers and loaders disagree on how much
  // of that wrapper they peel off, so accept both shapes.
  const mod = katexPluginModule as unknown as KatexPluginModule & { default?: KatexPluginModule };
  const candidate = typeof mod.default === 'function' ? mod.default : mod.default?.default;
  if (typeof candidate !== 'function') throw new Error('@vscode/markdown-it-katex: unexpected module shape');
  return candidate as PluginWithOptions<Record<string, unknown>>;
}

function findRule<T>(ruler: { __rules__?: { name: string; fn: T }[] }, name: string): { name: string; fn: T } {
  const rule = ruler.__rules__?.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it rule '${name}' not found`);
  return rule;
}

/**
 * `$(\\nabla_z L)_i = p_i - y_i$`: math that opens with a bracket (GitHub, Jupyter and MathJax render it;
 * VS Code's patch reads every `$(` as shell or jQuery). Read as math only when it is unmistakably TeX:
 * closed by a `$` on the same line, with a relation and a TeX command, script or brace inside.
 */
function bracketedMath(src: string, pos: number): boolean {
  if (src[pos + 1] !== '(') return false;
  const lineEnd = src.indexOf('\n', pos);
  const close = src.indexOf('$', pos + 1);
  if (close === -1 || (lineEnd !== -1 && close > lineEnd) || src[close - 1] === ' ' || src[close - 1] === '\\') return false;
  const inner = src.slice(pos + 1, close);
  return /[=<>]/.test(inner) && /\\[a-zA-Z]|[_^{]/.test(inner) && !/["#]|(?<!\\);/.test(inner);
}

/** Wraps an inline rule so the token it pushes records its span in `state.src`. */
function instrumentInline(md: Md, name: string, delimiter: '$' | '$$'): void {
  const rule = findRule<InlineRule>(md.inline.ruler as never, name);
  const original = rule.fn;
  rule.fn = function instrumented(state: InlineState, silent: boolean): boolean {
    if (delimiter === '$' && state.src[state.pos] === '$' && nonMathAfterDollar.has(state.src[state.pos + 1] ?? '') && !bracketedMath(state.src, state.pos)) {
      // VS Code's markdown-math patch: `$.` `$(` `$#` … are jQuery/shell, never math.
      if (!silent) state.pending += '$';
      state.pos += 1;
      return true;
    }
    const start = state.pos;
    const before = state.tokens.length;
    const matched = original.call(this, state, silent);
    if (matched && !silent && state.tokens.length > before) {
      const token = state.tokens[state.tokens.length - 1];
      if (token && (token.type === 'math_inline' || token.type === 'math_block')) {
        const width = delimiter.length;
        let texStart = start + width;
        let texEnd = state.pos - width;
        // The renderer strips one pair of backticks from `$`…`$` (for $`1+1=2`$).
        const content = state.src.slice(texStart, texEnd);
        if (delimiter === '$' && content.length > 2 && content[0] === '`' && content[content.length - 1] === '`') {
          texStart++;
          texEnd--;
        }
        const meta: InlineMathMeta = { kind: 'inline-math', start, end: state.pos, texStart, texEnd, delimiter };
        token.meta = meta;
      }
    }
    return matched;
  };
}

const noCloserParen = { src: '', from: 0 };
const noCloserBracket = { src: '', from: 0 };

/**
 * The environments MathJax (Jupyter, Typora, GitHub) typesets without any `$` around them. KaTeX
 * reads them in display mode, so the whole `\begin{…}…\end{…}` is the span's TeX.
 */
const MATH_ENVIRONMENTS = new Set(['equation', 'align', 'gather', 'multline', 'eqnarray', 'flalign', 'alignat', 'split'].flatMap((e) => [e, `${e}*`]));

/** `\begin{align*}…\end{align*}` in a paragraph, for a math environment, closed in the same paragraph. */
function environmentMath(state: InlineState, silent: boolean): boolean {
  const src = state.src;
  const pos = state.pos;
  if (!src.startsWith('\\begin{', pos)) return false;
  // Not `\\begin`: an escaped backslash before it makes it text.
  if (pos > 0 && src.charCodeAt(pos - 1) === 0x5c) return false;
  const nameEnd = src.indexOf('}', pos + 7);
  const name = nameEnd === -1 ? '' : src.slice(pos + 7, nameEnd);
  if (!MATH_ENVIRONMENTS.has(name)) return false;
  const closer = `\\end{${name}}`;
  const match = src.indexOf(closer, nameEnd);
  if (match === -1) return false;
  const end = match + closer.length;
  if (!silent) {
    const token = state.push('math_block', 'math', 0);
    token.content = src.slice(pos, end);
    token.markup = '\\begin';
    const meta: InlineMathMeta = { kind: 'inline-math', start: pos, end, texStart: pos, texEnd: end, delimiter: '\\begin' };
    token.meta = meta;
  }
  state.pos = end;
  return true;
}

/** `\(…\)` and `\[…\]` inside a paragraph; the closing delimiter must not itself be escaped. */
function backslashMath(state: InlineState, silent: boolean): boolean {
  const src = state.src;
  const pos = state.pos;
  if (src.charCodeAt(pos) !== 0x5c /* \ */) return false;
  if (environmentMath(state, silent)) return true;
  const open = src[pos + 1];
  if (open !== '(' && open !== '[') return false;
  const close = open === '(' ? '\\)' : '\\]';
  // Remember where a search for a closer already failed, so a paragraph full of unclosed `\(`
  // stays linear: a closer that does not exist after p does not exist after any later position.
  const failed = open === '(' ? noCloserParen : noCloserBracket;
  if (failed.src === src && pos >= failed.from) return false;
  let match = src.indexOf(close, pos + 2);
  while (match !== -1) {
    // `\\)` is an escaped backslash followed by ')': count the backslashes before the candidate.
    let k = match - 1;
    while (k >= pos + 2 && src.charCodeAt(k) === 0x5c) k--;
    if ((match - 1 - k) % 2 === 0) break;
    match = src.indexOf(close, match + 1);
  }
  if (match === -1) {
    failed.src = src;
    failed.from = pos;
    return false;
  }
  if (match === pos + 2) return false;
  if (!silent) {
    const token = state.push(open === '(' ? 'math_inline' : 'math_block', 'math', 0);
    token.content = src.slice(pos + 2, match);
    token.markup = open === '(' ? '\\(' : '\\[';
    const meta: InlineMathMeta = {
      kind: 'inline-math',
      start: pos,
      end: match + 2,
      texStart: pos + 2,
      texEnd: match,
      delimiter: open === '(' ? '\\(' : '\\[',
    };
    token.meta = meta;
  }
  state.pos = match + 2;
  return true;
}

/** Where an inline HTML token (a comment, a tag) sits in its inline block's `content`. */
export interface InlineHtmlMeta {
  readonly kind: 'inline-html';
  readonly start: number;
  readonly end: number;
}

function instrumentHtmlInline(md: Md): void {
  const rule = findRule<InlineRule>(md.inline.ruler as never, 'html_inline');
  const original = rule.fn;
  rule.fn = function instrumented(state: InlineState, silent: boolean): boolean {
    const start = state.pos;
    const before = state.tokens.length;
    const matched = original.call(this, state, silent);
    if (matched && !silent && state.tokens.length > before) {
      const token = state.tokens[state.tokens.length - 1];
      if (token && token.type === 'html_inline') {
        const meta: InlineHtmlMeta = { kind: 'inline-html', start, end: state.pos };
        token.meta = meta;
      }
    }
    return matched;
  };
}

/**
 * Wraps the plugin's block rule. Its token only carries `content` (with indentation and `>`
 * markers removed) and a line map, so the exact source positions are recomputed here from the
 * same state (`bMarks`, `tShift`, `eMarks`) the rule itself looked at, case by case as the rule
 * decides where the block ends.
 */
function instrumentBlock(md: Md, trailingSpaceCloses: boolean): void {
  const rule = findRule<BlockRule>(md.block.ruler as never, 'math_block');
  const original = rule.fn;
  rule.fn = function instrumented(state: BlockState, startLine: number, endLine: number, silent: boolean): boolean {
    // The plugin lists every `$$` of the line (`matchAll`) only to give up when there are two or
    // more: on a 10 MB line of `$` that is 5 million match objects. Counting to two decides the same.
    const open = (state.bMarks[startLine] as number) + (state.tShift[startLine] as number);
    if (state.src.startsWith('$$', open) && countPairs(state.src, open + 2, state.eMarks[startLine] as number, 2) >= 2) return false;
    if (trailingSpaceCloses) {
      const closed = oneLineWithTrailingSpace(state, startLine, silent);
      if (closed) return true;
      // `$$x$$ where …`: closed on its line and followed by text, it is display math inside a
      // paragraph (the inline rule reads it), not an opening `$$` whose block runs on.
      if (closedThenText(state, startLine)) return false;
    }
    const before = state.tokens.length;
    const matched = original.call(this, state, startLine, endLine, silent);
    if (!matched || silent || state.tokens.length === before) return matched;
    const token = state.tokens[state.tokens.length - 1];
    if (!token || token.type !== 'math_block') return matched;
    token.meta = blockMeta(state, startLine, endLine, state.line);
    return matched;
  };
}

/** The line opens with `$$`, closes it later on the line, and text follows the closing `$$`. */
function closedThenText(state: BlockState, startLine: number): boolean {
  const src = state.src;
  const open = (state.bMarks[startLine] as number) + (state.tShift[startLine] as number);
  const max = state.eMarks[startLine] as number;
  if (!src.startsWith('$$', open)) return false;
  const rest = src.slice(open + 2, max);
  const close = rest.indexOf('$$');
  return close > 0 && rest.slice(0, close).trim() !== '' && rest.slice(close + 2).trim() !== '';
}

/**
 * `$$x$$  ` on one line, its closing `$$` followed only by spaces or tabs: a closed one-line block
 * (see `ExtractOptions.trailingSpaceCloses`). Pushes the token as the plugin would for `$$x$$`.
 */
function oneLineWithTrailingSpace(state: BlockState, startLine: number, silent: boolean): boolean {
  const src = state.src;
  const open = (state.bMarks[startLine] as number) + (state.tShift[startLine] as number);
  const max = state.eMarks[startLine] as number;
  if (!src.startsWith('$$', open)) return false;
  const rest = src.slice(open + 2, max);
  const trimmed = trimTrailingBlanks(rest);
  if (trimmed.length === rest.length || countPairs(trimmed, 0, trimmed.length, 2) !== 1 || trimmed.indexOf('$$') !== trimmed.length - 2 || trimmed.length < 2) return false;
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = trimmed.slice(0, -2).trim();
  token.map = [startLine, startLine + 1];
  token.markup = '$$';
  const lead = trimmed.length - trimmed.trimStart().length;
  token.meta = { kind: 'block-math', start: open, end: open + 2 + trimmed.length, texStart: open + 2 + lead, texEnd: open + trimmed.length, prefixes: [] } satisfies BlockMathMeta;
  state.line = startLine + 1;
  return true;
}

/** Non-overlapping `$$` in `text[from, to)`, left to right as `/\$\$/g` finds them, counted up to `limit`. */
function countPairs(text: string, from: number, to: number, limit: number): number {
  let count = 0;
  for (let at = text.indexOf('$$', from); at !== -1 && at + 2 <= to && count < limit; at = text.indexOf('$$', at + 2)) count++;
  return count;
}

/** `text` without its trailing spaces and tabs (a loop: `/[ \t]+$/` is quadratic on a long run of spaces). */
function trimTrailingBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function blockMeta(state: BlockState, startLine: number, endLine: number, afterLine: number): BlockMathMeta {
  const src = state.src;
  const open = (state.bMarks[startLine] as number) + (state.tShift[startLine] as number);
  const firstMax = state.eMarks[startLine] as number;
  const firstLine = src.slice(open + 2, firstMax);
  // The plugin's test: exactly one `$$` (matched left to right, without overlap) and it ends the line.
  // Not `endsWith('$$')`: in `$$$$$` the one `$$` after the opening starts at 0, so it is unclosed.
  const closings = firstLine.split('$$').length - 1;
  if (closings === 1 && firstLine.indexOf('$$') === firstLine.length - 2) {
    // `$$x$$` on one line.
    const lead = firstLine.length - firstLine.trimStart().length;
    return { kind: 'block-math', start: open, end: firstMax, texStart: open + 2 + lead, texEnd: firstMax - 2, prefixes: [] };
  }
  const lastLine = afterLine - 1; // the rule sets state.line = next + 1
  const prefixes: { from: number; to: number }[] = [];
  const addPrefix = (line: number): void => {
    const lineStart = line === 0 ? 0 : src.lastIndexOf('\n', (state.bMarks[line] as number) - 1) + 1;
    const contentStart = state.bMarks[line] as number;
    if (contentStart > lineStart) prefixes.push({ from: lineStart, to: contentStart });
  };
  const brokeOnIndent =
    lastLine < endLine &&
    (state.bMarks[lastLine] as number) + (state.tShift[lastLine] as number) < (state.eMarks[lastLine] as number) &&
    (state.tShift[lastLine] as number) < state.blkIndent;
  if (lastLine > startLine && lastLine < endLine && !brokeOnIndent) {
    const pos = (state.bMarks[lastLine] as number) + (state.tShift[lastLine] as number);
    const max = state.eMarks[lastLine] as number;
    const text = src.slice(pos, max);
    if (text.trim().endsWith('$$')) {
      const close = src.lastIndexOf('$$', max - 2);
      for (let line = startLine + 1; line <= lastLine; line++) addPrefix(line);
      return { kind: 'block-math', start: open, end: close + 2, texStart: open + 2, texEnd: close, prefixes };
    }
    const inner = text.indexOf('$$');
    if (inner !== -1) {
      // The plugin keeps nothing of this line (its `lastLine` computation comes out empty).
      for (let line = startLine + 1; line < lastLine; line++) addPrefix(line);
      const texEnd = Math.max(open + 2, (state.bMarks[lastLine] as number) - 1);
      return { kind: 'block-math', start: open, end: pos + inner + 2, texStart: open + 2, texEnd, prefixes };
    }
  }
  // Unclosed: the block runs to the end of its container; the content stops at the last line read.
  const contentLast = Math.min(lastLine, endLine) - 1;
  const end = contentLast >= startLine ? (state.eMarks[contentLast] as number) : firstMax;
  for (let line = startLine + 1; line <= contentLast; line++) addPrefix(line);
  return { kind: 'block-math', start: open, end, texStart: open + 2, texEnd: Math.max(open + 2, end), prefixes };
}

export interface ParserOptions {
  readonly backslashDelimiters: boolean;
  /** See `ExtractOptions.trailingSpaceCloses`. */
  readonly trailingSpaceCloses?: boolean;
}

const cache = new Map<string, Md>();

/** The instrumented markdown-it (one per option set, created on first use). */
export function getParser(options: ParserOptions): Md {
  const key = `${options.backslashDelimiters}|${options.trailingSpaceCloses ?? false}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // The preview's options that change what is parsed: raw HTML on, and linkify (its default), which
  // turns a bare URL into a link, `$` characters in it included.
  const md = new MarkdownIt({ html: true, linkify: true });
  md.use(katexPlugin(), { enableFencedBlocks: true, globalGroup: true });
  instrumentInline(md, 'math_inline', '$');
  instrumentInline(md, 'math_inline_block', '$$');
  instrumentBlock(md, options.trailingSpaceCloses ?? false);
  instrumentHtmlInline(md);
  if (options.backslashDelimiters) md.inline.ruler.before('escape', 'math_backslash', backslashMath);
  cache.set(key, md);
  return md;
}
