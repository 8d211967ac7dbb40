// A small page object for VS Code's web workbench: what a person does with keyboard and mouse,
// expressed once so the scenarios read like the steps a user takes.
import { join } from 'node:path';

export class Workbench {
  constructor(page, screenshotDir, screenshotPrefix = '') {
    this.page = page;
    this.screenshotDir = screenshotDir;
    this.screenshotPrefix = screenshotPrefix;
    /** Console messages of every frame (the workbench and the webviews), for CSP checks. */
    this.console = [];
    page.on('console', (m) => this.console.push({ type: m.type(), text: m.text() }));
  }

  async ready() {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    // The development extension host is up when the title says so.
    await this.page.waitForFunction(() => document.title.includes('Extension Development Host'), undefined, { timeout: 60_000 });
    await this.page.waitForTimeout(1500);
  }

  async screenshot(name) {
    const path = join(this.screenshotDir, `${this.screenshotPrefix}${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async reset() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  /** Runs a command by typing its title into the command palette. */
  async command(title) {
    await this.reset();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    // Click the row whose label is exactly the title (Enter would take the best match, which may be another).
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
  }

  /** Opens a file of the workspace by clicking it in the Explorer. */
  async open(fileName) {
    await this.reset();
    await this.page.keyboard.press('Control+Shift+E');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.dblclick();
    await this.page.locator(`.tab.active[aria-label*="${fileName}"]`).waitFor({ timeout: 10_000 });
    await this.page.locator('.editor-instance .view-lines').first().waitFor();
    await this.page.waitForTimeout(500);
  }

  /** The rendered editor line that contains `text` (Monaco renders spaces as U+00A0). */
  line(text) {
    return this.page.locator('.editor-instance .view-line', { hasText: text.replace(/ /g, '\u00a0') }).first();
  }

  /** Moves the cursor to line `n` (1-based), column `c`, with Go to Line. */
  async goTo(n, c = 1) {
    await this.reset();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${n}:${c}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForTimeout(200);
  }

  /** Selects `text` on the rendered line that contains it, by mouse: click before it, shift-click after it. */
  async selectText(text) {
    const box = await this.textBox(text);
    await this.page.mouse.click(box.x + 1, box.y + box.height / 2);
    await this.page.keyboard.down('Shift');
    await this.page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
    await this.page.keyboard.up('Shift');
    await this.page.waitForTimeout(200);
  }

  /** The on-screen box of `text` inside the editor (measured with a DOM Range over the line's text). */
  async textBox(text) {
    const line = this.line(text);
    await line.waitFor({ timeout: 10_000 });
    const box = await line.evaluate((element, needle) => {
      const target = needle.replace(/ /g, '\u00a0');
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, start: all.length });
        all += n.textContent;
      }
      const at = all.indexOf(target);
      if (at < 0) return null;
      const locate = (offset) => {
        const hit = nodes.findLast((x) => x.start <= offset);
        return [hit.node, Math.min(offset - hit.start, hit.node.textContent.length)];
      };
      const range = document.createRange();
      range.setStart(...locate(at));
      range.setEnd(...locate(at + target.length));
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }, text);
    if (!box) throw new Error(`text not on screen: ${text}`);
    return box;
  }

  /**
   * Hovers `text` until a hover appears. The first hover of a file can come before the extension has
   * activated for its language, and the editor asks again only when the mouse moves: so move again.
   */
  async hover(text, timeout = 20_000) {
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    const deadline = Date.now() + timeout;
    for (;;) {
      const box = await this.textBox(text);
      await this.page.mouse.move(box.x + box.width / 2, box.y - 40);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      try {
        await hover.waitFor({ state: 'visible', timeout: 3000 });
        return hover;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
  }

  /** Switches the colour theme through its picker, like a person (Preferences: Color Theme). */
  async colorTheme(label) {
    await this.command('Preferences: Color Theme');
    const input = this.page.locator('.quick-input-widget input');
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: /Light Modern|Dark Modern/ }).first().waitFor({ timeout: 10_000 });
    await input.fill(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    // Enter accepts the highlighted theme. (A click only previews it, and the picker reverts the theme
    // when it loses focus, e.g. to a webview that re-renders.)
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    // The theme class flips first; the colours follow a moment later. Wait for the editor itself.
    const dark = /dark|high contrast$/i.test(label);
    const settled = (wantDark) => {
      const background = document.querySelector('.monaco-editor-background');
      const rgb = background && getComputedStyle(background).backgroundColor.match(/\d+/g);
      if (!rgb) return false;
      const luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
      return wantDark ? luminance < 0.3 : luminance > 0.7;
    };
    await this.page.waitForFunction(settled, dark, { timeout: 15_000 });
    await this.page.waitForTimeout(1500);
    if (!(await this.page.evaluate(settled, dark))) throw new Error(`the colour theme did not stay on ${label}`);
  }

  /** The frame of the webview whose panel title contains `title` (webviews are nested iframes). */
  async webviewFrame(predicate, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        try {
          if (await frame.evaluate(predicate)) return frame;
        } catch {
          // frame navigating or detached
        }
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error('no webview frame matched');
  }
}
