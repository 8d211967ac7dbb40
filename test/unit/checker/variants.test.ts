/**
 * Notation variants, one spelling changed at a time (issue 9): four small derivations (the
 * cross-entropy gradient in one display and one step per display, the softmax Jacobian by the
 * quotient rule, the sigmoid derivative) are written in each variant; the correct note must be
 * silent with its steps judged, and its twin with a planted mistake in the last step must be
 * flagged. A variant the checker cannot read fails here, never passes as silence. A few variants are
 * deliberately left unread (a sum over a set that may be a subset): for them only silence is asked.
 * The generator (test/generator) combines dimensions; this battery covers spellings one by one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMarkdown } from '../../../src/core/checker/index';

interface Notation {
  /** ∂f/∂v. */
  d: (f: string, v: string) => string;
  e: (a: string) => string;
  lg: (a: string) => string;
  s: (k: string) => string;
  /** The multiplication sign between factors. */
  m: string;
  /** δ_ab or an indicator. */
  dl: (a: string, b: string) => string;
  p: string;
  z: string;
  L: string;
  /** The chain's links (the first with its left side, the rest starting `= `) as markdown. */
  wrap: (links: string[]) => string;
  /** Definitions and the chain as a note. */
  def: (defs: string[], body: string) => string;
  /** A `cases` row's condition (after `&`) for i = j or i ≠ j. */
  caseCond: (eq: boolean) => string;
  /** A one-case display: the link and its condition. */
  caseLine: (link: string, eq: boolean) => string;
  /** Applied to the whole note (Unicode, spacing, bracket styles). */
  post: (md: string) => string;
}

const base: Notation = {
  d: (f, v) => `\\frac{\\partial ${f}}{\\partial ${v}}`,
  e: (a) => `e^{${a}}`,
  lg: (a) => `\\log ${a}`,
  s: (k) => `\\sum_{${k}}`,
  m: ' ',
  dl: (a, b) => `\\delta_{${a}${b}}`,
  p: 'p',
  z: 'z',
  L: 'L',
  wrap: (ls) => ls.map((l) => `$$${l}$$`).join('\n\n'),
  def: (defs, body) => `Let ${defs.map((d) => `$${d}$`).join(' and ')}.\n\n${body}\n`,
  caseCond: (eq) => `\\text{if } i ${eq ? '=' : '\\neq'} j`,
  caseLine: (link, eq) => `$$${link}, \\quad i ${eq ? '=' : '\\neq'} j$$`,
  post: (md) => md,
};

