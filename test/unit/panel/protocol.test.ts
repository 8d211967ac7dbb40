import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  initialPanelState,
  maxTextLength,
  parseFromWebview,
  parseNoteStep,
  parsePanelAction,
  parsePanelState,
  parseToWebview,
  toWire,
  type FromWebview,
  type PanelState,
  type RenderSummary,
} from '../../../src/core/panel/protocol';

const state: PanelState = {
  ...initialPanelState('zh-cn', 1.5, 6, 'latex'),
  logits: [2, 1, 0.1, -Infinity],
  origin: 'editor',
  sourceLabel: 'note.md:12',
  sourceUri: 'file:///tmp/note.md',
  options: { temperature: 1.5, labelSmoothing: 0.1, entry: { i: 0, j: 2 }, target: { kind: 'index', index: 1 } },
  step: {
    flaggedLatex: '= (1 - s_i)',
    previousLatex: '= x',
    message: 'This step does not follow from the previous one',
    line: 3,
    counterexample: { logits: [0, 1], indices: { i: 0 }, previousValue: 0.2, flaggedValue: 0.8 },
  },
};

const summary: RenderSummary = {
  n: 4,
  sectionIds: ['input', 'softmax'],
  stepIds: ['input.summary'],
  katexCount: 12,
  katexErrors: 0,
  entry: { i: 0, j: 2 },
  targetIndex: 1,
  loss: 0.42,
  gradient: [0.1, -0.2],
  maxGradientDifference: 1e-11,
  heatmapSize: 4,
  heatmapDownsampled: false,
  error: null,
  firstPaintMs: 1.5,
  renderMs: 3.5,
};

describe('parseFromWebview', () => {
  test('accepts every well-formed message unchanged', () => {
    const messages: FromWebview[] = [
      { type: 'ready' },
      { type: 'stateChanged', state },
      { type: 'rendered', summary },
      { type: 'insert', text: '$$\nx\n$$\n' },
      { type: 'copy', text: 's_i' },
    ];
    for (const m of messages) {
      // Through JSON, as postMessage and setState do; toWire keeps −∞ (a masked logit) intact.
      const plain = JSON.parse(JSON.stringify(toWire(m))) as unknown;
      assert.deepEqual(parseFromWebview(plain), m);
    }
    assert.deepEqual(parseFromWebview({ type: 'stateChanged', state }), { type: 'stateChanged', state });
    assert.deepEqual(parseFromWebview({ type: 'rendered', summary }), { type: 'rendered', summary });
  });

  test('rejects unknown types, wrong shapes and oversized text', () => {
    const bad: unknown[] = [
      null,
      42,
      'ready',
      [],
      { type: 'nope' },
      { type: 'insert' },
      { type: 'insert', text: '' },
      { type: 'insert', text: 'x'.repeat(maxTextLength + 1) },
      { type: 'copy', text: 7 },
      { type: 'stateChanged', state: { ...state, version: 2 } },
      { type: 'stateChanged', state: { ...state, logits: [1, '2'] } },
      { type: 'stateChanged', state: { ...state, locale: 'fr' } },
      { type: 'stateChanged', state: { ...state, options: { ...state.options, target: { kind: 'index', index: 1.5 } } } },
      { type: 'stateChanged', state: { ...state, options: { ...state.options, entry: { i: -1, j: 0 } } } },
      { type: 'stateChanged', state: { ...state, step: { ...state.step, line: 'x' } } },
      { type: 'rendered', summary: { ...summary, gradient: new Array(65).fill(0) } },
      { type: 'rendered', summary: { ...summary, sectionIds: [1] } },
      { type: 'rendered', summary: { ...summary, loss: '0.4' } },
    ];
    for (const m of bad) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m)?.slice(0, 80));
  });

  test('drops unknown extra fields instead of passing them on', () => {
    const parsed = parseFromWebview({ type: 'copy', text: 'x', evil: '<script>' });
    assert.deepEqual(parsed, { type: 'copy', text: 'x' });
  });
});

