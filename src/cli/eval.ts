/**
 * `softmax-lens eval`: softmax, log-softmax, log-sum-exp, argmax, entropy, the Jacobian and (with a
 * target) the cross-entropy loss and gradient of one logit vector, as a table or as JSON.
 */
import type { CliIo } from './io';
import { summarizeLogits, type LogitsSummary, type Target } from '../core/numeric/index';
import { parseVector } from '../core/vectors/index';

export const evalUsage = `Usage: softmax-lens eval <vector|-> [--temperature T] [--target K | --target <vector>] [--label-smoothing E] [--all-rows] [--json]

Evaluates one logit vector written in any literal form: [2, 1, 0.1], (2, 1, 0.1), np.array([...]),
tensor([...]), a LaTeX bmatrix, or plain numbers "2 1 0.1". '-' reads the vector from stdin.

  --temperature T       divide the logits by T (> 0) first
  --target K            class index K: adds the cross-entropy loss and its gradient (PyTorch semantics)
  --target <vector>     a probability vector as the target instead (must sum to 1)
  --label-smoothing E   label smoothing in [0, 1] (PyTorch's label_smoothing)
  --all-rows            in the table, a row for every class; by default a vector of more than 21
                        classes shows its first and last 10 rows, the argmax and target rows and the top 5
  --json                print JSON: {logits, temperature, softmax, logSoftmax, logSumExp, argmax, entropy,
                        jacobian (n ≤ 64, else null), loss, gradient (null without --target)}.
                        Numbers are shortest round-trip decimals (−0 is written -0); non-finite
                        values are the strings "Infinity", "-Infinity" and "NaN".

A number beyond the range of a double (1e400, 1e-400) is read as ±Infinity or 0, and a warning
with its position says so on stderr.

Exit status: 0 on success, 2 on bad input (the message gives the position).`;

interface EvalArgs {
  vector: string[];
  temperature?: number;
  target?: string;
  labelSmoothing?: number;
  json: boolean;
  allRows: boolean;
}

type Parsed = { ok: true; value: EvalArgs } | { ok: false; message: string } | { ok: 'help' };

const NUMBER_LIKE = /^[-+]?(\d|\.\d|inf|Infinity|nan)/i;

function numberOption(name: string, raw: string | undefined): { ok: true; value: number } | { ok: false; message: string } {
  if (raw === undefined) return { ok: false, message: `${name} needs a value` };
  const value = Number(raw.trim());
  if (raw.trim() === '' || Number.isNaN(value)) return { ok: false, message: `${name} expects a number, got '${raw}'` };
  return { ok: true, value };
}

function parseArgs(args: readonly string[]): Parsed {
  const out: EvalArgs = { vector: [], json: false, allRows: false };
  let onlyPositional = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (onlyPositional || arg === '-' || !arg.startsWith('-') || NUMBER_LIKE.test(arg)) {
      out.vector.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const next = (): string | undefined => inline ?? args[++i];
    switch (name) {
      case '--':
        onlyPositional = true;
        break;
      case '-h':
      case '--help':
        return { ok: 'help' };
      case '--json':
        out.json = true;
        break;
      case '--all-rows':
        out.allRows = true;
        break;
      case '--temperature':
      case '-t': {
        const r = numberOption('--temperature', next());
        if (!r.ok) return r;
        out.temperature = r.value;
        break;
      }
      case '--label-smoothing': {
        const r = numberOption('--label-smoothing', next());
        if (!r.ok) return r;
        out.labelSmoothing = r.value;
        break;
      }
      case '--target': {
        const v = next();
        if (v === undefined) return { ok: false, message: '--target needs a class index or a probability vector' };
        out.target = v;
        break;
      }
      default:
        return { ok: false, message: `unknown option '${arg}'` };
    }
  }
  return { ok: true, value: out };
}

/** 1-based line and column (UTF-16 code units) of `offset`; `\r\n`, `\n` and a lone `\r` end a line. */
function lineColumnOf(text: string, offset: number): { line: number; column: number; lineStart: number; lineEnd: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = at;
  while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
  return { line, column: at - lineStart + 1, lineStart, lineEnd };
}

/**
 * A parse error as the CLI prints it: the message, its position when the message does not say it
 * already, and the line with a caret under the span (omitted for a blank or very long line).
 * Safe for any offset (the empty text, an offset past a final newline, one past the end).
 */
