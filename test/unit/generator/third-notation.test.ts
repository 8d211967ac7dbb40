// Unit tests of the notation drawn from the generator's third random stream (test/generator): every
// value writes the spelling it names, the key of notes in that notation is the one the numeric twins
// give (at fresh points too), every math span renders in KaTeX, and the vector equations' planted
// mistakes are really wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { DIMENSIONS, generateNotes, Rng, THIRD_DIMENSIONS, THIRD_VALUES, type GeneratedNote, type Restriction } from '../../generator/index';
import { assertKeyHolds, classesOf } from './keyCheck';

/** Notes in one class alone (the other added notation in its older spelling), typed in plain TeX. */
function classNotes(dim: string, value: string, count = 12, seed = 11): GeneratedNote[] {
  const restrict: Restriction = { [dim]: [value], ...(dim === 'ascii' ? {} : { surface: ['tex'] }) };
  return generateNotes({ seed, count, restrict, isolate: true });
}

const mathOf = (n: GeneratedNote): string => n.math.join('\n');
const stepsOf = (n: GeneratedNote): string[] => n.steps.map((s) => s.latex);
const linesOf = (n: GeneratedNote): string[] => n.markdown.split('\n');
const stepLine = (n: GeneratedNote, u: number): string => linesOf(n)[n.steps[u]!.line - 1]!;
const last = (n: GeneratedNote): GeneratedNote['steps'][number] => n.steps[n.steps.length - 1]!;

/** A chain's display steps after the first (the vector equation, if any, is not one of them). */
function chainSteps(n: GeneratedNote): number[] {
  const count = n.dims.vectorForm && n.dims.vectorForm !== 'none' ? n.steps.length - 1 : n.steps.length;
  return Array.from({ length: count - 1 }, (_, k) => k + 1);
}

