// Worked examples in numbers, the other half of what real notes write: a logit vector given in numbers,
// then the sum of exponentials, the softmax, the loss, the gradient and the Jacobian worked out and
// rounded, in several vector spellings, relations and layouts. A planted mistake changes the numbers
// of one step (a wrong entry, two entries swapped, a sign lost); the key marks that step's line. Every
// number is computed here in double precision, so the key does not depend on the checker.
import type { KeyLine } from './index';
import { Rng } from './prng';

export const EXAMPLE_DIMENSIONS = {
  /** How vectors are written; `entries`: the logits one by one (`z_1 = 2.0, …`), the rest as lists. */
  vector: ['list', 'paren-T', 'bmatrix-col', 'pmatrix-row', 'entries'],
  logit: ['z', '\\mathbf z', 'x', 'o'],
  output: ['p', '\\mathbf p', '\\hat y', 'q'],
  decimals: ['2', '3', '4'],
  relation: ['\\approx', '='],
  language: ['en', 'zh'],
  layout: ['blocks', 'inline'],
  length: ['3', '4'],
  /** Later steps computed from the exact softmax, or from its rounded values (as by hand). */
  from: ['exact', 'rounded'],
} as const;

type Dim = keyof typeof EXAMPLE_DIMENSIONS;

/**
 * Styles drawn from the example's second random stream (the first draws what it always drew); the first
 * value of each is the older examples' spelling. `tensor`: a torch print-out `\\text{tensor}([…])`;
 * `pmatrix-col`: a column; `percent`: the softmax as percentages (`66.5\\%`).
 */
export const EXAMPLE_ADDED_DIMENSIONS = {
  vectorAdded: ['none', 'pmatrix-col', 'tensor'],
  probability: ['decimal', 'percent'],
} as const;

export const EXAMPLE_MUTATIONS = ['wrong-entry', 'swapped-entries', 'lost-sign'] as const;
export type ExampleMutation = (typeof EXAMPLE_MUTATIONS)[number];

export interface ExampleNote {
  seed: number;
  markdown: string;
  key: KeyLine[];
  dims: Record<string, string>;
  template: string;
  route: number;
  mutation: { kind: ExampleMutation; mode: 'carried'; step: number; position: 'first' | 'middle' | 'last' } | null;
}

const STEPS = ['sum', 'softmax', 'loss', 'gradient', 'jacobian'] as const;
type Step = (typeof STEPS)[number];

function vectorTex(style: string, cells: string[]): string {
  switch (style) {
    case 'list': return `[${cells.join(', ')}]`;
    case 'paren-T': return `(${cells.join(', ')})^T`;
    case 'bmatrix-col': return `\\begin{bmatrix} ${cells.join(' \\\\ ')} \\end{bmatrix}`;
    case 'pmatrix-col': return `\\begin{pmatrix} ${cells.join(' \\\\ ')} \\end{pmatrix}`;
    case 'tensor': return `\\text{tensor}([${cells.join(', ')}])`;
    default: return `\\begin{pmatrix} ${cells.join(' & ')} \\end{pmatrix}`;
  }
}

