/**
 * The derivation panel's message protocol: what the extension host posts to the webview
 * (`ToWebview`) and what the webview posts back (`FromWebview`), as discriminated unions on `type`.
 * Both sides import this file; whatever arrives from the webview — or is restored from its saved
 * state — goes through `parseFromWebview` / `parsePanelState` first, because a webview is a browser
 * page and its messages are untrusted input.
 */
import type { DerivationTarget, Locale, NoteStep } from '../derivation/types';

export const panelViewType = 'softmaxLens.derivationPanel';

/** Text the webview may ask to insert or copy is bounded (a whole derivation is a few kB). */
export const maxTextLength = 1_000_000;
/** Logits the protocol carries; the vector parser's own limit is lower. */
export const maxLogits = 2_000_000;

export interface PanelOptions {
  readonly temperature: number;
  readonly labelSmoothing: number;
  readonly entry: { readonly i: number; readonly j: number } | null;
  readonly target: DerivationTarget;
}

/** Everything the panel shows, and what it saves with `setState` (restored after a reload). */
export interface PanelState {
  readonly version: 1;
  readonly locale: Locale;
  /** The logits on show, or null before any were found. */
  readonly logits: readonly number[] | null;
  /** Where they came from: the editor's document (label like `note.md:12`) or the panel's input. */
  readonly origin: 'editor' | 'input' | 'args' | 'none';
  readonly sourceLabel: string;
  readonly sourceUri: string | null;
  /** The text of the panel's own input box. */
  readonly inputText: string;
  readonly options: PanelOptions;
  readonly step: NoteStep | null;
  readonly digits: number;
  readonly insertFormat: 'markdown' | 'latex';
}

/** Something a user can do in the panel; the host can trigger the same (hover links, tests). */
export type PanelAction =
  | { readonly kind: 'chooseTarget'; readonly index: number }
  | { readonly kind: 'chooseArgmaxTarget' }
  /** A soft target: probabilities, one per class, summing to 1. */
  | { readonly kind: 'chooseSoftTarget'; readonly values: readonly number[] }
  | { readonly kind: 'chooseEntry'; readonly i: number; readonly j: number }
  | { readonly kind: 'setTemperature'; readonly value: number }
  | { readonly kind: 'setLabelSmoothing'; readonly value: number }
  | { readonly kind: 'setInput'; readonly text: string }
  | { readonly kind: 'insert'; readonly stepId: string | null }
  | { readonly kind: 'copy'; readonly stepId: string | null };

export type ToWebview =
  /** The whole state (on open, on restore, on new args). */
  | { readonly type: 'state'; readonly state: PanelState }
  /** The cursor moved onto another vector in the editor the panel follows. */
  | { readonly type: 'source'; readonly logits: readonly number[]; readonly sourceLabel: string; readonly sourceUri: string }
  | { readonly type: 'action'; readonly action: PanelAction };

/** What the webview reports after each render (the host keeps the last one; tests read it). */
export interface RenderSummary {
  readonly n: number;
  readonly sectionIds: readonly string[];
  readonly stepIds: readonly string[];
  /** KaTeX formulas rendered, and how many of them failed (shown as text). */
  readonly katexCount: number;
  readonly katexErrors: number;
  readonly entry: { readonly i: number; readonly j: number } | null;
  readonly targetIndex: number;
  readonly loss: number | null;
  /** The first entries of the gradient (at most 64). */
  readonly gradient: readonly number[];
  readonly maxGradientDifference: number | null;
  readonly heatmapSize: number;
  readonly heatmapDownsampled: boolean;
  /** The builder's or the parser's error, as shown. */
  readonly error: string | null;
  /** From the state's arrival to the top of the page on screen (controls and the first sections). */
  readonly firstPaintMs: number;
  /** From the state's arrival to the whole derivation rendered. */
  readonly renderMs: number;
}

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'stateChanged'; readonly state: PanelState }
  | { readonly type: 'rendered'; readonly summary: RenderSummary }
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'copy'; readonly text: string };

// ---- wire format and runtime validation ----------------------------------------------------------

/**
 * Webview messages and saved state travel as JSON, which has no −∞ (a masked logit), +∞ or NaN:
 * `JSON.stringify` would turn them into null. `toWire` deep-copies a message with those numbers
 * spelled as the strings `"-Infinity"`, `"Infinity"`, `"NaN"`; the parsers below read them back.
 * Every message is sent as `toWire(message)`.
 */
