/**
 * Math in markdown, with exact UTF-16 offsets into the note, found by the same rules as VS Code's
 * built-in preview (see `parser.ts` for what those rules are). Pure: runs in Node, the web
 * extension host and the webview.
 *
 * Offsets: `offset`/`length` cover the whole span with its delimiters; `texOffset` is the offset of
 * `tex[0]`. `tex` always has exactly the length of the source it came from, and equals
 * `markdown.slice(texOffset, texOffset + tex.length)` except in one case: a multi-line span inside a
 * blockquote (or another container whose lines carry markers), where the container's `>` markers
 * at the start of each continuation line are replaced by spaces — the preview does not render
 * them either. So a position inside `tex` is always `texOffset + index`.
 */
import { getParser, type BlockMathMeta, type InlineHtmlMeta, type InlineMathMeta } from './parser';
import { parseBlocksSliced, parseInlineSliced } from './slicedParse';
import { lineEnd, prepareSourceSteps, type SourceText } from './sourceText';
import { Budget, STEP_LIMITS, type StepLimits } from './steps';

export { STEP_LIMITS, type StepLimits } from './steps';

export interface MathSpan {
  /** The LaTeX between the delimiters (container markers blanked, see above). */
  tex: string;
  /** UTF-16 offset of tex[0] in the markdown. */
  texOffset: number;
  /** The whole span including delimiters. */
  offset: number;
  length: number;
  /** `$$…$$`, `\[…\]` and ```` ```math ```` fences are display; `$…$` and `\(…\)` inline. */
  display: boolean;
  delimiter: '$$' | '$' | '\\[' | '\\(' | '\\begin' | 'fence';
}

export type DirectiveKind = 'disable-next-block' | 'disable-file';

export interface Directive {
  /** Offset of the `<!--` that starts the directive comment. */
  offset: number;
  kind: DirectiveKind;
}

export interface ExtractOptions {
  /**
   * Also treat `\(…\)` and `\[…\]` as math (default true). VS Code's preview does not render them
   * (markdown-it reads `\(` as an escaped parenthesis), but notes written for MathJax, Jupyter or
   * Typora use them, and the issue asks for them.
   */
  backslashDelimiters?: boolean;
  /**
   * A one-line `$$…$$` followed by spaces (markdown's hard line break) is a closed block, and one
   * followed by text (`$$x$$ where …`) is display math in a paragraph (default true). VS Code's
   * preview reads both as an opening `$$` whose block runs to the next `$$`; GitHub, MathJax, Typora
   * and Jupyter close them, and notes written for them use it.
   */
  trailingSpaceCloses?: boolean;
}

/**
 * An inline block (a paragraph, a heading, a table cell …) too long to read: its inline math and
 * directives are not looked for. Only blocks that could hold math (a `$`, a `\\` or `<!--` in them)
 * are reported; others hold none for certain.
 */
export interface UnreadBlock {
  /** The block's lines in the markdown (UTF-16 offsets, delimiters and markers included). */
  offset: number;
  length: number;
  /** Characters of inline text in the block (what the limit is compared with). */
  size: number;
}

/**
 * The longest inline block (paragraph) whose math is read, in characters. markdown-it's inline
 * pass costs up to ~3 µs and ~100 bytes per character on adversarial text (`_*[` repeated): a
 * 10 MB paragraph took 24 s and 2.9 GB. Real paragraphs are far below this (the longest in the
 * fixture notes is under 2,000 characters); display math on its own lines (`$$` blocks, fences)
 * is a block of its own and has no such limit.
 */
export const MAX_INLINE_BLOCK_CHARS = 20_000;

/** Everything extraction finds in a note, in document order. */
export interface MarkdownExtraction {
  readonly math: readonly MathSpan[];
  readonly directives: readonly Directive[];
  /** Inline blocks over `MAX_INLINE_BLOCK_CHARS` that could hold math: not read. */
  readonly unread: readonly UnreadBlock[];
}

/** All math spans in document order. Never throws; linear in the size of the note. */
export function extractMath(markdown: string, options?: ExtractOptions): MathSpan[] {
  return scan(markdown, options).math.map((span) => ({ ...span }));
}

/** Math, directives and unread blocks at once (copies: the caller may keep or change them). */
export function extractMarkdown(markdown: string, options?: ExtractOptions): MarkdownExtraction {
  return copyOf(scan(markdown, options));
}

