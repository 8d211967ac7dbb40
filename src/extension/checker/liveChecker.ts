import * as vscode from 'vscode';
import { checkMarkdownIncremental, type Finding, type StepVerdict } from '../../core/checker/index';
import { readConfig } from '../config';
import { diagnosticSource, toDiagnostic } from './diagnostics';

/** How long typing must pause before a note is checked again. */
const debounceMs = 300;
/** The longest stretch of checking between two returns to the event loop. */
const sliceMs = 15;

export interface CheckedDocument {
  readonly version: number;
  readonly text: string;
  readonly entries: readonly { readonly diagnostic: vscode.Diagnostic; readonly finding: Finding }[];
  /** Every `=` link's verdict, in document order (the per-block marks are built from these). */
  readonly steps: readonly StepVerdict[];
}

/** Read-only views of other data (git history, output channels, diffs) are not the user's note. */
const ignoredSchemes = new Set(['git', 'output', 'vscode', 'debug', 'merge-conflict.conflict-diff', 'vscode-scm', 'review']);

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Live diagnostics for markdown notes: each document is checked ~300 ms after its last edit, in
 * slices of at most ~15 ms so the extension host stays responsive, and a newer edit (or closing the
 * document) abandons a check in progress. Works the same in the web extension host.
 */
export class LiveChecker implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped on every edit/close/run; a running check stops when its generation is no longer current. */
  private readonly generations = new Map<string, number>();
  private readonly results = new Map<string, CheckedDocument>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's result is replaced or dropped (a check finished, the checker was turned off, the note closed). */
  readonly onDidChangeResult = this.changed.event;

  constructor() {
    this.subscriptions.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document, debounceMs);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('softmaxLens.checker')) this.recheckAll();
      }),
    );
    this.recheckAll();
  }

  /** The findings shown for a document at its current version, if any. */
  resultFor(document: vscode.TextDocument): CheckedDocument | undefined {
    const result = this.results.get(document.uri.toString());
    return result && result.version === document.version ? result : undefined;
  }

  /** Checks now (ignoring the enabled setting: the user asked) and returns the number of findings. */
  async checkNow(document: vscode.TextDocument): Promise<number> {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
    const result = await this.run(document);
    return result?.entries.length ?? this.resultFor(document)?.entries.length ?? 0;
  }

  private recheckAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'markdown' || ignoredSchemes.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    const generation = this.bump(key);
    const previous = this.timers.get(key);
    if (previous !== undefined) clearTimeout(previous);
    if (!readConfig(document.uri).checkerEnabled) {
      this.timers.delete(key);
      this.collection.delete(document.uri);
      if (this.results.delete(key)) this.changed.fire(document.uri);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (this.generations.get(key) === generation) void this.run(document);
      }, delay),
    );
  }

  private bump(key: string): number {
    const next = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, next);
    return next;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.bump(key);
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
    if (this.results.delete(key)) this.changed.fire(uri);
    this.collection.delete(uri);
  }

  private async run(document: vscode.TextDocument): Promise<CheckedDocument | undefined> {
    const key = document.uri.toString();
    const generation = this.bump(key);
    const version = document.version;
    const text = document.getText();
    const config = readConfig(document.uri);
    const current = (): boolean => this.generations.get(key) === generation && !document.isClosed && document.version === version;
    const check = checkMarkdownIncremental(text, { showUnchecked: config.checkerShowUnchecked, shouldStop: () => !current() });
    let sliceStart = Date.now();
    let step = check.next();
    while (!step.done) {
      if (Date.now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
      if (!current()) {
        // Drain the generator quickly: shouldStop() now returns true, so it ends at the next block.
        check.return(undefined as never);
        return undefined;
      }
      step = check.next();
    }
    if (!current()) return undefined;
    const findings = step.value.findings.filter((f) => config.checkerShowUnchecked || f.code !== 'not-checked');
    const entries = findings.map((finding) => ({ diagnostic: toDiagnostic(document, text, finding), finding }));
    const result: CheckedDocument = { version, text, entries, steps: step.value.steps };
    this.results.set(key, result);
    this.collection.set(
      document.uri,
      entries.map((e) => e.diagnostic),
    );
    this.changed.fire(document.uri);
    return result;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const key of this.generations.keys()) this.bump(key);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
