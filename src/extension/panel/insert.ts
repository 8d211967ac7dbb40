import * as vscode from 'vscode';
import { documentLabel } from '../labels';

/**
 * Inserts `text` into the note at its cursor as one undoable edit. The panel has the focus when its
 * button is clicked, so the note is the editor the panel last followed, not the active one. A
 * display block gets blank lines around it when the cursor is inside a paragraph.
 */
export async function insertIntoNote(editor: vscode.TextEditor | undefined, uri: string | null, text: string): Promise<boolean> {
  let document = editor?.document;
  let position = editor?.selection.active;
  if ((!document || document.isClosed) && uri) {
    document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    position = visible?.selection.active;
  }
  if (!document || document.isClosed) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a note and put the cursor where the derivation should go, then insert again.'));
    return false;
  }
  const at = position ?? new vscode.Position(document.lineCount, 0);
  const line = document.lineAt(Math.min(at.line, document.lineCount - 1)).text;
  const before = at.character > 0 && line.slice(0, at.character).trim() !== '' ? '\n\n' : '';
  const after = line.slice(at.character).trim() !== '' ? '\n' : '';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, at, before + text + after);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) void vscode.window.showWarningMessage(vscode.l10n.t('The derivation could not be inserted into {0}.', documentLabel(document)));
  return applied;
}