export function describeParseError(text: string, error: { message: string; offset?: number; length?: number }): string {
  const offset = error.offset ?? 0;
  const where = lineColumnOf(text, offset);
  const hasPosition = /\b(line \d+|column \d+)/.test(error.message);
  let out = hasPosition ? error.message : `${error.message} (at line ${where.line}, column ${where.column})`;
  const line = text.slice(where.lineStart, where.lineEnd);
  if (line.trim() !== '' && line.length <= 160) {
    const column = where.column - 1;
    const marks = '^'.repeat(Math.max(1, Math.min(error.length ?? 1, line.length - column)));
    out += `\n  ${line}\n  ${' '.repeat(column)}${marks}`;
  }
  return out;
}

function parseTarget(raw: string, n: number): { ok: true; value: Target; warnings: string[] } | { ok: false; message: string } {
  const trimmed = raw.trim();
  if (/^[-+]?\d+$/.test(trimmed)) {
    const index = Number(trimmed);
    if (index < 0 || index >= n) return { ok: false, message: `--target ${index} is out of range for ${n} classes (valid: 0–${n - 1})` };
    return { ok: true, value: { kind: 'index', index }, warnings: [] };
  }
  if (trimmed !== '' && Number.isFinite(Number(trimmed)))
    return { ok: false, message: `--target expects a class index (an integer) or a probability vector, got ${trimmed}` };
  const parsed = parseVector(raw);
  if (!parsed.ok) return { ok: false, message: `--target: ${describeParseError(raw, parsed.error)}` };
  if (parsed.value.shape.length !== 1)
    return { ok: false, message: `--target must be a class index or one probability vector, got a ${parsed.value.shape.join('×')} matrix` };
  const warnings = (parsed.value.warnings ?? []).map((w) => `--target: ${describeParseError(raw, w)}`);
  return { ok: true, value: { kind: 'probabilities', values: parsed.value.values }, warnings };
}

/**
 * JSON with non-finite numbers as the strings "Infinity", "-Infinity", "NaN", typed arrays as
 * arrays, and −0 written as `-0` (valid JSON, and `JSON.parse` reads it back as −0; `JSON.stringify`
 * writes 0). Finite numbers are printed as `JSON.stringify` prints them: shortest round-trip decimals.
 */
