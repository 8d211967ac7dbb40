import { softmaxJacobianOperator, topK, type LogitsSummary } from '../numeric';
import type { AnalysisKind, VectorAnalysis } from './analyze';
import { formatMatrix, latexNumber } from './format';
import { displayNumber, english, type Translate } from './translate';

/**
 * What the commands show and insert: markdown documents, insertable markdown/LaTeX and JSON, all
 * built from `VectorAnalysis` values (numbers from the numeric core). Tables are bounded so a
 * million-class vector still gives a readable document.
 */

export interface ReportOptions {
  digits: number;
  t?: Translate;
  /** Full per-class tables up to this many classes; beyond, the top classes. */
  tableLimit?: number;
}

/** One analysed vector and where it came from (e.g. `notes.md:12`). */
export interface LabelledAnalysis {
  label: string;
  analysis: VectorAnalysis;
}

const defaultTableLimit = 100;
const topRowsBeyondLimit = 20;
const maxBatchRowsInDetail = 8;
const maxBatchRowsListed = 200;
const denseJacobianLimit = 64;

function table(headers: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const rule = `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** The class indices a table shows: all in order, or the top ones by probability. */
function shownClasses(summary: LogitsSummary, limit: number): { indices: number[]; truncated: boolean } {
  const n = summary.softmax.length;
  if (n <= limit) return { indices: Array.from({ length: n }, (_, i) => i), truncated: false };
  return { indices: topK(summary.softmax, topRowsBeyondLimit).map((e) => e.index), truncated: true };
}

function rowHeading(analysis: VectorAnalysis, r: number, t: Translate): string {
  return analysis.rows.length > 1 ? `\n### ${t('Row {0}', r + 1)}\n` : '';
}

function statsLine(summary: LogitsSummary, digits: number, t: Translate): string {
  const pmax = summary.argmax >= 0 ? summary.softmax[summary.argmax] ?? NaN : NaN;
  return t(
    'argmax **{0}** (p = {1}) · entropy {2} nats · logSumExp {3}',
    summary.argmax,
    displayNumber(pmax, digits),
    displayNumber(summary.entropy, digits),
    displayNumber(summary.logSumExp, digits),
  );
}

function probabilityTable(summary: LogitsSummary, digits: number, limit: number, t: Translate): string {
  const { indices, truncated } = shownClasses(summary, limit);
  const rows = indices.map((i) => {
    const bold = (s: string): string => (i === summary.argmax ? `**${s}**` : s);
    return [bold(String(i)), displayNumber(summary.logits[i] ?? NaN, digits), bold(displayNumber(summary.softmax[i] ?? NaN, digits)), displayNumber(summary.logSoftmax[i] ?? NaN, digits)];
  });
  const note = truncated ? `${t('Top {0} of {1} classes by probability (Copy as JSON has all of them).', indices.length, summary.softmax.length)}\n\n` : '';
  return note + table([t('class'), t('logit'), t('probability'), t('log-probability')], rows, ['r', 'r', 'r', 'r']);
}

function batchOverview(analysis: VectorAnalysis, digits: number, t: Translate): string {
  const shown = analysis.rows.slice(0, maxBatchRowsListed);
  const rows = shown.map((s, r) => [String(r + 1), String(s.argmax), displayNumber(s.softmax[s.argmax] ?? NaN, digits), displayNumber(s.entropy, digits), displayNumber(s.logSumExp, digits)]);
  const more = analysis.rows.length > shown.length ? `\n\n${t('… and {0} more rows.', analysis.rows.length - shown.length)}` : '';
  return table([t('row'), t('argmax'), t('p_max'), t('entropy'), t('logSumExp')], rows, ['r', 'r', 'r', 'r', 'r']) + more;
}

function header(item: LabelledAnalysis, t: Translate): string {
  const v = item.analysis.vector;
  const shape = v.shape.length > 1 ? t('{0} rows × {1} logits', v.shape[0] ?? 0, v.shape[1] ?? 0) : t('{0} logits', v.shape[0] ?? 0);
  const temperature = item.analysis.rows[0]?.temperature ?? 1;
  return `## ${item.label}\n\n${t('{0}, written as {1}; temperature T = {2}', shape, v.style, temperature)}\n`;
}

function eachRow(item: LabelledAnalysis, t: Translate, render: (summary: LogitsSummary) => string, digits: number): string {
  const { analysis } = item;
  if (analysis.rows.length > maxBatchRowsInDetail) {
    return `\n${batchOverview(analysis, digits, t)}\n`;
  }
  return analysis.rows.map((summary, r) => `${rowHeading(analysis, r, t)}\n${render(summary)}\n`).join('');
}

function evaluateSection(item: LabelledAnalysis, options: ReportOptions, t: Translate): string {
  const limit = options.tableLimit ?? defaultTableLimit;
  return header(item, t) + eachRow(item, t, (s) => `${probabilityTable(s, options.digits, limit, t)}\n\n${statsLine(s, options.digits, t)}`, options.digits);
}

