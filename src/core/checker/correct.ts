import { parseMath } from '../latex/parse';
import { IMPLICIT_VARIABLE, type Expr } from '../latex/tree';
import { decide, type DecideInput, type Regime } from './decide';
import { isTargetName, SHORTHAND_LOGIT, type Definition } from './evaluate';

/**
 * The correct result of a chain that starts from a softmax or cross-entropy derivative, written in
 * the note's own symbols: `s_i(1 - s_i)`, `-s_i s_j`, `s_i(\delta_{ij} - s_j)`, `y_i - t_i`. Every
 * candidate is verified numerically against the chain's start before it is offered.
 */
export function correctResultFor(start: Expr, defs: Map<string, Definition>, regime: Regime, input: (r: Regime) => DecideInput): string | undefined {
  if (start.k !== 'deriv' || start.wrt.k !== 'sym' || start.wrt.name === IMPLICIT_VARIABLE) return undefined;
  const wrt = start.wrt;
  const vector = wrt.idx.length === 1 ? wrt.name : wrt.idx.length === 0 ? SHORTHAND_LOGIT : null;
  const J = wrt.idx.length === 1 ? (wrt.idx[0]!.k === 'sym' ? wrt.idx[0]!.name : null) : wrt.name;
  if (!vector || !J || !/^[a-z]$/.test(J)) return undefined;
  const softmaxes = [...defs.values()].filter((d) => !d.wrt && d.params.length === 1 && softmaxVector(d) === vector);
  const candidates: string[] = [];
  for (const s of softmaxes) {
    const S = symLatex(s.name);
    const f = start.f;
    if (f.k === 'sym' && f.name === s.name && f.idx.length === 1 && f.idx[0]!.k === 'sym') {
      const I = f.idx[0]!.name;
      if (I === J) candidates.push(`${S}_${I}(1 - ${S}_${I})`);
      else candidates.push(`${S}_${I}(1 - ${S}_${I})`, `-${S}_${I} ${S}_${J}`, `${S}_${I}(\\delta_{${I}${J}} - ${S}_${J})`);
    } else {
      for (const t of ['t', 'y', 'Y', 'label']) {
        if (isTargetName(t) && ![...defs.values()].some((d) => d.name === t)) candidates.push(`${S}_${J} - ${t}_${J}`);
      }
      candidates.push(`${S}_${J} - 1`);
    }
  }
  for (const c of candidates) {
    const parsed = parseMath(c);
    if (!parsed.ok) continue;
    const x = parsed.value.rows[0]?.items[0]?.expr;
    if (!x) continue;
    if (decide(start, x, input(regime)).kind === 'holds') return c;
  }
  return undefined;
}

/** The vector a definition is the softmax of (`e^{a_i} / \sum_j e^{a_j}`), or null. */
function softmaxVector(d: Definition): string | null {
  const b = d.body;
  if (b.k !== 'div' || d.params.length !== 1) return null;
  const p = d.params[0]!;
  const num = expArg(b.n);
  const den = b.d;
  if (!num || den.k !== 'big' || den.op !== 'sum' || den.lo !== null || den.ne.length > 0) return null;
  const inner = expArg(den.body);
  if (!inner) return null;
  if (num.vector !== inner.vector || num.index !== p || inner.index !== den.v) return null;
  return num.vector;
}

function expArg(x: Expr): { vector: string; index: string } | null {
  if (x.k !== 'call' || x.f !== 'exp') return null;
  const a = x.args[0]!;
  if (a.k !== 'sym') return null;
  if (a.idx.length === 0) return /^[ijkl]$/.test(a.name) ? { vector: SHORTHAND_LOGIT, index: a.name } : null;
  if (a.idx.length === 1 && a.idx[0]!.k === 'sym') return { vector: a.name, index: a.idx[0]!.name };
  return null;
}

function symLatex(name: string): string {
  const accent = /^(hat|bar|tilde|vec) (\\?[A-Za-z]+)$/.exec(name);
  if (accent) return `\\${accent[1]}{${accent[2]}}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  if (/^(alpha|beta|gamma|sigma|pi|phi|psi|theta|mu|rho|tau)$/.test(name)) return `\\${name}`;
  return `\\text{${name}}`;
}
