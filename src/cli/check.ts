import type { CliIo } from './io';
import { checkMarkdown, describeCounterexamplePoint, type CheckOptions, type CutShort, type Finding, type StepVerdict, type StepVerdictKind } from '../core/checker/index';
import { disabledRanges, isDisabled } from '../core/markdown/index';
import { countSteps, sumStepCounts, type StepCounts } from '../core/stepSummary';

/** The engine's entry point; tests pass a fake one. An engine that reports no `steps` judged none. */
export type MarkdownChecker = (markdown: string, options?: CheckOptions) => { findings: Finding[]; steps?: StepVerdict[]; stats?: { cutShort?: CutShort } };

/** One finding as `--format json` prints it. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface CheckReportEntry {
  file: string;
  line: number;
  column: number;
  /** End of the underlined step, exclusive: the column just past its last character. */
  endLine: number;
  endColumn: number;
  severity: 'warning' | 'information';
  code: string;
  message: string;
  hint: string | null;
  correctLatex: string | null;
  counterexample: Finding['counterexample'] | null;
}

/** One `=` link's verdict as `--steps` prints it; positions as in `CheckReportEntry`. */
export interface StepReportEntry {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  verdict: StepVerdictKind;
  /** Why a `not-read` step could not be read; null for the others. */
  reason: string | null;
}

/** One note's steps, as `--format json --steps` prints it in `files`. */
export interface FileStepsReport {
  file: string;
  steps: StepCounts;
  verdicts: StepReportEntry[];
  /** Present when the note was not checked to its end (see `NoteReport.incomplete`). */
  incomplete?: NoteReport['incomplete'];
}

/** What one note gave: its findings and its steps, directives applied, in document order. */
export interface NoteReport {
  entries: CheckReportEntry[];
  steps: FileStepsReport;
  /** Set when the note was not checked to its end: up to which line (1-based) of how many, and why. */
  incomplete: { line: number; lines: number; reason: CutShort['reason'] } | null;
}

const usage = `Usage: softmax-lens check <files|folders|globs...|-> [--format text|json] [--show-unchecked] [--steps] [--max-seconds S]

Checks the hand-derived equalities in markdown notes and reports the steps that do not follow
from the previous one. '-' reads a note from stdin. Folders are searched for *.md / *.markdown
(symbolic links followed, each folder once); a glob searches only as deep as it reaches.

Only regular files of UTF-8 text up to 8 MB are read, each file once (the same file under two
names or through a link is checked under one). Any other path — missing, a folder that cannot be
listed, a FIFO or device, too large, not text (a NUL byte, bytes that are not UTF-8) — gets one
line on stderr, 'softmax-lens check: cannot read 'x.md': why', and the others are still checked.
A leading byte order mark is not counted, as in the editor.

Output (text): file:line:column: warning: message [code], the hint indented on the next line.
Columns count UTF-16 code units from 1. On stderr, a line per file with what was checked
(note.md: 12 steps: 9 hold, 1 fails, 2 not read), the total, and a summary.
Output (json): an array of {file, line, column, endLine, endColumn, severity, code, message, hint,
correctLatex, counterexample}; a counterexample is {logits (the whole vector, or [] when only some
entries matter), vector, entries (those entries by name, e.g. a_4; absent when none), indices
(1-based, as in the note), params, previousValue, stepValue}.

--steps  also show every step (every '=' link) and its verdict: holds, fails or not read.
         Text: a line per step, file:line:column: step holds | step fails | step not read: reason.
         JSON: an object {findings: [the array above], files: [{file, steps: {judged, hold, fail,
         notRead}, verdicts: [{line, column, endLine, endColumn, verdict, reason}]}]}, where
         judged = hold + fail + notRead, verdict is 'holds' | 'fails' | 'not-read' and reason is
         why a step was not read (null otherwise).

Every note is checked to its end: the verdicts are the same on any machine, at any load. A note
so large or pathological that it exceeds the work limit (forty times what a 12,000-line note of
real derivations takes) is checked up to a point, and that is said per file
(note.md: checked up to line 812 of 93,000 (work limit)).
--max-seconds S  stop checking each file after S seconds of wall clock (said per file as above).

Exit status: 0 no step fails, 1 a step fails (or a final result is wrong),
2 usage error or a path that could not be read (the others are still checked; takes precedence
over 1, 3 and 4), 3 internal error, 4 a file was not checked to its end (work limit or
--max-seconds; takes precedence over 1).`;

interface ParsedArgs {
  patterns: string[];
  format: 'text' | 'json';
  showUnchecked: boolean;
  steps: boolean;
  maxSeconds: number | null;
}

