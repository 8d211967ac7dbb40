// The notation dimensions of a generated note and the LaTeX renderer of expression trees in that
// notation. A Notation remembers which dimensions a note actually used, so the measuring script
// breaks results down only by the choices that shaped the text.
import type { Idx, Node, Wrt } from './ast';
import type { Rng } from './prng';

export const DIMENSIONS = {
  language: ['en', 'zh'],
  logit: ['z', 'a', 'x', 'o', '\\theta', 'u', '\\mathbf{z}', '\\boldsymbol{a}', '\\ell', 'h', '\\mathbf{h}', '\\boldsymbol\\eta', 's', 'z^{(L)}', 'o^{(L)}'],
  output: ['s', 'p', 'y', '\\hat{y}', '\\sigma', 'q', 'S', '\\hat{p}', '\\pi', '\\tilde{y}', '\\hat{\\mathbf{y}}', 'a^{[L]}', '\\mathrm{p}'],
  sumIndex: ['k', 'j', 'm', 'l', 'c', 'r'],
  /**
   * The softmax defined by its formula, in words ("Let $s$ be the softmax of $z$"), as a function named
   * on the way (`\\mathrm{softmax}(z)_i = \\frac{…}{…} = s_i`), or only as a function, which the steps
   * then write instead of a letter (`\\mathrm{softmax}(z)_i (1 - \\mathrm{softmax}(z)_i)`).
   */
  softmaxDef: ['formula', 'words', 'function-chain', 'function-only'],
  /** The letter of the true class of a one-hot target (`y_c = 1`, `-\\log p_t`). */
  classLetter: ['c', 't', 'y'],
  sumLimits: ['\\sum_k', '\\sum_{k}', '\\sum_{k=1}^{n}', '\\sum_{k=1}^K', '\\sum\\limits_{k}', '\\sum_{k=1}^{C}', '\\sum\\nolimits_{k}', '\\textstyle\\sum_{k}', '\\sum_{k=0}^{K-1}', '\\sum_{k\\in[K]}', '\\sum_{k=1}^{q}', '\\sum_{k=1}^{M}', '\\sum_{k=0}^{d-1}', '\\sum\\limits_{k=1}^{K}', '\\displaystyle\\sum_{k=1}^{K}'],
  exp: ['e^{z}', '\\exp(z)', '\\mathrm{e}^{z}', '\\exp\\left(z\\right)', '\\operatorname{exp}(z)', '\\exp\\{z\\}', '\\exp[z]', '\\exp\\left\\{z\\right\\}'],
  log: ['\\log', '\\ln', '\\operatorname{log}', '\\mathrm{log}'],
  deriv: ['frac', 'slash', 'operator', 'subscript', 'prime', 'dfrac', 'D-index', 'partial-index', 'nabla-entry', 'nabla-subscript', 'nabla-bold', 'differential'],
  mul: ['juxtaposition', '\\cdot', '\\times', '*', '\\,'],
  condition: ['quad', 'paren', 'text', 'prose', 'text-for', 'comma', 'if', 'forall', 'quad-bare', 'qquad-paren', 'text-other-language'],
  layout: ['blocks', 'aligned', 'align*', 'split', 'oneline', 'inline', 'fence', 'brackets', 'gathered', 'eqnarray', 'numbered', 'bare-align*', 'array-rcl', 'br-inline', 'table', 'list-brackets', 'glued-aligned'],
  definitions: ['before', 'after', 'prose-where', 'prose-let', 'one-display', 'one-display-comma', 'text-where'],
  target: ['one-hot-word', 'y_c=1', 'one-hot-and-sum', 'soft-inline', 'soft-display', 'soft-with-defs'],
  loss: ['L', '\\mathcal{L}', '\\ell', 'J', 'E', '\\mathcal{L}_{\\mathrm{CE}}'],
  brackets: ['\\left(\\right)', '()', '\\bigl(\\bigr)', '\\Big(\\Big)', '\\left[\\right]'],
  lhsIndex: ['i', 'j-with-condition'],
  /** `\\sigma` written without its argument outside the definitions (`\\frac{d\\sigma}{dx} = \\sigma(1 - \\sigma)`). */
  sigmoidArg: ['written', 'bare'],
  /** How the math is typed: LaTeX commands, pasted Unicode (∂ · × σ θ), the result boxed, or numbered by hand (`\\qquad (3)`). */
  surface: ['tex', 'unicode', 'boxed-last', 'eq-number-last', 'plain-tex-fonts'],
  // ---- Drawn from the note's second random stream (see Notation.draw); the first value of each is
  // the spelling every note had before these dimensions existed.
  /** How the softmax is named where it is written as a function (softmaxDef function-chain / function-only). */
  softmaxName: ['\\mathrm{softmax}', '\\operatorname{softmax}', '\\text{softmax}', '\\sigma', '\\mathrm{Softmax}'],
  /** The softmax denominator as a Σ or written out with an ellipsis (`e^{z_1} + e^{z_2} + \\cdots + e^{z_n}`). */
  denominator: ['\\sum', '\\cdots', '\\dots', '\\ldots'],
  /** The Kronecker delta's spelling. */
  indicator: ['\\delta_{ij}', '\\mathbb{1}[i=j]', '\\mathbf{1}_{i=j}', '[i=j]', '\\mathbb{I}(i=j)', '1\\{i=j\\}'],
  /** The letter of a softmax temperature. */
  temperature: ['T', '\\tau'],
  /** Typography inside the math: none, `\\displaystyle` before every step, `\\,`/`\\;` around + and −, extra braces `{s_i}`. */
  typography: ['plain', '\\displaystyle', 'spacing', 'braces'],
  /** Markdown around the math: list items, blockquotes, text before `$$` on its line, `\\(…\\)` / `\\[…\\]` delimiters. */
  markup: ['plain', '- $$', '1. $', '> $$', 'text $$', '\\(\\)', '\\[\\]'],
  // ---- Drawn from the note's third random stream (see Notation.draw); the first value of each is
  // the spelling every note had before these dimensions existed.
  /** The one-hot / soft target's letter (`t_i`, `\\mathbf{t}_i`, `y^*_i`); a target named like the output is still t. */
  targetName: ['y', 't', '\\mathbf{t}', 'y^*'],
  /**
   * A whole-vector (or whole-matrix) equation after the chain, equal to its componentwise result:
   * `\\nabla_{\\mathbf z} L = \\mathbf p - \\mathbf y`, `\\frac{\\partial L}{\\partial \\mathbf z} = …`, the Jacobian
   * `\\frac{\\partial \\mathbf s}{\\partial \\mathbf z} = \\operatorname{diag}(\\mathbf s) - \\mathbf s \\mathbf s^\\top`.
   */
  vectorForm: ['none', 'nabla', 'frac'],
  /** The transpose of a vector equation's outer product. */
  transpose: ['\\top', 'T'],
  /** Words between the display steps of one chain: a line of its own (`so`, `因此`), or `We get $$…$$` on the line of the block. */
  connector: ['none', 'word-line', 'we-get'],
  /** Equation tags and justifications at the right of a display step (`\\label` is not written: KaTeX does not render it). */
  tag: ['none', '\\tag', '\\nonumber', '(n)', '\\text{(chain rule)}', '\\because'],
  /** The steps inside an HTML `<details>` block. */
  wrapper: ['none', 'details'],
  /** Math typed in Unicode and ASCII inside `$…$` (`∂L/∂z_i = p_i − y_i`, `exp(z_i)`, `*`). */
  ascii: ['tex', 'ascii'],
  /** The template's route that splits the sum over k ≠ i from its i-th term (`\\sum_{k \\neq i} e^{z_k} + e^{z_i}`), where it has one. */
  sumSplit: ['none', 'split'],
} as const;

