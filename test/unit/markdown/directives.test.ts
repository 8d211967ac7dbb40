import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { disableBlockInsertion, disableFileInsertion, mathSpanAt, type TextInsertion } from '../../../src/core/markdown/directives';
import { disabledRanges, extractMath, findDirectives, isDisabled } from '../../../src/core/markdown/index';

const apply = (markdown: string, insertion: TextInsertion): string =>
  markdown.slice(0, insertion.offset) + insertion.text + markdown.slice(insertion.offset);

/** Inserts the block directive for the span containing `needle` and checks what it disables. */
function disableAround(markdown: string, needle: string): string {
  const at = markdown.indexOf(needle);
  assert.ok(at !== -1);
  const insertion = disableBlockInsertion(markdown, at);
  assert.ok(insertion, 'an insertion for a math span');
  const edited = apply(markdown, insertion);
  const before = extractMath(markdown);
  const after = extractMath(edited);
  // The same math, rendered the same way: only the comment was added.
  assert.deepEqual(
    after.map((s) => [s.tex, s.display, s.delimiter]),
    before.map((s) => [s.tex, s.display, s.delimiter]),
  );
  const ranges = disabledRanges(edited);
  const disabled = after.filter((s) => isDisabled(ranges, s.offset));
  assert.deepEqual(
    disabled.map((s) => s.tex),
    [mathSpanAt(markdown, at)?.tex],
    'exactly the span around the finding is disabled',
  );
  return edited;
}

describe('disable directives: where the comment goes', () => {
  test('a $$ block on its own lines gets a comment line above it', () => {
    const md = 'Intro.\n\n$$\na = b\n$$\n\n$$\n= c\n$$\n';
    const edited = disableAround(md, '= c');
    assert.equal(edited, 'Intro.\n\n$$\na = b\n$$\n\n<!-- softmax-lens-disable-next-block -->\n$$\n= c\n$$\n');
  });

  test('indentation and blockquote markers are repeated', () => {
    assert.equal(
      disableAround('> quote\n>\n> $$\n> x = y\n> $$\n', 'x = y'),
      '> quote\n>\n> <!-- softmax-lens-disable-next-block -->\n> $$\n> x = y\n> $$\n',
    );
    assert.equal(
      disableAround('- item\n\n  $$\n  x = y\n  $$\n', 'x = y'),
      '- item\n\n  <!-- softmax-lens-disable-next-block -->\n  $$\n  x = y\n  $$\n',
    );
  });

  test('inline math gets an inline comment right before it', () => {
    const md = 'We have $a = b$ and $c = d$ here.';
    assert.equal(disableAround(md, 'c = d'), 'We have $a = b$ and <!-- softmax-lens-disable-next-block --> $c = d$ here.');
  });

  test('a block opening a list item', () => {
    const md = '- $$\n  x = y\n  $$\n';
    assert.equal(disableAround(md, 'x = y'), '<!-- softmax-lens-disable-next-block -->\n- $$\n  x = y\n  $$\n');
  });

  test('CRLF notes get CRLF', () => {
    const md = 'a\r\n\r\n$$\r\nx = y\r\n$$\r\n';
    assert.equal(disableAround(md, 'x = y'), 'a\r\n\r\n<!-- softmax-lens-disable-next-block -->\r\n$$\r\nx = y\r\n$$\r\n');
  });

  test('no math around the offset: nothing to insert', () => {
    assert.equal(disableBlockInsertion('just prose $x$', 2), undefined);
  });

  test('disable for the file: at the top, or after front matter', () => {
    const plain = '# Title\n\n$$x = y$$\n';
    const edited = apply(plain, disableFileInsertion(plain));
    assert.equal(edited, '<!-- softmax-lens-disable -->\n# Title\n\n$$x = y$$\n');
    assert.equal(disabledRanges(edited), 'all');

    const withFrontMatter = '---\ntitle: t\n---\n$$x = y$$\n';
    const edited2 = apply(withFrontMatter, disableFileInsertion(withFrontMatter));
    assert.equal(edited2, '---\ntitle: t\n---\n<!-- softmax-lens-disable -->\n$$x = y$$\n');
    assert.deepEqual(findDirectives(edited2), [{ offset: 17, kind: 'disable-file' }]);
  });
});
