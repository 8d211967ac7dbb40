/**
 * The derivation checker: decides whether each `=` step of a hand-derived gradient in a markdown
 * note holds, and says why when it does not. Pure (no editor, no Node built-ins), never throws on
 * any input, and bounded by a work budget that is the same on every machine (`maxWork`).
 */
import { extractMarkdownIncremental, type MarkdownExtraction } from '../markdown/index';
import { DocumentChecker } from './document';
import { addUnreadBlocks } from './unreadBlocks';

export { DEFAULT_MAX_WORK } from './document';
import type { CheckOptions, CheckResult } from './types';

export type { CheckOptions, CheckResult, CheckStats, Counterexample, CutShort, Finding, FindingCode, StepVerdict, StepVerdictKind } from './types';
export { describeCounterexamplePoint } from './hints';

function now(): number {
  return Date.now();
}

/** Checks every derivation chain in the note. */
export function checkMarkdown(markdown: string, options: CheckOptions = {}): CheckResult {
  const gen = checkMarkdownIncremental(markdown, options);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}

/**
 * The same check in slices: the generator yields after every small, counted piece of markdown
 * extraction (see `extractMarkdownIncremental`) and after every math block (each slice is small: a
 * block is at most 20,000 characters), so the editor can spread the work over event-loop turns
 * and drop it when the text changes. `timeBudgetMs` and `shouldStop` are honoured between blocks
 * and between the rows of a block; `shouldStop` also between the steps of extraction (which is
 * bounded by counts, never by time, so the math found never depends on the machine).
 */
export function* checkMarkdownIncremental(markdown: string, options: CheckOptions = {}): Generator<void, CheckResult, void> {
  const started = now();
  const budget = options.timeBudgetMs;
  let extraction: MarkdownExtraction | undefined;
  const extracting = extractMarkdownIncremental(markdown);
  for (;;) {
    const step = extracting.next();
    if (step.done) {
      extraction = step.value;
      break;
    }
    if (options.shouldStop?.()) break;
    yield;
  }
  if (!extraction) {
    // Cancelled while extracting: nothing was checked (the result says so, as for any cut).
    const empty = new DocumentChecker(markdown, options, { math: [], directives: [], unread: [] }).result();
    empty.stats.timedOut = true;
    empty.stats.cutShort = { reason: 'cancelled', offset: 0 };
    return empty;
  }
  const checker = new DocumentChecker(markdown, options, extraction);
  // Deterministic limits first (work, then the caller's cancellation); wall clock only when asked for.
  const reason = (share: number): 'work' | 'time' | 'cancelled' | null => {
    if (checker.workExhausted(share)) return 'work';
    if (options.shouldStop?.()) return 'cancelled';
    if (budget !== undefined && now() - started > budget * share) return 'time';
    return null;
  };
  let stopped: 'work' | 'time' | 'cancelled' | null = null;
  const over = (): boolean => (stopped ??= reason(1)) !== null;
  checker.setStop(over);
  // The reading walk (definitions from the whole note) gets at most half of any budget, so a long
  // note is still judged from its start when the budget runs short.
  checker.setReadStop(() => reason(0.5) !== null);
  const walk = checker.run();
  for (;;) {
    let step: IteratorResult<void, void>;
    try {
      step = walk.next();
    } catch (error) {
      // A defect in the checker must not take the editor down: report what was found so far.
      if (error instanceof RangeError) {
        stopped ??= 'work';
        break;
      }
      throw error;
    }
    if (step.done) break;
    if (over()) break;
    yield;
  }
  const result = checker.result();
  addUnreadBlocks(result, extraction.unread, options.showUnchecked ?? false);
  if (stopped !== null && checker.unfinished()) {
    result.stats.timedOut = true;
    result.stats.cutShort = { reason: stopped, offset: checker.checkedUpTo() };
  }
  return result;
}
