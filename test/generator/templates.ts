// Templates of CORRECT derivations, written the way a student does them (quotient rule expanded,
// factoring, substituting the definition). Each route is a chain lhs = step1 = step2 = …; every
// step is an expression tree with a numeric twin (ast.ts). The generator verifies every chain at
// random points before using it and throws when a step disagrees with its predecessor.
import {
  add, cases, delta, deriv, exp, frac, log, mul, named, neg, num, one, pow, S, sigmoid, slash, sub, sum, sumExcept, sym, tanh, ws, wx, wz, X, Y, Z,
  type Idx, type Node,
} from './ast';

export interface Route {
  lhs: Node;
  steps: Node[];
}

export type TargetKind = 'onehot' | 'soft' | 'either' | 'scalar' | 'regression' | 'none';

export interface Template {
  name: string;
  title: { en: string; zh: string };
  /** Which (i, j) the chain holds for: i = j, i ≠ j, any, or no j at all. */
  condition: 'diag' | 'offdiag' | 'any' | 'none';
  /** Free indices (an index slip replaces one by another). */
  free: Idx[];
  /** A scalar variable x instead of a vector z. */
  scalar?: boolean;
  temperature?: boolean;
  target: TargetKind;
  countDefault?: 'n' | 'K' | 'N';
  /** The variable's symbol when it is not the note's logit symbol. */
  variableSymbol?: string;
  primeAllowed?: boolean;
  usesOutput: boolean;
  /** The left side may be written ∂s_i/∂z_j with the condition i = j stated. */
  diagLhs?: boolean;
  /** Equations lhs = rhs stated as definitions. */
  defs: [Node, Node][];
  /** Extra prose (English, Chinese) with $…$ math written through `tex`. */
  extra?: (tex: (n: Node) => string) => { en: string; zh: string };
  routes: Route[];
  /**
   * The result as one vector (gradient, entry i) or one matrix (Jacobian, entry (i, j)), written after
   * the chain when the note has a vector form (vectorForm): equal to the chain's last step at every point.
   */
  vector?: { kind: 'gradient' | 'jacobian'; node: Node };
  /** A route that splits a sum over k ≠ i from its i-th term (sumSplit split), drawn from the third stream. */
  splitRoute?: Route;
}

/** The definition `name = expression` of a named quantity. */
function namedDef(n: Node): [Node, Node] {
  if (n.t !== 'named') throw new Error('generator: namedDef needs a named quantity');
  return [n, n.def];
}

const T = sym('T');
const EPS = sym('eps');
const COUNT = sym('count');
const YS = sym('y');
const E = (i: Idx): Node => exp(Z(i));
const D = sum('k', E('k'));
/** The sum of the exponentials but the i-th: `\\sum_{k \\neq i} e^{z_k}`. */
const DX = sumExcept('k', 'i', E('k'));
const Dm = sum('m', exp(Z('m')));
const ET = (i: Idx): Node => exp(slash(Z(i), T));
const DT = sum('k', ET('k'));
const DTm = sum('m', ET('m'));
export const SOFTMAX: [Node, Node] = [S('i'), frac(E('i'), D)];
export const SOFTMAX_T: [Node, Node] = [S('i'), frac(ET('i'), DT)];
const ceLoss = (): Node => named('L', neg(sum('k', mul(Y('k'), log(S('k'))))));
const L_CE = ceLoss();
const dLogS = (k: Idx): Node => deriv(log(S(k)), wz('i'));
const SIG = sigmoid(X);
const EMX = exp(neg(X));
const EX = exp(X);
const half = frac(one, num(2));
const q = (k: Idx): Node => add(mul(sub(one, EPS), Y(k)), frac(EPS, COUNT));

