// One build script for every bundle of Softmax Lens (esbuild):
//   dist/extension.js      desktop extension host (Node, CommonJS)
//   dist/web/extension.js  web extension host (web worker)
//   dist/webview/main.js   the derivation panel's browser code (IIFE) + panel.css
//   dist/cli.js            the `softmax-lens` command line (Node, with a shebang)
//   dist/katex/            KaTeX CSS and woff2 fonts, so math renders offline
//   l10n/bundle.l10n.zh-cn.json  merged from l10n/parts/*.zh-cn.json
//   out/test/integration/  the editor test suites (only with --tests)
// Flags: --production (minified, no source maps), --watch, --tests.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests') || watch;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/**
 * KaTeX ships CommonJS (`katex.js`, what @vscode/markdown-it-katex requires) and ESM (`katex.mjs`,
 * what `import katex from 'katex'` picks): both would be bundled (~260 KB each). One copy serves both.
 */
const oneKatex = {
  name: 'one-katex',
  setup(build) {
    build.onResolve({ filter: /^katex$/ }, () => ({ path: join(root, 'node_modules', 'katex', 'dist', 'katex.js') }));
  },
};

const common = {
  bundle: true,
  plugins: [oneKatex],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { SOFTMAX_LENS_VERSION: JSON.stringify(version) },
};

/** KaTeX's stylesheet lists woff2, woff and ttf for each face; we ship only woff2 (every VS Code runtime reads it). */
function copyKatex() {
  const source = join(root, 'node_modules', 'katex', 'dist');
  const target = join(root, 'dist', 'katex');
  mkdirSync(join(target, 'fonts'), { recursive: true });
  const css = readFileSync(join(source, 'katex.min.css'), 'utf8').replace(
    /src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)(,url\([^)]+\) format\("[a-z]+"\))*/g,
    'src:url($1) format("woff2")',
  );
  if (/\.woff\)|\.ttf\)/.test(css)) throw new Error('build: KaTeX CSS still refers to woff/ttf fonts; the rewrite rule is out of date');
  writeFileSync(join(target, 'katex.min.css'), css);
  for (const font of readdirSync(join(source, 'fonts'))) {
    if (font.endsWith('.woff2')) cpSync(join(source, 'fonts', font), join(target, 'fonts', font));
  }
}

/** VS Code reads one bundle per language; each feature keeps its own part so nobody edits one big file. */
function mergeL10n() {
  const partsDir = join(root, 'l10n', 'parts');
  if (!existsSync(partsDir)) return;
  const byLanguage = new Map();
  for (const file of readdirSync(partsDir).sort()) {
    const match = /^[^.]+\.([a-z-]+)\.json$/i.exec(file);
    if (!match) continue;
    const language = match[1].toLowerCase();
    const entries = JSON.parse(readFileSync(join(partsDir, file), 'utf8'));
    const merged = byLanguage.get(language) ?? {};
    for (const [key, value] of Object.entries(entries)) {
      if (key in merged && merged[key] !== value) throw new Error(`build: l10n key "${key}" is translated differently in ${file}`);
      merged[key] = value;
    }
    byLanguage.set(language, merged);
  }
  for (const [language, merged] of byLanguage) {
    writeFileSync(join(root, 'l10n', `bundle.l10n.${language}.json`), `${JSON.stringify(merged, null, 2)}\n`);
  }
}

function copyWebviewCss() {
  const css = join(root, 'src', 'webview', 'panel.css');
  mkdirSync(join(root, 'dist', 'webview'), { recursive: true });
  if (existsSync(css)) cpSync(css, join(root, 'dist', 'webview', 'panel.css'));
}

function integrationEntries() {
  const dir = join(root, 'test', 'integration');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

const builds = [
  { ...common, entryPoints: [join(root, 'src/extension/extension.ts')], outfile: join(root, 'dist/extension.js'), platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  {
    ...common,
    entryPoints: [join(root, 'src/extension/extension.ts')],
    outfile: join(root, 'dist/web/extension.js'),
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    // A Node built-in reaching this bundle is a bug (the web host has none): fail the build.
    plugins: [oneKatex, { name: 'no-node-builtins', setup(build) { build.onResolve({ filter: /^(node:|fs$|path$|os$|child_process$)/ }, (a) => ({ errors: [{ text: `Node built-in "${a.path}" imported from ${a.importer} reaches the web extension bundle` }] })); } }],
  },
  { ...common, entryPoints: [join(root, 'src/webview/main.ts')], outfile: join(root, 'dist/webview/main.js'), platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli.js'), platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' } },
];
if (withTests) {
  const entries = integrationEntries();
  if (entries.length > 0) {
    builds.push({ ...common, minify: false, sourcemap: 'inline', entryPoints: entries, outdir: join(root, 'out/test/integration'), platform: 'node', format: 'cjs', target: 'node18', external: ['vscode', 'mocha'] });
  }
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
if (withTests) rmSync(join(root, 'out'), { recursive: true, force: true });
copyKatex();
copyWebviewCss();
mergeL10n();

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('build: watching for changes (Ctrl+C to stop)');
} else {
  const started = Date.now();
  const results = await Promise.allSettled(builds.map((options) => esbuild.build(options)));
  const failures = results.filter((r) => r.status === 'rejected');
  if (failures.length > 0) {
    // esbuild has already printed each error with its file and line.
    console.error(`build: FAILED (${failures.length} of ${builds.length} bundles)`);
    process.exit(1);
  }
  console.log(`build: ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
