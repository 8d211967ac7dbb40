// Unit tests of the notation added with the generator's second random stream (test/generator):
// every added value writes the spelling it names, the key of notes in that notation is still the one
// the numeric twins give, the older notes are reproduced, and a restriction forces a class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import {
  ADDED_DIMENSIONS, ADDED_TEMPLATES, ADDED_VALUES, DIMENSIONS, THIRD_DIMENSIONS, THIRD_VALUES, generateNote, generateNotes, meetsRestriction, OLDER_TEMPLATES, Rng,
  type GeneratedNote, type Restriction,
} from '../../generator/index';
import { assertKeyHolds, classesOf } from './keyCheck';

/** Notes in one class, typed in plain TeX (the unicode and plain-TeX-font surfaces rewrite the spellings checked here). */
function classNotes(dim: string, value: string, count = 12, seed = 7): GeneratedNote[] {
  const restrict: Restriction = { [dim]: [value], surface: ['tex'] };
  // Isolated: the notation of the third stream (third-notation.test.ts) does not rewrite the spellings checked here.
  return generateNotes({ seed, count, restrict, isolate: true });
}

const mathOf = (n: GeneratedNote): string => n.math.join('\n');
const stepsOf = (n: GeneratedNote): string[] => n.steps.map((s) => s.latex);
const lhsOf = (n: GeneratedNote): string => n.steps[0]!.latex.replace(/^\\displaystyle /, '');

