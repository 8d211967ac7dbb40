import { plainNumber, type Derivation, type DerivationSection, type DerivationStep, type Locale } from '../core/derivation/index';
import { hashNumbers, planChildren, signatureOf, stepSignature } from '../core/panel/renderPlan';
import type { PanelAction, PanelState } from '../core/panel/protocol';
import { parseVector } from '../core/vectors/index';
import { button, el, numberField, prose, t } from './dom';
import { createHeatmap, type HeatmapView } from './heatmap';
import { renderMath, type MathCounters } from './math';

export interface RenderContext {
  state: PanelState;
  derivation: Derivation | undefined;
  /** The parser's or builder's error, shown in place of the derivation. */
  error: string | undefined;
  act: (action: PanelAction) => void;
}

interface Piece {
  node: HTMLElement;
  signature: string;
}

interface SectionView {
  node: HTMLElement;
  heading: HTMLElement;
  steps: HTMLElement;
  /** The rendered steps by step id, in the order shown. */
  stepPieces: Map<string, Piece>;
  extra: (Piece & { heatmap?: HeatmapView }) | undefined;
}

/**
 * The panel's page, kept across renders: `update` compares the new derivation with what is on
 * screen (see `planChildren`) and rebuilds only the pieces that changed, so a cursor move
 * re-typesets the few formulas with numbers in them and leaves the rest of the layout alone.
 */
export class PanelView {
  readonly root: HTMLElement = el('main', 'panel');
  readonly counters: MathCounters = { rendered: 0, errors: 0 };
  private controls: Piece | undefined;
  private message: Piece | undefined;
  private readonly sections = new Map<string, SectionView>();

  /** The heatmap on show (it repaints on theme changes). */
  get heatmap(): HeatmapView | undefined {
    return this.sections.get('jacobian')?.extra?.heatmap;
  }

  /**
   * The work to bring the page in line with `ctx`, in order: the first piece (controls, the error
   * or empty message, removal of sections no longer there), then one per section. Run them in
   * order, in one go or across tasks; a newer `update` may start before the last ones ran.
   */
  update(ctx: RenderContext): (() => void)[] {
    const { state } = ctx;
    const locale = state.locale;
    const d = ctx.derivation;
    const ordered = d ? [...d.sections.filter((s) => s.id === 'your-note'), ...d.sections.filter((s) => s.id !== 'your-note')] : [];
    const wanted = new Set<string>(ordered.map((s) => s.id));
    const head = (): void => {
      this.root.lang = locale === 'zh-cn' ? 'zh-CN' : 'en';
      this.patchControls(ctx);
      const messageText = ctx.error ?? (d ? undefined : t(locale, 'ui.empty'));
      const messageSignature = messageText === undefined ? '' : `${ctx.error === undefined ? 'empty' : 'error'}|${messageText}`;
      if (this.message?.signature !== messageSignature) {
        this.message?.node.remove();
        this.message = undefined;
        if (messageText !== undefined) {
          const node = el('p', ctx.error === undefined ? 'empty' : 'error', messageText);
          if (ctx.error !== undefined) node.setAttribute('role', 'alert');
          this.message = { node, signature: messageSignature };
        }
      }
      if (this.message) placeAfter(this.message.node, this.controls?.node);
      for (const [id, view] of this.sections) {
        if (wanted.has(id)) continue;
        view.node.remove();
        this.sections.delete(id);
      }
    };
    const pieces: (() => void)[] = [head];
    if (!d) return pieces;
    ordered.forEach((section, k) => {
      pieces.push(() => {
        const view = this.patchSection(section, d, ctx);
        const previousId = ordered[k - 1]?.id;
        const after = previousId === undefined ? (this.message?.node ?? this.controls?.node) : this.sections.get(previousId)?.node;
        placeAfter(view.node, after);
      });
    });
    return pieces;
  }

  private patchControls(ctx: RenderContext): void {
    const { state } = ctx;
    // The source line changes on every cursor move: it is updated in place, not part of the signature.
    const signature = signatureOf([state.locale, state.inputText, state.options, ctx.derivation !== undefined, ctx.derivation?.n ?? null]);
    if (this.controls?.signature === signature) {
      const source = this.controls.node.querySelector('.source');
      const label = sourceText(state);
      if (source && source.textContent !== label) source.textContent = label;
      return;
    }
    const node = renderControls(ctx);
    const old = this.controls?.node;
    if (old) {
      const focus = focusedField(old);
      old.replaceWith(node);
      if (focus) restoreFocus(node, focus);
    } else {
      this.root.prepend(node);
    }
    this.controls = { node, signature };
  }

