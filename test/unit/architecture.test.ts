// The architecture rules of STYLE.md, checked on the source itself (the lint rule says the same;
// this test makes `npm run test:unit` fail too, so the rule holds wherever the tests run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CommandId, paletteCommands } from '../../src/extension/commandIds';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...sources(path));
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;
const nodeBuiltins = /^(node:|fs$|fs\/|path$|os$|child_process$|crypto$|util$|url$|worker_threads$|buffer$|stream$|events$)/;

test('src/core imports no vscode, no Node built-ins and nothing from the layers above', () => {
  const offending: string[] = [];
  for (const file of sources(join(root, 'src', 'core'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2] ?? '';
      if (spec === 'vscode' || nodeBuiltins.test(spec) || /\/(extension|webview|cli)(\/|$)/.test(spec)) {
        offending.push(`${relative(root, file)}: ${spec}`);
      }
    }
    if (/\b(document|window)\.\w/.test(text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, ''))) offending.push(`${relative(root, file)}: uses the DOM`);
  }
  assert.deepEqual(offending, []);
});

test('the architecture check itself catches a forbidden import', () => {
  const sample = "import * as vscode from 'vscode';\nimport { readFileSync } from 'node:fs';\nconst p = require('path');";
  const specs = [...sample.matchAll(importPattern)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(specs, ['vscode', 'node:fs', 'path']);
});

test('package.json contributes exactly the palette commands of the command table, each with a title in both languages', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string; category: string }[] } };
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const nlsZh = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, [...paletteCommands].sort());
  for (const c of manifest.contributes.commands) {
    assert.ok(Object.values(CommandId).includes(c.command as CommandId));
    const key = /^%(.+)%$/.exec(c.title)?.[1];
    assert.ok(key && nls[key] && nlsZh[key], `${c.command} needs a %key% title in package.nls.json and package.nls.zh-cn.json`);
    assert.equal(c.category, '%category%');
  }
  assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort(), 'package.nls.zh-cn.json and package.nls.json have different keys');
});

test('every %key% in package.json has an English and a Chinese string', () => {
  const text = readFileSync(join(root, 'package.json'), 'utf8');
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const nlsZh = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  const keys = [...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
  assert.ok(keys.length > 10);
  for (const key of keys) {
    assert.ok(nls[key], `package.nls.json lacks ${key}`);
    assert.ok(nlsZh[key], `package.nls.zh-cn.json lacks ${key}`);
  }
});
