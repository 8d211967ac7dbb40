import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandId } from '../../src/extension/commandIds';
import type { VectorCommandResult } from '../../src/extension/vectors/commands';

const extensionId = 'softmax-lens.softmax-lens';

/** Reference softmax in plain double arithmetic (exact enough for these small, well-scaled logits). */
function referenceSoftmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

function assertClose(actual: readonly number[] | undefined, expected: readonly number[], tolerance = 1e-12): void {
  assert.ok(actual, 'missing values');
  assert.strictEqual(actual.length, expected.length);
  expected.forEach((x, i) => assert.ok(Math.abs((actual[i] ?? NaN) - x) <= tolerance, `[${i}] ${actual[i]} ≠ ${x}`));
}

async function openFixture(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'vectors', name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** The range of the `occurrence`-th match of `text` in the document. */
function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = document.getText().indexOf(text, at + 1);
  assert.ok(at >= 0, `${text} not in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(at), document.positionAt(at + text.length));
}

function run(command: string, args?: unknown): Thenable<VectorCommandResult | undefined> {
  return vscode.commands.executeCommand<VectorCommandResult | undefined>(command, ...(args === undefined ? [] : [args]));
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('Vectors: commands', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Evaluate Selection on a selected Python list: probabilities, side document', async () => {
    const editor = await openFixture('logits.py');
    const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
    editor.selection = new vscode.Selection(range.start, range.end);
    const result = await run(CommandId.EvaluateSelection);
    assert.ok(result, 'no result');
    assert.strictEqual(result.vectors.length, 1);
    const [vector] = result.vectors;
    assert.strictEqual(vector?.style, 'python');
    assert.deepStrictEqual(vector?.shape, [3]);
    const row = vector?.rows[0];
    assertClose(row?.softmax, referenceSoftmax([2, 1, 0.1]));
    assert.strictEqual(row?.argmax, 0);
    assert.ok(result.notification.includes('0: 0.659'), result.notification);
    assert.ok(result.markdown.includes('| **0** | 2 | **0.659** |'), result.markdown);
    await waitFor('the side document shows the report', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.languageId === 'markdown' && e.document.getText() === result.markdown),
    );
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'focus left the source editor');
  });

  test('with no selection, the vector under the cursor; with several selections, each', async () => {
    const editor = await openFixture('logits.py');
    const inList = rangeOf(editor.document, '1.0, 0.1').start;
    editor.selection = new vscode.Selection(inList, inList);
    const single = await run(CommandId.EvaluateSelection);
    assert.deepStrictEqual(single?.vectors.map((v) => v.rows[0]?.logits), [[2, 1, 0.1]]);

    const inTuple = rangeOf(editor.document, '3.0, -1.0').start;
    const batch = rangeOf(editor.document, 'np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])');
    editor.selections = [new vscode.Selection(inList, inList), new vscode.Selection(inTuple, inTuple), new vscode.Selection(batch.start, batch.end)];
    const several = await run(CommandId.EvaluateSelection);
    assert.ok(several);
    assert.deepStrictEqual(several.vectors.map((v) => [v.style, v.shape]), [['python', [3]], ['tuple', [4]], ['numpy', [2, 3]]]);
    const rows = several.vectors[2]?.rows ?? [];
    assertClose(rows[0]?.softmax, referenceSoftmax([1, 2, 3]));
    assertClose(rows[1]?.softmax, referenceSoftmax([3, 2, 1]));
  });

  test('a selection that is not a vector gives an error and selects the bad token', async () => {
    const editor = await openFixture('logits.py');
    const range = rangeOf(editor.document, '[1, 2, abc]');
    editor.selection = new vscode.Selection(range.start, range.end);
    const result = await run(CommandId.EvaluateSelection);
    assert.strictEqual(result, undefined);
    assert.strictEqual(editor.document.getText(editor.selection), 'abc');

    const index = rangeOf(editor.document, 'logits[1]').end;
    editor.selection = new vscode.Selection(index.translate(0, -2), index.translate(0, -2));
    assert.strictEqual(await run(CommandId.EvaluateSelection), undefined, 'an index a[i] is not a vector');
  });

  test('Jacobian of Selection: the 3×3 matrix', async () => {
    const editor = await openFixture('logits.py');
    const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
    editor.selection = new vscode.Selection(range.start, range.end);
    const result = await run(CommandId.JacobianOfSelection);
    const jacobian = result?.vectors[0]?.rows[0]?.jacobian;
    assert.ok(jacobian, 'no Jacobian');
    const s = referenceSoftmax([2, 1, 0.1]);
    s.forEach((si, i) => assertClose(jacobian[i], s.map((sj, j) => si * ((i === j ? 1 : 0) - sj)), 1e-12));
    assert.ok(result?.markdown.includes('∂s/∂z0'), result?.markdown);
  });

  test('Cross-Entropy Gradient: loss and gradient for a class, then remembered for the document', async () => {
    const editor = await openFixture('logits.py');
    const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
    editor.selection = new vscode.Selection(range.start, range.end);
    const s = referenceSoftmax([2, 1, 0.1]);
    const byIndex = await run(CommandId.CrossEntropyGradient, { target: 2 });
    const row = byIndex?.vectors[0]?.rows[0];
    assert.ok(row?.loss !== undefined && Math.abs(row.loss + Math.log(s[2] ?? NaN)) < 1e-12, `loss ${row?.loss}`);
    assertClose(row?.gradient, s.map((p, i) => p - (i === 2 ? 1 : 0)));

    // Without an argument the quick pick opens with the remembered class active; accept it.
    const pending = run(CommandId.CrossEntropyGradient);
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const remembered = await pending;
    assert.deepStrictEqual(remembered?.target, { kind: 'index', index: 2 });
  });

  test('Cross-Entropy Gradient with a soft target vector', async () => {
    const editor = await openFixture('logits.py');
    const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
    editor.selection = new vscode.Selection(range.start, range.end);
    const target = [0.1, 0.8, 0.1];
    const result = await run(CommandId.CrossEntropyGradient, { target });
    const s = referenceSoftmax([2, 1, 0.1]);
    const row = result?.vectors[0]?.rows[0];
    const loss = -target.reduce((sum, t, i) => sum + t * Math.log(s[i] ?? NaN), 0);
    assert.ok(row?.loss !== undefined && Math.abs(row.loss - loss) < 1e-12);
    assertClose(row?.gradient, s.map((p, i) => p - (target[i] ?? NaN)));
  });

  test('a soft target is remembered too, and defaultTarget "argmax" skips the question', async () => {
    const editor = await openFixture('logits.py');
    const range = rangeOf(editor.document, '(0.5, 0.5, 3.0, -1.0)');
    editor.selection = new vscode.Selection(range.start, range.end);
    await run(CommandId.CrossEntropyGradient, { target: [0.25, 0.25, 0.5, 0] });
    const pending = run(CommandId.CrossEntropyGradient);
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.deepStrictEqual((await pending)?.target, { kind: 'probabilities', values: [0.25, 0.25, 0.5, 0] });

    const config = vscode.workspace.getConfiguration('softmaxLens');
    await config.update('defaultTarget', 'argmax', vscode.ConfigurationTarget.Workspace);
    try {
      const result = await run(CommandId.CrossEntropyGradient);
      assert.deepStrictEqual(result?.target, { kind: 'index', index: 2 });
      const s = referenceSoftmax([0.5, 0.5, 3, -1]);
      assert.ok(Math.abs((result?.vectors[0]?.rows[0]?.loss ?? NaN) + Math.log(s[2] ?? NaN)) < 1e-12);
    } finally {
      await config.update('defaultTarget', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Insert below edits the document and undo restores it', async () => {
    const editor = await openFixture('logits.py');
    const original = editor.document.getText();
    const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
    editor.selection = new vscode.Selection(range.start, range.end);
    await run(CommandId.EvaluateSelection);
    const inserted = await vscode.commands.executeCommand<string | undefined>(CommandId.InsertResult);
    assert.ok(inserted?.includes('| class | logit | probability | log-probability |'), inserted);
    const lines = editor.document.getText().split('\n');
    const vectorLine = range.start.line;
    assert.strictEqual(lines[vectorLine + 2], '| class | logit | probability | log-probability |');
    assert.ok(editor.document.getText().includes(inserted ?? '\u0000'));
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original);
  });

  test('Insert below writes a LaTeX bmatrix when insertFormat is latex', async () => {
    const config = vscode.workspace.getConfiguration('softmaxLens');
    await config.update('insertFormat', 'latex', vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openFixture('notes.md');
      const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
      editor.selection = new vscode.Selection(range.start, range.end);
      await run(CommandId.EvaluateSelection);
      const inserted = await vscode.commands.executeCommand<string | undefined>(CommandId.InsertResult);
      assert.strictEqual(inserted, '$$\\operatorname{softmax}(z) = \\begin{bmatrix} 0.659 & 0.2424 & 0.09857 \\end{bmatrix}$$');
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('undo');
      assert.ok(!editor.document.getText().includes('bmatrix} 0.659'));
    } finally {
      await config.update('insertFormat', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Copy as JSON returns every number of the last result', async () => {
    const editor = await openFixture('notes.md');
    const range = rangeOf(editor.document, '\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}');
    editor.selection = new vscode.Selection(range.start, range.end);
    const result = await run(CommandId.EvaluateSelection);
    assert.strictEqual(result?.vectors[0]?.style, 'latex-bmatrix');
    const json = await vscode.commands.executeCommand<string | undefined>(CommandId.CopyResultAsJson);
    const parsed = JSON.parse(json ?? '{}') as { kind: string; vectors: { rows: { softmax: number[]; argmax: number }[] }[] };
    assert.strictEqual(parsed.kind, 'evaluate');
    assertClose(parsed.vectors[0]?.rows[0]?.softmax, referenceSoftmax([1, 2, 3]));
    assert.strictEqual(parsed.vectors[0]?.rows[0]?.argmax, 2);
  });

  test('a 1e6-element selection is evaluated (with a progress notification) and returns', async () => {
    const n = 1_000_000;
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 100);
    values[123_456] = 50;
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `[${values.join(', ')}]` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
    const result = await run(CommandId.EvaluateSelection);
    const row = result?.vectors[0]?.rows[0];
    assert.strictEqual(row?.softmax.length, n);
    assert.strictEqual(row?.argmax, 123_456);
    assert.ok(result?.markdown.includes('Top 20 of 1000000 classes'), result?.markdown.slice(0, 400));
  });
});

suite('Vectors: hover and status bar', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  test('hover on a vector in a markdown note: probabilities, chart, panel link', async () => {
    const editor = await openFixture('notes.md');
    const text = await hoverText(editor.document, rangeOf(editor.document, '1.0, 0.1').start);
    assert.ok(text.includes('softmax of 3 logits'), text);
    assert.ok(text.includes('| **0** | 2 | **0.659** |'), text);
    assert.ok(text.includes('entropy 0.8467'), text);
    assert.ok(text.includes('logSumExp 2.417'), text);
    assert.ok(/!\[softmax probabilities\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/.test(text), 'no SVG chart');
    const link = /\(command:softmaxLens\.openDerivationPanel\?([^)]+)\)/.exec(text);
    assert.ok(link?.[1], 'no panel link');
    const args = JSON.parse(decodeURIComponent(link[1])) as [{ logits: number[]; uri: string }];
    assert.deepStrictEqual(args[0].logits, [2, 1, 0.1]);
    assert.strictEqual(args[0].uri, editor.document.uri.toString());
  });

  test('hover on a LaTeX matrix and a PyTorch print-out in markdown', async () => {
    const editor = await openFixture('notes.md');
    assert.ok((await hoverText(editor.document, rangeOf(editor.document, '2 & 3').start)).includes('softmax of 3 logits'));
    assert.ok((await hoverText(editor.document, rangeOf(editor.document, '-1.0000').start)).includes('softmax of 2 logits'));
  });

  test('hover on a Python list and a NumPy batch', async () => {
    const editor = await openFixture('logits.py');
    const list = await hoverText(editor.document, rangeOf(editor.document, '[2.0, 1.0, 0.1]').start.translate(0, 2));
    assert.ok(list.includes('softmax of 3 logits'), list);
    const batch = await hoverText(editor.document, rangeOf(editor.document, 'np.array([[').start.translate(0, 3));
    assert.ok(batch.includes('softmax of a batch: 2 rows × 3 logits'), batch);
  });

  test('no hover on things that are not vectors', async () => {
    const md = await openFixture('notes.md');
    for (const marker of ['the docs', '[1]', 'Logits in a note']) {
      const text = await hoverText(md.document, rangeOf(md.document, marker).start.translate(0, 1));
      assert.ok(!text.includes('softmax of'), `${marker}: ${text}`);
    }
    const py = await openFixture('logits.py');
    const index = await hoverText(py.document, rangeOf(py.document, 'logits[1]').end.translate(0, -2));
    assert.ok(!index.includes('softmax of'), index);
  });

  test('hover respects softmaxLens.hover.enabled', async () => {
    const config = vscode.workspace.getConfiguration('softmaxLens');
    await config.update('hover.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openFixture('notes.md');
      const text = await hoverText(editor.document, rangeOf(editor.document, '1.0, 0.1').start);
      assert.ok(!text.includes('softmax of'), text);
    } finally {
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the status bar follows the cursor without errors and its text matches the command result', async () => {
    // The status bar item's text is not readable through the extension API; what is observable is
    // that moving the cursor over vectors and non-vectors works, and the numbers it would show.
    const editor = await openFixture('logits.py');
    for (const marker of ['1.0, 0.1', 'import', '3.0, -1.0', 'abc']) {
      const at = rangeOf(editor.document, marker).start;
      editor.selection = new vscode.Selection(at, at);
      await new Promise((r) => setTimeout(r, 200));
    }
    const at = rangeOf(editor.document, '1.0, 0.1').start;
    editor.selection = new vscode.Selection(at, at);
    const result = await run(CommandId.EvaluateSelection);
    const row = result?.vectors[0]?.rows[0];
    assert.ok(row);
    assert.strictEqual(`softmax: p_max ${(row.softmax[row.argmax] ?? NaN).toFixed(3)} @ ${row.argmax} · H ${row.entropy.toFixed(2)}`, 'softmax: p_max 0.659 @ 0 · H 0.85');
  });
});

suite('Vectors in Simplified Chinese [zh-cn]', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  test('the report and the hover are in Chinese [zh-cn]', async () => {
    const editor = await openFixture('notes.md');
    const range = rangeOf(editor.document, '[2.0, 1.0, 0.1]');
    editor.selection = new vscode.Selection(range.start, range.end);
    const result = await run(CommandId.EvaluateSelection);
    assert.ok(result?.markdown.startsWith('# 所选向量的 softmax'), result?.markdown.slice(0, 200));
    assert.ok(result?.markdown.includes('| 类别 | logit | 概率 | 对数概率 |'), result?.markdown);
    const hover = await hoverText(editor.document, range.start.translate(0, 2));
    assert.ok(hover.includes('3 个 logit 的 softmax'), hover);
    assert.ok(hover.includes('在推导面板中打开'), hover);
  });
});