/**
 * The same extraction in steps: the generator yields after each small, counted piece of work (see
 * `StepLimits`: characters of the text prepared, lines of markdown-it's block state, lines of
 * top-level blocks, characters of inline text, items copied into the result), so the editor can run
 * it in time slices. Slicing never changes the result: it is `extractMarkdown(markdown, options)`,
 * whatever the `limits` (tests pass tiny ones).
 */
export function* extractMarkdownIncremental(markdown: string, options?: ExtractOptions, limits: StepLimits = STEP_LIMITS): Generator<void, MarkdownExtraction, void> {
  const settings = settingsOf(options);
  const cached = cachedScan(markdown, settings);
  if (cached) return yield* copySteps(cached, limits.copyItems);
  let result: ScanResult;
  try {
    result = yield* scanSteps(markdown, settings, limits);
  } catch (_error) {
    // markdown-it and the plugin are third-party; a bug there must not take the checker down.
    result = { math: [], directives: [], unread: [] };
  }
  remember(markdown, settings, result);
  return yield* copySteps(result, limits.copyItems);
}

/**
 * `<!-- softmax-lens-disable-next-block -->` and `<!-- softmax-lens-disable -->` comments, in
 * document order; only real HTML comments count (not ones shown inside code).
 */
export function findDirectives(markdown: string): Directive[] {
  return scan(markdown).directives.map((d) => ({ ...d }));
}

/**
 * The parts of the note the directives switch off: `'all'` when the file is disabled, otherwise
 * the spans (offset, length) of the math that follows each `disable-next-block` directive (the
 * first math span after it). Findings inside these ranges must not be reported.
 */
export function disabledRanges(markdown: string, options?: ExtractOptions): 'all' | { offset: number; length: number }[] {
  return disabledRangesOf(scan(markdown, options));
}

/** `disabledRanges` of an extraction already made. */
export function disabledRangesOf(extraction: Pick<MarkdownExtraction, 'math' | 'directives'>): 'all' | { offset: number; length: number }[] {
  const { math, directives } = extraction;
  if (directives.some((d) => d.kind === 'disable-file')) return 'all';
  const ranges: { offset: number; length: number }[] = [];
  let next = 0;
  for (const directive of directives) {
    while (next < math.length && (math[next] as MathSpan).offset < directive.offset) next++;
    const span = math[next];
    if (span) ranges.push({ offset: span.offset, length: span.length });
  }
  return ranges;
}

/** True when an offset lies in a range `disabledRanges` returned. */
export function isDisabled(ranges: 'all' | readonly { offset: number; length: number }[], offset: number): boolean {
  if (ranges === 'all') return true;
  return ranges.some((r) => offset >= r.offset && offset < r.offset + Math.max(1, r.length));
}

interface ScanResult {
  readonly math: MathSpan[];
  readonly directives: Directive[];
  readonly unread: UnreadBlock[];
}

interface Settings {
  readonly backslashDelimiters: boolean;
  readonly trailingSpaceCloses: boolean;
}

function settingsOf(options?: ExtractOptions): Settings {
  return { backslashDelimiters: options?.backslashDelimiters ?? true, trailingSpaceCloses: options?.trailingSpaceCloses ?? true };
}

