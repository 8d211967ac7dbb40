import * as assert from 'assert';
import * as vscode from 'vscode';

// Titles with [zh-cn] run only in the harness's Chinese pass (a browser whose language is zh-CN).
suite('Display language [zh-cn]', () => {
  test('the extension host runs in Simplified Chinese [zh-cn]', () => {
    assert.strictEqual(vscode.env.language.toLowerCase(), 'zh-cn');
  });

  test('the manifest is localised: command titles come from package.nls.zh-cn.json [zh-cn]', () => {
    const extension = vscode.extensions.getExtension('softmax-lens.softmax-lens');
    assert.ok(extension, 'the extension is not loaded');
    type Title = string | { value: string; original: string };
    const manifest = extension.packageJSON as { contributes: { commands: { command: string; title: Title; category: Title }[] } };
    const open = manifest.contributes.commands.find((c) => c.command === 'softmaxLens.openDerivationPanel');
    const text = (t: Title | undefined): string | undefined => (typeof t === 'object' ? t.value : t);
    assert.strictEqual(text(open?.title), '打开推导面板');
    const evaluate = manifest.contributes.commands.find((c) => c.command === 'softmaxLens.evaluateSelection');
    assert.strictEqual(text(evaluate?.title), '计算所选向量');
  });
});
