// Assembles one note: title, definitions (before, after, or only in prose), target statement,
// condition, and the chain in one of the layouts. Records the line of every step and the TeX of
// every math span it writes (the unit test parses each with KaTeX).
import { BLOCK_LAYOUTS, type Notation } from './notation';
import type { Rng } from './prng';

export interface ChainText {
  /** steps[0] is the left side; steps[u] the right side of the u-th `=`. */
  steps: string[];
  /** The condition the chain holds under (`i = j`, `i \neq j`), if it needs one. */
  condition?: string;
  /** A whole-vector equation after the chain (`\nabla_{\mathbf z} L = \mathbf p - \mathbf y`), its line the step after the last. */
  vector?: string;
}

export interface NoteParts {
  title: string;
  /** Each definition as `lhs = rhs` TeX. */
  defs: string[];
  /** Prose sentences (with $…$ math already in them) stated before the derivation. */
  prose: string[];
  /** Display equations stated with the prose (e.g. ∑_k y_k = 1). */
  displays: string[];
  chain: ChainText;
}

export interface AssembledNote {
  markdown: string;
  /** Line (1-based) of each step; index 0 (the left side) is the line of step 1. */
  stepLines: number[];
  /** Every math span's TeX, display or inline. */
  math: string[];
}

type Markup = 'plain' | '- $$' | '1. $' | '> $$' | 'text $$' | '\\(\\)' | '\\[\\]';

/** Words written before a display on its own line (markup `text $$`), taken in turn. */
const LEAD = { en: ['so', 'hence', 'thus', 'and'], zh: ['所以', '因此', '于是', '即'] };

class Doc {
  readonly lines: string[] = [];
  readonly math: string[] = [];
  private displays = 0;

  constructor(
    private readonly markup: Markup = 'plain',
    private readonly lang: 'en' | 'zh' = 'en',
  ) {}

  /** Appends a line and returns its 1-based number. */
  line(text: string): number {
    this.lines.push(text);
    return this.lines.length;
  }
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }
  para(text: string): number {
    this.blank();
    return this.line(text);
  }
  display(tex: string): number {
    this.math.push(tex);
    this.blank();
    this.displays++;
    switch (this.markup) {
      case '- $$':
        return this.line(`- $$${tex}$$`);
      case '> $$':
        return this.line(`> $$${tex}$$`);
      case '1. $':
        // A numbered list of inline math, one item a line.
        return this.line(`${this.displays}. $${tex}$`);
      case 'text $$': {
        const words = LEAD[this.lang];
        return this.line(`${words[(this.displays - 1) % words.length]} $$${tex}$$`);
      }
      case '\\[\\]':
        return this.line(`\\[${tex}\\]`);
      default:
        return this.line(`$$${tex}$$`);
    }
  }
  /** The lines of a display written over several lines (`$$`, the environment, `$$`) in the note's markup: the line of each given row. */
  block(lines: string[]): number[] {
    this.blank();
    return lines.map((l, k) => {
      switch (this.markup) {
        case '- $$':
          // A list item: its first line after the marker, the rest indented under it.
          return this.line(k === 0 ? `- ${l}` : `  ${l}`);
        case '> $$':
          return this.line(`> ${l}`);
        default:
          return this.line(l);
      }
    });
  }
  /** Inline math in the note's delimiters (`$…$`, or `\\(…\\)`). */
  inline(tex: string): string {
    this.math.push(tex);
    return this.markup === '\\(\\)' ? `\\(${tex}\\)` : `$${tex}$`;
  }
}

/** Connector words on a line of their own between two display steps (connector word-line). */
const CONNECTOR = { en: ['so', 'hence', 'which gives', 'i.e.', 'thus'], zh: ['因此', '所以', '即'] };
/** Words before a display step on its line (connector we-get). */
const WE_GET = { en: ['We get', 'which gives', 'and then'], zh: ['我们得到', '于是得到', '进而'] };
/** Justifications at the right of a step (tag \text{(chain rule)}): the first step, then the others. */
const JUSTIFY = { en: ['(by the chain rule)', '(simplifying)', '(chain rule)'], zh: ['（链式法则）', '（化简）'] };

