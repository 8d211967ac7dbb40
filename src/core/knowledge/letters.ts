/**
 * What single letters mean to the checker, in one place (they used to be declared in six files
 * that disagreed). Each set says what the letter is when the note does not say otherwise.
 */

/** Letters a note indexes with: `s_i`, `\sum_k`, `δ_{ij}`, a case `i = j`, the one-hot class `y_c`. */
export const INDEX_LETTERS: ReadonlySet<string> = new Set(['i', 'j', 'k', 'l', 'm', 'c']);

/**
 * Letters that, standing alone where a logit belongs, mean the logit of that index: `e^i` for
 * e^{z_i}, `\partial i` for ∂z_i, `y^i` for y_i. Fewer than the index letters: `e^m`, `e^c` are
 * rarer and `\partial c` is more often a constant.
 */
export const SHORTHAND_INDEX_LETTERS: ReadonlySet<string> = new Set(['i', 'j', 'k', 'l']);

/** A single lowercase letter, the shape of an index (a parameter of a definition `w_{jk} = …`). */
export function isIndexShaped(name: string): boolean {
  return /^[a-z]$/.test(name);
}

/** Names of a vector's length: `\sum_{k=1}^{K}`, `\frac{1}{N}`. */
export const LENGTH_NAMES: ReadonlySet<string> = new Set(['n', 'N', 'K', 'C']);

/** Vectors that are targets (one-hot unless the note says they sum to one or differentiates by them). */
export const TARGET_NAMES: ReadonlySet<string> = new Set(['t', 'y', 'Y', 'T', 'label', 'y*', 't*']);

/** Bare names that are constants, lengths or indices, never quantities of their own. */
export const NOT_QUANTITIES: ReadonlySet<string> = new Set(['e', 'pi', ...LENGTH_NAMES, ...SHORTHAND_INDEX_LETTERS]);

/** Letters that name the true class when compared with an index (`k \\neq t`, `i = y`: CS231n's y_i, the target class t). */
export const CLASS_LETTERS: ReadonlySet<string> = new Set(['t', 'y']);

/**
 * Two single letters compared in a condition (`i = j`, `k \\neq t`, `i = y`): a case on indices when
 * both are index letters, or one is and the other names the class.
 */
export function isIndexComparison(a: string, b: string): boolean {
  if (a === b) return false;
  if (INDEX_LETTERS.has(a)) return INDEX_LETTERS.has(b) || CLASS_LETTERS.has(b);
  return INDEX_LETTERS.has(b) && CLASS_LETTERS.has(a);
}

/**
 * Greek letters that name a parameter, never a function the note leaves undefined: `\tau\left(…\right)`,
 * `\lambda(w_1 + w_2)` are products (σ, φ, ψ, δ, ρ are often functions or operators and are not here).
 */
export const PARAMETER_LETTERS: ReadonlySet<string> = new Set(['tau', 'lambda', 'alpha', 'beta', 'gamma', 'eta', 'epsilon', 'varepsilon', 'mu', 'kappa', 'nu', 'omega']);
