import type { CoreError } from '../result';
import * as chars from './chars';
import * as numbers from './number';
import type { VectorStyle } from './types';

// Hot helpers bound locally (see find.ts).
const { CH, codeAt, describeFound, describePosition, isIdentPart, isIdentStart, isInlineSpace, isLineBreak, isSpaceCode } = chars;
const { lastScanned, matchesExact, scanNumber, scanNumberEnd } = numbers;

/** A literal parsed from `start` to `end` (exclusive); `values` row-major. */
export interface Literal {
  values: number[];
  shape: number[];
  start: number;
  end: number;
  style: VectorStyle;
}

/** Call-like wrappers whose first argument is the vector: `np.array([...])`, `tensor([...], grad_fn=…)`. */
const wrappers: ReadonlyMap<string, VectorStyle> = new Map<string, VectorStyle>([
  ['np.array', 'numpy'],
  ['numpy.array', 'numpy'],
  ['np.asarray', 'numpy'],
  ['numpy.asarray', 'numpy'],
  ['jnp.array', 'numpy'],
  ['array', 'numpy'],
  ['torch.tensor', 'torch'],
  ['torch.as_tensor', 'torch'],
  ['torch.Tensor', 'torch'],
  ['torch.FloatTensor', 'torch'],
  ['torch.DoubleTensor', 'torch'],
  ['tensor', 'torch-print'],
]);

const latexEnvironments: ReadonlyMap<string, VectorStyle> = new Map<string, VectorStyle>([
  ['bmatrix', 'latex-bmatrix'],
  ['pmatrix', 'latex-pmatrix'],
  ['vmatrix', 'latex-vmatrix'],
]);

/**
 * A parse that can pause: it yields the offset it has reached every `pauseEvery` numbers and
 * returns its result at the end, so an editor can parse a million numbers without blocking (the
 * synchronous API just runs it to the end).
 */
export type Steps<T> = Generator<number, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Deepest nesting a literal may have: a batch of rows. */
const maxDepth = 2;

interface Sequence {
  /** Index just after the closing bracket. */
  end: number;
  /** Elements at this level (numbers, or rows). */
  count: number;
  /** Numbers per row when this level holds rows. */
  rowLengths?: number[];
  rowStarts?: number[];
  separator: 'comma' | 'space' | 'none';
}

/**
 * Recursive-descent parser for one vector literal. Errors are recorded (first one wins) and signalled
 * by returning `undefined`, so the scanner never throws; every loop advances by at least one unit, so
 * the parser is linear in the length of the literal.
 */
export class LiteralParser {
  error: CoreError | undefined;
  /** The `…Steps` methods pause after this many numbers (the sync methods never notice). */
  pauseEvery = Number.MAX_SAFE_INTEGER;

  constructor(
    readonly text: string,
    readonly limit: number,
  ) {}

  at(i: number): number {
    return codeAt(this.text, i, this.limit);
  }

  fail(code: string, message: string, offset: number, length: number): undefined {
    if (!this.error) this.error = { code, message, offset, length };
    return undefined;
  }

  failExpected(what: string, offset: number): undefined {
    const found = describeFound(this.text, offset, this.limit);
    return this.fail(
      offset >= this.limit ? 'unexpected-end' : 'expected-number',
      `expected ${what} at ${describePosition(this.text, offset)}, found ${found.label}`,
      offset,
      found.length,
    );
  }

  skipSpace(i: number): number {
    while (isSpaceCode(this.at(i))) i++;
    return i;
  }

  /** A literal starting exactly at `i`: a bracket, a tuple, a wrapper call or a LaTeX form. */
  parseAt(i: number): Literal | undefined {
    return runSteps(this.parseAtSteps(i));
  }

  /** `parseAt` in steps: pauses (yielding the offset reached) every `pauseEvery` numbers. */
  *parseAtSteps(i: number): Steps<Literal | undefined> {
    const c = this.at(i);
    if (c === CH.lbracket || c === CH.lparen) return yield* this.parseBracketedSteps(i, c === CH.lbracket ? 'list' : 'tuple');
    if (c === CH.backslash) {
      if (matchesExact(this.text, i, this.limit, '\\begin{')) return this.parseEnvironment(i);
      if (matchesExact(this.text, i, this.limit, '\\left')) return this.parseLeftRight(i);
      return undefined;
    }
    if (isIdentStart(c)) return yield* this.parseWrapperSteps(i);
    return undefined;
  }

