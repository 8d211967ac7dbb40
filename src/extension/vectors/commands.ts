import * as vscode from 'vscode';
import type { Target } from '../../core/numeric';
import type { Result } from '../../core/result';
import {
  analyzeVector,
  insertText,
  notificationText,
  reportMarkdown,
  resultJson,
  type AnalysisKind,
  type LabelledAnalysis,
  type ParsedVector,
} from '../../core/vectors';
import { CommandId } from '../commandIds';
import { readConfig } from '../config';
import { locateVectors, parseSelectionsInSteps, type LocatedVector } from './locate';
import { askForTarget, recalledTarget, rememberTarget, targetFromArgument } from './target';
import { translate } from './theme';

/** What a vector command returns (also what tests observe): plain JSON, numbers as arrays. */
export interface VectorCommandResult {
  kind: AnalysisKind;
  uri: string;
  vectors: {
    label: string;
    /** Document offsets of the literal. */
    offset: number;
    length: number;
    style: string;
    shape: number[];
    rows: { logits: number[]; softmax: number[]; argmax: number; entropy: number; logSumExp: number; jacobian?: number[][]; loss?: number; gradient?: number[] }[];
  }[];
  target?: { kind: 'index'; index: number } | { kind: 'probabilities'; values: number[] };
  /** The markdown shown beside the editor. */
  markdown: string;
  /** The notification text. */
  notification: string;
}

/** Arguments the commands accept (from code, tests or keybindings); all optional. */
interface CommandArgs {
  /** Cross-entropy target: a class index or a target vector; skips the quick pick. */
  target?: unknown;
}

/** Selections above this many characters are evaluated with a progress notification. */
const progressThreshold = 200_000;

interface StoredResult {
  kind: AnalysisKind;
  uri: vscode.Uri;
  /** Insert position: the end of the last line holding an evaluated vector. */
  insertAt: vscode.Position;
  items: LabelledAnalysis[];
  digits: number;
}

