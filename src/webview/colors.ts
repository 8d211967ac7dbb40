import { parseColor, type HeatmapPalette, type Rgb } from '../core/derivation/index';

function variable(name: string, fallback: Rgb): Rgb {
  return parseColor(getComputedStyle(document.body).getPropertyValue(name)) ?? fallback;
}

/** The current theme's diverging palette: blue (negative) — editor background — red (positive). */
export function currentPalette(): HeatmapPalette {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  return {
    negative: variable('--vscode-charts-blue', dark ? [55, 148, 255] : [26, 133, 255]),
    zero: variable('--vscode-editor-background', dark ? [30, 30, 30] : [255, 255, 255]),
    positive: variable('--vscode-charts-red', dark ? [241, 76, 76] : [229, 20, 0]),
  };
}
