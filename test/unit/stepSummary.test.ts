import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepVerdict } from '../../src/core/checker/index';
import { countSteps, stepsByBlock, sumStepCounts } from '../../src/core/stepSummary';

const step = (verdict: StepVerdict['verdict'], offset: number, blockOffset: number): StepVerdict => ({ verdict, offset, length: 1, blockOffset, blockLength: 50 });

test('countSteps: judged is every step; empty counts zero', () => {
  assert.deepEqual(countSteps([]), { judged: 0, hold: 0, fail: 0, notRead: 0 });
  assert.deepEqual(countSteps([step('holds', 1, 0), step('fails', 2, 0), step('not-read', 3, 0), step('holds', 4, 0)]), { judged: 4, hold: 2, fail: 1, notRead: 1 });
});

test('countSteps: an unknown verdict is a defect, not a silent zero', () => {
  assert.throws(() => countSteps([{ ...step('holds', 1, 0), verdict: 'maybe' as never }]), /unknown verdict 'maybe'/);
});

test('stepsByBlock: grouped by block, blocks and steps in document order, counts per block', () => {
  const blocks = stepsByBlock([step('holds', 120, 100), step('fails', 12, 10), step('holds', 11, 10), step('not-read', 130, 100)]);
  assert.deepEqual(
    blocks.map((b) => [b.blockOffset, b.steps.map((s) => s.offset), b.counts]),
    [
      [10, [11, 12], { judged: 2, hold: 1, fail: 1, notRead: 0 }],
      [100, [120, 130], { judged: 2, hold: 1, fail: 0, notRead: 1 }],
    ],
  );
  assert.deepEqual(stepsByBlock([]), []);
});

test('sumStepCounts adds field by field', () => {
  assert.deepEqual(sumStepCounts([]), { judged: 0, hold: 0, fail: 0, notRead: 0 });
  assert.deepEqual(sumStepCounts([{ judged: 3, hold: 1, fail: 1, notRead: 1 }, { judged: 2, hold: 2, fail: 0, notRead: 0 }]), { judged: 5, hold: 3, fail: 1, notRead: 1 });
});
