/**
 * Arguments an internal command hands out and accepts back. A command that edits a document must
 * not be a general edit API for any extension or `command:` link that can name it: the place that
 * offers the action (a code action) registers what it offers here and passes only the opaque
 * token; the command looks the token up and refuses anything it did not hand out.
 *
 * No `vscode` import: the registry is unit-tested in plain Node.
 */

/** The only argument shape such a command accepts: `{ offer: "<token>" }`, nothing else. */
export interface OfferArgument {
  readonly offer: string;
}

export type OfferLookup<T> =
  | { readonly ok: true; readonly token: string; readonly value: T }
  | { readonly ok: false; readonly reason: 'not-an-offer' | 'unknown-offer' };

function randomToken(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Offers by token, at most `capacity` of them (the oldest are forgotten first: code actions are
 * asked for on every cursor move). The same offer made again gets the same token, so asking for
 * the quick fixes repeatedly does not push out the ones on screen.
 */
export class OfferRegistry<T> {
  private readonly byToken = new Map<string, T>();
  private readonly byKey = new Map<string, string>();

  constructor(
    private readonly keyOf: (value: T) => string,
    private readonly capacity = 256,
    private readonly newToken: () => string = randomToken,
  ) {}

  get size(): number {
    return this.byToken.size;
  }

  /** Registers `value` and returns the argument to pass to the command. */
  offer(value: T): OfferArgument {
    const key = this.keyOf(value);
    const known = this.byKey.get(key);
    if (known !== undefined) {
      // Refresh its place: a repeated offer is a recent one.
      this.byToken.delete(known);
      this.byToken.set(known, value);
      return { offer: known };
    }
    let token = this.newToken();
    while (this.byToken.has(token)) token = this.newToken();
    this.byToken.set(token, value);
    this.byKey.set(key, token);
    while (this.byToken.size > this.capacity) {
      const oldest = this.byToken.keys().next().value as string;
      this.withdraw(oldest);
    }
    return { offer: token };
  }

  /** What the command was handed: exactly `{ offer: token }` with a token from `offer`, or a refusal. */
  lookup(argument: unknown): OfferLookup<T> {
    if (typeof argument !== 'object' || argument === null || Array.isArray(argument)) return { ok: false, reason: 'not-an-offer' };
    const keys = Object.keys(argument);
    const token = (argument as Partial<OfferArgument>).offer;
    if (keys.length !== 1 || typeof token !== 'string') return { ok: false, reason: 'not-an-offer' };
    const value = this.byToken.get(token);
    return value === undefined ? { ok: false, reason: 'unknown-offer' } : { ok: true, token, value };
  }

  /** Forgets an offer (once used, or when it can no longer apply). */
  withdraw(token: string): void {
    const value = this.byToken.get(token);
    if (value === undefined) return;
    this.byToken.delete(token);
    this.byKey.delete(this.keyOf(value));
  }
}