  /** The wrapper name at `i` (`np.array`, `tensor`, …) when one starts there, with its end. */
  wrapperAt(i: number): { style: VectorStyle; nameEnd: number } | undefined {
    let p = i;
    while (isIdentPart(this.at(p)) || (this.at(p) === CH.dot && isIdentStart(this.at(p + 1)))) p++;
    const style = wrappers.get(this.text.slice(i, p));
    return style === undefined ? undefined : { style, nameEnd: p };
  }

  parseWrapper(i: number): Literal | undefined {
    return runSteps(this.parseWrapperSteps(i));
  }

  *parseWrapperSteps(i: number): Steps<Literal | undefined> {
    const wrapper = this.wrapperAt(i);
    if (!wrapper) return undefined;
    let p = wrapper.nameEnd;
    while (isInlineSpace(this.at(p))) p++;
    if (this.at(p) !== CH.lparen) return undefined;
    p = this.skipSpace(p + 1);
    const open = this.at(p);
    if (open !== CH.lbracket && open !== CH.lparen) return this.failExpected(`'[' after '${this.text.slice(i, wrapper.nameEnd)}('`, p);
    const inner = yield* this.parseBracketedSteps(p, open === CH.lbracket ? 'list' : 'tuple');
    if (!inner) return undefined;
    p = this.skipSpace(inner.end);
    if (this.at(p) === CH.comma) {
      // Keyword arguments (`dtype=torch.float64`, `grad_fn=<SoftmaxBackward0>`, `device='cuda:0'`):
      // skipped with bracket and quote balance up to the closing parenthesis.
      const close = this.skipArguments(p + 1);
      if (close === undefined) return undefined;
      p = close;
    }
    if (this.at(p) !== CH.rparen) return this.failExpected(`')' to close '${this.text.slice(i, wrapper.nameEnd)}('`, p);
    return { ...inner, start: i, end: p + 1, style: wrapper.style };
  }

  /** From inside an argument list, the index of the `)` that closes it. */
  private skipArguments(i: number): number | undefined {
    let depth = 0;
    for (let p = i; p < this.limit; p++) {
      const c = this.at(p);
      if (c === CH.apos || c === CH.quote) {
        let q = p + 1;
        while (q < this.limit && this.at(q) !== c && !isLineBreak(this.at(q))) q++;
        if (this.at(q) !== c) return this.failExpected('a closing quote', q);
        p = q;
      } else if (c === CH.lparen || c === CH.lbracket || c === CH.lbrace) depth++;
      else if (c === CH.rparen || c === CH.rbracket || c === CH.rbrace) {
        if (depth === 0) return c === CH.rparen ? p : this.failExpected("')'", p);
        depth--;
      }
    }
    return this.failExpected("')'", this.limit);
  }

  /**
   * `[…]` lists (comma- or, NumPy print style, space-separated; nested one level for a batch) and
   * `(…)` tuples (comma-separated only).
   */
  parseBracketed(i: number, kind: 'list' | 'tuple'): Literal | undefined {
    return runSteps(this.parseBracketedSteps(i, kind));
  }

  *parseBracketedSteps(i: number, kind: 'list' | 'tuple'): Steps<Literal | undefined> {
    const values: number[] = [];
    const seq = yield* this.parseSequence(i, kind, 1, values);
    if (!seq) return undefined;
    const closeLabel = kind === 'list' ? ']' : ')';
    if (seq.count === 0) {
      return this.fail('empty-vector', `'${kind === 'list' ? '[' : '('}${closeLabel}' at ${describePosition(this.text, i)} is empty: a vector needs at least two numbers`, i, seq.end - i);
    }
    let shape: number[];
    if (seq.rowLengths && seq.rowStarts) {
      const cols = seq.rowLengths[0] ?? 0;
      for (let r = 1; r < seq.rowLengths.length; r++) {
        const length = seq.rowLengths[r] ?? 0;
        if (length !== cols) {
          const start = seq.rowStarts[r] ?? i;
          return this.fail(
            'ragged',
            `row ${r + 1} at ${describePosition(this.text, start)} has ${length} number${length === 1 ? '' : 's'}, but row 1 has ${cols}: a batch must have rows of equal length`,
            start,
            1,
          );
        }
      }
      if (cols === 0) return this.fail('empty-vector', `the rows of the batch at ${describePosition(this.text, i)} are empty`, i, seq.end - i);
      // A column vector [[1], [2], [3]] is a vector of its entries.
      shape = cols === 1 ? [seq.count] : [seq.count, cols];
    } else {
      shape = [seq.count];
    }
    let style: VectorStyle;
    if (kind === 'tuple') style = 'tuple';
    else if (seq.separator === 'space') style = 'numpy-print';
    else style = this.looksLikeJson(i, seq.end) ? 'json' : 'python';
    return { values, shape, start: i, end: seq.end, style };
  }

