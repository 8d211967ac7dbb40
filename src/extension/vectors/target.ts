import * as vscode from 'vscode';
import type { LogitsSummary, Target } from '../../core/numeric';
import { displayNumber, parseVector } from '../../core/vectors';

/** A target as stored in workspaceState (plain JSON). */
export type StoredTarget = { kind: 'index'; index: number } | { kind: 'probabilities'; values: number[] };

const storageKey = (uri: vscode.Uri): string => `softmaxLens.vectors.lastTarget:${uri.toString()}`;

export function rememberTarget(state: vscode.Memento, uri: vscode.Uri, target: Target): Thenable<void> {
  const stored: StoredTarget = target.kind === 'index' ? { kind: 'index', index: target.index } : { kind: 'probabilities', values: Array.from(target.values) };
  return state.update(storageKey(uri), stored);
}

export function recalledTarget(state: vscode.Memento, uri: vscode.Uri): StoredTarget | undefined {
  const stored = state.get<StoredTarget>(storageKey(uri));
  if (!stored) return undefined;
  if (stored.kind === 'index' && Number.isInteger(stored.index)) return stored;
  if (stored.kind === 'probabilities' && Array.isArray(stored.values)) return stored;
  return undefined;
}

/** A target given as a command argument: a class index or a target vector. */
export function targetFromArgument(value: unknown): Target | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { kind: 'index', index: value };
  if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return { kind: 'probabilities', values: value as number[] };
  return undefined;
}

/** Checks a typed or pasted target vector against the logits; an error message, or undefined. */
export function validateTargetText(text: string, classes: number): string | undefined {
  if (text.trim() === '') return vscode.l10n.t('Type a one-hot or soft target, e.g. [0, 1, 0] or [0.1, 0.8, 0.1].');
  const parsed = parseVector(text);
  if (!parsed.ok) return parsed.error.message;
  if (parsed.value.shape.length !== 1) return vscode.l10n.t('The target must be one vector, not a batch.');
  if (parsed.value.values.length !== classes) return vscode.l10n.t('The target has {0} entries but there are {1} classes.', parsed.value.values.length, classes);
  let sum = 0;
  for (const x of parsed.value.values) {
    if (!(x >= 0 && x <= 1)) return vscode.l10n.t('Target entries must be probabilities between 0 and 1.');
    sum += x;
  }
  if (Math.abs(sum - 1) > 1e-6) return vscode.l10n.t('The target entries sum to {0}, not 1.', String(sum));
  return undefined;
}

function targetFromText(text: string): Target | undefined {
  const parsed = parseVector(text);
  return parsed.ok ? { kind: 'probabilities', values: Array.from(parsed.value.values) } : undefined;
}

interface TargetItem extends vscode.QuickPickItem {
  readonly target?: Target;
  readonly typeVector?: boolean;
}

const maxClassItems = 200;

/**
 * Asks for the cross-entropy target: one item per class with its probability (the remembered
 * choice first and active), and an item to type or paste a one-hot / soft target vector.
 */
export async function askForTarget(first: LogitsSummary, remembered: StoredTarget | undefined, digits: number): Promise<Target | undefined> {
  const n = first.softmax.length;
  const items: TargetItem[] = [];
  const classIndices = n <= maxClassItems ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: maxClassItems }, (_, i) => i);
  for (const i of classIndices) {
    items.push({
      label: vscode.l10n.t('class {0}', i),
      description: vscode.l10n.t('p = {0}', displayNumber(first.softmax[i] ?? NaN, digits)),
      detail: i === first.argmax ? vscode.l10n.t('argmax (the predicted class)') : undefined,
      target: { kind: 'index', index: i },
    });
  }
  if (remembered?.kind === 'probabilities' && remembered.values.length === n) {
    items.unshift({
      label: vscode.l10n.t('last target vector'),
      description: `[${remembered.values.map((x) => displayNumber(x, digits)).join(', ')}]`,
      target: { kind: 'probabilities', values: remembered.values },
    });
  }
  items.push({ label: vscode.l10n.t('Type or paste a target vector…'), description: vscode.l10n.t('one-hot [0, 1, 0] or soft [0.1, 0.8, 0.1]'), typeVector: true });

  const quickPick = vscode.window.createQuickPick<TargetItem>();
  quickPick.title = vscode.l10n.t('Cross-entropy target');
  quickPick.placeholder = vscode.l10n.t('Pick the true class, or type a target vector');
  quickPick.items = items;
  const active =
    remembered?.kind === 'index'
      ? items.find((item) => item.target?.kind === 'index' && item.target.index === remembered.index)
      : remembered?.kind === 'probabilities'
        ? items[0]
        : items.find((item) => item.target?.kind === 'index' && item.target.index === first.argmax);
  if (active) quickPick.activeItems = [active];
  const picked = await new Promise<TargetItem | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]);
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!picked) return undefined;
  if (picked.target) return picked.target;

  const clipboard = await vscode.env.clipboard.readText();
  const prefill = validateTargetText(clipboard, n) === undefined ? clipboard.trim() : remembered?.kind === 'probabilities' && remembered.values.length === n ? `[${remembered.values.join(', ')}]` : '';
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Cross-entropy target vector'),
    prompt: vscode.l10n.t('A one-hot or soft target with {0} entries that sum to 1, in any vector notation.', n),
    value: prefill,
    validateInput: (text) => validateTargetText(text, n),
  });
  return typed === undefined ? undefined : targetFromText(typed);
}
