// Every user-visible string of the editor layer that goes through vscode.l10n.t('…') with a literal
// has a Simplified Chinese translation in l10n/parts/*.zh-cn.json, with the same {0} placeholders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function translations(): Map<string, string> {
  const merged = new Map<string, string>();
  const dir = join(root, 'l10n', 'parts');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.zh-cn.json'))) {
    for (const [key, value] of Object.entries(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>)) merged.set(key, value);
  }
  return merged;
}

/** The string literal arguments of l10n.t(…) calls: '…' and `…` without ${}, with JS escapes undone. */
function literalKeys(text: string): string[] {
  const keys: string[] = [];
  for (const m of text.matchAll(/l10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|`((?:[^`\\$]|\\.)*)`)/g)) {
    const raw = m[1] ?? m[2] ?? '';
    keys.push(raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
  }
  return keys;
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

test('every literal l10n.t() string of src/extension has a zh-cn translation with the same placeholders', () => {
  const zh = translations();
  const keys = sources(join(root, 'src', 'extension')).flatMap((f) => literalKeys(readFileSync(f, 'utf8')));
  assert.ok(keys.length >= 30, `only ${keys.length} strings found: the pattern is out of date`);
  const missing = keys.filter((k) => !zh.has(k));
  assert.deepEqual(missing, [], 'strings without a zh-cn translation');
  for (const k of keys) assert.deepEqual(placeholders(zh.get(k) ?? ''), placeholders(k), `placeholders differ for "${k}"`);
});

test('the scan finds both quote styles and undoes escapes', () => {
  assert.deepEqual(literalKeys("vscode.l10n.t('It\\'s {0}', x); l10n.t(`Two`)"), ["It's {0}", 'Two']);
});