/** What a note in each added value must show. */
const SPELLING: Record<string, Record<string, (n: GeneratedNote) => boolean>> = {
  softmaxDef: {
    // `\mathrm{softmax}(z)_i = \frac{…}{…} = s_i` among the definitions.
    'function-chain': (n) => n.math.some((m) => /\)_[a-z] = \\frac\{.*\} = \S+_[a-z]/.test(m)),
    // The steps write the function, not a letter.
    'function-only': (n) => stepsOf(n).some((s) => new RegExp(`${esc(n.dims.softmaxName!)}\\(`).test(s)),
  },
  softmaxName: Object.fromEntries(DIMENSIONS.softmaxName.map((v) => [v, (n: GeneratedNote) => mathOf(n).includes(`${v}(`)])),
  denominator: {
    '\\sum': (n) => /\\sum/.test(mathOf(n)) && !/\\(c|l)?dots/.test(mathOf(n)),
    '\\cdots': (n) => series(n, '\\cdots'),
    '\\dots': (n) => series(n, '\\dots'),
    '\\ldots': (n) => series(n, '\\ldots'),
  },
  indicator: {
    '\\delta_{ij}': (n) => /\\delta_\{[a-z]{2}\}/.test(mathOf(n)),
    '\\mathbb{1}[i=j]': (n) => /\\mathbb\{1\}\[[a-z] = [a-z]\]/.test(mathOf(n)),
    '\\mathbf{1}_{i=j}': (n) => /\\mathbf\{1\}_\{[a-z]=[a-z]\}/.test(mathOf(n)),
    '[i=j]': (n) => /(^|[^}\w])\[[a-z] = [a-z]\]/.test(mathOf(n)),
    '\\mathbb{I}(i=j)': (n) => /\\mathbb\{I\}\([a-z] = [a-z]\)/.test(mathOf(n)),
    '1\\{i=j\\}': (n) => /(^|[^\w])1\\\{[a-z]=[a-z]\\\}/.test(mathOf(n)),
  },
  temperature: {
    T: (n) => /\/T\b/.test(mathOf(n)) && !mathOf(n).includes('\\tau'),
    '\\tau': (n) => mathOf(n).includes('/\\tau') && n.markdown.includes('$\\tau > 0$'),
  },
  typography: {
    plain: (n) => !/\\displaystyle|\\,\+\\,|\\;-\\;/.test(n.markdown),
    '\\displaystyle': (n) => stepsOf(n).every((s) => s.startsWith('\\displaystyle ')),
    spacing: (n) => /\\,\+\\,|\\;-\\;/.test(stepsOf(n).join(' ')),
    braces: (n) => /\{(e\^\{|\\exp|\\mathrm\{e\}|\\operatorname\{exp\}|[^{}\\]+_|\\[a-zA-Z]+(\{[^{}]*\})?_)/.test(mathOf(n)),
  },
  markup: {
    plain: (n) => !/^(- |> |\d+\. |\\\(|\S+ \$\$)/m.test(n.markdown.split('\n').slice(1).join('\n')),
    '- $$': (n) => n.steps.slice(1).some((s) => /^- \$\$|^ {2}/.test(n.markdown.split('\n')[s.line - 1]!)),
    '1. $': (n) => n.steps.slice(1).every((s) => /^\d+\. \$[^$]/.test(n.markdown.split('\n')[s.line - 1]!)),
    '> $$': (n) => n.steps.slice(1).every((s) => n.markdown.split('\n')[s.line - 1]!.startsWith('> ')),
    'text $$': (n) => n.steps.slice(1).every((s) => /^\S+ \$\$/.test(n.markdown.split('\n')[s.line - 1]!)),
    '\\(\\)': (n) => n.steps.slice(1).every((s) => /\\\(.*\\\)/.test(n.markdown.split('\n')[s.line - 1]!)),
    '\\[\\]': (n) => /^\\\[/m.test(n.markdown) && !/^\$\$/m.test(n.markdown),
  },
  exp: {
    '\\exp\\{z\\}': (n) => /\\exp\\\{/.test(mathOf(n)),
    '\\exp[z]': (n) => /\\exp\[/.test(mathOf(n)),
    '\\exp\\left\\{z\\right\\}': (n) => /\\exp\\left\\\{.*\\right\\\}/.test(mathOf(n)),
  },
  deriv: {
    'nabla-entry': (n) => /^\\nabla_\{.+_\{?[a-z]\}?\} /.test(lhsOf(n)),
    // The vector's own symbol (the logit, or the template's variable ŷ), not bolded.
    'nabla-subscript': (n) => lhsOf(n).startsWith(`(\\nabla_{${n.dims.logit ?? '\\hat{y}'}} `) && /\)_[a-z]$/.test(lhsOf(n)),
    // `\\mathrm{d}L = \\sum_i (…) \\,\\mathrm{d}z_i`: every right side a form in the logits' differentials.
    differential: (n) => lhsOf(n).startsWith('\\mathrm{d}') && n.steps.slice(1).every((s) => /^(\\displaystyle )?(\\textstyle)?\\sum.* \\,\\mathrm\{d\}\S+_\{?i\}?\}?$/.test(s.latex)),
    'nabla-bold': (n) => /^\(\\nabla_\{(\\mathbf\{|\\boldsymbol\{|\\hat\{\\mathbf\{)/.test(lhsOf(n)),
  },
};

/** `e^{z_1} + e^{z_2} + \\cdots + e^{z_n}` (the plus signs maybe spaced `\\,+\\,`), from 0 or 1 to the note's length. */
function series(n: GeneratedNote, dots: string): boolean {
  const plus = String.raw`(?:\+|\\,\+\\,)`;
  return new RegExp(String.raw`_\{?\{?[01]\}?.* ${plus} .*_\{?\{?[12]\}?.* ${plus} ${esc(dots)} ${plus} `).test(mathOf(n));
}

function esc(s: string): string {
  return s.replace(/[\\{}()[\]^$.*+?|]/g, (c) => `\\${c}`);
}

const addedClasses = (): [string, string][] => classesOf(ADDED_DIMENSIONS, ADDED_VALUES);


test('every added value, restricted alone, writes the spelling it names, with a verified key and LaTeX that KaTeX renders', () => {
  const rng = new Rng(5);
  const missing: string[] = [];
  for (const [dim, value] of addedClasses()) {
    const check = SPELLING[dim]?.[value];
    assert.ok(check, `a spelling check for ${dim}=${value}`);
    for (const n of classNotes(dim, value)) {
      assert.equal(n.dims[dim], value, `${dim}=${value}: recorded`);
      if (!check(n)) missing.push(`${dim}=${value} (seed ${n.seed}):\n${n.markdown}`);
      assertKeyHolds(n, rng);
      for (const tex of n.math) assert.doesNotThrow(() => katex.renderToString(tex, { throwOnError: true, displayMode: true }), `${n.seed}: ${tex}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the added template (Jacobian with temperature) writes 1/T and its key holds, with the letter T or τ', () => {
  const rng = new Rng(6);
  for (const tpl of ADDED_TEMPLATES) {
    for (const letter of DIMENSIONS.temperature) {
      const notes = generateNotes({ seed: 3, count: 20, restrict: { template: [tpl.name], temperature: [letter], surface: ['tex'] } });
      for (const n of notes) {
        assert.equal(n.template, tpl.name);
        assert.equal(n.dims.temperature, letter);
        assert.ok(n.math.some((m) => m.includes(`/${letter}`)), n.markdown);
        assertKeyHolds(n, rng);
      }
      assert.ok(notes.some((n) => n.mutation) && notes.some((n) => !n.mutation));
    }
  }
});

test('the key holds over 1500 notes of the default mix (added notation included)', () => {
  const rng = new Rng(8);
  const notes = generateNotes({ seed: 31, count: 1500 });
  for (const n of notes) assertKeyHolds(n, rng);
  // The added classes are all drawn in the default mix.
  const seen = new Set(notes.flatMap((n) => Object.entries(n.dims).map(([d, v]) => `${d}=${v}`)));
  assert.deepEqual(addedClasses().map(([d, v]) => `${d}=${v}`).filter((c) => !seen.has(c)), []);
  assert.ok(notes.some((n) => ADDED_TEMPLATES.some((t) => t.name === n.template)));
});

test('option older gives the older notes: no added dimension or template; a note whose second-stream choices are the older spellings is the same note', () => {
  const older = generateNotes({ seed: 1, count: 300, older: true });
  const current = generateNotes({ seed: 1, count: 300 });
  const addedTemplates = new Set(ADDED_TEMPLATES.map((t) => t.name));
  for (const n of older) {
    assert.ok(OLDER_TEMPLATES.some((t) => t.name === n.template));
    for (const d of ADDED_DIMENSIONS) assert.equal(n.dims[d], undefined);
    for (const d of THIRD_DIMENSIONS) assert.equal(n.dims[d], undefined);
    for (const [d, vs] of [...Object.entries(ADDED_VALUES), ...Object.entries(THIRD_VALUES)]) assert.ok(!(vs as readonly string[]).includes(n.dims[d] ?? ''), `${n.seed}: ${d}`);
  }
  let same = 0;
  current.forEach((n, k) => {
    const o = older[k]!;
    const olderSpelling =
      !addedTemplates.has(n.template) &&
      [...ADDED_DIMENSIONS, ...THIRD_DIMENSIONS].every((d) => n.dims[d] === undefined || n.dims[d] === DIMENSIONS[d][0]) &&
      [...Object.entries(ADDED_VALUES), ...Object.entries(THIRD_VALUES)].every(([d, vs]) => !(vs as readonly string[]).includes(n.dims[d] ?? ''));
    if (!olderSpelling) return;
    same++;
    assert.equal(n.markdown, o.markdown, `note ${k}`);
    assert.deepEqual(n.key, o.key);
    assert.deepEqual(n.mutation, o.mutation);
  });
  assert.ok(same >= 5, `${same} notes in the older spellings`);
  // The first stream is not moved by the second: the template and the mistake stay where no added template was drawn.
  current.forEach((n, k) => {
    if (!addedTemplates.has(n.template)) assert.equal(n.template, older[k]!.template);
  });
});

test('a restriction forces the listed values (and templates); an impossible one is an error', () => {
  const restrict: Restriction = { indicator: ['[i=j]', '1\\{i=j\\}'], layout: ['blocks'] };
  const notes = generateNotes({ seed: 4, count: 30, restrict });
  for (const n of notes) {
    assert.ok(meetsRestriction(n, restrict));
    assert.ok(['[i=j]', '1\\{i=j\\}'].includes(n.dims.indicator!));
    assert.equal(n.dims.layout, 'blocks');
  }
  // Isolated: the other added dimensions keep their older spelling.
  for (const n of generateNotes({ seed: 4, count: 40, restrict: { denominator: ['\\cdots'] }, isolate: true })) {
    assert.equal(n.dims.denominator, '\\cdots');
    for (const d of ADDED_DIMENSIONS) if (d !== 'denominator') assert.ok(n.dims[d] === undefined || n.dims[d] === DIMENSIONS[d][0], `${n.seed}: ${d}=${n.dims[d]}`);
    for (const [d, vs] of Object.entries(ADDED_VALUES)) assert.ok(!(vs as readonly string[]).includes(n.dims[d] ?? ''), `${n.seed}: ${d}`);
  }
  // A softmax name alone draws the definitions that write the softmax as a function.
  for (const n of generateNotes({ seed: 4, count: 10, restrict: { softmaxName: ['\\text{softmax}'] }, isolate: true })) {
    assert.equal(n.dims.softmaxName, '\\text{softmax}');
    assert.ok(['function-chain', 'function-only'].includes(n.dims.softmaxDef!));
  }
  const t = generateNotes({ seed: 4, count: 10, restrict: { template: ['sigmoid'] } });
  assert.ok(t.every((n) => n.template === 'sigmoid'));
  assert.throws(() => generateNote(9, { restrict: { template: ['no-such-template'] } }));
  // A softmax named as a function cannot be had in a sigmoid note.
  assert.throws(() => generateNote(9, { restrict: { template: ['sigmoid'], softmaxDef: ['function-only'] } }));
});
