/**
 * Test helper: a known wrong step that must still be found beside hostile input. A suite that only
 * asserts "no warning" and "no throw" passes with a checker that does nothing (or one whose every
 * block fails inside and is swallowed as "not checked"); a canary next to each hostile input, and a
 * look at what `showUnchecked` reveals, make those suites able to fail.
 */
import assert from 'node:assert/strict';
import type { CheckResult } from '../../../src/core/checker/index';

/** Under its own heading so that nothing around it (facts, definitions) carries into it or out of it. */
const canaryBlock = [
  '## Canary',
  '',
  '$$',
  's_i = \\frac{e^{a_i}}{\\sum_j e^{a_j}}',
  '$$',
  '',
  '$$',
  '\\frac{\\partial s_i}{\\partial a_i} = s_i (1 - s_i) = s_i (1 + s_i)',
  '$$',
  '',
].join('\n');

/** The canary's wrong step, as the checker underlines it (the right-hand side after its `=`). */
export const canaryWrongStep = 's_i (1 + s_i)';

export interface CanaryNote {
  readonly note: string;
  /** Offsets of the canaries' wrong steps in `note`, in order. */
  readonly wrongAt: readonly number[];
}

/**
 * `hostile` with a canary before it (found whatever the hostile text does after it) and, when
 * `after` is set, one after it too (the checker must recover: the hostile text must not swallow it).
 */
export function withCanaries(hostile: string, { after = true }: { after?: boolean } = {}): CanaryNote {
  const head = `${canaryBlock}\n## Hostile\n\n`;
  const tail = after ? `\n\n${canaryBlock}` : '';
  const note = `${head}${hostile}${tail}`;
  const wrongAt = [canaryBlock.indexOf(canaryWrongStep)];
  if (after) wrongAt.push(head.length + hostile.length + 2 + canaryBlock.indexOf(canaryWrongStep));
  return { note, wrongAt };
}

/** No finding is an internal error surfaced as "not checked" (a defect must never look like silence). */
export function assertNoInternalError(result: CheckResult, label = ''): void {
  const internal = result.findings.filter((f) => /internal error/i.test(f.message));
  assert.deepEqual(internal.map((f) => f.message), [], `${label}: internal errors`);
}

/**
 * The warnings are exactly the canaries' wrong steps: each found where it is, nothing else warned
 * about. Checked with `showUnchecked: true` results, so internal errors are visible too.
 */
export function assertOnlyCanaries(c: CanaryNote, result: CheckResult, label = ''): void {
  assertNoInternalError(result, label);
  const warnings = result.findings.filter((f) => f.severity === 'warning');
  assert.deepEqual(
    warnings.map((f) => ({ offset: f.offset, text: c.note.slice(f.offset, f.offset + f.length), code: f.code })),
    c.wrongAt.map((offset) => ({ offset, text: canaryWrongStep, code: 'step-fails' })),
    `${label}: the warnings are the canaries' wrong steps and nothing else`,
  );
}
