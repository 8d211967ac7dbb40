/**
 * markdown-it's parse (`md.parse`), cut into small resumable pieces so the editor can run it a
 * slice at a time. markdown-it parses in two passes: the block pass splits the note into blocks
 * (paragraphs, headings, lists, `$$` blocks …) and the inline pass reads each paragraph's text
 * (emphasis, links, `$…$`). Both passes are one synchronous loop there; here the same loops run
 * with a `yield` after every top-level block and after every `INLINE_CHUNK` characters of inline
 * text. The loops are markdown-it's own (`ParserBlock.prototype.tokenize`, `ParserInline.prototype.tokenize`,
 * `ParserInline.prototype.parse`), with the same rules in the same order, so the tokens are the same
 * (test/unit/markdown/slicedExtraction.test.ts compares them with `md.parse` on every fixture and on
 * generated markdown).
 *
 * Only the core rules that change what math and HTML tokens there are run: `normalize` (done by
 * `prepareSource`, plus NUL → U+FFFD here), `block` and `inline`. The later core rules (`linkify`,
 * `replacements`, `smartquotes`, `text_join`) rewrite plain text tokens only.
 *
 * Work is counted, not timed: a step never parses more than `INLINE_CHUNK` characters of inline
 * text, and a block of inline text longer than the caller's limit is not parsed at all.
 */
import type MarkdownIt from 'markdown-it';

type Md = MarkdownIt;
type Token = ReturnType<Md['parse']>[number];
type BlockState = InstanceType<Md['block']['State']>;
type InlineState = InstanceType<Md['inline']['State']>;
type BlockRuleFn = (state: BlockState, startLine: number, endLine: number, silent: boolean) => boolean;
type InlineRuleFn = (state: InlineState, silent: boolean) => boolean;
type InlineRule2Fn = (state: InlineState) => void;

/**
 * Characters of inline text read per step: for the slowest text we know (`_*[` repeated, ~3 µs per
 * character on a 2-core machine) a step stays near 6 ms; ordinary prose is ten times faster.
 */
export const INLINE_CHUNK = 2_000;

/**
 * The block tokens of `normalized` (already `\n`-only), one top-level block per step. `env` is
 * shared with the inline pass later (link reference definitions live there).
 */
export function* parseBlocksSliced(md: Md, normalized: string, env: object): Generator<void, Token[], void> {
  const tokens: Token[] = [];
  const src = normalized.includes('\0') ? normalized.replace(/\0/g, '\uFFFD') : normalized;
  if (!src) return tokens;
  const state = new md.block.State(src, md, env, tokens);
  yield;
  const rules = md.block.ruler.getRules('') as unknown as BlockRuleFn[];
  const maxNesting = (md.options as { maxNesting?: number }).maxNesting ?? 100;
  const endLine = state.lineMax;
  let line = state.line;
  let hasEmptyLines = false;
  // The top level of ParserBlock.prototype.tokenize (blkIndent is 0 there, so its "negative
  // indent" exit never applies); nested calls (lists, blockquotes) run markdown-it's own loop.
  while (line < endLine) {
    state.line = line = state.skipEmptyLines(line);
    if (line >= endLine) break;
    if (state.sCount[line] as number < state.blkIndent) break;
    if (state.level >= maxNesting) {
      state.line = endLine;
      break;
    }
    const prevLine = state.line;
    let ok = false;
    for (const rule of rules) {
      ok = rule(state, line, endLine, false);
      if (ok) {
        if (prevLine >= state.line) throw new Error("block rule didn't increment state.line");
        break;
      }
    }
    if (!ok) throw new Error('none of the block rules matched');
    state.tight = !hasEmptyLines;
    if (state.isEmpty(state.line - 1)) hasEmptyLines = true;
    line = state.line;
    if (line < endLine && state.isEmpty(line)) {
      hasEmptyLines = true;
      line++;
      state.line = line;
    }
    yield;
  }
  return tokens;
}

/**
 * The inline tokens of one block's `content`, `INLINE_CHUNK` characters per step: markdown-it's
 * inline tokenize loop, paused between two rule applications, then its post-processing rules
 * (emphasis, strikethrough …) in one step (linear in the tokens, which are fewer than the characters).
 */
export function* parseInlineSliced(md: Md, content: string, env: object): Generator<void, Token[], void> {
  const tokens: Token[] = [];
  const state = new md.inline.State(content, md, env, tokens);
  const rules = md.inline.ruler.getRules('') as unknown as InlineRuleFn[];
  const end = state.posMax;
  const maxNesting = (md.options as { maxNesting?: number }).maxNesting ?? 100;
  let chunkEnd = state.pos + INLINE_CHUNK;
  while (state.pos < end) {
    if (state.pos >= chunkEnd) {
      yield;
      chunkEnd = state.pos + INLINE_CHUNK;
    }
    const prevPos = state.pos;
    let ok = false;
    if (state.level < maxNesting) {
      for (const rule of rules) {
        ok = rule(state, false);
        if (ok) {
          if (prevPos >= state.pos) throw new Error("inline rule didn't increment state.pos");
          break;
        }
      }
    }
    if (ok) {
      if (state.pos >= end) break;
      continue;
    }
    state.pending += state.src[state.pos++];
  }
  if (state.pending) state.pushPending();
  for (const rule of md.inline.ruler2.getRules('') as unknown as InlineRule2Fn[]) rule(state);
  return tokens;
}
