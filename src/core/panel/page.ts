/**
 * The derivation panel's HTML document, as a string: KaTeX's CSS (with the faces nearly every
 * formula uses preloaded), the panel's CSS and the bundled script, under a CSP that allows only
 * those — scripts by nonce; inline styles because KaTeX positions glyphs with them; fonts and images
 * from the extension's own resources. The state arrives by message once the script is ready.
 * Pure, so the extension host and the browser benchmark serve the very same page.
 */
export interface PanelPageOptions {
  /** The webview's `cspSource` (the origin its resources come from). */
  readonly cspSource: string;
  /** URL of a file under `dist/`, e.g. `asset('katex', 'katex.min.css')`. */
  readonly asset: (...path: string[]) => string;
  readonly nonce: string;
  readonly locale: 'en' | 'zh-cn';
  readonly title: string;
  /** Only for the benchmark, which has no VS Code to set them: theme variables on <html>, the theme class on <body>. */
  readonly htmlStyle?: string;
  readonly bodyClass?: string;
}

/** Fetched before the first paint instead of after the first layout (measured: paint with fonts 177 → 152 ms). */
const preloadedFaces = ['KaTeX_Main-Regular', 'KaTeX_Math-Italic', 'KaTeX_Size1-Regular', 'KaTeX_Size2-Regular'];

export function panelPageHtml(o: PanelPageOptions): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'unsafe-inline'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
  ].join('; ');
  // Webview resources are cross-origin, hence `crossorigin` on the font preloads.
  const preload = preloadedFaces.map((face) => `<link rel="preload" href="${o.asset('katex', 'fonts', `${face}.woff2`)}" as="font" type="font/woff2" crossorigin>`).join('\n');
  return `<!DOCTYPE html>
<html lang="${o.locale === 'zh-cn' ? 'zh-CN' : 'en'}"${o.htmlStyle ? ` style="${escapeHtml(o.htmlStyle)}"` : ''}>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${preload}
<link rel="stylesheet" href="${o.asset('katex', 'katex.min.css')}">
<link rel="stylesheet" href="${o.asset('webview', 'panel.css')}">
<title>${escapeHtml(o.title)}</title>
</head>
<body${o.bodyClass ? ` class="${escapeHtml(o.bodyClass)}"` : ''}>
<script nonce="${o.nonce}" src="${o.asset('webview', 'main.js')}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
