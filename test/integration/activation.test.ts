import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandId, paletteCommands } from '../../src/extension/commandIds';

const extensionId = 'softmax-lens.softmax-lens';

suite('Activation', () => {
  test('the extension is present and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not loaded`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  test('every command in the command table is registered', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(CommandId).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, []);
  });

  test('the manifest contributes exactly the palette commands', () => {
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { commands: { command: string; category?: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(contributed, [...paletteCommands].sort());
    for (const c of manifest.contributes.commands) assert.strictEqual(c.category, 'Softmax', `${c.command} has no Softmax category`);
  });

  test('the workspace is the fixture folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    assert.ok(folders[0]?.uri.path.length, 'no workspace folder');
  });
});
