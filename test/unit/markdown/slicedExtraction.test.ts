import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractMarkdown, extractMarkdownIncremental, extractMath, MAX_INLINE_BLOCK_CHARS, type MarkdownExtraction } from '../../../src/core/markdown/index';
import { getParser } from '../../../src/core/markdown/parser';
import { INLINE_CHUNK, parseBlocksSliced, parseInlineSliced } from '../../../src/core/markdown/slicedParse';
import { prepareSource } from '../../../src/core/markdown/sourceText';

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
  const blocks = parseBlocksSliced(md, prepareSource(markdown).normalized.replace(/\0/g, '\uFFFD'), env);
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
function sliced(markdown: string): { result: MarkdownExtraction; steps: number } {
  extractMath(`evict ${markdown.length} $y$`);
  const gen = extractMarkdownIncremental(markdown);
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
  for (const [name, text] of [
    ['10 MB of backslashes', '\\'.repeat(MB10)],
    ['10 MB of $', '$'.repeat(MB10)],
    ['10 MB of _*[ with one $x$', `${'_*['.repeat(MB10 / 3)}$x$`],
  ] as const) {
    test(name, () => {
      const { result, steps } = sliced(text);
      // A handful of counted steps (prepare, block state, one block, the refusal), not millions.
      assert.ok(steps <= 5, `${steps} steps`);
      assert.deepEqual(result.math, []);
      assert.deepEqual(result.unread, [{ offset: 0, length: text.length, size: text.length }]);
    });
  }

  test('10 MB of _*[ holds no math for certain: nothing to report, nothing parsed', () => {
    const text = '_*['.repeat(MB10 / 3);
    const { result, steps } = sliced(text);
    assert.ok(steps <= 5, `${steps} steps`);
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