export type DimensionName = keyof typeof DIMENSIONS;
export type DimensionValues = { [K in DimensionName]: (typeof DIMENSIONS)[K][number] };

/**
 * Values added to dimensions that existed before (drawn from the second stream). The first stream
 * draws among the older values exactly as it always did, so the notes' other choices do not move.
 */
export const ADDED_VALUES: { readonly [K in DimensionName]?: readonly DimensionValues[K][] } = {
  softmaxDef: ['function-chain', 'function-only'],
  exp: ['\\exp\\{z\\}', '\\exp[z]', '\\exp\\left\\{z\\right\\}'],
  deriv: ['nabla-entry', 'nabla-subscript', 'nabla-bold', 'differential'],
};
/** Dimensions drawn from the second stream only; their first value is the older notes' spelling. */
export const ADDED_DIMENSIONS = ['softmaxName', 'denominator', 'indicator', 'temperature', 'typography', 'markup'] as const satisfies readonly DimensionName[];

/**
 * Values added with the third stream to dimensions that existed before; neither the first nor the
 * second stream draws them, so the notes whose third-stream choices are the older spellings do not move.
 */
export const THIRD_VALUES: { readonly [K in DimensionName]?: readonly DimensionValues[K][] } = {
  logit: ['\\ell', 'h', '\\mathbf{h}', '\\boldsymbol\\eta', 's', 'z^{(L)}', 'o^{(L)}'],
  output: ['\\hat{\\mathbf{y}}', 'a^{[L]}', '\\mathrm{p}'],
  classLetter: ['y'],
  sumLimits: ['\\sum\\limits_{k=1}^{K}', '\\displaystyle\\sum_{k=1}^{K}'],
  layout: ['br-inline', 'table', 'list-brackets', 'glued-aligned'],
};
/** Dimensions drawn from the third stream only; their first value is the older notes' spelling. */
export const THIRD_DIMENSIONS = ['targetName', 'vectorForm', 'transpose', 'connector', 'tag', 'wrapper', 'ascii', 'sumSplit'] as const satisfies readonly DimensionName[];

const isAdded = (name: DimensionName): boolean => (ADDED_DIMENSIONS as readonly string[]).includes(name) || (THIRD_DIMENSIONS as readonly string[]).includes(name);
/** The values a dimension had before the second stream (what the first stream draws among). */
function olderValues(name: DimensionName): readonly string[] {
  const added = [...((ADDED_VALUES[name] ?? []) as readonly string[]), ...((THIRD_VALUES[name] ?? []) as readonly string[])];
  return (DIMENSIONS[name] as readonly string[]).filter((v) => !added.includes(v));
}
/** Values of the second stream (what it draws among for an added dimension: the third stream's values are not its). */
function secondValues(name: DimensionName): readonly string[] {
  const third = (THIRD_VALUES[name] ?? []) as readonly string[];
  return (DIMENSIONS[name] as readonly string[]).filter((v) => !third.includes(v));
}

/** Layouts each markup value applies to (a list item or quote around an environment needs its `$$` lines). */
const MARKUP_LAYOUTS: Record<DimensionValues['markup'], readonly DimensionValues['layout'][]> = {
  plain: DIMENSIONS.layout,
  '- $$': ['blocks', 'oneline', 'aligned', 'align*', 'split', 'gathered'],
  '1. $': ['blocks', 'oneline'],
  '> $$': ['blocks', 'oneline', 'aligned', 'align*', 'split', 'gathered'],
  'text $$': ['blocks', 'oneline'],
  '\\(\\)': ['inline'],
  '\\[\\]': ['oneline', 'aligned', 'align*', 'split', 'gathered'],
};

/** Layouts whose steps are display blocks of their own (connector words go between them; a tag at the right of each). */
export const BLOCK_LAYOUTS: readonly DimensionValues['layout'][] = ['blocks', 'brackets', 'list-brackets'];

/** Whether a drawn markup value can be written around the drawn layout. */
export function markupFits(markup: DimensionValues['markup'], layout: DimensionValues['layout']): boolean {
  return MARKUP_LAYOUTS[markup].includes(layout);
}

/** A dimension name → the values a note is forced to (eval-generated `--restrict dim=v1|v2`). */
export type Restriction = Readonly<Record<string, readonly string[]>>;

/** Template-specific facts the renderer needs. */
export interface RenderSetup {
  /** Free indices of the note (a summation letter must avoid them). */
  free: readonly Idx[];
  /** The symbol of the variable vector / scalar when it is not the note's logit symbol (MSE: \hat{y}). */
  variableSymbol?: string;
  /** n, K or N when the sum limits do not name it. */
  countDefault: 'n' | 'K' | 'N';
  /** Whether the prime form σ'(x) is allowed for the derivative on the left. */
  primeAllowed: boolean;
  /** Whether the note has an output vector s (a target called y then clashes with an output y). */
  usesOutput: boolean;
  /** Whether the template defines the softmax (it can then be written as a function, softmaxDef function-*). */
  softmaxDefined?: boolean;
  /** Whether the left side is the gradient entry of a scalar (a loss, LSE) by a logit (∇ spellings apply). */
  gradientLhs?: boolean;
  /** Whether the softmax has a temperature (the function is then applied to z/T). */
  temperature?: boolean;
  /** The template's whole-vector equation (vectorForm): a gradient or a Jacobian. */
  vector?: 'gradient' | 'jacobian';
  /** Whether the template's steps can be typed in ASCII (ascii): no cases. */
  asciiAllowed?: boolean;
  /** Whether the template has a route splitting a sum over k ≠ i (sumSplit). */
  sumSplit?: boolean;
}

export class Notation {
  readonly used = new Set<DimensionName>();
  readonly sumLetter: string;
  readonly sumLetter2: string;
  /** Rendering a definition: functions keep their arguments there. */
  defining = false;
  /** The older generator's note (no second stream): the added dimensions are not recorded. */
  older = false;
  /** Indices written as numbers while a sum is written out term by term (`e^{z_1} + \\cdots + e^{z_n}`). */
  private written: Partial<Record<Idx, string>> = {};

