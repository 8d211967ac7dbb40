import * as vscode from 'vscode';
import { describeCounterexamplePoint, type Counterexample, type Finding } from '../../core/checker/index';
import type { NoteStepInfo } from '../panelArgs';

export const diagnosticSource = 'softmax-lens';

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function describePoint(c: Counterexample): string {
  return describeCounterexamplePoint(c, formatNumber);
}

/** The diagnostic text: the engine's message (translated when known), its hint, the counterexample. */
export function diagnosticMessage(finding: Finding): string {
  // The engine's messages and fixed hints are English keys; the l10n bundle translates the known ones.
  let text = vscode.l10n.t(finding.message);
  if (finding.hint) text += ` — ${vscode.l10n.t(finding.hint)}`;
  const c = finding.counterexample;
  if (c) {
    text += `\n${vscode.l10n.t('At {0}: the previous step is {1}, this step is {2}.', describePoint(c), formatNumber(c.previousValue), formatNumber(c.stepValue))}`;
  }
  if (finding.correctLatex) text += `\n${vscode.l10n.t('Correct result: {0}', finding.correctLatex)}`;
  return text;
}

function rangeOf(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  const start = document.positionAt(offset);
  return new vscode.Range(start, document.positionAt(offset + Math.max(0, length)));
}

/** Where the previous step is written: the nearest earlier occurrence of its LaTeX. */
export function previousStepRange(document: vscode.TextDocument, text: string, finding: Finding): vscode.Range | undefined {
  const latex = finding.previousLatex.trim();
  if (latex.length === 0) return undefined;
  const at = text.lastIndexOf(latex, Math.max(0, finding.offset - 1));
  if (at === -1 || at >= finding.offset) return undefined;
  return rangeOf(document, at, latex.length);
}

export function toDiagnostic(document: vscode.TextDocument, text: string, finding: Finding): vscode.Diagnostic {
  const severity = finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(rangeOf(document, finding.offset, finding.length), diagnosticMessage(finding), severity);
  diagnostic.source = diagnosticSource;
  diagnostic.code = finding.code;
  const previous = previousStepRange(document, text, finding);
  if (previous) {
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, previous), vscode.l10n.t('The previous step'))];
  }
  return diagnostic;
}

/** What the derivation panel shows for a finding (see `OpenPanelArgs.step`). */
export function toNoteStep(document: vscode.TextDocument, finding: Finding): NoteStepInfo {
  const c = finding.counterexample;
  return {
    flaggedLatex: finding.stepLatex,
    previousLatex: finding.previousLatex,
    ...(finding.correctLatex ? { correctLatex: finding.correctLatex } : {}),
    message: finding.hint ? `${finding.message} (${finding.hint})` : finding.message,
    ...(c
      ? { counterexample: { logits: [...c.logits], ...(c.vector ? { vector: c.vector } : {}), indices: { ...c.indices, ...c.params }, previousValue: c.previousValue, flaggedValue: c.stepValue } }
      : {}),
    line: document.positionAt(finding.offset).line,
  };
}
