/**
 * How the panel's DOM follows a new derivation without rebuilding it: every rendered piece (a
 * step, a section's extra such as the heatmap) carries a key and a signature — a string of
 * everything it shows. A piece whose signature is unchanged keeps its DOM node, so on a cursor
 * move only the formulas with the user's numbers are typeset and laid out again; the symbolic
 * steps (most of the page) stay as they are.
 */
import type { DerivationStep } from '../derivation/types';

export interface KeyedPiece {
  readonly key: string;
  readonly signature: string;
}

/** `keep`: reuse the node rendered for this key; `render`: build a new one (new or changed). */
export interface PlannedPiece {
  readonly key: string;
  readonly action: 'keep' | 'render';
}

export interface ChildrenPlan {
  /** The new children in order. */
  readonly pieces: readonly PlannedPiece[];
  /** Keys of the old children whose nodes are not kept (to remove, or to be replaced). */
  readonly dropped: readonly string[];
}

/**
 * Plans the children of one container. A node is kept when its key was there before with the same
 * signature; a key repeated in `next` gets the old node at most once (a node has one place).
 *
 * planChildren([{key: 'a', signature: '1'}, {key: 'b', signature: '2'}], [{key: 'b', signature: '2'}, {key: 'c', signature: '3'}])
 * // → pieces [b keep, c render], dropped ['a']
 */
export function planChildren(previous: readonly KeyedPiece[], next: readonly KeyedPiece[]): ChildrenPlan {
  const before = new Map<string, string>();
  for (const piece of previous) if (!before.has(piece.key)) before.set(piece.key, piece.signature);
  const kept = new Set<string>();
  const pieces = next.map((piece): PlannedPiece => {
    const keep = before.get(piece.key) === piece.signature && !kept.has(piece.key);
    if (keep) kept.add(piece.key);
    return { key: piece.key, action: keep ? 'keep' : 'render' };
  });
  const dropped = [...before.keys()].filter((key) => !kept.has(key));
  return { pieces, dropped };
}

/** Everything a step shows; equal signatures render identically. */
export function stepSignature(step: DerivationStep): string {
  return JSON.stringify([step.id, step.label ?? null, step.prose ?? null, step.latex ?? null, step.fromNote === true]);
}

/**
 * A 64-bit fingerprint of a list of numbers (two FNV-1a hashes over the float64 bits, as hex), for
 * signatures of large data such as the heatmap grid, where the values themselves would make a
 * megabyte-long string. −0 and 0 hash differently; every NaN hashes alike.
 *
 * hashNumbers([1, 2, 3]) === hashNumbers(Float64Array.of(1, 2, 3)) // true
 */
export function hashNumbers(values: ArrayLike<number>): string {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ values.length;
  for (let k = 0; k < values.length; k++) {
    const x = values[k] ?? NaN;
    bits[0] = Number.isNaN(x) ? NaN : x;
    const lo = words[0] ?? 0;
    const hi = words[1] ?? 0;
    h1 = Math.imul(h1 ^ lo, 0x01000193);
    h1 = Math.imul(h1 ^ hi, 0x01000193);
    h2 = Math.imul(h2 ^ hi, 0x5bd1e995);
    h2 = Math.imul(h2 ^ lo, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return `${values.length}:${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * A signature of plain data: JSON, except that numbers JSON cannot spell keep their identity
 * (`Infinity`, `-Infinity`, `NaN`, `-0` would otherwise collapse into `null` or `0`). They become
 * strings starting with `#`; a string that starts with `#` gets one more, so none can pass for them.
 *
 * signatureOf([1, -Infinity]) !== signatureOf([1, NaN]) // true
 */
export function signatureOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return v.startsWith('#') ? `#${v}` : v;
    if (typeof v === 'number' && !Number.isFinite(v)) return `#${String(v)}`;
    if (typeof v === 'number' && Object.is(v, -0)) return '#-0';
    return v;
  });
}
