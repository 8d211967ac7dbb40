/**
 * Definitions written in words: "Let $p$ be the softmax of $z$", "$\hat y$ is the sigmoid of $z$",
 * "设 $p$ 为 $z$ 的 softmax 输出". The function must be one the checker knows (softmax, sigmoid,
 * logistic, tanh) and both names plain symbols; anything else in words stays prose.
 */
import { parseMath } from '../latex/parse';
import type { Expr } from '../latex/tree';

export interface ProseDefinition {
  /** Into the markdown: where the sentence starts (for the section it belongs to). */
  offset: number;
  /** The defined symbol, bare (`p`, `\hat y` → `y-hat` as the parser names it) or with one index letter. */
  name: string;
  /** The index of the defined symbol when written with one (`p_i`), else null. */
  index: string | null;
  fn: 'softmax' | 'sigmoid' | 'tanh';
  /** The argument, a bare symbol. */
  arg: string;
}

const FUNCTION_WORDS: Record<string, ProseDefinition['fn']> = { softmax: 'softmax', sigmoid: 'sigmoid', logistic: 'sigmoid', tanh: 'tanh' };

// "$p$ be the softmax of $z$", "$p$ is the softmax output of $z$", "$p$ denotes the softmax of $z$".
const ENGLISH = /\$([^$\n]{1,40})\$\s+(?:be|is|denotes|denote|is defined as)\s+(?:the\s+)?(softmax|sigmoid|logistic|tanh)(?:\s+(?:output|function|activation|probabilities|probability))?\s+(?:of|applied to|over)\s+\$([^$\n]{1,40})\$/gi;
// "$p$ 为 $z$ 的 softmax（输出）", "$p$ 是 $z$ 的 sigmoid".
const CHINESE = /\$([^$\n]{1,40})\$\s*(?:为|是|表示)\s*\$([^$\n]{1,40})\$\s*的\s*(softmax|sigmoid|logistic|tanh)/gi;

function plainSymbol(tex: string): { name: string; index: string | null } | null {
  const parsed = parseMath(tex);
  if (!parsed.ok || parsed.value.rows.length !== 1) return null;
  const row = parsed.value.rows[0]!;
  if (row.items.length !== 1 || row.rels.length !== 0) return null;
  const x: Expr | null = row.items[0]!.expr;
  if (!x || x.k !== 'sym') return null;
  if (x.idx.length === 0) return { name: x.name, index: null };
  const i = x.idx[0]!;
  if (x.idx.length === 1 && i.k === 'sym' && i.idx.length === 0 && /^[a-z]$/.test(i.name)) return { name: x.name, index: i.name };
  return null;
}

/** Every definition in words the note makes, in order. */
export function proseDefinitions(markdown: string): ProseDefinition[] {
  const out: ProseDefinition[] = [];
  const add = (offset: number, lhs: string, fnWord: string, rhs: string): void => {
    const fn = FUNCTION_WORDS[fnWord.toLowerCase()];
    const defined = plainSymbol(lhs);
    const arg = plainSymbol(rhs);
    if (!fn || !defined || !arg || arg.index !== null || defined.name === arg.name) return;
    out.push({ offset, name: defined.name, index: defined.index, fn, arg: arg.name });
  };
  for (const m of markdown.matchAll(ENGLISH)) add(m.index ?? 0, m[1]!, m[2]!, m[3]!);
  for (const m of markdown.matchAll(CHINESE)) add(m.index ?? 0, m[1]!, m[3]!, m[2]!);
  return out.sort((a, b) => a.offset - b.offset);
}
