import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandId } from '../../src/extension/commandIds';

// The per-block marks above math blocks ("✓ 2 steps hold"), as the user sees them: the CodeLens
// titles the workbench gets from the providers, their tooltips, and what a click does.

const extensionId = 'softmax-lens.softmax-lens';

async function openSteps(): Promise<vscode.TextEditor> {
  await vscode.extensions.getExtension(extensionId)?.activate();
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'checker', 'steps.md'));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/** This extension's lenses (resolved), in document order. */
async function stepLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command?.command === CommandId.ShowCheckedSteps).sort((a, b) => a.range.start.line - b.range.start.line);
}

const describe = (lenses: readonly vscode.CodeLens[]): string[] => lenses.map((l) => `${l.range.start.line}: ${l.command?.title ?? ''}`);

/** Asks for the lenses until `expected` (line: title, in order) is what they say; fails with the last answer. */
async function waitForLenses(uri: vscode.Uri, expected: string[], timeoutMs = 15_000): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lenses = await stepLenses(uri);
    if (JSON.stringify(describe(lenses)) === JSON.stringify(expected)) return lenses;
    if (Date.now() > deadline) assert.deepStrictEqual(describe(lenses), expected, 'the lenses never said what was expected');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** 0-based line of the `$$` that opens the math block whose first step line contains `needle`. */
function blockLine(document: vscode.TextDocument, needle: string): number {
  const lines = document.getText().split(/\r?\n/);
  let at = lines.findIndex((l) => l.includes(needle));
  assert.ok(at >= 0, `'${needle}' is not in the note`);
  while (at >= 0 && lines[at]?.trim() !== '$$') at--;
  assert.ok(at >= 0, `no $$ above '${needle}'`);
  return at;
}

interface Blocks {
  holds: number;
  fails: number;
  mixed: number;
  unread: number;
}

function blocks(document: vscode.TextDocument): Blocks {
  return {
    holds: blockLine(document, '\\sigma(x) - \\sigma(x)^2'),
    fails: blockLine(document, '(1+\\sigma(x))'),
    mixed: blockLine(document, '\\begin{aligned}'),
    unread: blockLine(document, '\\frac{d}{dx} f(x) = g(x)'),
  };
}