/** What a step's tag writes at its right (tag dimension); `u` the step, `because` a definition. */
function tagText(tag: string, u: number, lang: 'en' | 'zh', because: string | undefined): string {
  switch (tag) {
    case '\\tag':
      return ` \\tag{${u}}`;
    case '\\nonumber':
      return ' \\nonumber';
    case '(n)':
      return ` \\qquad (${u})`;
    case '\\text{(chain rule)}': {
      const words = JUSTIFY[lang];
      return ` \\qquad \\text{${u === 1 ? words[0] : words[1 + ((u - 2) % (words.length - 1))]}}`;
    }
    case '\\because':
      // Only the first step, by the definition it uses (a true statement of the note).
      if (u !== 1) return '';
      return ` \\quad \\because\\ ${because ?? (lang === 'zh' ? '\\text{softmax 的定义}' : '\\text{the definition of the softmax}')}`;
    default:
      return '';
  }
}

/** `$tex$` for prose, collecting the span. */
export function inlineMath(math: string[], tex: string): string {
  math.push(tex);
  return `$${tex}$`;
}

const INTRO = {
  en: ['Differentiating:', 'Then', 'Computing the derivative:', 'Step by step:'],
  zh: ['求导：', '于是', '逐步计算：', '计算导数：'],
};

function conditionSuffix(nt: Notation, condition: string | undefined): string {
  if (!condition) return '';
  switch (nt.get('condition')) {
    case 'quad':
      return `, \\quad ${condition}`;
    case 'paren':
      return ` \\quad (${condition})`;
    case 'text':
      return nt.get('language') === 'zh' ? ` \\quad \\text{当 } ${condition}` : ` \\quad \\text{when } ${condition}`;
    case 'prose':
      return '';
    case 'text-for':
      return nt.get('language') === 'zh' ? ` \\quad \\text{对于 } ${condition}` : ` \\quad \\text{for } ${condition}`;
    case 'comma':
      return `,\\; ${condition}`;
    case 'if':
      return ` \\qquad \\text{if } ${condition}`;
    case 'quad-bare':
      return ` \\quad ${condition}`;
    case 'qquad-paren':
      return ` \\qquad (${condition})`;
    case 'text-other-language': {
      // Notes are written in many languages; the condition word inside the math is the writer's own.
      const words = ['si', 'für', 'falls', 'wenn', 'cuando', 'lorsque', 'se', 'quando', 'als', 'om', 'gdy', 'の場合'];
      const w = words[(condition.length * 7 + nt.sumLetter.charCodeAt(0)) % words.length]!;
      return ` \\quad \\text{${w} } ${condition}`;
    }
    case 'forall':
      return condition.includes('neq') ? ` \\quad \\forall\\, ${condition}` : ` \\quad (${condition})`;
  }
}

