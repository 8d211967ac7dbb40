/**
 * Counting and grouping the checker's step verdicts, for the marks that say what was checked: the
 * editor's per-block CodeLens and the CLI's per-file summary read these, never the verdicts raw,
 * so "4 steps hold · 1 not read" means the same thing in both.
 */
import type { StepVerdict } from './checker/index';

export interface StepCounts {
  /** Every `=` link the checker looked at: `hold + fail + notRead`. */
  judged: number;
  hold: number;
  fail: number;
  notRead: number;
}

export interface BlockSteps {
  /** The math block, as in `StepVerdict.blockOffset` / `blockLength`. */
  blockOffset: number;
  blockLength: number;
  /** Its steps in document order (never empty). */
  steps: StepVerdict[];
  counts: StepCounts;
}

export function countSteps(steps: readonly StepVerdict[]): StepCounts {
  const counts: StepCounts = { judged: 0, hold: 0, fail: 0, notRead: 0 };
  for (const step of steps) {
    counts.judged++;
    // An exhaustive switch: a new verdict kind must be counted somewhere, not dropped.
    switch (step.verdict) {
      case 'holds':
        counts.hold++;
        break;
      case 'fails':
        counts.fail++;
        break;
      case 'not-read':
        counts.notRead++;
        break;
      default: {
        const unknown: never = step.verdict;
        throw new Error(`stepSummary: unknown verdict '${String(unknown)}'`);
      }
    }
  }
  return counts;
}

/** The counts of several notes together (the CLI's total line). */
export function sumStepCounts(list: readonly StepCounts[]): StepCounts {
  const total: StepCounts = { judged: 0, hold: 0, fail: 0, notRead: 0 };
  for (const c of list) {
    total.judged += c.judged;
    total.hold += c.hold;
    total.fail += c.fail;
    total.notRead += c.notRead;
  }
  return total;
}

/** The steps grouped by math block, blocks in document order; a block without steps does not appear. */
export function stepsByBlock(steps: readonly StepVerdict[]): BlockSteps[] {
  const blocks = new Map<number, { blockOffset: number; blockLength: number; steps: StepVerdict[] }>();
  for (const step of steps) {
    let block = blocks.get(step.blockOffset);
    if (!block) {
      block = { blockOffset: step.blockOffset, blockLength: step.blockLength, steps: [] };
      blocks.set(step.blockOffset, block);
    }
    block.steps.push(step);
  }
  return [...blocks.values()]
    .sort((a, b) => a.blockOffset - b.blockOffset)
    .map((b) => ({ ...b, steps: b.steps.sort((x, y) => x.offset - y.offset), counts: countSteps(b.steps) }));
}
