import * as vscode from 'vscode';
import { findVectorAt, findVectorsInRange, parseVector, parseVectorInSteps, type ParsedVector } from '../../core/vectors';
import type { CoreError, Result } from '../../core/result';
import { documentLabel } from '../labels';

/** A vector found in a document, with its range and a short label for reports. */
export interface LocatedVector {
  readonly vector: ParsedVector;
  readonly range: vscode.Range;
  readonly label: string;
}

export interface LocateOutcome {
  readonly found: LocatedVector[];
  /** The first problem met (an unparsable selection, no vector at a cursor), with its range. */
  readonly problem?: { readonly error: CoreError; readonly range: vscode.Range };
}

function locatedFrom(document: vscode.TextDocument, vector: ParsedVector): LocatedVector {
  const range = new vscode.Range(document.positionAt(vector.offset), document.positionAt(vector.offset + vector.length));
  return { vector, range, label: `${documentLabel(document)}:${range.start.line + 1}` };
}

/** Parse errors of this kind mean "the selection is not just a vector", so look for vectors inside it. */
const searchInsideCodes = new Set(['not-a-vector', 'trailing-text']);

/**
 * Does the selection start (after an optional `name =` label) with a bracket, a LaTeX command or a
 * call? Then an error inside it is the user's to see (a ragged batch, a typo), not a reason to
 * search for some other vector in the selection.
 */
const startsWithLiteral = /^\s*(?:[A-Za-z_][\w.]*\s*[:=]\s*)?(?:[[(\\\uff08\uff3b]|[A-Za-z_][\w.]*\s*\()/;

/**
 * The vectors the commands act on: for each selection, the selected literal (or every literal inside
 * a larger selection); for an empty selection, the vector under the cursor.
 */
export function locateVectors(
  document: vscode.TextDocument,
  selections: readonly vscode.Selection[],
  preParsed?: ReadonlyMap<number, Result<ParsedVector>>,
): LocateOutcome {
  const text = document.getText();
  const found: LocatedVector[] = [];
  let problem: LocateOutcome['problem'];
  const seen = new Set<number>();
  const add = (vector: ParsedVector): void => {
    if (seen.has(vector.offset)) return; // two cursors on one vector evaluate it once
    seen.add(vector.offset);
    found.push(locatedFrom(document, vector));
  };
  for (const [index, selection] of selections.entries()) {
    if (selection.isEmpty) {
      const vector = findVectorAt(text, document.offsetAt(selection.active));
      if (vector) add(vector);
      else if (!problem) {
        problem = {
          error: { code: 'no-vector', message: vscode.l10n.t('there is no vector at the cursor: put it on a list such as [2.0, 1.0, 0.1], or select the numbers') },
          range: new vscode.Range(selection.active, selection.active),
        };
      }
      continue;
    }
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    const parsed = preParsed?.get(index) ?? parseVector(text.slice(start, end));
    if (parsed.ok) {
      add({ ...parsed.value, offset: parsed.value.offset + start });
      continue;
    }
    if (searchInsideCodes.has(parsed.error.code) || !startsWithLiteral.test(text.slice(start, Math.min(end, start + 200)))) {
      const inside = findVectorsInRange(text, start, end);
      if (inside.length > 0) {
        inside.forEach(add);
        continue;
      }
    }
    if (!problem) {
      const offset = start + (parsed.error.offset ?? 0);
      const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + (parsed.error.length ?? 0)));
      problem = { error: parsed.error, range };
    }
  }
  return problem ? { found, problem } : { found };
}

/** For the status bar and hovers: the vector at the primary selection, or undefined. */
export function vectorAtSelection(document: vscode.TextDocument, selection: vscode.Selection): LocatedVector | undefined {
  const outcome = locateVectors(document, [selection]);
  return outcome.found[0];
}

/**
 * Parses the non-empty selections in steps of `pauseEvery` numbers, awaiting `pause(fraction)`
 * between steps so a million-number selection never blocks the extension host for long; `pause`
 * returns false to cancel. The results feed `locateVectors`.
 */
export async function parseSelectionsInSteps(
  document: vscode.TextDocument,
  selections: readonly vscode.Selection[],
  pause: (fraction: number) => Promise<boolean>,
  pauseEvery = 65536,
): Promise<Map<number, Result<ParsedVector>> | undefined> {
  const results = new Map<number, Result<ParsedVector>>();
  for (const [index, selection] of selections.entries()) {
    if (selection.isEmpty) continue;
    const text = document.getText(selection);
    const steps = parseVectorInSteps(text, pauseEvery);
    for (;;) {
      const next = steps.next();
      if (next.done) {
        results.set(index, next.value); // offsets relative to the selection, as locateVectors expects
        break;
      }
      if (!(await pause((index + next.value / Math.max(1, text.length)) / selections.length))) return undefined;
    }
  }
  return results;
}
