// The real VS Code this project runs and tests in, on machines where VS Code desktop cannot be
// downloaded: VS Code's own server and web client, taken from the npm package `code-server`, in
// Debian's Chromium driven by playwright-core. Everything lives in .vscode-test/ (git-ignored),
// prepared once and reused; `prepareHost()` is idempotent and prints what it does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const codeServerVersion = '4.100.3'; // ships VS Code 1.100.3; needs Node 20
const toolDir = join(root, '.vscode-test', `code-server-${codeServerVersion}`);
export const vscodeDir = join(toolDir, 'node_modules', 'code-server', 'lib', 'vscode');
const readyMarker = join(toolDir, '.ready');

export const chromiumPath = process.env.SOFTMAX_LENS_CHROMIUM ?? '/usr/bin/chromium';
/** Flags for a closed network: without the background-networking ones Chromium keeps dialling out. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function run(command, args, cwd, extraEnv = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) {
    throw new Error(`vscode-host: '${command} ${args.join(' ')}' failed in ${cwd} (exit ${result.status})\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-4000)}`);
  }
  return Date.now() - started;
}

/** Installs VS Code server + web client (code-server's copy) under .vscode-test/ unless already there. */
export function prepareHost({ quiet = false } = {}) {
  const log = quiet ? () => undefined : (m) => console.log(`vscode-host: ${m}`);
  if (existsSync(readyMarker) && existsSync(join(vscodeDir, 'out', 'server-main.js'))) {
    linkRipgrep(log);
    return;
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`vscode-host: Chromium not found at ${chromiumPath}. Install it with 'apt-get install chromium' (or set SOFTMAX_LENS_CHROMIUM).`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) log(`warning: code-server ${codeServerVersion} is made for Node 20; this is Node ${process.versions.node}`);
  log(`preparing VS Code ${codeServerVersion.replace(/^4\./, '1.')} (code-server ${codeServerVersion}) in ${toolDir} — once, about a minute`);
  rmSync(toolDir, { recursive: true, force: true });
  mkdirSync(toolDir, { recursive: true });
  writeFileSync(join(toolDir, 'package.json'), '{ "name": "softmax-lens-vscode-host", "private": true }\n');
  const quietNpm = ['--no-audit', '--no-fund', '--loglevel=error'];
  // Install scripts are skipped: several download prebuilt binaries. The native modules the server needs are rebuilt from source below.
  log(`npm install code-server (${run('npm', ['install', '--ignore-scripts', ...quietNpm, `code-server@${codeServerVersion}`], toolDir)} ms)`);
  log(`rebuild argon2 (${run('npm', ['rebuild', 'argon2'], toolDir)} ms)`);
  log(`install the server's dependencies (${run('npm', ['install', '--omit=dev', '--ignore-scripts', ...quietNpm], vscodeDir)} ms)`);
  // kerberos and @vscode/ripgrep are left out: their install steps need system headers or the internet.
  const natives = ['@vscode/spdlog', 'node-pty', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];
  log(`rebuild native modules (${run('npm', ['rebuild', ...natives], vscodeDir, { npm_config_yes: 'true' })} ms)`);
  rmSync(join(vscodeDir, 'node_modules.asar'), { force: true });
  symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
  log(`install the built-in extensions' dependencies (${run('npm', ['install', '--omit=dev', '--ignore-scripts', ...quietNpm], join(vscodeDir, 'extensions'))} ms)`);
  linkRipgrep(log);
  writeFileSync(readyMarker, `${new Date().toISOString()}\n`);
  log('ready');
}

/**
 * VS Code searches files (Quick Open, Search view) with ripgrep. @vscode/ripgrep's install step
 * downloads a binary, which these machines cannot do, so Debian's `rg` (package ripgrep) stands in.
 */