  constructor(
    private values: DimensionValues,
    readonly setup: RenderSetup,
  ) {
    const avoid = new Set<string>(setup.free);
    avoid.add('i');
    const pool = ['k', 'j', 'm', 'l', 'c', 'r'];
    let letter: string = values.sumIndex;
    if (avoid.has(letter)) letter = pool.find((p) => !avoid.has(p))!;
    this.values = { ...values, sumIndex: letter as DimensionValues['sumIndex'] };
    this.sumLetter = letter;
    this.sumLetter2 = ['m', 'l', 'k', 'r'].find((p) => p !== letter && !avoid.has(p))!;
  }

  /**
   * Draws a notation. The first stream `rng` draws the older dimensions among their older values,
   * exactly as before the second stream existed; `second` (null: none, every note as before) draws the
   * added dimensions and decides whether an older dimension takes one of its added values, so a note
   * whose second-stream choices are all the older spellings is the same note, byte for byte.
   */
  static draw(rng: Rng, setup: RenderSetup, second: Rng | null = null, restrict: Restriction = {}, isolate = false, third: Rng | null = null): Notation {
    const v = {} as Record<DimensionName, string>;
    for (const name of Object.keys(DIMENSIONS) as DimensionName[]) if (!isAdded(name)) v[name] = rng.pick(olderValues(name));
    if (!setup.primeAllowed && v.deriv === 'prime') v.deriv = rng.pick(['frac', 'slash', 'operator', 'subscript']);
    // Only the sigmoid's own derivation writes σ bare (it differentiates σ by its argument).
    if (!setup.primeAllowed || v.deriv === 'prime') v.sigmoidArg = 'written';
    // The class letter t cannot also be the target's name (t when the output is y).
    if (v.classLetter === 't' && v.output === 'y') v.classLetter = 'c';
    // A note does not name its length like its output vector (q) or its dimension like a differential (d with d/dx).
    if (v.sumLimits === '\\sum_{k=1}^{q}' && v.output === 'q') v.sumLimits = '\\sum_{k=1}^{n}';
    for (const name of [...ADDED_DIMENSIONS, ...THIRD_DIMENSIONS]) v[name] = DIMENSIONS[name][0];
    if (second) {
      // A fixed number of draws per note, whatever applies, so one choice does not shift the others.
      // Isolated (a class measured alone): only the restricted dimensions leave the older spelling.
      // (A restricted softmax name needs the softmax written as a function: its definition is drawn too.)
      const free = (name: DimensionName): boolean => !isolate || name in restrict || (name === 'softmaxDef' && 'softmaxName' in restrict);
      for (const name of ADDED_DIMENSIONS) {
        const value = second.pick(DIMENSIONS[name]);
        if (free(name)) v[name] = value;
      }
      for (const name of Object.keys(ADDED_VALUES) as DimensionName[]) {
        const added = ADDED_VALUES[name] as readonly string[];
        const u = second.next();
        const value = second.pick(added);
        if (free(name) && u < added.length / secondValues(name).length && Notation.applies(name, value, v, setup)) v[name] = value;
      }
    }
    if (third) {
      // The third stream, the same way: a fixed number of draws per note. Half the notes take none of
      // its notation (a restricted dimension is still forced below), so they stay the notes they were.
      const gate = third.next() < 0.5;
      // (A restricted transpose needs a vector equation: its form is drawn too.)
      const free = (name: DimensionName): boolean => (isolate ? name in restrict || (name === 'vectorForm' && 'transpose' in restrict) : gate);
      const dims = THIRD_DIMENSIONS.map((name) => [name, third.pick(DIMENSIONS[name])] as const);
      const values = (Object.keys(THIRD_VALUES) as DimensionName[]).map((name) => {
        const added = THIRD_VALUES[name] as readonly string[];
        const u = third.next();
        return [name, third.pick(added), u < added.length / DIMENSIONS[name].length] as const;
      });
      // Applied in an order where each check sees what it depends on: the letters and the layout, then the rest, the class letter last.
      for (const [name, value, taken] of values) if (name !== 'classLetter' && taken && free(name) && Notation.applies(name, value, v, setup)) v[name] = value;
      if (!markupFits(v.markup as DimensionValues['markup'], v.layout as DimensionValues['layout'])) v.markup = 'plain';
      for (const [name, value] of dims) if (free(name) && Notation.applies(name, value, v, setup)) v[name] = value;
      for (const [name, value, taken] of values) if (name === 'classLetter' && taken && free(name) && Notation.applies(name, value, v, setup)) v[name] = value;
    }
    // Forced values (a class measured alone); one that does not apply to this note leaves it unmatched, and the generator draws again.
    const force = third ?? second ?? rng;
    for (const [name, allowed] of Object.entries(restrict)) {
      if (!(name in DIMENSIONS) || allowed.length === 0 || allowed.includes(v[name as DimensionName])) continue;
      const value = force.pick(allowed);
      // The class letter y needs a target not called y (`t_y = 1`): a forced y names the target t.
      if (name === 'classLetter' && value === 'y' && v.targetName === 'y') v.targetName = 't';
      if ((DIMENSIONS[name as DimensionName] as readonly string[]).includes(value) && Notation.applies(name as DimensionName, value, v, setup)) v[name as DimensionName] = value;
    }
    if (!markupFits(v.markup as DimensionValues['markup'], v.layout as DimensionValues['layout'])) v.markup = 'plain';
    // `\\sigma(z)_i = … = \\sigma_i` would name the function and its value alike.
    if (v.softmaxName === '\\sigma' && v.output === '\\sigma' && v.softmaxDef === 'function-chain') v.softmaxName = '\\mathrm{softmax}';
    const nt = new Notation(v as DimensionValues, setup);
    nt.older = second === null;
    return nt;
  }

  /** Whether an added value applies to a note of this template (the softmax as a function needs a softmax; ∇ a gradient). */
  private static applies(name: DimensionName, value: string, v: Record<DimensionName, string>, setup: RenderSetup): boolean {
    if (name === 'softmaxDef' && (value === 'function-chain' || value === 'function-only')) return setup.softmaxDefined === true;
    if (name === 'deriv' && (value.startsWith('nabla') || value === 'differential')) return setup.gradientLhs === true;
    if (name === 'markup') return markupFits(value as DimensionValues['markup'], v.layout as DimensionValues['layout']);
    // Third-stream values: only where the letter names nothing else of the note.
    if (name === 'logit') {
      if (setup.variableSymbol !== undefined && !setup.usesOutput) return false;
      if (value === '\\ell') return v.loss !== '\\ell';
      if (value === 's') return v.output !== 's' && setup.usesOutput;
      return true;
    }
    if (name === 'output') return !(value === 'a^{[L]}' && (v.logit === 'a' || v.logit === '\\boldsymbol{a}'));
    // The class letter y only where the target is not called y (`t_y = 1`, `-\\log p_y`).
    if (name === 'classLetter') return value !== 'y' || ((v.targetName === 't' || v.targetName === '\\mathbf{t}') && v.output !== 'y' && v.logit !== 'y');
    if (name === 'targetName') {
      if (value === 't') return v.classLetter !== 't';
      if (value === '\\mathbf{t}') return setup.free.includes('i') && v.classLetter !== 't';
      return true;
    }
    if (name === 'vectorForm') return value === 'none' || setup.vector !== undefined;
    if (name === 'transpose') return setup.vector === 'jacobian' || value === '\\top';
    if (name === 'connector') return value === 'none' || ((v.layout === 'blocks' || v.layout === 'brackets') && v.markup === 'plain');
    if (name === 'tag') return value === 'none' || (([...BLOCK_LAYOUTS, 'oneline'] as string[]).includes(v.layout) && v.markup !== '1. $' && v.markup !== '\\(\\)' && v.surface !== 'eq-number-last');
    if (name === 'ascii') return value === 'tex' || setup.asciiAllowed === true;
    if (name === 'sumSplit') return value === 'none' || setup.sumSplit === true;
    return true;
  }

