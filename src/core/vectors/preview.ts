import { topK, type LogitsSummary } from '../numeric';
import type { VectorAnalysis } from './analyze';
import { histogramSvg, probabilityBarChartSvg, svgDataUri, type ChartPalette } from './chart';
import { displayNumber, english, type Translate } from './translate';

export interface HoverOptions {
  digits: number;
  /** Above this many classes: top-k and a histogram instead of the full table and bar chart. */
  maxElements: number;
  palette: ChartPalette;
  /** Markdown link target for "Open in derivation panel" (a `command:` URI), if any. */
  panelLink?: string;
  topK?: number;
  t?: Translate;
}

const maxBatchRowsInHover = 12;

function summaryLine(s: LogitsSummary, digits: number, t: Translate): string {
  return t(
    'argmax **{0}** · p_max {1} · entropy {2} nats · logSumExp {3}',
    s.argmax,
    displayNumber(s.softmax[s.argmax] ?? NaN, digits),
    displayNumber(s.entropy, digits),
    displayNumber(s.logSumExp, digits),
  );
}

function tableOf(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---:').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function rowPreview(s: LogitsSummary, options: HoverOptions, t: Translate): string {
  const n = s.softmax.length;
  const digits = options.digits;
  if (n <= options.maxElements) {
    const chart = `![${t('softmax probabilities')}](${svgDataUri(probabilityBarChartSvg(s.softmax, s.argmax, options.palette))})`;
    const rows = Array.from({ length: n }, (_, i) => {
      const p = displayNumber(s.softmax[i] ?? NaN, digits);
      return [i === s.argmax ? `**${i}**` : String(i), displayNumber(s.logits[i] ?? NaN, digits), i === s.argmax ? `**${p}**` : p];
    });
    return `${chart}\n\n${tableOf([t('class'), t('logit'), t('probability')], rows)}\n\n${summaryLine(s, digits, t)}`;
  }
  const k = Math.min(options.topK ?? 5, n);
  const top = topK(s.softmax, k);
  const chart = `![${t('histogram of the logits')}](${svgDataUri(histogramSvg(s.logits, s.logits[s.argmax] ?? NaN, options.palette))})`;
  const rows = top.map((e) => [String(e.index), displayNumber(s.logits[e.index] ?? NaN, digits), displayNumber(e.value, digits)]);
  return [
    t('Top {0} of {1} classes:', k, n),
    '',
    tableOf([t('class'), t('logit'), t('probability')], rows),
    '',
    `${t('Histogram of the {0} logits (argmax bin highlighted):', n)}`,
    '',
    chart,
    '',
    summaryLine(s, digits, t),
  ].join('\n');
}

/**
 * The hover for a vector: probabilities (a table and a bar chart, or the top-k and a histogram for
 * long vectors), argmax, entropy, logSumExp and the panel link. For a batch, one line per row.
 */
export function hoverMarkdown(analysis: VectorAnalysis, options: HoverOptions): string {
  const t = options.t ?? english;
  const v = analysis.vector;
  const parts: string[] = [];
  const temperature = analysis.rows[0]?.temperature ?? 1;
  const tNote = temperature === 1 ? '' : ` (T = ${temperature})`;
  if (analysis.rows.length === 1) {
    const row = analysis.rows[0] as LogitsSummary;
    parts.push(`**${t('softmax of {0} logits', row.softmax.length)}**${tNote}`, '', rowPreview(row, options, t));
  } else {
    parts.push(`**${t('softmax of a batch: {0} rows × {1} logits', v.shape[0] ?? 0, v.shape[1] ?? 0)}**${tNote}`, '');
    const shown = analysis.rows.slice(0, maxBatchRowsInHover);
    parts.push(
      tableOf(
        [t('row'), t('argmax'), t('p_max'), t('entropy'), t('logSumExp')],
        shown.map((s, r) => [String(r + 1), String(s.argmax), displayNumber(s.softmax[s.argmax] ?? NaN, options.digits), displayNumber(s.entropy, options.digits), displayNumber(s.logSumExp, options.digits)]),
      ),
    );
    if (analysis.rows.length > shown.length) parts.push('', t('… and {0} more rows.', analysis.rows.length - shown.length));
  }
  if (options.panelLink) parts.push('', `[${t('Open in derivation panel')}](${options.panelLink})`);
  return parts.join('\n');
}

/** Status bar text, e.g. `softmax: p_max 0.659 @ 0 · H 0.80`. */
export function statusText(analysis: VectorAnalysis, t: Translate = english): string {
  const first = analysis.rows[0];
  if (!first) return '';
  const pmax = first.softmax[first.argmax] ?? NaN;
  const p = Number.isFinite(pmax) ? pmax.toFixed(3) : displayNumber(pmax, 3);
  const h = Number.isFinite(first.entropy) ? first.entropy.toFixed(2) : displayNumber(first.entropy, 3);
  if (analysis.rows.length > 1) return t('softmax: {0} rows · row 1 p_max {1} @ {2} · H {3}', analysis.rows.length, p, first.argmax, h);
  return t('softmax: p_max {0} @ {1} · H {2}', p, first.argmax, h);
}
