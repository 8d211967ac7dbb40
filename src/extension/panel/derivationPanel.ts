import * as vscode from 'vscode';
import { localeFromLanguage } from '../../core/derivation/types';
import {
  initialPanelState,
  panelViewType,
  toWire,
  type PanelAction,
  type PanelState,
  type RenderSummary,
  type ToWebview,
} from '../../core/panel/protocol';
import { validateFromWebview, validatePanelState } from '../../core/panel/validate';
import { readConfig } from '../config';
import type { OpenPanelArgs } from '../panelArgs';
import { sameVector, type EditorVector } from './follow';
import { panelHtml, webviewOptions } from './html';
import { insertIntoNote } from './insert';

/** What the internal state command reports: what the host posted and what the webview rendered. */
export interface PanelSnapshot {
  readonly open: boolean;
  readonly visible: boolean;
  readonly ready: boolean;
  readonly state: PanelState | null;
  readonly lastPostedType: ToWebview['type'] | null;
  readonly rendered: RenderSummary | null;
  readonly renderCount: number;
  readonly insertCount: number;
  /** Messages and actions refused (see `core/panel/validate.ts`), and the reason for the last one. */
  readonly refusedCount: number;
  readonly lastRefusal: string | null;
}

/** The note the panel follows and inserts into; kept by `register.ts` as editors change. */
export interface NoteTracker {
  readonly editor: vscode.TextEditor | undefined;
}

/**
 * The derivation panel: one at a time (`createOrShow`), restored after a reload (`revive`), its
 * state kept by the webview with `setState` and mirrored here from `stateChanged` messages.
 */
export class DerivationPanel {
  static current: DerivationPanel | undefined;

  private state: PanelState;
  private ready = false;
  private lastPostedType: ToWebview['type'] | null = null;
  private rendered: RenderSummary | null = null;
  private renderCount = 0;
  private insertCount = 0;
  private refusedCount = 0;
  private lastRefusal: string | null = null;
  private lastSource: EditorVector | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri, tracker: NoteTracker, args: OpenPanelArgs | undefined, atCursor: EditorVector | undefined): DerivationPanel {
    const existing = DerivationPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.open(args, atCursor);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      panelViewType,
      vscode.l10n.t('Softmax Lens: Derivation'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    const created = new DerivationPanel(panel, extensionUri, tracker, undefined);
    created.open(args, atCursor);
    return created;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, tracker: NoteTracker, saved: unknown): DerivationPanel {
    panel.webview.options = webviewOptions(extensionUri);
    // A saved state out of range (edited on disk, or from an older version) is not adopted: the panel starts afresh.
    const restored = validatePanelState(saved);
    return new DerivationPanel(panel, extensionUri, tracker, restored.ok ? restored.value : undefined);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly tracker: NoteTracker,
    restored: PanelState | undefined,
  ) {
    DerivationPanel.current?.dispose();
    DerivationPanel.current = this;
    const config = readConfig();
    const locale = localeFromLanguage(vscode.env.language);
    this.state = restored ? { ...restored, locale } : initialPanelState(locale, config.temperature, config.displayDigits, config.insertFormat);
    panel.webview.html = panelHtml(panel.webview, extensionUri, locale, vscode.l10n.t('Softmax Lens: Derivation'));
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
    );
  }

  /** Applies the arguments of the open command (or, without any, the vector at the cursor). */
  private open(args: OpenPanelArgs | undefined, atCursor: EditorVector | undefined): void {
    const step = args?.step ?? null;
    // A flagged step's counterexample is what the step is about; the cursor is on the step itself.
    const logits = args?.logits ?? step?.counterexample?.logits ?? atCursor?.logits;
    let next: PanelState = { ...this.state, step };
    if (logits) {
      const fromCursor = !args?.logits && !step?.counterexample && atCursor !== undefined;
      const uri = args?.uri ?? atCursor?.uri ?? null;
      const name = uri ? (vscode.Uri.parse(uri).path.split('/').pop() ?? uri) : '';
      next = {
        ...next,
        logits: [...logits],
        origin: fromCursor ? 'editor' : 'args',
        sourceLabel: fromCursor ? (atCursor?.label ?? '') : step ? `${name}:${step.line + 1}` : name,
        sourceUri: uri,
        inputText: '',
      };
      if (fromCursor) this.lastSource = atCursor;
    }
    this.state = next;
    this.post({ type: 'state', state: this.state });
  }

  /** The cursor is on a (possibly new) vector in the followed editor. */
  follow(vector: EditorVector): void {
    if (sameVector(vector, this.lastSource)) return;
    this.lastSource = vector;
    this.state = { ...this.state, logits: vector.logits, origin: 'editor', sourceLabel: vector.label, sourceUri: vector.uri, inputText: '' };
    this.post({ type: 'source', logits: vector.logits, sourceLabel: vector.label, sourceUri: vector.uri });
  }

  act(action: PanelAction): void {
    this.post({ type: 'action', action });
  }

  snapshot(): PanelSnapshot {
    return {
      open: true,
      visible: this.panel.visible,
      ready: this.ready,
      state: this.state,
      lastPostedType: this.lastPostedType,
      rendered: this.rendered,
      renderCount: this.renderCount,
      insertCount: this.insertCount,
      refusedCount: this.refusedCount,
      lastRefusal: this.lastRefusal,
    };
  }

  /** Refuses a message or an action: nothing is done, and the user is told why. */
  refuse(reason: string): void {
    this.refusedCount++;
    this.lastRefusal = reason;
    void vscode.window.showWarningMessage(vscode.l10n.t('Softmax Lens: the derivation panel refused a request: {0}.', reason));
  }

  private post(message: ToWebview): void {
    this.lastPostedType = message.type;
    // Before the script is ready, the state is sent on 'ready' instead.
    if (this.ready) void this.panel.webview.postMessage(toWire(message));
  }

  /** Handles a message from the webview — or, under tests, one forged to look like it. */
  async receive(raw: unknown): Promise<void> {
    const checked = validateFromWebview(raw);
    if (!checked.ok) {
      this.refuse(checked.reason);
      return;
    }
    const message = checked.value;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'state', state: this.state });
        return;
      case 'stateChanged':
        this.state = { ...message.state, locale: this.state.locale };
        return;
      case 'rendered':
        this.rendered = message.summary;
        this.renderCount++;
        return;
      case 'insert':
        // The note to insert into is the one the host followed, never a URI the webview's state names.
        if (await insertIntoNote(this.tracker.editor, this.lastSource?.uri ?? null, message.text)) this.insertCount++;
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied LaTeX to the clipboard.'), 2500);
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DerivationPanel.current === this) DerivationPanel.current = undefined;
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.panel.dispose();
  }
}