  get<K extends DimensionName>(name: K): DimensionValues[K] {
    this.used.add(name);
    return this.values[name];
  }
  /** A value without recording it as used (to decide whether it will be). */
  peek<K extends DimensionName>(name: K): DimensionValues[K] {
    return this.values[name];
  }

  /** Overrides a drawn value (e.g. a target statement the template's target kind allows). */
  set<K extends DimensionName>(name: K, value: DimensionValues[K]): void {
    this.values = { ...this.values, [name]: value };
    this.used.add(name);
  }

  /** The dimensions this note used, with their values. */
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(DIMENSIONS) as DimensionName[]) if (this.used.has(name) && !(this.older && isAdded(name))) out[name] = this.values[name];
    return out;
  }

  // ---- symbols ----

  variable(): string {
    return this.setup.variableSymbol ?? this.get('logit');
  }
  output(): string {
    return this.get('output');
  }
  /** Whether the steps write the softmax as a function instead of its letter (softmaxDef function-only). */
  softmaxAsFunction(): boolean {
    return this.setup.softmaxDefined === true && this.values.softmaxDef === 'function-only' && this.get('softmaxDef') === 'function-only';
  }
  /** The softmax applied to the logits, its entry `i`: `\\mathrm{softmax}(z)_i`, `\\sigma(z/T)_i`. */
  softmaxCall(i: Idx): string {
    const arg = this.setup.temperature ? `${this.variable()}/${this.temperatureLetter()}` : this.variable();
    return `${this.get('softmaxName')}(${arg})_${this.indexText(i)}`;
  }
  temperatureLetter(): string {
    return this.get('temperature');
  }
  /** The vector of the variable in bold, as a gradient's subscript writes it (`\\nabla_{\\mathbf{z}}`). */
  boldVariable(): string {
    const x = this.variable();
    if (x.startsWith('\\mathbf') || x.startsWith('\\boldsymbol')) return x;
    if (x === '\\hat{y}') return '\\hat{\\mathbf{y}}';
    return this.bold(x);
  }
  /** Writes `body(k)` for k = first … last with an ellipsis, in the range the note's sums run over. */
  series(k: Idx, body: () => string): string {
    const dots = this.get('denominator');
    const count = this.count();
    const limits = this.get('sumLimits');
    const zero = limits === '\\sum_{k=0}^{K-1}' || limits === '\\sum_{k=0}^{d-1}';
    const terms = (zero ? ['0', '1', `${count}-1`] : ['1', '2', count]).map((at) => {
      this.written = { ...this.written, [k]: at };
      try {
        return body();
      } finally {
        const { [k]: _drop, ...rest } = this.written;
        this.written = rest;
      }
    });
    return `${terms[0]} + ${terms[1]} + ${dots} + ${terms[2]}`;
  }
  /** An index as written after `_` (braced when it is longer than one character: `z_{K-1}`). */
  private indexText(i: Idx): string {
    const t = this.index(i);
    return t.length > 1 && !t.startsWith('\\') ? `{${t}}` : t;
  }
  target(): string {
    // A target named like the output would clash: then the target is t.
    const name = this.get('targetName');
    if (this.setup.usesOutput && this.get('output') === 'y') return name === 'y' ? 't' : name;
    return name;
  }
  /** A vector's symbol in bold (`\\mathbf{p}`, `\\hat{\\mathbf{y}}`, `\\boldsymbol{\\sigma}`, `\\mathbf{a}^{[L]}`). */
  bold(x: string): string {
    const sup = x.indexOf('^');
    if (sup > 0) return `${this.bold(x.slice(0, sup))}${x.slice(sup)}`;
    if (x.startsWith('\\mathbf') || x.startsWith('\\boldsymbol')) return x;
    const accent = /^\\(hat|tilde)\{(.+)\}$/.exec(x);
    if (accent) return `\\${accent[1]}{${this.bold(accent[2]!)}}`;
    const roman = /^\\mathrm\{(.+)\}$/.exec(x);
    if (roman) return `\\mathbf{${roman[1]}}`;
    return x.startsWith('\\') ? `\\boldsymbol{${x}}` : `\\mathbf{${x}}`;
  }
  loss(): string {
    return this.get('loss');
  }
  count(): string {
    const limits = this.get('sumLimits');
    if (limits === '\\sum_{k=1}^{n}') return 'n';
    if (limits === '\\sum_{k=1}^K' || limits === '\\sum_{k=0}^{K-1}' || limits === '\\sum_{k\\in[K]}' || limits === '\\sum\\limits_{k=1}^{K}' || limits === '\\displaystyle\\sum_{k=1}^{K}') return 'K';
    if (limits === '\\sum_{k=1}^{C}') return 'C';
    if (limits === '\\sum_{k=1}^{q}') return 'q';
    if (limits === '\\sum_{k=1}^{M}') return 'M';
    if (limits === '\\sum_{k=0}^{d-1}') return 'd';
    return this.setup.countDefault;
  }
  index(i: Idx): string {
    const written = this.written[i];
    if (written !== undefined) return written;
    if (i === 'k') {
      this.used.add('sumIndex');
      return this.sumLetter;
    }
    if (i === 'm') return this.sumLetter2;
    if (i === 'c' && this.setup.free.includes('c')) return this.get('classLetter');
    return i;
  }
  entry(symbol: string, i: Idx): string {
    return this.braced(`${symbol}_${this.indexText(i)}`);
  }
  /** An atom in extra braces when the note's typography adds them (`{s_i}`, `{e^{z_i}}`). */
  braced(tex: string): string {
    return this.values.typography === 'braces' && this.get('typography') === 'braces' ? `{${tex}}` : tex;
  }
  /** The Kronecker delta of two indices in the note's spelling. */
  indicator(a: Idx, b: Idx): string {
    const p = this.index(a);
    const q = this.index(b);
    switch (this.get('indicator')) {
      case '\\delta_{ij}':
        return `\\delta_{${p}${q}}`;
      case '\\mathbb{1}[i=j]':
        return `\\mathbb{1}[${p} = ${q}]`;
      case '\\mathbf{1}_{i=j}':
        return `\\mathbf{1}_{${p}=${q}}`;
      case '[i=j]':
        return `[${p} = ${q}]`;
      case '\\mathbb{I}(i=j)':
        return `\\mathbb{I}(${p} = ${q})`;
      case '1\\{i=j\\}':
        return `1\\{${p}=${q}\\}`;
    }
  }
  sumOp(k: Idx): string {
    const q = this.index(k);
    switch (this.get('sumLimits')) {
      case '\\sum_k':
        return `\\sum_${q}`;
      case '\\sum_{k}':
        return `\\sum_{${q}}`;
      case '\\sum_{k=1}^{n}':
        return `\\sum_{${q}=1}^{n}`;
      case '\\sum_{k=1}^K':
        return `\\sum_{${q}=1}^K`;
      case '\\sum\\limits_{k}':
        return `\\sum\\limits_{${q}}`;
      case '\\sum_{k=1}^{C}':
        return `\\sum_{${q}=1}^{C}`;
      case '\\sum\\nolimits_{k}':
        return `\\sum\\nolimits_{${q}}`;
      case '\\textstyle\\sum_{k}':
        return `\\textstyle\\sum_{${q}}`;
      case '\\sum_{k=0}^{K-1}':
        return `\\sum_{${q}=0}^{K-1}`;
      case '\\sum_{k\\in[K]}':
        return `\\sum_{${q}\\in[K]}`;
      case '\\sum_{k=1}^{q}':
        return `\\sum_{${q}=1}^{q}`;
      case '\\sum_{k=1}^{M}':
        return `\\sum_{${q}=1}^{M}`;
      case '\\sum_{k=0}^{d-1}':
        return `\\sum_{${q}=0}^{d-1}`;
      case '\\sum\\limits_{k=1}^{K}':
        return `\\sum\\limits_{${q}=1}^{K}`;
      case '\\displaystyle\\sum_{k=1}^{K}':
        return `\\displaystyle\\sum_{${q}=1}^{K}`;
    }
  }
  mulSep(): string {
    const m = this.get('mul');
    if (m === '\\,') return '\\,';
    return m === 'juxtaposition' ? ' ' : ` ${m} `;
  }
  /** The note's math as typed: pasted Unicode replaces the commands a keyboard or a PDF gives as characters. */
  surface(tex: string): string {
    // Plain TeX font switches, as older notes and many blogs type them: `{\\rm d}`, `{\\rm e}^{x}`.
    if (this.get('surface') === 'plain-tex-fonts') return tex.replace(/\\mathrm\{([a-zA-Z]+)\}/g, (_, w: string) => `{\\rm ${w}}`);
    if (this.get('surface') !== 'unicode') return tex;
    return tex
      .replace(/\\partial ?/g, '∂')
      .replace(/\\cdot(?![a-zA-Z])/g, '·')
      .replace(/\\times(?![a-zA-Z])/g, '×')
      .replace(/\\(sigma|theta|pi)(?![a-zA-Z])/g, (_, g: string) => ({ sigma: 'σ', theta: 'θ', pi: 'π' })[g]!)
      .replace(/'/g, '′')
      .replace(/-/g, '−');
  }
  logOp(): string {
    return this.get('log');
  }
  expOf(arg: string): string {
    return this.braced(this.expText(arg));
  }
  private expText(arg: string): string {
    switch (this.get('exp')) {
      case 'e^{z}':
        return `e^{${arg}}`;
      case '\\exp(z)':
        return `\\exp(${arg})`;
      case '\\mathrm{e}^{z}':
        return `\\mathrm{e}^{${arg}}`;
      case '\\exp\\left(z\\right)':
        return `\\exp\\left(${arg}\\right)`;
      case '\\operatorname{exp}(z)':
        return `\\operatorname{exp}(${arg})`;
      case '\\exp\\{z\\}':
        return `\\exp\\{${arg}\\}`;
      case '\\exp[z]':
        return `\\exp[${arg}]`;
      case '\\exp\\left\\{z\\right\\}':
        return `\\exp\\left\\{${arg}\\right\\}`;
    }
  }
}

