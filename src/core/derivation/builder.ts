import { crossEntropy, summarizeLogits, topK, type Target } from '../numeric/index';
import { fail, ok, type Result } from '../result';
import { latexFactor, latexMatrix, latexNumber, latexVector, plainNumber } from './format';
import { gradientCheck } from './gradientCheck';
import { jacobianHeatmap } from './heatmap';
import { text, type TextKey } from './texts';
import type { ClassRow, Derivation, DerivationSection, DerivationStep, DerivationTarget, Locale, NoteStep, SectionId } from './types';

export interface DerivationLimits {
  /** Largest n whose Jacobian is typeset as a matrix (default 8). */
  matrix?: number;
  /** Heatmap cells per side; larger n is downsampled (default 256). */
  heatmap?: number;
  /** Largest n whose classes are all listed (default 64); beyond, the most probable ones. */
  classes?: number;
  /** Coordinates the gradient check evaluates (default 32, down to 4 for n = 10⁵). */
  gradientCheck?: number;
}

export interface DerivationInput {
  logits: ArrayLike<number>;
  /** Default 1. */
  temperature?: number;
  /** The entry of the Jacobian worked out with numbers; default (argmax, argmax). */
  entry?: { i: number; j: number };
  /** Default: the most probable class. */
  target?: DerivationTarget;
  /** ε in [0, 1); default 0. */
  labelSmoothing?: number;
  locale?: Locale;
  /** Significant digits of the substituted numbers (default 4). */
  digits?: number;
  /** The checker's flagged step, for the "Your note" section. */
  step?: NoteStep;
  limits?: DerivationLimits;
}

/**
 * Builds the whole derivation — softmax, its Jacobian, cross-entropy and its gradient, a gradient
 * check — as sections of prose and LaTeX, with the user's numbers substituted. Pure and
 * deterministic; the numbers come from the numeric core, the formulas are the derivation's own.
 *
 * @example
 * const d = buildDerivation({ logits: [2, 1, 0.1], target: { kind: 'index', index: 0 } });
 * if (d.ok) d.value.gradient; // ≈ [-0.341, 0.242, 0.099]
 */
