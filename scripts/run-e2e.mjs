// `npm run test:e2e`: drives the real VS Code workbench in Chromium the way a person does —
// quick open, hover, the command palette, the Problems panel, the derivation panel — on a copy of
// examples/, and saves screenshots under test/e2e/screenshots/ (git-ignored; the README's images
// are picked from them). Scenarios live in test/e2e/*.e2e.mjs; each exports `scenarios`, a list of
// { name, run(ui) }, run in order in one window. Options: --grep <text>, --headed-slowmo <ms>.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, prepareHost, openWorkbench } from './lib/vscodeHost.mjs';
import { Workbench } from '../test/e2e/workbench.mjs';

const argv = process.argv.slice(2);
const grepIndex = argv.indexOf('--grep');
const grep = grepIndex >= 0 ? argv[grepIndex + 1] : undefined;
const say = (m) => process.stdout.write(`${m}\n`);

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
prepareHost();

const screenshots = join(root, 'test', 'e2e', 'screenshots');
mkdirSync(screenshots, { recursive: true });
const scenarioFiles = readdirSync(join(root, 'test', 'e2e')).filter((f) => f.endsWith('.e2e.mjs')).sort();
const scenarios = [];
for (const file of scenarioFiles) {
  const module = await import(pathToFileURL(join(root, 'test', 'e2e', file)).href);
  for (const s of module.scenarios) if (!grep || s.name.includes(grep)) scenarios.push({ ...s, file });
}

/**
 * One workbench window running `list` in order. `host: 'web'` makes VS Code run the extension in the
 * web-worker extension host (as on vscode.dev) through the `remote.extensionKind` setting.
 */
async function runPass(label, list, extraSettings) {
  let window;
  let passed = 0;
  let failed = 0;
  try {
    window = await openWorkbench({
      workspaceSource: join(root, 'examples'),
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'editor.hover.delay': 300, ...extraSettings },
      viewport: { width: 1440, height: 900 },
    });
    const ui = new Workbench(window.page, screenshots, label === 'desktop host' ? '' : 'web-');
    await window.page.goto(window.url);
    await ui.ready();
    say(`e2e [${label}]: VS Code workbench up on port ${window.port}, ${list.length} scenarios`);
    for (const scenario of list) {
      const started = Date.now();
      try {
        await scenario.run(ui);
        passed++;
        say(`  ✔ ${scenario.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        say(`  ✖ ${scenario.name}\n${String(error instanceof Error ? error.stack ?? error.message : error).split('\n').slice(0, 8).map((l) => `      ${l}`).join('\n')}`);
        await ui.screenshot(`FAILED-${scenario.name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
        await ui.reset().catch(() => undefined);
      }
    }
  } catch (error) {
    failed++;
    say(`e2e [${label}]: FAILED — ${error instanceof Error ? error.message : String(error)}`);
    say((window?.serverLog() ?? '').split('\n').slice(-40).join('\n'));
  } finally {
    await window?.close();
  }
  return { passed, failed };
}

let passed = 0;
let failed = 0;
const passes = [
  ['desktop host', scenarios.filter((s) => s.host !== 'web'), {}],
  ['web worker host', scenarios.filter((s) => s.host === 'web' || s.alsoWeb), { 'remote.extensionKind': { 'softmax-lens.softmax-lens': ['web'] } }],
];
for (const [label, list, extra] of passes) {
  if (list.length === 0) continue;
  const result = await runPass(label, list, extra);
  passed += result.passed;
  failed += result.failed;
}
say('');
say(`e2e: screenshots in ${screenshots}`);
say(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