  private patchSection(section: DerivationSection, d: Derivation, ctx: RenderContext): SectionView {
    let view = this.sections.get(section.id);
    if (!view) {
      const node = el('section', 'section');
      node.dataset.section = section.id;
      const heading = el('h2', undefined, section.title);
      const steps = el('div', 'steps');
      node.append(heading, steps);
      view = { node, heading, steps, stepPieces: new Map(), extra: undefined };
      this.sections.set(section.id, view);
    }
    if (view.heading.textContent !== section.title) view.heading.textContent = section.title;

    const signatures = section.steps.map((step) => ({ key: step.id, signature: `${ctx.state.locale}|${stepSignature(step)}` }));
    const previous = [...view.stepPieces].map(([key, piece]) => ({ key, signature: piece.signature }));
    const plan = planChildren(previous, signatures);
    const old = view.stepPieces;
    for (const key of plan.dropped) old.get(key)?.node.remove();
    const next = new Map<string, Piece>();
    plan.pieces.forEach((planned, k) => {
      const step = section.steps[k];
      const signature = signatures[k]?.signature;
      if (!step || signature === undefined) return;
      const piece = planned.action === 'keep' ? old.get(planned.key) : { node: renderStep(step, ctx, this.counters), signature };
      if (!piece) return;
      // In place when already there: a node moved or re-inserted would be styled and laid out again.
      const at = view.steps.children[next.size] ?? null;
      if (at !== piece.node) view.steps.insertBefore(piece.node, at);
      next.set(planned.key, piece);
    });
    view.stepPieces = next;

    const extraSignature = extraSignatureOf(section, d, ctx);
    if (view.extra?.signature !== extraSignature) {
      view.extra?.node.remove();
      const extra = extraSignature === undefined ? undefined : renderExtra(section, d, ctx, this.counters);
      view.extra = extra && extraSignature !== undefined ? { node: extra.element, signature: extraSignature, ...(extra.heatmap ? { heatmap: extra.heatmap } : {}) } : undefined;
      if (view.extra) view.node.append(view.extra.node);
    }
    return view;
  }
}

/** Puts `node` right after `after` (or first in its parent's place), unless it is there already. */
function placeAfter(node: HTMLElement, after: HTMLElement | undefined): void {
  if (!after) return;
  if (after.nextElementSibling !== node) after.after(node);
}

interface FocusedField {
  index: number;
  start: number | null;
  end: number | null;
}

/** Which input of the controls has the focus (and its selection), to give it back after a redraw. */
function focusedField(controls: HTMLElement): FocusedField | undefined {
  const active = document.activeElement;
  if (!active || !controls.contains(active)) return undefined;
  const fields = [...controls.querySelectorAll('input, textarea')];
  const index = fields.indexOf(active);
  if (index < 0) return undefined;
  const field = active as HTMLInputElement | HTMLTextAreaElement;
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = field.selectionStart;
    end = field.selectionEnd;
  } catch {
    // number inputs have no selection
  }
  return { index, start, end };
}

function restoreFocus(controls: HTMLElement, focus: FocusedField): void {
  const field = controls.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')[focus.index];
  if (!field) return;
  field.focus();
  if (focus.start === null || focus.end === null) return;
  try {
    field.setSelectionRange(focus.start, focus.end);
  } catch {
    // number inputs have no selection
  }
}

/** What a section's extra shows (undefined: the section has none); equal signatures look the same. */
function extraSignatureOf(section: DerivationSection, d: Derivation, ctx: RenderContext): string | undefined {
  const { locale, digits } = ctx.state;
  const common = `${section.id}|${locale}|${digits}|`;
  switch (section.id) {
    case 'softmax':
      return common + signatureOf([d.softmax[d.argmax] ?? null, d.argmax, d.entropy, d.logSumExp]);
    case 'softmax-derivative-numbers':
      return common + signatureOf([d.entry.i, d.entry.j, d.n]);
    case 'jacobian':
      return common + signatureOf([d.heatmap.n, d.heatmap.size, d.heatmap.maxAbs, d.heatmap.downsampled, hashNumbers(d.heatmap.values), hashNumbers(d.heatmap.means), hashNumbers(d.heatmap.rowOf), hashNumbers(d.heatmap.colOf)]);
    case 'cross-entropy-numbers':
      return common + signatureOf([d.targetIndex, d.classesTruncated, d.n, d.classes]);
    case 'gradient-check':
      return common + signatureOf([d.gradientCheck.maxDifferenceIndex, d.gradientCheck.rows]);
    default:
      return undefined;
  }
}