export function buildDerivation(input: DerivationInput): Result<Derivation> {
  const n = input.logits.length;
  const locale = input.locale ?? 'en';
  const digits = Math.min(17, Math.max(1, Math.round(input.digits ?? 4)));
  const temperature = input.temperature ?? 1;
  const labelSmoothing = input.labelSmoothing ?? 0;
  if (n === 0) return fail('empty-logits', 'there are no logits: the vector is empty');
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    return fail('invalid-temperature', `the temperature must be a positive number, got ${String(temperature)}`);
  }
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
    return fail('invalid-label-smoothing', `label smoothing must be in [0, 1), got ${String(labelSmoothing)}`);
  }
  for (let k = 0; k < n; k++) {
    const a = input.logits[k] ?? NaN;
    // −∞ is a mask (probability 0); NaN and +∞ leave the softmax undefined.
    if (Number.isNaN(a) || a === Infinity) {
      return fail('invalid-logit', `the logit at index ${k} is ${String(a)}: the softmax is undefined; use -Infinity to mask a class`);
    }
  }
  const summary = summarizeLogits(input.logits, { temperature, jacobianLimit: 64 });
  if (!summary.ok) return summary;
  const s = summary.value.softmax;
  const argmax = summary.value.argmax;

  const entry = input.entry ?? { i: argmax, j: argmax };
  for (const [name, value] of [['i', entry.i], ['j', entry.j]] as const) {
    if (!(Number.isInteger(value) && value >= 0 && value < n)) {
      return fail('index-out-of-range', `the index ${name} = ${String(value)} is outside 0…${n - 1}`);
    }
  }

  const requested = input.target ?? { kind: 'argmax' };
  let target: Target;
  if (requested.kind === 'argmax') target = { kind: 'index', index: argmax };
  else if (requested.kind === 'index') {
    if (!(Number.isInteger(requested.index) && requested.index >= 0 && requested.index < n)) {
      return fail('index-out-of-range', `the target class ${String(requested.index)} is outside 0…${n - 1}`);
    }
    target = { kind: 'index', index: requested.index };
  } else {
    if (requested.values.length !== n) {
      return fail('length-mismatch', `the target has ${requested.values.length} probabilities but there are ${n} logits`);
    }
    target = { kind: 'probabilities', values: requested.values };
  }
  const targetIndex = target.kind === 'index' ? target.index : -1;

  const ce = crossEntropy(input.logits, target, { temperature, labelSmoothing });
  if (!ce.ok) return ce;

  // t as the loss sees it: (1 − ε)·(one-hot or given probabilities) + ε/n.
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const base = target.kind === 'index' ? (k === target.index ? 1 : 0) : (target.values[k] ?? 0);
    t[k] = (1 - labelSmoothing) * base + labelSmoothing / n;
  }
  const analytic = new Float64Array(n);
  for (let k = 0; k < n; k++) analytic[k] = ((s[k] ?? 0) - (t[k] ?? 0)) / temperature;

  const check = gradientCheck({
    logits: input.logits,
    target,
    temperature,
    labelSmoothing,
    analytic,
    ...(input.limits?.gradientCheck !== undefined ? { maxCoordinates: input.limits.gradientCheck } : {}),
  });
  const heatmap = jacobianHeatmap(s, temperature, input.limits?.heatmap ?? 256);

  // Σ_j J_ij = s_i (1 − Σ_j s_j) / T: from the dense Jacobian when the core made one, else in closed form.
  let maxRowSum = 0;
  const dense = summary.value.jacobian;
  if (dense) {
    for (const row of dense) {
      let sum = 0;
      for (let k = 0; k < row.length; k++) sum += row[k] ?? 0;
      maxRowSum = Math.max(maxRowSum, Math.abs(sum) / temperature);
    }
  } else {
    let total = 0;
    let largest = 0;
    for (let k = 0; k < n; k++) {
      total += s[k] ?? 0;
      largest = Math.max(largest, s[k] ?? 0);
    }
    maxRowSum = (largest * Math.abs(1 - total)) / temperature;
  }

  const si = s[entry.i] ?? NaN;
  const sj = s[entry.j] ?? NaN;
  const entryValue = ((entry.i === entry.j ? si * (1 - si) : -si * sj)) / temperature;

  const classLimit = input.limits?.classes ?? 64;
  const classIndices = n <= classLimit ? Array.from({ length: n }, (_, k) => k) : topIndices(s, Math.min(10, n));
  const logits = input.logits;
  const classes: ClassRow[] = classIndices.map((k) => ({
    index: k,
    logit: logits[k] ?? NaN,
    probability: s[k] ?? NaN,
    target: t[k] ?? NaN,
    gradient: ce.value.gradient[k] ?? NaN,
  }));

  const ctx: Context = {
    locale,
    digits,
    n,
    temperature,
    logits,
    s,
    t,
    entry,
    entryValue,
    targetIndex,
    labelSmoothing,
    soft: target.kind === 'probabilities',
    loss: ce.value.loss,
    gradient: ce.value.gradient,
    logSumExp: summary.value.logSumExp,
    matrixLimit: input.limits?.matrix ?? 8,
    dense,
    maxRowSum,
    heatmapSize: heatmap.size,
  };
  const sections: DerivationSection[] = [
    inputSection(ctx),
    softmaxSection(ctx),
    derivativeSection(ctx),
    derivativeNumbersSection(ctx),
    jacobianSection(ctx),
    crossEntropySection(ctx),
    crossEntropyNumbersSection(ctx),
    gradientCheckSection(ctx, check),
  ];
  if (input.step) sections.push(noteSection(ctx, input.step));

  return ok({
    locale,
    n,
    temperature,
    entry: { i: entry.i, j: entry.j },
    targetIndex,
    labelSmoothing,
    sections,
    softmax: s,
    logSumExp: summary.value.logSumExp,
    entropy: summary.value.entropy,
    argmax,
    loss: ce.value.loss,
    gradient: ce.value.gradient,
    targetDistribution: t,
    entryValue,
    maxRowSum,
    classes,
    classesTruncated: classIndices.length < n,
    heatmap,
    gradientCheck: check,
  });
}

