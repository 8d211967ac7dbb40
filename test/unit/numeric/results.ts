// Unwrapping the core's Result in tests: the value, or a failure that shows the error's message.
import assert from 'node:assert/strict';

export function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) assert.fail(`unexpected error: ${r.error.message}`);
  return r.value;
}

/** The error of a result that must be one. */
export function errorOf(r: { ok: boolean; error?: { code: string; message: string } }): { code: string; message: string } {
  assert.equal(r.ok, false, 'expected an error result');
  return r.error as { code: string; message: string };
}
