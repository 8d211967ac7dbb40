/**
 * Where to write a `softmax-lens-disable…` comment so that it means what the user asked for, and
 * changes nothing else in how the note renders. Used by the editor's "Disable for this block/file"
 * code actions; pure so it can be tested without an editor.
 */
import { extractMath, type MathSpan } from './index';

export interface TextInsertion {
  /** UTF-16 offset in the note where `text` goes. */
  readonly offset: number;
  readonly text: string;
}

export const disableNextBlockComment = '<!-- softmax-lens-disable-next-block -->';
export const disableFileComment = '<!-- softmax-lens-disable -->';

function lineBreakOf(markdown: string): string {
  return markdown.includes('\r\n') ? '\r\n' : '\n';
}

/** The math span that contains `offset`, if any. */
export function mathSpanAt(markdown: string, offset: number): MathSpan | undefined {
  return extractMath(markdown).find((s) => offset >= s.offset && offset < s.offset + Math.max(1, s.length));
}

/**
 * Inserting this disables the math span around `offset` (the checker skips the first math span
 * after a `disable-next-block` comment). A block that starts its line gets the comment on a line
 * of its own just above, with the same indentation and blockquote markers, so the block keeps its
 * container; math inside a line gets the comment right before it (an inline HTML comment).
 */
export function disableBlockInsertion(markdown: string, offset: number): TextInsertion | undefined {
  const span = mathSpanAt(markdown, offset);
  if (!span) return undefined;
  const lineStart = Math.max(markdown.lastIndexOf('\n', span.offset - 1), markdown.lastIndexOf('\r', span.offset - 1)) + 1;
  const prefix = markdown.slice(lineStart, span.offset);
  if (/^[ \t>]*$/.test(prefix)) {
    return { offset: lineStart, text: `${prefix}${disableNextBlockComment}${lineBreakOf(markdown)}` };
  }
  if (/^[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]+$/.test(prefix)) {
    // A block that opens a list item: a comment line above the item keeps `$$` at the start of its line.
    return { offset: lineStart, text: `${disableNextBlockComment}${lineBreakOf(markdown)}` };
  }
  return { offset: span.offset, text: `${disableNextBlockComment} ` };
}

/** Inserting this disables checking for the whole note: at the top, after YAML front matter. */
export function disableFileInsertion(markdown: string): TextInsertion {
  const eol = lineBreakOf(markdown);
  const frontMatter = /^(-{3,})[ \t]*\r?\n[\s\S]*?\r?\n\1[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (frontMatter) {
    const end = frontMatter[0].length;
    const needsBreak = !/\n$/.test(frontMatter[0]);
    return { offset: end, text: `${needsBreak ? eol : ''}${disableFileComment}${eol}` };
  }
  return { offset: 0, text: `${disableFileComment}${eol}` };
}
