import * as vscode from 'vscode';
import type { Locale } from '../../core/derivation/types';

/** The resources the page may load: the webview bundle and KaTeX's stylesheet and fonts. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'dist', 'katex')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The page: KaTeX's CSS, the panel's CSS and the bundled script, under a CSP that allows only
 * those (script by nonce; inline styles because KaTeX positions glyphs with them; fonts and images
 * from the extension's own resources). The state arrives by message once the script is ready.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, locale: Locale, title: string): string {
  const n = nonce();
  const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...path)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  const lang = locale === 'zh-cn' ? 'zh-CN' : 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('katex', 'katex.min.css')}">
<link rel="stylesheet" href="${asset('webview', 'panel.css')}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<script nonce="${n}" src="${asset('webview', 'main.js')}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