function parseArgs(args: readonly string[]): { ok: true; value: ParsedArgs } | { ok: false; message: string } | { ok: 'help' } {
  const patterns: string[] = [];
  let format: 'text' | 'json' = 'text';
  let showUnchecked = false;
  let steps = false;
  let maxSeconds: number | null = null;
  let onlyPatterns = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (onlyPatterns || arg === '-' || !arg.startsWith('-')) {
      patterns.push(arg);
      continue;
    }
    if (arg === '--') onlyPatterns = true;
    else if (arg === '-h' || arg === '--help') return { ok: 'help' };
    else if (arg === '--show-unchecked') showUnchecked = true;
    else if (arg === '--steps') steps = true;
    else if (arg === '--max-seconds' || arg.startsWith('--max-seconds=')) {
      const value = arg === '--max-seconds' ? args[++i] : arg.slice('--max-seconds='.length);
      const seconds = value === undefined || value.trim() === '' ? NaN : Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0) return { ok: false, message: value === undefined ? '--max-seconds needs a number of seconds' : `--max-seconds needs a positive number of seconds, not '${value}'` };
      maxSeconds = seconds;
    }
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') {
        return { ok: false, message: value === undefined ? "--format needs a value: 'text' or 'json'" : `unknown format '${value}': use 'text' or 'json'` };
      }
      format = value;
    } else return { ok: false, message: `unknown option '${arg}'` };
  }
  if (patterns.length === 0) return { ok: false, message: 'no files given' };
  return { ok: true, value: { patterns, format, showUnchecked, steps, maxSeconds } };
}

/** 0-based offsets of line starts; `\r\n`, `\n` and a lone `\r` end a line, as in the editor. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

/** Findings of one note as report entries, directives applied, in document order. */
export function checkNote(file: string, markdown: string, checker: MarkdownChecker, options: CheckOptions): CheckReportEntry[] {
  return checkNoteReport(file, markdown, checker, options).entries;
}

