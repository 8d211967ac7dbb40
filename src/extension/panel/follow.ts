import * as vscode from 'vscode';
import { findVectorAt, findVectorsInRange, firstRow, parseVector } from '../../core/vectors/index';
import { documentLabel } from '../labels';

export interface EditorVector {
  logits: number[];
  uri: string;
  /** `note.md:12` */
  label: string;
}

/** Schemes of documents the panel follows (not output channels, not the panel's own inputs). */
const followedSchemes = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-userdata']);

export function isFollowable(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && followedSchemes.has(editor.document.uri.scheme);
}

/**
 * The vector under the cursor, or in the selection: the selection itself when it is one literal,
 * else the first literal inside it, else the literal around the cursor. A batch (2-D) gives the
 * row under the cursor, or its first row.
 */
export function vectorAtSelection(editor: vscode.TextEditor): EditorVector | undefined {
  const document = editor.document;
  const selection = editor.selection;
  const text = document.getText();
  let found: { values: Float64Array; shape: readonly number[]; offset: number } | undefined;
  if (!selection.isEmpty) {
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    const whole = parseVector(text.slice(start, end));
    found = whole.ok ? { ...whole.value, offset: start + whole.value.offset } : findVectorsInRange(text, start, end)[0];
  }
  found ??= findVectorAt(text, document.offsetAt(selection.active));
  if (!found || found.values.length === 0) return undefined;
  const line = document.positionAt(found.offset).line;
  return { logits: Array.from(firstRow(found)), uri: document.uri.toString(), label: `${documentLabel(document)}:${line + 1}` };
}

export function sameVector(a: EditorVector | undefined, b: EditorVector | undefined): boolean {
  if (!a || !b || a.uri !== b.uri || a.logits.length !== b.logits.length) return false;
  for (let k = 0; k < a.logits.length; k++) if (!Object.is(a.logits[k], b.logits[k])) return false;
  return true;
}
