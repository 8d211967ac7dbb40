// What a user sees, driven through the real workbench UI. Each scenario names the screenshot it saves.
import assert from 'node:assert/strict';

export const scenarios = [
  {
    name: 'hovering a Python list shows its softmax, and the status bar follows the cursor',
    alsoWeb: true,
    async run(ui) {
      await ui.open('vectors.py');
      const hover = await ui.hover('[2.0, 1.0, 0.1]');
      await hover.getByText(/argmax/i).first().waitFor({ timeout: 10_000 });
      const text = await hover.innerText();
      assert.match(text, /0\.659/, `hover lacks p(0) = 0.659…: ${text}`);
      assert.match(text, /entropy|H\b/i);
      assert.ok(await hover.locator('img').count() > 0, 'the hover has no bar chart image');
      await ui.screenshot('hover-python');
      // Put the cursor on the vector: the status bar item appears.
      const box = await ui.textBox('[2.0, 1.0, 0.1]');
      await ui.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const item = ui.page.locator('.statusbar-item', { hasText: /p_max/ }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await item.innerText(), /0\.659/);
      // …and disappears on a line without a vector.
      await ui.goTo(1);
      await item.waitFor({ state: 'hidden', timeout: 10_000 });
    },
  },
  {
    name: 'Evaluate Selection from the command palette shows probabilities',
    async run(ui) {
      await ui.open('vectors.py');
      await ui.selectText('[1000.0, 1000.0, 999.0]');
      await ui.command('Softmax: Evaluate Selection');
      const toast = ui.page.locator('.notifications-toasts .notification-toast', { hasText: /argmax|p_max|0\.42/i }).first();
      await toast.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await toast.innerText(), /0\.42/); // softmax([1000,1000,999]) = [0.4223, 0.4223, 0.1554]
      await ui.page.waitForTimeout(800);
      await ui.screenshot('evaluate-selection');
    },
  },
  {
    name: 'the Problems panel lists the wrong steps of a note, and none of the correct note',
    async run(ui) {
      await ui.open('cross-entropy-mistakes.md');
      await ui.page.keyboard.press('Control+Shift+M');
      const rows = ui.page.locator('.markers-panel .monaco-list-row', { hasText: /does not follow/ });
      await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
      assert.ok((await rows.count()) >= 2, 'expected both deliberate mistakes in the Problems panel');
      await ui.screenshot('problems');
      await ui.open('softmax-jacobian.md');
      await ui.page.waitForTimeout(1500);
      const jacobianRows = ui.page.locator('.markers-panel .monaco-list-row', { hasText: 'softmax-jacobian.md' });
      assert.equal(await jacobianRows.count(), 0, 'a correct note got diagnostics');
    },
  },
  {
    name: 'the derivation panel typesets with KaTeX fonts, in light and dark themes, without CSP violations',
    alsoWeb: true,
    async run(ui) {
      await ui.open('softmax-jacobian.md');
      // Put the cursor on the note's example logits, then open the panel: it shows them.
      await ui.goTo(30, 26); // inside `[2.0, 1.0, 0.1]` on the note's last paragraph
      await ui.command('Softmax: Open Derivation Panel');
      const frame = await ui.webviewFrame(() => document.querySelectorAll('.katex').length > 5, 30_000);
      await frame.waitForFunction(() => document.fonts.status === 'loaded');
      const fonts = await frame.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')));
      assert.ok(fonts.includes('KaTeX_Main'), `KaTeX_Main not loaded; loaded: ${fonts.join(', ')}`);
      const katexCount = await frame.evaluate(() => document.querySelectorAll('.katex').length);
      assert.ok(katexCount > 10, `only ${katexCount} formulas rendered`);
      await ui.page.waitForTimeout(500);
      await ui.screenshot('panel-light');
      await ui.colorTheme('Dark Modern');
      assert.ok(await ui.page.locator('.monaco-workbench.vs-dark').count() === 1, 'the workbench did not switch to a dark theme');
      await ui.screenshot('panel-dark');
      await ui.colorTheme('Light Modern');
      const violations = ui.console.filter((m) => /Content Security Policy|Refused to (load|apply|execute)/i.test(m.text));
      assert.deepEqual(violations.map((v) => v.text), [], 'CSP violations in the console');
    },
  },
  {
    name: 'the derivation panel comes back after Developer: Reload Window, with the same vector',
    async run(ui) {
      await ui.open('softmax-jacobian.md');
      await ui.goTo(30, 26);
      await ui.command('Softmax: Open Derivation Panel');
      await ui.webviewFrame(() => document.querySelectorAll('.katex').length > 5 && document.body.innerText.includes('0.659'), 30_000);
      await ui.command('Developer: Reload Window');
      await ui.page.waitForTimeout(2000);
      await ui.ready();
      // The serializer revives the panel from its saved state: same logits, typeset again.
      const frame = await ui.webviewFrame(() => document.querySelectorAll('.katex').length > 5 && document.body.innerText.includes('0.659'), 45_000);
      const tabs = await ui.page.locator('.tab', { hasText: 'Softmax Lens' }).count();
      assert.equal(tabs, 1, 'expected exactly one derivation panel tab after the reload');
      assert.ok(await frame.evaluate(() => document.body.innerText.includes('softmax-jacobian.md')), 'the revived panel does not say which note it follows');
      await ui.screenshot('panel-after-reload');
    },
  },
];