interface Context {
  locale: Locale;
  digits: number;
  n: number;
  temperature: number;
  logits: ArrayLike<number>;
  s: Float64Array;
  t: Float64Array;
  entry: { i: number; j: number };
  entryValue: number;
  targetIndex: number;
  labelSmoothing: number;
  soft: boolean;
  loss: number;
  gradient: Float64Array;
  logSumExp: number;
  matrixLimit: number;
  dense: Float64Array[] | undefined;
  maxRowSum: number;
  heatmapSize: number;
}

function topIndices(values: ArrayLike<number>, k: number): number[] {
  return topK(values, k).map((entry) => entry.index);
}

function section(ctx: Context, id: SectionId, steps: DerivationStep[]): DerivationSection {
  return { id, title: text(ctx.locale, `section.${id}` as TextKey), steps };
}

function step(id: string, prose: string | undefined, latex: string | undefined, extra: Partial<DerivationStep> = {}): DerivationStep {
  return { id, ...(prose !== undefined ? { prose } : {}), ...(latex !== undefined ? { latex } : {}), ...extra };
}

/** `\frac{1}{T}` (and a trailing separator) when T ≠ 1, else nothing. */
function invT(ctx: Context, symbolic: boolean): string {
  if (ctx.temperature === 1) return '';
  return symbolic ? '\\frac{1}{T}' : `\\frac{1}{${latexNumber(ctx.temperature, ctx.digits)}} \\cdot `;
}

function inputSection(ctx: Context): DerivationSection {
  const { locale, digits, n, temperature } = ctx;
  const steps: DerivationStep[] = [step('input.summary', text(locale, 'input.summary', n, plainNumber(temperature, digits)), `a = ${latexVector(ctx.logits, digits)}`)];
  if (n > 12) steps.push(step('input.long', text(locale, 'input.long', n), undefined));
  if (temperature !== 1) {
    const z = Float64Array.from(ctx.logits, (v) => v / temperature);
    steps.push(step('input.temperature', text(locale, 'input.temperature'), `z = \\frac{a}{T} = ${latexVector(z, digits)}`));
  }
  return section(ctx, 'input', steps);
}

function softmaxSection(ctx: Context): DerivationSection {
  const { locale, digits, n, s, temperature } = ctx;
  const v = temperature === 1 ? 'a' : 'z';
  let m = -Infinity;
  for (let k = 0; k < n; k++) m = Math.max(m, (ctx.logits[k] ?? -Infinity) / temperature);
  const i = ctx.entry.i;
  const zi = (ctx.logits[i] ?? NaN) / temperature;
  // Σ_k e^{z_k − m} = e^{lse − m}: the denominator of the stable form, from the core's log-sum-exp.
  const denominator = Math.exp(ctx.logSumExp - m);
  const mText = latexFactor(m, digits);
  let sumTerms: string;
  if (n <= 5) {
    const terms: string[] = [];
    for (let k = 0; k < n; k++) terms.push(`e^{${latexNumber((ctx.logits[k] ?? NaN) / temperature, digits)} - ${mText}}`);
    sumTerms = terms.join(' + ');
  } else {
    sumTerms = `\\sum_{k} e^{${v}_k - ${mText}}`;
  }
  const steps: DerivationStep[] = [
    step('softmax.definition', text(locale, 'softmax.definition'), `s_i = \\operatorname{softmax}(${v})_i = \\frac{e^{${v}_i}}{\\sum_{k} e^{${v}_k}}, \\qquad \\sum_i s_i = 1`),
    step('softmax.stable', text(locale, 'softmax.stable'), `s_i = \\frac{e^{${v}_i - m}}{\\sum_{k} e^{${v}_k - m}}, \\qquad m = \\max_k ${v}_k`),
    step('softmax.values', text(locale, 'softmax.values', latexNumber(m, digits)), `s = ${latexVector(s, digits)}`),
    step(
      'softmax.example',
      text(locale, 'softmax.example', i),
      `s_{${i}} = \\frac{e^{${latexNumber(zi, digits)} - ${mText}}}{${sumTerms}} = \\frac{${latexNumber(Math.exp(zi - m), digits)}}{${latexNumber(denominator, digits)}} = ${latexNumber(s[i] ?? NaN, digits)}`,
    ),
    step('softmax.lse', text(locale, 'softmax.lse'), `\\log\\sum_k e^{${v}_k} = m + \\log\\sum_k e^{${v}_k - m} = ${latexNumber(ctx.logSumExp, digits)}`),
  ];
  return section(ctx, 'softmax', steps);
}

