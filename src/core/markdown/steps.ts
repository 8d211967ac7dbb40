/**
 * Counted step sizes for the incremental extraction. Every phase spends units of work from a
 * `Budget` and yields when it is used up, so a note is cut at the same places on every machine
 * (nothing here reads a clock). The defaults keep a step near a few milliseconds on a 2-core
 * machine for the slowest input of each kind we know (`npm run bench -- checker`); tests pass tiny
 * limits so that every pause point is taken.
 */
export interface StepLimits {
  /** Characters per step while preparing the text (line endings, line table, front matter, NULs, copies). */
  readonly prepareChars: number;
  /** Lines (plus indentation characters) of markdown-it's block state built per step. */
  readonly stateLines: number;
  /** Lines of top-level blocks parsed per step (each block also costs one); one block is never cut. */
  readonly blockLines: number;
  /** Characters of inline text parsed per step (each token looked at also costs one). */
  readonly inlineChars: number;
  /** Spans, directives and unread blocks copied into the result per step. */
  readonly copyItems: number;
}

export const STEP_LIMITS: StepLimits = {
  prepareChars: 250_000,
  stateLines: 50_000,
  blockLines: 1_000,
  inlineChars: 2_000,
  copyItems: 50_000,
};

/** Units of work left in the current step. `spend` returns true when the step is used up (and starts a new one). */
export class Budget {
  private left: number;
  constructor(private readonly size: number) {
    this.left = size;
  }

  spend(units: number): boolean {
    this.left -= units;
    if (this.left > 0) return false;
    this.left = this.size;
    return true;
  }

  /** Starts a new step (after a yield made for another reason). */
  reset(): void {
    this.left = this.size;
  }
}

/** `text` with every `from` character replaced by `to` (same length), `chunk` characters per step. */
export function* replaceCharSteps(text: string, from: string, to: string, chunk: number): Generator<void, string, void> {
  let found = false;
  for (let a = 0; a < text.length && !found; a += chunk) {
    found = text.slice(a, a + chunk).includes(from);
    yield;
  }
  if (!found) return text;
  const parts: string[] = [];
  for (let a = 0; a < text.length; a += chunk) {
    parts.push(text.slice(a, a + chunk).split(from).join(to));
    yield;
  }
  // One flat copy of the whole text in one step (a memory copy, a few ms for 10 MB): V8 offers no
  // way to build a flat string in pieces.
  return parts.join('');
}
