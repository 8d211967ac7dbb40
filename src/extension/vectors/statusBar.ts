import * as vscode from 'vscode';
import { analyzeVector, firstRow, statusText } from '../../core/vectors';
import { CommandId } from '../commandIds';
import { readConfig } from '../config';
import type { OpenPanelArgs } from '../panelArgs';
import { vectorAtSelection } from './locate';
import { translate } from './theme';

/** Selection changes arrive per keystroke and per mouse drag step: wait for a pause. */
const debounceMs = 150;
/** Larger documents are not scanned on every cursor move. */
const maxDocumentLength = 5_000_000;

/**
 * `softmax: p_max 0.659 @ 0 · H 0.85` while the cursor or selection is on a vector; clicking opens
 * the derivation panel on it. Hidden otherwise.
 */
export class VectorStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('softmaxLens.vectorStatus', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cached: { uri: string; version: number; temperature: number; start: number; end: number; text: string; args: OpenPanelArgs } | undefined;

  constructor() {
    this.item.name = vscode.l10n.t('Softmax Lens: vector under the cursor');
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeTextEditorSelection(() => this.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('softmaxLens')) this.schedule();
      }),
    );
    this.update();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, debounceMs);
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    if (!editor || !document) return this.hide();
    const config = readConfig(document.uri);
    if (!config.statusBarEnabled) return this.hide();
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (length > maxDocumentLength) return this.hide();
    const selection = editor.selection;
    const cursor = document.offsetAt(selection.active);
    const cached = this.cached;
    // Moving the cursor inside the same, unchanged vector needs no new parse.
    if (
      cached &&
      selection.isEmpty &&
      cached.uri === document.uri.toString() &&
      cached.version === document.version &&
      cached.temperature === config.temperature &&
      cursor > cached.start &&
      cursor < cached.end
    ) {
      return this.show(cached.text, cached.args);
    }
    const located = vectorAtSelection(document, selection);
    if (!located) return this.hide();
    const analysis = analyzeVector(located.vector, { temperature: config.temperature, jacobianLimit: 0 });
    if (!analysis.ok) return this.hide();
    const v = located.vector;
    const args: OpenPanelArgs = { logits: Array.from(firstRow(v)), uri: document.uri.toString() };
    const text = statusText(analysis.value, translate);
    this.cached = { uri: document.uri.toString(), version: document.version, temperature: config.temperature, start: v.offset, end: v.offset + v.length, text, args };
    this.show(text, args);
  }

  private show(text: string, args: OpenPanelArgs): void {
    this.item.text = text;
    this.item.tooltip = vscode.l10n.t('Softmax of the vector at the cursor. Click to open the derivation panel.');
    this.item.command = { title: vscode.l10n.t('Open Derivation Panel'), command: CommandId.OpenDerivationPanel, arguments: [args] };
    this.item.show();
  }

  private hide(): void {
    this.item.hide();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}