// ---- rendering -------------------------------------------------------------------------------

interface Ctx {
  /** Something follows this node at the same level: an open sum or operator must be closed. */
  tail: boolean;
  /** Inside an exponent (a fraction is written inline there). */
  exponent: boolean;
  /** The node is the whole step (a slash derivative needs no parentheses there). */
  top?: boolean;
}

let bracketStyle: string = '\\left(\\right)';
/** A bracketed group in the note's bracket style (set per render call from the notation). */
const paren = (s: string): string => {
  switch (bracketStyle) {
    case '()':
      return `(${s})`;
    case '\\bigl(\\bigr)':
      return `\\bigl(${s}\\bigr)`;
    case '\\Big(\\Big)':
      return `\\Big(${s}\\Big)`;
    case '\\left[\\right]':
      return `\\left[${s}\\right]`;
    default:
      return `\\left(${s}\\right)`;
  }
};
/** A function call's parentheses: sized like the note's brackets when those are round (`\\sigma\\left(x\\right)`). */
const callParen = (s: string): string => (bracketStyle === '\\left[\\right]' ? `(${s})` : paren(s));
const isEntry = (n: Node): boolean => n.t === 'z' || n.t === 's' || n.t === 'y' || n.t === 'sym' || n.t === 'num';

/** The softmax denominator Σ_k e^{z_k} (or e^{z_k/T}): the sum a note may write out with an ellipsis. */
function isExpSum(n: Node): boolean {
  if (n.t !== 'sum' || n.body.t !== 'exp' || n.except !== undefined) return false;
  const a = n.body.a;
  if (a.t === 'z') return a.i === n.k;
  return a.t === 'slash' && a.n.t === 'z' && a.n.i === n.k && a.d.t === 'sym' && a.d.name === 'T';
}
/** Whether the node is written as a sum of terms (`a + b`, a series `e^{z_1} + \\cdots`), which a product or a negation brackets. */
function writtenAsTerms(n: Node, nt: Notation): boolean {
  return n.t === 'add' || (isExpSum(n) && nt.peek('denominator') !== '\\sum');
}

function isSimpleDerivand(f: Node): boolean {
  if (isEntry(f) || f.t === 'named' || f.t === 'sigmoid' || f.t === 'tanh') return true;
  return f.t === 'log' && isEntry(f.a);
}

/** The LaTeX of a named scalar of the trees (the variable, the target, the temperature, ε, the count), or null. */
function symbolTeX(name: string, nt: Notation): string | null {
  switch (name) {
    case 'x':
      return nt.variable();
    case 'y':
      return nt.target();
    case 'T':
      return nt.temperatureLetter();
    case 'eps':
      return '\\varepsilon';
    case 'count':
      return nt.count();
    default:
      return null;
  }
}

