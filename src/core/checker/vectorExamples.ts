/**
 * Numeric examples on whole vectors: `\text{softmax}([1, 2, 3]) \approx [0.090, 0.245, 0.665]`,
 * `\sigma\left(\begin{bmatrix}0 \\ 2\end{bmatrix}\right) = \begin{bmatrix}0.5 \\ 0.881\end{bmatrix}`.
 * The argument and the result are read with the extension's own vector-literal parser, the
 * function is computed by the numeric core, and each written entry is judged to the precision it
 * was written with (less than one unit of its last digit: rounded or cut off there, it holds).
 *
 * A function with two readings (`\sigma` is the logistic function, or the softmax in a softmax
 * note) fails only when it fails under both. Anything else is not an example we read.
 */
import { logSoftmax, softmax } from '../numeric/index';
import { formatVector } from '../vectors/format';
import { parseVector } from '../vectors/parse';
import type { ParsedVector } from '../vectors/types';

export interface VectorExample {
  /** The whole example (function, argument, relation, result) in the TeX it was found in. */
  s: number;
  e: number;
  /** The written result. */
  resultS: number;
  resultE: number;
  holds: boolean;
  /** Why it fails: the entry and its value. */
  hint?: string;
  /** The result as it should read, in the note's own literal style. */
  correct?: string;
}

type Reading = (x: Float64Array) => Float64Array | null;

const sigmoid: Reading = (x) => x.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
const soft: Reading = (x) => {
  const r = softmax(x);
  return r.ok ? r.value : null;
};
const logSoft: Reading = (x) => {
  const r = logSoftmax(x);
  return r.ok ? r.value : null;
};

/** Function spellings before the argument's bracket, and their readings (the first names the function in hints). */
const FUNCTIONS: { pattern: RegExp; name: string; readings: Reading[] }[] = [
  { pattern: /\\(?:text|mathrm|operatorname|textrm|mathit)\s*\{\s*log[\s\\_-]*softmax\s*\}|\blog[\\_]*softmax/y, name: 'log_softmax', readings: [logSoft] },
  { pattern: /\\(?:text|mathrm|operatorname|textrm|mathit)\s*\{\s*softmax\s*\}|\bsoftmax/y, name: 'softmax', readings: [soft] },
  { pattern: /\\(?:text|mathrm|operatorname|textrm)\s*\{\s*sigmoid\s*\}|\bsigmoid/y, name: 'sigmoid', readings: [sigmoid] },
  { pattern: /\\sigma(?![A-Za-z])/y, name: 'σ', readings: [sigmoid, soft] },
];

const RELATION = /\s*(=|\\approx|≈|\\simeq|\\thickapprox)\s*/y;

/** The end of the bracket opened at `open` (`(` or `\left(`), or -1. */
function closingBracket(tex: string, open: number): { inner: number; end: number; close: number } | null {
  const left = /\\left\s*\(/y;
  left.lastIndex = open;
  let i: number;
  if (left.test(tex)) i = left.lastIndex;
  else if (tex[open] === '(') i = open + 1;
  else return null;
  const inner = i;
  let depth = 1;
  for (; i < tex.length && i - open < 100_000; i++) {
    if (tex.startsWith('\\left(', i) || tex.startsWith('\\left (', i)) {
      depth++;
      continue;
    }
    if (tex.startsWith('\\right)', i)) {
      depth--;
      if (depth === 0) return { inner, close: i, end: i + 7 };
      continue;
    }
    const c = tex[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return { inner, close: i, end: i + 1 };
    }
  }
  return null;
}

/** A vector literal at the start of `text` (what follows it is ignored), or null. */
function leadingVector(text: string): { vector: ParsedVector; length: number } | null {
  let r = parseVector(text);
  if (!r.ok && r.error.code === 'trailing-text') r = parseVector(text.slice(0, r.error.offset));
  if (!r.ok || r.value.shape.length !== 1 || r.value.values.length < 2) return null;
  if (text.slice(0, r.value.offset).trim() !== '') return null;
  return { vector: r.value, length: r.value.offset + r.value.length };
}

/** How many decimals each written number has (null when they cannot be matched one to one). */
function writtenDecimals(literal: string, count: number): number[] | null {
  const numbers = literal.match(/[-−]?\d*\.?\d+(?:[eE][-+]?\d+)?/g) ?? [];
  if (numbers.length !== count) return null;
  return numbers.map((n) => (/[eE]/.test(n) ? -1 : (/\.(\d+)/.exec(n)?.[1]?.length ?? 0)));
}

function holdsAt(truth: number, written: number, decimals: number): boolean {
  if (!Number.isFinite(truth)) return false;
  if (decimals < 0) return Math.abs(truth - written) <= 1e-6 * Math.max(1, Math.abs(truth));
  return Math.abs(truth - written) < 10 ** -decimals * (1 - 1e-6) || Math.abs(truth - written) <= 1e-12;
}

function describe(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** Every numeric vector example in `tex`, judged. */
export function vectorExamples(tex: string): VectorExample[] {
  const out: VectorExample[] = [];
  if (tex.length > 200_000) return out;
  for (let at = 0; at < tex.length; at++) {
    const c = tex[at]!;
    if (c !== '\\' && c !== 's' && c !== 'l') continue;
    for (const f of FUNCTIONS) {
      f.pattern.lastIndex = at;
      if (!f.pattern.test(tex)) continue;
      let open = f.pattern.lastIndex;
      while (tex[open] === ' ') open++;
      const bracket = closingBracket(tex, open);
      if (!bracket) break;
      const arg = leadingVector(tex.slice(bracket.inner, bracket.close));
      if (!arg || tex.slice(bracket.inner + arg.length, bracket.close).trim() !== '') break;
      RELATION.lastIndex = bracket.end;
      if (!RELATION.test(tex)) break;
      const resultAt = RELATION.lastIndex;
      const result = leadingVector(tex.slice(resultAt));
      if (!result || result.vector.values.length !== arg.vector.values.length) break;
      const literal = tex.slice(resultAt + result.vector.offset, resultAt + result.length);
      const decimals = writtenDecimals(literal, result.vector.values.length);
      if (!decimals) break;
      let firstBad: { entry: number; truth: number; values: Float64Array } | null = null;
      let held = false;
      for (const reading of f.readings) {
        const truth = reading(arg.vector.values);
        if (!truth) continue;
        const bad = result.vector.values.findIndex((w, n) => !holdsAt(truth[n]!, w, decimals[n]!));
        if (bad < 0) {
          held = true;
          break;
        }
        firstBad ??= { entry: bad, truth: truth[bad]!, values: truth };
      }
      if (!held && !firstBad) break;
      const example: VectorExample = { s: at, e: resultAt + result.length, resultS: resultAt + result.vector.offset, resultE: resultAt + result.length, holds: held };
      if (!held && firstBad) {
        const digits = Math.max(3, ...decimals.map((d) => (d < 0 ? 6 : d)));
        example.hint = `${f.name} of this vector has entry ${firstBad.entry + 1} = ${describe(firstBad.truth)}, not ${describe(result.vector.values[firstBad.entry]!)}`;
        example.correct = formatVector(firstBad.values.map((v) => Number(v.toFixed(Math.min(digits, 12)))), result.vector.style);
      }
      out.push(example);
      at = example.e - 1;
      break;
    }
  }
  return out;
}
