import type { NoteStep } from '../core/derivation/types';

/**
 * What may be passed to `softmaxLens.openDerivationPanel` (from the palette: nothing; from a hover
 * link, a code action or a test: these). Plain JSON so it survives command URIs and serialisation.
 */
export interface OpenPanelArgs {
  /** Logits to show; when absent the panel takes the vector under the cursor of the active editor. */
  readonly logits?: readonly number[];
  /** The document the vector or the step came from (`uri.toString()`). */
  readonly uri?: string;
  /** A flagged step of the derivation checker to show in the panel's "Your note" section. */
  readonly step?: NoteStepInfo;
}

/**
 * A flagged step of the derivation checker as the panel's "Your note" section shows it: the flagged
 * and previous steps' LaTeX, the correct step when known, the message, the counterexample (logits,
 * index values, both sides' values) and the 0-based line. The panel's core defines the shape.
 */
export type NoteStepInfo = NoteStep;
