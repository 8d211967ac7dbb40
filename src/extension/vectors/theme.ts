import * as vscode from 'vscode';
import { palettes, type ChartPalette } from '../../core/vectors';

/** The chart palette for the current colour theme (an SVG image cannot read theme colours itself). */
export function currentPalette(): ChartPalette {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return palettes.light;
    case vscode.ColorThemeKind.HighContrast:
      return palettes.highContrast;
    case vscode.ColorThemeKind.HighContrastLight:
      return palettes.highContrastLight;
    default:
      return palettes.dark;
  }
}

/** `vscode.l10n.t` as the core's `Translate`. */
export function translate(message: string, ...args: Array<string | number>): string {
  return vscode.l10n.t(message, ...args);
}
