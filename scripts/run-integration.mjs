// `npm run test:integration`: runs the suites in test/integration inside a real VS Code extension
// host (VS Code server + web client, in headless Chromium) and reports each test in this terminal.
// Pass/fail comes from the result file written by test/integration/index.ts inside the host, never
// from the page: a host that fails to start, or a runner that never reports, is a failure.
//
// Two passes: English (every test but those titled "[zh-cn]"), then Simplified Chinese as the
// display language (only the "[zh-cn]" tests).
// Options: --grep <pattern> (one English pass of the matching tests), --locale <lang> (with --grep),
//          --timeout <seconds> per pass (default 300), --keep (keep temp dirs), --debug (print the
//          browser console), --setting key=jsonValue (a user setting for the run).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, prepareHost, openWorkbench } from './lib/vscodeHost.mjs';

const userNote = join(root, '..', 'shared', 'user-note.md');

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const timeoutSeconds = Number(option('--timeout') ?? 300);
const keep = argv.includes('--keep');
const debug = argv.includes('--debug');
const settings = {};
argv.forEach((a, i) => {
  if (a === '--setting') {
    const [key, ...value] = (argv[i + 1] ?? '').split('=');
    settings[key] = JSON.parse(value.join('='));
  }
});

const say = (message) => process.stdout.write(`${message}\n`);

/** One run of the extension host with the given tests; resolves to { passed, failed, pending } or throws. */
async function runPass({ label, grep, invert = false, locale }) {
  const resultsDir = mkdtempSync(join(tmpdir(), 'softmax-lens-results-'));
  const resultsFile = join(resultsDir, 'results.jsonl');
  writeFileSync(resultsFile, '');
  const consoleErrors = [];
  let window;
  try {
    window = await openWorkbench({
      workspaceSource: join(root, 'test', 'fixtures', 'workspace'),
      settings,
      locale,
      env: {
        SOFTMAX_LENS_TEST_RESULTS: resultsFile,
        // The user's own note (shared/ beside the repository, as on CI): the checker's founding example.
        ...(existsSync(userNote) ? { SOFTMAX_LENS_USER_NOTE: userNote } : {}),
        ...(grep ? { SOFTMAX_LENS_TEST_GREP: grep, SOFTMAX_LENS_TEST_GREP_INVERT: invert ? '1' : '0' } : {}),
      },
      testsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    });
    window.page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    say(`integration [${label}]: VS Code server on port ${window.port}, workspace ${window.workspace}`);
    await window.page.goto(window.url);

    // Follow the result file until the runner reports its end.
    const deadline = Date.now() + timeoutSeconds * 1000;
    const startDeadline = Date.now() + 120_000;
    let consumed = 0;
    let started = false;
    const failures = [];
    for (;;) {
      const text = readFileSync(resultsFile, 'utf8');
      const end = text.lastIndexOf('\n') + 1;
      const complete = text.slice(consumed, end).split('\n').filter((l) => l.trim());
      consumed = end;
      for (const line of complete) {
        const record = JSON.parse(line);
        if (record.event === 'start') {
          started = true;
          say(`integration [${label}]: VS Code ${record.vscodeVersion}, extension host running ${record.total} tests from ${record.files.join(', ')}`);
        } else if (record.event === 'pass') say(`  ✔ ${record.title}${record.durationMs !== undefined ? ` (${record.durationMs} ms)` : ''}`);
        else if (record.event === 'pending') say(`  - ${record.title} (pending)`);
        else if (record.event === 'fail') {
          say(`  ✖ ${record.title}`);
          failures.push(record);
        } else if (record.event === 'end') {
          for (const f of failures) say(`\n✖ ${f.title}\n${f.error.split('\n').map((l) => `    ${l}`).join('\n')}`);
          if (debug) say(`--- browser console errors ---\n${consoleErrors.join('\n')}`);
          return record;
        }
      }
      if (!started && Date.now() > startDeadline) throw new Error('the extension host did not start the test runner within 120 s');
      if (Date.now() > deadline) throw new Error(`the tests did not finish within ${timeoutSeconds} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    const log = window?.serverLog() ?? '';
    const details = [
      log ? `--- VS Code server log (last 60 lines) ---\n${log.split('\n').slice(-60).join('\n')}` : '',
      consoleErrors.length ? `--- browser console errors (last 20) ---\n${consoleErrors.slice(-20).join('\n')}` : '',
    ].filter(Boolean);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${details.join('\n')}`);
  } finally {
    await window?.close({ keep });
    if (keep) say(`integration [${label}]: kept ${window?.dataDir}, ${window?.workspace}, ${resultsDir}`);
    else rmSync(resultsDir, { recursive: true, force: true });
  }
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!existsSync(join(root, 'out', 'test', 'integration', 'index.js'))) {
  say('integration: no test runner was built (test/integration/index.ts missing)');
  process.exit(1);
}
prepareHost();

const zh = '\\[zh-cn\\]';
const passes = option('--grep')
  ? [{ label: option('--locale') ?? 'en', grep: option('--grep'), locale: option('--locale') }]
  : [
      { label: 'en', grep: zh, invert: true },
      { label: 'zh-cn', grep: zh, locale: 'zh-CN' },
    ];
let passed = 0;
let failed = 0;
let pending = 0;
let broken = false;
for (const pass of passes) {
  try {
    const result = await runPass(pass);
    passed += result.passed;
    failed += result.failed;
    pending += result.pending;
    if (result.passed + result.failed === 0) {
      say(`integration [${pass.label}]: no test ran`);
      broken = true;
    }
  } catch (error) {
    say(`integration [${pass.label}]: FAILED — ${error instanceof Error ? error.message : String(error)}`);
    broken = true;
  }
}
say('');
say(`integration: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failed === 0 && !broken ? 0 : 1);
