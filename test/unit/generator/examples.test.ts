// The worked-example generator (test/generator/examples.ts): its key, and the checker on a sample of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { generateExamples } from '../../generator/examples';
import { checkMarkdown } from '../../../src/core/checker/index';

const notes = generateExamples({ seed: 3, count: 60 });

test('a mutated example has one must line, on the step whose numbers were changed; a correct one none', () => {
  for (const n of notes) {
    if (n.mutation) {
      assert.equal(n.key.length, 1, n.markdown);
      assert.match(n.markdown.split('\n')[n.key[0]!.line - 1]!, /=|\\approx/);
    } else assert.equal(n.key.length, 0);
  }
  assert.ok(notes.some((n) => n.mutation) && notes.some((n) => !n.mutation));
  // Deterministic: the same seed gives the same notes.
  assert.deepEqual(generateExamples({ seed: 3, count: 5 }).map((n) => n.markdown), notes.slice(0, 5).map((n) => n.markdown));
});

test('the checker raises no false alarm on the older examples and finds most planted mistakes', () => {
  // The older styles only: the added styles (torch print-outs, columns, percentages) are measured by eval:generated.
  let must = 0;
  let hit = 0;
  for (const n of generateExamples({ seed: 3, count: 60, older: true })) {
    const lineOf = (o: number): number => n.markdown.slice(0, o).split('\n').length;
    const flagged = new Set(checkMarkdown(n.markdown).findings.filter((f) => f.severity === 'warning').map((f) => lineOf(f.offset)));
    const key = new Set(n.key.map((k) => k.line));
    assert.deepEqual([...flagged].filter((l) => !key.has(l)), [], n.markdown);
    must += key.size;
    hit += [...key].filter((l) => flagged.has(l)).length;
  }
  assert.ok(hit >= 0.9 * must, `${hit} of ${must}`);
});

test('the added example styles write a torch print-out, a column or percentages, with the key on the changed step, in LaTeX that KaTeX renders', () => {
  const many = generateExamples({ seed: 5, count: 300 });
  const seen = new Set(many.map((n) => `${n.dims['example-vectorAdded']}/${n.dims['example-probability']}`));
  for (const v of ['none', 'pmatrix-col', 'tensor']) assert.ok([...seen].some((s) => s.startsWith(`${v}/`)), v);
  for (const n of many) {
    if (n.dims['example-vectorAdded'] === 'tensor') assert.match(n.markdown, /\\text\{tensor\}\(\[/);
    if (n.dims['example-vectorAdded'] === 'pmatrix-col') assert.match(n.markdown, /\\begin\{pmatrix\} [^&]*\\\\/);
    if (n.dims['example-probability'] === 'percent') {
      // Each percentage is its probability's decimal times 100, to the same digits.
      const line = n.markdown.split('\n').find((l) => l.includes('\\mathrm{softmax}'))!;
      assert.match(line, /\d\\%/);
    }
    if (n.mutation) assert.equal(n.key.length, 1);
    for (const m of n.markdown.matchAll(/\$\$\n([^$]+)\n\$\$|\$([^$\n]+)\$/g)) {
      const tex = (m[1] ?? m[2])!;
      assert.doesNotThrow(() => katex.renderToString(tex, { throwOnError: true, displayMode: true }), tex);
    }
  }
  // The older examples are the examples as they were: no added style.
  for (const n of generateExamples({ seed: 5, count: 50, older: true })) assert.equal(n.dims['example-vectorAdded'], undefined);
});
