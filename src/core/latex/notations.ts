/**
 * The registry of surface notations: spellings that mean the same math, rewritten before KaTeX
 * reads the TeX. Every rewrite keeps the length of what it replaces, so every offset into the
 * note stays valid. A new spelling is one entry here and its test (test/unit/latex/notations.test.ts).
 */
export interface Notation {
  name: string;
  /** What the entry rewrites; global, so every occurrence is rewritten. */
  pattern: RegExp;
  /** The replacement, exactly as long as the match. */
  rewrite: (match: string) => string;
  /** A spelling the entry rewrites, and what it becomes (the registry's test reads these). */
  example: [string, string];
}

const blank = (m: string): string => ' '.repeat(m.length);

export const NOTATIONS: readonly Notation[] = [
  {
    // `\label`, `\tag`, `\eqref`, `\nonumber`, `\notag` carry no math (KaTeX rejects `\label` in display mode).
    name: 'equation labels and tags',
    pattern: /\\(?:label|tag\*?|eqref|ref)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![a-zA-Z])/g,
    rewrite: blank,
    example: ['x = 1 \\label{eq:a}', `x = 1 ${' '.repeat(12)}`],
  },
  {
    // An equation number typed by hand after a wide space, at the end of a row or before another wide
    // space (`… \qquad (3)`, `… \qquad (3) \quad i \neq j`): a label, not a factor.
    name: 'hand-written equation numbers',
    pattern: /(?:\\q?quad|\\hfill|\\hspace\s*\{[^{}]*\})(?:\s|\\q?quad)*\(\s*\d+(?:\.\d+)*[a-z]?\s*\)(?=\s*(?:\\\\|\\end\s*\{|$|,?\s*\\(?:q?quad|[;:,])))/g,
    rewrite: blank,
    example: ['x = 1 \\qquad (3)', `x = 1 ${' '.repeat(10)}`],
  },
  {
    // Markdown that escapes `_` for the renderer (`e^{z\_i}`, `\\(s\_i\\)`): the escape is the note's, not TeX's.
    name: 'escaped underscore',
    pattern: /\\_/g,
    rewrite: () => ' _',
    example: ['s\\_i = 1', 's _i = 1'],
  },
  {
    // `\mathrm{d}`, `\text{d}`, `\operatorname{d}` in a derivative are the letter d.
    name: 'upright d',
    pattern: /\\(?:mathrm|text|operatorname)\s*\{\s*d\s*\}/g,
    rewrite: (m) => `${' '.repeat(m.length - 1)}d`,
    example: ['\\frac{\\mathrm{d}y}{\\mathrm{d}x}', '\\frac{         dy}{         dx}'],
  },
  {
    // LaTeX's `eqnarray` (rows `a &=& b`), which KaTeX does not know: the same rows as `aligned`.
    name: 'eqnarray',
    pattern: /\\(?:begin|end)\s*\{eqnarray\*?\}/g,
    rewrite: (m) => {
      const head = m.startsWith('\\begin') ? '\\begin{aligned}' : '\\end{aligned}';
      return head + ' '.repeat(m.length - head.length);
    },
    example: ['\\begin{eqnarray*} a &=& b \\end{eqnarray*}', '\\begin{aligned}   a &=& b \\end{aligned}  '],
  },
  {
    // `\begin{array}{rcl} a & = & b \\ & = & c \end{array}`: the eqnarray idiom, a relation column between
    // two sides (only the {rcl}/{lcl} specs: other arrays are matrices or cases), read as `split`.
    name: 'array with a relation column',
    pattern: /\\begin\s*\{array\}\s*\{\s*[rl]\s*c\s*[rl]\s*\}((?:(?!\\begin\s*\{array\})[\s\S])*?)\\end\s*\{array\}/g,
    rewrite: (m) => {
      const open = /^\\begin\s*\{array\}\s*\{[^}]*\}/.exec(m)![0];
      const close = /\\end\s*\{array\}$/.exec(m)![0];
      const inner = m.slice(open.length, m.length - close.length);
      // The array's own `&` and `\\\\` (not those of a `cases` or a matrix inside it).
      const rows: number[][] = [[]];
      let depth = 0;
      for (let at = 0; at < inner.length; at++) {
        const rest = inner.slice(at, at + 7);
        if (inner[at] === '\\' && /^\\begin\b/.test(rest)) depth++;
        else if (inner[at] === '\\' && /^\\end\b/.test(inner.slice(at, at + 5))) depth--;
        else if (inner[at] === '{') depth++;
        else if (inner[at] === '}') depth--;
        else if (depth === 0 && inner[at] === '\\' && inner[at + 1] === '\\') {
          rows.push([]);
          at++;
        } else if (depth === 0 && inner[at] === '&' && inner[at - 1] !== '\\') rows[rows.length - 1]!.push(at);
        else if (inner[at] === '\\') at++;
      }
      // Only when every row's middle cell is a relation (or empty): a 3-column matrix typed as {rcl} stays.
      const cellText = (row: number[]): string => inner.slice(row[0]! + 1, row[1]!);
      if (!rows.every((row) => row.length === 0 || (row.length === 2 && /^\s*(=|\\approx|\\simeq|:=|\\equiv|\\triangleq|<|>|\\leq?|\\geq?)?\s*$/.test(cellText(row))))) return m;
      // `split` allows one `&` a row: the one after the relation (`a & = & b` → `a & =   b`) goes.
      const drop = new Set(rows.filter((row) => row.length === 2).map((row) => row[1]!));
      const body = inner.split('').map((ch, at) => (drop.has(at) ? ' ' : ch)).join('');
      // `split`, as long as `array` at the end.
      return `\\begin{split}${' '.repeat(open.length - 13)}${body}${' '.repeat(close.length - 11)}\\end{split}`;
    },
    example: ['\\begin{array}{rcl} a & = & b \\end{array}', '\\begin{split}      a & =   b \\end{split}'],
  },
  {
    // `multline`, which KaTeX does not know: its rows one under the other, as `gathered` (same length).
    name: 'multline',
    pattern: /\\(?:begin|end)\s*\{multline\*?\}/g,
    rewrite: (m) => {
      const head = m.startsWith('\\begin') ? '\\begin{gathered}' : '\\end{gathered}';
      return head + ' '.repeat(m.length - head.length);
    },
    example: ['\\begin{multline*} a = b \\end{multline*}', '\\begin{gathered}  a = b \\end{gathered} '],
  },
  {
    // `\cdotp` (a centred dot KaTeX reads as punctuation) and `\centerdot` multiply, like `\cdot`.
    name: 'centred dots',
    pattern: /\\(?:cdotp|centerdot)(?![a-zA-Z])/g,
    rewrite: (m) => `\\cdot${' '.repeat(m.length - 5)}`,
    example: ['a \\cdotp b', 'a \\cdot  b'],
  },
  {
    // MathJax spellings KaTeX does not know, in notes written for GitHub or Jupyter: `\mbox{…}` is text,
    // `\mathbbm{1}` the blackboard 1, `\require{…}` loads an extension and carries no math.
    name: 'MathJax-only commands',
    pattern: /\\mbox(?![a-zA-Z])|\\mathbbm(?![a-zA-Z])|\\require\s*\{[^{}]*\}/g,
    rewrite: (m) => (m === '\\mbox' ? '\\text' : m === '\\mathbbm' ? '\\mathbb ' : blank(m)),
    example: ['\\mbox{if } \\mathbbm{1} \\require{cancel}', '\\text{if } \\mathbb {1}                 '],
  },
  {
    // Full-width punctuation typed with a Chinese or Japanese input method inside math: `，` separates like `,`.
    name: 'full-width punctuation',
    pattern: /[，；：（）]/g,
    rewrite: (m) => ({ '，': ',', '；': ';', '：': ':', '（': '(', '）': ')' })[m] ?? m,
    example: ['a_k，b_k （x）', 'a_k,b_k (x)'],
  },
  {
    // Pasted from a PDF or typed on a phone: the prime sign ′ (U+2032) and the modifier prime ʹ are the apostrophe prime.
    name: 'Unicode prime',
    pattern: /[′ʹ]/g,
    rewrite: () => "'",
    example: ['σ′(x)', "σ'(x)"],
  },
];

/** The TeX with every registered notation rewritten (same length). */
export function normalizeNotation(tex: string): string {
  let out = tex;
  for (const n of NOTATIONS) {
    n.pattern.lastIndex = 0;
    out = out.replace(n.pattern, n.rewrite);
  }
  return out;
}
