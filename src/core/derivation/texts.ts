import type { Locale } from './types';

/**
 * Every sentence of the derivation panel in English and Simplified Chinese. Inline math is marked
 * with `$…$`; `{0}`, `{1}` are placeholders filled by `text()`. The webview's labels live here too,
 * because the webview cannot reach `vscode.l10n`.
 */
const english = {
  'section.input': 'Input',
  'section.softmax': 'Softmax',
  'section.softmax-derivative': 'Derivative of softmax',
  'section.softmax-derivative-numbers': 'With your numbers',
  'section.jacobian': 'The whole Jacobian',
  'section.cross-entropy': 'Cross-entropy',
  'section.cross-entropy-numbers': 'Loss and gradient with your target',
  'section.gradient-check': 'Gradient check',
  'section.your-note': 'Your note',

  'input.summary': '$n = {0}$ logits, temperature $T = {1}$. Indices start at 0, as in NumPy and PyTorch.',
  'input.long': 'Only the first and last entries are shown; all {0} are used.',
  'input.temperature': 'With temperature $T$ the softmax is taken of $z = a / T$; below, $a$ stands for $z$ wherever the difference does not matter, and the factor $1/T$ is added where it does.',

  'softmax.definition': 'The softmax turns the logits into probabilities: every $s_i$ is positive and they sum to 1.',
  'softmax.stable': 'Computed as written, $e^{a_i}$ overflows for $a_i > 709$. Multiplying numerator and denominator by $e^{-m}$ with $m = \\max_k a_k$ changes nothing mathematically, but now every exponent is at most 0, so no term overflows, and the largest term is exactly 1, so the sum cannot underflow to 0 (Blanchard, Higham & Higham, 2021).',
  'softmax.values': 'With your logits ($m = {0}$):',
  'softmax.example': 'For example, the entry $i = {0}$:',
  'softmax.lse': 'The log of the denominator, $\\log\\sum_k e^{a_k}$ (log-sum-exp), also gives the log-softmax $\\ln s_i = a_i - \\log\\sum_k e^{a_k}$ without dividing.',

  'derivative.setup': 'Write $S = \\sum_k e^{a_k}$, so $s_i = e^{a_i} / S$ and $\\partial S / \\partial a_j = e^{a_j}$. The quotient rule gives:',
  'derivative.equal': 'Case $i = j$: the numerator depends on $a_i$, so $\\partial e^{a_i} / \\partial a_i = e^{a_i}$.',
  'derivative.different': 'Case $i \\ne j$: the numerator does not depend on $a_j$, so its derivative is 0.',
  'derivative.together': 'Both cases in one formula, with the Kronecker delta:',
  'derivative.matrix': 'As a matrix, the Jacobian $J_{ij} = \\partial s_i / \\partial a_j$ is:',
  'derivative.rows': 'Every row sums to 0, because the $s_j$ sum to 1: adding the same constant to every logit does not change the softmax.',
  'derivative.temperature': 'With temperature $T$, $s = \\operatorname{softmax}(a / T)$ and the chain rule adds a factor $1/T$:',

  'numbers.entry': 'The entry $(i, j) = ({0}, {1})$ — choose another one in the heatmap or with the fields below.',
  'numbers.equal': 'Here $i = j$, so the first case applies:',
  'numbers.different': 'Here $i \\ne j$, so the second case applies:',

  'jacobian.matrix': 'For your {0} logits:',
  'jacobian.heatmap': 'Each cell is one entry $J_{ij}$; red is positive, blue negative. Hover a cell for its value, click it to use it above.',
  'jacobian.heatmapDownsampled': 'With $n = {0}$ the heatmap shows {1} × {1} blocks; each cell holds the entry of largest magnitude in its block. Hover a cell for its value, click it to use it above.',
  'jacobian.rowSums': 'Rows sum to 0: the largest $|\\sum_j J_{ij}|$ here is {0} (rounding).',

  'ce.definition': 'With a target distribution $t$ (non-negative, summing to 1) and the softmax $y = \\operatorname{softmax}(a)$ of the logits:',
  'ce.log': 'Take the logarithm first; it turns the quotient into a difference:',
  'ce.logDerivative': 'Its derivative needs no quotient rule:',
  'ce.chain': 'So, because $\\sum_i t_i = 1$:',
  'ce.oneHot': 'One-hot target $c$ ($t_c = 1$, all other $t_i = 0$): the loss is $-\\ln y_c$ and the gradient is $y - e_c$, that is $y_c - 1$ for the target class and $y_j$ for every other class.',
  'ce.smoothing': 'Soft targets and label smoothing only change $t$; it still sums to 1, so the gradient is still $y - t$. Label smoothing with $\\varepsilon$ uses:',
  'ce.temperature': 'With temperature $T$, the chain rule adds the factor $1/T$:',

  'ceNumbers.oneHot': 'Target class $c = {0}$ (click a class in the table to choose another one).',
  'ceNumbers.smoothed': 'Target class $c = {0}$ with label smoothing $\\varepsilon = {1}$.',
  'ceNumbers.soft': 'A soft target $t$ given as probabilities.',
  'ceNumbers.loss': 'The loss:',
  'ceNumbers.gradient': 'The gradient $y - t$:',
  'ceNumbers.targetEntry': 'At the target class:',

  'check.method': 'Central differences with step $h$ approximate each partial derivative with error $O(h^2)$:',
  'check.result': 'Checked {0} of {1} coordinates with $h \\approx {2}$; the largest difference is at $j = {3}$:',
  'check.passed': 'The analytic gradient $y - t$ agrees with the finite differences.',
  'check.failed': 'The analytic gradient and the finite differences disagree by more than {0}.',

  'note.message': 'The checker says: {0} (line {1}).',
  'note.previous': 'The step before',
  'note.flagged': 'Your step',
  'note.correct': 'A correct step',
  'note.counterexample': 'At these values (indices counted from 1, as in your note) the two sides differ:',
  'note.values': 'Previous step',
  'note.flaggedValue': 'Your step',

  'ui.placeholder': 'Logits, e.g. [2.0, 1.0, 0.1] or torch.tensor([...])',
  'ui.temperature': 'Temperature',
  'ui.labelSmoothing': 'Label smoothing',
  'ui.entryI': 'i',
  'ui.entryJ': 'j',
  'ui.target': 'Target',
  'ui.targetPlaceholder': 'argmax, a class, or [0.7, 0.2, 0.1]',
  'ui.argmax': 'Use argmax',
  'ui.copyLatex': 'Copy LaTeX',
  'ui.insert': 'Insert into note',
  'ui.insertAll': 'Insert the whole derivation',
  'ui.copyAll': 'Copy all LaTeX',
  'ui.empty': 'Put the cursor on a vector of logits in a note or a source file, or type one above.',
  'ui.source': 'From {0}',
  'ui.typed': 'Typed in the panel',
  'ui.class': 'Class',
  'ui.logit': 'Logit $a_i$',
  'ui.probability': 'Softmax $s_i$',
  'ui.targetColumn': 'Target $t_i$',
  'ui.gradient': 'Gradient $y_i - t_i$',
  'ui.topRows': 'The {0} most probable of {1} classes.',
  'ui.cell': 'J[{0}, {1}] = {2}',
  'ui.cellBlock': 'rows {0}, columns {1}: largest |J| is J[{2}, {3}] = {4}; block mean {5}',
  'ui.numeric': 'Finite differences',
  'ui.analytic': 'Analytic',
  'ui.difference': 'Difference',
  'ui.copied': 'Copied.',
  'ui.latexError': 'KaTeX could not typeset this: {0}',
  'ui.stats': 'max $s$ = {0} at $i = {1}$, entropy {2} nats, log-sum-exp {3}',
} as const;

