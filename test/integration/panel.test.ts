import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandId } from '../../src/extension/commandIds';
import type { PanelSnapshot } from '../../src/extension/panel/derivationPanel';
import type { OpenPanelArgs } from '../../src/extension/panelArgs';
import { softmax } from '../../src/core/numeric/index';
import { toWire } from '../../src/core/panel/protocol';

const extensionId = 'softmax-lens.softmax-lens';

function snapshot(): Thenable<PanelSnapshot> {
  return vscode.commands.executeCommand<PanelSnapshot>(CommandId.PanelState);
}

/** Polls the panel until `predicate` holds; fails with the last snapshot when it never does. */
async function waitForPanel(what: string, predicate: (s: PanelSnapshot) => boolean, timeoutMs = 15_000): Promise<PanelSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = await snapshot();
  while (!predicate(last)) {
    if (Date.now() > deadline) assert.fail(`panel never reached: ${what}\nlast: ${JSON.stringify({ ...last, state: last.state && { ...last.state, logits: last.state.logits?.slice(0, 8) } })}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await snapshot();
  }
  return last;
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openNote(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'panel', 'note.md'));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

function lineOf(editor: vscode.TextEditor, needle: string): number {
  const line = editor.document.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} is not in the note`);
  return line;
}

function placeCursor(editor: vscode.TextEditor, line: number, character: number): void {
  const p = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(p, p);
}

const allSections = ['input', 'softmax', 'softmax-derivative', 'softmax-derivative-numbers', 'jacobian', 'cross-entropy', 'cross-entropy-numbers', 'gradient-check'];