export function toWire(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, toWire);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** A number, or one spelled by `toWire`; undefined for anything else. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === 'NaN') return NaN;
  return undefined;
}
function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -1;
}
function isString(v: unknown, max = maxTextLength): v is string {
  return typeof v === 'string' && v.length <= max;
}
function numbers(v: unknown, max = maxLogits): number[] | undefined {
  if (!Array.isArray(v) || v.length > max) return undefined;
  const out = new Array<number>(v.length);
  for (let k = 0; k < v.length; k++) {
    const x = num(v[k]);
    if (x === undefined) return undefined;
    out[k] = x;
  }
  return out;
}

function parseEntry(v: unknown): { i: number; j: number } | null | undefined {
  if (v === null) return null;
  if (!isObject(v) || !isIndex(v.i) || !isIndex(v.j) || v.i < 0 || v.j < 0) return undefined;
  return { i: v.i, j: v.j };
}

function parseTarget(v: unknown): DerivationTarget | undefined {
  if (!isObject(v)) return undefined;
  if (v.kind === 'argmax') return { kind: 'argmax' };
  if (v.kind === 'index' && isIndex(v.index) && v.index >= 0) return { kind: 'index', index: v.index };
  const values = v.kind === 'probabilities' ? numbers(v.values) : undefined;
  if (values) return { kind: 'probabilities', values };
  return undefined;
}

/** A checker step from untrusted JSON (null stays null), or undefined when malformed. */
export function parseNoteStep(v: unknown): NoteStep | null | undefined {
  if (v === null) return null;
  if (!isObject(v) || !isString(v.flaggedLatex) || !isString(v.previousLatex) || !isString(v.message) || !isIndex(v.line)) return undefined;
  if (v.correctLatex !== undefined && !isString(v.correctLatex)) return undefined;
  let counterexample: NoteStep['counterexample'];
  if (v.counterexample !== undefined) {
    const c = v.counterexample;
    if (!isObject(c) || !isObject(c.indices)) return undefined;
    const logits = numbers(c.logits);
    const previousValue = num(c.previousValue);
    const flaggedValue = num(c.flaggedValue);
    if (!logits || previousValue === undefined || flaggedValue === undefined) return undefined;
    const indices: Record<string, number> = {};
    for (const [name, value] of Object.entries(c.indices)) {
      const x = num(value);
      if (x === undefined) return undefined;
      indices[name] = x;
    }
    // A vector name is only ever a letter or a LaTeX command name; anything else is dropped, not shown.
    const vector = typeof c.vector === 'string' && /^\\?[A-Za-z]+$/.test(c.vector) ? c.vector : undefined;
    counterexample = { logits, ...(vector ? { vector } : {}), indices, previousValue, flaggedValue };
  }
  return {
    flaggedLatex: v.flaggedLatex,
    previousLatex: v.previousLatex,
    message: v.message,
    line: v.line,
    ...(isString(v.correctLatex) ? { correctLatex: v.correctLatex } : {}),
    ...(counterexample ? { counterexample } : {}),
  };
}

function parseOptions(v: unknown): PanelOptions | undefined {
  if (!isObject(v)) return undefined;
  const temperature = num(v.temperature);
  const labelSmoothing = num(v.labelSmoothing);
  const entry = parseEntry(v.entry);
  const target = parseTarget(v.target);
  if (temperature === undefined || labelSmoothing === undefined || entry === undefined || target === undefined) return undefined;
  return { temperature, labelSmoothing, entry, target };
}

/** A `PanelState` from untrusted JSON (a message, or state restored by the serializer), or undefined. */
export function parsePanelState(v: unknown): PanelState | undefined {
  if (!isObject(v) || v.version !== 1) return undefined;
  if (v.locale !== 'en' && v.locale !== 'zh-cn') return undefined;
  const logits = v.logits === null ? null : numbers(v.logits);
  if (logits === undefined) return undefined;
  if (v.origin !== 'editor' && v.origin !== 'input' && v.origin !== 'args' && v.origin !== 'none') return undefined;
  if (!isString(v.sourceLabel, 4096) || !(v.sourceUri === null || isString(v.sourceUri, 8192)) || !isString(v.inputText)) return undefined;
  if (typeof v.digits !== 'number' || (v.insertFormat !== 'markdown' && v.insertFormat !== 'latex')) return undefined;
  const options = parseOptions(v.options);
  const step = parseNoteStep(v.step);
  if (options === undefined || step === undefined) return undefined;
  return {
    version: 1,
    locale: v.locale,
    logits,
    origin: v.origin,
    sourceLabel: v.sourceLabel,
    sourceUri: v.sourceUri,
    inputText: v.inputText,
    options,
    step,
    digits: v.digits,
    insertFormat: v.insertFormat,
  };
}

