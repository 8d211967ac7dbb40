// A tiny static server for the panel benchmark: the page's HTML at `/`, the built assets under
// `/dist/`, on 127.0.0.1 with an OS-chosen port. It plays the part of VS Code's webview resource
// loader (which serves the extension's `dist/` under `webview.cspSource`).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface PanelServer {
  /** `http://127.0.0.1:<port>`, the page's origin and its `cspSource`. */
  readonly origin: string;
  /** Replaces the HTML served at `/` (each run gets a fresh nonce). */
  setHtml(html: string): void;
  close(): Promise<void>;
}

export async function startPanelServer(distDir: string): Promise<PanelServer> {
  let html = '<!DOCTYPE html><title>empty</title>';
  const root = normalize(distDir + sep);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = normalize(join(root, path.replace(/^\/dist\//, '')));
    if (!path.startsWith('/dist/') || !file.startsWith(root)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bench: the server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    setHtml: (next) => {
      html = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