/** Findings and step verdicts of one note, directives applied, in document order. */
export function checkNoteReport(file: string, markdown: string, checker: MarkdownChecker, options: CheckOptions): NoteReport {
  const { findings, steps = [], stats } = checker(markdown, options);
  const disabled = disabledRanges(markdown);
  const starts = lineStarts(markdown);
  const span = (offset: number, length: number): { line: number; column: number; endLine: number; endColumn: number } => {
    const start = position(starts, Math.max(0, Math.min(offset, markdown.length)));
    const end = position(starts, Math.max(0, Math.min(offset + length, markdown.length)));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
  const entries = findings
    .filter((f) => !isDisabled(disabled, f.offset))
    .filter((f) => options.showUnchecked || f.code !== 'not-checked')
    .sort((a, b) => a.offset - b.offset)
    .map((f) => ({
      file,
      ...span(f.offset, f.length),
      severity: f.severity,
      code: f.code,
      message: f.message,
      hint: f.hint ?? null,
      correctLatex: f.correctLatex ?? null,
      counterexample: f.counterexample ?? null,
    }));
  const kept = steps.filter((s) => !isDisabled(disabled, s.offset)).sort((a, b) => a.offset - b.offset);
  const verdicts = kept.map((s) => ({ ...span(s.offset, s.length), verdict: s.verdict, reason: s.reason ?? null }));
  const cut = stats?.cutShort;
  const incomplete = cut ? { line: position(starts, Math.max(0, Math.min(cut.offset, markdown.length))).line, lines: starts.length, reason: cut.reason } : null;
  return { entries, steps: { file, steps: countSteps(kept), verdicts }, incomplete };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** "a = [1, 0.5, -2], i = 1, j = 0: previous step = 0.21, this step = -0.21" */
export function describeCounterexample(c: NonNullable<Finding['counterexample']>): string {
  return `${describeCounterexamplePoint(c, formatNumber)}: previous step = ${formatNumber(c.previousValue)}, this step = ${formatNumber(c.stepValue)}`;
}

function formatText(entry: CheckReportEntry): string {
  const label = entry.severity === 'warning' ? 'warning' : 'note';
  let out = `${entry.file}:${entry.line}:${entry.column}: ${label}: ${entry.message} [${entry.code}]\n`;
  if (entry.hint) out += `    hint: ${entry.hint}\n`;
  if (entry.counterexample) out += `    counterexample: ${describeCounterexample(entry.counterexample)}\n`;
  if (entry.correctLatex) out += `    correct result: ${entry.correctLatex}\n`;
  return out;
}

const verb = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** "12 steps: 9 hold, 1 fails, 2 not read" */
export function describeStepCounts(counts: StepCounts): string {
  return `${verb(counts.judged, 'step', 'steps')}: ${verb(counts.hold, 'holds', 'hold')}, ${verb(counts.fail, 'fails', 'fail')}, ${counts.notRead} not read`;
}

function formatStep(file: string, step: StepReportEntry): string {
  const where = `${file}:${step.line}:${step.column}`;
  switch (step.verdict) {
    case 'holds':
      return `${where}: step holds\n`;
    case 'fails':
      return `${where}: step fails\n`;
    case 'not-read':
      return `${where}: step not read${step.reason ? `: ${step.reason}` : ''}\n`;
    default: {
      const unknown: never = step.verdict;
      throw new Error(`softmax-lens check: unknown verdict '${String(unknown)}'`);
    }
  }
}

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  return runCheckWith(args, io, checkMarkdown);
}

/** `runCheck` with the engine passed in (tests use a fake one to pin the output format). */
export async function runCheckWith(args: readonly string[], io: CliIo, checker: MarkdownChecker): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.ok === 'help') {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr(`softmax-lens check: ${parsed.message}\n\n${usage}\n`);
    return 2;
  }
  const { patterns, format, showUnchecked, steps, maxSeconds } = parsed.value;
  const { files, problems } = await io.expandPaths(patterns);
  // Every path that could not be searched is said, one line each; the rest are still checked.
  for (const problem of problems) io.stderr(`softmax-lens check: cannot read '${problem.path}': ${problem.reason}\n`);
  if (files.length === 0) {
    if (problems.length === 0) io.stderr(`softmax-lens check: no files match ${patterns.map((p) => `'${p}'`).join(' ')}\n`);
    return 2;
  }
  const entries: CheckReportEntry[] = [];
  const fileSteps: FileStepsReport[] = [];
  let unreadable = problems.length;
  let crashed = 0;
  let incomplete = 0;
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    const read = file === '-' ? { ok: true as const, text: await io.readStdin() } : await io.readNote(file);
    if (!read.ok) {
      unreadable++;
      io.stderr(`softmax-lens check: cannot read '${name}': ${read.reason}\n`);
      continue;
    }
    // VS Code does not show a byte order mark: columns count from the character after it.
    const text = read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
    let report: NoteReport;
    try {
      report = checkNoteReport(name, text, checker, { showUnchecked, ...(maxSeconds !== null ? { timeBudgetMs: maxSeconds * 1000 } : {}) });
    } catch (error) {
      // The engine must not throw on any input; if it does, say where and keep checking the rest.
      crashed++;
      io.stderr(`softmax-lens check: internal error while checking '${name}': ${error instanceof Error ? error.message : String(error)}\n`);
      continue;
    }
    entries.push(...report.entries);
    fileSteps.push(report.incomplete ? { ...report.steps, incomplete: report.incomplete } : report.steps);
    if (report.incomplete) {
      incomplete++;
      const why = report.incomplete.reason === 'time' ? `--max-seconds ${maxSeconds}` : report.incomplete.reason === 'work' ? 'work limit' : 'cancelled';
      io.stderr(`${name}: checked up to line ${report.incomplete.line.toLocaleString('en-US')} of ${report.incomplete.lines.toLocaleString('en-US')} (${why})\n`);
    }
    if (format === 'text') {
      // Per file, so a long run shows its progress and each note's marks stay next to its findings.
      for (const entry of report.entries) io.stdout(formatText(entry));
      if (steps) for (const step of report.steps.verdicts) io.stdout(formatStep(name, step));
      io.stderr(`${name}: ${describeStepCounts(report.steps.steps)}\n`);
    }
  }
  const warnings = entries.filter((e) => e.severity === 'warning').length;
  if (format === 'json') {
    io.stdout(`${JSON.stringify(steps ? { findings: entries, files: fileSteps } : entries, null, 2)}\n`);
  } else {
    io.stderr(`total: ${describeStepCounts(sumStepCounts(fileSteps.map((f) => f.steps)))}\n`);
    const notes = entries.length - warnings;
    const checked = files.length - (unreadable - problems.length) - crashed;
    io.stderr(
      `softmax-lens check: ${checked} ${checked === 1 ? 'file' : 'files'} checked, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${notes} ${notes === 1 ? 'note' : 'notes'}` +
        (unreadable > 0 ? `, ${unreadable} unreadable` : '') +
        (incomplete > 0 ? `, ${incomplete} not checked to the end` : '') +
        '\n',
    );
  }
  if (unreadable > 0) return 2;
  if (crashed > 0) return 3;
  if (incomplete > 0) return 4;
  return warnings > 0 ? 1 : 0;
}