function derivativeSection(ctx: Context): DerivationSection {
  const { locale } = ctx;
  const steps: DerivationStep[] = [
    step(
      'softmax-derivative.quotient',
      text(locale, 'derivative.setup'),
      '\\frac{\\partial s_i}{\\partial a_j} = \\frac{\\frac{\\partial e^{a_i}}{\\partial a_j} \\cdot S - e^{a_i} \\cdot \\frac{\\partial S}{\\partial a_j}}{S^2}',
    ),
    step(
      'softmax-derivative.case-equal',
      text(locale, 'derivative.equal'),
      '\\frac{\\partial s_i}{\\partial a_i} = \\frac{e^{a_i} S - e^{a_i} e^{a_i}}{S^2} = \\frac{e^{a_i}}{S} \\cdot \\frac{S - e^{a_i}}{S} = s_i (1 - s_i)',
    ),
    step(
      'softmax-derivative.case-different',
      text(locale, 'derivative.different'),
      '\\frac{\\partial s_i}{\\partial a_j} = \\frac{0 \\cdot S - e^{a_i} e^{a_j}}{S^2} = -\\frac{e^{a_i}}{S} \\cdot \\frac{e^{a_j}}{S} = -s_i s_j \\qquad (i \\ne j)',
    ),
    step(
      'softmax-derivative.together',
      text(locale, 'derivative.together'),
      '\\frac{\\partial s_i}{\\partial a_j} = s_i (\\delta_{ij} - s_j), \\qquad \\delta_{ij} = \\begin{cases} 1 & i = j \\\\ 0 & i \\ne j \\end{cases}',
    ),
    step('softmax-derivative.matrix', text(locale, 'derivative.matrix'), 'J = \\frac{\\partial s}{\\partial a} = \\operatorname{diag}(s) - s\\, s^{\\top}'),
    step('softmax-derivative.rows', text(locale, 'derivative.rows'), '\\sum_j J_{ij} = s_i \\Bigl(1 - \\sum_j s_j\\Bigr) = 0'),
  ];
  if (ctx.temperature !== 1) {
    steps.push(step('softmax-derivative.temperature', text(locale, 'derivative.temperature'), '\\frac{\\partial s_i}{\\partial a_j} = \\frac{1}{T}\\, s_i (\\delta_{ij} - s_j)'));
  }
  return section(ctx, 'softmax-derivative', steps);
}

function derivativeNumbersSection(ctx: Context): DerivationSection {
  const { locale, digits } = ctx;
  const { i, j } = ctx.entry;
  const si = ctx.s[i] ?? NaN;
  const sj = ctx.s[j] ?? NaN;
  const lhs = `\\frac{\\partial s_{${i}}}{\\partial a_{${j}}}`;
  const value = latexNumber(ctx.entryValue, digits);
  const steps: DerivationStep[] = [step('softmax-derivative-numbers.entry', text(locale, 'numbers.entry', i, j), undefined)];
  if (i === j) {
    steps.push(
      step(
        'softmax-derivative-numbers.value',
        text(locale, 'numbers.equal'),
        `${lhs} = ${invT(ctx, true)} s_{${i}} (1 - s_{${i}}) = ${invT(ctx, false)}${latexFactor(si, digits)} \\cdot (1 - ${latexFactor(si, digits)}) = ${value}`,
      ),
    );
  } else {
    steps.push(
      step(
        'softmax-derivative-numbers.value',
        text(locale, 'numbers.different'),
        `${lhs} = -${invT(ctx, true)} s_{${i}} s_{${j}} = -${invT(ctx, false)}${latexFactor(si, digits)} \\cdot ${latexFactor(sj, digits)} = ${value}`,
      ),
    );
  }
  return section(ctx, 'softmax-derivative-numbers', steps);
}

