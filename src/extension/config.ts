import * as vscode from 'vscode';

/** Settings under `softmaxLens.*`; defaults mirror `contributes.configuration` in package.json. */
export interface SoftmaxLensConfig {
  readonly temperature: number;
  readonly displayDigits: number;
  readonly hoverEnabled: boolean;
  readonly hoverLanguages: readonly string[];
  readonly hoverMaxElements: number;
  /** `"ask"`, `"argmax"`, or a class index as a string/number. */
  readonly defaultTarget: string;
  readonly insertFormat: 'markdown' | 'latex';
  readonly statusBarEnabled: boolean;
  readonly checkerEnabled: boolean;
  readonly checkerShowUnchecked: boolean;
  /** The per-block "✓ 4 steps hold · 1 not read" marks above math blocks. */
  readonly checkerCodeLens: boolean;
}

export const defaultHoverLanguages = ['markdown', 'python', 'javascript', 'typescript', 'json', 'jsonc', 'plaintext', 'latex', 'tex', 'log'];

export function readConfig(scope?: vscode.ConfigurationScope): SoftmaxLensConfig {
  const c = vscode.workspace.getConfiguration('softmaxLens', scope);
  const temperature = c.get<number>('temperature', 1);
  return {
    temperature: Number.isFinite(temperature) && temperature > 0 ? temperature : 1,
    displayDigits: Math.min(17, Math.max(1, Math.round(c.get<number>('displayDigits', 4)))),
    hoverEnabled: c.get<boolean>('hover.enabled', true),
    hoverLanguages: c.get<string[]>('hover.languages', defaultHoverLanguages),
    hoverMaxElements: Math.max(1, c.get<number>('hover.maxElements', 64)),
    defaultTarget: String(c.get<string | number>('defaultTarget', 'ask')),
    insertFormat: c.get<'markdown' | 'latex'>('insertFormat', 'markdown') === 'latex' ? 'latex' : 'markdown',
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    checkerEnabled: c.get<boolean>('checker.enabled', true),
    checkerShowUnchecked: c.get<boolean>('checker.showUnchecked', false),
    checkerCodeLens: c.get<boolean>('checker.codeLens', true),
  };
}
