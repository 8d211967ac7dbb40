import { allLatex, buildDerivation, derivationToText, findStep, type Derivation } from '../core/derivation/index';
import { firstRow, parseVector } from '../core/vectors/index';
import { initialPanelState, parsePanelState, parseToWebview, toWire, type FromWebview, type PanelAction, type PanelState, type RenderSummary } from '../core/panel/protocol';
import { validatePanelAction } from '../core/panel/validate';
import { forgetPalette, currentPalette } from './colors';
import { PanelView } from './render';
import type { HeatmapView } from './heatmap';
import { runInSlices, type SliceClock, type SliceRun } from '../core/panel/slices';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const restored = parsePanelState(vscode.getState());
let state: PanelState = restored ?? initialPanelState(document.documentElement.lang.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en');
let derivation: Derivation | undefined;
let renderQueued = false;
let shownOnce = false;
let heatmap: HeatmapView | undefined;
/** Why the last control value was not taken (a temperature of 0, say); shown until a value is. */
let refusal: string | undefined;

function post(message: FromWebview): void {
  vscode.postMessage(toWire(message));
}

function save(): void {
  vscode.setState(toWire(state));
}

/** Saves the state (for a reload) and tells the host, which keeps it for insert-into-note and tests. */
function commit(next: PanelState): void {
  state = next;
  save();
  post({ type: 'stateChanged', state });
  scheduleRender();
}

function withOptions(patch: Partial<PanelState['options']>): PanelState {
  return { ...state, options: { ...state.options, ...patch } };
}

function apply(proposed: PanelAction): void {
  // The same checks as the host's: a value the host would refuse is never committed.
  const checked = validatePanelAction(proposed);
  if (!checked.ok) {
    refusal = checked.reason;
    scheduleRender();
    return;
  }
  refusal = undefined;
  const action = checked.value;
  switch (action.kind) {
    case 'chooseTarget':
      commit(withOptions({ target: { kind: 'index', index: action.index } }));
      return;
    case 'chooseArgmaxTarget':
      commit(withOptions({ target: { kind: 'argmax' } }));
      return;
    case 'chooseSoftTarget':
      commit(withOptions({ target: { kind: 'probabilities', values: action.values } }));
      return;
    case 'chooseEntry':
      commit(withOptions({ entry: { i: action.i, j: action.j } }));
      return;
    case 'setTemperature':
      commit(withOptions({ temperature: action.value }));
      return;
    case 'setLabelSmoothing':
      commit(withOptions({ labelSmoothing: action.value }));
      return;
    case 'setInput':
      commit({ ...state, inputText: action.text, origin: action.text.trim() === '' && state.logits === null ? 'none' : 'input' });
      return;
    case 'insert':
    case 'copy': {
      const text = exportText(action.kind, action.stepId);
      if (text !== undefined) post({ type: action.kind, text });
      return;
    }
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** Insert: a step as a display block, or the whole derivation. Copy: the bare LaTeX. */
function exportText(kind: 'insert' | 'copy', stepId: string | null): string | undefined {
  if (!derivation) return undefined;
  const format = state.insertFormat;
  if (kind === 'insert') return stepId === null ? derivationToText(derivation, { format }) : derivationToText(derivation, { stepId, format });
  if (stepId === null) return allLatex(derivation);
  return findStep(derivation, stepId)?.latex;
}

/** The logits on show: typed ones win while the user is typing, else those from the editor. */
function currentLogits(): { values: ArrayLike<number> | undefined; error: string | undefined } {
  if (state.origin === 'input' && state.inputText.trim() !== '') {
    const parsed = parseVector(state.inputText);
    if (!parsed.ok) {
      // The parser names the column; in a multi-line paste the line matters too.
      const where = parsed.error.offset === undefined || /column|line/.test(parsed.error.message) ? '' : ` (${columnLabel(state.inputText, parsed.error.offset)})`;
      return { values: undefined, error: `${parsed.error.message}${where}` };
    }
    // A matrix: the panel explains one row, the first.
    return { values: firstRow(parsed.value), error: undefined };
  }
  return { values: state.logits ?? undefined, error: undefined };
}

function columnLabel(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function build(): { derivation: Derivation | undefined; error: string | undefined } {
  const logits = currentLogits();
  if (!logits.values) return { derivation: undefined, error: logits.error };
  const n = logits.values.length;
  const { entry, target } = state.options;
  const result = buildDerivation({
    logits: logits.values,
    temperature: state.options.temperature,
    labelSmoothing: state.options.labelSmoothing,
    locale: state.locale,
    digits: state.digits,
    // Indices left over from a longer vector fall back to the defaults rather than failing; a soft
    // target of the wrong length is the user's to fix, so the builder's error is shown.
    ...(entry && entry.i < n && entry.j < n ? { entry } : {}),
    ...(target.kind === 'index' && target.index >= n ? {} : { target }),
    ...(state.step ? { step: state.step } : {}),
  });
  return result.ok ? { derivation: result.value, error: undefined } : { derivation: undefined, error: result.error.message };
}

/**
 * Yields to the browser: a message-channel task (not requestAnimationFrame, since a hidden webview
 * gets no frames but must still answer; not setTimeout, which is clamped and queued behind timers).
 */
const channel = new MessageChannel();
const deferred: (() => void)[] = [];
channel.port1.onmessage = () => deferred.shift()?.();
const clock: SliceClock = {
  now: () => performance.now(),
  defer: (next) => {
    deferred.push(next);
    channel.port2.postMessage(null);
  },
  // A chain of tasks can hold off the browser's next frame: after the first screen, wait for a
  // frame (its callbacks run before the paint, a task queued from them after it). Hidden, no frame
  // comes: go on at once.
  deferPastPaint: (next) => {
    if (document.visibilityState === 'hidden') return clock.defer(next);
    requestAnimationFrame(() => clock.defer(next));
  },
};

/** Messages that arrive together (state, then an action) make one render, in the next task. */
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  clock.defer(render);
}

/**
 * The first render shows the controls and the first sections at once (KaTeX is cold and every
 * formula new), then the rest in slices of a few milliseconds, so the page paints and answers
 * input meanwhile. Later renders rebuild only what changed (see PanelView) and usually finish in
 * one slice.
 */
const firstScreenPieces = 3;
const sliceBudgetMs = 12;
const updateBudgetMs = 50;
const view = new PanelView();
document.body.replaceChildren(view.root);
let running: SliceRun | undefined;

function render(): void {
  renderQueued = false;
  // A newer state replaces the render in progress: the view picks up from whatever it has drawn.
  running?.cancel();
  const started = performance.now();
  // User-timing marks for the benchmark (bench/panelBrowser.bench.ts); only the latest are kept.
  performance.clearMarks('softmax-lens:first-screen');
  performance.clearMarks('softmax-lens:rendered');
  const built = build();
  derivation = built.derivation;
  const d = derivation;
  const error = built.error ?? refusal;
  const pieces = view.update({ state, derivation: d, error, act: apply });
  let firstPaintMs = -1;
  const firstScreen = Math.min(firstScreenPieces, pieces.length);
  let ran = 0;
  const counted = pieces.map((piece) => () => {
    piece();
    if (++ran === firstScreen) {
      firstPaintMs = performance.now() - started;
      performance.mark('softmax-lens:first-screen');
    }
  });
  const finish = (): void => {
    heatmap = view.heatmap;
    performance.mark('softmax-lens:rendered');
    const root = view.root;
    const summary: RenderSummary = {
      n: d?.n ?? 0,
      sectionIds: d ? [...root.querySelectorAll<HTMLElement>('section[data-section]')].map((s) => s.dataset.section ?? '') : [],
      stepIds: d ? d.sections.flatMap((s) => s.steps.map((step) => step.id)) : [],
      katexCount: root.querySelectorAll('.katex').length,
      katexErrors: root.querySelectorAll('.math-error').length,
      entry: d ? { i: d.entry.i, j: d.entry.j } : null,
      targetIndex: d?.targetIndex ?? -1,
      loss: d ? d.loss : null,
      gradient: d ? Array.from(d.gradient.subarray(0, 64)) : [],
      maxGradientDifference: d ? d.gradientCheck.maxDifference : null,
      heatmapSize: d?.heatmap.size ?? 0,
      heatmapDownsampled: d?.heatmap.downsampled ?? false,
      error: error ?? null,
      firstPaintMs,
      renderMs: performance.now() - started,
    };
    post({ type: 'rendered', summary });
  };
  // An update (a few changed formulas) goes in one slice, so the page never shows half old, half
  // new numbers; only an unusually long one yields to the browser part-way.
  const options = shownOnce ? { budgetMs: sliceBudgetMs, minFirst: 1, firstBudgetMs: updateBudgetMs } : { budgetMs: sliceBudgetMs, minFirst: firstScreen, firstBudgetMs: 0 };
  running = runInSlices(counted, options, clock, finish);
  if (d) shownOnce = true;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'state':
      state = message.state;
      save();
      scheduleRender();
      return;
    case 'source':
      commit({ ...state, logits: message.logits, origin: 'editor', sourceLabel: message.sourceLabel, sourceUri: message.sourceUri, inputText: '' });
      return;
    case 'action':
      apply(message.action);
      return;
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
});

// A theme change sets the body's class (vscode-light / vscode-dark / vscode-high-contrast) and the
// --vscode-* variables in the root element's style: repaint the canvas, which CSS cannot recolour.
const repaint = new MutationObserver(() => {
  forgetPalette();
  heatmap?.repaint();
});
repaint.observe(document.body, { attributes: true, attributeFilter: ['class'] });
repaint.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

if (restored) scheduleRender();
// Ready before the setup below: the host's answer is on its way meanwhile.
post({ type: 'ready' });

// Read the theme's colours now, while the page is empty and styling it is cheap.
currentPalette();