function parseSummary(v: unknown): RenderSummary | undefined {
  if (!isObject(v)) return undefined;
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.length <= 10_000 && x.every((s) => isString(s, 200));
  if (!isIndex(v.n) || !strings(v.sectionIds) || !strings(v.stepIds) || !isIndex(v.katexCount) || !isIndex(v.katexErrors)) return undefined;
  const entry = parseEntry(v.entry);
  if (entry === undefined || !isIndex(v.targetIndex)) return undefined;
  const loss = v.loss === null ? null : num(v.loss);
  const gradient = numbers(v.gradient, 64);
  const maxGradientDifference = v.maxGradientDifference === null ? null : num(v.maxGradientDifference);
  const renderMs = num(v.renderMs);
  const firstPaintMs = num(v.firstPaintMs);
  if (loss === undefined || gradient === undefined || maxGradientDifference === undefined || renderMs === undefined || firstPaintMs === undefined) return undefined;
  if (!isIndex(v.heatmapSize) || typeof v.heatmapDownsampled !== 'boolean') return undefined;
  if (!(v.error === null || isString(v.error, 10_000))) return undefined;
  return {
    n: v.n,
    sectionIds: v.sectionIds,
    stepIds: v.stepIds,
    katexCount: v.katexCount,
    katexErrors: v.katexErrors,
    entry,
    targetIndex: v.targetIndex,
    loss,
    gradient,
    maxGradientDifference,
    heatmapSize: v.heatmapSize,
    heatmapDownsampled: v.heatmapDownsampled,
    error: v.error,
    firstPaintMs,
    renderMs,
  };
}

/** Validates a message from the webview; anything malformed or unknown gives undefined. */
export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'stateChanged': {
      const state = parsePanelState(message.state);
      return state ? { type: 'stateChanged', state } : undefined;
    }
    case 'rendered': {
      const summary = parseSummary(message.summary);
      return summary ? { type: 'rendered', summary } : undefined;
    }
    case 'insert':
    case 'copy':
      return isString(message.text) && message.text.length > 0 ? { type: message.type, text: message.text } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview's side of the same check). */
export function parseToWebview(message: unknown): ToWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'state': {
      const state = parsePanelState(message.state);
      return state ? { type: 'state', state } : undefined;
    }
    case 'source': {
      const logits = numbers(message.logits);
      if (!logits || !isString(message.sourceLabel, 4096) || !isString(message.sourceUri, 8192)) return undefined;
      return { type: 'source', logits, sourceLabel: message.sourceLabel, sourceUri: message.sourceUri };
    }
    case 'action': {
      const action = parsePanelAction(message.action);
      return action ? { type: 'action', action } : undefined;
    }
    default:
      return undefined;
  }
}

/** Validates a `PanelAction` (arguments of the internal command that drives the panel). */
export function parsePanelAction(v: unknown): PanelAction | undefined {
  if (!isObject(v)) return undefined;
  switch (v.kind) {
    case 'chooseTarget':
      return isIndex(v.index) && v.index >= 0 ? { kind: 'chooseTarget', index: v.index } : undefined;
    case 'chooseArgmaxTarget':
      return { kind: 'chooseArgmaxTarget' };
    case 'chooseSoftTarget': {
      const values = numbers(v.values);
      return values && values.length > 0 ? { kind: 'chooseSoftTarget', values } : undefined;
    }
    case 'chooseEntry':
      return isIndex(v.i) && isIndex(v.j) && v.i >= 0 && v.j >= 0 ? { kind: 'chooseEntry', i: v.i, j: v.j } : undefined;
    case 'setTemperature':
    case 'setLabelSmoothing': {
      const value = num(v.value);
      return value === undefined ? undefined : { kind: v.kind, value };
    }
    case 'setInput':
      return isString(v.text) ? { kind: 'setInput', text: v.text } : undefined;
    case 'insert':
    case 'copy':
      return v.stepId === null || v.stepId === undefined ? { kind: v.kind, stepId: null } : isString(v.stepId, 200) ? { kind: v.kind, stepId: v.stepId } : undefined;
    default:
      return undefined;
  }
}

/** A fresh state for a new panel. */
export function initialPanelState(locale: Locale, temperature = 1, digits = 4, insertFormat: 'markdown' | 'latex' = 'markdown'): PanelState {
  return {
    version: 1,
    locale,
    logits: null,
    origin: 'none',
    sourceLabel: '',
    sourceUri: null,
    inputText: '',
    options: { temperature, labelSmoothing: 0, entry: null, target: { kind: 'argmax' } },
    step: null,
    digits,
    insertFormat,
  };
}
