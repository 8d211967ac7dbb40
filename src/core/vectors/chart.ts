/**
 * Small SVG charts for hovers. Hover markdown cannot run scripts or arbitrary HTML, but it shows
 * images, and an SVG `data:` URI is one. The image cannot see the editor theme's CSS variables, so
 * the caller picks a palette for the theme kind; all palettes avoid a background so the chart sits
 * on the hover's own colour. Output is pure ASCII, so base64 is a byte-for-byte encoding.
 */

export interface ChartPalette {
  bar: string;
  highlight: string;
  text: string;
  axis: string;
}

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

/** Colours with at least 3:1 contrast against the default hover background of each theme kind. */
export const palettes: Readonly<Record<ThemeKind, ChartPalette>> = {
  dark: { bar: '#4daafc', highlight: '#f5a623', text: '#cccccc', axis: '#8b8b8b' },
  light: { bar: '#005fb8', highlight: '#b85500', text: '#3b3b3b', axis: '#6e6e6e' },
  highContrast: { bar: '#ffffff', highlight: '#ffd700', text: '#ffffff', axis: '#ffffff' },
  highContrastLight: { bar: '#000000', highlight: '#b5200d', text: '#000000', axis: '#000000' },
};

const font = 'font-family="sans-serif" font-size="10"';

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&quot;'));
}

function fixed(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * Column chart of probabilities (n ≤ ~64): one bar per class, height ∝ p, the argmax highlighted,
 * class indices under the first, last and highlighted bars.
 */
export function probabilityBarChartSvg(probabilities: ArrayLike<number>, highlight: number, palette: ChartPalette): string {
  const n = probabilities.length;
  const barWidth = n <= 8 ? 22 : n <= 16 ? 14 : n <= 32 ? 8 : 5;
  const gap = n <= 16 ? 4 : 2;
  const plotHeight = 60;
  const top = 12;
  const left = 4;
  const width = Math.max(120, left * 2 + n * (barWidth + gap));
  const height = top + plotHeight + 16;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i] ?? 0;
    if (p > max) max = p;
  }
  const scale = max > 0 ? plotHeight / Math.max(max, 1e-300) : 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i] ?? 0;
    const h = Number.isFinite(p) && p > 0 ? Math.max(1, p * scale) : 0;
    const x = left + i * (barWidth + gap);
    const color = i === highlight ? palette.highlight : palette.bar;
    parts.push(`<rect x="${fixed(x)}" y="${fixed(top + plotHeight - h)}" width="${barWidth}" height="${fixed(h)}" fill="${color}"/>`);
    if (i === highlight && n <= 64) {
      parts.push(`<text x="${fixed(x + barWidth / 2)}" y="${fixed(Math.max(9, top + plotHeight - h - 2))}" text-anchor="middle" fill="${palette.text}" ${font}>${escapeXml(p.toFixed(2))}</text>`);
    }
    if (i === 0 || i === n - 1 || i === highlight) {
      parts.push(`<text x="${fixed(x + barWidth / 2)}" y="${height - 3}" text-anchor="middle" fill="${palette.text}" ${font}>${i}</text>`);
    }
  }
  parts.push(`<line x1="${left}" y1="${top + plotHeight + 0.5}" x2="${width - left}" y2="${top + plotHeight + 0.5}" stroke="${palette.axis}" stroke-width="1"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Compact histogram of many values (a long logit vector): `bins` columns between the smallest and
 * largest finite value, the bin holding `highlightValue` (the argmax's logit) highlighted.
 */
export function histogramSvg(values: ArrayLike<number>, highlightValue: number, palette: ChartPalette, bins = 24): string {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  const binOf = (v: number): number => (span > 0 ? Math.min(bins - 1, Math.floor(((v - min) / span) * bins)) : 0);
  if (min <= max) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? NaN;
      if (Number.isFinite(v)) counts[binOf(v)] = (counts[binOf(v)] ?? 0) + 1;
    }
  }
  const highlightBin = Number.isFinite(highlightValue) && min <= max ? binOf(highlightValue) : -1;
  const peak = Math.max(1, ...counts);
  const barWidth = 8;
  const gap = 2;
  const plotHeight = 44;
  const left = 4;
  const width = left * 2 + bins * (barWidth + gap);
  const height = plotHeight + 18;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`];
  counts.forEach((count, b) => {
    // Square-root scale: a few large bins must not flatten the rest.
    const h = count > 0 ? Math.max(1, Math.sqrt(count / peak) * plotHeight) : 0;
    const x = left + b * (barWidth + gap);
    parts.push(`<rect x="${x}" y="${fixed(plotHeight - h)}" width="${barWidth}" height="${fixed(h)}" fill="${b === highlightBin ? palette.highlight : palette.bar}"/>`);
  });
  parts.push(`<line x1="${left}" y1="${plotHeight + 0.5}" x2="${width - left}" y2="${plotHeight + 0.5}" stroke="${palette.axis}" stroke-width="1"/>`);
  if (min <= max) {
    parts.push(`<text x="${left}" y="${height - 3}" fill="${palette.text}" ${font}>${escapeXml(shortLabel(min))}</text>`);
    parts.push(`<text x="${width - left}" y="${height - 3}" text-anchor="end" fill="${palette.text}" ${font}>${escapeXml(shortLabel(max))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

function shortLabel(x: number): string {
  return String(Number(x.toPrecision(3)));
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII/Latin-1 string (no `btoa`/`Buffer` needed: runs anywhere). */
export function base64Ascii(text: string): string {
  let out = '';
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const n = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = text.length - i;
  if (rest === 1) {
    const n = text.charCodeAt(i) << 16;
    out += `${alphabet[(n >> 18) & 63]!}${alphabet[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8);
    out += `${alphabet[(n >> 18) & 63]!}${alphabet[(n >> 12) & 63]!}${alphabet[(n >> 6) & 63]!}=`;
  }
  return out;
}

export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`;
}
