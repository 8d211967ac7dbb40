/**
 * The one error shape of the core. Nothing in `src/core` throws on user input: parsers and numeric
 * routines return a `Result`, and an error carries the position (UTF-16 offset and length into the
 * text that was parsed, when there is one), a stable machine-readable `code`, and a message a person
 * can act on. The editor layer maps `offset`/`length` to a `vscode.Range`; the CLI to line:column.
 */
export interface CoreError {
  /** Stable identifier, kebab-case, e.g. `expected-number`, `length-mismatch`. */
  readonly code: string;
  /** One sentence a person can act on: what is wrong and where, e.g. "expected a number at column 14, found 'abc'". */
  readonly message: string;
  /** UTF-16 offset into the parsed text where the problem starts, when the error has a position. */
  readonly offset?: number;
  /** Length in UTF-16 code units of the offending span (0 for "at this point"). */
  readonly length?: number;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CoreError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string, offset?: number, length?: number): Result<T> {
  const error: CoreError =
    offset === undefined ? { code, message } : length === undefined ? { code, message, offset } : { code, message, offset, length };
  return { ok: false, error };
}
