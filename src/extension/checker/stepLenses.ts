import * as vscode from 'vscode';
import type { StepVerdict } from '../../core/checker/index';
import { stepsByBlock, type BlockSteps, type StepCounts } from '../../core/stepSummary';
import { CommandId } from '../commandIds';
import { readConfig } from '../config';
import type { CheckedDocument, LiveChecker } from './liveChecker';

/** Arguments of `softmaxLens.showCheckedSteps`: the block a lens stands above, at the version it was made for. */
export interface ShowCheckedStepsArgs {
  readonly uri: string;
  readonly version: number;
  readonly blockOffset: number;
}

export function isShowCheckedStepsArgs(value: unknown): value is ShowCheckedStepsArgs {
  const v = value as Partial<ShowCheckedStepsArgs> | undefined;
  return typeof v === 'object' && v !== null && typeof v.uri === 'string' && Number.isInteger(v.version) && Number.isInteger(v.blockOffset);
}

/** How long a lens request waits for the live check of the current version before giving up. */
const waitForCheckMs = 5000;
/** At most this many not-read reasons in a lens tooltip; the list behind the click has all. */
const tooltipReasons = 5;

/** "✓ 4 steps hold · 1 not read", "✗ 1 step fails · 3 hold", "? 2 steps not read" */
export function lensTitle(counts: StepCounts): string {
  const parts: string[] = [];
  if (counts.fail > 0) {
    parts.push(`✗ ${counts.fail === 1 ? vscode.l10n.t('1 step fails') : vscode.l10n.t('{0} steps fail', counts.fail)}`);
    if (counts.hold > 0) parts.push(counts.hold === 1 ? vscode.l10n.t('1 holds') : vscode.l10n.t('{0} hold', counts.hold));
  } else if (counts.hold > 0) {
    parts.push(`✓ ${counts.hold === 1 ? vscode.l10n.t('1 step holds') : vscode.l10n.t('{0} steps hold', counts.hold)}`);
  } else {
    return `? ${counts.notRead === 1 ? vscode.l10n.t('1 step not read') : vscode.l10n.t('{0} steps not read', counts.notRead)}`;
  }
  if (counts.notRead > 0) parts.push(vscode.l10n.t('{0} not read', counts.notRead));
  return parts.join(' · ');
}

/** The core's reasons are English keys; the l10n bundle translates the known ones. */
function reasonText(step: StepVerdict): string {
  return step.reason ? vscode.l10n.t(step.reason) : vscode.l10n.t('no reason given');
}

function lensTooltip(document: vscode.TextDocument, block: BlockSteps): string {
  const notRead = block.steps.filter((s) => s.verdict === 'not-read');
  if (notRead.length === 0) return vscode.l10n.t('Click to list the checked steps');
  const lines = notRead.slice(0, tooltipReasons).map((s) => vscode.l10n.t('Line {0}: {1}', document.positionAt(s.offset).line + 1, reasonText(s)));
  if (notRead.length > tooltipReasons) lines.push('…');
  return `${vscode.l10n.t('Not read:')}\n${lines.join('\n')}`;
}

function verdictLabel(step: StepVerdict): string {
  switch (step.verdict) {
    case 'holds':
      return `$(pass) ${vscode.l10n.t('holds')}`;
    case 'fails':
      return `$(error) ${vscode.l10n.t('fails')}`;
    case 'not-read':
      return `$(question) ${vscode.l10n.t('not read')}`;
    default: {
      const unknown: never = step.verdict;
      throw new Error(`stepLenses: unknown verdict '${String(unknown)}'`);
    }
  }
}

function stepRange(document: vscode.TextDocument, step: StepVerdict): vscode.Range {
  return new vscode.Range(document.positionAt(step.offset), document.positionAt(step.offset + step.length));
}

function shorten(latex: string): string {
  const flat = latex.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

/**
 * A quiet mark above every math block that holds judged steps ("✓ 4 steps hold · 1 not read"),
 * built from the live checker's last result for the document's current version — never a second
 * check. Off with `softmaxLens.checker.codeLens`.
 */
export class CheckedStepsLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly checker: LiveChecker) {
    this.subscriptions = [
      this.changed,
      checker.onDidChangeResult(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('softmaxLens.checker')) this.changed.fire();
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const config = readConfig(document.uri);
    if (!config.checkerCodeLens || !config.checkerEnabled) return [];
    // Asked right after an edit, the check of this version is still running: wait for it rather
    // than answer "no lenses" and make the marks blink on every pause in typing.
    const result = this.checker.resultFor(document) ?? (await this.nextResult(document, token));
    if (!result || token.isCancellationRequested) return [];
    return stepsByBlock(result.steps).map((block) => {
      const line = document.positionAt(block.blockOffset).line;
      const args: ShowCheckedStepsArgs = { uri: document.uri.toString(), version: result.version, blockOffset: block.blockOffset };
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: lensTitle(block.counts),
        tooltip: lensTooltip(document, block),
        command: CommandId.ShowCheckedSteps,
        arguments: [args],
      });
    });
  }

  private nextResult(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<CheckedDocument | undefined> {
    return new Promise((resolve) => {
      const key = document.uri.toString();
      const parts: vscode.Disposable[] = [];
      const done = (result: CheckedDocument | undefined): void => {
        parts.forEach((p) => p.dispose());
        resolve(result);
      };
      const timer = setTimeout(() => done(undefined), waitForCheckMs);
      parts.push(
        new vscode.Disposable(() => clearTimeout(timer)),
        token.onCancellationRequested(() => done(undefined)),
        this.checker.onDidChangeResult((uri) => {
          const result = uri.toString() === key ? this.checker.resultFor(document) : undefined;
          if (result) done(result);
        }),
      );
    });
  }

  /**
   * The lens's click: a list of the block's steps (verdict, line, the step, why a step was not
   * read), the unread ones first; picking one reveals it. Accepts only a block a lens offered for the current version;
   * resolves to the offset of the step revealed, or undefined.
   */
  async showCheckedSteps(args?: unknown): Promise<number | undefined> {
    if (!isShowCheckedStepsArgs(args)) return undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
    const result = document ? this.checker.resultFor(document) : undefined;
    if (!document || !result || result.version !== args.version) return undefined;
    const block = stepsByBlock(result.steps).find((b) => b.blockOffset === args.blockOffset);
    if (!block) return undefined;
    // What needs a look first: the steps not read (with why), then those that fail, then the rest.
    const rank = { 'not-read': 0, fails: 1, holds: 2 } as const;
    const ordered = [...block.steps].sort((x, y) => rank[x.verdict] - rank[y.verdict] || x.offset - y.offset);
    const items = ordered.map((step) => ({
      step,
      label: `${verdictLabel(step)} · ${vscode.l10n.t('Line {0}', document.positionAt(step.offset).line + 1)}`,
      description: shorten(result.text.slice(step.offset, step.offset + step.length)),
      ...(step.verdict === 'not-read' ? { detail: reasonText(step) } : {}),
    }));
    const picked = await vscode.window.showQuickPick(items, { title: lensTitle(block.counts), placeHolder: vscode.l10n.t('Pick a step to go to it'), matchOnDescription: true, matchOnDetail: true });
    if (!picked || document.isClosed || document.version !== result.version) return undefined;
    const range = stepRange(document, picked.step);
    const editor = await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return picked.step.offset;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
