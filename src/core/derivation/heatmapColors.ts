/**
 * The heatmap's diverging colour scale. The webview reads the three anchor colours from VS Code's
 * theme variables (`--vscode-charts-blue`, `--vscode-editor-background`, `--vscode-charts-red`), so
 * light, dark and high-contrast themes each get their own scale; the arithmetic lives here.
 */

export type Rgb = readonly [number, number, number];

export interface HeatmapPalette {
  readonly negative: Rgb;
  readonly zero: Rgb;
  readonly positive: Rgb;
}

/** Parses `#rgb`, `#rrggbb`, `#rrggbbaa` and `rgb()`/`rgba()` (alpha ignored); undefined otherwise. */
export function parseColor(text: string): Rgb | undefined {
  const t = text.trim();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(t);
  if (m?.[1] && m[2] && m[3]) return [parseInt(m[1] + m[1], 16), parseInt(m[2] + m[2], 16), parseInt(m[3] + m[3], 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})(?:[0-9a-f]{2})?$/i.exec(t);
  if (m?.[1] && m[2] && m[3]) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  m = /^rgba?\(\s*(\d+(?:\.\d+)?)\s*[,\s]\s*(\d+(?:\.\d+)?)\s*[,\s]\s*(\d+(?:\.\d+)?)/i.exec(t);
  if (m?.[1] && m[2] && m[3]) {
    const c = (v: string): number => Math.min(255, Math.round(Number(v)));
    return [c(m[1]), c(m[2]), c(m[3])];
  }
  return undefined;
}

/**
 * The colour of `value` on a scale of ±`maxAbs`: the background at 0, the negative or positive
 * anchor at the ends. The square root spreads the many small entries of a softmax Jacobian
 * (products of probabilities) over visible shades; NaN and an all-zero grid get the background.
 */
export function colorFor(value: number, maxAbs: number, palette: HeatmapPalette): Rgb {
  if (!(maxAbs > 0) || !Number.isFinite(value)) return palette.zero;
  const t = Math.sqrt(Math.min(1, Math.abs(value) / maxAbs));
  const end = value < 0 ? palette.negative : palette.positive;
  return [
    Math.round(palette.zero[0] + (end[0] - palette.zero[0]) * t),
    Math.round(palette.zero[1] + (end[1] - palette.zero[1]) * t),
    Math.round(palette.zero[2] + (end[2] - palette.zero[2]) * t),
  ];
}