/** Lets the event loop run (other extensions' hovers, the progress UI) between chunks of work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class VectorCommands implements vscode.Disposable {
  private last: StoredResult | undefined;
  private reportDocument: vscode.TextDocument | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      vscode.commands.registerCommand(CommandId.EvaluateSelection, (args?: CommandArgs) => this.run('evaluate', args)),
      vscode.commands.registerCommand(CommandId.JacobianOfSelection, (args?: CommandArgs) => this.run('jacobian', args)),
      vscode.commands.registerCommand(CommandId.CrossEntropyGradient, (args?: CommandArgs) => this.run('crossEntropy', args)),
      vscode.commands.registerCommand(CommandId.InsertResult, () => this.insertLast()),
      vscode.commands.registerCommand(CommandId.CopyResultAsJson, () => this.copyLast()),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private async run(kind: AnalysisKind, args: CommandArgs | undefined): Promise<VectorCommandResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Softmax Lens: open a file and select a vector first.'));
      return undefined;
    }
    const document = editor.document;
    const selections = editor.selections;
    const size = selections.reduce((sum, s) => sum + document.offsetAt(s.end) - document.offsetAt(s.start), 0);
    if (size <= progressThreshold) return this.evaluate(kind, editor, args);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Softmax Lens: evaluating {0} characters', size), cancellable: true },
      (progress, token) => this.evaluate(kind, editor, args, progress, token),
    );
  }

  private async evaluate(
    kind: AnalysisKind,
    editor: vscode.TextEditor,
    args: CommandArgs | undefined,
    progress?: vscode.Progress<{ message?: string; increment?: number }>,
    token?: vscode.CancellationToken,
  ): Promise<VectorCommandResult | undefined> {
    const document = editor.document;
    const config = readConfig(document.uri);
    let preParsed: Map<number, Result<ParsedVector>> | undefined;
    if (progress) {
      // Large selections: parse in steps, giving the event loop a turn between them.
      progress.report({ message: vscode.l10n.t('reading the numbers…') });
      let reported = 0;
      preParsed = await parseSelectionsInSteps(document, editor.selections, async (fraction) => {
        const percent = Math.floor(fraction * 60);
        if (percent > reported) {
          progress.report({ increment: percent - reported });
          reported = percent;
        }
        await yieldToEventLoop();
        return !token?.isCancellationRequested;
      });
      if (!preParsed) return undefined;
    }
    const outcome = locateVectors(document, editor.selections, preParsed);
    if (outcome.found.length === 0) {
      const problem = outcome.problem;
      if (problem) {
        if (!problem.range.isEmpty) editor.selection = new vscode.Selection(problem.range.start, problem.range.end);
        void vscode.window.showErrorMessage(vscode.l10n.t('Softmax Lens: {0}', problem.error.message));
      }
      return undefined;
    }
    if (token?.isCancellationRequested) return undefined;
    progress?.report({ message: vscode.l10n.t('found {0} vector(s)', outcome.found.length) });
    if (progress) await yieldToEventLoop();

    let target: Target | undefined;
    if (kind === 'crossEntropy') {
      target = await this.chooseTarget(document, outcome.found[0] as LocatedVector, args, config.defaultTarget, config.temperature, config.displayDigits);
      if (!target) return undefined;
    }

    const items: LabelledAnalysis[] = [];
    for (const located of outcome.found) {
      const analysis = analyzeVector(located.vector, { temperature: config.temperature, ...(target ? { target } : {}) });
      if (!analysis.ok) {
        editor.selection = new vscode.Selection(located.range.start, located.range.end);
        void vscode.window.showErrorMessage(vscode.l10n.t('Softmax Lens: {0}', analysis.error.message));
        return undefined;
      }
      items.push({ label: located.label, analysis: analysis.value });
      if (progress) {
        progress.report({ increment: 30 / outcome.found.length });
        await yieldToEventLoop();
        if (token?.isCancellationRequested) return undefined;
      }
    }
    if (target) await rememberTarget(this.context.workspaceState, document.uri, target);

    const options = { digits: config.displayDigits, t: translate };
    const markdown = reportMarkdown(kind, items, options);
    const notification = notificationText(kind, items, Math.min(config.displayDigits, 3), translate);
    const lastRange = outcome.found.reduce((a, b) => (b.range.end.isAfter(a.range.end) ? b : a)).range;
    this.last = { kind, uri: document.uri, insertAt: document.lineAt(lastRange.end.line).range.end, items, digits: config.displayDigits };
    progress?.report({ message: vscode.l10n.t('writing the report…'), increment: 10 });

    await this.showReport(markdown);
    const insertLabel = vscode.l10n.t('Insert below');
    const copyLabel = vscode.l10n.t('Copy as JSON');
    // Not awaited: the notification stays until the user acts, the command returns at once.
    void vscode.window.showInformationMessage(notification, insertLabel, copyLabel).then((choice) => {
      if (choice === insertLabel) void vscode.commands.executeCommand(CommandId.InsertResult);
      else if (choice === copyLabel) void vscode.commands.executeCommand(CommandId.CopyResultAsJson);
    });
    return toResult(kind, document.uri, outcome.found, items, target, markdown, notification);
  }

  private async chooseTarget(
    document: vscode.TextDocument,
    first: LocatedVector,
    args: CommandArgs | undefined,
    defaultTarget: string,
    temperature: number,
    digits: number,
  ): Promise<Target | undefined> {
    const fromArgs = targetFromArgument(args?.target);
    if (fromArgs) return fromArgs;
    const preview = analyzeVector(first.vector, { temperature, jacobianLimit: 0 });
    if (!preview.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Softmax Lens: {0}', preview.error.message));
      return undefined;
    }
    const row = preview.value.rows[0];
    if (!row) return undefined;
    if (defaultTarget === 'argmax') return { kind: 'index', index: row.argmax };
    const fixed = Number(defaultTarget);
    if (defaultTarget.trim() !== '' && Number.isInteger(fixed) && fixed >= 0 && fixed < row.softmax.length) return { kind: 'index', index: fixed };
    return askForTarget(row, recalledTarget(this.context.workspaceState, document.uri), digits);
  }

  /** Shows the markdown beside the editor, reusing the previous report document while it is open. */
  private async showReport(markdown: string): Promise<void> {
    const previous = this.reportDocument;
    let document: vscode.TextDocument;
    if (previous && !previous.isClosed) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(previous.uri, new vscode.Range(0, 0, previous.lineCount, 0), markdown);
      await vscode.workspace.applyEdit(edit);
      document = previous;
    } else {
      document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      this.reportDocument = document;
    }
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }

  /** Inserts the last result below its vector as one undoable edit; returns the inserted text. */
  private async insertLast(): Promise<string | undefined> {
    const last = this.last;
    if (!last) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Softmax Lens: evaluate a vector first.'));
      return undefined;
    }
    const format = readConfig(last.uri).insertFormat;
    const text = insertText(last.kind, last.items, format, { digits: last.digits, t: translate });
    const edit = new vscode.WorkspaceEdit();
    edit.insert(last.uri, last.insertAt, `\n\n${text}\n`);
    const applied = await vscode.workspace.applyEdit(edit);
    return applied ? text : undefined;
  }

  /** Copies the last result as JSON; returns the JSON. */
  private async copyLast(): Promise<string | undefined> {
    const last = this.last;
    if (!last) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Softmax Lens: evaluate a vector first.'));
      return undefined;
    }
    const json = resultJson(last.kind, last.items);
    await vscode.env.clipboard.writeText(json);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Softmax Lens: result copied as JSON'), 3000);
    return json;
  }
}

function toResult(
  kind: AnalysisKind,
  uri: vscode.Uri,
  located: readonly LocatedVector[],
  items: readonly LabelledAnalysis[],
  target: Target | undefined,
  markdown: string,
  notification: string,
): VectorCommandResult {
  return {
    kind,
    uri: uri.toString(),
    vectors: items.map(({ label, analysis }, i) => ({
      label,
      offset: located[i]?.vector.offset ?? analysis.vector.offset,
      length: analysis.vector.length,
      style: analysis.vector.style,
      shape: [...analysis.vector.shape],
      rows: analysis.rows.map((s) => ({
        logits: Array.from(s.logits),
        softmax: Array.from(s.softmax),
        argmax: s.argmax,
        entropy: s.entropy,
        logSumExp: s.logSumExp,
        ...(kind === 'jacobian' && s.jacobian ? { jacobian: s.jacobian.map((r) => Array.from(r)) } : {}),
        ...(s.loss !== undefined ? { loss: s.loss } : {}),
        ...(s.gradient ? { gradient: Array.from(s.gradient) } : {}),
      })),
    })),
    ...(target ? { target: target.kind === 'index' ? { kind: 'index' as const, index: target.index } : { kind: 'probabilities' as const, values: Array.from(target.values) } } : {}),
    markdown,
    notification,
  };
}