function jacobianSection(ctx: Context): DerivationSection {
  const { locale, digits, n } = ctx;
  const steps: DerivationStep[] = [];
  if (ctx.dense && n <= ctx.matrixLimit) {
    const rows = ctx.dense.map((row) => Float64Array.from(row, (x) => x / ctx.temperature));
    steps.push(step('jacobian.matrix', text(locale, 'jacobian.matrix', n), `J = ${latexMatrix(rows, digits)}`));
  }
  steps.push(
    step(
      'jacobian.heatmap',
      ctx.heatmapSize < n ? text(locale, 'jacobian.heatmapDownsampled', n, ctx.heatmapSize) : text(locale, 'jacobian.heatmap'),
      undefined,
    ),
  );
  steps.push(step('jacobian.row-sums', text(locale, 'jacobian.rowSums', `$${latexNumber(ctx.maxRowSum, 2)}$`), undefined));
  return section(ctx, 'jacobian', steps);
}

function crossEntropySection(ctx: Context): DerivationSection {
  const { locale } = ctx;
  const steps: DerivationStep[] = [
    step('cross-entropy.definition', text(locale, 'ce.definition'), 'L = -\\sum_i t_i \\ln y_i, \\qquad y_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}'),
    step('cross-entropy.log', text(locale, 'ce.log'), '\\ln y_i = a_i - \\ln \\sum_k e^{a_k}'),
    step('cross-entropy.log-derivative', text(locale, 'ce.logDerivative'), '\\frac{\\partial \\ln y_i}{\\partial a_j} = \\delta_{ij} - \\frac{e^{a_j}}{\\sum_k e^{a_k}} = \\delta_{ij} - y_j'),
    step(
      'cross-entropy.gradient',
      text(locale, 'ce.chain'),
      '\\frac{\\partial L}{\\partial a_j} = -\\sum_i t_i (\\delta_{ij} - y_j) = -t_j + y_j \\sum_i t_i = y_j - t_j',
    ),
    step(
      'cross-entropy.one-hot',
      text(locale, 'ce.oneHot'),
      '\\frac{\\partial L}{\\partial a_j} = \\begin{cases} y_c - 1 & j = c \\\\ y_j & j \\ne c \\end{cases}',
    ),
    step('cross-entropy.smoothing', text(locale, 'ce.smoothing'), 't = (1 - \\varepsilon)\\, e_c + \\frac{\\varepsilon}{n} \\mathbf{1}, \\qquad \\sum_i t_i = 1'),
  ];
  if (ctx.temperature !== 1) {
    steps.push(step('cross-entropy.temperature', text(locale, 'ce.temperature'), '\\frac{\\partial L}{\\partial a_j} = \\frac{1}{T} (y_j - t_j)'));
  }
  return section(ctx, 'cross-entropy', steps);
}

function crossEntropyNumbersSection(ctx: Context): DerivationSection {
  const { locale, digits, targetIndex } = ctx;
  const steps: DerivationStep[] = [];
  const loss = latexNumber(ctx.loss, digits);
  if (ctx.soft) {
    steps.push(step('cross-entropy-numbers.target', text(locale, 'ceNumbers.soft'), `t = ${latexVector(ctx.t, digits)}`));
  } else if (ctx.labelSmoothing > 0) {
    steps.push(
      step(
        'cross-entropy-numbers.target',
        text(locale, 'ceNumbers.smoothed', targetIndex, plainNumber(ctx.labelSmoothing, digits)),
        `t = ${latexVector(ctx.t, digits)}`,
      ),
    );
  } else {
    steps.push(step('cross-entropy-numbers.target', text(locale, 'ceNumbers.oneHot', targetIndex), undefined));
  }
  if (!ctx.soft && ctx.labelSmoothing === 0) {
    const yc = ctx.s[targetIndex] ?? NaN;
    steps.push(step('cross-entropy-numbers.loss', text(locale, 'ceNumbers.loss'), `L = -\\ln y_{${targetIndex}} = -\\ln ${latexFactor(yc, digits)} = ${loss}`));
  } else {
    steps.push(step('cross-entropy-numbers.loss', text(locale, 'ceNumbers.loss'), `L = -\\sum_i t_i \\ln y_i = ${loss}`));
  }
  steps.push(
    step(
      'cross-entropy-numbers.gradient',
      text(locale, 'ceNumbers.gradient'),
      `\\nabla_a L = ${ctx.temperature === 1 ? '' : '\\frac{1}{T}'}(y - t) = ${latexVector(ctx.gradient, digits)}`,
    ),
  );
  if (targetIndex >= 0) {
    const c = targetIndex;
    const yc = ctx.s[c] ?? NaN;
    const tc = ctx.t[c] ?? NaN;
    steps.push(
      step(
        'cross-entropy-numbers.target-entry',
        text(locale, 'ceNumbers.targetEntry'),
        `\\frac{\\partial L}{\\partial a_{${c}}} = ${invT(ctx, true)}(y_{${c}} - t_{${c}}) = ${invT(ctx, false)}${latexFactor(yc, digits)} - ${latexFactor(tc, digits)} = ${latexNumber(ctx.gradient[c] ?? NaN, digits)}`,
      ),
    );
  }
  return section(ctx, 'cross-entropy-numbers', steps);
}

