import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OfferRegistry } from '../../../src/extension/offers';
import { checkReplaceOffer, replaceOfferKey, type ReplaceOffer } from '../../../src/extension/checker/replaceOffer';

const note = { uri: 'file:///notes/a.md', version: 3, text: '$$\nf = s_i^2 - s_i\n$$\n' };
const offer: ReplaceOffer = { uri: note.uri, version: 3, offset: 7, length: 11, oldText: 's_i^2 - s_i', latex: 's_i(1 - s_i)' };

describe('offers: a command accepts only what it handed out', () => {
  test('the token it gave back is accepted, and only in the shape { offer }', () => {
    const offers = new OfferRegistry<ReplaceOffer>(replaceOfferKey);
    const argument = offers.offer(offer);
    assert.deepEqual(Object.keys(argument), ['offer']);
    assert.match(argument.offer, /^[0-9a-f]{32}$/);
    assert.deepEqual(offers.lookup(argument), { ok: true, token: argument.offer, value: offer });
    // The same offer made again (the quick fixes asked for again) keeps its token.
    assert.deepEqual(offers.offer({ ...offer }), argument);
    assert.equal(offers.size, 1);
  });

  test('forged arguments are refused: the old edit-anything shape, extra fields, unknown tokens, non-objects', () => {
    const offers = new OfferRegistry<ReplaceOffer>(replaceOfferKey);
    const { offer: token } = offers.offer(offer);
    assert.deepEqual(offers.lookup({ uri: 'file:///etc/passwd', offset: 0, length: 5, latex: 'x' }), { ok: false, reason: 'not-an-offer' });
    assert.deepEqual(offers.lookup({ offer: token, uri: 'file:///other.md' }), { ok: false, reason: 'not-an-offer' });
    assert.deepEqual(offers.lookup({ offer: 'f'.repeat(32) }), { ok: false, reason: 'unknown-offer' });
    assert.deepEqual(offers.lookup({ offer: 7 }), { ok: false, reason: 'not-an-offer' });
    for (const v of [undefined, null, token, [{ offer: token }]]) assert.deepEqual(offers.lookup(v), { ok: false, reason: 'not-an-offer' });
  });

  test('a withdrawn offer is refused, and the registry forgets the oldest past its capacity', () => {
    let n = 0;
    const offers = new OfferRegistry<ReplaceOffer>(replaceOfferKey, 3, () => `t${n++}`);
    const first = offers.offer(offer);
    offers.withdraw(first.offer);
    assert.deepEqual(offers.lookup(first), { ok: false, reason: 'unknown-offer' });
    const made = [1, 2, 3, 4].map((k) => offers.offer({ ...offer, version: k }));
    assert.equal(offers.size, 3);
    assert.deepEqual(offers.lookup(made[0]), { ok: false, reason: 'unknown-offer' });
    assert.equal(offers.lookup(made[3]).ok, true);
  });
});

describe('checkReplaceOffer: the step must still be there', () => {
  test('the same note, version and text: applies', () => {
    assert.deepEqual(checkReplaceOffer(offer, note), { ok: true });
  });

  test('another note, a closed note, another version, moved or edited text: refused', () => {
    assert.deepEqual(checkReplaceOffer(offer, undefined), { ok: false, reason: 'note-closed' });
    assert.deepEqual(checkReplaceOffer(offer, { ...note, uri: 'file:///notes/b.md' }), { ok: false, reason: 'note-closed' });
    assert.deepEqual(checkReplaceOffer(offer, { ...note, version: 4 }), { ok: false, reason: 'note-changed' });
    assert.deepEqual(checkReplaceOffer(offer, { ...note, text: `x${note.text}` }), { ok: false, reason: 'note-changed' });
    assert.deepEqual(checkReplaceOffer(offer, { ...note, text: note.text.slice(0, 10) }), { ok: false, reason: 'note-changed' });
    assert.deepEqual(checkReplaceOffer({ ...offer, offset: 6 }, note), { ok: false, reason: 'note-changed' });
  });
});