describe('parsePanelState', () => {
  test('round-trips the initial state and a full one', () => {
    const initial = initialPanelState('en');
    assert.deepEqual(parsePanelState(JSON.parse(JSON.stringify(initial))), initial);
    assert.deepEqual(parsePanelState(state), state);
  });
  test('rejects restored garbage', () => {
    assert.equal(parsePanelState(undefined), undefined);
    assert.equal(parsePanelState({}), undefined);
    assert.equal(parsePanelState({ ...state, origin: 'elsewhere' }), undefined);
    assert.equal(parsePanelState({ ...state, insertFormat: 'html' }), undefined);
  });
});

describe('toWire', () => {
  test('spells non-finite numbers so JSON keeps them, and the parsers read them back', () => {
    const wire = toWire({ type: 'source', logits: new Float64Array([1, -Infinity, Infinity, NaN]), sourceLabel: 'a.md:1', sourceUri: 'file:///a.md' });
    assert.deepEqual(wire, { type: 'source', logits: [1, '-Infinity', 'Infinity', 'NaN'], sourceLabel: 'a.md:1', sourceUri: 'file:///a.md' });
    const back = parseToWebview(JSON.parse(JSON.stringify(wire)));
    assert.ok(back?.type === 'source');
    assert.deepEqual(back.logits.slice(0, 3), [1, -Infinity, Infinity]);
    assert.ok(Number.isNaN(back.logits[3]));
    assert.equal(parseToWebview({ type: 'source', logits: [1, 'Inf'], sourceLabel: '', sourceUri: '' }), undefined);
    assert.equal(parseToWebview({ type: 'state', state: { version: 1 } }), undefined);
    assert.deepEqual(parseToWebview({ type: 'action', action: { kind: 'chooseTarget', index: 2 } }), { type: 'action', action: { kind: 'chooseTarget', index: 2 } });
  });
});

describe('parsePanelAction', () => {
  test('accepts the actions and normalises a missing stepId to null', () => {
    assert.deepEqual(parsePanelAction({ kind: 'chooseTarget', index: 3 }), { kind: 'chooseTarget', index: 3 });
    assert.deepEqual(parsePanelAction({ kind: 'chooseEntry', i: 0, j: 2 }), { kind: 'chooseEntry', i: 0, j: 2 });
    assert.deepEqual(parsePanelAction({ kind: 'insert' }), { kind: 'insert', stepId: null });
    assert.deepEqual(parsePanelAction({ kind: 'copy', stepId: 'softmax.definition' }), { kind: 'copy', stepId: 'softmax.definition' });
    assert.deepEqual(parsePanelAction({ kind: 'setTemperature', value: 2 }), { kind: 'setTemperature', value: 2 });
    assert.deepEqual(parsePanelAction({ kind: 'chooseSoftTarget', values: [0.5, 0.5] }), { kind: 'chooseSoftTarget', values: [0.5, 0.5] });
  });
  test('rejects malformed actions', () => {
    for (const a of [undefined, { kind: 'chooseTarget', index: -2 }, { kind: 'chooseEntry', i: 0 }, { kind: 'setInput', text: 5 }, { kind: 'chooseSoftTarget', values: [] }, { kind: 'chooseSoftTarget', values: ['x'] }, { kind: 'explode' }]) {
      assert.equal(parsePanelAction(a), undefined, JSON.stringify(a));
    }
  });
});

describe('parseNoteStep (a flagged step arriving from a code action)', () => {
  const base = {
    flaggedLatex: 's_i + s_i^2',
    previousLatex: 's_i(1 - s_i)',
    message: 'This step does not follow from the previous one',
    line: 4,
    counterexample: { logits: [0.5, -1, 2], indices: { i: 2 }, previousValue: 0.1, flaggedValue: -0.4 },
  };

  test('keeps the note’s vector name when it is a letter or a LaTeX command', () => {
    assert.equal(parseNoteStep({ ...base, counterexample: { ...base.counterexample, vector: 'z' } })?.counterexample?.vector, 'z');
    assert.equal(parseNoteStep({ ...base, counterexample: { ...base.counterexample, vector: '\\theta' } })?.counterexample?.vector, '\\theta');
  });

  test('drops any other vector name instead of showing it, and keeps the rest of the step', () => {
    const parsed = parseNoteStep({ ...base, counterexample: { ...base.counterexample, vector: '<img src=x>' } });
    assert.ok(parsed);
    assert.equal(parsed.counterexample?.vector, undefined);
    assert.deepEqual(parsed.counterexample?.logits, [0.5, -1, 2]);
  });
});