export function toJson(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `"${String(value)}"`;
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = value as ArrayLike<unknown>;
    const parts: string[] = new Array<string>(items.length);
    for (let i = 0; i < items.length; i++) parts[i] = toJson(items[i]);
    return `[${parts.join(',')}]`;
  }
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(key)}:${toJson(v)}`);
  return `{${parts.join(',')}}`;
}

function jsonOf(s: LogitsSummary): Record<string, unknown> {
  return {
    logits: s.logits,
    temperature: s.temperature,
    softmax: s.softmax,
    logSoftmax: s.logSoftmax,
    logSumExp: s.logSumExp,
    argmax: s.argmax,
    entropy: s.entropy,
    jacobian: s.jacobian ?? null,
    loss: s.loss ?? null,
    gradient: s.gradient ?? null,
  };
}

/** Rows shown at each end of a long vector's table (the argmax row and the top classes are added). */
export const TABLE_EDGE_ROWS = 10;
/** Classes listed under "top" for a vector whose table is summarised. */
export const TOP_CLASSES = 5;

/** `String(v)`, except that −0 stays "-0" (String and JSON.stringify both print 0). */
function numberText(v: number | undefined): string {
  return v === undefined ? '' : Object.is(v, -0) ? '-0' : String(v);
}

/** Indices of the `k` largest probabilities, largest first (ties: lower index first). One pass, O(n·k). */
function topIndices(p: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (v !== v) continue;
    let at = top.length;
    while (at > 0 && (p[top[at - 1] as number] as number) < v) at--;
    if (at >= k) continue;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * The text report. Up to 2·`TABLE_EDGE_ROWS` + 1 classes get a row each; a longer vector shows its
 * first and last rows, the argmax row and the target class's, says how many rows it left out, and lists the top classes
 * (`allRows` prints every row). Column widths are found with a loop: spreading a million lengths
 * into `Math.max` overflows the stack.
 */
function table(s: LogitsSummary, allRows: boolean): string {
  const n = s.logits.length;
  const withGradient = s.gradient !== undefined;
  const header = ['i', 'logit', 'softmax', 'log-softmax', ...(withGradient ? ['gradient'] : [])];
  const cells = (i: number): string[] => [
    String(i) + (i === s.argmax ? '*' : ''),
    numberText(s.logits[i]),
    numberText(s.softmax[i]),
    numberText(s.logSoftmax[i]),
    ...(withGradient ? [numberText(s.gradient?.[i])] : []),
  ];
  const summarised = !allRows && n > 2 * TABLE_EDGE_ROWS + 1;
  // The rows to print, in order, with `null` where rows were left out.
  const picked: (number | null)[] = [];
  if (!summarised) for (let i = 0; i < n; i++) picked.push(i);
  else {
    const shown = new Set<number>();
    for (let i = 0; i < TABLE_EDGE_ROWS; i++) shown.add(i).add(n - 1 - i);
    if (s.argmax >= 0) shown.add(s.argmax);
    if (s.target?.kind === 'index') shown.add(s.target.index);
    const order = [...shown].sort((a, b) => a - b);
    order.forEach((i, k) => {
      if (k > 0 && i !== (order[k - 1] as number) + 1) picked.push(null);
      picked.push(i);
    });
  }
  const rows = picked.map((i) => (i === null ? null : cells(i)));
  const widths = header.map((h) => h.length);
  for (const row of rows) if (row) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] as number, cell.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd();
  const out = [line(header), ...rows.map((row) => (row ? line(row) : `${'…'.padStart(widths[0] as number)}`)), ''];
  if (summarised) {
    const left = n - rows.filter((r) => r !== null).length;
    out.push(`(${left.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows not shown; --all-rows prints every row)`, '');
    const top = topIndices(s.softmax, Math.min(TOP_CLASSES, n));
    out.push(`top ${top.length}        ${top.map((i) => `${i}: ${numberText(s.softmax[i])}`).join(', ')}`);
  }
  if (s.temperature !== 1) out.push(`temperature  ${s.temperature}`);
  out.push(`classes      ${n}`, `logSumExp    ${numberText(s.logSumExp)}`, `argmax       ${s.argmax}  (marked *)`, `entropy      ${numberText(s.entropy)} nats`);
  if (s.loss !== undefined && s.target !== undefined) {
    const what = s.target.kind === 'index' ? `target class ${s.target.index}` : 'probability target';
    out.push(`loss         ${numberText(s.loss)}  (cross-entropy, ${what})`);
  }
  if (s.jacobian !== undefined && n <= 8) {
    out.push('', 'Jacobian ∂softmax_i/∂logit_j:');
    for (const row of s.jacobian) out.push('  ' + Array.from(row, (v) => v.toPrecision(6).padStart(13)).join(' '));
  }
  return out.join('\n') + '\n';
}

export async function runEval(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.ok === 'help') {
    io.stdout(`${evalUsage}\n`);
    return 0;
  }
  const bad = (message: string): number => {
    io.stderr(`softmax-lens eval: ${message}\n`);
    return 2;
  };
  if (!parsed.ok) return bad(`${parsed.message}\n\n${evalUsage}`);
  const a = parsed.value;
  if (a.vector.length === 0) return bad(`no vector given\n\n${evalUsage}`);
  const fromStdin = a.vector.length === 1 && a.vector[0] === '-';
  const text = fromStdin ? await io.readStdin() : a.vector.join(' ');
  const vector = parseVector(text);
  if (!vector.ok) {
    const error = fromStdin && vector.error.code === 'empty' ? { ...vector.error, message: 'there is no vector here: standard input is empty' } : vector.error;
    return bad(describeParseError(text, error));
  }
  // Numbers beyond the range of a double were read as ±∞ or 0: say so (the result is still printed).
  for (const warning of vector.value.warnings ?? []) io.stderr(`softmax-lens eval: warning: ${describeParseError(text, warning)}\n`);
  if (vector.value.shape.length !== 1)
    return bad(`eval takes one vector, got a ${vector.value.shape.join('×')} matrix; evaluate its rows one at a time`);
  const n = vector.value.values.length;
  let target: Target | undefined;
  if (a.target !== undefined) {
    const t = parseTarget(a.target, n);
    if (!t.ok) return bad(t.message);
    for (const warning of t.warnings) io.stderr(`softmax-lens eval: warning: ${warning}\n`);
    target = t.value;
  }
  const summary = summarizeLogits(vector.value.values, {
    temperature: a.temperature,
    target,
    labelSmoothing: a.labelSmoothing,
  });
  if (!summary.ok) return bad(summary.error.message);
  io.stdout(a.json ? `${toJson(jsonOf(summary.value))}\n` : table(summary.value, a.allRows));
  return 0;
}