/** Renders a tree as LaTeX in the note's notation. */
export function render(node: Node, nt: Notation, ctx: Ctx = { tail: false, exponent: false, top: true }): string {
  bracketStyle = nt.get('brackets');
  const r = (n: Node, c: Partial<Ctx> = {}): string => render(n, nt, { ...ctx, top: false, ...c });
  switch (node.t) {
    case 'num':
      return String(node.v);
    case 'sym': {
      const name = symbolTeX(node.name, nt);
      if (name !== null) return name;
      break;
    }
    case 'z':
      return nt.entry(nt.variable(), node.i);
    case 's':
      return nt.softmaxAsFunction() ? nt.softmaxCall(node.i) : nt.entry(nt.output(), node.i);
    case 'y':
      return nt.entry(nt.target(), node.i);
    case 'exp':
      return nt.expOf(render(node.a, nt, { tail: false, exponent: true }));
    case 'log': {
      const a = node.a;
      const inner = render(a, nt, { tail: ctx.tail, exponent: false });
      if (a.t === 'add' || a.t === 'mul' || a.t === 'neg' || writtenAsTerms(a, nt)) return `${nt.logOp()}${paren(render(a, nt, { tail: false, exponent: false }))}`;
      if (a.t === 'sum' && ctx.tail) return `${nt.logOp()}${paren(render(a, nt, { tail: false, exponent: false }))}`;
      return `${nt.logOp()} ${inner}`;
    }
    case 'add': {
      const parts: string[] = [];
      node.xs.forEach((x, at) => {
        const tail = ctx.tail || at < node.xs.length - 1;
        if (x.t === 'neg') {
          const inner = writtenAsTerms(x.a, nt) ? paren(r(x.a, { tail: false })) : r(x.a, { tail });
          parts.push(at === 0 ? `-${inner}` : ` - ${inner}`);
        } else {
          const s = x.t === 'add' ? paren(r(x, { tail: false })) : r(x, { tail });
          parts.push(at === 0 ? s : ` + ${s}`);
        }
      });
      return parts.join('');
    }
    case 'neg': {
      const a = node.a;
      if (writtenAsTerms(a, nt)) return `-${paren(r(a, { tail: false }))}`;
      if (a.t === 'neg') return `-${paren(r(a, { tail: false }))}`;
      return `-${r(a)}`;
    }
    case 'mul': {
      let out = '';
      node.xs.forEach((x, at) => {
        const last = at === node.xs.length - 1;
        const tail = ctx.tail || !last;
        let s: string;
        if (x.t === 'add' || x.t === 'neg' || x.t === 'mul' || writtenAsTerms(x, nt)) s = paren(r(x, { tail: false }));
        else if ((x.t === 'sum' || x.t === 'deriv') && !last) s = paren(r(x, { tail: false }));
        else s = r(x, { tail });
        if (at > 0) {
          const prev = node.xs[at - 1]!;
          let sep = nt.mulSep();
          if (sep === ' ' && (x.t === 'num' || /^\d/.test(s) || (prev.t === 'num' && x.t === 'frac'))) sep = ' \\cdot ';
          out += sep;
        }
        out += s;
      });
      return out;
    }
    case 'frac':
      if (ctx.exponent) return `${atom(node.n, nt)}/${atom(node.d, nt)}`;
      return `\\frac{${r(node.n, { tail: false })}}{${r(node.d, { tail: false })}}`;
    case 'slash':
      return `${atom(node.n, nt)}/${atom(node.d, nt)}`;
    case 'pow': {
      const b = node.b;
      if (isEntry(b)) {
        // An entry whose symbol has a superscript (`z^{(L)}_i`, `y^*_i`) is braced before its power.
        const e = r(b);
        return e.includes('^') && !e.startsWith('{') ? `{${e}}^${node.e}` : `${e}^${node.e}`;
      }
      if (b.t === 'sigmoid') return `${r(b)}^${node.e}`;
      if (b.t === 'tanh') return `\\tanh^${node.e}(${r(b.a, { tail: false })})`;
      return `${paren(r(b, { tail: false }))}^${node.e}`;
    }
    case 'sum': {
      if (isExpSum(node) && nt.get('denominator') !== '\\sum') return nt.series(node.k, () => r(node.body, { tail: false }));
      const body = node.body.t === 'add' || node.body.t === 'neg' ? paren(r(node.body, { tail: false })) : r(node.body, { tail: false });
      // A sum over every index but one is written with its condition (`\\sum_{k \\neq i}`), whatever the note's limits.
      const op = node.except === undefined ? nt.sumOp(node.k) : `\\sum_{${nt.index(node.k)} \\neq ${nt.index(node.except)}}`;
      const s = `${op} ${body}`;
      return ctx.tail ? paren(s) : s;
    }
    case 'delta':
      return nt.indicator(node.a, node.b);
    case 'sigmoid':
      if (!nt.defining && node.a.t === 'sym' && node.a.name === 'x' && nt.get('sigmoidArg') === 'bare') return '\\sigma';
      return `\\sigma${callParen(r(node.a, { tail: false }))}`;
    case 'tanh':
      return `\\tanh${callParen(r(node.a, { tail: false }))}`;
    case 'cases':
      return `\\begin{cases} ${r(node.eq, { tail: false })} & i = j \\\\ ${r(node.ne, { tail: false })} & i \\neq j \\end{cases}`;
    case 'deriv':
      return renderDeriv(node.f, node.wrt, nt, ctx);
    case 'named':
      return node.name === 'L' ? nt.loss() : `\\operatorname{LSE}(${nt.variable()})`;
  }
  throw new Error(`generator: cannot render ${(node as Node).t}`);
}

/**
 * A gradient's entry written as the coefficient of a differential: `\\sum_i \\left(coef\\right) \\,\\mathrm{d}z_i`
 * (deriv differential). Two such forms are equal exactly when their coefficients are equal for every i,
 * which is what the twins compare (at points whose i varies).
 */
export function differentialForm(coef: Node, coefTex: string, nt: Notation): string {
  bracketStyle = nt.get('brackets');
  const body = isEntry(coef) ? coefTex : paren(coefTex);
  return `${nt.sumOp('i')} ${body} \\,\\mathrm{d}${nt.entry(nt.variable(), 'i')}`;
}

function atom(n: Node, nt: Notation): string {
  const s = render(n, nt, { tail: false, exponent: true });
  return isEntry(n) ? s : `(${s})`;
}

