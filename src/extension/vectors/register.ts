import * as vscode from 'vscode';
import { VectorCommands } from './commands';
import { registerVectorHover } from './hover';
import { VectorStatusBar } from './statusBar';

/**
 * Vectors in the editor: the Evaluate / Jacobian / Cross-Entropy Gradient commands (with the
 * internal Insert Result and Copy Result as JSON), the hover preview and the status bar item.
 */
export function registerVectorFeatures(context: vscode.ExtensionContext): vscode.Disposable {
  const parts: vscode.Disposable[] = [new VectorCommands(context), registerVectorHover(), new VectorStatusBar()];
  return new vscode.Disposable(() => parts.forEach((p) => p.dispose()));
}