/** Each template: the correct note and its twin with a mistake in the last link. */
function notes(n: Notation): { name: string; ok: string; bad: string }[] {
  const { d, e, lg, s, m, dl, p, z, L } = n;
  const P = (i: string): string => `${p}_${i}`;
  const Z = (i: string): string => `${z}_${i}`;
  const oneDisplay = (ls: string[]): string[] => [ls.join(' ')];
  const softmax = `${P('i')} = \\frac{${e(Z('i'))}}{${s('k')} ${e(Z('k'))}}`;
  const ceDefs = [softmax, `${L} = -${s('k')} y_k ${lg(P('k'))}`, `${s('k')} y_k = 1`];
  const ce = (last: string): string[] => [`${d(L, Z('i'))} = -${s('k')} y_k${m}${d(lg(P('k')), Z('i'))}`, `= -${s('k')} y_k${m}(${dl('i', 'k')} - ${P('i')})`, `= ${last}`];
  const jac = (last: string): string[] => [`${d(P('i'), Z('j'))} = \\frac{${e(Z('i'))}${m}${dl('i', 'j')}${m}${s('k')} ${e(Z('k'))} - ${e(Z('i'))}${m}${e(Z('j'))}}{(${s('k')} ${e(Z('k'))})^2}`, `= ${last}`];
  const sigDefs = [`\\sigma(x) = \\frac{1}{1 + ${e('-x')}}`];
  const sig = (last: string): string[] => [`${d('\\sigma(x)', 'x')} = \\frac{${e('-x')}}{(1 + ${e('-x')})^2}`, `= ${last}`];
  const lsm = (last: string): string[] => [`${d(lg(P('i')), Z('j'))} = ${d(`\\left(${Z('i')} - ${lg(`${s('k')} ${e(Z('k'))}`)}\\right)`, Z('j'))}`, `= ${dl('i', 'j')} - \\frac{${e(Z('j'))}}{${s('k')} ${e(Z('k'))}}`, `= ${last}`];
  const hotDefs = [softmax, `${L} = -${lg(P('c'))}`];
  const hot = (last: string): string[] => [`${d(L, Z('i'))} = -\\frac{1}{${P('c')}}${m}${d(P('c'), Z('i'))}`, `= -\\frac{1}{${P('c')}}${m}${P('c')}${m}(${dl('c', 'i')} - ${P('i')})`, `= ${last}`];
  const bceDefs = [`\\hat{y} = \\frac{1}{1 + ${e(`-${z}`)}}`, `${L} = -y ${lg('\\hat{y}')} - (1 - y) ${lg('(1 - \\hat{y})')}`];
  const bce = (last: string): string[] => [`${d(L, z)} = \\left(-\\frac{y}{\\hat{y}} + \\frac{1 - y}{1 - \\hat{y}}\\right)${m}\\hat{y}${m}(1 - \\hat{y})`, `= ${last}`];
  const cases = (eq: string, ne: string): string => `$$${d(P('i'), Z('j'))} = \\begin{cases} ${eq} & ${n.caseCond(true)} \\\\ ${ne} & ${n.caseCond(false)} \\end{cases}$$`;
  const split = (eq: string, ne: string): string => `${n.caseLine(`${d(P('i'), Z('j'))} = ${eq}`, true)}\n\n${n.caseLine(`${d(P('i'), Z('j'))} = ${ne}`, false)}`;
  const lseDefs = [softmax];
  const lse = (last: string): string[] => [`${d(lg(`${s('k')} ${e(Z('k'))}`), Z('i'))} = \\frac{1}{${s('k')} ${e(Z('k'))}}${m}${e(Z('i'))}`, `= ${last}`];
  const tempDefs = [`${P('i')} = \\frac{${e(`${Z('i')}/T`)}}{${s('k')} ${e(`${Z('k')}/T`)}}`];
  const temp = (last: string): string[] => [`${d(P('i'), Z('i'))} = \\frac{1}{T}${m}\\frac{${e(`${Z('i')}/T`)}}{${s('k')} ${e(`${Z('k')}/T`)}}${m}(1 - ${P('i')})`, `= ${last}`];
  const tanh = (last: string): string[] => [`${d('\\tanh(x)', 'x')} = ${d(`\\frac{${e('x')} - ${e('-x')}}{${e('x')} + ${e('-x')}}`, 'x')}`, `= \\frac{(${e('x')} + ${e('-x')})^2 - (${e('x')} - ${e('-x')})^2}{(${e('x')} + ${e('-x')})^2}`, `= ${last}`];
  const mseDefs = [`${L} = \\frac{1}{2} ${s('k')} (${P('k')} - y_k)^2`];
  const mse = (last: string): string[] => [`${d(L, P('i'))} = \\frac{1}{2}${m}2${m}(${P('i')} - y_i)`, `= ${last}`];
  const lsDefs = [softmax, `${L} = -${s('k')} \\tilde{y}_k ${lg(P('k'))}`, `\\tilde{y}_k = (1 - \\varepsilon) y_k + \\frac{\\varepsilon}{K}`, `${s('k')} y_k = 1`];
  const ls = (last: string): string[] => [`${d(L, Z('i'))} = -${s('k')} \\tilde{y}_k${m}(${dl('i', 'k')} - ${P('i')})`, `= ${P('i')}${m}${s('k')} \\tilde{y}_k - \\tilde{y}_i`, `= ${last}`];
  const bp = `\\mathbf{${p}}`;
  const bz = `\\mathbf{${z}}`;
  const matJac = (sign: string): string[] => [`${d(bp, bz)} = \\operatorname{diag}(${bp}) ${sign} ${bp}${m}${bp}^\\top`];
  const matCeDefs = [softmax, `${L} = -\\mathbf{y}^\\top ${lg(bp)}`, `${s('k')} y_k = 1`];
  const matCe = (last: string): string[] => [`${d(L, bz)} = ${last}`];
  const diag = `${P('i')}${m}(1 - ${P('i')})`;
  const off = `-${P('i')}${m}${P('j')}`;
  return [
    { name: 'cases', ok: n.def([softmax], cases(diag, off)), bad: n.def([softmax], cases(diag, `${P('i')}${m}${P('j')}`)) },
    { name: 'cases-apart', ok: n.def([softmax], split(diag, off)), bad: n.def([softmax], split(`${P('i')}${m}(1 + ${P('i')})`, off)) },
    { name: 'log-softmax', ok: n.def([softmax], n.wrap(lsm(`${dl('i', 'j')} - ${P('j')}`))), bad: n.def([softmax], n.wrap(lsm(`${dl('i', 'j')} + ${P('j')}`))) },
    { name: 'one-hot', ok: n.def(hotDefs, n.wrap(hot(`${P('i')} - ${dl('i', 'c')}`))), bad: n.def(hotDefs, n.wrap(hot(`${dl('i', 'c')} - ${P('i')}`))) },
    { name: 'bce', ok: n.def(bceDefs, n.wrap(oneDisplay(bce('\\hat{y} - y')))), bad: n.def(bceDefs, n.wrap(oneDisplay(bce('y - \\hat{y}')))) },
    { name: 'ce', ok: n.def(ceDefs, n.wrap(oneDisplay(ce(`${P('i')} - y_i`)))), bad: n.def(ceDefs, n.wrap(oneDisplay(ce(`y_i - ${P('i')}`)))) },
    { name: 'ce-lines', ok: n.def(ceDefs, n.wrap(ce(`${P('i')} - y_i`))), bad: n.def(ceDefs, n.wrap(ce(`y_i - ${P('i')}`))) },
    { name: 'jacobian', ok: n.def([softmax], n.wrap(oneDisplay(jac(`${P('i')}${m}(${dl('i', 'j')} - ${P('j')})`)))), bad: n.def([softmax], n.wrap(oneDisplay(jac(`${P('i')}${m}(${dl('i', 'j')} + ${P('j')})`)))) },
    { name: 'lse', ok: n.def(lseDefs, n.wrap(lse(P('i')))), bad: n.def(lseDefs, n.wrap(lse(`1 - ${P('i')}`))) },
    { name: 'temperature', ok: n.def(tempDefs, n.wrap(oneDisplay(temp(`\\frac{1}{T}${m}${P('i')}${m}(1 - ${P('i')})`)))), bad: n.def(tempDefs, n.wrap(oneDisplay(temp(`${P('i')}${m}(1 - ${P('i')})`)))) },
    { name: 'tanh', ok: n.wrap(tanh('1 - \\tanh^2(x)')), bad: n.wrap(tanh('1 + \\tanh^2(x)')) },
    { name: 'mse', ok: n.def(mseDefs, n.wrap(mse(`${P('i')} - y_i`))), bad: n.def(mseDefs, n.wrap(mse(`2${m}(${P('i')} - y_i)`))) },
    { name: 'label-smoothing', ok: n.def(lsDefs, n.wrap(ls(`${P('i')} - (1 - \\varepsilon) y_i - \\frac{\\varepsilon}{K}`))), bad: n.def(lsDefs, n.wrap(ls(`${P('i')} - y_i`))) },
    // (Matrix notation needs a symbol that takes \\mathbf and \\top: not a primed y'.)
    ...(/[\^(]/.test(p) ? [] : [
    { name: 'jacobian-matrix', ok: n.def([softmax], n.wrap(matJac('-'))), bad: n.def([softmax], n.wrap(matJac('+'))) },
    { name: 'ce-matrix', ok: n.def(matCeDefs, n.wrap(matCe(`${bp} - \\mathbf{y}`))), bad: n.def(matCeDefs, n.wrap(matCe(`\\mathbf{y} - ${bp}`))) },
    ]),
    { name: 'sigmoid', ok: n.def(sigDefs, n.wrap(oneDisplay(sig(`\\sigma(x)${m}(1 - \\sigma(x))`)))), bad: n.def(sigDefs, n.wrap(oneDisplay(sig(`\\sigma(x)${m}(1 + \\sigma(x))`)))) },
  ];
}

const VARIANTS: Record<string, Partial<Notation>> = {};
/** Variants read on purpose as "not checked": only silence is asked of them. */
const SILENT = new Set<string>();
const add = (name: string, v: Partial<Notation>): void => {
  VARIANTS[name] = v;
};
/** Aligned rows: the first link's `=` and every later row's leading `=` get `&`. */
const aligned = (ls: string[], amp = '&= '): string[] => ls.map((l, i) => (i === 0 ? l.replace(' = ', ` ${amp}`) : l.replace(/^= /, amp)));
const lastEq = (f: (x: string) => string) => (ls: string[]): string => ls.map((l, i) => `$$${i === ls.length - 1 ? l.replace(/= ([^=]*)$/, (_m, x: string) => `= ${f(x)}`) : l}$$`).join('\n\n');
const midRel = (rel: string) => (ls: string[]): string => ls.map((l) => `$$${l.replace(/(.) = /g, (_m, c: string) => `${c} ${rel} `).replace(/^= /, `${rel} `)}$$`).join('\n\n');
const defsWith = (rel: string) => (defs: string[], body: string): string => `Definitions: ${defs.map((d) => `$${d.replace(' = ', ` ${rel} `)}$`).join(', ')}.\n\n${body}\n`;

add('base', {});
add('over', { d: (f, v) => `{\\partial ${f} \\over \\partial ${v}}` });
add('tfrac', { d: (f, v) => `\\tfrac{\\partial ${f}}{\\partial ${v}}` });
add('mathrm-d', { d: (f, v) => `\\frac{\\mathrm{d} ${f}}{\\mathrm{d} ${v}}` });
add('d-plain', { d: (f, v) => `\\frac{d ${f}}{d ${v}}` });
add('d-delta', { d: (f, v) => `\\frac{\\delta ${f}}{\\delta ${v}}` });
add('operatorfrac', { d: (f, v) => `\\frac{\\partial}{\\partial ${v}}\\left(${f}\\right)` });
add('partial_sub', { d: (f, v) => `\\partial_{${v}} ${f}` });
// `\partial_j p_i`: the logit named by its index alone (vectors and scalars keep their name).
add('partial-index', { d: (f, v) => `\\partial_{${/^z_(\w)$/.exec(v)?.[1] ?? v}} ${f}` });
add('nabla', { d: (f, v) => `\\nabla_{${v}} ${f}` });
add('slash', { d: (f, v) => (/\\sum|\\frac/.test(f) ? `\\partial (${f}) / \\partial ${v}` : `\\partial ${f} / \\partial ${v}`) });
add('exp-brace', { e: (a) => `\\exp\\{${a}\\}` });
add('exp-nopar', { e: (a) => (/^[a-z]_?[a-z]?$/.test(a) ? `\\exp ${a}` : `\\exp(${a})`) });
add('exp-big', { e: (a) => `\\exp\\big(${a}\\big)` });
add('e-paren', { e: (a) => `e^{(${a})}` });
add('e-thin', { e: (a) => `e^{\\,${a}}` });
add('mathrm-exp', { e: (a) => `\\mathrm{exp}(${a})` });
add('text-exp', { e: (a) => `\\text{exp}(${a})` });
add('log-paren', { lg: (a) => `\\log(${a})` });
add('log-left', { lg: (a) => `\\log\\left(${a}\\right)` });
add('log-brace', { lg: (a) => `\\log{${a}}` });
add('ln-brace', { lg: (a) => `\\ln{${a}}` });
add('log_e', { lg: (a) => `\\log_e ${a}` });
add('text-log', { lg: (a) => `\\text{log}(${a})` });
add('log-big', { lg: (a) => `\\log\\big(${a}\\big)` });
add('sum-1K', { s: (k) => `\\sum_{${k}=1}^{K}` });
add('sum-0K-1', { s: (k) => `\\sum_{${k}=0}^{K-1}` });
add('sum-0n-1', { s: (k) => `\\sum_{${k}=0}^{n-1}` });
add('sum-0N-1', { s: (k) => `\\sum_{${k}=0}^{N - 1}` });
add('sum-in-set', { s: (k) => `\\sum_{${k} \\in \\{1, \\dots, K\\}}` });
add('sum-1dotsK', { s: (k) => `\\sum_{${k}=1,\\ldots,K}` });
add('sum-in', { s: (k) => `\\sum_{${k} \\in [K]}` });
add('sum-in-C', { s: (k) => `\\sum_{${k} \\in \\mathcal{C}}` });
add('sum-display', { s: (k) => `\\displaystyle\\sum_{${k}}` });
add('sum-limits-N', { s: (k) => `\\sum\\limits_{${k}=1}^{N}` });
add('sum-1n-brace', { s: (k) => `\\sum_{${k}=1}^{n}` });
add('sum-super-first', { s: (k) => `\\sum^{K}_{${k}=1}` });
add('mul-cdot', { m: ' \\cdot ' });
add('mul-times', { m: ' \\times ' });
add('mul-ast', { m: ' \\ast ' });
add('mul-semi', { m: '\\;' });
add('mul-tilde', { m: '~' });
add('mul-cdotp', { m: ' \\cdotp ' });
add('mul-bullet', { m: ' \\bullet ' });
add('delta-comma', { dl: (a, b) => `\\delta_{${a},${b}}` });
add('delta-rev', { dl: (a, b) => `\\delta_{${b}${a}}` });
add('delta-tensor', { dl: (a, b) => `\\delta^{${a}}_{${b}}` });
add('ind-bb', { dl: (a, b) => `\\mathbb{1}[${a}=${b}]` });
add('ind-bb-sub', { dl: (a, b) => `\\mathbb{1}_{${a}=${b}}` });
add('ind-bb-set', { dl: (a, b) => `\\mathbb{1}_{\\{${a} = ${b}\\}}` });
add('ind-bf', { dl: (a, b) => `\\mathbf{1}\\{${a}=${b}\\}` });
add('ind-1sub', { dl: (a, b) => `1_{${a}=${b}}` });
add('iverson', { dl: (a, b) => `[${a}=${b}]` });
add('ind-mathbb-paren', { dl: (a, b) => `\\mathbb{I}(${a}=${b})` });
add('p-hat', { p: '\\hat{y}' });
add('p-hat-nobrace', { p: '\\hat y' });
add('p-widehat', { p: '\\widehat{y}' });
add('p-mathrm', { p: '\\mathrm{p}' });
add('p-bar', { p: '\\bar{y}' });
add('p-a', { p: 'a' });
add('p-sigma', { p: '\\sigma' });
add('p-q', { p: 'q' });
add('p-S-of-z', { p: 'S(z)' });
add('p-sigma-of-z', { p: '\\sigma(\\mathbf{z})' });
add('p-f-of-x', { p: 'f(\\mathbf{x})' });
add('p-S', { p: 'S' });
add('p-softmax', { p: 'y^{\\prime}' });
add('z-vec', { z: '\\vec{z}' });
add('z-bf', { z: '\\mathbf z' });
add('z-boldsymbol', { z: '\\boldsymbol{z}' });
add('z-bm-slash', { z: '\\bm{z}', d: (f, v) => (/\\sum|\\frac/.test(f) ? `\\partial (${f}) / \\partial ${v}` : `\\partial ${f} / \\partial ${v}`) });
add('z-ell', { z: '\\ell' });
add('z-f', { z: 'f' });
add('z-h', { z: 'h' });
add('z-eta', { z: '\\eta' });
add('z-w', { z: 'w' });
add('z-s', { z: 's' });
add('z-v', { z: 'v' });
add('z-logit', { z: 'o' });
add('z-xi', { z: '\\xi' });
add('z-zL', { z: 'z^{(L)}' });
add('z-zbr', { z: 'z^{[L]}' });
add('L-scr', { L: '\\mathscr{L}' });
add('L-text', { L: '\\text{Loss}' });
add('L-CE', { L: '\\mathrm{CE}' });
add('L-J', { L: '\\mathcal{J}' });
add('L-ell', { L: '\\ell_{CE}' });
add('L-Ltheta', { L: 'L(\\theta)' });
add('L-H', { L: 'H' });
add('L-E', { L: 'E' });
add('L-Lz', { L: 'L(z)' });
add('L-mathrmL', { L: '\\mathrm{L}' });
add('L-loss', { L: '\\mathcal{L}_{\\text{CE}}' });
add('align', { wrap: (ls) => `$$\\begin{align}\n${aligned(ls).join(' \\\\\n')}\n\\end{align}$$` });
add('aligned-eq', { wrap: (ls) => `\\begin{equation}\n\\begin{aligned}\n${aligned(ls).join(' \\\\\n')}\n\\end{aligned}\n\\end{equation}` });
add('eqnarray-bare', { wrap: (ls) => `\\begin{eqnarray*}\n${aligned(ls, '&=& ').join(' \\\\\n')}\n\\end{eqnarray*}` });
add('eqnarray-dollars', { wrap: (ls) => `$$\\begin{eqnarray}\n${aligned(ls, '&=& ').join(' \\nonumber \\\\\n')}\n\\end{eqnarray}$$` });
add('eq-number-by-hand', { wrap: (ls) => ls.map((l, n) => `$$${l} \\qquad (${n + 1})$$`).join('\n\n') });
add('multline', { wrap: (ls) => `$$\\begin{multline*}\n${ls.join(' \\\\\n')}\n\\end{multline*}$$` });
add('align-bare', { wrap: (ls) => `\\begin{align*}\n${aligned(ls).join(' \\\\\n')}\n\\end{align*}` });
add('bracket', { wrap: (ls) => `\\[\n${ls.join('\n')}\n\\]` });
add('notag', { wrap: (ls) => `$$\\begin{align}\n${aligned(ls).map((l) => `${l} \\nonumber`).join(' \\\\\n')}\n\\end{align}$$` });
add('array', { wrap: (ls) => `$$\\begin{array}{rl}\n${aligned(ls).join(' \\\\\n')}\n\\end{array}$$` });
add('alignat', { wrap: (ls) => `$$\\begin{alignat*}{1}\n${aligned(ls).join(' \\\\\n')}\n\\end{alignat*}$$` });
add('vspace', { wrap: (ls) => `$$\\begin{aligned}\n${aligned(ls).join(' \\\\[4pt]\n')}\n\\end{aligned}$$` });
add('period', { wrap: (ls) => ls.map((l) => `$$${l}.$$`).join('\n\n') });
add('comma', { wrap: (ls) => ls.map((l) => `$$${l},$$`).join('\n\n') });
add('text-period', { wrap: (ls) => ls.map((l) => `$$${l} \\text{.}$$`).join('\n\n') });
add('tag', { wrap: (ls) => ls.map((l, i) => `$$${l} \\tag{${i + 1}}$$`).join('\n\n') });
add('label', { wrap: (ls) => ls.map((l, i) => `\\begin{equation}${l} \\label{eq:${i}}\\end{equation}`).join('\n\n') });
add('boxed-last', { wrap: (ls) => ls.map((l, i) => `$$${i === ls.length - 1 ? l.replace(/^= (.*)$/, '= \\boxed{$1}') : l}$$`).join('\n\n') });
add('def-colon', { def: defsWith(':=') });
add('def-coloneqq', { def: defsWith('\\coloneqq') });
add('def-triangleq', { def: defsWith('\\triangleq') });
add('def-equiv', { def: defsWith('\\equiv') });
add('def-display', { def: (defs, body) => `${defs.map((d) => `$$${d}$$`).join('\n\n')}\n\n${body}\n` });
add('def-bullets', { def: (defs, body) => `We use:\n\n${defs.map((d) => `- $${d}$`).join('\n')}\n\n${body}\n` });
add('def-after', { def: (defs, body) => `${body}\n\nwhere ${defs.map((d) => `$${d}$`).join(', ')}.\n` });
add('def-where-display', { def: (defs, body) => `${body}\n\nwhere\n\n$$${defs.join(', \\quad ')}$$\n` });
add('def-zh', { def: (defs, body) => `设 ${defs.map((d) => `$${d}$`).join('，')}。\n\n${body}\n` });
add('def-table', { def: (defs, body) => `| symbol | meaning |\n|---|---|\n${defs.map((d) => `| $${d.split(' = ')[0]}$ | $${d}$ |`).join('\n')}\n\n${body}\n` });

add('underbrace-last', { wrap: lastEq((x) => `\\underbrace{${x}}_{\\text{result}}`) });
add('overbrace-last', { wrap: lastEq((x) => `\\overbrace{${x}}^{\\text{result}}`) });
add('color-last', { wrap: lastEq((x) => `{\\color{red} ${x}}`) });
add('textcolor-last', { wrap: lastEq((x) => `\\textcolor{blue}{${x}}`) });
add('colorbox-last', { wrap: lastEq((x) => `\\colorbox{yellow}{$${x}$}`) });
add('fbox-last', { wrap: lastEq((x) => `\\fbox{$${x}$}`) });
add('bigl-last', { wrap: lastEq((x) => `\\bigl(${x}\\bigr)`) });
add('stackrel', { wrap: midRel('\\stackrel{(a)}{=}') });
add('overset', { wrap: midRel('\\overset{\\text{chain rule}}{=}') });
add('underset', { wrap: midRel('\\underset{(1)}{=}') });
add('eqref-text', { wrap: (ls) => ls.map((l) => `$$${l} \\qquad \\text{(by the chain rule)}$$`).join('\n\n') });
add('therefore', { wrap: (ls) => ls.map((l, i) => `$$${i === 0 ? l : l}$$`).join('\n\n').replace(/\$\$\\frac/, () => '$$\\therefore \\frac') });
add('quad-text', { wrap: (ls) => ls.map((l) => `$$${l} \\quad \\text{(chain rule)}$$`).join('\n\n') });
add('space-before-eq', { wrap: (ls) => ls.map((l) => `$$ ${l.replace(/ = /g, ' \\; = \\; ')} $$`).join('\n\n') });
add('multline-dollars', { wrap: (ls) => `$$\n${ls.join('\n')}\n$$` });
add('aligned-in-dollars-ll', { wrap: (ls) => `$$\\begin{aligned}\n${aligned(ls).join(' \\\\\n')}\n\\end{aligned}$$` });
add('aligned-eq-left', { wrap: (ls) => `$$\\begin{aligned}\n${aligned(ls, '=& ').join(' \\\\\n')}\n\\end{aligned}$$` });
add('inline-chain', { wrap: (ls) => `So we get $${ls.join(' ')}$ as claimed.` });
add('paren-frac-delta', { dl: (a, b) => `\\left(\\delta_{${a}${b}}\\right)` });
add('const-1', { m: ' 1 \\cdot ' });


add('case-amp-plain', { caseCond: (eq) => `i ${eq ? '=' : '\\neq'} j` });
add('case-otherwise', { caseCond: (eq) => (eq ? 'i = j' : '\\text{otherwise}') });
add('case-text-for', { caseCond: (eq) => `\\text{for } i ${eq ? '=' : '\\ne'} j` });
add('case-paren', { caseCond: (eq) => `(i ${eq ? '=' : '\\neq'} j)` });
add('case-comma-if', { caseCond: (eq) => `\\text{if}\\ i ${eq ? '=' : '\\neq'} j` });
add('case-text-all', { caseCond: (eq) => `\\text{if $i ${eq ? '=' : '\\neq'} j$}` });
add('case-zh', { caseCond: (eq) => `\\text{当 } i ${eq ? '=' : '\\neq'} j` });
add('case-not=', { caseCond: (eq) => `i ${eq ? '=' : '\\not='} j` });
add('line-paren', { caseLine: (l, eq) => `$$${l} \\quad (i ${eq ? '=' : '\\neq'} j)$$` });
add('case-text-si', { caseCond: (eq) => `\\text{si } i ${eq ? '=' : '\\neq'} j` });
add('line-text-falls', { caseLine: (l, eq) => `$$${l} \\quad \\text{falls } i ${eq ? '=' : '\\neq'} j$$` });
add('line-text-cuando', { caseLine: (l, eq) => `$$${l}, \\quad \\text{cuando } i ${eq ? '=' : '\\neq'} j$$` });
add('line-evalbar', { caseLine: (l, eq) => `$$${l.replace(' = ', `\\Big|_{i ${eq ? '=' : '\\neq'} j} = `)}$$` });
add('line-evalbar-left', { caseLine: (l, eq) => `$$\\left.${l.replace(' = ', `\\right|_{i ${eq ? '=' : '\\neq'} j} = `)}$$` });
add('line-text-if', { caseLine: (l, eq) => `$$${l} \\quad \\text{if } i ${eq ? '=' : '\\neq'} j$$` });
add('line-when', { caseLine: (l, eq) => `$$${l}, \\text{ when } i ${eq ? '=' : '\\ne'} j$$` });
add('line-prose-before', { caseLine: (l, eq) => `For $i ${eq ? '=' : '\\neq'} j$:\n\n$$${l}$$` });
add('line-prose-after', { caseLine: (l, eq) => `$$${l}$$\n\nwhen $i ${eq ? '=' : '\\neq'} j$.` });
add('line-zh-before', { caseLine: (l, eq) => `当 $i ${eq ? '=' : '\\neq'} j$ 时：\n\n$$${l}$$` });
add('line-heading', { caseLine: (l, eq) => `### Case ${eq ? '$i = j$' : '$i \\neq j$'}\n\n$$${l}$$` });
add('line-forall', { caseLine: (l, eq) => `$$${l} \\quad \\forall i ${eq ? '=' : '\\neq'} j$$` });
add('line-semicolon', { caseLine: (l, eq) => `$$${l}; \\; i ${eq ? '=' : '\\neq'} j$$` });
add('unicode-partial', { post: (md) => md.replace(/\\partial ?/g, '∂') });
add('unicode-minus', { post: (md) => md.replace(/(?<=[ ({=])-/g, '−') });
add('unicode-cdot', { m: ' · ' });
add('unicode-sum', { post: (md) => md.replace(/\\sum/g, '∑') });
add('unicode-sigma', { post: (md) => md.replace(/\\sigma/g, 'σ') });
add('unicode-neq', { post: (md) => md.replace(/\\neq/g, '≠') });
add('unicode-delta', { post: (md) => md.replace(/\\delta/g, 'δ') });
add('dfrac-all', { post: (md) => md.replace(/\\frac/g, '\\dfrac') });
add('cfrac-all', { post: (md) => md.replace(/\\frac/g, '\\cfrac') });
add('big-parens', { post: (md) => md.replace(/(?<!\\left|\\right)\((?!i [=\\])/g, '\\big(').replace(/(?<!\\left|\\right|j)\)/g, '\\big)') });
add('left-right-all', { post: (md) => md.replace(/(?<!\\left|\\big)\((?![ij] )/g, '\\left(').replace(/(?<!\\right|\\big|\([ij] [^()]{0,6})\)/g, '\\right)') });
add('left-right-bold', { z: '\\mathbf{z}', post: (md) => md.replace(/(?<![a-zA-Z\\])x(?![a-zA-Z])/g, '\\mathbf{x}').replace(/(?<!\\left|\\big)\((?![ij] )/g, '\\left(').replace(/(?<!\\right|\\big|\([ij] [^()]{0,6})\)/g, '\\right)') });
add('thin-spaces', { post: (md) => md.replace(/ = /g, ' \\,=\\, ').replace(/\\frac/g, '\\,\\frac') });
add('neg-spaces', { post: (md) => md.replace(/\\frac\{1\}/g, '\\!\\frac{1}') });
add('medspace', { m: '\\:' });
add('L-of-z', { L: 'L(\\mathbf{z})' });
add('L-calL-theta', { L: '\\mathcal{L}(\\theta)' });

SILENT.add('sum-in-C');

/** What is wrong with one template in one variant, or null. */
function problem(name: string, ok: string, bad: string): string | null {
  const correct = checkMarkdown(ok);
  const warnings = correct.findings.filter((f) => f.severity === 'warning');
  if (warnings.length > 0) return `the correct note is flagged (${warnings.map((f) => f.message).join('; ')})\n${ok}`;
  if (SILENT.has(name)) return null;
  const notRead = correct.steps.filter((st) => st.verdict === 'not-read');
  if (correct.steps.length === 0 || notRead.length > 0) return `not every link judged (not read: ${notRead.map((st) => st.reason).join('; ') || 'no steps'})\n${ok}`;
  if (!checkMarkdown(bad).findings.some((f) => f.severity === 'warning')) return `the planted mistake is not flagged\n${bad}`;
  return null;
}

for (const [name, variant] of Object.entries(VARIANTS)) {
  test(`notation variant: ${name}`, () => {
    const notation = { ...base, ...variant };
    const problems = notes(notation).flatMap((t) => {
      const p = problem(name, notation.post(t.ok), notation.post(t.bad));
      return p ? [`${t.name}: ${p}`] : [];
    });
    assert.deepEqual(problems, []);
  });
}
