// The worked-example generator (test/generator/examples.ts): its key, and the checker on a sample of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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

test('the checker raises no false alarm on the examples and finds most planted mistakes', () => {
  let must = 0;
  let hit = 0;
  for (const n of notes) {
    const lineOf = (o: number): number => n.markdown.slice(0, o).split('\n').length;
    const flagged = new Set(checkMarkdown(n.markdown).findings.filter((f) => f.severity === 'warning').map((f) => lineOf(f.offset)));
    const key = new Set(n.key.map((k) => k.line));
    assert.deepEqual([...flagged].filter((l) => !key.has(l)), [], n.markdown);
    must += key.size;
    hit += [...key].filter((l) => flagged.has(l)).length;
  }
  assert.ok(hit >= 0.9 * must, `${hit} of ${must}`);
});