function jacobianBody(summary: LogitsSummary, digits: number, t: Translate): string {
  const n = summary.softmax.length;
  if (summary.jacobian && n <= denseJacobianLimit) {
    const headers = ['', ...Array.from({ length: n }, (_, j) => `∂s/∂z${j}`)];
    const rows = summary.jacobian.map((row, i) => [`**s${i}**`, ...Array.from(row, (x) => displayNumber(x, digits))]);
    return `${t('J_ij = ∂s_i/∂z_j = s_i(δ_ij − s_j); every row sums to 0.')}\n\n${table(headers, rows, headers.map(() => 'r'))}`;
  }
  // Beyond 64 classes: the structured form and a few numbers that characterise it, never n² entries.
  const operator = softmaxJacobianOperator(summary.softmax);
  const diagonal = operator.diagonal();
  const top = topK(summary.softmax, 2);
  const first = top[0];
  const second = top[1];
  const largestOffDiagonal = first && second ? operator.entry(first.index, second.index) : NaN;
  const topDiagonal = topK(diagonal, Math.min(10, n));
  const lines = [
    t('The Jacobian is {0} × {0} ({1} entries), so it is shown in its structured form:', n, n * n),
    '',
    '$$J = \\operatorname{diag}(s) - s s^\\top, \\qquad J_{ij} = s_i(\\delta_{ij} - s_j)$$',
    '',
    t('largest diagonal entry s_i(1 − s_i): {0} at i = {1}', displayNumber(topDiagonal[0]?.value ?? NaN, digits), topDiagonal[0]?.index ?? -1),
    '',
    t('most negative off-diagonal entry −s_i s_j: {0} at (i, j) = ({1}, {2})', displayNumber(largestOffDiagonal, digits), first?.index ?? -1, second?.index ?? -1),
    '',
    table([t('i'), t('s_i'), 'J_ii'], topDiagonal.map((e) => [String(e.index), displayNumber(summary.softmax[e.index] ?? NaN, digits), displayNumber(e.value, digits)]), ['r', 'r', 'r']),
  ];
  return lines.join('\n');
}

function jacobianSection(item: LabelledAnalysis, options: ReportOptions, t: Translate): string {
  return header(item, t) + eachRow(item, t, (s) => jacobianBody(s, options.digits, t), options.digits);
}

export function describeTarget(summary: LogitsSummary, digits: number, t: Translate): string {
  const target = summary.target;
  if (!target) return '';
  if (target.kind === 'index') return t('target: class {0} (one-hot)', target.index);
  const values = Array.from(target.values, (x) => displayNumber(x, digits));
  return t('target: the distribution [{0}]', values.length > 16 ? `${values.slice(0, 16).join(', ')}, …` : values.join(', '));
}

function targetValue(summary: LogitsSummary, i: number): number {
  const target = summary.target;
  if (!target) return NaN;
  if (target.kind === 'index') return i === target.index ? 1 : 0;
  return target.values[i] ?? NaN;
}

function crossEntropyBody(summary: LogitsSummary, options: ReportOptions, t: Translate): string {
  const digits = options.digits;
  const { indices, truncated } = shownClasses(summary, options.tableLimit ?? defaultTableLimit);
  const rows = indices.map((i) => [String(i), displayNumber(summary.softmax[i] ?? NaN, digits), displayNumber(targetValue(summary, i), digits), displayNumber(summary.gradient?.[i] ?? NaN, digits)]);
  const note = truncated ? `${t('Top {0} of {1} classes by probability (Copy as JSON has all of them).', indices.length, summary.softmax.length)}\n\n` : '';
  return [
    `${describeTarget(summary, digits, t)}`,
    '',
    t('loss = **{0}** (cross-entropy, nats)', displayNumber(summary.loss ?? NaN, digits)),
    '',
    `${t('gradient ∂loss/∂z_i = p_i − t_i:')}`,
    '',
    note + table([t('class'), t('probability p'), t('target t'), t('gradient')], rows, ['r', 'r', 'r', 'r']),
  ].join('\n');
}

function crossEntropySection(item: LabelledAnalysis, options: ReportOptions, t: Translate): string {
  return header(item, t) + eachRow(item, t, (s) => crossEntropyBody(s, options, t), options.digits);
}

/** The markdown document a command shows beside the editor. */
export function reportMarkdown(kind: AnalysisKind, items: readonly LabelledAnalysis[], options: ReportOptions): string {
  const t = options.t ?? english;
  const title = kind === 'evaluate' ? t('Softmax of the selection') : kind === 'jacobian' ? t('Softmax Jacobian of the selection') : t('Cross-entropy gradient of the selection');
  const sections = items.map((item) =>
    kind === 'evaluate' ? evaluateSection(item, options, t) : kind === 'jacobian' ? jacobianSection(item, options, t) : crossEntropySection(item, options, t),
  );
  return `# ${title}\n\n${sections.join('\n')}`;
}

