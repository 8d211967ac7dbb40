import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractMarkdown, extractMarkdownIncremental, extractMath, MAX_INLINE_BLOCK_CHARS, STEP_LIMITS, type MarkdownExtraction, type StepLimits } from '../../../src/core/markdown/index';
import { getParser } from '../../../src/core/markdown/parser';
import { blockStateSteps, INLINE_CHUNK, parseBlocksSliced, parseInlineSliced } from '../../../src/core/markdown/slicedParse';
import { prepareSource, prepareSourceSteps } from '../../../src/core/markdown/sourceText';

const notesDir = join('test', 'fixtures', 'notes');
const fixtures = readdirSync(notesDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(notesDir, f), 'utf8') }));

/** Markdown from the pieces that matter to block structure and math, glued at random. */
const pieces = [
  '$', '$$', '\\$', '\\', '`', '```', '```math\n', '\n', '\n\n', '\r\n', '> ', '- ', '1. ', '    ', 'x', 'a_i', ' = ', '{', '}',
  '<!-- softmax-lens-disable-next-block -->', '<span>', '</span>', '<div>\n', '# ', '| a | b |\n|---|---|\n', ' | ', '\\(', '\\)',
  '\\[', '\\]', '\\begin{aligned}', '\\end{aligned}', '&=', '\\\\', '当', '😀', '.', '(', 'https://a.com/', '---\n', '===\n', '*', '_', '[', ']',
  '[r]: /u\n', '\0', '$x$', ' $a_i$ ', '$$\n', '\n$$\n', '\n> $$\n> ', 'y $$ z', '$$x = y$$', '$$x$$  \n',
];
const markdownArb = fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((parts) => parts.join(''));

type Token = ReturnType<ReturnType<typeof getParser>['parse']>[number];
const settings = { backslashDelimiters: true, trailingSpaceCloses: true };

/** What extraction reads of a token stream: block tokens whole, and the math and HTML among the inline children. */
function shape(tokens: readonly Token[]): unknown[] {
  return tokens.map((t) => ({
    type: t.type, map: t.map, content: t.content, info: t.info, meta: t.meta, level: t.level,
    children: (t.children ?? []).filter((c) => c.meta !== null && c.meta !== undefined).map((c) => ({ type: c.type, content: c.content, meta: c.meta })),
  }));
}

/** markdown-it's own one-shot parse. */
function oneShotTokens(markdown: string): unknown[] {
  return shape(getParser(settings).parse(prepareSource(markdown).normalized, {}));
}

/** The sliced parse, driven to the end; counts the steps it took. */
function slicedTokens(markdown: string): { tokens: unknown[]; steps: number } {
  const md = getParser(settings);
  const env = {};
  let steps = 0;
  const source = prepareSource(markdown);
  const blocks = parseBlocksSliced(md, source.normalized, source.lineStarts, env);
  let b = blocks.next();
  for (; !b.done; b = blocks.next()) steps++;
  for (const token of b.value) {
    if (token.type !== 'inline') continue;
    const inline = parseInlineSliced(md, token.content, env);
    let i = inline.next();
    for (; !i.done; i = inline.next()) steps++;
    token.children = i.value;
  }
  return { tokens: shape(b.value), steps };
}

/**
 * Drives the incremental extraction one step at a time, running another note's extraction between
 * every two steps (which replaces the module's one-entry cache and the parser's memo of failed
 * searches): slicing must not lean on shared state.
 */
function sliced(markdown: string, limits?: StepLimits): { result: MarkdownExtraction; steps: number } {
  extractMath(`evict ${markdown.length} $y$`);
  const gen = extractMarkdownIncremental(markdown, undefined, limits);
  let steps = 0;
  for (let step = gen.next(); ; step = gen.next()) {
    if (step.done) return { result: step.value, steps };
    steps++;
    extractMath(`other \\(z\\) ${steps} $x_${steps}$ \\(`);
  }
}

