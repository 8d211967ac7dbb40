export type FindingCode = 'step-fails' | 'agrees-again' | 'final-result-wrong' | 'not-checked';

export interface Counterexample {
  /**
   * The vector the step is about (the differentiation variable's, else the first one read), entries
   * 1…n; empty when the step reads only some of its entries (those are in `entries`).
   */
  logits: number[];
  /** Single entries that matter, by name (`a_4`), for vectors the step reads only partly; never NaN. */
  entries?: Record<string, number>;
  /** The note's own name of that vector (`z`, `a`, `x` …); absent for the shorthand `e^i`, `\partial i`. */
  vector?: string;
  /** Values of the free indices at the counterexample (1-based). */
  indices: Record<string, number>;
  /** Scalars (λ, T, x…) drawn for the counterexample. */
  params: Record<string, number>;
  previousValue: number;
  stepValue: number;
}

export interface Finding {
  code: FindingCode;
  severity: 'warning' | 'information';
  /** English; e.g. "This step does not follow from the previous one". */
  message: string;
  /** e.g. "off by a factor n−1: a sum over j ≠ i gained or lost terms". */
  hint?: string;
  /** Into the markdown text: the step itself (the right-hand side after its '='). */
  offset: number;
  length: number;
  stepLatex: string;
  previousLatex: string;
  correctLatex?: string;
  counterexample?: Counterexample;
}

export interface CheckOptions {
  /** Also report steps that could not be interpreted (`not-checked`, information). Default false. */
  showUnchecked?: boolean;
  /**
   * Work budget for the whole document, in evaluation steps (the same on every machine): past it
   * the rest is skipped and `stats.cutShort` says where. Default 2e8 — forty times what a
   * 12,000-line note of real derivations takes (5e6; the largest real note takes 4e4): it bounds
   * pathological input, never an ordinary check.
   */
  maxWork?: number;
  /**
   * Wall-clock budget for the whole document. None by default: a verdict must not depend on the
   * machine's speed or load. Only for callers that ask for a cap (`softmax-lens check --max-seconds`).
   */
  timeBudgetMs?: number;
  /** Seed of the random points; the same seed gives the same verdicts. */
  seed?: number;
  /** Called between blocks; returning true stops the check early (the result so far is returned, `cutShort` set). */
  shouldStop?: () => boolean;
}

/** Why and where a check stopped before the end of the note. */
export interface CutShort {
  reason: 'work' | 'time' | 'cancelled';
  /** Offset into the markdown of the first math block not checked. */
  offset: number;
}

export interface CheckStats {
  blocks: number;
  chains: number;
  steps: number;
  checked: number;
  unknown: number;
  /** The check stopped before the end (see `cutShort`). */
  timedOut: boolean;
  /** Set when the check did not reach the end of the note. */
  cutShort?: CutShort;
  /** Evaluation steps spent (what `maxWork` bounds). */
  work: number;
}

/** What the checker concluded about one `=` link of a chain. */
export type StepVerdictKind = 'holds' | 'fails' | 'not-read';

/**
 * One judged (or unread) `=` link: where it is, which math block it belongs to, the verdict and,
 * for `not-read`, why. The editor's per-block marks and the CLI's summary are built from these.
 */
export interface StepVerdict {
  verdict: StepVerdictKind;
  /** Into the markdown text: the step (the right-hand side after its `=`). */
  offset: number;
  length: number;
  /** The math block (span) the step is in: its offset and length into the markdown. */
  blockOffset: number;
  blockLength: number;
  /** For `not-read`: why the step could not be read with certainty. */
  reason?: string;
}

export interface CheckResult {
  findings: Finding[];
  stats: CheckStats;
  /** Every `=` link of every chain, in document order. */
  steps: StepVerdict[];
}
