import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTATIONS, normalizeNotation } from '../../../src/core/latex/notations';
import { parseMath } from '../../../src/core/latex/parse';

test('every registered notation rewrites its example, keeping the length', () => {
  for (const n of NOTATIONS) {
    const [from, to] = n.example;
    assert.equal(normalizeNotation(from), to, n.name);
    assert.equal(to.length, from.length, `${n.name} keeps offsets`);
  }
});

test('an escaped underscore reads as a subscript, with positions into the original', () => {
  const r = parseMath('s\\_i = \\frac{e^{z\\_i}}{\\sum\\_k e^{z\\_k}}');
  assert.ok(r.ok);
  const [lhs, rhs] = r.value.rows[0]!.items;
  assert.equal(lhs!.expr?.k, 'sym');
  assert.deepEqual(lhs!.expr?.k === 'sym' ? lhs!.expr.idx.map((i) => (i.k === 'sym' ? i.name : '?')) : [], ['i']);
  assert.equal(rhs!.expr?.k, 'div');
  assert.equal(rhs!.text, '\\frac{e^{z\\_i}}{\\sum\\_k e^{z\\_k}}');
});

test('an upright d is the differential d', () => {
  const r = parseMath('\\frac{\\mathrm{d}\\sigma}{\\mathrm{d}x} = 1');
  assert.ok(r.ok);
  assert.equal(r.value.rows[0]!.items[0]!.expr?.k, 'deriv');
});

test('a number with a power: 10^{-3}, 1^2, 0.5^2; ordinals, degrees and the vector of ones are not powers', () => {
  const value = (tex: string): string => {
    const r = parseMath(`${tex} = 1`);
    assert.ok(r.ok);
    const x = r.value.rows[0]!.items[0]!.expr!;
    return x.k === 'unknown' ? `unknown: ${x.why}` : JSON.stringify(x, (k, v: unknown) => (k === 's' || k === 'e' ? undefined : v));
  };
  assert.equal(value('10^{-3}'), '{"k":"pow","b":{"k":"num","v":10},"x":{"k":"neg","x":{"k":"num","v":3}}}');
  assert.equal(value('0.5^2'), '{"k":"pow","b":{"k":"num","v":0.5},"x":{"k":"num","v":2}}');
  assert.match(value('2^{nd}'), /ordinal/);
  assert.match(value('90^\\circ'), /degree/);
  // Written bold, the vector of ones is matrix notation: no scalar reading, its tree kept for the matrix reading.
  assert.match(value('\\mathbf{1}^T p'), /unknown: matrix notation/);
  const r = parseMath('\\mathbf{1}^T p = 1');
  assert.ok(r.ok);
  const x = r.value.rows[0]!.items[0]!.expr!;
  assert.ok(x.k === 'unknown' && x.matrix?.k === 'mul');
  assert.match(value('1^T p'), /vector of ones/);
});
