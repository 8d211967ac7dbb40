import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initialPanelState, toWire, type PanelState } from '../../../src/core/panel/protocol';
import { maxExportLength, maxInputLength, validateFromWebview, validatePanelAction, validatePanelState } from '../../../src/core/panel/validate';

const base = initialPanelState('en', 1, 4, 'markdown');

function stateWith(patch: Record<string, unknown>, options: Record<string, unknown> = {}): unknown {
  return toWire({ ...base, ...patch, options: { ...base.options, ...options } });
}

function refusal(result: ReturnType<typeof validateFromWebview>): string {
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? '' : result.reason;
}

describe('panel messages: values are checked, refusals say why', () => {
  test('a well-formed state with values in range is accepted as it is', () => {
    const state: PanelState = { ...base, logits: [1, -Infinity, 2], digits: 17, options: { ...base.options, temperature: 0.05, labelSmoothing: 0.99 } };
    const r = validateFromWebview({ type: 'stateChanged', state: toWire(state) });
    assert.deepEqual(r, { ok: true, value: { type: 'stateChanged', state } });
    assert.equal(validateFromWebview({ type: 'stateChanged', state: stateWith({ digits: 1 }) }).ok, true);
    assert.equal(validateFromWebview({ type: 'stateChanged', state: stateWith({}, { labelSmoothing: 0 }) }).ok, true);
  });

  test('digits: NaN, 1e9, 0, 18, 2.5, a string are refused, naming the value and the range', () => {
    const cases: [unknown, string][] = [[NaN, 'NaN'], [1e9, '1000000000'], [0, '0'], [18, '18'], [2.5, '2.5'], ['4', '"4"'], [Infinity, 'Infinity']];
    for (const [digits, named] of cases) {
      const reason = refusal(validateFromWebview({ type: 'stateChanged', state: stateWith({ digits }) }));
      assert.equal(reason, `digits must be an integer from 1 to 17, got ${named}`, String(digits));
    }
  });

  test('temperature: −5, 0, −0, NaN, ±Infinity are refused', () => {
    for (const [temperature, named] of [[-5, '-5'], [0, '0'], [-0, '-0'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      const reason = refusal(validateFromWebview({ type: 'stateChanged', state: stateWith({}, { temperature }) }));
      assert.equal(reason, `the temperature must be a finite number greater than 0, got ${named}`);
    }
  });

  test('label smoothing: 7, 1, −0.1, NaN are refused; 0 and 0.999 are not', () => {
    for (const labelSmoothing of [7, 1, -0.1, NaN]) {
      assert.match(refusal(validateFromWebview({ type: 'stateChanged', state: stateWith({}, { labelSmoothing }) })), /^label smoothing must be at least 0 and less than 1, got /);
    }
    for (const labelSmoothing of [0, 0.999]) assert.equal(validateFromWebview({ type: 'stateChanged', state: stateWith({}, { labelSmoothing }) }).ok, true);
  });

  test('text to insert or copy: empty, not text, or 1e6 characters is refused; the cap itself is accepted', () => {
    const big = 'x'.repeat(1_000_000);
    assert.equal(refusal(validateFromWebview({ type: 'insert', text: big })), `the text to insert is 1000000 characters long; at most ${maxExportLength} are accepted`);
    assert.equal(refusal(validateFromWebview({ type: 'copy', text: big })), `the text to copy is 1000000 characters long; at most ${maxExportLength} are accepted`);
    assert.equal(refusal(validateFromWebview({ type: 'insert', text: '' })), 'the text to insert is empty');
    assert.equal(refusal(validateFromWebview({ type: 'insert', text: 42 })), 'the text to insert must be text, got 42');
    assert.equal(refusal(validateFromWebview({ type: 'insert' })), 'the text to insert must be text, got undefined');
    const atCap = 'y'.repeat(maxExportLength);
    assert.deepEqual(validateFromWebview({ type: 'insert', text: atCap }), { ok: true, value: { type: 'insert', text: atCap } });
  });

  test('the input box text is capped too', () => {
    assert.match(refusal(validateFromWebview({ type: 'stateChanged', state: stateWith({ inputText: 'z'.repeat(maxInputLength + 1) }) })), /^the input text is 500001 characters long/);
    assert.equal(validateFromWebview({ type: 'stateChanged', state: stateWith({ inputText: '[1, 2]' }) }).ok, true);
  });

  test('unknown types, non-objects and malformed known messages are refused', () => {
    assert.equal(refusal(validateFromWebview({ type: 'deleteEverything' })), 'unknown panel message type "deleteEverything"');
    assert.equal(refusal(validateFromWebview({ type: 7 })), 'unknown panel message type 7');
    assert.equal(refusal(validateFromWebview({})), 'unknown panel message type undefined');
    assert.equal(refusal(validateFromWebview(null)), 'a panel message must be an object, got null');
    assert.equal(refusal(validateFromWebview('ready')), 'a panel message must be an object, got "ready"');
    assert.equal(refusal(validateFromWebview([{ type: 'ready' }])), 'a panel message must be an object, got an array');
    assert.equal(refusal(validateFromWebview({ type: 'stateChanged', state: stateWith({ version: 2 }) })), 'the panel state is malformed');
    assert.equal(refusal(validateFromWebview({ type: 'stateChanged' })), 'the panel state must be an object, got undefined');
    assert.equal(refusal(validateFromWebview({ type: 'rendered', summary: { n: 'three' } })), 'the panel message "rendered" is malformed');
    assert.deepEqual(validateFromWebview({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
  });

  test('a saved state is checked the same way before it is restored', () => {
    assert.equal(validatePanelState(stateWith({})).ok, true);
    const r = validatePanelState(stateWith({ digits: 1e9 }));
    assert.equal(r.ok, false);
  });
});

describe('panel actions (the internal command and the panel controls)', () => {
  test('out-of-range temperature and label smoothing are refused; in-range ones pass through', () => {
    assert.deepEqual(validatePanelAction({ kind: 'setTemperature', value: 2 }), { ok: true, value: { kind: 'setTemperature', value: 2 } });
    assert.deepEqual(validatePanelAction({ kind: 'setTemperature', value: -5 }), { ok: false, reason: 'the temperature must be a finite number greater than 0, got -5' });
    assert.deepEqual(validatePanelAction({ kind: 'setTemperature', value: 'NaN' }), { ok: false, reason: 'the temperature must be a finite number greater than 0, got NaN' });
    assert.deepEqual(validatePanelAction({ kind: 'setLabelSmoothing', value: 7 }), { ok: false, reason: 'label smoothing must be at least 0 and less than 1, got 7' });
    assert.deepEqual(validatePanelAction({ kind: 'setLabelSmoothing', value: 0.1 }), { ok: true, value: { kind: 'setLabelSmoothing', value: 0.1 } });
  });

  test('an oversized input text and unknown kinds are refused', () => {
    assert.equal(validatePanelAction({ kind: 'setInput', text: 'x'.repeat(1_000_000) }).ok, false);
    assert.deepEqual(validatePanelAction({ kind: 'format-disk' }), { ok: false, reason: 'unknown or malformed panel action "format-disk"' });
    assert.deepEqual(validatePanelAction(undefined), { ok: false, reason: 'unknown or malformed panel action undefined' });
    assert.deepEqual(validatePanelAction({ kind: 'chooseTarget', index: 2 }), { ok: true, value: { kind: 'chooseTarget', index: 2 } });
  });
});