suite('Derivation panel', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens from the palette command with the vector under the cursor, typeset by KaTeX', async () => {
    const editor = await openNote();
    placeCursor(editor, lineOf(editor, 'a = ['), 8);
    await vscode.commands.executeCommand(CommandId.OpenDerivationPanel);
    const s = await waitForPanel('three logits rendered', (p) => p.open && p.rendered?.n === 3);
    assert.deepStrictEqual(s.state?.logits, [2, 1, 0.1]);
    assert.strictEqual(s.state?.origin, 'editor');
    assert.match(s.state?.sourceLabel ?? '', /^note\.md:\d+$/);
    assert.deepStrictEqual(s.rendered?.sectionIds, allSections);
    assert.ok((s.rendered?.katexCount ?? 0) > 25, `only ${s.rendered?.katexCount} KaTeX formulas`);
    assert.strictEqual(s.rendered?.katexErrors, 0);
    assert.strictEqual(s.rendered?.error, null);
    assert.strictEqual(s.state?.locale, vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en');
    // The editor keeps the focus: the panel opened beside it.
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });

  test('follows the cursor onto another vector', async () => {
    const editor = await openNote();
    await waitForPanel('panel open', (p) => p.open && p.ready);
    placeCursor(editor, lineOf(editor, 'b = ['), 10);
    const s = await waitForPanel('four logits rendered', (p) => p.rendered?.n === 4);
    assert.deepStrictEqual(s.state?.logits, [1000, 1000, 999, 998]);
    assert.ok(Number.isFinite(s.rendered?.loss ?? NaN), 'overflow-prone logits give a finite loss');
    placeCursor(editor, lineOf(editor, 'a = ['), 6);
    await waitForPanel('back to three logits', (p) => p.rendered?.n === 3);
  });

  test('choosing the target class changes the loss and the gradient', async () => {
    const editor = await openNote();
    placeCursor(editor, lineOf(editor, 'a = ['), 8);
    const before = await waitForPanel('three logits', (p) => p.rendered?.n === 3);
    const y = softmax([2, 1, 0.1]);
    assert.ok(y.ok);
    const y0 = y.value[0] ?? NaN;
    const y2 = y.value[2] ?? NaN;
    assert.strictEqual(before.rendered?.targetIndex, 0, 'the default target is the argmax');
    assert.ok(Math.abs((before.rendered?.loss ?? NaN) + Math.log(y0)) < 1e-12);
    const count = before.renderCount;
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.PanelAction, { kind: 'chooseTarget', index: 2 }), true);
    const after = await waitForPanel('target 2', (p) => p.renderCount > count && p.rendered?.targetIndex === 2);
    assert.ok(Math.abs((after.rendered?.loss ?? NaN) + Math.log(y2)) < 1e-12, `loss ${after.rendered?.loss}`);
    assert.ok(Math.abs((after.rendered?.gradient[2] ?? NaN) - (y2 - 1)) < 1e-12);
    assert.ok(Math.abs((after.rendered?.gradient[0] ?? NaN) - y0) < 1e-12);
    assert.deepStrictEqual(after.state?.options.target, { kind: 'index', index: 2 });
    assert.ok((after.rendered?.maxGradientDifference ?? 1) < 1e-8);
  });

  test('insert into note edits the document at the cursor, and undo restores it', async () => {
    const editor = await openNote();
    const original = editor.document.getText();
    placeCursor(editor, lineOf(editor, 'a = ['), 8);
    await waitForPanel('three logits', (p) => p.rendered?.n === 3);
    const end = editor.document.lineCount - 1;
    placeCursor(editor, end, 0);
    const inserts = (await snapshot()).insertCount;
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.PanelAction, { kind: 'insert', stepId: 'softmax-derivative.together' }), true);
    await waitFor('the note changed', () => editor.document.getText() !== original);
    const text = editor.document.getText();
    assert.ok(text.startsWith(original), 'inserted at the cursor at the end of the note');
    assert.match(text.slice(original.length), /^\$\$\n\\frac\{\\partial s_i\}\{\\partial a_j\} = s_i \(\\delta_\{ij\} - s_j\)/);
    assert.strictEqual((await snapshot()).insertCount, inserts + 1);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restored the note', () => editor.document.getText() === original);
  });

  test('opens from the markdown editor title button (the command gets the note’s URI)', async () => {
    const editor = await openNote();
    placeCursor(editor, lineOf(editor, 'b = ['), 6);
    await waitForPanel('four logits', (p) => p.rendered?.n === 4);
    placeCursor(editor, lineOf(editor, 'a = ['), 6);
    await vscode.commands.executeCommand(CommandId.OpenDerivationPanel, editor.document.uri);
    const s = await waitForPanel('three logits', (p) => p.rendered?.n === 3 && p.state?.origin === 'editor');
    assert.strictEqual(s.state?.sourceUri, editor.document.uri.toString());
  });

  test('opens with arguments as a hover link does, and shows a flagged step of the note', async () => {
    const editor = await openNote();
    const args: OpenPanelArgs = { logits: [0.5, -1, 3, 0, 2], uri: editor.document.uri.toString() };
    await vscode.commands.executeCommand(CommandId.OpenDerivationPanel, args);
    const s = await waitForPanel('five logits', (p) => p.rendered?.n === 5);
    assert.strictEqual(s.state?.origin, 'args');
    assert.ok(!s.rendered?.sectionIds.includes('your-note'));

    const withStep: OpenPanelArgs = {
      uri: editor.document.uri.toString(),
      step: {
        flaggedLatex: '= \\frac{1 - e^{a_i}}{\\sum_j e^{a_j}} \\cdot \\frac{e^{a_i}}{\\sum_j e^{a_j}}',
        previousLatex: '= \\frac{(1 - e^{a_i}) \\cdot e^{a_i}}{(\\sum_j e^{a_j})^2}',
        correctLatex: 's_i (1 - s_i)',
        message: 'This step does not follow from the previous one',
        line: 4,
        counterexample: { logits: [0.3, -0.2, 1.1], indices: { i: 0 }, previousValue: 0.1, flaggedValue: 0.25 },
      },
    };
    await vscode.commands.executeCommand(CommandId.OpenDerivationPanel, withStep);
    const n = await waitForPanel('the note section', (p) => p.rendered?.sectionIds[0] === 'your-note');
    assert.strictEqual(n.rendered?.n, 3, 'without logits the counterexample’s are shown');
    assert.ok(n.rendered?.stepIds.includes('your-note.flagged'));
    assert.ok(n.rendered?.stepIds.includes('your-note.correct'));
    assert.strictEqual(n.rendered?.katexErrors, 0);
  });

  test('forged panel messages (digits NaN, temperature −5, smoothing 7, a 10⁶-character insert, an unknown type) are refused with a reason; nothing changes', async () => {
    const editor = await openNote();
    const original = editor.document.getText();
    // The cursor off any vector, and the panel's follow delay past, so only this test changes the panel.
    placeCursor(editor, 0, 0);
    await new Promise((r) => setTimeout(r, 400));
    await vscode.commands.executeCommand(CommandId.OpenDerivationPanel, { logits: [3, 1, -2] });
    const before = await waitForPanel('three logits', (p) => p.ready && p.rendered?.n === 3 && p.state?.logits?.[0] === 3);
    assert.ok(before.state);
    const state = before.state;
    const forge = async (message: unknown, reason: RegExp, what: string): Promise<void> => {
      const count = (await snapshot()).refusedCount;
      assert.strictEqual(await vscode.commands.executeCommand(CommandId.SimulatePanelMessage, message), true, `${what}: the panel is open`);
      const after = await snapshot();
      assert.strictEqual(after.refusedCount, count + 1, `${what} was refused`);
      assert.match(after.lastRefusal ?? '', reason, what);
      assert.deepStrictEqual(after.state, state, `${what} did not change the panel's state`);
    };
    await forge({ type: 'stateChanged', state: toWire({ ...state, digits: NaN }) }, /^digits must be an integer from 1 to 17, got NaN$/, 'digits NaN');
    await forge({ type: 'stateChanged', state: toWire({ ...state, digits: 1e9 }) }, /got 1000000000$/, 'digits 1e9');
    await forge({ type: 'stateChanged', state: toWire({ ...state, options: { ...state.options, temperature: -5 } }) }, /^the temperature must be a finite number greater than 0, got -5$/, 'temperature −5');
    await forge({ type: 'stateChanged', state: toWire({ ...state, options: { ...state.options, labelSmoothing: 7 } }) }, /^label smoothing must be .* got 7$/, 'smoothing 7');
    await forge({ type: 'insert', text: 'x'.repeat(1_000_000) }, /^the text to insert is 1000000 characters long/, 'a 10⁶-character insert');
    await forge({ type: 'runShell', command: 'rm -rf /' }, /^unknown panel message type "runShell"$/, 'an unknown type');
    assert.strictEqual(editor.document.getText(), original, 'nothing was inserted into the note');
    assert.strictEqual((await snapshot()).insertCount, before.insertCount);

    // The same channel takes a valid message: the refusals above are the checks, not a dead end.
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.SimulatePanelMessage, { type: 'stateChanged', state: toWire({ ...state, digits: 6 }) }), true);
    assert.strictEqual((await snapshot()).state?.digits, 6);
    await vscode.commands.executeCommand(CommandId.SimulatePanelMessage, { type: 'stateChanged', state: toWire(state) });

    // The internal action command checks the same ranges before the panel ever sees the action.
    const renders = (await snapshot()).renderCount;
    const refusedBefore = (await snapshot()).refusedCount;
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.PanelAction, { kind: 'setTemperature', value: -5 }), false);
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.PanelAction, { kind: 'setLabelSmoothing', value: 7 }), false);
    const refusedActions = await snapshot();
    assert.strictEqual(refusedActions.refusedCount, refusedBefore + 2);
    assert.match(refusedActions.lastRefusal ?? '', /^label smoothing must be .* got 7$/);
    // A valid action after them is rendered; the refused ones never were.
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.PanelAction, { kind: 'setTemperature', value: 2 }), true);
    const rendered = await waitForPanel('temperature 2', (p) => p.renderCount > renders && p.state?.options.temperature === 2);
    assert.strictEqual(rendered.state?.options.labelSmoothing, state.options.labelSmoothing);
    assert.strictEqual(rendered.rendered?.error, null);
    assert.strictEqual(await vscode.commands.executeCommand(CommandId.PanelAction, { kind: 'setTemperature', value: state.options.temperature }), true);
    await waitForPanel('temperature back', (p) => p.state?.options.temperature === state.options.temperature);
  });

  test('10⁵ logits render with summaries and a downsampled heatmap', async () => {
    const logits = Array.from({ length: 100_000 }, (_, k) => Math.sin(k * 0.37) * 5);
    await vscode.commands.executeCommand(CommandId.OpenDerivationPanel, { logits });
    const s = await waitForPanel('10⁵ logits', (p) => p.rendered?.n === 100_000, 60_000);
    assert.strictEqual(s.rendered?.heatmapDownsampled, true);
    assert.strictEqual(s.rendered?.heatmapSize, 256);
    assert.strictEqual(s.rendered?.error, null);
  });
});
