import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { OfferRegistry } from '../offers';
import { CheckerCodeActions } from './codeActions';
import { LiveChecker } from './liveChecker';
import { checkReplaceOffer, replaceOfferKey, type ReplaceOffer, type ReplaceRefusal } from './replaceOffer';
import { CheckedStepsLenses } from './stepLenses';

/** What `softmaxLens.replaceWithCorrectResult` resolves to: whether it edited, and if not, why. */
export type ReplaceOutcome = { readonly applied: true } | { readonly applied: false; readonly reason: ReplaceRefusal | 'edit-failed' };

function refusalMessage(reason: ReplaceOutcome & { applied: false }): string {
  switch (reason.reason) {
    case 'not-offered':
      return vscode.l10n.t('Softmax Lens: this replacement was not offered by a quick fix of the derivation checker; nothing was changed.');
    case 'note-closed':
      return vscode.l10n.t('Softmax Lens: the note of this quick fix is no longer open; nothing was changed.');
    case 'note-changed':
      return vscode.l10n.t('Softmax Lens: the note changed since this quick fix was offered; nothing was changed. Open the quick fixes again.');
    case 'edit-failed':
      return vscode.l10n.t('Softmax Lens: the replacement could not be applied.');
    default: {
      const unreachable: never = reason.reason;
      return unreachable;
    }
  }
}

/**
 * Applies a replacement a quick fix offered (see `CheckerCodeActions`): the argument is the
 * offer's token, nothing else; the note must be open, at the version the fix was computed for, with
 * the step's text still in place. Anything else is refused with a message and no edit.
 */
async function replaceWithCorrectResult(offers: OfferRegistry<ReplaceOffer>, argument: unknown): Promise<ReplaceOutcome> {
  const refuse = (reason: ReplaceRefusal | 'edit-failed'): ReplaceOutcome => {
    const outcome = { applied: false, reason } as const;
    void vscode.window.showWarningMessage(refusalMessage(outcome));
    return outcome;
  };
  const found = offers.lookup(argument);
  if (!found.ok) return refuse('not-offered');
  const offer = found.value;
  // Only a note already open: the command never opens (or creates) a document on its own.
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === offer.uri && !d.isClosed);
  const verdict = checkReplaceOffer(offer, document && { uri: document.uri.toString(), version: document.version, text: document.getText() });
  if (!verdict.ok || !document) {
    offers.withdraw(found.token);
    return refuse(verdict.ok ? 'note-closed' : verdict.reason);
  }
  offers.withdraw(found.token);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(offer.offset), document.positionAt(offer.offset + offer.length)), offer.latex);
  return (await vscode.workspace.applyEdit(edit)) ? { applied: true } : refuse('edit-failed');
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
 * findings) and the internal `replaceWithCorrectResult`, which applies only replacements its quick fixes offered.
 */
export function registerDerivationChecker(_context: vscode.ExtensionContext): vscode.Disposable {
  const checker = new LiveChecker();
  const lenses = new CheckedStepsLenses(checker);
  const replaceOffers = new OfferRegistry<ReplaceOffer>(replaceOfferKey);
  const selector: vscode.DocumentSelector = { language: 'markdown' };
  return vscode.Disposable.from(
    checker,
    lenses,
    vscode.languages.registerCodeActionsProvider(selector, new CheckerCodeActions(checker, replaceOffers), CheckerCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.commands.registerCommand(CommandId.ShowCheckedSteps, (args?: unknown) => lenses.showCheckedSteps(args)),
    vscode.commands.registerCommand(CommandId.ReplaceWithCorrectResult, (argument?: unknown) => replaceWithCorrectResult(replaceOffers, argument)),
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
