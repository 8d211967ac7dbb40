import type { Expr } from '../latex/tree';
import { close, prng } from './decide';

/**
 * Standard definitions of the confusion-matrix metrics. A note that writes
 * `recall = \frac{TP}{TP + FP}` is not defining a new quantity: recall has one meaning, TP/(TP+FN),
 * and TP/(TP+FP) is precision. Swapping the two is a classic slip, so a definition of a metric by
 * the counts TP, FP, FN, TN is checked against the standard one (numerically, at random counts).
 * Anything else on the right (a total N, a percentage, other symbols) is left alone.
 */

type Count = 'TP' | 'FP' | 'FN' | 'TN';

interface Metric {
  names: string[];
  label: string;
  num: Count[];
  den: Count[];
}

const METRICS: Metric[] = [
  { names: ['recall', 'sensitivity', 'tpr', 'truepositiverate', 'hitrate'], label: 'recall', num: ['TP'], den: ['TP', 'FN'] },
  { names: ['precision', 'ppv', 'positivepredictivevalue'], label: 'precision', num: ['TP'], den: ['TP', 'FP'] },
  { names: ['specificity', 'selectivity', 'tnr', 'truenegativerate'], label: 'specificity', num: ['TN'], den: ['TN', 'FP'] },
  { names: ['fpr', 'falsepositiverate', 'fallout'], label: 'false positive rate', num: ['FP'], den: ['FP', 'TN'] },
  { names: ['fnr', 'falsenegativerate', 'missrate'], label: 'false negative rate', num: ['FN'], den: ['FN', 'TP'] },
  { names: ['accuracy', 'acc'], label: 'accuracy', num: ['TP', 'TN'], den: ['TP', 'TN', 'FP', 'FN'] },
];

const COUNTS = new Set<string>(['TP', 'FP', 'FN', 'TN']);

/** The metric a left-hand side names (`recall`, `\text{Recall}`, `TPR`), or null. */
export function metricNamed(lhs: Expr): Metric | null {
  if (lhs.k !== 'sym' || lhs.idx.length > 0) return null;
  const key = lhs.name.toLowerCase().replace(/[^a-z]/g, '');
  return METRICS.find((m) => m.names.includes(key)) ?? null;
}

/**
 * `TP` written as plain letters parses as the product T·P: merge adjacent one-letter factors that
 * spell a count. Returns null when the expression holds anything but counts, numbers and + − × ÷.
 */
function countsOnly(x: Expr): Expr | null {
  switch (x.k) {
    case 'num': return x;
    case 'sym': return x.idx.length === 0 && COUNTS.has(x.name) ? x : null;
    case 'neg': {
      const y = countsOnly(x.x);
      return y ? { ...x, x: y } : null;
    }
    case 'add': {
      const terms = x.terms.map(countsOnly);
      return terms.every((t) => t !== null) ? { ...x, terms: terms as Expr[] } : null;
    }
    case 'div': {
      const n = countsOnly(x.n);
      const d = countsOnly(x.d);
      return n && d ? { ...x, n, d } : null;
    }
    case 'mul': {
      const fs: Expr[] = [];
      for (let i = 0; i < x.fs.length; i++) {
        const a = x.fs[i]!;
        const b = x.fs[i + 1];
        if (a.k === 'sym' && b && b.k === 'sym' && a.idx.length === 0 && b.idx.length === 0 && COUNTS.has(a.name + b.name)) {
          fs.push({ k: 'sym', name: a.name + b.name, idx: [], s: a.s, e: b.e });
          i++;
          continue;
        }
        const y = countsOnly(a);
        if (!y) return null;
        fs.push(y);
      }
      return fs.length === 1 ? fs[0]! : { ...x, fs };
    }
    default:
      return null;
  }
}

function value(x: Expr, at: Record<Count, number>): number {
  switch (x.k) {
    case 'num': return x.v;
    case 'sym': return at[x.name as Count];
    case 'neg': return -value(x.x, at);
    case 'add': return x.terms.reduce((s, t) => s + value(t, at), 0);
    case 'mul': return x.fs.reduce((p, f) => p * value(f, at), 1);
    case 'div': return value(x.n, at) / value(x.d, at);
    default: return NaN;
  }
}

function standardValue(m: Metric, at: Record<Count, number>): number {
  const sum = (cs: Count[]) => cs.reduce((s, c) => s + at[c], 0);
  return sum(m.num) / sum(m.den);
}

function mentionsCount(x: Expr): boolean {
  switch (x.k) {
    case 'sym': return true;
    case 'neg': return mentionsCount(x.x);
    case 'add': return x.terms.some(mentionsCount);
    case 'mul': return x.fs.some(mentionsCount);
    case 'div': return mentionsCount(x.n) || mentionsCount(x.d);
    default: return false;
  }
}

function formula(m: Metric, wrap: (c: string) => string): string {
  const num = m.num.map(wrap).join(' + ');
  return `\\frac{${num}}{${m.den.map(wrap).join(' + ')}}`;
}

export interface StandardMismatch {
  /** e.g. "recall = TP / (TP + FN); TP / (TP + FP) is precision". */
  hint: string;
  /** The standard definition, spelled the way the note spells the counts. */
  correctLatex: string;
}

/** Checks `rhs` (its TeX is `rhsTex`) against the standard definition of the metric `lhs` names; null when it agrees or is not ours to judge. */
export function checkStandardDefinition(lhs: Expr, rhs: Expr, rhsTex: string, seed: number): StandardMismatch | null {
  const metric = metricNamed(lhs);
  if (!metric) return null;
  const counts = countsOnly(rhs);
  if (!counts || !mentionsCount(counts)) return null;
  const rand = prng(seed);
  const draw = (): number => 1 + Math.floor(rand() * 90);
  const points = Array.from({ length: 12 }, () => ({ TP: draw(), FP: draw(), FN: draw(), TN: draw() }));
  let differs = false;
  for (const at of points) {
    const b = value(counts, at);
    if (!Number.isFinite(b)) return null;
    if (!close(standardValue(metric, at), b)) differs = true;
  }
  if (!differs) return null;
  const wrapper = /\\(text|mathrm|textrm|operatorname|mathit)\s*\{/.exec(rhsTex)?.[1];
  const wrap = (c: string) => (wrapper ? `\\${wrapper}{${c}}` : c);
  const plain = (m: Metric) => `${m.num.join(' + ')} / (${m.den.join(' + ')})`;
  let hint = `${metric.label} = ${plain(metric)}`;
  // Name the metric the note wrote instead, when it is one (recall and precision are the usual swap).
  const other = METRICS.find((m) => m !== metric && points.every((at) => close(standardValue(m, at), value(counts, at))));
  if (other) hint += `; ${plain(other)} is ${other.label}`;
  return { hint, correctLatex: formula(metric, wrap) };
}