function copyOf(result: ScanResult): MarkdownExtraction {
  const steps = copySteps(result, Number.POSITIVE_INFINITY);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** `copyOf`, `perStep` items per step. */
function* copySteps(result: ScanResult, perStep: number): Generator<void, MarkdownExtraction, void> {
  const budget = new Budget(perStep);
  const math: MathSpan[] = [];
  for (const s of result.math) {
    math.push({ ...s });
    if (budget.spend(1)) yield;
  }
  const directives: Directive[] = [];
  for (const d of result.directives) {
    directives.push({ ...d });
    if (budget.spend(1)) yield;
  }
  const unread: UnreadBlock[] = [];
  for (const u of result.unread) {
    unread.push({ ...u });
    if (budget.spend(1)) yield;
  }
  return { math, directives, unread };
}

// The engine, the CLI and the editor layer often ask about the same text one after the other.
let lastText: string | undefined;
let lastSettings: Settings | undefined;
let lastResult: ScanResult | undefined;

function cachedScan(markdown: string, settings: Settings): ScanResult | undefined {
  if (lastResult && lastText === markdown && lastSettings?.backslashDelimiters === settings.backslashDelimiters && lastSettings.trailingSpaceCloses === settings.trailingSpaceCloses) return lastResult;
  return undefined;
}

function remember(markdown: string, settings: Settings, result: ScanResult): void {
  lastText = markdown;
  lastSettings = settings;
  lastResult = result;
}

function scan(markdown: string, options?: ExtractOptions): ScanResult {
  const settings = settingsOf(options);
  const cached = cachedScan(markdown, settings);
  if (cached) return cached;
  let result: ScanResult;
  try {
    const steps = scanSteps(markdown, settings, STEP_LIMITS);
    let step = steps.next();
    while (!step.done) step = steps.next();
    result = step.value;
  } catch (_error) {
    // markdown-it and the plugin are third-party; a bug there must not take the checker down.
    result = { math: [], directives: [], unread: [] };
  }
  remember(markdown, settings, result);
  return result;
}

const directivePattern = /<!--\s*softmax-lens-(disable-next-block|disable)\s*-->/g;
/** What an inline block must contain to hold math or a directive (`$…$`, `\\(`, `\\[`, `\\begin`, `<!--`). */
const mayHoldMath = /[$\\]|<!--/;

function* scanSteps(markdown: string, settings: Settings, limits: StepLimits): Generator<void, ScanResult, void> {
  const source = yield* prepareSourceSteps(markdown, limits.prepareChars);
  yield;
  const md = getParser(settings);
  const env = {};
  const tokens = yield* parseBlocksSliced(md, source.normalized, source.lineStarts, env, limits);
  yield;
  // Shared by the walk over the tokens (one unit each) and the inline parse (one per character).
  const budget = new Budget(limits.inlineChars);
  const math: MathSpan[] = [];
  const directives: Directive[] = [];
  const unread: UnreadBlock[] = [];
  let lastMap: [number, number] | undefined;
  let rowCursor = 0;
  let quoteDepth = 0;

  for (const token of tokens) {
    if (budget.spend(1)) yield;
    if (token.type === 'blockquote_open') quoteDepth++;
    else if (token.type === 'blockquote_close') quoteDepth = Math.max(0, quoteDepth - 1);
    if (token.map) {
      lastMap = token.map as [number, number];
      if (token.type === 'tr_open') rowCursor = source.lineStarts[lastMap[0]] ?? 0;
    }
    if (token.type === 'math_block' && isBlockMeta(token.meta)) {
      math.push(blockSpan(source, token.meta));
    } else if (token.type === 'fence' && token.info.trim().toLowerCase() === 'math' && token.map) {
      const span = fenceSpan(source, token.map as [number, number], quoteDepth);
      if (span) math.push(span);
    } else if (token.type === 'html_block' && token.map) {
      const from = source.lineStarts[token.map[0]] ?? 0;
      const to = lineEnd(source, token.map[1] - 1);
      collectDirectives(source, source.normalized.slice(from, to), from, directives);
    } else if (token.type === 'inline' && lastMap) {
      if (token.content.length > MAX_INLINE_BLOCK_CHARS) {
        // Counted, not timed: the same note is cut at the same block on every machine.
        if (yield* mayHoldMathSteps(token.content, limits.prepareChars)) {
          const from = source.toOriginal(source.lineStarts[lastMap[0]] ?? 0);
          const to = source.toOriginal(lineEnd(source, Math.max(lastMap[0], lastMap[1] - 1)));
          unread.push({ offset: from, length: to - from, size: token.content.length });
        }
        continue;
      }
      const children = yield* parseInlineSliced(md, token.content, env, budget);
      const inTable = !token.map;
      const locator = new InlineLocator(source, token.content, lastMap[0], inTable ? rowCursor : source.lineStarts[lastMap[0]] ?? 0, !inTable);
      for (const child of children) {
        if (isInlineMathMeta(child.meta)) {
          const span = locator.mathSpan(child.meta);
          if (span) math.push(span);
        } else if (child.type === 'html_inline' && isInlineHtmlMeta(child.meta)) {
          const at = locator.locate(child.meta.start, child.meta.end);
          if (at !== undefined) collectDirectives(source, child.content, at, directives);
        }
      }
      if (inTable) rowCursor = locator.cursor;
    }
  }
  return { math, directives, unread };
}

/**
 * `mayHoldMath.test(text)`, `chunk` characters per step (windows overlap by three characters so a
 * `<!--` across two windows is seen).
 */
function* mayHoldMathSteps(text: string, chunk: number): Generator<void, boolean, void> {
  for (let a = 0; a < text.length; a += chunk) {
    const found = mayHoldMath.test(text.slice(Math.max(0, a - 3), a + chunk));
    yield;
    if (found) return true;
  }
  return false;
}

function collectDirectives(source: SourceText, text: string, normalizedOffset: number, out: Directive[]): void {
  directivePattern.lastIndex = 0;
  for (let m = directivePattern.exec(text); m; m = directivePattern.exec(text)) {
    out.push({ offset: source.toOriginal(normalizedOffset + m.index), kind: m[1] === 'disable' ? 'disable-file' : 'disable-next-block' });
  }
}

function isBlockMeta(meta: unknown): meta is BlockMathMeta {
  return typeof meta === 'object' && meta !== null && (meta as { kind?: unknown }).kind === 'block-math';
}
function isInlineMathMeta(meta: unknown): meta is InlineMathMeta {
  return typeof meta === 'object' && meta !== null && (meta as { kind?: unknown }).kind === 'inline-math';
}
function isInlineHtmlMeta(meta: unknown): meta is InlineHtmlMeta {
  return typeof meta === 'object' && meta !== null && (meta as { kind?: unknown }).kind === 'inline-html';
}

/** Builds a span from normalised positions, blanking container prefixes inside the TeX. */
function makeSpan(
  source: SourceText,
  start: number,
  end: number,
  texStart: number,
  texEnd: number,
  prefixes: readonly { from: number; to: number }[],
  display: boolean,
  delimiter: MathSpan['delimiter'],
): MathSpan {
  const offset = source.toOriginal(start);
  const texOffset = source.toOriginal(texStart);
  const texEndOriginal = source.toOriginal(texEnd);
  let tex = source.original.slice(texOffset, texEndOriginal);
  for (const prefix of prefixes) {
    const from = source.toOriginal(prefix.from) - texOffset;
    const to = source.toOriginal(prefix.to) - texOffset;
    if (to <= 0 || from >= tex.length) continue;
    const a = Math.max(0, from);
    const b = Math.min(tex.length, to);
    tex = tex.slice(0, a) + tex.slice(a, b).replace(/[^\r\n]/g, ' ') + tex.slice(b);
  }
  return { tex, texOffset, offset, length: source.toOriginal(end) - offset, display, delimiter };
}

function blockSpan(source: SourceText, meta: BlockMathMeta): MathSpan {
  return makeSpan(source, meta.start, meta.end, meta.texStart, meta.texEnd, meta.prefixes, true, '$$');
}

function fenceSpan(source: SourceText, map: [number, number], quoteDepth: number): MathSpan | undefined {
  const text = source.normalized;
  const [first, after] = map;
  const openStart = source.lineStarts[first];
  if (openStart === undefined) return undefined;
  const openLine = text.slice(openStart, lineEnd(source, first));
  const marker = /(`{3,}|~{3,})/.exec(openLine);
  if (!marker) return undefined;
  const start = openStart + marker.index;
  const last = after - 1;
  const texStart = last > first ? (source.lineStarts[first + 1] as number) : lineEnd(source, first);
  const prefixes: { from: number; to: number }[] = [];
  const prefixOf = (line: number): number => {
    if (quoteDepth === 0) return 0;
    const lineText = text.slice(source.lineStarts[line] as number, lineEnd(source, line));
    const m = new RegExp(`^(?:[ \\t]*>[ \\t]?){0,${quoteDepth}}`).exec(lineText);
    return m ? m[0].length : 0;
  };
  let closed = false;
  if (last > first) {
    const closeText = text.slice(source.lineStarts[last] as number, lineEnd(source, last)).slice(prefixOf(last));
    const fenceChar = (marker[1] as string)[0] as string;
    closed = new RegExp(`^[ \\t]*\\${fenceChar}{${(marker[1] as string).length},}[ \\t]*$`).test(closeText);
  }
  const contentLast = closed ? last - 1 : last;
  for (let line = first + 1; line <= contentLast; line++) {
    const width = prefixOf(line);
    if (width > 0) prefixes.push({ from: source.lineStarts[line] as number, to: (source.lineStarts[line] as number) + width });
  }
  const texEnd = contentLast > first ? lineEnd(source, contentLast) : texStart;
  const end = closed ? lineEnd(source, last) - (/[ \t]*$/.exec(text.slice(source.lineStarts[last] as number, lineEnd(source, last)))?.[0].length ?? 0) : texEnd;
  return makeSpan(source, start, end, texStart, Math.max(texStart, texEnd), prefixes, true, 'fence');
}

const whitespace = /\s/;

/**
 * Maps positions in an inline block's `content` back to the note. markdown-it builds that content
 * from the block's lines by removing a prefix from each (indentation, `>` markers, list markers)
 * and trimming the whole, so each content line is a suffix of its source line (the last one up to
 * trailing whitespace): positions are anchored at the line's end. Headings (closing `#`s) and table
 * cells break that; there the span's own text is searched for, left to right.
 */
class InlineLocator {
  private lineStartsInContent: number[] | undefined;
  constructor(
    private readonly source: SourceText,
    private readonly content: string,
    private readonly firstLine: number,
    public cursor: number,
    private readonly lineAnchored: boolean,
  ) {}

  mathSpan(meta: InlineMathMeta): MathSpan | undefined {
    const display = meta.delimiter === '$$' || meta.delimiter === '\\[' || meta.delimiter === '\\begin';
    const anchored = this.lineAnchored ? this.anchored(meta.start, meta.end) : undefined;
    if (anchored) {
      const prefixes: { from: number; to: number }[] = [];
      const starts = this.contentLineStarts();
      const firstK = this.lineIndex(meta.start);
      const lastK = this.lineIndex(meta.end - 1);
      for (let k = firstK + 1; k <= lastK; k++) {
        const from = this.source.lineStarts[this.firstLine + k] as number;
        const to = this.map(starts[k] as number);
        if (to > from) prefixes.push({ from, to });
      }
      return makeSpan(this.source, this.map(meta.start), this.map(meta.end - 1) + 1, this.map(meta.texStart), this.mapEnd(meta.texStart, meta.texEnd), prefixes, display, meta.delimiter);
    }
    const at = this.search(meta.start, meta.end);
    if (at === undefined) return undefined;
    return makeSpan(this.source, at, at + meta.end - meta.start, at + meta.texStart - meta.start, at + meta.texEnd - meta.start, [], display, meta.delimiter);
  }

  /** Normalised offset of a content span [start, end), or undefined when it cannot be placed. */
  locate(start: number, end: number): number | undefined {
    if (this.lineAnchored && this.anchored(start, end)) return this.map(start);
    return this.search(start, end);
  }

  private search(start: number, end: number): number | undefined {
    const needle = this.content.slice(start, end);
    const at = this.source.normalized.indexOf(needle, this.cursor);
    if (at === -1) return undefined;
    this.cursor = at + needle.length;
    return at;
  }

  /** True when line-end anchoring reproduces every non-blank character of the span. */
  private anchored(start: number, end: number): boolean {
    const text = this.source.normalized;
    for (let p = start; p < end; p++) {
      const c = this.content[p] as string;
      if (c === '\n' || whitespace.test(c)) continue;
      const at = this.map(p);
      if (at < 0 || text[at] !== c) return false;
    }
    return true;
  }

  private contentLineStarts(): number[] {
    if (!this.lineStartsInContent) {
      const starts = [0];
      for (let i = this.content.indexOf('\n'); i !== -1; i = this.content.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStartsInContent = starts;
    }
    return this.lineStartsInContent;
  }

  private lineIndex(position: number): number {
    const starts = this.contentLineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Normalised source offset of content position `p` (a character, not a line break). */
  private map(p: number): number {
    const starts = this.contentLineStarts();
    const k = this.lineIndex(p);
    const lineStart = starts[k] as number;
    const isLast = k === starts.length - 1;
    const lineLength = (isLast ? this.content.length : (starts[k + 1] as number) - 1) - lineStart;
    const line = this.firstLine + k;
    if (this.source.lineStarts[line] === undefined) return -1;
    let anchor = lineEnd(this.source, line);
    if (isLast) {
      // The content was trimmed at its end: skip the same whitespace in the source line.
      const from = this.source.lineStarts[line] as number;
      while (anchor > from && whitespace.test(this.source.normalized[anchor - 1] as string)) anchor--;
    }
    return anchor - (lineLength - (p - lineStart));
  }

  /** Maps an end-exclusive position; an empty range maps to its start. */
  private mapEnd(start: number, end: number): number {
    return end > start ? this.map(end - 1) + 1 : this.map(start);
  }
}