const jacDiag: Template = {
  name: 'jacobian-diagonal',
  title: { en: 'Softmax Jacobian: the diagonal', zh: 'softmax 雅可比矩阵：对角元' },
  condition: 'diag',
  free: ['i'],
  target: 'none',
  usesOutput: true,
  diagLhs: true,
  defs: [SOFTMAX],
  splitRoute: {
    // The numerator's sum without its i-th term: Σ_k e^{z_k} − e^{z_i} = Σ_{k≠i} e^{z_k}.
    lhs: deriv(S('i'), wz('i')),
    steps: [
      frac(sub(mul(E('i'), D), mul(E('i'), E('i'))), pow(D)),
      frac(mul(E('i'), sub(D, E('i'))), pow(D)),
      frac(mul(E('i'), DX), pow(D)),
      mul(frac(E('i'), D), frac(DX, D)),
      mul(S('i'), sub(one, S('i'))),
    ],
  },
  routes: [
    {
      lhs: deriv(S('i'), wz('i')),
      steps: [
        frac(sub(mul(E('i'), D), mul(E('i'), E('i'))), pow(D)),
        sub(frac(E('i'), D), pow(frac(E('i'), D))),
        mul(frac(E('i'), D), frac(sub(D, E('i')), D)),
        mul(frac(E('i'), D), sub(one, frac(E('i'), D))),
        sub(S('i'), pow(S('i'))),
        mul(S('i'), sub(one, S('i'))),
      ],
    },
    {
      lhs: deriv(S('i'), wz('i')),
      steps: [
        frac(sub(mul(E('i'), D), pow(E('i'))), pow(D)),
        sub(frac(mul(E('i'), D), pow(D)), frac(pow(E('i')), pow(D))),
        sub(S('i'), pow(S('i'))),
        mul(S('i'), sub(one, S('i'))),
      ],
    },
  ],
};

const jacOff: Template = {
  name: 'jacobian-off-diagonal',
  title: { en: 'Softmax Jacobian: off the diagonal', zh: 'softmax 雅可比矩阵：非对角元' },
  condition: 'offdiag',
  free: ['i', 'j'],
  target: 'none',
  usesOutput: true,
  defs: [SOFTMAX],
  routes: [
    {
      lhs: deriv(S('i'), wz('j')),
      steps: [
        frac(sub(mul(num(0), D), mul(E('i'), E('j'))), pow(D)),
        neg(frac(mul(E('i'), E('j')), pow(D))),
        neg(mul(frac(E('i'), D), frac(E('j'), D))),
        neg(mul(S('i'), S('j'))),
      ],
    },
    {
      lhs: deriv(S('i'), wz('j')),
      steps: [
        frac(neg(mul(E('i'), E('j'))), pow(D)),
        neg(mul(frac(E('i'), D), frac(E('j'), D))),
        neg(mul(S('i'), S('j'))),
      ],
    },
  ],
};

const jacKronecker: Template = {
  name: 'jacobian-kronecker',
  title: { en: 'Softmax Jacobian with the Kronecker delta', zh: '用 Kronecker δ 写 softmax 雅可比矩阵' },
  condition: 'any',
  free: ['i', 'j'],
  target: 'none',
  usesOutput: true,
  defs: [SOFTMAX],
  vector: { kind: 'jacobian', node: sub(mul(delta('i', 'j'), S('i')), mul(S('i'), S('j'))) },
  routes: [
    {
      lhs: deriv(S('i'), wz('j')),
      steps: [
        frac(sub(mul(delta('i', 'j'), E('i'), D), mul(E('i'), E('j'))), pow(D)),
        sub(mul(delta('i', 'j'), frac(E('i'), D)), mul(frac(E('i'), D), frac(E('j'), D))),
        sub(mul(delta('i', 'j'), S('i')), mul(S('i'), S('j'))),
        mul(S('i'), sub(delta('i', 'j'), S('j'))),
      ],
    },
    {
      lhs: deriv(S('i'), wz('j')),
      steps: [
        mul(S('i'), deriv(log(S('i')), wz('j'))),
        mul(S('i'), deriv(sub(Z('i'), log(D)), wz('j'))),
        mul(S('i'), sub(delta('i', 'j'), frac(E('j'), D))),
        mul(S('i'), sub(delta('i', 'j'), S('j'))),
      ],
    },
  ],
};

