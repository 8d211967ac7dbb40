// The webview page as the extension host builds it (src/extension/panel/html.ts: same CSP, same
// stylesheets, the script by nonce), plus an in-page harness that stands in for VS Code:
// `acquireVsCodeApi()` records what the panel posts and answers `ready` with the state, as
// derivationPanel.ts does; `__bench.deliver(message)` posts a host message and resolves with the
// time to the panel's next `rendered` ack, measured by performance.now() inside the page.
import { randomBytes } from 'node:crypto';
import { panelPageHtml } from '../../src/core/panel/page';

/** The host's own page (src/core/panel/page.ts) with files served from `origin`/dist and a theme VS Code would set. */
export function benchHtml(origin: string, theme: 'vscode-light' | 'vscode-dark' = 'vscode-light'): string {
  // VS Code puts the theme's variables on <html> and its kind as a class on <body>.
  const vars = theme === 'vscode-dark' ? '--vscode-editor-background:#1e1e1e;--vscode-foreground:#cccccc;--vscode-charts-blue:#3794ff;--vscode-charts-red:#f14c4c' : '--vscode-editor-background:#ffffff;--vscode-foreground:#3b3b3b;--vscode-charts-blue:#1a85ff;--vscode-charts-red:#e51400';
  return panelPageHtml({
    cspSource: origin,
    asset: (...path) => `${origin}/dist/${path.join('/')}`,
    nonce: randomBytes(18).toString('hex'),
    locale: 'en',
    title: 'Softmax Lens: Derivation',
    htmlStyle: vars,
    bodyClass: theme,
  });
}

/**
 * Runs before the page's own scripts (playwright's addInitScript, outside the CSP). Plain JS in a
 * string: the bench runs under tsx, whose helpers would not exist inside the page.
 * The argument is the wire-format `state` message sent on `ready`.
 */
export const harnessScript = String.raw`
(() => {
  const initial = __INITIAL__;
  const bench = { posts: [], longTasks: [], cspViolations: [], scriptStart: undefined, readyAt: undefined, waiters: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') bench.firstContentfulPaint = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => bench.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  const deliverNow = (message) => window.dispatchEvent(new MessageEvent('message', { data: message }));
  window.acquireVsCodeApi = () => {
    if (bench.scriptStart === undefined) bench.scriptStart = performance.now();
    let saved;
    return {
      postMessage(message) {
        const at = performance.now();
        bench.posts.push({ at, type: message && message.type, summary: message && message.summary });
        if (message && message.type === 'ready') {
          bench.readyAt = at;
          // The host answers from another process: a task later, never synchronously.
          setTimeout(() => deliverNow(initial), 0);
        }
        if (message && message.type === 'rendered') {
          const waiters = bench.waiters.splice(0);
          for (const w of waiters) w({ at, summary: message.summary });
        }
      },
      getState() { return saved; },
      setState(state) { saved = state; },
    };
  };
  // Never wait forever: a panel that does not answer fails the bench with a message.
  const nextRendered = () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no rendered ack from the panel within 30 s')), 30000);
    bench.waiters.push((value) => { clearTimeout(timer); resolve(value); });
  });
  // After the ack: the next frame's callbacks, then a task (which runs after that frame's paint).
  // A page that gets no frames (hidden) reports NaN rather than hanging.
  const painted = () => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(NaN), 5000);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(performance.now()); }, 0));
  });
  const longestTask = (from, to) => {
    let longest = 0;
    for (const t of bench.longTasks) if (t.start + t.duration >= from && t.start <= to) longest = Math.max(longest, t.duration);
    return longest;
  };
  // The panel marks when the top of the page is on the DOM (controls and first sections).
  const firstScreenAfter = (from) => {
    const mark = performance.getEntriesByName('softmax-lens:first-screen').find((m) => m.startTime >= from);
    return mark ? mark.startTime : NaN;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 60));
  bench.first = async () => {
    const ack = bench.posts.find((p) => p.type === 'rendered');
    const rendered = ack ? { at: ack.at, summary: ack.summary } : await nextRendered();
    const paintedAt = await painted();
    await settle();
    const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/webview/main.js'));
    // Math is invisible until its faces arrive (font-display: block): the two every formula uses.
    const faces = performance.getEntriesByType('resource').filter((e) => /KaTeX_(Main-Regular|Math-Italic)\.woff2$/.test(e.name));
    return {
      scriptLoaded: script ? script.responseEnd : NaN,
      scriptStart: bench.scriptStart,
      readyAt: bench.readyAt,
      renderedAt: rendered.at,
      firstScreenAt: firstScreenAfter(0),
      // The same moment from the panel's own report (render start + firstPaintMs), for builds
      // without the mark: the ack is posted renderMs after the render started.
      reportedFirstScreenAt: rendered.at - rendered.summary.renderMs + rendered.summary.firstPaintMs,
      paintedAt,
      firstContentfulPaint: bench.firstContentfulPaint ?? NaN,
      mathFontsAt: faces.length === 2 ? Math.max(...faces.map((e) => e.responseEnd)) : NaN,
      longestTask: longestTask(0, paintedAt),
      katexMainLoaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'KaTeX_Main' && f.status === 'loaded'),
      cspViolations: bench.cspViolations.length,
      fontFiles: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.woff2')).map((e) => e.name.replace(/^.*\//, '') + '@' + Math.round(e.startTime)),
    };
  };
  bench.deliver = async (message) => {
    const waiting = nextRendered();
    const start = performance.now();
    deliverNow(message);
    const rendered = await waiting;
    const paintedAt = await painted();
    await settle();
    const marked = firstScreenAfter(start);
    const firstScreenAt = Number.isFinite(marked) ? marked : rendered.at - rendered.summary.renderMs + rendered.summary.firstPaintMs;
    return { ms: rendered.at - start, firstScreenMs: firstScreenAt - start, paintedMs: paintedAt - start, longestTask: longestTask(start, paintedAt), summary: rendered.summary };
  };
})();
`;
