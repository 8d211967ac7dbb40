/**
 * Runs a render's pieces in time slices so the page never freezes: as many pieces as fit in a
 * budget per task, then a yield to the browser (which paints and handles input), then the rest.
 * The first slice always runs at least `minFirst` pieces, so the top of the page appears at once.
 * The clock and the yield are passed in: the webview uses performance.now() and a macrotask.
 */
export interface SliceClock {
  now(): number;
  /** Runs `next` in a later task. */
  defer(next: () => void): void;
  /**
   * Runs `next` once the browser has painted (used once, after the first slice, so the first
   * screen appears before the rest is built); `defer` when absent.
   */
  deferPastPaint?(next: () => void): void;
}

export interface SliceOptions {
  /** Milliseconds of work per slice before yielding (a slice may overrun by its last piece). */
  readonly budgetMs: number;
  /** Pieces the first slice runs whatever the budget. */
  readonly minFirst: number;
  /** The first slice's budget after its `minFirst` pieces (default `budgetMs`); 0 stops right there. */
  readonly firstBudgetMs?: number;
}

export interface SliceRun {
  /** Stops before the next piece; `onDone` is then never called. */
  cancel(): void;
  readonly done: boolean;
}

/**
 * runInSlices([a, b, c], { budgetMs: 8, minFirst: 1 }, clock, () => report())
 * // runs a, then b and c while within 8 ms of the slice's start, the rest after clock.defer
 */
export function runInSlices(pieces: readonly (() => void)[], options: SliceOptions, clock: SliceClock, onDone: () => void): SliceRun {
  let next = 0;
  let cancelled = false;
  let done = false;
  let first = true;
  const slice = (minimum: number, budget: number): void => {
    if (cancelled) return;
    const start = clock.now();
    let ran = 0;
    while (next < pieces.length && (ran < Math.max(1, minimum) || clock.now() - start < budget)) {
      const piece = pieces[next++];
      piece?.();
      ran++;
      if (cancelled) return;
    }
    if (next < pieces.length) {
      const again = (): void => slice(1, options.budgetMs);
      if (first && clock.deferPastPaint) clock.deferPastPaint(again);
      else clock.defer(again);
      first = false;
      return;
    }
    done = true;
    onDone();
  };
  slice(options.minFirst, options.firstBudgetMs ?? options.budgetMs);
  return {
    cancel: () => {
      cancelled = true;
    },
    get done() {
      return done;
    },
  };
}
