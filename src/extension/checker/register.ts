import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { CheckerCodeActions } from './codeActions';
import { LiveChecker } from './liveChecker';
import { CheckedStepsLenses } from './stepLenses';

/** Arguments of `softmaxLens.replaceWithCorrectResult` (hover links and the panel may call it). */
export interface ReplaceWithCorrectResultArgs {
  /** `uri.toString()` of the note. */
  readonly uri: string;
  /** UTF-16 offset and length of the flagged step in the note's current text. */
  readonly offset: number;
  readonly length: number;
  /** LaTeX to put there. */
  readonly latex: string;
}

function isReplaceArgs(value: unknown): value is ReplaceWithCorrectResultArgs {
  const v = value as Partial<ReplaceWithCorrectResultArgs> | undefined;
  return (
    typeof v === 'object' && v !== null && typeof v.uri === 'string' && typeof v.latex === 'string' &&
    Number.isInteger(v.offset) && Number.isInteger(v.length) && (v.offset as number) >= 0 && (v.length as number) >= 0
  );
}

async function documentFor(target: unknown): Promise<vscode.TextDocument | undefined> {
  if (target instanceof vscode.Uri) return vscode.workspace.openTextDocument(target);
  if (typeof target === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(target));
  return vscode.window.activeTextEditor?.document;
}

/**
 * The derivation checker in the editor: live diagnostics on markdown notes, their quick fixes, a
 * lens above each math block saying what was checked (its click, the internal `showCheckedSteps`,
 * lists the block's steps), "Check Derivations in This Note" (optionally given a document URI; returns the number of
 * findings) and the internal `replaceWithCorrectResult` (see `ReplaceWithCorrectResultArgs`).
 */
export function registerDerivationChecker(_context: vscode.ExtensionContext): vscode.Disposable {
  const checker = new LiveChecker();
  const lenses = new CheckedStepsLenses(checker);
  const selector: vscode.DocumentSelector = { language: 'markdown' };
  return vscode.Disposable.from(
    checker,
    lenses,
    vscode.languages.registerCodeActionsProvider(selector, new CheckerCodeActions(checker), CheckerCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.commands.registerCommand(CommandId.ShowCheckedSteps, (args?: unknown) => lenses.showCheckedSteps(args)),
    vscode.commands.registerCommand(CommandId.ReplaceWithCorrectResult, async (args?: unknown): Promise<boolean> => {
      if (!isReplaceArgs(args)) return false;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
      if (args.offset + args.length > document.getText().length) return false;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(args.offset), document.positionAt(args.offset + args.length)), args.latex);
      return vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand(CommandId.CheckDerivations, async (target?: unknown): Promise<number> => {
      const document = await documentFor(target);
      if (!document || document.languageId !== 'markdown') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a markdown note to check its derivations.'));
        return 0;
      }
      const count = await checker.checkNow(document);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      if (count === 0) void vscode.window.setStatusBarMessage(vscode.l10n.t('Softmax Lens: no problems found in the derivations.'), 4000);
      return count;
    }),
  );
}
