// `npm start`: build, prepare the VS Code host if needed, and serve a real VS Code (server + web
// client) with Softmax Lens loaded in development mode on examples/. Open the printed URL in a
// browser. Options: --port N (default 8080, or the next free one), --host H (default 127.0.0.1),
// --folder DIR (default examples/). Stop with Ctrl+C.
import { spawnSync } from 'node:child_process';
import { mkdirSync, existsSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { root, prepareHost, makeUserDataDir, startServer, workbenchUrl, freePort } from './lib/vscodeHost.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const host = option('--host', '127.0.0.1');
const folder = resolve(option('--folder', join(root, 'examples')));

function portIsFree(port) {
  return new Promise((res) => {
    const probe = createServer();
    probe.once('error', () => res(false));
    probe.listen(port, host, () => probe.close(() => res(true)));
  });
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
prepareHost();

let port = Number(option('--port', process.env.PORT ?? '8080'));
if (!(await portIsFree(port))) {
  const taken = port;
  port = await freePort();
  console.log(`start: port ${taken} is taken, using ${port}`);
}
// One user-data dir that persists between runs (settings you change survive a restart).
const dataRoot = join(root, '.vscode-test', 'start-data');
if (!existsSync(dataRoot)) {
  mkdirSync(dataRoot, { recursive: true });
  cpSync(makeUserDataDir(), dataRoot, { recursive: true });
}
const server = await startServer({ port, host, dataDir: dataRoot });
const url = workbenchUrl({ port, host, folder, extensionPath: root });
console.log(`
Softmax Lens is running in VS Code (server + web client) on ${folder}

  Open this URL in a browser:
  ${url}

  The window title says "[Extension Development Host]". Try: open cross-entropy-mistakes.md
  (warnings in the Problems view), hover a vector in vectors.py, or run
  "Softmax: Open Derivation Panel" from the command palette (F1).
  After changing the code: 'npm run build' (or 'npm run watch'), then "Developer: Reload Window".
  Stop with Ctrl+C.
`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code) => {
  console.log(`start: the VS Code server exited (${code})`);
  process.exit(code ?? 1);
});
