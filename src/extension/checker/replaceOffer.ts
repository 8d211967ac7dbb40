/**
 * What "Replace with the correct result" offers and when it may still be applied. No `vscode`
 * import: the rule is unit-tested in plain Node; `register.ts` supplies the live document.
 */

/** One offered replacement: in this note, at this version, this exact text becomes `latex`. */
export interface ReplaceOffer {
  /** `uri.toString()` of the note. */
  readonly uri: string;
  /** The document version the diagnostic was computed for. */
  readonly version: number;
  /** UTF-16 offset and length of the flagged step. */
  readonly offset: number;
  readonly length: number;
  /** The text of the step when the fix was offered. */
  readonly oldText: string;
  /** What replaces it. */
  readonly latex: string;
}

export function replaceOfferKey(o: ReplaceOffer): string {
  return JSON.stringify([o.uri, o.version, o.offset, o.length, o.oldText, o.latex]);
}

/** The note as it is now, or undefined when it is not open. */
export interface CurrentNote {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

export type ReplaceRefusal = 'not-offered' | 'note-closed' | 'note-changed';

/**
 * May the offer be applied to the note as it is now? Only to the note it was made for, at the same
 * version, with the step's text still exactly where it was.
 */
export function checkReplaceOffer(offer: ReplaceOffer, note: CurrentNote | undefined): { ok: true } | { ok: false; reason: ReplaceRefusal } {
  if (!note || note.uri !== offer.uri) return { ok: false, reason: 'note-closed' };
  if (note.version !== offer.version) return { ok: false, reason: 'note-changed' };
  if (note.text.slice(offer.offset, offer.offset + offer.length) !== offer.oldText || offer.offset + offer.length > note.text.length) {
    return { ok: false, reason: 'note-changed' };
  }
  return { ok: true };
}
