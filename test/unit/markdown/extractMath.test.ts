import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { disabledRanges, extractMath, findDirectives, isDisabled, type MathSpan } from '../../../src/core/markdown/index';

/** The spans as [delimiter, source text of the whole span, tex] for compact assertions. */
function spans(markdown: string, options?: { backslashDelimiters?: boolean }): [string, string, string][] {
  return extractMath(markdown, options).map((s) => [s.delimiter, markdown.slice(s.offset, s.offset + s.length), s.tex]);
}

function only(markdown: string): MathSpan {
  const all = extractMath(markdown);
  assert.equal(all.length, 1, `expected one span in ${JSON.stringify(markdown)}, got ${JSON.stringify(all)}`);
  return all[0] as MathSpan;
}

describe('extractMath: delimiters and exact offsets', () => {
  test('inline $…$ with offsets of the span and of the TeX', () => {
    const md = 'Let $s_i = e^{a_i}$ be given.';
    assert.deepEqual(only(md), { tex: 's_i = e^{a_i}', texOffset: 5, offset: 4, length: 15, display: false, delimiter: '$' });
  });

  test('$$ block over several lines: TeX runs from after the opening to the closing delimiter', () => {
    const md = 'Text\n\n$$\n\\frac{\\partial L}{\\partial a_i}\n= s_i - t_i\n$$\nmore';
    const s = only(md);
    assert.equal(s.delimiter, '$$');
    assert.equal(s.display, true);
    assert.equal(s.offset, 6);
    assert.equal(md.slice(s.offset, s.offset + s.length), '$$\n\\frac{\\partial L}{\\partial a_i}\n= s_i - t_i\n$$');
    assert.equal(s.texOffset, 8);
    assert.equal(s.tex, '\n\\frac{\\partial L}{\\partial a_i}\n= s_i - t_i\n');
  });

  test('$$x$$ on one line is a block; content on the opening and closing lines is kept', () => {
    assert.deepEqual(spans('$$x = 1$$\n'), [['$$', '$$x = 1$$', 'x = 1']]);
    assert.deepEqual(spans('$$ a = b\n= c $$\n'), [['$$', '$$ a = b\n= c $$', ' a = b\n= c ']]);
  });

  test('$$$$$ opens an unclosed block (its one `$$` does not end the line as a closing one), as the preview has it', () => {
    // Found by the property test against the stock plugin: the `$$` after the opening starts at 0.
    const spans = extractMath('$$$$$\n', { backslashDelimiters: false });
    assert.deepEqual(spans.map((x) => x.tex), ['$$$']);
    assert.deepEqual(extractMath('$$$x$$\n').map((x) => x.tex), ['$x']);
  });

  test('$$…$$ inside a paragraph is display math', () => {
    const md = 'so $$y = 2$$ holds';
    const s = only(md);
    assert.equal(s.display, true);
    assert.equal(s.offset, 3);
    assert.equal(s.texOffset, 5);
    assert.equal(s.tex, 'y = 2');
  });

  test('```math and ~~~math fences, closed and unclosed', () => {
    const md = 'a\n\n```math\nx = y\n```\n\n~~~ Math\nz\n~~~\n';
    assert.deepEqual(spans(md), [
      ['fence', '```math\nx = y\n```', 'x = y'],
      ['fence', '~~~ Math\nz\n~~~', 'z'],
    ]);
    assert.deepEqual(spans('```math\nq\nr'), [['fence', '```math\nq\nr', 'q\nr']]);
  });

  test('\\(…\\) and \\[…\\] (not rendered by the preview, accepted by default, can be turned off)', () => {
    const md = 'inline \\(a = b\\) and\n\\[\nc = d\n\\]\n';
    assert.deepEqual(spans(md), [
      ['\\(', '\\(a = b\\)', 'a = b'],
      ['\\[', '\\[\nc = d\n\\]', '\nc = d\n'],
    ]);
    assert.equal(extractMath(md)[1]?.display, true);
    assert.equal(extractMath(md)[0]?.display, false);
    assert.deepEqual(spans(md, { backslashDelimiters: false }), []);
  });

  test('spans come in document order', () => {
    const md = '$a$\n\n$$\nb\n$$\n\n\\(c\\) $d$\n\n```math\ne\n```';
    assert.deepEqual(
      extractMath(md).map((s) => s.tex.trim()),
      ['a', 'b', 'c', 'd', 'e'],
    );
  });

  test('UTF-16 offsets after astral characters and CJK text', () => {
    const md = '😀 当 $i = j$ 时';
    const s = only(md);
    assert.equal(s.offset, md.indexOf('$'));
    assert.equal(s.offset, 5);
    assert.equal(s.tex, 'i = j');
  });

  test('CRLF line endings: offsets are offsets in the original text', () => {
    const md = 'x\r\n\r\n$$\r\na = b\r\n$$\r\n\r\nthen $c$\r\n';
    const all = extractMath(md);
    assert.equal(all.length, 2);
    const [block, inline] = all as [MathSpan, MathSpan];
    assert.equal(md.slice(block.offset, block.offset + block.length), '$$\r\na = b\r\n$$');
    assert.equal(md.slice(block.texOffset, block.texOffset + block.tex.length), block.tex);
    assert.equal(inline.offset, md.lastIndexOf('$c$'));
    assert.equal(inline.tex, 'c');
  });

  test('math in a list item and in a heading', () => {
    const md = '# Softmax $s_i$ #\n\n- first $x$\n  continued $y$\n';
    assert.deepEqual(spans(md), [
      ['$', '$s_i$', 's_i'],
      ['$', '$x$', 'x'],
      ['$', '$y$', 'y'],
    ]);
  });

  test('math in table cells, twice the same text', () => {
    const md = '| a | b |\n|---|---|\n| $x$ | $x$ |\n';
    const all = extractMath(md);
    assert.deepEqual(
      all.map((s) => s.offset),
      [md.indexOf('$x$'), md.lastIndexOf('$x$')],
    );
  });

  test('multi-line math in a blockquote: markers are blanked, offsets stay one-to-one', () => {
    const md = '> $$\n> a = b\n> = c\n> $$\n';
    const s = only(md);
    assert.equal(s.offset, 2);
    assert.equal(md.slice(s.offset, s.offset + s.length), '$$\n> a = b\n> = c\n> $$');
    assert.equal(s.tex, '\n  a = b\n  = c\n  ');
    assert.equal(s.tex.length, md.slice(s.texOffset, md.lastIndexOf('$$')).length);
    const inline = only('> see $a +\n> b$ here');
    assert.equal(inline.tex, 'a +\n  b');
  });
});