describe('sliced parse: the same tokens as markdown-it in one go', () => {
  test('on every fixture note', () => {
    for (const { name, text } of fixtures) assert.deepEqual(slicedTokens(text).tokens, oneShotTokens(text), name);
  });

  test('on generated markdown', () => {
    fc.assert(fc.property(markdownArb, (markdown) => {
      assert.deepEqual(slicedTokens(markdown).tokens, oneShotTokens(markdown));
    }), { numRuns: 400 });
  });

  test('a paragraph longer than one inline step is paused inside and still parsed the same', () => {
    const paragraph = 'Text with $a_i$, **bold [link](u) `code $x$`** and \\(s_i\\) <!-- c --> _e_ '.repeat(Math.ceil((3 * INLINE_CHUNK) / 70));
    assert.ok(paragraph.length > 3 * INLINE_CHUNK && paragraph.length < MAX_INLINE_BLOCK_CHARS);
    const { tokens, steps } = slicedTokens(paragraph);
    assert.deepEqual(tokens, oneShotTokens(paragraph));
    assert.ok(steps >= 3, `${steps} steps`);
  });
});

describe('incremental extraction: the same result as one-shot extraction', () => {
  test('on every fixture note, in more than one step', () => {
    for (const { name, text } of fixtures) {
      const { result, steps } = sliced(text);
      assert.deepEqual(result, extractMarkdown(text), name);
      assert.ok(result.math.length > 0, name);
      assert.ok(steps > 2, `${name}: ${steps} steps`);
    }
  });

  test('on generated markdown', () => {
    fc.assert(fc.property(markdownArb, (markdown) => {
      assert.deepEqual(sliced(markdown).result, extractMarkdown(markdown));
    }), { numRuns: 300 });
  });
});

describe('extraction is bounded: a huge paragraph is reported, never parsed, never silent', () => {
  const MB10 = 10 * 1024 * 1024;
  /** Six passes over the text in `prepareChars` pieces, plus a few single steps. */
  const maxPassSteps = (text: string): number => 6 * Math.ceil(text.length / STEP_LIMITS.prepareChars) + 10;
  for (const [name, text] of [
    ['10 MB of backslashes', '\\'.repeat(MB10)],
    ['10 MB of $', '$'.repeat(MB10)],
    ['10 MB of _*[ with one $x$', `${'_*['.repeat(MB10 / 3)}$x$`],
  ] as const) {
    test(name, () => {
      const { result, steps } = sliced(text);
      // A handful of counted passes over the text (prepare, block state, one block, the refusal), not millions of steps.
      assert.ok(steps <= maxPassSteps(text), `${steps} steps`);
      assert.deepEqual(result.math, []);
      assert.deepEqual(result.unread, [{ offset: 0, length: text.length, size: text.length }]);
    });
  }

  test('10 MB of _*[ holds no math for certain: nothing to report, nothing parsed', () => {
    const text = '_*['.repeat(MB10 / 3);
    const { result, steps } = sliced(text);
    assert.ok(steps <= maxPassSteps(text), `${steps} steps`);
    assert.deepEqual(result, { math: [], directives: [], unread: [] });
  });

  test('the limit is exact, and the math around a huge paragraph keeps its offsets', () => {
    const filler = (n: number): string => `$q$ ${'w'.repeat(n - 4)}`;
    const atLimit = filler(MAX_INLINE_BLOCK_CHARS);
    const over = filler(MAX_INLINE_BLOCK_CHARS + 1);
    assert.equal(atLimit.length, MAX_INLINE_BLOCK_CHARS);
    const before = '# T\n\n$$\na = b\n$$\n\n';
    const markdown = `${before}${atLimit}\n\n> ${over}\n\nend $c_i$\r\n`;
    const { math, unread } = extractMarkdown(markdown);
    assert.deepEqual(math.map((s) => [s.tex, s.offset]), [
      ['\na = b\n', before.indexOf('$$')],
      ['q', before.length],
      ['c_i', markdown.indexOf('$c_i$')],
    ]);
    const quoteAt = before.length + atLimit.length + 2;
    assert.deepEqual(unread, [{ offset: quoteAt, length: over.length + 2, size: over.length }]);
  });

  test('many huge paragraphs: one report each, in document order', () => {
    const big = `$x$${' y'.repeat(MAX_INLINE_BLOCK_CHARS)}`;
    const markdown = [big, 'small $z$', big, big].join('\n\n');
    const { math, unread } = extractMarkdown(markdown);
    assert.deepEqual(math.map((s) => s.tex), ['z']);
    const second = big.length + 2 + 'small $z$'.length + 2;
    assert.deepEqual(unread.map((u) => u.offset), [0, second, second + big.length + 2]);
    assert.ok(unread.every((u) => u.size === big.length && u.length === big.length));
  });
});

