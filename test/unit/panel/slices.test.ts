import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runInSlices, type SliceClock, type SliceRun } from '../../../src/core/panel/slices';

/** A clock that advances only when a piece says so, and a queue of deferred slices run by hand. */
function fakeClock(): SliceClock & { time: number; queue: (() => void)[]; flush(): number } {
  const clock = {
    time: 0,
    queue: [] as (() => void)[],
    now: () => clock.time,
    defer: (next: () => void) => void clock.queue.push(next),
    /** Runs deferred slices until none is left; returns how many ran. */
    flush(): number {
      let ran = 0;
      while (clock.queue.length > 0) {
        clock.queue.shift()?.();
        ran++;
      }
      return ran;
    },
  };
  return clock;
}

/** Pieces that log their index and take `cost` ms each on the fake clock. */
function pieces(count: number, cost: number, clock: { time: number }, log: number[]): (() => void)[] {
  return Array.from({ length: count }, (_, k) => () => {
    log.push(k);
    clock.time += cost;
  });
}

describe('runInSlices', () => {
  test('pieces within the budget run at once, and onDone follows synchronously', () => {
    const clock = fakeClock();
    const log: number[] = [];
    let done = 0;
    const run = runInSlices(pieces(5, 1, clock, log), { budgetMs: 10, minFirst: 1 }, clock, () => done++);
    assert.deepEqual(log, [0, 1, 2, 3, 4]);
    assert.equal(done, 1);
    assert.equal(run.done, true);
    assert.equal(clock.queue.length, 0);
  });

  test('over the budget, the rest runs in later slices, in order, then onDone once', () => {
    const clock = fakeClock();
    const log: number[] = [];
    let done = 0;
    const run = runInSlices(pieces(10, 4, clock, log), { budgetMs: 10, minFirst: 1 }, clock, () => done++);
    // 0 (4 ms), 1 (8 ms), 2 (12 ms: the check before it saw 8 < 10), then the budget is spent.
    assert.deepEqual(log, [0, 1, 2]);
    assert.equal(done, 0);
    assert.equal(run.done, false);
    const slices = clock.flush();
    assert.deepEqual(log, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(slices, 3);
    assert.equal(done, 1);
    assert.equal(run.done, true);
  });

  test('the first slice runs minFirst pieces whatever they cost; firstBudgetMs 0 stops right after', () => {
    const clock = fakeClock();
    const log: number[] = [];
    runInSlices(pieces(6, 50, clock, log), { budgetMs: 10, minFirst: 3, firstBudgetMs: 0 }, clock, () => undefined);
    assert.deepEqual(log, [0, 1, 2]);
    clock.queue.shift()?.();
    assert.deepEqual(log, [0, 1, 2, 3], 'a later slice still makes progress when one piece exceeds the budget');
  });

  test('a zero budget still runs one piece per slice (no endless deferral)', () => {
    const clock = fakeClock();
    const log: number[] = [];
    let done = false;
    runInSlices(pieces(4, 0, clock, log), { budgetMs: 0, minFirst: 0 }, clock, () => (done = true));
    assert.deepEqual(log, [0]);
    assert.equal(clock.flush(), 3);
    assert.deepEqual(log, [0, 1, 2, 3]);
    assert.equal(done, true);
  });

  test('cancel stops before the next piece, and onDone never comes', () => {
    const clock = fakeClock();
    const log: number[] = [];
    let done = false;
    const run = runInSlices(pieces(6, 6, clock, log), { budgetMs: 10, minFirst: 1 }, clock, () => (done = true));
    assert.deepEqual(log, [0, 1]);
    run.cancel();
    clock.flush();
    assert.deepEqual(log, [0, 1]);
    assert.equal(done, false);
    assert.equal(run.done, false);
  });

  test('a piece that cancels its own run stops it at once (a newer render took over)', () => {
    const clock = fakeClock();
    const log: number[] = [];
    let done = false;
    const list = pieces(5, 0, clock, log);
    // The first slice (piece 0) runs before `run` is returned; the cancelling piece in the second.
    const run: SliceRun = runInSlices([...list.slice(0, 2), () => run.cancel(), ...list.slice(2)], { budgetMs: 100, minFirst: 1, firstBudgetMs: 0 }, clock, () => (done = true));
    assert.deepEqual(log, [0]);
    clock.flush();
    assert.deepEqual(log, [0, 1]);
    assert.equal(done, false);
  });

  test('no pieces: done at once', () => {
    const clock = fakeClock();
    let done = 0;
    const run = runInSlices([], { budgetMs: 10, minFirst: 3 }, clock, () => done++);
    assert.equal(done, 1);
    assert.equal(run.done, true);
  });
});

describe('runInSlices with a paint in between', () => {
  test('deferPastPaint is used once, after the first slice; later slices use defer', () => {
    const clock = fakeClock();
    const pastPaint: (() => void)[] = [];
    const log: number[] = [];
    let done = false;
    runInSlices(pieces(4, 10, clock, log), { budgetMs: 5, minFirst: 1, firstBudgetMs: 0 }, { ...clock, deferPastPaint: (next) => void pastPaint.push(next) }, () => (done = true));
    assert.deepEqual(log, [0]);
    assert.equal(pastPaint.length, 1);
    assert.equal(clock.queue.length, 0);
    pastPaint.shift()?.();
    assert.deepEqual(log, [0, 1]);
    assert.equal(clock.queue.length, 1, 'the second deferral goes through defer');
    clock.flush();
    assert.equal(pastPaint.length, 0);
    assert.deepEqual(log, [0, 1, 2, 3]);
    assert.equal(done, true);
  });
});