describe('extractMath: what is not math', () => {
  test('code spans, fenced code, indented code', () => {
    assert.deepEqual(spans('`$x$` and ``$$y$$``'), []);
    assert.deepEqual(spans('```\n$$\nx\n$$\n```\n'), []);
    assert.deepEqual(spans('```python\nprice = "$x$"\n```\n'), []);
    assert.deepEqual(spans('para\n\n    $x$ indented code\n'), []);
  });

  test('HTML comments and HTML blocks', () => {
    assert.deepEqual(spans('<!-- $x = 1$ -->\n\ntext'), []);
    assert.deepEqual(spans('a <!-- $x$ --> b'), []);
    assert.deepEqual(spans('<div>\n$x$\n</div>\n'), []);
  });

  test('escaped dollars and currency', () => {
    assert.deepEqual(spans('costs \\$5 and \\$6'), []);
    assert.deepEqual(spans('costs $5 and $6 today'), []);
    assert.deepEqual(spans('a$b$c'), []);
    assert.deepEqual(spans('$x\\$$'), [['$', '$x\\$$', 'x\\$']]);
  });

  test('a bare URL is a link (linkify), dollars in it included', () => {
    assert.deepEqual(spans('see https://example.com/$x$ and $y$'), [['$', '$y$', 'y']]);
  });

  test('VS Code: $ followed by . ( # \' " , ; never opens math', () => {
    assert.deepEqual(spans('$.ajax and $(sel)$'), []);
    assert.deepEqual(spans('$#x$'), []);
    assert.deepEqual(spans('run $(pwd) = x$ now'), []);
  });

  test('math that opens with a bracket is math when it is unmistakably TeX (a relation and a command or script)', () => {
    assert.deepEqual(spans('so $(\\nabla_z L)_i = p_i - y_i$.'), [['$', '$(\\nabla_z L)_i = p_i - y_i$', '(\\nabla_z L)_i = p_i - y_i']]);
    assert.deepEqual(spans('$(a + b)^2 = a^2 + 2ab + b^2$'), [['$', '$(a + b)^2 = a^2 + 2ab + b^2$', '(a + b)^2 = a^2 + 2ab + b^2']]);
    // A line break before the closing $, or no relation: not math.
    assert.deepEqual(spans('see $(x_1)$ here'), []);
    assert.deepEqual(spans('see $(y)\n= 2$ here'), []);
  });

  test('empty delimiters', () => {
    assert.deepEqual(spans('a $$$$ b'), []);
    // At the start of a line the block rule takes it: an empty block, as the preview renders it.
    assert.deepEqual(spans('$$$$'), [['$$', '$$$$', '']]);
    assert.deepEqual(spans('a $$ b'), []);
  });

  test('front matter is hidden like the preview hides it', () => {
    assert.deepEqual(spans('---\ntitle: $x$\n---\n\n$y$'), [['$', '$y$', 'y']]);
  });

  test('a one-line $$…$$ followed by spaces is closed (as GitHub, MathJax and Typora read it); the preview\'s reading on request', () => {
    const md = '$$a = 1$$  \n\ntext\n\n$$b = 2$$\n';
    assert.deepEqual(extractMath(md).map((s) => [s.tex, s.offset, s.length]), [['a = 1', 0, 9], ['b = 2', md.indexOf('$$b'), 9]]);
    // VS Code's preview: the first $$ opens a block that the next line with $$ closes.
    assert.equal(extractMath(md, { trailingSpaceCloses: false }).length, 1);
  });

  test('an unclosed $$ block runs to the end of the note, as in the preview', () => {
    assert.deepEqual(spans('$$\na = b\n\nstill math'), [['$$', '$$\na = b\n\nstill math', '\na = b\n\nstill math']]);
  });
});

