import { parseColor, type HeatmapPalette, type Rgb } from '../core/derivation/index';

function variable(style: CSSStyleDeclaration, name: string, fallback: Rgb): Rgb {
  return parseColor(style.getPropertyValue(name)) ?? fallback;
}

let cached: HeatmapPalette | undefined;

/**
 * The current theme's diverging palette: blue (negative) — editor background — red (positive).
 * Kept until `forgetPalette` (a theme change): reading computed styles in the middle of a render
 * forces the browser to restyle everything built so far, which cost more than the heatmap itself.
 */
export function currentPalette(): HeatmapPalette {
  if (cached) return cached;
  const style = getComputedStyle(document.body);
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  cached = {
    negative: variable(style, '--vscode-charts-blue', dark ? [55, 148, 255] : [26, 133, 255]),
    zero: variable(style, '--vscode-editor-background', dark ? [30, 30, 30] : [255, 255, 255]),
    positive: variable(style, '--vscode-charts-red', dark ? [241, 76, 76] : [229, 20, 0]),
  };
  return cached;
}

/** The theme changed: the next `currentPalette` reads the colours again. */
export function forgetPalette(): void {
  cached = undefined;
}
