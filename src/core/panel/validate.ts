/**
 * What the extension host accepts from the derivation panel. `protocol.ts` checks a message's
 * shape; this file also checks its values — the ranges the panel's own controls and the settings
 * allow — and says why a message is refused, so the host can tell the user instead of acting on it
 * or dropping it without a word. Pure: the host, the webview and plain-Node tests share it.
 *
 * Accepted ranges (documented in the README, "Derivation panel"):
 * - `digits`: an integer in [1, 17] (`softmaxLens.displayDigits`; 17 significant digits round-trip any double);
 * - `temperature`: finite and > 0 (T divides the logits);
 * - `labelSmoothing`: in [0, 1) (ε = 1 would leave no trace of the target);
 * - text to insert or copy: 1 to 100,000 characters (a whole derivation is ~6 kB at any n);
 * - the panel's input box: at most 500,000 characters.
 */
import { parseFromWebview, parsePanelAction, parsePanelState, type FromWebview, type PanelAction, type PanelState } from './protocol';

export const digitsRange = { min: 1, max: 17 } as const;
export const maxExportLength = 100_000;
export const maxInputLength = 500_000;

/** A value the host may act on, or the reason it refuses it (English, shown to the user). */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const knownMessageTypes = ['ready', 'stateChanged', 'rendered', 'insert', 'copy'] as const;

/** A value as a person would read it in a refusal: `NaN`, `-5`, `"abc"`, a long string cut short. */
function shown(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** `toWire` spells NaN and ±∞ as strings; a refusal should name the number, not the spelling. */
function wireNumber(v: unknown): unknown {
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

export function checkDigits(v: unknown): string | undefined {
  const x = wireNumber(v);
  if (typeof x === 'number' && Number.isInteger(x) && x >= digitsRange.min && x <= digitsRange.max) return undefined;
  return `digits must be an integer from ${digitsRange.min} to ${digitsRange.max}, got ${shown(x)}`;
}

export function checkTemperature(v: unknown): string | undefined {
  const x = wireNumber(v);
  if (typeof x === 'number' && Number.isFinite(x) && x > 0) return undefined;
  return `the temperature must be a finite number greater than 0, got ${shown(x)}`;
}

export function checkLabelSmoothing(v: unknown): string | undefined {
  const x = wireNumber(v);
  if (typeof x === 'number' && x >= 0 && x < 1) return undefined;
  return `label smoothing must be at least 0 and less than 1, got ${shown(x)}`;
}

function checkText(what: string, v: unknown, max: number, min = 0): string | undefined {
  if (typeof v !== 'string') return `${what} must be text, got ${shown(v)}`;
  if (v.length < min) return `${what} is empty`;
  if (v.length > max) return `${what} is ${v.length} characters long; at most ${max} are accepted`;
  return undefined;
}

/** The value checks of a state whose shape is already known to be right. */
function checkStateValues(state: PanelState): string | undefined {
  return (
    checkDigits(state.digits) ??
    checkTemperature(state.options.temperature) ??
    checkLabelSmoothing(state.options.labelSmoothing) ??
    checkText('the input text', state.inputText, maxInputLength)
  );
}

/** The raw fields of a state, checked before its shape so that `digits: NaN` is named as such. */
function checkRawState(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `the panel state must be an object, got ${shown(raw)}`;
  const r = raw as Record<string, unknown>;
  const options = typeof r.options === 'object' && r.options !== null ? (r.options as Record<string, unknown>) : undefined;
  return (
    checkDigits(r.digits) ??
    (options ? (checkTemperature(options.temperature) ?? checkLabelSmoothing(options.labelSmoothing)) : 'the panel state has no options') ??
    checkText('the input text', r.inputText, maxInputLength)
  );
}

/** A saved or reported panel state the host may adopt, or why not. */
export function validatePanelState(raw: unknown): Checked<PanelState> {
  const valueProblem = checkRawState(raw);
  if (valueProblem) return { ok: false, reason: valueProblem };
  const state = parsePanelState(raw);
  if (!state) return { ok: false, reason: 'the panel state is malformed' };
  const problem = checkStateValues(state);
  return problem ? { ok: false, reason: problem } : { ok: true, value: state };
}

/** A message from the webview the host may act on, or why it refuses it. Unknown types are refused. */
export function validateFromWebview(raw: unknown): Checked<FromWebview> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: `a panel message must be an object, got ${shown(raw)}` };
  const type = (raw as Record<string, unknown>).type;
  if (typeof type !== 'string' || !(knownMessageTypes as readonly string[]).includes(type)) return { ok: false, reason: `unknown panel message type ${shown(type)}` };
  const m = raw as Record<string, unknown>;
  if (type === 'stateChanged') {
    const state = validatePanelState(m.state);
    return state.ok ? { ok: true, value: { type: 'stateChanged', state: state.value } } : state;
  }
  if (type === 'insert' || type === 'copy') {
    const problem = checkText(type === 'insert' ? 'the text to insert' : 'the text to copy', m.text, maxExportLength, 1);
    if (problem) return { ok: false, reason: problem };
  }
  const message = parseFromWebview(raw);
  return message ? { ok: true, value: message } : { ok: false, reason: `the panel message "${type}" is malformed` };
}

/** A panel action (from the host's internal command, or a control of the panel), or why it is refused. */
export function validatePanelAction(raw: unknown): Checked<PanelAction> {
  const action = parsePanelAction(raw);
  if (!action) {
    const kind = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).kind : undefined;
    return { ok: false, reason: `unknown or malformed panel action ${shown(kind)}` };
  }
  const problem =
    action.kind === 'setTemperature'
      ? checkTemperature(action.value)
      : action.kind === 'setLabelSmoothing'
        ? checkLabelSmoothing(action.value)
        : action.kind === 'setInput'
          ? checkText('the input text', action.text, maxInputLength)
          : undefined;
  return problem ? { ok: false, reason: problem } : { ok: true, value: action };
}