const matrixTex = (rows: string[][]): string => `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;

/** One worked example; `mutate` plants a mistake in one step's numbers. */
export function generateExample(seed: number, mutate: boolean, older = false): ExampleNote {
  const rng = new Rng(seed);
  const d = Object.fromEntries((Object.keys(EXAMPLE_DIMENSIONS) as Dim[]).map((k) => [k, rng.pick(EXAMPLE_DIMENSIONS[k])])) as { [K in Dim]: (typeof EXAMPLE_DIMENSIONS)[K][number] };
  // The second stream: half the examples keep the older styles.
  const second = new Rng((seed ^ 0x51ed270b) >>> 0);
  const gate = second.next() < 0.5;
  const vectorAdded = second.pick(EXAMPLE_ADDED_DIMENSIONS.vectorAdded);
  const probability = second.pick(EXAMPLE_ADDED_DIMENSIONS.probability);
  const added = { vectorAdded: older || !gate || d.vector === 'entries' ? 'none' : vectorAdded, probability: older || !gate ? 'decimal' : probability };
  const n = Number(d.length);
  const places = Number(d.decimals);
  // Logits with one decimal, all different (so swapping two entries changes the numbers).
  let z: number[] = [];
  do z = Array.from({ length: n }, () => Math.round(rng.real(-2, 3) * 10) / 10);
  while (new Set(z).size < n);
  const c = rng.int(1, n);
  const y = Array.from({ length: n }, (_, k) => (k + 1 === c ? 1 : 0));
  const ez = z.map(Math.exp);
  const S = ez.reduce((a, b) => a + b, 0);
  const p = ez.map((e) => e / S);
  const fmt = (v: number): string => {
    const s = v.toFixed(places);
    return s === `-${(0).toFixed(places)}` ? (0).toFixed(places) : s;
  };
  const Z = d.logit;
  const P = d.output;
  const entry = (name: string, k: number | string): string => `${name.startsWith('\\mathbf') ? name.replace(/^\\mathbf /, '') : name}_${k}`;
  const rel = d.relation;
  const style = d.vector === 'entries' ? 'list' : added.vectorAdded !== 'none' ? added.vectorAdded : d.vector;
  // A probability as a percentage keeps the digits of its decimal: 0.665 is 66.5\\%.
  const percent = (cell: string): string => `${(Number(cell) * 100).toFixed(Math.max(0, places - 2))}\\%`;
  const zTex = vectorTex(style, z.map((v) => v.toFixed(1)));
  const yTex = vectorTex(style, y.map(String));
  // Each step: its left side and the numbers written on the right (kept apart so a mistake can change them).
  const pc = Number(fmt(p[c - 1]!));
  // By hand, the gradient and the Jacobian are worked out from the rounded probabilities.
  const q = d.from === 'rounded' ? p.map((v) => Number(fmt(v))) : p;
  const steps: Record<Step, { lhs: string; numbers: string[]; render: (cells: string[]) => string }> = {
    sum: { lhs: `\\sum_{k} e^{${entry(Z, 'k')}} = ${z.map((v) => `e^{${v.toFixed(1)}}`).join(' + ')}`, numbers: [fmt(S)], render: (cs) => cs[0]! },
    softmax: { lhs: `${P} = \\mathrm{softmax}(${Z})`, numbers: p.map(fmt), render: (cs) => vectorTex(style, added.probability === 'percent' ? cs.map(percent) : cs) },
    loss: { lhs: `L = -\\log ${entry(P, c)} ${rel} -\\log(${fmt(p[c - 1]!)})`, numbers: [fmt(-Math.log(pc))], render: (cs) => cs[0]! },
    gradient: { lhs: `\\nabla_{${Z}} L = ${P} - y`, numbers: q.map((v, k) => fmt(v - y[k]!)), render: (cs) => vectorTex(style, cs) },
    jacobian: {
      lhs: `\\frac{\\partial ${P}}{\\partial ${Z}} = \\operatorname{diag}(${P}) - ${P} ${P}^T`,
      numbers: q.flatMap((a, r) => q.map((b, col) => fmt((r === col ? a : 0) - a * b))),
      render: (cs) => matrixTex(Array.from({ length: n }, (_, r) => cs.slice(r * n, r * n + n))),
    },
  };
  let mutation: ExampleNote['mutation'] = null;
  let mutatedStep: Step | null = null;
  if (mutate) {
    const kind = rng.pick(EXAMPLE_MUTATIONS);
    const candidates = STEPS.filter((s) => kind === 'wrong-entry' || steps[s].numbers.length > 1);
    const step = rng.pick(candidates);
    const cells = steps[step].numbers.slice();
    const unit = 10 ** -places;
    if (kind === 'wrong-entry') {
      const k = rng.int(0, cells.length - 1);
      // Far more than rounding: 20 to 60 units of the last digit, or 10 % of the value, whichever is larger.
      const shift = Math.max(rng.int(20, 60) * unit, Math.abs(Number(cells[k])) * 0.1) * (rng.chance(0.5) ? 1 : -1);
      cells[k] = fmt(Number(cells[k]) + shift);
    } else if (kind === 'swapped-entries') {
      const pairs: [number, number][] = [];
      for (let a = 0; a < cells.length; a++) for (let b = a + 1; b < cells.length; b++) if (Math.abs(Number(cells[a]) - Number(cells[b])) > 20 * unit) pairs.push([a, b]);
      if (pairs.length > 0) {
        const [a, b] = rng.pick(pairs);
        [cells[a], cells[b]] = [cells[b]!, cells[a]!];
      }
    } else {
      const nonzero = cells.map((v, k) => [Math.abs(Number(v)), k] as const).filter(([v]) => v > 20 * unit);
      if (nonzero.length > 0) {
        const k = rng.pick(nonzero)[1];
        cells[k] = fmt(-Number(cells[k]));
      }
    }
    if (cells.join() !== steps[step].numbers.join()) {
      steps[step] = { ...steps[step], numbers: cells };
      mutatedStep = step;
      const at = STEPS.indexOf(step);
      mutation = { kind, mode: 'carried', step: at + 1, position: at === 0 ? 'first' : at === STEPS.length - 1 ? 'last' : 'middle' };
    }
  }
  const lines: string[] = [];
  const zh = d.language === 'zh';
  lines.push(zh ? '## 数值例子' : '## A worked example', '');
  const given = d.vector === 'entries' ? z.map((v, k) => `$${entry(Z, k + 1)} = ${v.toFixed(1)}$`).join(', ') : `$${Z} = ${zTex}$`;
  lines.push(zh ? `设 ${given}，目标为第 ${c} 类，即 $y = ${yTex}$。` : `Take ${given} and the target class ${c}, that is $y = ${yTex}$.`, '');
  const key: KeyLine[] = [];
  for (const step of STEPS) {
    const s = steps[step];
    const tex = `${s.lhs} ${rel} ${s.render(s.numbers)}`;
    if (d.layout === 'inline' && step !== 'jacobian') {
      lines.push(zh ? `于是 $${tex}$。` : `So $${tex}$.`, '');
      if (step === mutatedStep) key.push({ line: lines.length - 1, verdict: 'must' });
    } else {
      lines.push('$$', tex, '$$', '');
      if (step === mutatedStep) key.push({ line: lines.length - 2, verdict: 'must' });
    }
  }
  const dims = Object.fromEntries(Object.entries(older ? d : { ...d, ...added }).map(([k, v]) => [`example-${k}`, v]));
  return { seed, markdown: `${lines.join('\n')}\n`, key, dims, template: 'worked-example', route: 0, mutation };
}

/** `count` worked examples; example k depends only on (seed, k); a quarter are correct. */
export function generateExamples(options: { seed: number; count: number; older?: boolean }): ExampleNote[] {
  const out: ExampleNote[] = [];
  for (let k = 0; k < options.count; k++) {
    const s = (Math.imul(options.seed + 7, 0x2545f491) ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
    out.push(generateExample(s, new Rng(s ^ 0x27d4eb2f).next() >= 0.25, options.older ?? false));
  }
  return out;
}
