/**
 * The registry of functions the checker knows: how the note spells each one and its value. Every
 * value is written once, in the small arithmetic below, and evaluated with dual numbers (first
 * derivatives, for `∂/∂x`) or 2-jets (first and second derivatives, for `σ'(x)` inside a `∂`): no
 * derivative is written by hand. Teaching the checker a function is one entry here and its test
 * (test/unit/knowledge/functions.test.ts); the parser and the evaluator read the table.
 *
 * Vector functions (`softmax`, `logsumexp`, `\max`, `\min` over a vector's entries) are spelled here too but
 * evaluated by the evaluator, which knows the vectors.
 */

/** The arithmetic a function's value is written in. */
export interface Arith<T> {
  c(v: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  exp(a: T): T;
  ln(a: T): T;
  sqrt(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
  tanh(a: T): T;
  abs(a: T): T;
  /** max(a, 0). */
  relu(a: T): T;
  /** The error function. */
  erf(a: T): T;
}

export interface CheckerFunction {
  /** The name the math tree uses (`call.f`). */
  name: string;
  /** Spellings as a word: plain letters, `\text{…}`, `\operatorname{…}`, `\mathrm{…}`. */
  words: readonly string[];
  /** Spellings as a TeX command (`\tanh`). */
  commands: readonly string[];
  /** The value; absent for vector functions, which the evaluator computes from the vector. */
  of?: <T>(x: T, A: Arith<T>) => T;
  /** A value and its expected derivatives at one point, for the registry's test. */
  example?: { x: number; value: number; derivative: number };
}

export const FUNCTIONS: readonly CheckerFunction[] = [
  { name: 'exp', words: ['exp'], commands: ['\\exp'], of: (x, A) => A.exp(x), example: { x: 0.5, value: Math.exp(0.5), derivative: Math.exp(0.5) } },
  { name: 'ln', words: ['ln', 'log'], commands: ['\\ln', '\\log'], of: (x, A) => A.ln(x), example: { x: 2, value: Math.log(2), derivative: 0.5 } },
  { name: 'sqrt', words: ['sqrt'], commands: [], of: (x, A) => A.sqrt(x), example: { x: 4, value: 2, derivative: 0.25 } },
  { name: 'abs', words: ['abs'], commands: [], of: (x, A) => A.abs(x), example: { x: -2, value: 2, derivative: -1 } },
  { name: 'sin', words: ['sin'], commands: ['\\sin'], of: (x, A) => A.sin(x), example: { x: 0, value: 0, derivative: 1 } },
  { name: 'cos', words: ['cos'], commands: ['\\cos'], of: (x, A) => A.cos(x), example: { x: 0, value: 1, derivative: 0 } },
  { name: 'tanh', words: ['tanh'], commands: ['\\tanh'], of: (x, A) => A.tanh(x), example: { x: 0, value: 0, derivative: 1 } },
  { name: 'sinh', words: ['sinh'], commands: ['\\sinh'], of: (x, A) => A.div(A.sub(A.exp(x), A.exp(A.neg(x))), A.c(2)), example: { x: 0.5, value: Math.sinh(0.5), derivative: Math.cosh(0.5) } },
  { name: 'cosh', words: ['cosh'], commands: ['\\cosh'], of: (x, A) => A.div(A.add(A.exp(x), A.exp(A.neg(x))), A.c(2)), example: { x: 0.5, value: Math.cosh(0.5), derivative: Math.sinh(0.5) } },
  {
    name: 'sech', words: ['sech'], commands: [],
    of: (x, A) => A.div(A.c(2), A.add(A.exp(x), A.exp(A.neg(x)))),
    example: { x: 0.5, value: 1 / Math.cosh(0.5), derivative: -Math.tanh(0.5) / Math.cosh(0.5) },
  },
  {
    name: 'sigmoid', words: ['sigmoid', 'logistic', 'sigm'], commands: [],
    of: (x, A) => A.div(A.c(1), A.add(A.c(1), A.exp(A.neg(x)))),
    example: { x: 0, value: 0.5, derivative: 0.25 },
  },
  { name: 'relu', words: ['relu', 'ReLU', 'ReLu'], commands: [], of: (x, A) => A.relu(x), example: { x: 2, value: 2, derivative: 1 } },
  {
    name: 'erf', words: ['erf'], commands: [],
    of: (x, A) => A.erf(x),
    example: { x: 0.5, value: 0.5204998778130465, derivative: (2 / Math.sqrt(Math.PI)) * Math.exp(-0.25) },
  },
  {
    // GELU(x) = x Φ(x) = ½ x (1 + erf(x/√2)), the exact form (the tanh approximation is written out in notes).
    name: 'gelu', words: ['gelu', 'GELU', 'GeLU', 'Gelu'], commands: [],
    of: (x, A) => A.mul(A.mul(A.c(0.5), x), A.add(A.c(1), A.erf(A.div(x, A.c(Math.SQRT2))))),
    example: { x: 1, value: 0.8413447460685429, derivative: 0.8413447460685429 + Math.exp(-0.5) / Math.sqrt(2 * Math.PI) },
  },
  {
    name: 'softplus', words: ['softplus', 'Softplus'], commands: [],
    of: (x, A) => A.ln(A.add(A.c(1), A.exp(x))),
    example: { x: 0, value: Math.log(2), derivative: 0.5 },
  },
  { name: 'softmax', words: ['softmax', 'Softmax'], commands: [] },
  { name: 'logsumexp', words: ['logsumexp', 'LogSumExp'], commands: [] },
  { name: 'max', words: ['max'], commands: ['\\max'] },
  { name: 'min', words: ['min'], commands: ['\\min'] },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function checkerFunction(name: string): CheckerFunction | undefined {
  return BY_NAME.get(name);
}

/** Word spelling → function name (`log` → `ln`). */
export const FUNCTION_WORDS: Readonly<Record<string, string>> = Object.fromEntries(FUNCTIONS.flatMap((f) => f.words.map((w) => [w, f.name])));

/** TeX command → function name (`\log` → `ln`). */
export const FUNCTION_COMMANDS: Readonly<Record<string, string>> = Object.fromEntries(FUNCTIONS.flatMap((f) => f.commands.map((c) => [c, f.name])));

/** A value with its first derivative along one seeded variable. */
export interface Dual {
  v: number;
  d: number;
}

/** A value with its first and second derivatives along one variable. */
export interface Jet {
  v: number;
  d: number;
  dd: number;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) to about 1e-14: its Taylor series below |x| = 3 (the terms' cancellation costs at most
 * e^{x²} ≈ 8e3 ulp there), the continued fraction of erfc above (Lentz's method).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 3) {
    const x2 = a * a;
    let term = a;
    let sum = a;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * TWO_OVER_SQRT_PI * sum;
  }
  if (a > 6) return Math.sign(x);
  // erfc(a) = e^{-a²}/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))).
  const tiny = 1e-300;
  let f = a;
  let c = a;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = a + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = a + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
  return Math.sign(x) * (1 - erfc);
}

/** g(a) for a 2-jet, given g, g′ and g″ at a.v (the chain rule to second order). */
function jetUnary(a: Jet, g: number, g1: number, g2: number): Jet {
  return { v: g, d: g1 * a.d, dd: g2 * a.d * a.d + g1 * a.dd };
}

export const JET: Arith<Jet> = {
  c: (v) => ({ v, d: 0, dd: 0 }),
  add: (a, b) => ({ v: a.v + b.v, d: a.d + b.d, dd: a.dd + b.dd }),
  sub: (a, b) => ({ v: a.v - b.v, d: a.d - b.d, dd: a.dd - b.dd }),
  mul: (a, b) => ({ v: a.v * b.v, d: a.d * b.v + a.v * b.d, dd: a.dd * b.v + 2 * a.d * b.d + a.v * b.dd }),
  div: (a, b) => JET.mul(a, jetUnary(b, 1 / b.v, -1 / (b.v * b.v), 2 / (b.v * b.v * b.v))),
  neg: (a) => ({ v: -a.v, d: -a.d, dd: -a.dd }),
  exp: (a) => {
    const e = Math.exp(a.v);
    return jetUnary(a, e, e, e);
  },
  ln: (a) => jetUnary(a, Math.log(a.v), 1 / a.v, -1 / (a.v * a.v)),
  sqrt: (a) => {
    const r = Math.sqrt(a.v);
    return jetUnary(a, r, 0.5 / r, -0.25 / (r * a.v));
  },
  sin: (a) => jetUnary(a, Math.sin(a.v), Math.cos(a.v), -Math.sin(a.v)),
  cos: (a) => jetUnary(a, Math.cos(a.v), -Math.sin(a.v), -Math.cos(a.v)),
  tanh: (a) => {
    const t = Math.tanh(a.v);
    return jetUnary(a, t, 1 - t * t, -2 * t * (1 - t * t));
  },
  abs: (a) => jetUnary(a, Math.abs(a.v), Math.sign(a.v), 0),
  relu: (a) => (a.v > 0 ? a : { v: 0, d: 0, dd: 0 }),
  erf: (a) => {
    const g1 = TWO_OVER_SQRT_PI * Math.exp(-a.v * a.v);
    return jetUnary(a, erf(a.v), g1, -2 * a.v * g1);
  },
};

/** Dual numbers: the 2-jet arithmetic with the second derivative dropped. */
export const DUAL: Arith<Dual> = {
  c: (v) => ({ v, d: 0 }),
  add: (a, b) => ({ v: a.v + b.v, d: a.d + b.d }),
  sub: (a, b) => ({ v: a.v - b.v, d: a.d - b.d }),
  mul: (a, b) => ({ v: a.v * b.v, d: a.d * b.v + a.v * b.d }),
  div: (a, b) => ({ v: a.v / b.v, d: (a.d * b.v - a.v * b.d) / (b.v * b.v) }),
  neg: (a) => ({ v: -a.v, d: -a.d }),
  exp: (a) => {
    const e = Math.exp(a.v);
    return { v: e, d: e * a.d };
  },
  ln: (a) => ({ v: Math.log(a.v), d: a.d / a.v }),
  sqrt: (a) => {
    const r = Math.sqrt(a.v);
    return { v: r, d: a.d / (2 * r) };
  },
  sin: (a) => ({ v: Math.sin(a.v), d: Math.cos(a.v) * a.d }),
  cos: (a) => ({ v: Math.cos(a.v), d: -Math.sin(a.v) * a.d }),
  tanh: (a) => {
    const t = Math.tanh(a.v);
    return { v: t, d: (1 - t * t) * a.d };
  },
  abs: (a) => ({ v: Math.abs(a.v), d: Math.sign(a.v) * a.d }),
  relu: (a) => (a.v > 0 ? a : { v: 0, d: 0 }),
  erf: (a) => ({ v: erf(a.v), d: TWO_OVER_SQRT_PI * Math.exp(-a.v * a.v) * a.d }),
};

/** f(a) for a registered scalar function, or undefined when `name` is not one. */
export function applyFunction(name: string, a: Dual): Dual | undefined {
  const f = BY_NAME.get(name);
  return f?.of ? f.of(a, DUAL) : undefined;
}

/**
 * f′(a) (`σ'(x)`, `\tanh'(x)`) for a registered scalar function: the 2-jet of f at a.v gives f′ and
 * f″, and d/dx f′(a) = f″(a.v)·a.d. Undefined when `name` is not a registered scalar function.
 */
export function applyDerivative(name: string, a: Dual): Dual | undefined {
  const f = BY_NAME.get(name);
  if (!f?.of) return undefined;
  const j = f.of<Jet>({ v: a.v, d: 1, dd: 0 }, JET);
  return { v: j.d, d: j.dd * a.d };
}
