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

export interface NoteStepInfo {
  /** LaTeX of the step that was flagged, as written in the note. */
  readonly flaggedLatex: string;
  /** LaTeX of the step before it in the chain. */
  readonly previousLatex: string;
  /** A correct replacement when the checker knows one (recognised softmax / cross-entropy result). */
  readonly correctLatex?: string;
  /** The checker's message, e.g. "This step does not follow from the previous one". */
  readonly message: string;
  /** The point where the two sides differ: logits, index values and both sides' values. */
  readonly counterexample?: {
    readonly logits: readonly number[];
    readonly indices: Readonly<Record<string, number>>;
    readonly previousValue: number;
    readonly flaggedValue: number;
  };
  /** 0-based line of the flagged step in the note. */
  readonly line: number;
}
