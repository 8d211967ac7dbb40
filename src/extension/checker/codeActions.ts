import * as vscode from 'vscode';
import type { Finding } from '../../core/checker/index';
import { disableBlockInsertion, disableFileInsertion, type TextInsertion } from '../../core/markdown/directives';
import { CommandId } from '../commandIds';
import type { OfferRegistry } from '../offers';
import type { OpenPanelArgs } from '../panelArgs';
import { diagnosticSource, toNoteStep } from './diagnostics';
import type { CheckedDocument, LiveChecker } from './liveChecker';
import type { ReplaceOffer } from './replaceOffer';

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.range.isEqual(b.range) && a.message === b.message && String(a.code) === String(b.code);
}

function insertion(document: vscode.TextDocument, insert: TextInsertion): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.positionAt(insert.offset), insert.text);
  return edit;
}

/** Quick fixes on the checker's diagnostics: panel, replace with the correct result, disable. */
export class CheckerCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly checker: LiveChecker,
    private readonly replaceOffers: OfferRegistry<ReplaceOffer>,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.checker.resultFor(document);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    let fileActionAdded = false;
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const entry = result.entries.find((e) => sameDiagnostic(e.diagnostic, diagnostic));
      if (!entry) continue;
      actions.push(...this.actionsFor(document, result, diagnostic, entry.finding));
      if (!fileActionAdded) {
        fileActionAdded = true;
        const disableFile = new vscode.CodeAction(vscode.l10n.t('Disable the derivation checker for this file'), vscode.CodeActionKind.QuickFix);
        disableFile.diagnostics = [diagnostic];
        disableFile.edit = insertion(document, disableFileInsertion(result.text));
        actions.push(disableFile);
      }
    }
    return actions;
  }

  private actionsFor(document: vscode.TextDocument, result: CheckedDocument, diagnostic: vscode.Diagnostic, finding: Finding): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const text = result.text;
    if (finding.correctLatex && finding.severity === 'warning') {
      const replace = new vscode.CodeAction(vscode.l10n.t('Replace with the correct result: {0}', finding.correctLatex), vscode.CodeActionKind.QuickFix);
      replace.diagnostics = [diagnostic];
      replace.isPreferred = true;
      // The command gets only a token for what is offered here; it checks the step is still there
      // and applies the replacement as one undoable edit (see `replaceWithCorrectResult`).
      const offer: ReplaceOffer = {
        uri: document.uri.toString(),
        version: result.version,
        offset: finding.offset,
        length: finding.length,
        oldText: text.slice(finding.offset, finding.offset + finding.length),
        latex: finding.correctLatex,
      };
      replace.command = { command: CommandId.ReplaceWithCorrectResult, title: replace.title, arguments: [this.replaceOffers.offer(offer)] };
      actions.push(replace);
    }
    const show = new vscode.CodeAction(vscode.l10n.t('Show in derivation panel'), vscode.CodeActionKind.QuickFix);
    show.diagnostics = [diagnostic];
    const args: OpenPanelArgs = { uri: document.uri.toString(), step: toNoteStep(document, finding) };
    show.command = { command: CommandId.OpenDerivationPanel, title: show.title, arguments: [args] };
    actions.push(show);
    const block = disableBlockInsertion(text, finding.offset);
    if (block) {
      const disableBlock = new vscode.CodeAction(vscode.l10n.t('Disable the derivation checker for this block'), vscode.CodeActionKind.QuickFix);
      disableBlock.diagnostics = [diagnostic];
      disableBlock.edit = insertion(document, block);
      actions.push(disableBlock);
    }
    return actions;
  }
}
