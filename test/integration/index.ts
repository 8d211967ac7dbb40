// Runs inside the real VS Code extension host (called by VS Code through `extensionTestsPath`).
// It runs every *.test.js beside it with mocha (TDD UI) and writes one JSON line per event to the
// file named by SOFTMAX_LENS_TEST_RESULTS, which the harness outside reads: that file, not the
// workbench, is how pass/fail and each test's name come back to the terminal.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

type ResultLine =
  | { event: 'start'; total: number; files: string[]; vscodeVersion: string }
  | { event: 'pass' | 'pending'; title: string; durationMs?: number }
  | { event: 'fail'; title: string; error: string }
  | { event: 'end'; passed: number; failed: number; pending: number };

export async function run(): Promise<void> {
  const resultsFile = process.env.SOFTMAX_LENS_TEST_RESULTS;
  const write = (line: ResultLine): void => {
    if (resultsFile) fs.appendFileSync(resultsFile, `${JSON.stringify(line)}\n`);
  };
  const grep = process.env.SOFTMAX_LENS_TEST_GREP;
  const invert = process.env.SOFTMAX_LENS_TEST_GREP_INVERT === '1';
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec', ...(grep ? { grep, invert } : {}) });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscodeVersion = (require('vscode') as typeof import('vscode')).version;

  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
      let passed = 0;
      let failed = 0;
      let pending = 0;
      runner.on('start', () => write({ event: 'start', total: runner.total, files, vscodeVersion }));
      runner.on('pass', (t) => {
        passed++;
        write({ event: 'pass', title: t.fullTitle(), ...(t.duration === undefined ? {} : { durationMs: t.duration }) });
      });
      runner.on('pending', (t) => {
        pending++;
        write({ event: 'pending', title: t.fullTitle() });
      });
      runner.on('fail', (t, err: Error) => {
        failed++;
        write({ event: 'fail', title: t.fullTitle(), error: err?.stack ?? String(err) });
      });
      runner.on('end', () => write({ event: 'end', passed, failed, pending }));
    } catch (error) {
      write({ event: 'fail', title: 'loading the test files', error: error instanceof Error ? error.stack ?? error.message : String(error) });
      write({ event: 'end', passed: 0, failed: 1, pending: 0 });
      reject(error);
    }
  });
}