function renderDeriv(f: Node, wrt: Wrt, nt: Notation, ctx: Ctx): string {
  const w = wrt.t === 'z' ? nt.entry(nt.variable(), wrt.i) : wrt.t === 's' ? nt.entry(nt.output(), wrt.i) : nt.variable();
  const d = wrt.t === 'sym' ? '\\mathrm{d}' : '\\partial';
  let style = nt.get('deriv');
  if (style === 'nabla-entry' || style === 'nabla-subscript' || style === 'nabla-bold' || style === 'differential') {
    // A gradient's entry: only a scalar (the loss, LSE) by a logit; every other derivative of the note as a fraction.
    if (f.t === 'named' && wrt.t === 'z') {
      const fn = render(f, nt, { tail: false, exponent: false });
      // The differential `\\mathrm{d}L`, whose right sides are written `\\sum_i (…) \\,\\mathrm{d}z_i` (differentialForm).
      if (style === 'differential') return `\\mathrm{d}${fn}`;
      if (style === 'nabla-entry') return `\\nabla_{${w}} ${fn}`;
      const vec = style === 'nabla-bold' ? nt.boldVariable() : nt.variable();
      return `(\\nabla_{${vec}} ${fn})_${nt.index(wrt.i)}`;
    }
    style = 'frac';
  }
  const simple = isSimpleDerivand(f);
  const fs = render(f, nt, { tail: false, exponent: false });
  const wrapped = f.t === 'add' || f.t === 'mul' || f.t === 'neg' || writtenAsTerms(f, nt) ? paren(fs) : fs;
  if (style === 'prime' && f.t === 'sigmoid') return `\\sigma'(${render(f.a, nt, { tail: false, exponent: false })})`;
  let out: string;
  switch (style) {
    case 'slash':
      out = simple ? `${d} ${fs} / ${d} ${w}` : `${d} ${paren(fs)} / ${d} ${w}`;
      if (!ctx.top) return paren(out);
      break;
    case 'operator':
      out = `\\frac{${d}}{${d} ${w}} ${wrapped}`;
      break;
    case 'subscript':
      out = `\\partial_{${w}} ${wrapped}`;
      break;
    case 'D-index':
    case 'partial-index':
      // `D_j s_i`, `\\partial_j s_i`: the derivative by the j-th logit, named by its index alone.
      if (wrt.t === 'z' && simple && nt.setup.variableSymbol === undefined) return `${style === 'D-index' ? 'D' : '\\partial'}_{${nt.index(wrt.i)}} ${fs}`;
      if (simple) return `\\frac{${d} ${fs}}{${d} ${w}}`;
      out = `\\frac{${d}}{${d} ${w}} ${wrapped}`;
      break;
    default: {
      // The fraction form (and the prime form where it does not apply).
      const frac = style === 'dfrac' ? '\\dfrac' : '\\frac';
      if (simple) return `${frac}{${d} ${fs}}{${d} ${w}}`;
      out = `${frac}{${d}}{${d} ${w}} ${wrapped}`;
    }
  }
  // An operator or slash form followed by more of the expression is closed by parentheses.
  return ctx.tail ? paren(out) : out;
}

// ---- whole-vector equations (vectorForm) ---------------------------------------------------------

interface VecTex {
  tex: string;
  /** A vector or matrix (else a scalar factor such as 1/T or 2). */
  vector: boolean;
  /** Written as a sum of terms (a product or a negation brackets it). */
  terms: boolean;
}

const isIdx = (n: Node, t: 's' | 'y' | 'z', i: Idx): boolean => n.t === t && n.i === i;

/**
 * A componentwise step written as one vector (gradient: the entry i of a vector) or one matrix
 * (jacobian: the entry (i, j)); null when the step has no such reading in this notation (a sum, a
 * power, an entry by another index, a vector plus a scalar). Entry i of the result is the step.
 */
export function renderVector(node: Node, nt: Notation, kind: 'gradient' | 'jacobian'): string | null {
  bracketStyle = nt.get('brackets');
  const out = vecNode(node, nt, kind);
  return out && out.vector ? out.tex : null;
}

/** The left side of the vector equation: `\nabla_{\mathbf z} L`, `\frac{\partial L}{\partial \mathbf z}`, `\frac{\partial \mathbf s}{\partial \mathbf z}`. */
export function vectorLhs(lhs: Node, nt: Notation, kind: 'gradient' | 'jacobian'): string {
  const form = nt.get('vectorForm');
  const z = nt.boldVariable();
  if (kind === 'jacobian') {
    const s = nt.softmaxAsFunction() ? `${nt.get('softmaxName')}(${nt.setup.temperature ? `${z}/${nt.temperatureLetter()}` : z})` : nt.bold(nt.output());
    return form === 'nabla' ? `\\nabla_{${z}} ${s}` : `\\frac{\\partial ${s}}{\\partial ${z}}`;
  }
  const f = lhs.t === 'deriv' && lhs.f.t === 'named' && lhs.f.name === 'LSE' ? `\\operatorname{LSE}(${z})` : nt.loss();
  return form === 'nabla' ? `\\nabla_{${z}} ${f}` : `\\frac{\\partial ${f}}{\\partial ${z}}`;
}

function vecNode(n: Node, nt: Notation, kind: 'gradient' | 'jacobian'): VecTex | null {
  const v = (tex: string, terms = false): VecTex => ({ tex, vector: true, terms });
  const sc = (tex: string, terms = false): VecTex => ({ tex, vector: false, terms });
  // The softmax as a function keeps its temperature (`\\mathrm{softmax}(\\mathbf{z}/T)`).
  const arg = (): string => (nt.setup.temperature ? `${nt.boldVariable()}/${nt.temperatureLetter()}` : nt.boldVariable());
  const s = (): string => (nt.softmaxAsFunction() ? `${nt.get('softmaxName')}(${arg()})` : nt.bold(nt.output()));
  // A symbol with a superscript (`\\mathbf{a}^{[L]}`) is braced before its transpose.
  const sT = (): string => (s().includes('^') ? `{${s()}}` : s()) + `^${nt.get('transpose') === 'T' ? 'T' : '\\top'}`;
  switch (n.t) {
    case 'num':
      return sc(String(n.v));
    case 'sym':
      return n.name === 'T' ? sc(nt.temperatureLetter()) : n.name === 'count' ? sc(nt.count()) : null;
    case 's':
      return kind === 'gradient' && n.i === 'i' ? v(s()) : null;
    case 'y':
      return kind === 'gradient' && n.i === 'i' ? v(nt.bold(nt.target())) : null;
    case 'z':
      return kind === 'gradient' && n.i === 'i' ? v(nt.boldVariable()) : null;
    case 'delta':
      return kind === 'jacobian' && ((n.a === 'i' && n.b === 'j') || (n.a === 'j' && n.b === 'i')) ? v('I') : null;
    case 'sum':
      // `\mathbf s^\top \mathbf s` (the inner product where the outer product belongs): a planted mistake only.
      if (kind === 'jacobian' && n.body.t === 'pow' && n.body.e === 2 && isIdx(n.body.b, 's', n.k)) return v(`${sT()} ${s()}`);
      return null;
    case 'add': {
      const parts: string[] = [];
      for (const [at, x] of n.xs.entries()) {
        const negated = x.t === 'neg';
        const t = vecNode(negated ? x.a : x, nt, kind);
        if (!t || !t.vector) return null;
        const body = negated && t.terms ? paren(t.tex) : t.tex;
        parts.push(at === 0 ? `${negated ? '-' : ''}${body}` : ` ${negated ? '-' : '+'} ${body}`);
      }
      return v(parts.join(''), true);
    }
    case 'neg': {
      const t = vecNode(n.a, nt, kind);
      if (!t) return null;
      return { tex: `-${t.terms ? paren(t.tex) : t.tex}`, vector: t.vector, terms: false };
    }
    case 'mul': {
      if (kind === 'jacobian' && n.xs.length === 2) {
        const [a, b] = n.xs as [Node, Node];
        const d = (x: Node): boolean => x.t === 'delta' && ((x.a === 'i' && x.b === 'j') || (x.a === 'j' && x.b === 'i'));
        if ((d(a) && (isIdx(b, 's', 'i') || isIdx(b, 's', 'j'))) || (d(b) && (isIdx(a, 's', 'i') || isIdx(a, 's', 'j')))) return v(`\\operatorname{diag}(${s()})`);
        if ((isIdx(a, 's', 'i') && isIdx(b, 's', 'j')) || (isIdx(a, 's', 'j') && isIdx(b, 's', 'i'))) return v(`${s()} ${sT()}`);
      }
      const fs = n.xs.map((x) => vecNode(x, nt, kind));
      if (fs.some((f) => f === null)) return null;
      const factors = fs as VecTex[];
      const vectors = factors.filter((f) => f.vector).length;
      if (vectors > 1) return null;
      const tex = factors.map((f) => (f.terms ? paren(f.tex) : f.tex)).join(' ');
      return { tex, vector: vectors === 1, terms: false };
    }
    case 'frac': {
      const a = vecNode(n.n, nt, kind);
      const b = vecNode(n.d, nt, kind);
      if (!a || !b || b.vector) return null;
      return { tex: `\\frac{${a.tex}}{${b.tex}}`, vector: a.vector, terms: false };
    }
    default:
      return null;
  }
}