const jacCases: Template = {
  name: 'jacobian-cases',
  title: { en: 'Softmax Jacobian by cases', zh: '分情况的 softmax 雅可比矩阵' },
  condition: 'any',
  free: ['i', 'j'],
  target: 'none',
  usesOutput: true,
  defs: [SOFTMAX],
  vector: { kind: 'jacobian', node: sub(mul(delta('i', 'j'), S('i')), mul(S('i'), S('j'))) },
  routes: [
    {
      lhs: deriv(S('i'), wz('j')),
      steps: [
        cases(frac(sub(mul(E('i'), D), mul(E('i'), E('i'))), pow(D)), frac(neg(mul(E('i'), E('j'))), pow(D))),
        cases(sub(frac(E('i'), D), pow(frac(E('i'), D))), neg(mul(frac(E('i'), D), frac(E('j'), D)))),
        cases(sub(S('i'), pow(S('i'))), neg(mul(S('i'), S('j')))),
        cases(mul(S('i'), sub(one, S('i'))), neg(mul(S('i'), S('j')))),
      ],
    },
    {
      lhs: deriv(S('i'), wz('j')),
      steps: [
        mul(S('i'), sub(delta('i', 'j'), S('j'))),
        cases(mul(S('i'), sub(one, S('i'))), neg(mul(S('i'), S('j')))),
        cases(sub(S('i'), pow(S('i'))), neg(mul(S('i'), S('j')))),
      ],
    },
  ],
};

const ceOneHot: Template = {
  name: 'cross-entropy-one-hot',
  title: { en: 'Cross-entropy gradient, one-hot target', zh: '交叉熵求导（one-hot 标签）' },
  condition: 'none',
  free: ['i', 'c'],
  target: 'onehot',
  usesOutput: true,
  defs: [SOFTMAX, namedDef(L_CE)],
  vector: { kind: 'gradient', node: sub(S('i'), Y('i')) },
  routes: [
    {
      lhs: deriv(L_CE, wz('i')),
      steps: [
        neg(sum('k', mul(Y('k'), dLogS('k')))),
        neg(sum('k', mul(Y('k'), sub(delta('k', 'i'), S('i'))))),
        add(neg(sum('k', mul(Y('k'), delta('k', 'i')))), mul(S('i'), sum('k', Y('k')))),
        add(neg(Y('i')), mul(S('i'), sum('k', Y('k')))),
        sub(S('i'), Y('i')),
      ],
    },
    {
      lhs: deriv(L_CE, wz('i')),
      steps: [
        deriv(neg(log(S('c'))), wz('i')),
        neg(deriv(log(S('c')), wz('i'))),
        neg(sub(delta('i', 'c'), S('i'))),
        sub(S('i'), delta('i', 'c')),
        sub(S('i'), Y('i')),
      ],
    },
  ],
};

