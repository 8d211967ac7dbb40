import * as vscode from 'vscode';
import { registerVectorFeatures } from './vectors/register';
import { registerDerivationChecker } from './checker/register';
import { registerDerivationPanel } from './panel/register';

/** Wires the features together; each feature owns its registrations and returns one Disposable. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    registerDerivationPanel(context),
    registerVectorFeatures(context),
    registerDerivationChecker(context),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