// ---- ASCII / Unicode math (ascii) ------------------------------------------------------------------

const GREEK: Record<string, string> = { '\\theta': 'θ', '\\sigma': 'σ', '\\pi': 'π', '\\ell': 'ℓ', '\\eta': 'η', '\\tau': 'τ', '\\varepsilon': 'ε' };

/** A symbol as typed on a keyboard: Greek as Unicode, bold dropped (`\\mathbf{z}` → z); accents and scripts stay TeX. */
function plainSymbol(x: string): string {
  const bold = /^\\(?:mathbf|boldsymbol)\{?(\\?[a-zA-Z]+)\}?(.*)$/.exec(x);
  if (bold) return plainSymbol(`${bold[1]}${bold[2]}`);
  return x.replace(/\\(theta|sigma|pi|ell|eta|tau|varepsilon)(?![a-zA-Z])/g, (g) => GREEK[g]!);
}

/** A step typed in Unicode and ASCII inside `$…$` (`∂L/∂z_i = p_i − y_i`, `exp(z_i)`, `Σ_k`, `*`); cases have no such form. */
export function renderAscii(node: Node, nt: Notation): string {
  const r = (n: Node): string => renderAscii(n, nt);
  const atom = (n: Node): string => (isEntry(n) || n.t === 'exp' || n.t === 'log' || n.t === 'sigmoid' || n.t === 'tanh' || n.t === 'named' || n.t === 'delta' ? r(n) : `(${r(n)})`);
  const entry = (symbol: string, i: Idx): string => {
    const t = nt.index(i);
    return `${plainSymbol(symbol)}_${t.length > 1 ? `{${t}}` : t}`;
  };
  switch (node.t) {
    case 'num':
      return String(node.v);
    case 'sym': {
      const name = symbolTeX(node.name, nt);
      if (name !== null) return plainSymbol(name);
      break;
    }
    case 'z':
      return entry(nt.variable(), node.i);
    case 's': {
      if (!nt.softmaxAsFunction()) return entry(nt.output(), node.i);
      // The function keeps its temperature (`softmax(z/T)_i`), named as the note names it (`σ(z)_i` where the definitions write `\\sigma(z)_i`).
      const fn = nt.get('softmaxName');
      const name = /oftmax/.test(fn) ? fn.replace(/^\\[a-z]+\{(.*)\}$/, '$1') : plainSymbol(fn);
      return `${name}(${plainSymbol(nt.variable())}${nt.setup.temperature ? `/${plainSymbol(nt.temperatureLetter())}` : ''})_${nt.index(node.i)}`;
    }
    case 'y':
      return entry(nt.target(), node.i);
    case 'exp':
      return `exp(${r(node.a)})`;
    case 'log':
      return `${nt.get('log') === '\\ln' ? 'ln' : 'log'}(${r(node.a)})`;
    case 'add':
      return node.xs.map((x, at) => (x.t === 'neg' ? `${at === 0 ? '−' : ' − '}${x.a.t === 'add' ? `(${r(x.a)})` : r(x.a)}` : `${at === 0 ? '' : ' + '}${x.t === 'add' ? `(${r(x)})` : r(x)}`)).join('');
    case 'neg':
      return `−${node.a.t === 'add' || node.a.t === 'neg' ? `(${r(node.a)})` : r(node.a)}`;
    case 'mul':
      return node.xs.map((x, at) => (x.t === 'add' || x.t === 'neg' || x.t === 'mul' || x.t === 'frac' || x.t === 'slash' || x.t === 'deriv' || (x.t === 'sum' && at < node.xs.length - 1) ? `(${r(x)})` : r(x))).join(' * ');
    case 'frac':
    case 'slash':
      return `${atom(node.n)}/${atom(node.d)}`;
    case 'pow': {
      const b = r(node.b);
      return isEntry(node.b) && !b.includes('^') ? `${b}^${node.e}` : `(${b})^${node.e}`;
    }
    case 'sum': {
      const b = node.body;
      const body = isEntry(b) || b.t === 'exp' ? r(b) : `(${r(b)})`;
      return node.except === undefined ? `Σ_${nt.index(node.k)} ${body}` : `Σ_{${nt.index(node.k)}≠${nt.index(node.except)}} ${body}`;
    }
    case 'delta':
      return `δ_{${nt.index(node.a)}${nt.index(node.b)}}`;
    case 'sigmoid':
      return `σ(${r(node.a)})`;
    case 'tanh':
      return `tanh(${r(node.a)})`;
    case 'deriv': {
      const f = node.f;
      const fs = isEntry(f) || f.t === 'named' || f.t === 'sigmoid' || f.t === 'tanh' ? r(f) : `(${r(f)})`;
      if (node.wrt.t === 'sym') return `d${fs}/d${plainSymbol(nt.variable())}`;
      const w = node.wrt.t === 'z' ? entry(nt.variable(), node.wrt.i) : entry(nt.output(), node.wrt.i);
      return `∂${fs}/∂${w}`;
    }
    case 'named':
      return node.name === 'L' ? plainSymbol(nt.loss()) : `LSE(${plainSymbol(nt.variable())})`;
    case 'cases':
      break;
  }
  throw new Error(`generator: no ASCII form of ${node.t}`);
}