const ceSoft: Template = {
  name: 'cross-entropy-soft',
  title: { en: 'Cross-entropy gradient, soft target', zh: '交叉熵求导（软标签）' },
  condition: 'none',
  free: ['i'],
  target: 'soft',
  usesOutput: true,
  defs: [SOFTMAX, namedDef(L_CE)],
  vector: { kind: 'gradient', node: sub(S('i'), Y('i')) },
  routes: [
    {
      // The chain rule through the outputs, written out, then evaluated.
      lhs: deriv(L_CE, wz('i')),
      steps: [
        sum('k', mul(deriv(L_CE, ws('k')), deriv(S('k'), wz('i')))),
        sum('k', mul(neg(frac(Y('k'), S('k'))), deriv(S('k'), wz('i')))),
        neg(sum('k', mul(frac(Y('k'), S('k')), S('k'), sub(delta('k', 'i'), S('i'))))),
        neg(sum('k', mul(Y('k'), sub(delta('k', 'i'), S('i'))))),
        add(neg(Y('i')), mul(S('i'), sum('k', Y('k')))),
        sub(S('i'), Y('i')),
      ],
    },
    {
      lhs: deriv(L_CE, wz('i')),
      steps: [
        neg(sum('k', mul(frac(Y('k'), S('k')), deriv(S('k'), wz('i'))))),
        neg(sum('k', mul(frac(Y('k'), S('k')), S('k'), sub(delta('k', 'i'), S('i'))))),
        neg(sum('k', mul(Y('k'), sub(delta('k', 'i'), S('i'))))),
        add(neg(Y('i')), mul(S('i'), sum('k', Y('k')))),
        sub(S('i'), Y('i')),
      ],
    },
    {
      lhs: deriv(L_CE, wz('i')),
      steps: [
        neg(sum('k', mul(Y('k'), deriv(sub(Z('k'), log(Dm)), wz('i'))))),
        neg(sum('k', mul(Y('k'), sub(delta('k', 'i'), frac(E('i'), Dm))))),
        sub(mul(frac(E('i'), D), sum('k', Y('k'))), Y('i')),
        sub(frac(E('i'), D), Y('i')),
        sub(S('i'), Y('i')),
      ],
    },
  ],
};

const logSoftmax: Template = {
  name: 'log-softmax',
  title: { en: 'Derivative of log-softmax', zh: 'log-softmax 的导数' },
  condition: 'any',
  free: ['i', 'j'],
  target: 'none',
  usesOutput: true,
  defs: [SOFTMAX],
  routes: [
    {
      lhs: deriv(log(S('i')), wz('j')),
      steps: [
        deriv(sub(Z('i'), log(D)), wz('j')),
        sub(delta('i', 'j'), mul(frac(one, D), deriv(D, wz('j')))),
        sub(delta('i', 'j'), frac(E('j'), D)),
        sub(delta('i', 'j'), S('j')),
      ],
    },
    {
      lhs: deriv(log(S('i')), wz('j')),
      steps: [
        mul(frac(one, S('i')), deriv(S('i'), wz('j'))),
        mul(frac(one, S('i')), S('i'), sub(delta('i', 'j'), S('j'))),
        sub(delta('i', 'j'), S('j')),
      ],
    },
  ],
};

const LSE = named('LSE', log(D));
const logSumExp: Template = {
  name: 'log-sum-exp',
  title: { en: 'Gradient of log-sum-exp', zh: 'log-sum-exp 的梯度' },
  condition: 'none',
  free: ['i'],
  target: 'none',
  usesOutput: true,
  defs: [[LSE, log(D)], SOFTMAX],
  vector: { kind: 'gradient', node: S('i') },
  splitRoute: {
    // The i-th term split out of the sum: only it depends on z_i.
    lhs: deriv(LSE, wz('i')),
    steps: [
      deriv(log(add(DX, E('i'))), wz('i')),
      frac(E('i'), add(DX, E('i'))),
      frac(E('i'), D),
      S('i'),
    ],
  },
  routes: [
    {
      lhs: deriv(LSE, wz('i')),
      steps: [
        deriv(log(D), wz('i')),
        mul(frac(one, D), deriv(D, wz('i'))),
        mul(frac(one, D), sum('k', mul(E('k'), delta('k', 'i')))),
        frac(E('i'), D),
        S('i'),
      ],
    },
  ],
};

