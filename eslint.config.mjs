import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'media/katex/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Build and test scripts run in Node 20, which has fetch.
    files: ['scripts/**/*.mjs', 'test/e2e/**/*.mjs'],
    languageOptions: { globals: { fetch: 'readonly', Buffer: 'readonly' } },
  },
  {
    // E2E functions passed to page.evaluate() run in the browser page.
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { document: 'readonly', NodeFilter: 'readonly', window: 'readonly', getComputedStyle: 'readonly' } },
  },
  {
    // The core is pure: it runs in Node, in the web-worker extension host and in the webview.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not import vscode: keep the core pure (see STYLE.md).' }],
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'src/core runs in the browser too: no Node built-ins.' },
          { group: ['**/extension/**', '**/webview/**', '**/cli/**'], message: 'src/core must not depend on the layers above it.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'require'],
    },
  },
);
