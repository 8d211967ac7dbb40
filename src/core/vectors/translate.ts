/**
 * User-visible text built in the core goes through a `Translate` function so the editor layer can
 * pass `vscode.l10n.t` (English source strings with `{0}` placeholders) and Node callers get English.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Fills `{0}`, `{1}`… with the arguments, leaving the English text as is. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });

/** A number for people: `digits` significant digits, no trailing zeros, `−` kept ASCII `-`. */
export function displayNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const d = Math.min(17, Math.max(1, Math.round(digits)));
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 10 ** Math.max(d, 6)) {
    // Plain notation: round to d significant digits, then drop the float noise toPrecision keeps.
    return String(Number(x.toPrecision(d)));
  }
  const [mantissa, exponent] = x.toExponential(d - 1).split('e');
  return `${String(Number(mantissa))}e${exponent}`;
}
