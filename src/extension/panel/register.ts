import * as vscode from 'vscode';

// Scaffold only: the feature module replaces this file (see the issue it belongs to).
export function registerDerivationPanel(_context: vscode.ExtensionContext): vscode.Disposable {
  return new vscode.Disposable(() => undefined);
}