function joinList(items: string[], lang: 'en' | 'zh'): string {
  if (lang === 'zh') return items.join('，');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function assemble(parts: NoteParts, nt: Notation, rng: Rng, preMath: string[]): AssembledNote {
  const lang = nt.get('language');
  const doc = new Doc(nt.get('markup'), lang);
  doc.math.push(...preMath);
  const placement = nt.get('definitions');
  doc.line(`## ${parts.title}`);

  const prose = (tex: string): string => doc.inline(tex);
  if (parts.defs.length === 0) {
    // Nothing defined in math (the softmax defined in words): no definitions block.
  } else if (placement === 'before') {
    doc.para(lang === 'zh' ? '设' : 'Let');
    for (const d of parts.defs) doc.display(d);
  } else if (placement === 'one-display') {
    // All definitions in one display, separated by wide spaces (no commas).
    doc.para(lang === 'zh' ? '设' : 'Let');
    doc.display(parts.defs.join(' \\qquad '));
  } else if (placement === 'one-display-comma') {
    // All definitions in one display, listed with commas and a wide space (`a = …, \quad b = …`).
    doc.para(lang === 'zh' ? '设' : 'Let');
    doc.display(parts.defs.join(', \\quad '));
  } else if (placement === 'prose-let') {
    const list = joinList(parts.defs.map(prose), lang);
    doc.para(lang === 'zh' ? `设 ${list}。` : `Let ${list}.`);
  }
  for (const p of parts.prose) doc.para(p);
  for (const d of parts.displays) doc.display(d);

  const { steps, condition, vector } = parts.chain;
  const details = nt.get('wrapper') === 'details';
  const layout = nt.get('layout');
  if (details) {
    doc.para('<details>');
    doc.line(lang === 'zh' ? '<summary>推导过程</summary>' : '<summary>Derivation</summary>');
  }
  // `… \quad \text{where } s_i = …, \; L = …`: the definitions inside the last step's math, before its condition.
  const where = placement === 'text-where' ? ` \\quad \\text{${lang === 'zh' ? '其中' : 'where'} } ${parts.defs.join(', \\; ')}` : '';
  const suffix = where + conditionSuffix(nt, condition);
  if (condition && nt.get('condition') === 'prose') {
    const c = prose(condition);
    doc.para(lang === 'zh' ? `当 ${c} 时：` : condition.includes('neq') ? `For ${c}:` : `When ${c}:`);
  }

  const last = steps.length - 1;
  const stepLines: number[] = new Array(steps.length + (vector ? 1 : 0)).fill(0);
  // Recorded where it could have shaped a step (its older spelling none too).
  const taggable = ([...BLOCK_LAYOUTS, 'oneline'] as string[]).includes(layout) && nt.peek('markup') !== '1. $' && nt.peek('surface') !== 'eq-number-last';
  const tag = nt.peek('tag') !== 'none' || taggable ? nt.get('tag') : 'none';
  const tagged = (u: number): string => tagText(tag, u, lang, parts.defs[0]);
  const connector = nt.peek('connector') !== 'none' || ((layout === 'blocks' || layout === 'brackets') && nt.peek('markup') === 'plain') ? nt.get('connector') : 'none';
  /** A display step u of a block layout, with its connector words and tag. */
  const blockStep = (u: number, write: (tex: string) => number): number => {
    const tex = `${u === 1 ? `${steps[0]} ` : ''}= ${steps[u]}${u === last ? suffix : ''}${tagged(u)}`;
    if (connector === 'word-line' && u > 1) {
      const words = CONNECTOR[lang];
      doc.para(words[(u - 2) % words.length]!);
    }
    if (connector === 'we-get') {
      const words = WE_GET[lang];
      doc.math.push(tex);
      doc.blank();
      return doc.line(`${words[(u - 1) % words.length]} ${layout === 'blocks' ? `$$${tex}$$` : `\\[${tex}\\]`}`);
    }
    return write(tex);
  };
  const intro = rng.pick(INTRO[lang]);
  const rows = (amp: string): string[] => steps.slice(1).map((s, k) => `${k === 0 ? `${steps[0]} ` : ''}${amp}= ${s}${k + 1 === last ? suffix : ' \\\\'}`);
  // The chain as the rows of one environment, inside `fence` (`$$ … $$`, a ```` ```math ```` block) or bare.
  const environment = (begin: string, end: string, body: string[], fence: [string, string] | null): void => {
    doc.para(intro);
    // `\\[ … \\]` around the environment instead of `$$ … $$` (markup \\[\\]).
    const around: [string, string] | null = fence && fence[0] === '$$' && nt.get('markup') === '\\[\\]' ? ['\\[', '\\]'] : fence;
    const lines = [...(around ? [around[0]] : []), begin, ...body, end, ...(around ? [around[1]] : [])];
    const at = doc.block(lines);
    const first = around ? 2 : 1;
    body.forEach((_row, k) => {
      stepLines[k + 1] = at[first + k]!;
    });
    doc.math.push(`${begin}\n${body.join('\n')}\n${end}`);
  };
  switch (layout) {
    case 'blocks': {
      doc.para(intro);
      for (let u = 1; u <= last; u++) stepLines[u] = blockStep(u, (tex) => doc.display(tex));
      break;
    }
    case 'aligned':
    case 'align*':
    case 'split':
    case 'fence': {
      const env = layout === 'fence' ? 'aligned' : layout;
      environment(`\\begin{${env}}`, `\\end{${env}}`, rows('&'), layout === 'fence' ? ['```math', '```'] : ['$$', '$$']);
      break;
    }
    case 'bare-align*':
      // An environment with no `$$` around it, as MathJax and Jupyter accept.
      environment('\\begin{align*}', '\\end{align*}', rows('&'), null);
      break;
    case 'eqnarray':
      // `eqnarray`-style rows: `a &=& b`.
      environment('\\begin{aligned}', '\\end{aligned}', rows('&').map((r) => r.replace('&= ', '&=& ')), ['$$', '$$']);
      break;
    case 'array-rcl':
      // The eqnarray idiom in an array: `\\begin{array}{rcl} a & = & b \\\\ & = & c \\end{array}`.
      environment('\\begin{array}{rcl}', '\\end{array}', rows('&').map((r) => r.replace('&= ', '& = & ')), ['$$', '$$']);
      break;
    case 'numbered':
      // `\begin{align}` with `\nonumber` / `\notag` rows, as in LaTeX documents (KaTeX has no `\label`).
      environment('\\begin{align}', '\\end{align}', rows('&').map((r, k) => r.replace(/ \\\\$/, k % 2 === 0 ? ' \\nonumber \\\\' : ' \\notag \\\\')), ['$$', '$$']);
      break;
    case 'brackets': {
      // One `\[ … \]` display per step.
      doc.para(intro);
      for (let u = 1; u <= last; u++) {
        stepLines[u] = blockStep(u, (tex) => {
          doc.math.push(tex);
          doc.blank();
          return doc.line(`\\[${tex}\\]`);
        });
      }
      break;
    }
    case 'list-brackets': {
      // A numbered list of `\[ … \]` displays, one step an item.
      doc.para(intro);
      doc.blank();
      for (let u = 1; u <= last; u++) {
        stepLines[u] = blockStep(u, (tex) => {
          doc.math.push(tex);
          if (connector === 'word-line') doc.blank();
          return doc.line(`${u}. \\[${tex}\\]`);
        });
      }
      break;
    }
    case 'br-inline': {
      // Inline steps on lines of one paragraph, broken by HTML `<br>`.
      doc.para(intro);
      for (let u = 1; u <= last; u++) {
        const tex = `${u === 1 ? `${steps[0]} ` : ''}= ${steps[u]}${u === last ? suffix : ''}`;
        stepLines[u] = doc.line(`${doc.inline(tex)}${u === last ? '' : '<br>'}`);
      }
      break;
    }
    case 'table': {
      // A markdown table whose cells hold the steps.
      doc.para(intro);
      doc.blank();
      doc.line(lang === 'zh' ? '| 步骤 | 表达式 |' : '| step | expression |');
      doc.line('| --- | --- |');
      for (let u = 1; u <= last; u++) {
        const tex = `${u === 1 ? `${steps[0]} ` : ''}= ${steps[u]}${u === last ? suffix : ''}`;
        stepLines[u] = doc.line(`| ${u} | ${doc.inline(tex)} |`);
      }
      break;
    }
    case 'glued-aligned': {
      // As a Jupyter markdown cell often has it: `$$` on the first and last rows of the environment.
      doc.para(intro);
      const body = rows('&');
      doc.blank();
      doc.line('$$\\begin{aligned}');
      body.forEach((row, k) => {
        stepLines[k + 1] = doc.line(row);
      });
      doc.line('\\end{aligned}$$');
      doc.math.push(`\\begin{aligned}\n${body.join('\n')}\n\\end{aligned}`);
      break;
    }
    case 'gathered':
      // `gathered` rows without alignment points: each row after the first starts with `=`.
      environment('\\begin{gathered}', '\\end{gathered}', rows(''), ['$$', '$$']);
      break;
    case 'oneline': {
      doc.para(intro);
      // One display: the tag (or justification) of the whole chain, as of its first step.
      const tex = `${steps.join(' = ')}${suffix}${tagged(1)}`;
      const at = doc.display(tex);
      for (let u = 1; u <= last; u++) stepLines[u] = at;
      break;
    }
    case 'inline': {
      const chain = prose(`${steps.join(' = ')}${suffix}`);
      const at = doc.para(lang === 'zh' ? `求导得 ${chain}。` : `Differentiating gives ${chain}.`);
      for (let u = 1; u <= last; u++) stepLines[u] = at;
      break;
    }
  }
  stepLines[0] = stepLines[1]!;
  if (vector) {
    // The whole-vector equation, a statement of its own after the chain.
    const lead = lang === 'zh' ? '写成向量形式' : 'In vector form';
    if (layout === 'inline' || layout === 'br-inline' || layout === 'table') stepLines[last + 1] = doc.para(`${lead}，${doc.inline(vector)}${lang === 'zh' ? '。' : '.'}`.replace('In vector form，', 'In vector form, '));
    else {
      doc.para(`${lead}${lang === 'zh' ? '：' : ':'}`);
      stepLines[last + 1] = doc.display(vector);
    }
  }
  if (details) doc.para('</details>');

  if (parts.defs.length === 0) {
    // Nothing defined in math: no definitions block.
  } else if (placement === 'after') {
    doc.para(lang === 'zh' ? '其中' : 'where');
    for (const d of parts.defs) doc.display(d);
  } else if (placement === 'prose-where') {
    const list = joinList(parts.defs.map(prose), lang);
    doc.para(lang === 'zh' ? `其中 ${list}。` : `where ${list}.`);
  }
  return { markdown: `${doc.lines.join('\n')}\n`, stepLines, math: doc.math };
}
