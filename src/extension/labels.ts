import type * as vscode from 'vscode';

/** A document's file name for messages and reports (`note.md`), or its URI when it has none. */
export function documentLabel(document: vscode.TextDocument): string {
  const name = document.uri.path.split('/').pop() ?? '';
  return name.length > 0 ? name : document.uri.toString();
}
