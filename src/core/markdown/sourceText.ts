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
  let normalized = original;
  // Normalised offsets of the `\n`s whose preceding `\r` was dropped, ascending.
  const removedBefore: number[] = [];
  if (original.includes('\r')) {
    let out = '';
    let last = 0;
    for (let i = original.indexOf('\r'); i !== -1; i = original.indexOf('\r', i + 1)) {
      out += original.slice(last, i);
      if (original.charCodeAt(i + 1) === 10) {
        removedBefore.push(out.length);
        last = i + 1; // keep the '\n'
      } else {
        out += '\n';
        last = i + 1;
      }
    }
    normalized = out + original.slice(last);
  }
  normalized = blankFrontMatter(normalized);
  const lineStarts = computeLineStarts(normalized);
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
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  return starts;
}

/** Offset just past the last character of `line` (the position of its `\n`, or the text's end). */
export function lineEnd(source: SourceText, line: number): number {
  const next = source.lineStarts[line + 1];
  return next === undefined ? source.normalized.length : next - 1;
}

/**
 * YAML front matter as markdown-it-front-matter (VS Code's preview) recognises it: a first line of
 * three or more `-`, closed by a line of the same marker. Replaced by spaces so offsets are kept.
 */
function blankFrontMatter(text: string): string {
  const open = /^(-{3,})[ \t]*\n/.exec(text);
  if (!open) return text;
  const marker = open[1] as string;
  const close = new RegExp(`\\n${marker}[ \\t]*(?:\\n|$)`).exec(text.slice(open[0].length - 1));
  if (!close) return text;
  const end = open[0].length - 1 + close.index + 1 + marker.length;
  return text.slice(0, end).replace(/[^\n]/g, ' ') + text.slice(end);
}