/** Limits so small that every pause point (mid-line, mid-block run, mid-copy) is taken. */
const tinyLimits: StepLimits = { prepareChars: 3, stateLines: 2, blockLines: 1, inlineChars: 1, copyItems: 1 };
const oddLimits: StepLimits = { prepareChars: 7, stateLines: 5, blockLines: 3, inlineChars: 11, copyItems: 2 };
/** Notes that reach the preparation's branches: CRLF and lone CR, front matter (closed, unclosed, longer marker), NULs, blank last lines, tabs. */
const edgeNotes = [
  '', '\n', '   ', 'a\n  ', 'a\n\t \n', '\t\tx $y$\n  \t$$\n a\n$$', 'a\r\nb\rc\r\n\r\n$x$\r', '\r\r\n\r',
  '---\ntitle: $x$\n---\n$y$\n', '---  \r\na: $b$\r\n---\t\r\n$c$', '----\na\n---\n$q$\n----\n$r$', '---\n$never closed$\n', '---\n---', '---',
  'a\0b $x\0$\n\n\0', '> $$\n> a\n> $$\n\n- $x$\n  - $y$\n',
];

describe('bounded steps: any limits give the one-shot result', () => {
  test('the prepared text and line table, with tiny pieces', () => {
    for (const text of [...edgeNotes, ...fixtures.map((f) => f.text)]) {
      for (const chunk of [1, 2, 3, 7, 64]) {
        const steps = prepareSourceSteps(text, chunk);
        let step = steps.next();
        while (!step.done) step = steps.next();
        const expected = prepareSource(text);
        assert.equal(step.value.normalized, expected.normalized, JSON.stringify(text.slice(0, 40)));
        assert.deepEqual([...step.value.lineStarts], [...expected.lineStarts]);
        for (let i = 0; i <= text.length; i += 1 + (i >> 4)) assert.equal(step.value.toOriginal(Math.min(i, expected.normalized.length)), expected.toOriginal(Math.min(i, expected.normalized.length)));
      }
    }
  });

  test("markdown-it's block state arrays are the constructor's", () => {
    const md = getParser(settings);
    for (const text of [...edgeNotes, ...fixtures.map((f) => f.text), ' \t x\n\t\n    y\n\t \t'.repeat(5)]) {
      const source = prepareSource(text);
      const src = source.normalized.replace(/\0/g, '\uFFFD');
      for (const stateLines of [1, 2, 5, 1000]) {
        const steps = blockStateSteps(md, src, source.lineStarts, {}, [], stateLines);
        let step = steps.next();
        while (!step.done) step = steps.next();
        const real = new md.block.State(src, md, {}, []);
        const ours = step.value;
        for (const key of ['src', 'bMarks', 'eMarks', 'tShift', 'sCount', 'bsCount', 'lineMax', 'line', 'blkIndent', 'parentType', 'level'] as const) {
          assert.deepEqual(ours[key], real[key], `${key} of ${JSON.stringify(text.slice(0, 40))}`);
        }
      }
    }
  });

  test('on every fixture and edge note, with tiny and odd limits', () => {
    for (const { name, text } of [...fixtures, ...edgeNotes.map((text) => ({ name: JSON.stringify(text), text }))]) {
      const expected = extractMarkdown(text);
      for (const limits of [tinyLimits, oddLimits]) assert.deepEqual(sliced(text, limits).result, expected, name);
    }
  });

  test('on generated markdown, with tiny and odd limits', () => {
    fc.assert(fc.property(markdownArb, fc.constantFrom(tinyLimits, oddLimits), (markdown, limits) => {
      assert.deepEqual(sliced(markdown, limits).result, extractMarkdown(markdown));
    }), { numRuns: 300 });
  });

  test('a result from the one-note cache is copied in steps too, and is the same', () => {
    const text = fixtures[0]?.text ?? '$x$';
    const expected = extractMarkdown(text);
    const gen = extractMarkdownIncremental(text, undefined, tinyLimits);
    let steps = 0;
    let step = gen.next();
    for (; !step.done; step = gen.next()) steps++;
    assert.deepEqual(step.value, expected);
    assert.ok(steps >= expected.math.length - 1, `${steps} steps`);
  });

  test('a huge paragraph is refused the same way in tiny pieces', () => {
    const text = `# h\r\n\r\n${'w '.repeat(MAX_INLINE_BLOCK_CHARS)}<!-\r\n- $x$\r\n\r\nend $y$`;
    assert.deepEqual(sliced(text, { ...oddLimits, prepareChars: 1000 }).result, extractMarkdown(text));
  });
});
