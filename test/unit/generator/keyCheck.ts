// The generator's key, checked against the notes' numeric twins (shared by the generator tests).
import assert from 'node:assert/strict';
import { close, evaluate, type Node } from '../../generator/ast';
import { DIMENSIONS, drawPoints, TEMPLATES, type GeneratedNote, type Rng } from '../../generator/index';

/** The twins' values of each step at the note's stored points and at ten fresh ones. */
export interface TwinValues {
  vals: number[][];
  freshVals: number[][];
  same: (a: number[], b: number[]) => boolean;
}

function twinValues(n: GeneratedNote, rng: Rng): TwinValues {
  const { chain, points, options, target } = n.twin;
  const tpl = TEMPLATES.find((t) => t.name === n.template)!;
  const fresh = drawPoints(rng, tpl, target, 10);
  const at = (node: Node, ps: typeof points): number[] => ps.map((p) => evaluate(node, p, options));
  return { vals: chain.map((c) => at(c, points)), freshVals: chain.map((c) => at(c, fresh)), same: (a, b) => a.every((v, k) => close(v, b[k]!)) };
}

/**
 * The key is what the twins give: each step is on its line, must steps differ from the step before,
 * the others equal it (at fresh points too), the key's must lines are the must steps' lines, and a
 * correct note has an empty key. Returns the twins' values for further checks.
 */
export function assertKeyHolds(n: GeneratedNote, rng: Rng): TwinValues {
  const twins = twinValues(n, rng);
  const { vals, freshVals, same } = twins;
  const lines = n.markdown.split('\n');
  assert.equal(n.twin.chain.length, n.steps.length, `${n.seed}: one twin per step`);
  n.steps.forEach((s, u) => {
    assert.ok(lines[s.line - 1]!.includes(s.latex), `${n.seed}: step ${u} is on line ${s.line}`);
    if (u === 0) return;
    if (s.status === 'must') assert.ok(!same(vals[u]!, vals[u - 1]!), `${n.seed}: must step ${u} differs`);
    // Equal to the step before: at the stored points and at ten new ones.
    else assert.ok(same(vals[u]!, vals[u - 1]!) && same(freshVals[u]!, freshVals[u - 1]!), `${n.seed}: step ${u} (${s.status}) equals its predecessor`);
  });
  const mustLines = new Set(n.steps.filter((s) => s.status === 'must').map((s) => s.line));
  assert.deepEqual(new Set(n.key.filter((k) => k.verdict === 'must').map((k) => k.line)), mustLines);
  if (!n.mutation) assert.deepEqual(n.key, [], `${n.seed}: a correct note has an empty key`);
  return twins;
}

/** Every value of the given dimensions, and the values added to older dimensions, as [dimension, value]. */
export function classesOf(dimensions: readonly (keyof typeof DIMENSIONS)[], values: Readonly<Record<string, readonly string[]>>): [string, string][] {
  const out: [string, string][] = [];
  for (const d of dimensions) for (const v of DIMENSIONS[d]) out.push([d, v]);
  for (const [d, vs] of Object.entries(values)) for (const v of vs) out.push([d, v]);
  return out;
}
