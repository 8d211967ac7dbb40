// Long notes made of the test fixtures, for the checker's bench and the extraction measurements.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const notesDir = join('test', 'fixtures', 'notes');

/** Every fixture note, in file order, one after another. */
export function fixtureCorpus(): string {
  return readdirSync(notesDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => readFileSync(join(notesDir, f), 'utf8'))
    .join('\n\n');
}

/** A note of exactly `lines` lines: copies of `corpus`, each under its own heading. */
export function noteOfLines(lines: number, corpus: string = fixtureCorpus()): string {
  const parts: string[] = [];
  let count = 0;
  let n = 0;
  while (count < lines) {
    // Each copy gets its own heading, like a long course-notes file, and its own TeX (a no-op
    // `\label` in every fraction) so that no block repeats and the parse cache never helps.
    const chunk = `\n# Section ${n}\n\n${corpus.split('\\frac{').join(`\\frac{\\label{c${n}}`)}`;
    n++;
    parts.push(chunk);
    count += chunk.split('\n').length;
  }
  return parts.join('').split('\n').slice(0, lines).join('\n');
}
