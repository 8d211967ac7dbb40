// Desktop VS Code (Electron) configuration for @vscode/test-cli: `npm run test:desktop` runs the
// same suites as `npm run test:integration`, in a downloaded VS Code. Needs internet access the first
// time (to download VS Code into .vscode-test/); on machines without it use `npm run test:integration`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/*.test.js',
  version: 'stable',
  workspaceFolder: './test/fixtures/workspace',
  mocha: { ui: 'tdd', timeout: 30000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
});
