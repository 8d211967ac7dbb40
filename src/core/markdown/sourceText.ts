/**
 * The text markdown-it actually parses, and the way back to the caller's offsets.
 *
 * markdown-it normalises line endings (`\r\n` and lone `\r` become `\n`) before it parses, so its
 * positions are positions in a shorter string whenever the note has CRLF endings. We do the same
 * normalisation up front and keep the sorted list of removed `\r`s, so a normalised offset maps back
 * to a UTF-16 offset in the original text with one binary search. YAML front matter (which VS Code's
 * preview hides through markdown-it-front-matter) is blanked with spaces, newlines kept, so its `$`s
 * are never math and every other offset is unchanged.
 */
import { Budget, STEP_LIMITS } from './steps';

export interface SourceText {
  /** The original markdown, exactly as given. */
  readonly original: string;
  /** `\r\n` → `\n`, lone `\r` → `\n`, front matter blanked; what markdown-it parses. */
  readonly normalized: string;
  /** Offset in `normalized` of the first character of every line (line 0 starts at 0). */
  readonly lineStarts: Int32Array;
  /** Maps an offset in `normalized` (0…length, end-exclusive spans included) to one in `original`. */
  toOriginal(offset: number): number;
}

export function prepareSource(original: string): SourceText {
  const steps = prepareSourceSteps(original, STEP_LIMITS.prepareChars);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * `prepareSource` in steps of at most `chunk` characters looked at (each line visited costs one
 * more), with the same result. Pieces: line endings, the line table (counted, then filled), the
 * front matter's search and blanking. Joining the pieces into one string is a single copy.
 */
export function* prepareSourceSteps(original: string, chunk: number): Generator<void, SourceText, void> {
  const budget = new Budget(chunk);
  let normalized = original;
  // Normalised offsets of the `\n`s whose preceding `\r` was dropped, ascending.
  const removedBefore: number[] = [];
  const slabs: string[] = [];
  let outLength = 0;
  let sawCr = false;
  for (let a = 0; a < original.length; a += chunk) {
    const slab = original.slice(a, a + chunk);
    if (!slab.includes('\r')) {
      slabs.push(slab);
      outLength += slab.length;
    } else {
      sawCr = true;
      // Pieces joined once per slab: a `+=` chain would leave a rope of millions of pieces to flatten at the end.
      const pieces: string[] = [];
      let length = outLength;
      let last = 0;
      for (let i = slab.indexOf('\r'); i !== -1; i = slab.indexOf('\r', i + 1)) {
        const piece = slab.slice(last, i);
        pieces.push(piece);
        length += piece.length;
        if (original.charCodeAt(a + i + 1) === 10) removedBefore.push(length); // keep the '\n'
        else {
          pieces.push('\n');
          length++;
        }
        last = i + 1;
      }
      pieces.push(slab.slice(last));
      const out = pieces.join('');
      slabs.push(out);
      outLength += out.length;
    }
    yield;
  }
  if (sawCr) normalized = slabs.join('');
  slabs.length = 0;
  yield;
  const lineStarts = yield* lineStartsSteps(normalized, chunk);
  normalized = yield* blankFrontMatterSteps(normalized, lineStarts, budget, chunk);
  const toOriginal =
    removedBefore.length === 0
      ? (offset: number) => offset
      : (offset: number) => {
          // Count removed '\r's at normalised positions < offset ('\r' sat just before its '\n').
          let lo = 0;
          let hi = removedBefore.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if ((removedBefore[mid] as number) < offset) lo = mid + 1;
            else hi = mid;
          }
          return offset + lo;
        };
  return { original, normalized, lineStarts, toOriginal };
}

export function computeLineStarts(text: string): Int32Array {
  const steps = lineStartsSteps(text, STEP_LIMITS.prepareChars);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** The offsets of every line's first character, `chunk` characters per step (counted, then filled). */
function* lineStartsSteps(text: string, chunk: number): Generator<void, Int32Array, void> {
  let count = 1;
  for (let a = 0; a < text.length; a += chunk) {
    const slab = text.slice(a, a + chunk);
    for (let i = slab.indexOf('\n'); i !== -1; i = slab.indexOf('\n', i + 1)) count++;
    yield;
  }
  const starts = new Int32Array(count);
  let line = 1;
  for (let a = 0; a < text.length && line < count; a += chunk) {
    const slab = text.slice(a, a + chunk);
    for (let i = slab.indexOf('\n'); i !== -1; i = slab.indexOf('\n', i + 1)) starts[line++] = a + i + 1;
    yield;
  }
  return starts;
}

/** Offset just past the last character of `line` (the position of its `\n`, or the text's end). */
export function lineEnd(source: SourceText, line: number): number {
  const next = source.lineStarts[line + 1];
  return next === undefined ? source.normalized.length : next - 1;
}

/**
 * YAML front matter as markdown-it-front-matter (VS Code's preview) recognises it: a first line of
 * three or more `-` (and a line after it), closed by a later line of exactly the same marker and
 * optional blanks. Replaced by spaces (newlines kept) so offsets are kept. Looked for line by line
 * through the line table, at most `chunk` characters (and lines) per step; `\n`s are not changed,
 * so the line table holds for the blanked text too.
 */
function* blankFrontMatterSteps(text: string, lineStarts: Int32Array, budget: Budget, chunk: number): Generator<void, string, void> {
  if (lineStarts.length < 2 || text.charCodeAt(0) !== 45) return text;
  const marker = yield* markerLineSteps(text, 0, (lineStarts[1] as number) - 1, budget);
  if (marker < 3) return text;
  let close = -1;
  for (let line = 1; line < lineStarts.length && close === -1; line++) {
    const from = lineStarts[line] as number;
    const to = line + 1 < lineStarts.length ? (lineStarts[line + 1] as number) - 1 : text.length;
    if (text.charCodeAt(from) === 45 && (yield* markerLineSteps(text, from, to, budget)) === marker) close = line;
    if (budget.spend(1)) yield;
  }
  if (close === -1) return text;
  const end = (lineStarts[close] as number) + marker;
  const parts: string[] = [];
  for (let a = 0; a < end; a += chunk) {
    parts.push(text.slice(a, Math.min(end, a + chunk)).replace(/[^\n]/g, ' '));
    yield;
  }
  parts.push(text.slice(end));
  // One flat copy of the whole text (see replaceCharSteps).
  return parts.join('');
}

/**
 * The number of `-` that line [from, to) starts with when the rest of it is spaces and tabs, else -1.
 * Spends one unit per character looked at.
 */
function* markerLineSteps(text: string, from: number, to: number, budget: Budget): Generator<void, number, void> {
  let p = from;
  while (p < to && text.charCodeAt(p) === 45) {
    p++;
    if (budget.spend(1)) yield;
  }
  const dashes = p - from;
  for (let c = text.charCodeAt(p); p < to && (c === 32 || c === 9); c = text.charCodeAt(++p)) {
    if (budget.spend(1)) yield;
  }
  return p === to ? dashes : -1;
}
