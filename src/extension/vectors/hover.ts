import * as vscode from 'vscode';
import { analyzeVector, findVectorAt, firstRow, hoverMarkdown, type ParsedVector } from '../../core/vectors';
import { CommandId } from '../commandIds';
import { readConfig } from '../config';
import type { OpenPanelArgs } from '../panelArgs';
import { currentPalette, translate } from './theme';

/** Longest vector whose numbers travel inside the hover's command link. */
const maxLinkedLogits = 4096;

/** `command:` URI opening the derivation panel on these logits. */
export function panelCommandUri(vector: ParsedVector, uri: vscode.Uri): string {
  const row = firstRow(vector);
  const args: OpenPanelArgs = row.length <= maxLinkedLogits ? { logits: Array.from(row), uri: uri.toString() } : { uri: uri.toString() };
  return `command:${CommandId.OpenDerivationPanel}?${encodeURIComponent(JSON.stringify([args]))}`;
}

export class VectorHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const config = readConfig(document.uri);
    if (!config.hoverEnabled) return undefined;
    const vector = findVectorAt(document.getText(), document.offsetAt(position));
    if (!vector) return undefined;
    const analysis = analyzeVector(vector, { temperature: config.temperature, jacobianLimit: 0 });
    if (!analysis.ok) return undefined;
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(analysis.value, {
        digits: config.displayDigits,
        maxElements: config.hoverMaxElements,
        palette: currentPalette(),
        panelLink: panelCommandUri(vector, document.uri),
        t: translate,
      }),
    );
    // Only the panel command may run from this hover's links.
    markdown.isTrusted = { enabledCommands: [CommandId.OpenDerivationPanel] };
    markdown.supportHtml = false;
    const range = new vscode.Range(document.positionAt(vector.offset), document.positionAt(vector.offset + vector.length));
    return new vscode.Hover(markdown, range);
  }
}

/** Registers the hover for the configured languages, again whenever the setting changes. */
export function registerVectorHover(): vscode.Disposable {
  let registration: vscode.Disposable | undefined;
  const provider = new VectorHoverProvider();
  const register = (): void => {
    registration?.dispose();
    const languages = readConfig().hoverLanguages;
    registration = vscode.languages.registerHoverProvider(
      languages.map((language) => ({ language })),
      provider,
    );
  };
  register();
  const watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('softmaxLens.hover.languages')) register();
  });
  return new vscode.Disposable(() => {
    watcher.dispose();
    registration?.dispose();
  });
}
