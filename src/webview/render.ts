import { plainNumber, type Derivation, type DerivationSection, type DerivationStep, type Locale } from '../core/derivation/index';
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

export interface RenderResult {
  root: HTMLElement;
  counters: MathCounters;
  /** The heatmap, once its section has been rendered (it repaints on theme changes). */
  heatmap: HeatmapView | undefined;
  /**
   * The sections still to render, in order; each appends itself to `root`. The caller renders the
   * first few before showing the page and the rest a moment later, so the top appears at once.
   */
  pending: (() => void)[];
}

/** The page for one state: controls, then (through `pending`) the sections of the derivation. */
export function renderPanel(ctx: RenderContext): RenderResult {
  const counters: MathCounters = { rendered: 0, errors: 0 };
  const { state } = ctx;
  const locale = state.locale;
  const root = el('main', 'panel');
  root.lang = locale === 'zh-cn' ? 'zh-CN' : 'en';
  root.append(renderControls(ctx));
  const result: RenderResult = { root, counters, heatmap: undefined, pending: [] };
  if (ctx.error !== undefined) {
    const error = el('p', 'error', ctx.error);
    error.setAttribute('role', 'alert');
    root.append(error);
  }
  const d = ctx.derivation;
  if (!d) {
    if (ctx.error === undefined) root.append(el('p', 'empty', t(locale, 'ui.empty')));
    return result;
  }
  // The note's own step comes first: when present, it is why the panel was opened.
  const ordered = [...d.sections.filter((s) => s.id === 'your-note'), ...d.sections.filter((s) => s.id !== 'your-note')];
  for (const section of ordered) {
    result.pending.push(() => {
      const node = el('section', 'section');
      node.dataset.section = section.id;
      node.append(el('h2', undefined, section.title));
      const steps = el('div', 'steps');
      for (const step of section.steps) steps.append(renderStep(step, ctx, counters));
      node.append(steps);
      const extra = renderExtra(section, d, ctx, counters);
      if (extra) {
        node.append(extra.element);
        result.heatmap = extra.heatmap ?? result.heatmap;
      }
      root.append(node);
    });
  }
  return result;
}

function renderControls(ctx: RenderContext): HTMLElement {
  const { state, act } = ctx;
  const locale = state.locale;
  const box = el('div', 'controls');
  const source = el('div', 'source');
  if (state.origin === 'editor' || state.origin === 'args') source.textContent = t(locale, 'ui.source', state.sourceLabel);
  else if (state.origin === 'input') source.textContent = t(locale, 'ui.typed');
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
