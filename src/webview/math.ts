import katex from 'katex';

/** KaTeX settings for everything the panel typesets: no \href/\url/HTML extensions, bounded macros. */
const baseOptions: katex.KatexOptions = {
  throwOnError: true,
  trust: false,
  strict: 'warn',
  maxExpand: 1000,
  maxSize: 20,
  output: 'htmlAndMathml',
};

export interface MathCounters {
  rendered: number;
  errors: number;
}

/**
 * Rendered formulas by (display, latex), reused across updates: most formulas of the derivation are
 * symbolic and do not change when the logits do, and KaTeX is the bulk of a render's time.
 */
const cache = new Map<string, HTMLElement>();
const cacheLimit = 600;

/**
 * Typesets `latex` into a new element. A formula KaTeX cannot parse (possible for LaTeX copied
 * from a note) is shown as text — the source and KaTeX's message, never as HTML.
 */
export function renderMath(latex: string, display: boolean, counters: MathCounters, errorLabel: (message: string) => string): HTMLElement {
  const key = `${display ? 'D' : 'I'}${latex}`;
  const cached = cache.get(key);
  counters.rendered++;
  if (cached) return cached.cloneNode(true) as HTMLElement;
  const host = document.createElement(display ? 'div' : 'span');
  host.className = display ? 'math display' : 'math inline';
  try {
    katex.render(latex, host, { ...baseOptions, displayMode: display });
  } catch (error) {
    counters.errors++;
    host.className += ' math-error';
    const source = document.createElement('code');
    source.textContent = latex;
    const message = document.createElement('span');
    message.className = 'error-message';
    message.textContent = errorLabel(error instanceof Error ? error.message : String(error));
    host.replaceChildren(source, message);
    return host;
  }
  if (cache.size >= cacheLimit) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, host.cloneNode(true) as HTMLElement);
  return host;
}