function gradientCheckSection(ctx: Context, check: ReturnType<typeof gradientCheck>): DerivationSection {
  const { locale, digits } = ctx;
  const j = check.maxDifferenceIndex;
  const row = check.rows.find((r) => r.index === j);
  const steps: DerivationStep[] = [
    step('gradient-check.method', text(locale, 'check.method'), '\\frac{\\partial L}{\\partial a_j} \\approx \\frac{L(a + h\\, e_j) - L(a - h\\, e_j)}{2h}'),
  ];
  if (row) {
    const wide = Math.max(digits, 12);
    steps.push(
      step(
        'gradient-check.result',
        text(locale, 'check.result', check.checked, ctx.n, latexNumber(check.step, 2), j),
        [
          '\\begin{aligned}',
          `\\frac{L(a + h\\, e_{${j}}) - L(a - h\\, e_{${j}})}{2h} &= ${latexNumber(row.numeric, wide)} \\\\`,
          `${invT(ctx, true)}(y_{${j}} - t_{${j}}) &= ${latexNumber(row.analytic, wide)} \\\\`,
          `|\\Delta| &= ${latexNumber(row.difference, 2)}`,
          '\\end{aligned}',
        ].join(' '),
      ),
    );
  }
  steps.push(step('gradient-check.verdict', check.passed ? text(locale, 'check.passed') : text(locale, 'check.failed', `$${latexNumber(check.tolerance, 2)}$`), undefined));
  return section(ctx, 'gradient-check', steps);
}

function noteSection(ctx: Context, note: NoteStep): DerivationSection {
  const { locale, digits } = ctx;
  const steps: DerivationStep[] = [
    step('your-note.message', undefined, undefined, { label: text(locale, 'note.message', note.message, note.line + 1) }),
    step('your-note.previous', undefined, note.previousLatex, { fromNote: true, label: text(locale, 'note.previous') }),
    step('your-note.flagged', undefined, note.flaggedLatex, { fromNote: true, label: text(locale, 'note.flagged') }),
  ];
  if (note.correctLatex !== undefined) {
    steps.push(step('your-note.correct', undefined, note.correctLatex, { fromNote: true, label: text(locale, 'note.correct') }));
  }
  const example = note.counterexample;
  if (example) {
    const indices = Object.entries(example.indices)
      .filter(([name, value]) => /^[A-Za-z]$/.test(name) && Number.isFinite(value))
      .map(([name, value]) => `${name} = ${latexNumber(value, digits)}`);
    // In the note's own terms: its vector's name, its indices counted from 1 as its sums are
    // (the rest of the panel counts from 0, like NumPy).
    const name = example.vector !== undefined && /^\\?[A-Za-z]+$/.test(example.vector) ? example.vector : 'a';
    const where = [`${name} = ${latexVector(example.logits, digits)}`, ...indices].join(', \\quad ');
    steps.push(step('your-note.counterexample', text(locale, 'note.counterexample'), where));
    steps.push(step('your-note.previous-value', undefined, latexNumber(example.previousValue, Math.max(digits, 6)), { label: text(locale, 'note.values') }));
    steps.push(step('your-note.flagged-value', undefined, latexNumber(example.flaggedValue, Math.max(digits, 6)), { label: text(locale, 'note.flaggedValue') }));
  }
  return section(ctx, 'your-note', steps);
}