const SPELLING: Record<string, Record<string, (n: GeneratedNote) => boolean>> = {
  targetName: {
    y: (n) => /(^|[^\\a-zA-Z{])y(?![a-zA-Z^])/.test(mathOf(n)),
    t: (n) => /(^|[^\\a-zA-Z{])t(?![a-zA-Z^])/.test(mathOf(n)),
    '\\mathbf{t}': (n) => mathOf(n).includes('\\mathbf{t}_'),
    'y^*': (n) => mathOf(n).includes('y^*'),
  },
  vectorForm: {
    none: (n) => !n.markdown.includes('vector form') && !n.markdown.includes('向量形式'),
    nabla: (n) => /^\\nabla_\{[^}]*\}/.test(last(n).latex),
    frac: (n) => /^\\frac\{\\partial /.test(last(n).latex) && /\\partial \\(mathbf|boldsymbol|hat\{\\mathbf)/.test(last(n).latex),
  },
  transpose: {
    '\\top': (n) => last(n).latex.includes('^\\top') || !last(n).latex.includes('diag'),
    T: (n) => /\^T\b/.test(last(n).latex),
  },
  connector: {
    none: (n) => chainSteps(n).every((u) => stepLine(n, u).startsWith('$$') || stepLine(n, u).startsWith('\\[')),
    // A word alone on the line two above every display step after the first (a blank line between).
    'word-line': (n) => chainSteps(n).slice(1).every((u) => /^[^$\\ ][^$\\]*$/.test(linesOf(n)[n.steps[u]!.line - 3]!)),
    'we-get': (n) => chainSteps(n).every((u) => /^[^$\\]+ (\$\$|\\\[)/.test(stepLine(n, u))),
  },
  tag: {
    none: (n) => !/\\tag|\\because|\\nonumber|\\qquad \((\d)\)|\\text\{\(/.test(n.markdown),
    '\\tag': (n) => /\\tag\{\d\}/.test(n.markdown),
    '\\nonumber': (n) => n.markdown.includes('\\nonumber'),
    '(n)': (n) => /\\qquad \(\d\)/.test(n.markdown),
    '\\text{(chain rule)}': (n) => /\\text\{(\(by the chain rule\)|（链式法则）)\}/.test(n.markdown),
    '\\because': (n) => /\\quad \\because\\ (\S+ = |\\text\{)/.test(n.markdown),
  },
  wrapper: {
    none: (n) => !n.markdown.includes('<details>'),
    details: (n) => /^<details>$/m.test(n.markdown) && /^<\/details>$/m.test(n.markdown) && n.steps.every((s) => s.line > linesOf(n).indexOf('<details>')),
  },
  ascii: {
    tex: (n) => !/[Σ∂*]/.test(stepsOf(n).join(' ')) || /\\/.test(stepsOf(n)[0]!),
    ascii: (n) => chainSteps(n).every((u) => !/\\(frac|partial|sum|exp|log|ln|left|cdot)(?![a-zA-Z])/.test(n.steps[u]!.latex)) && /∂|d[σ(]|d\S+\/d/.test(n.steps[0]!.latex),
  },
  sumSplit: {
    none: (n) => !/\\sum_\{[a-z] \\neq/.test(mathOf(n)),
    split: (n) => /\\sum_\{[a-z] \\neq [a-z]\}/.test(stepsOf(n).join(' ')),
  },
  logit: {
    '\\ell': (n) => /\\ell(?![a-zA-Z])/.test(mathOf(n)),
    h: (n) => /(^|[^\\a-zA-Z{])h(?![a-zA-Z])/.test(mathOf(n)),
    '\\mathbf{h}': (n) => mathOf(n).includes('\\mathbf{h}'),
    '\\boldsymbol\\eta': (n) => mathOf(n).includes('\\boldsymbol\\eta'),
    s: (n) => /(?<!\\[a-zA-Z]+\{)(?<![\\a-zA-Z])s(?![a-zA-Z])/.test(mathOf(n)),
    'z^{(L)}': (n) => mathOf(n).includes('z^{(L)}'),
    'o^{(L)}': (n) => mathOf(n).includes('o^{(L)}'),
  },
  output: {
    '\\hat{\\mathbf{y}}': (n) => mathOf(n).includes('\\hat{\\mathbf{y}}_'),
    'a^{[L]}': (n) => mathOf(n).includes('a^{[L]}_'),
    '\\mathrm{p}': (n) => mathOf(n).includes('\\mathrm{p}_'),
  },
  // The true class y (`t_y = 1`, `-\log p_y`), the target not called y.
  classLetter: { y: (n) => ['t', '\\mathbf{t}'].includes(n.dims.targetName!) && !/_c = 1/.test(mathOf(n)) && !/ c\$/.test(n.markdown) },
  sumLimits: {
    '\\sum\\limits_{k=1}^{K}': (n) => /\\sum\\limits_\{[a-z]=1\}\^\{K\}/.test(mathOf(n)),
    '\\displaystyle\\sum_{k=1}^{K}': (n) => /\\displaystyle\\sum_\{[a-z]=1\}\^\{K\}/.test(mathOf(n)),
  },
  layout: {
    'br-inline': (n) => chainSteps(n).every((u) => /^\$[^$]+\$(<br>)?$/.test(stepLine(n, u))) && n.markdown.includes('$<br>\n'),
    table: (n) => n.markdown.includes('| --- | --- |') && chainSteps(n).every((u) => new RegExp(`^\\| ${u} \\| \\$.+\\$ \\|$`).test(stepLine(n, u))),
    'list-brackets': (n) => chainSteps(n).every((u) => new RegExp(`^${u}\\. \\\\\\[.+\\\\\\]$`).test(stepLine(n, u))),
    'glued-aligned': (n) => /^\$\$\\begin\{aligned\}$/m.test(n.markdown) && /^\\end\{aligned\}\$\$$/m.test(n.markdown),
  },
};

const thirdClasses = (): [string, string][] => classesOf(THIRD_DIMENSIONS, THIRD_VALUES);


const renders = (tex: string): void => {
  katex.renderToString(tex, { throwOnError: true, displayMode: true });
};

test('every value of the third stream, restricted alone, writes the spelling it names, with a verified key and LaTeX that KaTeX renders', () => {
  const rng = new Rng(15);
  const missing: string[] = [];
  for (const [dim, value] of thirdClasses()) {
    const check = SPELLING[dim]?.[value];
    assert.ok(check, `a spelling check for ${dim}=${value}`);
    const notes = classNotes(dim, value);
    assert.ok(notes.length > 0);
    for (const n of notes) {
      assert.equal(n.dims[dim], value, `${dim}=${value}: recorded`);
      if (!check(n)) missing.push(`${dim}=${value} (seed ${n.seed}):\n${n.markdown}`);
      if (!check(n) && process.env.SHOW_MISSING) console.log(`MISSING ${dim}=${value} ${n.seed}`);
      assertKeyHolds(n, rng);
      for (const tex of n.math) assert.doesNotThrow(() => renders(tex), `${dim}=${value} ${n.seed}: ${tex}`);
      // A table cell cannot hold a pipe.
      if (value === 'table') assert.ok(!n.math.some((m) => m.includes('|')), n.markdown);
    }
  }
  assert.deepEqual(missing, []);
});

test('the vector and matrix equations equal the componentwise result; their planted mistakes (a sign, a dropped term, s^T s) are wrong', () => {
  const rng = new Rng(16);
  const kinds = new Set<string>();
  let transposed = 0;
  for (const value of ['nabla', 'frac']) {
    for (const n of generateNotes({ seed: 21, count: 80, restrict: { vectorForm: [value], surface: ['tex'] }, isolate: true })) {
      assertKeyHolds(n, rng);
      const vec = last(n);
      // The vector equation is on a line of its own, after every step of the chain.
      assert.ok(n.steps.slice(0, -1).every((s) => s.line < vec.line), n.markdown);
      assert.ok(linesOf(n)[vec.line - 1]!.includes(vec.latex));
      if (vec.status === 'must') {
        kinds.add(n.mutation!.kind);
        // A mistake planted in the vector equation itself: the step before is the correct result.
        assert.equal(n.steps[n.steps.length - 2]!.status, 'ok', n.markdown);
        if (vec.latex.includes('^\\top \\') || /\^T \\/.test(vec.latex)) transposed++;
      }
    }
  }
  assert.ok(kinds.size >= 2, [...kinds].join(', '));
  assert.ok(transposed > 0, 'the misplaced transpose s^T s is planted');
});

test('the third stream leaves half the notes alone, and an isolated class keeps every other added dimension in its older spelling', () => {
  const notes = generateNotes({ seed: 1, count: 400 });
  const untouched = notes.filter((n) => THIRD_DIMENSIONS.every((d) => n.dims[d] === undefined || n.dims[d] === DIMENSIONS[d][0]) && Object.entries(THIRD_VALUES).every(([d, vs]) => !(vs as readonly string[]).includes(n.dims[d] ?? '')));
  assert.ok(untouched.length > 400 * 0.4, `${untouched.length} notes in the older spellings`);
  for (const n of generateNotes({ seed: 4, count: 30, restrict: { connector: ['word-line'] }, isolate: true })) {
    for (const d of THIRD_DIMENSIONS) if (d !== 'connector') assert.ok(n.dims[d] === undefined || n.dims[d] === DIMENSIONS[d][0], `${n.seed}: ${d}=${n.dims[d]}`);
  }
});

test('a softmax with temperature written as a function keeps its temperature in the vector equation and in ASCII', () => {
  let seen = 0;
  for (const restrict of [{ vectorForm: ['nabla', 'frac'] }, { ascii: ['ascii'] }] as Restriction[]) {
    for (const n of generateNotes({ seed: 9, count: 30, restrict: { ...restrict, softmaxDef: ['function-only'], template: ['softmax-temperature', 'jacobian-temperature'] } })) {
      for (const s of n.steps) {
        for (const m of s.latex.matchAll(/(?:softmax|Softmax|σ|\\sigma)\}?\(([^()]*)\)/g)) {
          seen++;
          assert.match(m[1]!, /\/(T|\\tau|τ)$/, `${n.seed}: ${s.latex}`);
        }
      }
    }
  }
  assert.ok(seen > 0);
});
