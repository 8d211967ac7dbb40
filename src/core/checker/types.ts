export type FindingCode = 'step-fails' | 'agrees-again' | 'final-result-wrong' | 'not-checked';

export interface Counterexample {
  /** The vector the step is about (the differentiation variable's, else the first one read), entries 1…n. */
  logits: number[];
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
  /** Wall-clock budget for the whole document; past it the rest is skipped and `stats.timedOut` is set. Default 2000 ms. */
  timeBudgetMs?: number;
  /** Seed of the random points; the same seed gives the same verdicts. */
  seed?: number;
  /** Called between blocks; returning true stops the check early (the result so far is returned, `timedOut` set). */
  shouldStop?: () => boolean;
}

export interface CheckStats {
  blocks: number;
  chains: number;
  steps: number;
  checked: number;
  unknown: number;
  timedOut: boolean;
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
