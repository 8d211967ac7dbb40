import type { Derivation, DerivationStep } from './types';

export type InsertFormat = 'markdown' | 'latex';

/** One formula as a display block: `$$ … $$` for markdown notes, `\[ … \]` for LaTeX. */
export function displayBlock(latex: string, format: InsertFormat): string {
  return format === 'latex' ? `\\[\n${latex}\n\\]` : `$$\n${latex}\n$$`;
}

/** The step with `stepId`, or undefined. */
export function findStep(derivation: Derivation, stepId: string): DerivationStep | undefined {
  for (const section of derivation.sections) {
    for (const step of section.steps) if (step.id === stepId) return step;
  }
  return undefined;
}

/**
 * Text to insert into a note: one step (its formula as a display block), or — without `stepId` —
 * the whole derivation with headings and prose. The "Your note" section is left out of the whole
 * derivation: it is the user's own text. Prose keeps its `$…$` inline math, which both markdown
 * math and LaTeX read.
 */
export function derivationToText(derivation: Derivation, options: { stepId?: string; format?: InsertFormat } = {}): string | undefined {
  const format = options.format ?? 'markdown';
  if (options.stepId !== undefined) {
    const step = findStep(derivation, options.stepId);
    return step?.latex === undefined ? undefined : displayBlock(step.latex, format) + '\n';
  }
  const parts: string[] = [];
  for (const section of derivation.sections) {
    if (section.id === 'your-note') continue;
    parts.push(format === 'latex' ? `\\paragraph{${section.title}}` : `### ${section.title}`);
    for (const step of section.steps) {
      if (step.prose !== undefined) parts.push(step.prose);
      if (step.latex !== undefined) parts.push(displayBlock(step.latex, format));
    }
  }
  return parts.join('\n\n') + '\n';
}

/** All formulas of the derivation, one display block each (for *Copy all LaTeX*). */
export function allLatex(derivation: Derivation): string {
  const blocks: string[] = [];
  for (const section of derivation.sections) {
    if (section.id === 'your-note') continue;
    for (const step of section.steps) if (step.latex !== undefined) blocks.push(step.latex);
  }
  return blocks.join('\n\n') + '\n';
}
