// `npm run package`: a production build, then a .vsix made offline by @vscode/vsce with the
// bundles only (--no-dependencies). Prints the size and checks what went in: the KaTeX fonts must,
// node_modules, sources, tests and maps must not; the size must stay within 1.5 MB.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/vscodeHost.mjs';

const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${name}-${version}.vsix`);
const limit = 1.5 * 1024 * 1024;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);
// vscode:prepublish would build again; the build above is the one we check, so skip it.
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-update-package-json', '--no-rewrite-relative-links', '--allow-missing-repository', '--ignoreFile', '.vscodeignore', '--out', vsix]);

const listing = run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies']);
const files = listing.split('\n').map((l) => l.trim()).filter(Boolean);
const problems = [];
const fonts = files.filter((f) => /^dist\/katex\/fonts\/KaTeX_.*\.woff2$/.test(f));
if (fonts.length < 10) problems.push(`only ${fonts.length} KaTeX fonts in the package`);
for (const f of files) {
  if (/^(node_modules|src|test|bench|scripts|examples|docs|out)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts')) problems.push(`should not ship: ${f}`);
}
for (const needed of ['dist/extension.js', 'dist/web/extension.js', 'dist/webview/main.js', 'dist/cli.js', 'dist/katex/katex.min.css', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
  if (!files.includes(needed)) problems.push(`missing: ${needed}`);
}
const size = statSync(vsix).size;
console.log(`package: ${vsix}`);
console.log(`package: ${files.length} files, ${fonts.length} KaTeX fonts, ${(size / 1024).toFixed(1)} KiB (limit ${(limit / 1024).toFixed(0)} KiB)`);
if (size > limit) problems.push(`the .vsix is ${(size / 1024).toFixed(1)} KiB, over the 1.5 MB limit`);
if (problems.length) {
  console.error(`package: FAILED\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
