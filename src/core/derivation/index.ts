/** The derivation panel's pure core: builds the derivation the webview renders. */
export { buildDerivation, type DerivationInput, type DerivationLimits } from './builder';
export { allLatex, derivationToText, displayBlock, findStep, type InsertFormat } from './export';
export { latexFactor, latexMatrix, latexNumber, latexVector, plainNumber, splitProse } from './format';
export { gradientCheck, type GradientCheckInput } from './gradientCheck';
export { blockOf, blockStart, describeHeatmapCell, jacobianHeatmap } from './heatmap';
export { colorFor, parseColor, type HeatmapPalette, type Rgb } from './heatmapColors';
export { text, textKeys, type TextKey } from './texts';
export * from './types';