export type TextKey = keyof typeof english;

const chinese: Record<TextKey, string> = {
  'section.input': '输入',
  'section.softmax': 'Softmax',
  'section.softmax-derivative': 'Softmax 的导数',
  'section.softmax-derivative-numbers': '代入你的数值',
  'section.jacobian': '完整的雅可比矩阵',
  'section.cross-entropy': '交叉熵',
  'section.cross-entropy-numbers': '给定目标下的损失与梯度',
  'section.gradient-check': '梯度检验',
  'section.your-note': '你的笔记',

  'input.summary': '$n = {0}$ 个 logits，温度 $T = {1}$。下标从 0 开始，与 NumPy 和 PyTorch 一致。',
  'input.long': '只显示开头和结尾的元素；计算使用全部 {0} 个。',
  'input.temperature': '温度为 $T$ 时，softmax 作用于 $z = a / T$；下文在不影响结论处用 $a$ 代指 $z$，在需要处补上因子 $1/T$。',

  'softmax.definition': 'Softmax 把 logits 变成概率：每个 $s_i$ 都为正，且总和为 1。',
  'softmax.stable': '直接按定义计算时，$a_i > 709$ 会使 $e^{a_i}$ 溢出。分子分母同乘 $e^{-m}$（$m = \\max_k a_k$）在数学上不改变结果，但所有指数都不超过 0，因此不会溢出；最大的一项恰好为 1，所以分母不会下溢为 0（Blanchard, Higham & Higham, 2021）。',
  'softmax.values': '代入你的 logits（$m = {0}$）：',
  'softmax.example': '例如第 $i = {0}$ 项：',
  'softmax.lse': '分母取对数即 $\\log\\sum_k e^{a_k}$（log-sum-exp），由它可直接得到 log-softmax：$\\ln s_i = a_i - \\log\\sum_k e^{a_k}$，无需做除法。',

  'derivative.setup': '记 $S = \\sum_k e^{a_k}$，则 $s_i = e^{a_i} / S$，且 $\\partial S / \\partial a_j = e^{a_j}$。由商的求导法则：',
  'derivative.equal': '情形 $i = j$：分子依赖 $a_i$，$\\partial e^{a_i} / \\partial a_i = e^{a_i}$。',
  'derivative.different': '情形 $i \\ne j$：分子不依赖 $a_j$，其导数为 0。',
  'derivative.together': '用 Kronecker delta 把两种情形合成一个公式：',
  'derivative.matrix': '写成矩阵，雅可比矩阵 $J_{ij} = \\partial s_i / \\partial a_j$ 为：',
  'derivative.rows': '每一行的和都是 0，因为 $s_j$ 之和为 1：所有 logits 加上同一个常数不会改变 softmax。',
  'derivative.temperature': '温度为 $T$ 时，$s = \\operatorname{softmax}(a / T)$，链式法则多出因子 $1/T$：',

  'numbers.entry': '取元素 $(i, j) = ({0}, {1})$——可在热力图中或用下方输入框选择其他元素。',
  'numbers.equal': '这里 $i = j$，适用第一种情形：',
  'numbers.different': '这里 $i \\ne j$，适用第二种情形：',

  'jacobian.matrix': '对你的 {0} 个 logits：',
  'jacobian.heatmap': '每个格子是一个元素 $J_{ij}$；红色为正，蓝色为负。鼠标悬停查看数值，点击可在上方使用该元素。',
  'jacobian.heatmapDownsampled': '$n = {0}$ 时热力图显示 {1} × {1} 个块；每个格子是块内绝对值最大的元素。鼠标悬停查看数值，点击可在上方使用该元素。',
  'jacobian.rowSums': '每行之和为 0：这里最大的 $|\\sum_j J_{ij}|$ 为 {0}（舍入误差）。',

  'ce.definition': '给定目标分布 $t$（非负，和为 1），以及 logits 的 softmax $y = \\operatorname{softmax}(a)$：',
  'ce.log': '先取对数，把商变成差：',
  'ce.logDerivative': '求导时不再需要商的求导法则：',
  'ce.chain': '于是，由于 $\\sum_i t_i = 1$：',
  'ce.oneHot': 'One-hot 目标 $c$（$t_c = 1$，其余 $t_i = 0$）：损失为 $-\\ln y_c$，梯度为 $y - e_c$，即目标类为 $y_c - 1$，其余各类为 $y_j$。',
  'ce.smoothing': '软目标和标签平滑只改变 $t$；$t$ 之和仍为 1，所以梯度仍是 $y - t$。平滑系数为 $\\varepsilon$ 的标签平滑使用：',
  'ce.temperature': '温度为 $T$ 时，链式法则多出因子 $1/T$：',

  'ceNumbers.oneHot': '目标类 $c = {0}$（在表格中点击某一类可以更换目标）。',
  'ceNumbers.smoothed': '目标类 $c = {0}$，标签平滑 $\\varepsilon = {1}$。',
  'ceNumbers.soft': '以概率形式给出的软目标 $t$。',
  'ceNumbers.loss': '损失：',
  'ceNumbers.gradient': '梯度 $y - t$：',
  'ceNumbers.targetEntry': '在目标类处：',

  'check.method': '中心差分以步长 $h$ 近似每个偏导数，误差为 $O(h^2)$：',
  'check.result': '检验了 {1} 个坐标中的 {0} 个，$h \\approx {2}$；最大差异出现在 $j = {3}$：',
  'check.passed': '解析梯度 $y - t$ 与有限差分结果一致。',
  'check.failed': '解析梯度与有限差分的差异超过 {0}。',

  'note.message': '检查器提示：{0}（第 {1} 行）。',
  'note.previous': '上一步',
  'note.flagged': '你的这一步',
  'note.correct': '正确的一步',
  'note.counterexample': '在这些取值下（下标与笔记一致，从 1 开始）两边不相等：',
  'note.values': '上一步',
  'note.flaggedValue': '你的这一步',

  'ui.placeholder': 'Logits，例如 [2.0, 1.0, 0.1] 或 torch.tensor([...])',
  'ui.temperature': '温度',
  'ui.labelSmoothing': '标签平滑',
  'ui.entryI': 'i',
  'ui.entryJ': 'j',
  'ui.target': '目标',
  'ui.targetPlaceholder': 'argmax、类下标，或 [0.7, 0.2, 0.1]',
  'ui.argmax': '使用 argmax',
  'ui.copyLatex': '复制 LaTeX',
  'ui.insert': '插入到笔记',
  'ui.insertAll': '插入完整推导',
  'ui.copyAll': '复制全部 LaTeX',
  'ui.empty': '把光标放在笔记或源文件中的 logits 向量上，或在上方输入一个向量。',
  'ui.source': '来自 {0}',
  'ui.typed': '在面板中输入',
  'ui.class': '类',
  'ui.logit': 'Logit $a_i$',
  'ui.probability': 'Softmax $s_i$',
  'ui.targetColumn': '目标 $t_i$',
  'ui.gradient': '梯度 $y_i - t_i$',
  'ui.topRows': '{1} 个类中概率最大的 {0} 个。',
  'ui.cell': 'J[{0}, {1}] = {2}',
  'ui.cellBlock': '第 {0} 行，第 {1} 列：绝对值最大的是 J[{2}, {3}] = {4}；块均值 {5}',
  'ui.numeric': '有限差分',
  'ui.analytic': '解析',
  'ui.difference': '差异',
  'ui.copied': '已复制。',
  'ui.latexError': 'KaTeX 无法排版：{0}',
  'ui.stats': '最大 $s$ = {0}（$i = {1}$），熵 {2} nats，log-sum-exp {3}',
};

/** The sentence `key` in `locale`, placeholders `{0}`, `{1}`, … replaced by `args`. */
export function text(locale: Locale, key: TextKey, ...args: (string | number)[]): string {
  const template: string = locale === 'zh-cn' ? chinese[key] : english[key];
  return template.replace(/\{(\d+)\}/g, (whole, k: string) => {
    const arg = args[Number(k)];
    return arg === undefined ? whole : String(arg);
  });
}

/** All keys, for tests that check both languages are complete. */
export const textKeys = Object.keys(english) as TextKey[];