describe('findDirectives and disabledRanges', () => {
  const md = [
    '<!-- softmax-lens-disable-next-block -->',
    '$$',
    'a = b',
    '$$',
    '',
    '$$',
    'c = d',
    '$$',
    '',
    '```',
    '<!-- softmax-lens-disable -->',
    '```',
    'text <!--softmax-lens-disable-next-block--> $e$',
  ].join('\n');

  test('only real comments count, with offsets', () => {
    assert.deepEqual(findDirectives(md), [
      { offset: 0, kind: 'disable-next-block' },
      { offset: md.indexOf('<!--softmax'), kind: 'disable-next-block' },
    ]);
    assert.deepEqual(findDirectives('x\n\n<!-- softmax-lens-disable -->\n'), [{ offset: 3, kind: 'disable-file' }]);
  });

  test('disable-next-block covers the next math span only', () => {
    const ranges = disabledRanges(md);
    assert.notEqual(ranges, 'all');
    const [first, second] = extractMath(md) as [MathSpan, MathSpan, MathSpan];
    assert.equal(isDisabled(ranges, first.texOffset + 1), true);
    assert.equal(isDisabled(ranges, second.texOffset + 1), false);
    assert.equal(isDisabled(ranges, md.indexOf('$e$') + 1), true);
  });

  test('disable-file disables everything', () => {
    const ranges = disabledRanges('$$\na\n$$\n<!-- softmax-lens-disable -->\n');
    assert.equal(ranges, 'all');
    assert.equal(isDisabled(ranges, 0), true);
  });
});