const sigmoidT: Template = {
  name: 'sigmoid',
  title: { en: 'Derivative of the sigmoid', zh: 'sigmoid 的导数' },
  condition: 'none',
  free: [],
  scalar: true,
  target: 'none',
  primeAllowed: true,
  usesOutput: false,
  defs: [[SIG, frac(one, add(one, EMX))]],
  routes: [
    {
      lhs: deriv(SIG, wx),
      steps: [
        deriv(frac(one, add(one, EMX)), wx),
        frac(EMX, pow(add(one, EMX))),
        mul(frac(one, add(one, EMX)), frac(EMX, add(one, EMX))),
        mul(frac(one, add(one, EMX)), sub(one, frac(one, add(one, EMX)))),
        mul(SIG, sub(one, SIG)),
      ],
    },
    {
      lhs: deriv(SIG, wx),
      steps: [
        mul(neg(frac(one, pow(add(one, EMX)))), neg(EMX)),
        frac(EMX, pow(add(one, EMX))),
        mul(frac(one, add(one, EMX)), frac(add(one, EMX, neg(one)), add(one, EMX))),
        sub(SIG, pow(SIG)),
        mul(SIG, sub(one, SIG)),
      ],
    },
  ],
};

const TP = add(EX, EMX);
const TM = sub(EX, EMX);
const tanhT: Template = {
  name: 'tanh',
  title: { en: 'Derivative of tanh', zh: 'tanh 的导数' },
  condition: 'none',
  free: [],
  scalar: true,
  target: 'none',
  usesOutput: false,
  defs: [[tanh(X), frac(TM, TP)]],
  routes: [
    {
      lhs: deriv(tanh(X), wx),
      steps: [
        deriv(frac(TM, TP), wx),
        frac(sub(mul(TP, TP), mul(TM, TM)), pow(TP)),
        frac(sub(pow(TP), pow(TM)), pow(TP)),
        sub(one, frac(pow(TM), pow(TP))),
        sub(one, pow(frac(TM, TP))),
        sub(one, pow(tanh(X))),
      ],
    },
  ],
};

const L_BCE = named('L', neg(add(mul(YS, log(SIG)), mul(sub(one, YS), log(sub(one, SIG))))));
const bce: Template = {
  name: 'binary-cross-entropy',
  title: { en: 'Binary cross-entropy with respect to the logit', zh: '二元交叉熵对 logit 求导' },
  condition: 'none',
  free: [],
  scalar: true,
  target: 'scalar',
  usesOutput: false,
  defs: [[SIG, frac(one, add(one, EMX))], namedDef(L_BCE)],
  extra: (tex) => ({ en: `The label is $${tex(YS)} \\in [0, 1]$.`, zh: `标签 $${tex(YS)} \\in [0, 1]$。` }),
  routes: [
    {
      lhs: deriv(L_BCE, wx),
      steps: [
        neg(sub(mul(frac(YS, SIG), deriv(SIG, wx)), mul(frac(sub(one, YS), sub(one, SIG)), deriv(SIG, wx)))),
        neg(sub(mul(frac(YS, SIG), SIG, sub(one, SIG)), mul(frac(sub(one, YS), sub(one, SIG)), SIG, sub(one, SIG)))),
        neg(sub(mul(YS, sub(one, SIG)), mul(sub(one, YS), SIG))),
        neg(add(YS, neg(mul(YS, SIG)), neg(SIG), mul(YS, SIG))),
        sub(SIG, YS),
      ],
    },
  ],
};

