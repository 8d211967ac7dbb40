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
import { Budget, replaceCharSteps, STEP_LIMITS, type StepLimits } from './steps';

type Md = MarkdownIt;
type Token = ReturnType<Md['parse']>[number];
type BlockState = InstanceType<Md['block']['State']>;
type InlineState = InstanceType<Md['inline']['State']>;
type BlockRuleFn = (state: BlockState, startLine: number, endLine: number, silent: boolean) => boolean;
type InlineRuleFn = (state: InlineState, silent: boolean) => boolean;
type InlineRule2Fn = (state: InlineState) => void;

/** Characters of inline text read per step (`STEP_LIMITS.inlineChars`). */
export const INLINE_CHUNK = STEP_LIMITS.inlineChars;

/**
 * The block tokens of `normalized` (already `\n`-only, `lineStarts` its line table), a counted
 * number of top-level blocks per step. `env` is shared with the inline pass later (link reference
 * definitions live there).
 */
export function* parseBlocksSliced(md: Md, normalized: string, lineStarts: Int32Array, env: object, limits: StepLimits = STEP_LIMITS): Generator<void, Token[], void> {
  const tokens: Token[] = [];
  const src = yield* replaceCharSteps(normalized, '\0', '\uFFFD', limits.prepareChars);
  if (!src) return tokens;
  const state = yield* blockStateSteps(md, src, lineStarts, env, tokens, limits.stateLines);
  yield;
  const budget = new Budget(limits.blockLines);
  const rules = md.block.ruler.getRules('') as unknown as BlockRuleFn[];
  const maxNesting = (md.options as { maxNesting?: number }).maxNesting ?? 100;
  const endLine = state.lineMax;
  let line = state.line;
  let hasEmptyLines = false;
  // The top level of ParserBlock.prototype.tokenize (blkIndent is 0 there, so its "negative
  // indent" exit never applies); nested calls (lists, blockquotes) run markdown-it's own loop.
  while (line < endLine) {
    const first = line;
    // state.skipEmptyLines(line), counted: a run of a million blank lines is many steps.
    while (line < endLine && (state.bMarks[line] as number) + (state.tShift[line] as number) >= (state.eMarks[line] as number)) {
      line++;
      if (budget.spend(1)) yield;
    }
    state.line = line;
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
    if (budget.spend(1 + line - first)) yield;
  }
  return tokens;
}

/**
 * `new md.block.State(src, md, env, tokens)`, with its line arrays built `stateLines` lines (or
 * indentation characters) per step from the line table already made. The constructor's loop is
 * reproduced exactly (markdown-it 14, `rules_block/state_block.mjs`): for every line, `bMarks` its
 * start, `eMarks` its end (its `\n`, or the text's end), `tShift` its leading spaces and tabs,
 * `sCount` their width with tabs to the next multiple of 4, `bsCount` 0; a last line that is empty
 * or only blanks gets no entry (the loop ends inside it); then one fake entry at the text's end.
 * test/unit/markdown/slicedExtraction.test.ts compares the arrays with the constructor's.
 */
export function* blockStateSteps(md: Md, src: string, lineStarts: Int32Array, env: object, tokens: Token[], stateLines: number): Generator<void, BlockState, void> {
  const state = new md.block.State('', md, env, tokens);
  const budget = new Budget(stateLines);
  const count = lineStarts.length;
  const length = src.length;
  // Filled a step's worth at a time into fresh arrays, joined by one `concat` each at the end:
  // growing five arrays of a million entries by `push`, or presizing them (V8 makes huge presized
  // arrays dictionaries), costs copies and garbage inside the steps.
  const parts: number[][][] = [[], [], [], [], []];
  let [bMarks, eMarks, tShift, sCount, bsCount] = [[], [], [], [], []] as number[][];
  const flush = (): void => {
    for (const [k, part] of [bMarks, eMarks, tShift, sCount, bsCount].entries()) (parts[k] as number[][]).push(part as number[]);
    [bMarks, eMarks, tShift, sCount, bsCount] = [[], [], [], [], []] as number[][];
  };
  for (let line = 0; line < count; line++) {
    const start = lineStarts[line] as number;
    const end = line + 1 < count ? (lineStarts[line + 1] as number) - 1 : length;
    let pos = start;
    let offset = 0;
    for (let c = src.charCodeAt(pos); pos < end && (c === 0x20 || c === 0x09); c = src.charCodeAt(++pos)) {
      offset += c === 0x09 ? 4 - (offset % 4) : 1;
      if (budget.spend(1)) yield;
    }
    if (line === count - 1 && pos >= end) break;
    (bMarks as number[]).push(start);
    (eMarks as number[]).push(end);
    (tShift as number[]).push(pos - start);
    (sCount as number[]).push(offset);
    (bsCount as number[]).push(0);
    if (budget.spend(1)) {
      flush();
      yield;
    }
  }
  (bMarks as number[]).push(length);
  (eMarks as number[]).push(length);
  (tShift as number[]).push(0);
  (sCount as number[]).push(0);
  (bsCount as number[]).push(0);
  flush();
  state.src = src;
  state.bMarks = ([] as number[]).concat(...(parts[0] as number[][]));
  state.eMarks = ([] as number[]).concat(...(parts[1] as number[][]));
  state.tShift = ([] as number[]).concat(...(parts[2] as number[][]));
  state.sCount = ([] as number[]).concat(...(parts[3] as number[][]));
  state.bsCount = ([] as number[]).concat(...(parts[4] as number[][]));
  state.lineMax = state.bMarks.length - 1;
  return state;
}

/**
 * The inline tokens of one block's `content`, `INLINE_CHUNK` characters per step: markdown-it's
 * inline tokenize loop, paused between two rule applications, then its post-processing rules
 * (emphasis, strikethrough …) in one step (linear in the tokens, which are fewer than the characters).
 */
export function* parseInlineSliced(md: Md, content: string, env: object, budget: Budget = new Budget(INLINE_CHUNK)): Generator<void, Token[], void> {
  const tokens: Token[] = [];
  const state = new md.inline.State(content, md, env, tokens);
  const rules = md.inline.ruler.getRules('') as unknown as InlineRuleFn[];
  const end = state.posMax;
  const maxNesting = (md.options as { maxNesting?: number }).maxNesting ?? 100;
  let counted = state.pos;
  while (state.pos < end) {
    if (budget.spend(state.pos - counted)) yield;
    counted = state.pos;
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
  budget.spend(state.pos - counted);
  if (state.pending) state.pushPending();
  for (const rule of md.inline.ruler2.getRules('') as unknown as InlineRule2Fn[]) rule(state);
  return tokens;
}
