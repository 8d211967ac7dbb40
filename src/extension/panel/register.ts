import * as vscode from 'vscode';
import { panelViewType, parseNoteStep } from '../../core/panel/protocol';
import { validatePanelAction } from '../../core/panel/validate';
import { CommandId } from '../commandIds';
import type { OpenPanelArgs } from '../panelArgs';
import { DerivationPanel, type PanelSnapshot } from './derivationPanel';
import { isFollowable, vectorAtSelection } from './follow';

const followDelayMs = 120;

/**
 * The derivation panel: the open command (palette, hover links, code actions, the markdown editor
 * title), the serializer that restores the panel after a reload, and following the cursor of the
 * note — the last text editor that had the focus, because the panel takes it when clicked.
 */
export function registerDerivationPanel(context: vscode.ExtensionContext): vscode.Disposable {
  const tracker: { editor: vscode.TextEditor | undefined } = { editor: isFollowable(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined };
  let timer: ReturnType<typeof setTimeout> | undefined;

  const followSoon = (): void => {
    if (!DerivationPanel.current) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const editor = tracker.editor;
      const panel = DerivationPanel.current;
      if (!editor || !panel || editor.document.isClosed) return;
      const vector = vectorAtSelection(editor);
      if (vector) panel.follow(vector);
    }, followDelayMs);
  };

  const open = (args?: unknown): void => {
    const parsed = openArgs(args);
    // A URI in the arguments (a hover link, a quick fix, the editor title) may make the panel follow
    // the editor the user is in, never another one: arguments do not choose where "Insert" edits.
    const active = vscode.window.activeTextEditor;
    if (parsed?.uri && active && isFollowable(active) && active.document.uri.toString() === parsed.uri) tracker.editor = active;
    const atCursor = !parsed?.logits && tracker.editor ? vectorAtSelection(tracker.editor) : undefined;
    DerivationPanel.createOrShow(context.extensionUri, tracker, parsed, atCursor);
  };

  const closedSnapshot: PanelSnapshot = {
    open: false,
    visible: false,
    ready: false,
    state: null,
    lastPostedType: null,
    rendered: null,
    renderCount: 0,
    insertCount: 0,
    refusedCount: 0,
    lastRefusal: null,
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.OpenDerivationPanel, open),
    vscode.commands.registerCommand(CommandId.PanelState, (): PanelSnapshot => DerivationPanel.current?.snapshot() ?? closedSnapshot),
    vscode.commands.registerCommand(CommandId.PanelAction, (action: unknown): boolean => {
      const panel = DerivationPanel.current;
      if (!panel) return false;
      const checked = validatePanelAction(action);
      if (!checked.ok) {
        panel.refuse(checked.reason);
        return false;
      }
      panel.act(checked.value);
      return true;
    }),
    // Under tests only: a message as if the webview had posted it, through the same checks.
    ...(context.extensionMode === vscode.ExtensionMode.Test
      ? [
          vscode.commands.registerCommand(CommandId.SimulatePanelMessage, async (message: unknown): Promise<boolean> => {
            const panel = DerivationPanel.current;
            if (!panel) return false;
            await panel.receive(message);
            return true;
          }),
        ]
      : []),
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        DerivationPanel.revive(panel, context.extensionUri, tracker, state);
      },
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (isFollowable(editor)) {
        tracker.editor = editor;
        followSoon();
      }
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (!isFollowable(event.textEditor)) return;
      tracker.editor = event.textEditor;
      followSoon();
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (tracker.editor && event.document === tracker.editor.document) followSoon();
    }),
    new vscode.Disposable(() => {
      if (timer !== undefined) clearTimeout(timer);
      DerivationPanel.current?.dispose();
    }),
  );
}

/** The open command's argument, checked: command URIs and code actions pass plain JSON. */
function openArgs(args: unknown): OpenPanelArgs | undefined {
  // The editor title and context menus pass the document's URI.
  if (args instanceof vscode.Uri) return { uri: args.toString() };
  // A hover link's command URI may wrap the argument in an array.
  const value = Array.isArray(args) && args.length === 1 ? (args[0] as unknown) : args;
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const logits = Array.isArray(v.logits) && v.logits.length > 0 && v.logits.every((x) => typeof x === 'number') ? (v.logits as number[]) : undefined;
  const uri = typeof v.uri === 'string' ? v.uri : undefined;
  const step = parseNoteStep(v.step) ?? undefined;
  return { ...(logits ? { logits } : {}), ...(uri ? { uri } : {}), ...(step ? { step } : {}) };
}
