import { colorFor, describeHeatmapCell, plainNumber, type HeatmapGrid, type Locale } from '../core/derivation/index';
import { currentPalette } from './colors';

export interface HeatmapView {
  element: HTMLElement;
  /** Repaints with the current theme's colours. */
  repaint(): void;
}

/**
 * The Jacobian heatmap: one canvas pixel per cell, scaled up by CSS (`image-rendering: pixelated`),
 * so even a 256 × 256 grid is one `putImageData`. Hover shows the cell's value as text; click picks
 * the cell's entry (for a downsampled block, its entry of largest magnitude).
 */
export function createHeatmap(grid: HeatmapGrid, locale: Locale, digits: number, onPick: (i: number, j: number) => void): HeatmapView {
  const wrapper = document.createElement('div');
  wrapper.className = 'heatmap';
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, grid.size);
  canvas.height = Math.max(1, grid.size);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Jacobian heatmap, ${grid.n} × ${grid.n}`);
  const tooltip = document.createElement('div');
  tooltip.className = 'heatmap-tooltip';
  tooltip.hidden = true;
  const legend = document.createElement('div');
  legend.className = 'heatmap-legend';
  const low = document.createElement('span');
  const zero = document.createElement('span');
  const high = document.createElement('span');
  low.textContent = plainNumber(-grid.maxAbs, 3);
  zero.textContent = '0';
  high.textContent = plainNumber(grid.maxAbs, 3);
  const negativeBar = document.createElement('span');
  const positiveBar = document.createElement('span');
  negativeBar.className = 'heatmap-bar';
  positiveBar.className = 'heatmap-bar';
  legend.append(low, negativeBar, zero, positiveBar, high);
  // Small matrices get big cells, large ones one pixel per cell up to the panel's width.
  wrapper.style.width = `${Math.min(480, Math.max(160, grid.size * 40))}px`;
  wrapper.append(canvas, tooltip, legend);

  const paint = (): void => {
    const context = canvas.getContext('2d');
    if (!context || grid.size === 0) return;
    const palette = currentPalette();
    const image = context.createImageData(grid.size, grid.size);
    const data = image.data;
    for (let cell = 0; cell < grid.values.length; cell++) {
      const [r, g, b] = colorFor(grid.values[cell] ?? 0, grid.maxAbs, palette);
      const p = cell * 4;
      data[p] = r;
      data[p + 1] = g;
      data[p + 2] = b;
      data[p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    const neg = colorFor(-grid.maxAbs, grid.maxAbs, palette);
    const pos = colorFor(grid.maxAbs, grid.maxAbs, palette);
    const mid = palette.zero;
    negativeBar.style.background = `linear-gradient(to right, rgb(${neg.join(',')}), rgb(${mid.join(',')}))`;
    positiveBar.style.background = `linear-gradient(to right, rgb(${mid.join(',')}), rgb(${pos.join(',')}))`;
  };

  const cellAt = (event: MouseEvent): number | undefined => {
    const rect = canvas.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return undefined;
    const c = Math.floor(((event.clientX - rect.left) / rect.width) * grid.size);
    const r = Math.floor(((event.clientY - rect.top) / rect.height) * grid.size);
    if (r < 0 || c < 0 || r >= grid.size || c >= grid.size) return undefined;
    return r * grid.size + c;
  };

  canvas.addEventListener('mousemove', (event) => {
    const cell = cellAt(event);
    if (cell === undefined) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = describeHeatmapCell(grid, cell, locale, digits);
    tooltip.hidden = false;
    const rect = wrapper.getBoundingClientRect();
    tooltip.style.left = `${Math.min(event.clientX - rect.left + 12, Math.max(0, rect.width - 260))}px`;
    tooltip.style.top = `${event.clientY - rect.top + 12}px`;
  });
  canvas.addEventListener('mouseleave', () => {
    tooltip.hidden = true;
  });

  // Keyboard: arrows move through the cells (the tooltip, a live region, reads the value), Enter picks.
  canvas.tabIndex = 0;
  tooltip.setAttribute('aria-live', 'polite');
  let focused = 0;
  const showFocused = (): void => {
    tooltip.textContent = describeHeatmapCell(grid, focused, locale, digits);
    tooltip.hidden = false;
    const size = canvas.clientWidth / Math.max(1, grid.size);
    const r = Math.floor(focused / grid.size);
    const c = focused % grid.size;
    tooltip.style.left = `${Math.min((c + 1) * size + 4, Math.max(0, wrapper.clientWidth - 260))}px`;
    tooltip.style.top = `${(r + 1) * size + 4}px`;
  };
  canvas.addEventListener('focus', showFocused);
  canvas.addEventListener('blur', () => {
    tooltip.hidden = true;
  });
  canvas.addEventListener('keydown', (event) => {
    const r = Math.floor(focused / grid.size);
    const c = focused % grid.size;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const nr = Math.min(grid.size - 1, Math.max(0, r + move[0]));
      const nc = Math.min(grid.size - 1, Math.max(0, c + move[1]));
      focused = nr * grid.size + nc;
      showFocused();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onPick(grid.rowOf[focused] ?? 0, grid.colOf[focused] ?? 0);
    }
  });
  canvas.addEventListener('click', (event) => {
    const cell = cellAt(event);
    if (cell !== undefined) onPick(grid.rowOf[cell] ?? 0, grid.colOf[cell] ?? 0);
  });

  paint();
  return { element: wrapper, repaint: paint };
}
