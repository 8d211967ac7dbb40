/**
 * Vector literals in any text: find them at a position or in a range, parse them with exact error
 * positions, and write numbers back in the same styles. Pure: no editor, no DOM, no Node.
 */
export type { ParsedVector, VectorStyle } from './types';
export { vectorStyles } from './types';
export type { VectorWarning, VectorWarningCode } from './range';
export { parseVector, parseVectorInSteps } from './parse';
export { findVectorAt, findVectorsInRange } from './find';
export { formatVector, formatMatrix, formatNumber, latexNumber, type FormatOptions } from './format';
export { analyzeVector, firstRow, vectorRows, type AnalysisKind, type AnalysisOptions, type VectorAnalysis } from './analyze';
export { reportMarkdown, notificationText, insertText, resultJson, describeTarget, type LabelledAnalysis, type ReportOptions } from './report';
export { hoverMarkdown, statusText, type HoverOptions } from './preview';
export { palettes, probabilityBarChartSvg, histogramSvg, svgDataUri, base64Ascii, type ChartPalette, type ThemeKind } from './chart';
export { english, displayNumber, type Translate } from './translate';