/** A one-line summary for a notification: the top classes of the first vector. */
export function notificationText(kind: AnalysisKind, items: readonly LabelledAnalysis[], digits: number, t: Translate = english): string {
  const first = items[0]?.analysis.rows[0];
  if (!first) return '';
  const top = topK(first.softmax, 3)
    .map((e) => `${e.index}: ${displayNumber(e.value, digits)}`)
    .join(', ');
  const more = items.length > 1 ? ` ${t('(+{0} more vectors)', items.length - 1)}` : '';
  if (kind === 'crossEntropy') {
    return t('Cross-entropy loss {0}; top classes {1}', displayNumber(first.loss ?? NaN, digits), top) + more;
  }
  if (kind === 'jacobian') {
    return t('Softmax Jacobian ({0} × {0}); top classes {1}', first.softmax.length, top) + more;
  }
  return t('softmax: top classes {0} · entropy {1}', top, displayNumber(first.entropy, digits)) + more;
}

function latexRow(values: ArrayLike<number>, digits: number): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(latexNumber(Number((values[i] ?? NaN).toPrecision(Math.min(17, Math.max(1, digits))))));
  return parts.join(' & ');
}

/** What "Insert below" adds: a markdown table, or LaTeX `bmatrix` display math. */
export function insertText(kind: AnalysisKind, items: readonly LabelledAnalysis[], format: 'markdown' | 'latex', options: ReportOptions): string {
  const t = options.t ?? english;
  const digits = options.digits;
  const blocks: string[] = [];
  for (const { analysis } of items) {
    analysis.rows.forEach((summary) => {
      const n = summary.softmax.length;
      if (format === 'latex') {
        if (kind === 'evaluate') blocks.push(`$$\\operatorname{softmax}(z) = \\begin{bmatrix} ${latexRow(summary.softmax, digits)} \\end{bmatrix}$$`);
        else if (kind === 'crossEntropy') blocks.push(`$$\\mathcal{L} = ${latexNumber(Number((summary.loss ?? NaN).toPrecision(digits)))}, \\qquad \\nabla_z \\mathcal{L} = \\begin{bmatrix} ${latexRow(summary.gradient ?? [], digits)} \\end{bmatrix}$$`);
        else if (summary.jacobian && n <= denseJacobianLimit) {
          const flat = new Float64Array(n * n);
          summary.jacobian.forEach((row, i) => flat.set(row, i * n));
          blocks.push(`$$J = ${formatMatrix(flat.map((x) => Number(x.toPrecision(digits))), n, n, 'latex-bmatrix')}$$`);
        } else blocks.push('$$J = \\operatorname{diag}(s) - s s^\\top$$');
        return;
      }
      if (kind === 'evaluate') blocks.push(probabilityTable(summary, digits, options.tableLimit ?? defaultTableLimit, t));
      else if (kind === 'crossEntropy') blocks.push(crossEntropyBody(summary, options, t));
      else blocks.push(jacobianBody(summary, digits, t));
    });
  }
  return blocks.join('\n\n');
}

/** JSON numbers cannot be ±inf or NaN: those are written as strings. */
function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function jsonArray(values: ArrayLike<number> | undefined): (number | string)[] | undefined {
  return values === undefined ? undefined : Array.from(values, jsonNumber);
}

/** The structured result, for "Copy as JSON" (all classes, full precision). */
export function resultJson(kind: AnalysisKind, items: readonly LabelledAnalysis[]): string {
  const payload = {
    kind,
    vectors: items.map(({ label, analysis }) => ({
      source: label,
      style: analysis.vector.style,
      shape: analysis.vector.shape,
      rows: analysis.rows.map((s) => ({
        logits: jsonArray(s.logits),
        temperature: s.temperature,
        softmax: jsonArray(s.softmax),
        logSoftmax: jsonArray(s.logSoftmax),
        logSumExp: jsonNumber(s.logSumExp),
        argmax: s.argmax,
        entropy: jsonNumber(s.entropy),
        ...(kind === 'jacobian' && s.jacobian ? { jacobian: s.jacobian.map((row) => jsonArray(row)) } : {}),
        ...(kind === 'jacobian' && !s.jacobian ? { jacobianForm: 'diag(softmax) - softmax softmax^T' } : {}),
        ...(s.target ? { target: s.target.kind === 'index' ? { index: s.target.index } : { probabilities: jsonArray(s.target.values) } } : {}),
        ...(s.loss !== undefined ? { loss: jsonNumber(s.loss) } : {}),
        ...(s.gradient ? { gradient: jsonArray(s.gradient) } : {}),
      })),
    })),
  };
  // Pretty-printed when small; a million-class result stays one compact line.
  const total = items.reduce((sum, { analysis }) => sum + analysis.vector.values.length, 0);
  return JSON.stringify(payload, null, total <= 4096 ? 2 : undefined);
}