function linkRipgrep(log) {
  const target = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (existsSync(target)) return;
  const system = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!system) {
    log("ripgrep not found: Quick Open and Search will not find files (install Debian's 'ripgrep' and run again)");
    return;
  }
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(system, target);
  log(`file search uses ${system}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh user-data dir with settings that skip the welcome page and the workspace-trust dialog. */
export function makeUserDataDir(extraSettings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-lens-vscode-'));
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    ...extraSettings,
  };
  for (const sub of [join(dir, 'user', 'User'), join(dir, 'server', 'data', 'User'), join(dir, 'server', 'data', 'Machine')]) {
    mkdirSync(sub, { recursive: true });
  }
  writeFileSync(join(dir, 'user', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(dir, 'server', 'data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(dir, 'server', 'data', 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));
  return dir;
}

/** A throw-away copy of a folder, so that no test can change the repository's own files. */
export function copyWorkspace(source) {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-lens-ws-'));
  cpSync(source, dir, { recursive: true });
  return dir;
}

/**
 * Starts VS Code's server on 127.0.0.1 and resolves once it answers HTTP.
 * `env` reaches the extension host (the tests read their result file from it).
 */
export async function startServer({ port, dataDir, env = {}, log = () => undefined, host = '127.0.0.1', locale }) {
  const child = spawn(
    process.execPath,
    [
      join(vscodeDir, 'out', 'server-main.js'),
      '--host', host, '--port', String(port),
      '--without-connection-token', '--accept-server-license-terms', '--telemetry-level', 'off',
      '--server-data-dir', join(dataDir, 'server'), '--user-data-dir', join(dataDir, 'user'),
      '--disable-workspace-trust',
      ...(locale ? ['--locale', locale.toLowerCase()] : []),
    ],
    // EXTENSIONS_GALLERY={}: code-server falls back to a public gallery when none is configured; an
    // empty one turns the gallery off, so the host makes no outside connection (there is no network).
    { cwd: vscodeDir, env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const collect = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20000);
    log(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`vscode-host: the VS Code server exited during start-up (${JSON.stringify(exited)}):\n${output}`);
    try {
      const response = await fetch(`http://${host}:${port}/version`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!exited && Date.now() >= deadline) {
    stopProcessGroup(child);
    throw new Error(`vscode-host: the VS Code server did not answer on port ${port} within 60 s:\n${output}`);
  }
  return { child, output: () => output, stop: () => stopProcessGroup(child) };
}

export function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    try { child.kill('SIGTERM'); } catch { /* already gone */ }
  }
  setTimeout(() => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }, 2000).unref();
}

/** The workbench URL that opens `folder` with this extension in development mode (and tests, if given). */
export function workbenchUrl({ port, folder, extensionPath, testsPath, host = '127.0.0.1' }) {
  const authority = `${host}:${port}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`]];
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Makes the VS Code server treat `locale` (e.g. "zh-cn") as an installed display language, the way
 * a language pack does, but with no translations of VS Code's own UI (those fall back to English):
 * the workbench then runs with that language, `vscode.env.language` is it, and extensions load their
 * own `l10n` bundles and `package.nls.<locale>.json` for it. Language packs come from the
 * marketplace, which these machines cannot reach; this is the offline equivalent for tests.
 */
export function installEmptyLanguagePack(dataDir, locale) {
  const language = locale.toLowerCase();
  const userDataPath = join(dataDir, 'user');
  const translations = join(userDataPath, `empty-language-pack.${language}.json`);
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  writeFileSync(
    join(userDataPath, 'languagepacks.json'),
    JSON.stringify({ [language]: { hash: `softmax-lens-test-${language}`, extensions: [{ extensionIdentifier: { id: 'softmax-lens.offline-test-language-pack' }, version: '1.0.0' }], translations: { vscode: translations }, label: language } }),
  );
}

/**
 * A throw-away VS Code window, the same for every harness: fresh user data (with `settings` and, if
 * given, a display `locale`), a copy of `workspaceSource`, the server on a free port with `env`, and
 * headless Chromium on the workbench with this extension in development mode (and `testsPath`'s
 * tests, if given). `close({ keep })` shuts the browser and server down and removes the temporary
 * folders unless `keep`. `serverLog()` is the server's recent output, for failure reports.
 */
export async function openWorkbench({ workspaceSource, settings = {}, locale, env = {}, testsPath, viewport = { width: 1400, height: 900 } }) {
  const { chromium } = await import('playwright-core');
  const dataDir = makeUserDataDir(settings);
  if (locale) installEmptyLanguagePack(dataDir, locale);
  const workspace = copyWorkspace(workspaceSource);
  const port = await freePort();
  const log = [];
  let server;
  let browser;
  const close = async ({ keep = false } = {}) => {
    await browser?.close().catch(() => undefined);
    server?.stop();
    if (!keep) for (const dir of [dataDir, workspace]) rmSync(dir, { recursive: true, force: true });
  };
  const serverLog = () => log.join('').trim();
  try {
    server = await startServer({ port, dataDir, locale, env, log: (t) => log.push(t) });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...(locale ? { locale } : {}) });
    const page = await context.newPage();
    const url = workbenchUrl({ port, folder: workspace, extensionPath: root, testsPath });
    return { page, port, url, dataDir, workspace, serverLog, close };
  } catch (error) {
    const output = serverLog();
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${output ? `\n--- VS Code server log ---\n${output.split('\n').slice(-60).join('\n')}` : ''}`);
  }
}
