/** The data model of the derivation panel: what the builder produces and the webview renders. */

export type Locale = 'en' | 'zh-cn';

/** Maps a VS Code display language (`vscode.env.language`, e.g. `zh-cn`, `zh-CN`, `en-us`) to a locale. */
export function localeFromLanguage(language: string | undefined): Locale {
  return (language ?? '').toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** The target of the cross-entropy as the panel lets a user pick it. */
export type DerivationTarget =
  | { kind: 'index'; index: number }
  | { kind: 'argmax' }
  | { kind: 'probabilities'; values: readonly number[] };

export type SectionId =
  | 'input'
  | 'softmax'
  | 'softmax-derivative'
  | 'softmax-derivative-numbers'
  | 'jacobian'
  | 'cross-entropy'
  | 'cross-entropy-numbers'
  | 'gradient-check'
  | 'your-note';

export interface DerivationStep {
  /** Stable within a derivation, e.g. `softmax-derivative.case-equal`; used by copy/insert. */
  readonly id: string;
  /** Explanation; inline math is marked with `$…$` (see `splitProse`). */
  readonly prose?: string;
  /** A display formula built by the builder. */
  readonly latex?: string;
  /**
   * The LaTeX was written by the user (the "Your note" section): render it with KaTeX `trust: false`
   * and show errors as text; never build anything from it.
   */
  readonly fromNote?: boolean;
  /** A short label shown above a formula, e.g. "Flagged step". */
  readonly label?: string;
}

export interface DerivationSection {
  readonly id: SectionId;
  readonly title: string;
  readonly steps: readonly DerivationStep[];
}

/** The flagged step of the checker, as the panel receives it (same shape as `NoteStepInfo`). */
export interface NoteStep {
  readonly flaggedLatex: string;
  readonly previousLatex: string;
  readonly correctLatex?: string;
  readonly message: string;
  readonly counterexample?: {
    readonly logits: readonly number[];
    /** The note's own name of the vector (`z`, `a` …); `a` when absent. */
    readonly vector?: string;
    /** Index values and scalars as the note counts them (indices from 1, like the note's sums). */
    readonly indices: Readonly<Record<string, number>>;
    readonly previousValue: number;
    readonly flaggedValue: number;
  };
  readonly line: number;
}

/**
 * The Jacobian as a heatmap grid. When `n` is larger than the grid, cell (r, c) stands for the block
 * of rows `blockStart(r)…` and columns `blockStart(c)…` and holds the entry of largest magnitude in
 * that block (sign kept), with its position in `rowOf`/`colOf`, and the block mean in `means`.
 */
export interface HeatmapGrid {
  readonly n: number;
  /** Cells per side. */
  readonly size: number;
  readonly downsampled: boolean;
  /** size × size, row-major. */
  readonly values: Float64Array;
  readonly means: Float64Array;
  readonly rowOf: Int32Array;
  readonly colOf: Int32Array;
  /** Largest |value| over the grid (for the colour scale); 0 when all are 0. */
  readonly maxAbs: number;
}

export interface GradientCheckRow {
  readonly index: number;
  readonly numeric: number;
  readonly analytic: number;
  readonly difference: number;
}

export interface GradientCheck {
  readonly step: number;
  readonly rows: readonly GradientCheckRow[];
  /** How many of the n coordinates were checked (all of them up to a limit). */
  readonly checked: number;
  readonly maxDifference: number;
  readonly maxDifferenceIndex: number;
  readonly passed: boolean;
  readonly tolerance: number;
}

export interface ClassRow {
  readonly index: number;
  readonly logit: number;
  readonly probability: number;
  readonly target: number;
  readonly gradient: number;
}

export interface Derivation {
  readonly locale: Locale;
  readonly n: number;
  readonly temperature: number;
  readonly entry: { readonly i: number; readonly j: number };
  /** The resolved target class when the target is one class (also for `argmax`), else -1. */
  readonly targetIndex: number;
  readonly labelSmoothing: number;
  readonly sections: readonly DerivationSection[];
  readonly softmax: Float64Array;
  readonly logSumExp: number;
  readonly entropy: number;
  readonly argmax: number;
  readonly loss: number;
  readonly gradient: Float64Array;
  /** The target distribution t actually used (one-hot, smoothed or soft). */
  readonly targetDistribution: Float64Array;
  /** ∂s_i/∂a_j for the chosen entry. */
  readonly entryValue: number;
  /** Largest |Σ_j J_ij| over the rows: 0 up to rounding. */
  readonly maxRowSum: number;
  /** Rows for the classes table: all of them for small n, the top ones by probability otherwise. */
  readonly classes: readonly ClassRow[];
  readonly classesTruncated: boolean;
  readonly heatmap: HeatmapGrid;
  readonly gradientCheck: GradientCheck;
}
