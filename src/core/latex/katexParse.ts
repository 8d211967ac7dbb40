import katex from 'katex';
import { fail, ok, type Result } from '../result';
import { normalizeNotation } from './notations';

/** A KaTeX parse node as far as we read it (KaTeX's own types are internal). */
export interface KNode {
  type: string;
  text?: string;
  loc?: { start: number; end: number; lexer?: { input?: string } } | null;
  [key: string]: unknown;
}

/** Larger math than this is "not checked": KaTeX is never handed unbounded input. */
export const MAX_TEX_LENGTH = 20_000;
/** Deeper brace/`\left` nesting than this is "not checked": KaTeX's parser is recursive. */
export const MAX_NESTING = 120;

/** Registered notations rewritten (labels blanked, escaped underscores…), every offset kept: see `notations.ts`. */
export function blankNoOps(tex: string): string {
  return normalizeNotation(tex);
}

/** The deepest brace/`\left` nesting, and where the nesting first went past `MAX_NESTING`. */
function nestingDepth(tex: string): { depth: number; at: number } {
  let depth = 0;
  let max = 0;
  let at = -1;
  for (let i = 0; i < tex.length; i++) {
    const c = tex.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (tex.startsWith('\\left', i)) depth++;
      else if (tex.startsWith('\\right', i)) depth--;
      i++;
    } else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) depth--;
    if (depth > max) max = depth;
    if (depth > MAX_NESTING && at < 0) at = i;
  }
  return { depth: max, at: Math.max(0, at) };
}

const GREEK = 'alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau upsilon varphi chi psi omega'.split(' ');
const GREEK_CAPITALS: Record<string, string> = { Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Π: 'Pi', Σ: 'Sigma', Υ: 'Upsilon', Φ: 'Phi', Ψ: 'Psi', Ω: 'Omega' };
/**
 * Unicode characters pasted into math (`∂L/∂z`, `−`, `σ`, `·`) and the command KaTeX would have given
 * for them: KaTeX keeps the character as the node's text, the reader knows the commands.
 */
const UNICODE_MATH: Readonly<Record<string, { text: string; family?: string }>> = {
  ...Object.fromEntries(GREEK.map((name, n) => [String.fromCharCode(0x3b1 + n), { text: name === 'o' ? 'o' : `\\${name}` }])),
  ...Object.fromEntries(Object.entries(GREEK_CAPITALS).map(([ch, name]) => [ch, { text: `\\${name}` }])),
  ϵ: { text: '\\epsilon' }, ϕ: { text: '\\phi' }, ϑ: { text: '\\vartheta' }, ℓ: { text: '\\ell' },
  '∂': { text: '\\partial' }, '−': { text: '-', family: 'bin' }, '·': { text: '\\cdot', family: 'bin' }, '⋅': { text: '\\cdot', family: 'bin' },
  '×': { text: '\\times', family: 'bin' }, '∗': { text: '\\ast', family: 'bin' }, '≤': { text: '\\leq' }, '≥': { text: '\\geq' }, '∈': { text: '\\in' },
  '→': { text: '\\to' }, '⇒': { text: '\\Rightarrow' }, '∴': { text: '\\therefore' }, '∵': { text: '\\because' }, '≈': { text: '\\approx' }, '∞': { text: '\\infty' },
};

/**
 * Rewrites, in place, every node of a fresh parse whose text is a pasted Unicode character to the
 * node of its command. Iterative (the tree's depth is bounded, its width is not).
 */
function withCommands(nodes: unknown[]): void {
  const stack: unknown[] = [...nodes];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x || typeof x !== 'object') continue;
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
      continue;
    }
    const node = x as Record<string, unknown>;
    const text = node.text;
    const command = typeof text === 'string' && text.length === 1 ? UNICODE_MATH[text] : undefined;
    if (command) {
      node.text = command.text;
      if (command.family) node.family = command.family;
    }
    for (const key in node) if (key !== 'loc' && typeof node[key] === 'object') stack.push(node[key]);
  }
}

/**
 * Parses display-mode TeX with KaTeX's own parser (what renders is what is checked). Returns the
 * parse nodes, or an error with KaTeX's position. Never throws.
 */
export function parseTex(tex: string): Result<KNode[]> {
  if (tex.length > MAX_TEX_LENGTH) {
    return fail('math-too-large', `math block of ${tex.length} characters is larger than the ${MAX_TEX_LENGTH} the checker reads`, 0, 0);
  }
  const nest = nestingDepth(tex);
  if (nest.depth > MAX_NESTING) {
    return fail('math-too-deep', `math nested ${nest.depth} levels deep (the checker reads at most ${MAX_NESTING})`, nest.at, 1);
  }
  const clean = blankNoOps(tex);
  try {
    const parser = katex as unknown as { __parse: (tex: string, options: object) => unknown };
    const nodes = parser.__parse(clean, { displayMode: true, throwOnError: true, strict: 'ignore', trust: false, maxExpand: 1000 });
    withCommands(nodes as unknown[]);
    return ok(nodes as unknown as KNode[]);
  } catch (error) {
    const e = error as { position?: number; length?: number; rawMessage?: string; message?: string };
    const message = e.rawMessage ?? e.message ?? 'KaTeX could not parse this math';
    return fail('katex-parse-error', message, typeof e.position === 'number' ? e.position : 0, typeof e.length === 'number' ? e.length : 0);
  }
}