async function restore(editor: vscode.TextEditor, text: string): Promise<void> {
  if (editor.document.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
}

suite('What was checked: a mark above each math block', () => {
  test('each block with steps gets its verdicts, a failing block says so first; no lens without steps', async () => {
    const editor = await openSteps();
    const b = blocks(editor.document);
    const lenses = await waitForLenses(editor.document.uri, [
      `${b.holds}: ✓ 2 steps hold`,
      `${b.fails}: ✗ 1 step fails · 1 holds`,
      `${b.mixed}: ✓ 1 step holds · 1 not read`,
      `${b.unread}: ? 1 step not read`,
    ]);
    const tooltip = (line: number): string => {
      const lens = lenses.find((l) => l.range.start.line === line);
      const t = lens?.command?.tooltip;
      return typeof t === 'string' ? t : '';
    };
    const unreadLine = editor.document.getText().split('\n').findIndex((l) => l.startsWith('\\frac{d}{dx} f(x) &= g(x)'));
    assert.match(tooltip(b.mixed), new RegExp(`^Not read:\\nLine ${unreadLine + 1}: \\S`));
    assert.strictEqual(tooltip(b.holds), 'Click to list the checked steps');
  });

  test('the marks follow edits: fixing the sign flip turns ✗ into ✓', async () => {
    const editor = await openSteps();
    const original = editor.document.getText();
    try {
      const b = blocks(editor.document);
      await waitForLenses(editor.document.uri, [`${b.holds}: ✓ 2 steps hold`, `${b.fails}: ✗ 1 step fails · 1 holds`, `${b.mixed}: ✓ 1 step holds · 1 not read`, `${b.unread}: ? 1 step not read`]);
      const at = original.indexOf('(1+\\sigma(x))');
      await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 3)), '(1-'));
      await waitForLenses(editor.document.uri, [`${b.holds}: ✓ 2 steps hold`, `${b.fails}: ✓ 2 steps hold`, `${b.mixed}: ✓ 1 step holds · 1 not read`, `${b.unread}: ? 1 step not read`]);
    } finally {
      await restore(editor, original);
    }
  });

  test('clicking a lens lists the block\'s steps, unread first; picking one reveals it', async () => {
    const editor = await openSteps();
    const b = blocks(editor.document);
    const lenses = await waitForLenses(editor.document.uri, [`${b.holds}: ✓ 2 steps hold`, `${b.fails}: ✗ 1 step fails · 1 holds`, `${b.mixed}: ✓ 1 step holds · 1 not read`, `${b.unread}: ? 1 step not read`]);
    const mixed = lenses[2]?.command;
    assert.ok(mixed);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    let picked: number | undefined | null = null;
    const shown = vscode.commands.executeCommand<number | undefined>(mixed.command, ...(mixed.arguments ?? [])).then((offset) => {
      picked = offset;
    });
    // The list opens a moment after the command starts; accept its first item once it is there.
    const deadline = Date.now() + 10_000;
    while (picked === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 150));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await shown;
    const text = editor.document.getText();
    assert.strictEqual(picked, text.indexOf('g(x)'), 'the first item is the step that was not read');
    const active = vscode.window.activeTextEditor;
    assert.strictEqual(active?.document.uri.toString(), editor.document.uri.toString());
    assert.strictEqual(active?.document.getText(active.selection), 'g(x)');
  });

  test('the click command accepts only a block a lens offered, at the current version', async () => {
    const editor = await openSteps();
    const b = blocks(editor.document);
    const lenses = await waitForLenses(editor.document.uri, [`${b.holds}: ✓ 2 steps hold`, `${b.fails}: ✗ 1 step fails · 1 holds`, `${b.mixed}: ✓ 1 step holds · 1 not read`, `${b.unread}: ? 1 step not read`]);
    const offered = lenses[0]?.command?.arguments?.[0] as { uri: string; version: number; blockOffset: number };
    assert.ok(offered && typeof offered.blockOffset === 'number');
    // Each of these would open a list (and never resolve) if it were accepted.
    for (const args of [undefined, 'x', { ...offered, blockOffset: offered.blockOffset + 1 }, { ...offered, version: offered.version - 1 }, { ...offered, uri: 'file:///elsewhere.md' }]) {
      assert.strictEqual(await vscode.commands.executeCommand(CommandId.ShowCheckedSteps, args), undefined, JSON.stringify(args));
    }
  });

  test('softmaxLens.checker.codeLens = false removes the marks; true brings them back', async () => {
    const editor = await openSteps();
    const b = blocks(editor.document);
    const all = [`${b.holds}: ✓ 2 steps hold`, `${b.fails}: ✗ 1 step fails · 1 holds`, `${b.mixed}: ✓ 1 step holds · 1 not read`, `${b.unread}: ? 1 step not read`];
    await waitForLenses(editor.document.uri, all);
    const config = vscode.workspace.getConfiguration('softmaxLens');
    try {
      await config.update('checker.codeLens', false, vscode.ConfigurationTarget.Global);
      await waitForLenses(editor.document.uri, []);
    } finally {
      await config.update('checker.codeLens', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForLenses(editor.document.uri, all);
  });
});

suite('What was checked, in Chinese [zh-cn]', () => {
  test('the marks are translated [zh-cn]', async () => {
    const editor = await openSteps();
    const b = blocks(editor.document);
    await waitForLenses(editor.document.uri, [`${b.holds}: ✓ 2 步成立`, `${b.fails}: ✗ 1 步不成立 · 1 步成立`, `${b.mixed}: ✓ 1 步成立 · 1 步未能解读`, `${b.unread}: ? 1 步未能解读`]);
  });
});