  /** JSON/JS rather than Python: compact separators or JS's `Infinity`/`NaN`. */
  private looksLikeJson(start: number, end: number): boolean {
    const body = this.text.slice(start, Math.min(end, start + 200));
    return /Infinity|NaN/.test(body) || /,[^\s\])]/.test(body);
  }

  private *parseSequence(i: number, kind: 'list' | 'tuple', depth: number, values: number[]): Steps<Sequence | undefined> {
    const open = kind === 'list' ? CH.lbracket : CH.lparen;
    const close = kind === 'list' ? CH.rbracket : CH.rparen;
    const closeLabel = kind === 'list' ? "']'" : "')'";
    let p = this.skipSpace(i + 1);
    if (this.at(p) === close) return { end: p + 1, count: 0, separator: 'none' };
    const rows = this.at(p) === open;
    if (rows && depth >= maxDepth) {
      return this.fail('too-deep', `only vectors and batches of rows are supported: a third level of nesting starts at ${describePosition(this.text, p)}`, p, 1);
    }
    const rowLengths: number[] = [];
    const rowStarts: number[] = [];
    let separator: Sequence['separator'] = 'none';
    let count = 0;
    for (;;) {
      const itemStart = p;
      let itemEnd: number;
      if (rows) {
        if (this.at(p) !== open) return this.failExpected(`'${kind === 'list' ? '[' : '('}' (a row of the batch)`, p);
        const before = values.length;
        const row = yield* this.parseSequence(p, kind, depth + 1, values);
        if (!row) return undefined;
        rowLengths.push(values.length - before);
        rowStarts.push(itemStart);
        itemEnd = row.end;
      } else {
        const tokenEnd = scanNumberEnd(this.text, p, this.limit);
        if (tokenEnd < 0) {
          if (this.at(p) === open && depth >= maxDepth) {
            return this.fail('too-deep', `only vectors and batches of rows are supported: a third level of nesting starts at ${describePosition(this.text, p)}`, p, 1);
          }
          if (this.isEllipsis(p)) return this.failAbbreviated(p);
          return this.failExpected('a number', p);
        }
        values.push(lastScanned.value);
        itemEnd = tokenEnd;
        if (values.length % this.pauseEvery === 0) yield tokenEnd;
      }
      count++;
      p = this.skipSpace(itemEnd);
      const c = this.at(p);
      if (c === close) return { end: p + 1, count, separator, ...(rows ? { rowLengths, rowStarts } : {}) };
      if (c === CH.comma) {
        if (separator === 'none') separator = 'comma';
        p = this.skipSpace(p + 1);
        if (this.at(p) === close) return { end: p + 1, count, separator, ...(rows ? { rowLengths, rowStarts } : {}) };
        continue;
      }
      if (this.isEllipsis(p)) return this.failAbbreviated(p);
      if (p > itemEnd && kind === 'list' && separator !== 'comma' && p < this.limit) {
        // NumPy's print-out separates by spaces (and wraps long rows over lines).
        separator = 'space';
        continue;
      }
      return this.failExpected(`',' or ${closeLabel}`, p);
    }
  }

  private isEllipsis(p: number): boolean {
    return this.at(p) === CH.ellipsis || matchesExact(this.text, p, this.limit, '...');
  }

  private failAbbreviated(p: number): undefined {
    return this.fail(
      'abbreviated',
      `the print-out is abbreviated with '...' at ${describePosition(this.text, p)}: print the full array (e.g. numpy.set_printoptions(threshold=sys.maxsize) or torch.set_printoptions(profile="full"))`,
      p,
      this.at(p) === CH.ellipsis ? 1 : 3,
    );
  }

  /** `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}` (also pmatrix, vmatrix). */
  parseEnvironment(i: number): Literal | undefined {
    const nameStart = i + 7;
    const closeBrace = this.text.indexOf('}', nameStart);
    if (closeBrace < 0 || closeBrace >= this.limit || closeBrace - nameStart > 20) return undefined;
    const name = this.text.slice(nameStart, closeBrace);
    const style = latexEnvironments.get(name);
    if (!style) return undefined;
    const endTag = `\\end{${name}}`;
    const values: number[] = [];
    const rowLengths: number[] = [];
    const rowStarts: number[] = [];
    let cells = 0;
    let p = this.skipSpace(closeBrace + 1);
    let rowStart = p;
    for (;;) {
      if (matchesExact(this.text, p, this.limit, endTag)) {
        if (cells > 0) {
          rowLengths.push(cells);
          rowStarts.push(rowStart);
        }
        p += endTag.length;
        break;
      }
      const token = scanNumber(this.text, p, this.limit);
      if (!token) {
        if (this.isEllipsis(p) || matchesExact(this.text, p, this.limit, '\\cdots') || matchesExact(this.text, p, this.limit, '\\vdots') || matchesExact(this.text, p, this.limit, '\\ldots')) {
          return this.fail('abbreviated', `the matrix is abbreviated at ${describePosition(this.text, p)}: write out every entry`, p, 1);
        }
        return this.failExpected('a number', p);
      }
      values.push(token.value);
      cells++;
      p = this.skipSpace(token.end);
      if (this.at(p) === CH.amp) {
        p = this.skipSpace(p + 1);
        continue;
      }
      if (this.at(p) === CH.backslash && this.at(p + 1) === CH.backslash) {
        rowLengths.push(cells);
        rowStarts.push(rowStart);
        cells = 0;
        p = this.skipSpace(p + 2);
        if (this.at(p) === CH.lbracket) {
          // \\[2pt] row spacing
          const close = this.text.indexOf(']', p);
          if (close < 0 || close >= this.limit) return this.failExpected("']'", this.limit);
          p = this.skipSpace(close + 1);
        }
        rowStart = p;
        continue;
      }
      if (matchesExact(this.text, p, this.limit, endTag)) continue;
      return this.failExpected(`'&', '\\\\' or '${endTag}'`, p);
    }
    const rowsCount = rowLengths.length;
    if (rowsCount === 0) return this.fail('empty-vector', `the ${name} at ${describePosition(this.text, i)} is empty`, i, p - i);
    const cols = rowLengths[0] ?? 0;
    let shape: number[];
    if (rowsCount === 1) shape = [cols];
    else if (rowLengths.every((n) => n === 1)) shape = [rowsCount];
    else {
      for (let r = 1; r < rowsCount; r++) {
        if (rowLengths[r] !== cols) {
          const start = rowStarts[r] ?? i;
          return this.fail(
            'ragged',
            `row ${r + 1} at ${describePosition(this.text, start)} has ${rowLengths[r]} number${rowLengths[r] === 1 ? '' : 's'}, but row 1 has ${cols}: a matrix must have rows of equal length`,
            start,
            1,
          );
        }
      }
      shape = [rowsCount, cols];
    }
    return { values, shape, start: i, end: p, style };
  }

  /** `\left[ 2, 1, 0.1 \right]` and `\left( … \right)`. */
  parseLeftRight(i: number): Literal | undefined {
    let p = i + 5;
    const open = this.at(p);
    let closeTag: string;
    if (open === CH.lbracket) closeTag = '\\right]';
    else if (open === CH.lparen) closeTag = '\\right)';
    else return undefined;
    p = this.skipSpace(p + 1);
    const values: number[] = [];
    for (;;) {
      const token = scanNumber(this.text, p, this.limit);
      if (!token) {
        if (this.isEllipsis(p) || matchesExact(this.text, p, this.limit, '\\ldots') || matchesExact(this.text, p, this.limit, '\\dots')) {
          return this.fail('abbreviated', `the vector is abbreviated at ${describePosition(this.text, p)}: write out every entry`, p, 1);
        }
        return this.failExpected('a number', p);
      }
      values.push(token.value);
      p = this.skipSpace(token.end);
      if (this.at(p) === CH.comma) {
        p = this.skipSpace(p + 1);
        continue;
      }
      if (matchesExact(this.text, p, this.limit, closeTag)) {
        p += closeTag.length;
        break;
      }
      return this.failExpected(`',' or '${closeTag}'`, p);
    }
    return { values, shape: [values.length], start: i, end: p, style: 'latex-left' };
  }
}
