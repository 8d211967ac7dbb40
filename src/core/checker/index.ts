/**
 * The derivation checker: decides whether each `=` step of a hand-derived gradient in a markdown
 * note holds, and says why when it does not. Pure (no editor, no Node built-ins), never throws on
 * any input, and bounded in time by `timeBudgetMs`.
 */
import { DocumentChecker } from './document';
import type { CheckOptions, CheckResult } from './types';

export type { CheckOptions, CheckResult, CheckStats, Counterexample, Finding, FindingCode, StepVerdict, StepVerdictKind } from './types';
export { describeCounterexamplePoint } from './hints';

const DEFAULT_BUDGET_MS = 2000;

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
 * The same check in slices: the generator yields after every math block (each slice is small: a
 * block is at most 20,000 characters), so the editor can spread the work over event-loop turns
 * and drop it when the text changes. `timeBudgetMs` and `shouldStop` are honoured between blocks
 * and between the rows of a block.
 */
export function* checkMarkdownIncremental(markdown: string, options: CheckOptions = {}): Generator<void, CheckResult, void> {
  const started = now();
  const budget = options.timeBudgetMs ?? DEFAULT_BUDGET_MS;
  const checker = new DocumentChecker(markdown, options);
  const over = (): boolean => now() - started > budget || (options.shouldStop?.() ?? false);
  checker.setStop(over);
  // The reading walk (definitions from the whole note) gets at most half of the budget, so a long
  // note is still judged from its start when time runs short.
  checker.setReadStop(() => now() - started > budget / 2 || (options.shouldStop?.() ?? false));
  const walk = checker.run();
  for (;;) {
    let step: IteratorResult<void, void>;
    try {
      step = walk.next();
    } catch (error) {
      // A defect in the checker must not take the editor down: report what was found so far.
      if (error instanceof RangeError) {
        checker.stats.timedOut = true;
        break;
      }
      throw error;
    }
    if (step.done) break;
    if (over()) {
      checker.stats.timedOut = true;
      break;
    }
    yield;
  }
  return checker.result();
}