const L_CE_T = ceLoss();
const ceTemperature: Template = {
  name: 'softmax-temperature',
  title: { en: 'Cross-entropy through a softmax with temperature', zh: '带温度的 softmax 交叉熵求导' },
  condition: 'none',
  free: ['i'],
  temperature: true,
  target: 'either',
  usesOutput: true,
  defs: [SOFTMAX_T, namedDef(L_CE_T)],
  extra: (tex) => ({ en: `The temperature is $${tex(T)} > 0$.`, zh: `温度 $${tex(T)} > 0$。` }),
  vector: { kind: 'gradient', node: frac(sub(S('i'), Y('i')), T) },
  routes: [
    {
      lhs: deriv(L_CE_T, wz('i')),
      steps: [
        neg(sum('k', mul(Y('k'), dLogS('k')))),
        neg(sum('k', mul(Y('k'), frac(sub(delta('k', 'i'), S('i')), T)))),
        frac(add(neg(Y('i')), mul(S('i'), sum('k', Y('k')))), T),
        frac(sub(S('i'), Y('i')), T),
      ],
    },
    {
      lhs: deriv(L_CE_T, wz('i')),
      steps: [
        neg(sum('k', mul(Y('k'), deriv(sub(slash(Z('k'), T), log(DTm)), wz('i'))))),
        neg(sum('k', mul(Y('k'), sub(frac(delta('k', 'i'), T), frac(S('i'), T))))),
        sub(frac(S('i'), T), frac(Y('i'), T)),
        mul(frac(one, T), sub(S('i'), Y('i'))),
      ],
    },
  ],
};

const L_MSE_HALF = named('L', mul(half, pow(sub(X, YS))));
const mseHalf: Template = {
  name: 'mse-half',
  title: { en: 'Gradient of the squared error', zh: '平方误差的梯度' },
  condition: 'none',
  free: [],
  scalar: true,
  target: 'scalar',
  variableSymbol: '\\hat{y}',
  usesOutput: false,
  defs: [namedDef(L_MSE_HALF)],
  routes: [
    {
      lhs: deriv(L_MSE_HALF, wx),
      steps: [
        mul(half, num(2), sub(X, YS), deriv(sub(X, YS), wx)),
        mul(half, num(2), sub(X, YS)),
        sub(X, YS),
      ],
    },
    {
      lhs: deriv(L_MSE_HALF, wx),
      steps: [
        deriv(mul(half, add(pow(X), neg(mul(num(2), X, YS)), pow(YS))), wx),
        mul(half, sub(mul(num(2), X), mul(num(2), YS))),
        sub(X, YS),
      ],
    },
  ],
};

const L_MSE_MEAN = named('L', mul(frac(one, COUNT), sum('k', pow(sub(Z('k'), Y('k'))))));
const mseMean: Template = {
  name: 'mse-mean',
  title: { en: 'Gradient of the mean squared error', zh: '均方误差的梯度' },
  condition: 'none',
  free: ['i'],
  target: 'regression',
  countDefault: 'N',
  variableSymbol: '\\hat{y}',
  usesOutput: false,
  defs: [namedDef(L_MSE_MEAN)],
  extra: (tex) => ({ en: `There are $${tex(COUNT)}$ outputs.`, zh: `共有 $${tex(COUNT)}$ 个输出。` }),
  vector: { kind: 'gradient', node: frac(mul(num(2), sub(Z('i'), Y('i'))), COUNT) },
  routes: [
    {
      lhs: deriv(L_MSE_MEAN, wz('i')),
      steps: [
        mul(frac(one, COUNT), sum('k', deriv(pow(sub(Z('k'), Y('k'))), wz('i')))),
        mul(frac(one, COUNT), sum('k', mul(num(2), sub(Z('k'), Y('k')), delta('k', 'i')))),
        mul(frac(one, COUNT), num(2), sub(Z('i'), Y('i'))),
        frac(mul(num(2), sub(Z('i'), Y('i'))), COUNT),
      ],
    },
    {
      lhs: deriv(L_MSE_MEAN, wz('i')),
      steps: [
        frac(sum('k', mul(num(2), sub(Z('k'), Y('k')), delta('k', 'i'))), COUNT),
        frac(mul(num(2), sub(Z('i'), Y('i'))), COUNT),
        mul(frac(num(2), COUNT), sub(Z('i'), Y('i'))),
      ],
    },
  ],
};

