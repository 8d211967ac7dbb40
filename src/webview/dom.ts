import { splitProse, text, type Locale, type TextKey } from '../core/derivation/index';
import { renderMath, type MathCounters } from './math';

/** `document.createElement` with a class and text content (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, content?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

export function button(label: string, onClick: () => void, className = 'button'): HTMLButtonElement {
  const b = el('button', className, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** Prose from the builder's texts: `$…$` parts typeset inline, the rest as text nodes. */
export function prose(container: HTMLElement, value: string, counters: MathCounters, locale: Locale): HTMLElement {
  for (const part of splitProse(value)) {
    if (part.kind === 'text') container.append(document.createTextNode(part.value));
    else container.append(renderMath(part.value, false, counters, (m) => text(locale, 'ui.latexError', m)));
  }
  return container;
}

/** A labelled number input that reports a parsed number on change. */
export function numberField(label: string, value: number, attrs: { min?: number; max?: number; step?: number }, onChange: (v: number) => void): HTMLLabelElement {
  const wrap = el('label', 'field');
  wrap.append(el('span', 'field-label', label));
  const input = el('input');
  input.type = 'number';
  input.value = Number.isFinite(value) ? String(value) : '';
  if (attrs.min !== undefined) input.min = String(attrs.min);
  if (attrs.max !== undefined) input.max = String(attrs.max);
  if (attrs.step !== undefined) input.step = String(attrs.step);
  input.addEventListener('change', () => {
    const v = input.valueAsNumber;
    if (!Number.isNaN(v)) onChange(v);
  });
  wrap.append(input);
  return wrap;
}

export function t(locale: Locale, key: TextKey, ...args: (string | number)[]): string {
  return text(locale, key, ...args);
}
