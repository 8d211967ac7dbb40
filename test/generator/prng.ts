// A small seeded PRNG (mulberry32) for the note generator: the same seed gives the same notes on
// every machine. Math.random is never used.

export class Rng {
  private state: number;

  constructor(seed: number) {
    // Spread the seed so that neighbouring seeds give unrelated streams.
    this.state = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
    if (this.state === 0) this.state = 0x6d2b79f5;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform real in [lo, hi). */
  real(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let k = out.length - 1; k > 0; k--) {
      const r = Math.floor(this.next() * (k + 1));
      const tmp = out[k] as T;
      out[k] = out[r] as T;
      out[r] = tmp;
    }
    return out;
  }

  /** A fresh generator derived from this one (so sub-tasks do not shift each other's streams). */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 2 ** 31));
  }
}