const L_LS = named('L', neg(sum('k', mul(q('k'), log(S('k'))))));
const labelSmoothing: Template = {
  name: 'label-smoothing',
  title: { en: 'Cross-entropy with label smoothing', zh: '标签平滑的交叉熵' },
  condition: 'none',
  free: ['i'],
  target: 'either',
  countDefault: 'K',
  usesOutput: true,
  defs: [SOFTMAX, namedDef(L_LS)],
  extra: (tex) => ({
    en: `Label smoothing over $${tex(COUNT)}$ classes with $0 < \\varepsilon < 1$.`,
    zh: `共 $${tex(COUNT)}$ 个类别，平滑系数 $0 < \\varepsilon < 1$。`,
  }),
  routes: [
    {
      lhs: deriv(L_LS, wz('i')),
      steps: [
        neg(sum('k', mul(q('k'), dLogS('k')))),
        neg(sum('k', mul(q('k'), sub(delta('k', 'i'), S('i'))))),
        sub(mul(S('i'), sum('k', q('k'))), q('i')),
        sub(S('i'), q('i')),
        add(S('i'), neg(mul(sub(one, EPS), Y('i'))), neg(frac(EPS, COUNT))),
      ],
    },
  ],
};

// ---- templates added with the second random stream (index.ts) ----

const jacTemperature: Template = {
  name: 'jacobian-temperature',
  title: { en: 'Jacobian of a softmax with temperature', zh: '带温度的 softmax 雅可比矩阵' },
  condition: 'any',
  free: ['i', 'j'],
  temperature: true,
  target: 'none',
  usesOutput: true,
  defs: [SOFTMAX_T],
  extra: (tex) => ({ en: `The temperature is $${tex(T)} > 0$.`, zh: `温度 $${tex(T)} > 0$。` }),
  vector: { kind: 'jacobian', node: mul(frac(one, T), sub(mul(delta('i', 'j'), S('i')), mul(S('i'), S('j')))) },
  routes: [
    {
      // The quotient rule: ∂e^{z_i/T}/∂z_j = δ_ij e^{z_i/T} / T and ∂Σ/∂z_j = e^{z_j/T} / T.
      lhs: deriv(S('i'), wz('j')),
      steps: [
        frac(sub(mul(frac(one, T), delta('i', 'j'), ET('i'), DT), mul(frac(one, T), ET('i'), ET('j'))), pow(DT)),
        mul(frac(one, T), sub(mul(delta('i', 'j'), frac(ET('i'), DT)), mul(frac(ET('i'), DT), frac(ET('j'), DT)))),
        mul(frac(one, T), sub(mul(delta('i', 'j'), S('i')), mul(S('i'), S('j')))),
        mul(frac(one, T), S('i'), sub(delta('i', 'j'), S('j'))),
      ],
    },
    {
      // Through the logarithm: log s_i = z_i / T − log Σ_m e^{z_m/T}.
      lhs: deriv(S('i'), wz('j')),
      steps: [
        mul(S('i'), deriv(log(S('i')), wz('j'))),
        mul(S('i'), deriv(sub(slash(Z('i'), T), log(DTm)), wz('j'))),
        mul(S('i'), sub(frac(delta('i', 'j'), T), frac(ET('j'), mul(T, DT)))),
        mul(S('i'), frac(sub(delta('i', 'j'), S('j')), T)),
        frac(mul(S('i'), sub(delta('i', 'j'), S('j'))), T),
      ],
    },
  ],
};

/** The templates of the older generator, in their order (the first stream picks among them). */
export const OLDER_TEMPLATES: readonly Template[] = [
  jacDiag, jacOff, jacKronecker, jacCases, ceOneHot, ceSoft, logSoftmax, logSumExp, sigmoidT, tanhT, bce, ceTemperature, mseHalf, mseMean, labelSmoothing,
];
/** Templates added since, drawn from the second stream. */
export const ADDED_TEMPLATES: readonly Template[] = [jacTemperature];
export const TEMPLATES: readonly Template[] = [...OLDER_TEMPLATES, ...ADDED_TEMPLATES];
