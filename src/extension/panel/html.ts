import * as vscode from 'vscode';
import type { Locale } from '../../core/derivation/types';
import { panelPageHtml } from '../../core/panel/page';

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

/** The panel's page for this webview (see `panelPageHtml`). */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, locale: Locale, title: string): string {
  const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...path)).toString();
  return panelPageHtml({ cspSource: webview.cspSource, asset, nonce: nonce(), locale, title });
}
