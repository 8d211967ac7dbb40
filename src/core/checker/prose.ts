import { isIndexComparison } from '../knowledge/letters';

/**
 * The case a derivation is in, read from the sentence before it: "when i = j", "for i ≠ j",
 * "当 i = j 时", "若 i≠j", "i 不等于 j". Only index letters (and a class letter compared with one:
 * `k ≠ t`) count, so `x = 0` or `n = 3` in prose never sets a case. The last mention wins (it is the one closest to the math that follows).
 */
export interface ProsePair {
  a: string;
  b: string;
  eq: boolean;
}

const PATTERN = new RegExp(`(?<![A-Za-z_\\\\])([a-z])\\s*(==|=|≠|!=|\\\\neq|\\\\ne(?![a-z])|=\\/=|不等于|等于|is not equal to|equals)\\s*([a-z])(?![A-Za-z_0-9])`, 'g');

export function regimeFromProse(text: string): ProsePair[] {
  const found = new Map<string, ProsePair>();
  const tail = text.length > 4000 ? text.slice(-4000) : text;
  for (const m of tail.matchAll(PATTERN)) {
    const a = m[1]!;
    const b = m[3]!;
    // Two index letters, or an index letter and a class letter (`k ≠ t`, `i = y`).
    if (!isIndexComparison(a, b)) continue;
    const op = m[2]!;
    const eq = op === '=' || op === '==' || op === '等于' || op === 'equals';
    found.set([a, b].sort().join(','), { a, b, eq });
  }
  return [...found.values()];
}
