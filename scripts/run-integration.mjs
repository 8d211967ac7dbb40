// `npm run test:integration`: runs the suites in test/integration inside a real VS Code extension
// host (VS Code server + web client, in headless Chromium) and reports each test in this terminal.
// Pass/fail comes from the result file written by test/integration/index.ts inside the host, never
// from the page: a host that fails to start, or a runner that never reports, is a failure.
// Options: --grep <pattern>, --timeout <seconds> (whole run, default 300), --keep (keep temp dirs),
//          --setting key=jsonValue (user setting for this run, e.g. --setting 'locale="zh-cn"').
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root, prepareHost, freePort, makeUserDataDir, copyWorkspace, startServer, workbenchUrl, chromiumPath, chromiumArgs } from './lib/vscodeHost.mjs';

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const grep = option('--grep');
const timeoutSeconds = Number(option('--timeout') ?? 300);
const keep = argv.includes('--keep');
const settings = {};
argv.forEach((a, i) => {
  if (a === '--setting') {
    const [key, ...value] = (argv[i + 1] ?? '').split('=');
    settings[key] = JSON.parse(value.join('='));
  }
});
const locale = option('--locale');

function say(message) {
  process.stdout.write(`${message}\n`);
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!existsSync(join(root, 'out', 'test', 'integration', 'index.js'))) {
  say('integration: no test runner was built (test/integration/index.ts missing)');
  process.exit(1);
}
prepareHost();

const dataDir = makeUserDataDir(settings);
if (locale) {
  writeFileSync(join(dataDir, 'user', 'User', 'argv.json'), JSON.stringify({ locale }));
}
const workspace = copyWorkspace(join(root, 'test', 'fixtures', 'workspace'));
const resultsDir = mkdtempSync(join(tmpdir(), 'softmax-lens-results-'));
const resultsFile = join(resultsDir, 'results.jsonl');
writeFileSync(resultsFile, '');
const port = await freePort();
const serverLog = [];
let server;
let browser;
const consoleErrors = [];
let exitCode = 1;
try {
  server = await startServer({
    port,
    dataDir,
    env: { SOFTMAX_LENS_TEST_RESULTS: resultsFile, ...(grep ? { SOFTMAX_LENS_TEST_GREP: grep } : {}), SOFTMAX_LENS_TEST_WORKSPACE: workspace },
    log: (t) => serverLog.push(t),
  });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const url = workbenchUrl({ port, folder: workspace, extensionPath: root, testsPath: join(root, 'out', 'test', 'integration', 'index.js') });
  say(`integration: VS Code server on port ${port}, workspace ${workspace}`);
  await page.goto(url);

  // Follow the result file until the runner reports its end.
  const deadline = Date.now() + timeoutSeconds * 1000;
  const startDeadline = Date.now() + 120_000;
  let consumed = 0;
  let started = false;
  let summary;
  const failures = [];
  while (!summary) {
    const text = readFileSync(resultsFile, 'utf8');
    const lines = text.slice(consumed).split('\n');
    const complete = lines.slice(0, -1);
    consumed += complete.reduce((n, l) => n + l.length + 1, 0);
    for (const line of complete) {
      if (!line.trim()) continue;
      const record = JSON.parse(line);
      if (record.event === 'start') {
        started = true;
        say(`integration: VS Code ${record.vscodeVersion}, extension host running ${record.total} tests from ${record.files.join(', ')}`);
      } else if (record.event === 'pass') say(`  ✔ ${record.title}${record.durationMs !== undefined ? ` (${record.durationMs} ms)` : ''}`);
      else if (record.event === 'pending') say(`  - ${record.title} (pending)`);
      else if (record.event === 'fail') {
        say(`  ✖ ${record.title}`);
        failures.push(record);
      } else if (record.event === 'end') summary = record;
    }
    if (summary) break;
    if (!started && Date.now() > startDeadline) {
      throw new Error('the extension host did not start the test runner within 120 s (see the server log below)');
    }
    if (Date.now() > deadline) throw new Error(`the tests did not finish within ${timeoutSeconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  for (const f of failures) say(`\n✖ ${f.title}\n${f.error.split('\n').map((l) => `    ${l}`).join('\n')}`);
  say('');
  if (summary.passed + summary.failed === 0) {
    say('integration: no test ran');
    exitCode = 1;
  } else {
    exitCode = summary.failed === 0 ? 0 : 1;
  }
  say(`integration: ${summary.passed} passed, ${summary.failed} failed${summary.pending ? `, ${summary.pending} skipped` : ''}`);
} catch (error) {
  say(`integration: FAILED — ${error instanceof Error ? error.message : String(error)}`);
  const log = serverLog.join('').trim();
  if (log) say(`--- VS Code server log (last 60 lines) ---\n${log.split('\n').slice(-60).join('\n')}`);
  if (consoleErrors.length) say(`--- browser console errors ---\n${consoleErrors.slice(-20).join('\n')}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  server?.stop();
  if (!keep) {
    for (const dir of [dataDir, workspace, resultsDir]) rmSync(dir, { recursive: true, force: true });
  } else say(`integration: kept ${dataDir}, ${workspace}, ${resultsDir}`);
}
process.exit(exitCode);
