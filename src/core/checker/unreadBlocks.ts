/**
 * Paragraphs the markdown extraction did not read (over `MAX_INLINE_BLOCK_CHARS`) become visible,
 * positioned verdicts: a `not-read` step for the per-block marks and the CLI's counts, and a
 * `not-checked` finding for `showUnchecked`. Nothing is skipped silently, and the cut is counted
 * in characters, so the same note gives the same verdicts on every machine.
 */
import { MAX_INLINE_BLOCK_CHARS, type UnreadBlock } from '../markdown/index';
import type { CheckResult } from './types';

/** "10,485,760": grouped by hand, so the text does not depend on the machine's locale. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function unreadReason(block: UnreadBlock): string {
  return `this paragraph has ${grouped(block.size)} characters; math in a paragraph over ${grouped(MAX_INLINE_BLOCK_CHARS)} characters is not read`;
}

/** Adds the unread paragraphs to a result, keeping findings and steps in document order. */
export function addUnreadBlocks(result: CheckResult, unread: readonly UnreadBlock[], showUnchecked: boolean): void {
  if (unread.length === 0) return;
  for (const block of unread) {
    const reason = unreadReason(block);
    result.steps.push({ verdict: 'not-read', offset: block.offset, length: block.length, blockOffset: block.offset, blockLength: block.length, reason });
    if (showUnchecked) {
      result.findings.push({ code: 'not-checked', severity: 'information', message: `Not checked: ${reason}`, offset: block.offset, length: block.length, stepLatex: '', previousLatex: '' });
    }
  }
  result.steps.sort((a, b) => a.offset - b.offset);
  result.findings.sort((a, b) => a.offset - b.offset);
}
