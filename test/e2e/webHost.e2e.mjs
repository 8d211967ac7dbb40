// The same extension in the web-worker extension host (what vscode.dev runs): the `browser` bundle,
// no Node APIs. The harness runs these scenarios in a window where VS Code is told to prefer that host.
import assert from 'node:assert/strict';

export const scenarios = [
  {
    name: 'the extension runs in the web worker extension host',
    host: 'web',
    async run(ui) {
      await ui.command('Developer: Show Running Extensions');
      const entry = ui.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'softmax-lens' }).first();
      await entry.waitFor({ state: 'visible', timeout: 20_000 });
      assert.match(await entry.innerText(), /web worker/i);
      await ui.page.keyboard.press('Control+W');
    },
  },
  {
    name: 'in the web worker host, a wrong step is flagged in the Problems panel',
    host: 'web',
    async run(ui) {
      await ui.open('cross-entropy-mistakes.md');
      await ui.page.keyboard.press('Control+Shift+M');
      const rows = ui.page.locator('.markers-panel .monaco-list-row', { hasText: /does not follow/ });
      await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
      await ui.screenshot('problems');
    },
  },
];