function renderControls(ctx: RenderContext): HTMLElement {
  const { state, act } = ctx;
  const locale = state.locale;
  const box = el('div', 'controls');
  const source = el('div', 'source');
  source.textContent = sourceText(state);
  box.append(source);

  const input = el('textarea', 'logits-input');
  input.rows = 2;
  input.spellcheck = false;
  input.placeholder = t(locale, 'ui.placeholder');
  input.value = state.inputText;
  input.setAttribute('aria-label', t(locale, 'ui.placeholder'));
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => act({ kind: 'setInput', text: input.value }), 250);
  });
  box.append(input);

  const row = el('div', 'field-row');
  row.append(
    numberField(t(locale, 'ui.temperature'), state.options.temperature, { min: 0, step: 0.1 }, (v) => act({ kind: 'setTemperature', value: v })),
    targetField(ctx),
    numberField(t(locale, 'ui.labelSmoothing'), state.options.labelSmoothing, { min: 0, max: 0.99, step: 0.05 }, (v) => act({ kind: 'setLabelSmoothing', value: v })),
  );
  if (ctx.derivation) {
    row.append(
      button(t(locale, 'ui.copyAll'), () => act({ kind: 'copy', stepId: null })),
      button(t(locale, 'ui.insertAll'), () => act({ kind: 'insert', stepId: null })),
    );
  }
  box.append(row);
  return box;
}

/** Where the logits on show come from: the note (with its line) or the panel's own input. */
function sourceText(state: PanelState): string {
  if (state.origin === 'editor' || state.origin === 'args') return t(state.locale, 'ui.source', state.sourceLabel);
  if (state.origin === 'input') return t(state.locale, 'ui.typed');
  return '';
}

/**
 * The target as text: empty for the argmax, a class index, or probabilities in any form the vector
 * parser reads (a soft target). A parse error is shown beside the field, as text.
 */
function targetField(ctx: RenderContext): HTMLElement {
  const { state, act } = ctx;
  const locale = state.locale;
  const target = state.options.target;
  const wrap = el('label', 'field target-field');
  wrap.append(el('span', 'field-label', t(locale, 'ui.target')));
  const input = el('input');
  input.type = 'text';
  input.spellcheck = false;
  input.placeholder = t(locale, 'ui.targetPlaceholder');
  input.value = target.kind === 'index' ? String(target.index) : target.kind === 'probabilities' ? `[${target.values.join(', ')}]` : '';
  const problem = el('span', 'field-error');
  problem.setAttribute('role', 'alert');
  input.addEventListener('change', () => {
    const text = input.value.trim();
    if (text === '') return act({ kind: 'chooseArgmaxTarget' });
    if (/^\d+$/.test(text)) {
      const n = ctx.derivation?.n ?? Infinity;
      if (Number(text) < n) return act({ kind: 'chooseTarget', index: Number(text) });
      problem.textContent = `the target class ${text} is outside 0…${n - 1}`;
      return;
    }
    const parsed = parseVector(text);
    if (parsed.ok) return act({ kind: 'chooseSoftTarget', values: Array.from(parsed.value.values) });
    problem.textContent = parsed.error.message;
  });
  wrap.append(input, problem);
  return wrap;
}

function renderStep(step: DerivationStep, ctx: RenderContext, counters: MathCounters): HTMLElement {
  const locale = ctx.state.locale;
  const node = el('div', 'step');
  node.dataset.step = step.id;
  if (step.fromNote) node.classList.add('from-note');
  if (step.label !== undefined) node.append(el('div', 'step-label', step.label));
  if (step.prose !== undefined) node.append(prose(el('p', 'prose'), step.prose, counters, locale));
  if (step.latex !== undefined) {
    const formula = el('div', 'formula');
    formula.append(renderMath(step.latex, true, counters, (m) => t(locale, 'ui.latexError', m)));
    const tools = el('div', 'formula-tools');
    tools.append(
      button(t(locale, 'ui.copyLatex'), () => ctx.act({ kind: 'copy', stepId: step.id }), 'link-button'),
      button(t(locale, 'ui.insert'), () => ctx.act({ kind: 'insert', stepId: step.id }), 'link-button'),
    );
    formula.append(tools);
    node.append(formula);
  }
  return node;
}

