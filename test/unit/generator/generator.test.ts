// Unit tests of the note generator (test/generator), the measuring instrument of
// scripts/eval-generated.ts: determinism, coverage of every notation value, templates whose steps
// really agree, keys that really mark the differing steps, and LaTeX that KaTeX accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { add, mul, one, S } from '../../generator/ast';
import {
  DIMENSIONS, generateNote, generateNotes, MUTATION_KINDS, Rng, TemplateError, TEMPLATES, verifyTemplate, type GeneratedNote, type Template,
} from '../../generator/index';
import { assertKeyHolds } from './keyCheck';

let cached: GeneratedNote[] | undefined;
/** 1000 notes, generated once for the tests that look at many. */
function notes(): GeneratedNote[] {
  cached ??= generateNotes({ seed: 2024, count: 1000 });
  return cached;
}

test('generation is deterministic for a seed and differs between seeds', () => {
  const strip = (ns: GeneratedNote[]) => ns.map(({ markdown, key, dims, template, mutation }) => ({ markdown, key, dims, template, mutation }));
  const a = generateNotes({ seed: 5, count: 60 });
  const b = generateNotes({ seed: 5, count: 60 });
  assert.deepEqual(strip(a), strip(b));
  const c = generateNotes({ seed: 6, count: 60 });
  assert.notDeepEqual(strip(a).map((n) => n.markdown), strip(c).map((n) => n.markdown));
  assert.equal(generateNote(123, { mutate: true }).markdown, generateNote(123, { mutate: true }).markdown);
});

test('every dimension value, template, mutation kind and mode appears over 1000 notes; about a quarter are correct', () => {
  const seen = new Map<string, Set<string>>();
  for (const n of notes()) for (const [d, v] of Object.entries(n.dims)) (seen.get(d) ?? seen.set(d, new Set()).get(d)!).add(v);
  const missing: string[] = [];
  for (const [d, values] of Object.entries(DIMENSIONS)) for (const v of values) if (!seen.get(d)?.has(v)) missing.push(`${d}=${v}`);
  assert.deepEqual(missing, []);
  assert.deepEqual(new Set(notes().map((n) => n.template)), new Set(TEMPLATES.map((t) => t.name)));
  assert.deepEqual(new Set(notes().flatMap((n) => (n.mutation ? [n.mutation.kind] : []))), new Set(MUTATION_KINDS));
  assert.deepEqual(new Set(notes().flatMap((n) => (n.mutation ? [n.mutation.mode] : []))), new Set(['carried', 'fixed']));
  const correct = notes().filter((n) => !n.mutation).length;
  assert.ok(correct > 180 && correct < 320, `${correct} correct notes of 1000`);
  assert.ok(TEMPLATES.length >= 13);
});

test("every template's correct steps agree with their predecessors at random points", () => {
  for (const tpl of TEMPLATES) {
    for (const r of tpl.routes) assert.ok(r.steps.length >= 3 && r.steps.length <= 6, `${tpl.name}: 3–6 steps`);
    verifyTemplate(tpl, 11, 24);
  }
});

test('a template step that disagrees with its predecessor makes the generator throw', () => {
  // s_i(1 + s_i) for s_i(1 − s_i): a template bug, not a planted mistake.
  const good = TEMPLATES.find((t) => t.name === 'jacobian-diagonal')!;
  // (Without the route that splits a sum, which the third stream may draw instead.)
  const broken: Template = { ...good, name: 'broken', splitRoute: undefined, routes: good.routes.map((r) => ({ ...r, steps: [...r.steps.slice(0, -1), mul(S('i'), add(one, S('i')))] })) };
  assert.throws(() => verifyTemplate(broken), TemplateError);
  assert.throws(() => generateNote(1, { templates: [broken] }), TemplateError);
  assert.throws(() => generateNote(2, { templates: [broken], mutate: true }), TemplateError);
});

test('the key marks exactly the steps whose twins differ, at the stored and at fresh points', () => {
  const rng = new Rng(99);
  for (const n of notes()) {
    const { vals, same } = assertKeyHolds(n, rng);
    n.steps.forEach((s, u) => {
      if (u > 0 && s.status !== 'must') assert.equal(s.status === 'may', !same(vals[u]!, vals[0]!), `${n.seed}: step ${u} may iff wrong vs the start`);
    });
    if (n.mutation) {
      assert.ok(n.steps.some((s) => s.status === 'must'));
      assert.equal(n.steps[n.mutation.step]!.status, 'must');
      if (n.mutation.mode === 'fixed') assert.equal(n.steps[n.mutation.step + 1]!.status, 'must');
      else for (let u = n.mutation.step + 1; u < n.steps.length; u++) assert.equal(n.steps[u]!.status, 'may', `${n.seed}: carried step ${u}`);
    }
  }
});

test('every math span of every note is LaTeX that KaTeX renders', () => {
  for (const n of notes()) {
    for (const tex of n.math) {
      assert.ok(n.markdown.includes(tex.split('\n')[0]!), `${n.seed}: span is in the note`);
      assert.doesNotThrow(() => katex.renderToString(tex, { throwOnError: true, displayMode: true }), `${n.seed}: ${tex}`);
    }
  }
});