function renderExtra(section: DerivationSection, d: Derivation, ctx: RenderContext, counters: MathCounters): { element: HTMLElement; heatmap?: HeatmapView } | undefined {
  const locale = ctx.state.locale;
  const digits = ctx.state.digits;
  switch (section.id) {
    case 'softmax': {
      const stats = el('p', 'stats');
      prose(stats, t(locale, 'ui.stats', plainNumber(d.softmax[d.argmax] ?? NaN, digits), d.argmax, plainNumber(d.entropy, digits), plainNumber(d.logSumExp, digits)), counters, locale);
      return { element: stats };
    }
    case 'softmax-derivative-numbers': {
      const row = el('div', 'field-row');
      const pick = (i: number, j: number): void => ctx.act({ kind: 'chooseEntry', i: clampIndex(i, d.n), j: clampIndex(j, d.n) });
      row.append(
        numberField(t(locale, 'ui.entryI'), d.entry.i, { min: 0, max: d.n - 1, step: 1 }, (v) => pick(v, d.entry.j)),
        numberField(t(locale, 'ui.entryJ'), d.entry.j, { min: 0, max: d.n - 1, step: 1 }, (v) => pick(d.entry.i, v)),
      );
      return { element: row };
    }
    case 'jacobian': {
      const heatmap = createHeatmap(d.heatmap, locale, digits, (i, j) => ctx.act({ kind: 'chooseEntry', i, j }));
      return { element: heatmap.element, heatmap };
    }
    case 'cross-entropy-numbers':
      return { element: renderClasses(d, ctx, counters) };
    case 'gradient-check':
      return { element: renderCheck(d, locale, counters) };
    default:
      return undefined;
  }
}

function clampIndex(v: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.round(v)));
}

function headerCell(label: string, counters: MathCounters, locale: Locale): HTMLTableCellElement {
  const th = el('th');
  th.scope = 'col';
  prose(th, label, counters, locale);
  return th;
}

function renderClasses(d: Derivation, ctx: RenderContext, counters: MathCounters): HTMLElement {
  const locale = ctx.state.locale;
  const digits = ctx.state.digits;
  const box = el('div', 'classes');
  const row = el('div', 'field-row');
  row.append(button(t(locale, 'ui.argmax'), () => ctx.act({ kind: 'chooseArgmaxTarget' })));
  box.append(row);
  if (d.classesTruncated) box.append(el('p', 'note', t(locale, 'ui.topRows', d.classes.length, d.n)));
  const table = el('table', 'class-table');
  const head = el('tr');
  head.append(
    headerCell(t(locale, 'ui.class'), counters, locale),
    headerCell(t(locale, 'ui.logit'), counters, locale),
    headerCell(t(locale, 'ui.probability'), counters, locale),
    headerCell(t(locale, 'ui.targetColumn'), counters, locale),
    headerCell(t(locale, 'ui.gradient'), counters, locale),
  );
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const c of d.classes) {
    const tr = el('tr', c.index === d.targetIndex ? 'selected' : undefined);
    tr.tabIndex = 0;
    tr.dataset.class = String(c.index);
    tr.setAttribute('aria-selected', String(c.index === d.targetIndex));
    for (const value of [String(c.index), plainNumber(c.logit, digits), plainNumber(c.probability, digits), plainNumber(c.target, digits), plainNumber(c.gradient, digits)]) {
      tr.append(el('td', undefined, value));
    }
    const choose = (): void => ctx.act({ kind: 'chooseTarget', index: c.index });
    tr.addEventListener('click', choose);
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        choose();
      }
    });
    tbody.append(tr);
  }
  table.append(thead, tbody);
  box.append(table);
  return box;
}

function renderCheck(d: Derivation, locale: Locale, counters: MathCounters): HTMLElement {
  const table = el('table', 'check-table');
  const head = el('tr');
  head.append(headerCell('$j$', counters, locale), headerCell(t(locale, 'ui.numeric'), counters, locale), headerCell(t(locale, 'ui.analytic'), counters, locale), headerCell(t(locale, 'ui.difference'), counters, locale));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const r of d.gradientCheck.rows) {
    const tr = el('tr', r.index === d.gradientCheck.maxDifferenceIndex ? 'selected' : undefined);
    for (const value of [String(r.index), plainNumber(r.numeric, 12), plainNumber(r.analytic, 12), plainNumber(r.difference, 2)]) tr.append(el('td', undefined, value));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table;
}
