/**
 * A tiny static server for the webview harness (127.0.0.1, free port): serves index.html with
 * a fresh nonce, harness.js/css, and the built bundle from dist/webview (or a benchmark's
 * baseline in its place, after optional probe scripts). For tests and benchmarks.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { listen } from '../../../infra/local/listen';
import { chatCsp, createNonce } from '../../../src/ui/chatView/html';

const here = __dirname;
const repo = path.resolve(here, '..', '..', '..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
};

export interface HarnessServer {
  /** The harness page's URL. */
  url: string;
  /** The server's origin (the page's `cspSource`). */
  origin: string;
  close(): Promise<void>;
}

/** The VS Code themes harness.css has variables for: Dark Modern, Light Modern, Dark High Contrast. */
export type HarnessTheme = 'dark' | 'light' | 'hc';

/** The class VS Code puts on a webview's body for each theme kind. */
const BODY_CLASS: Record<HarnessTheme, string> = { dark: 'vscode-dark', light: 'vscode-light', hc: 'vscode-high-contrast' };

export interface HarnessOptions {
  /** The theme whose variables and body class the page gets (default: dark). */
  theme?: HarnessTheme;
  /** Scripts (absolute paths) loaded after harness.js and before the bundle, e.g. benchmark probes. */
  probes?: string[];
  /** A script (absolute path) loaded instead of dist/webview/chat.js, e.g. a benchmark's baseline renderer. */
  bundle?: string;
}

/** Maps a request path to a file the harness may serve, or undefined (404). */
function fileFor(urlPath: string, extra: ReadonlyMap<string, string>): string | undefined {
  if (urlPath === '/harness.js' || urlPath === '/harness.css') return path.join(here, urlPath.slice(1));
  const m = /^\/dist\/webview\/([\w.-]+)$/.exec(urlPath);
  return m ? path.join(repo, 'dist', 'webview', m[1]!) : extra.get(urlPath);
}

/** Starts the harness server; run `node esbuild.js` first so dist/webview exists. */
export async function startHarnessServer(options: HarnessOptions = {}): Promise<HarnessServer> {
  if (!existsSync(path.join(repo, 'dist', 'webview', 'chat.js'))) throw new Error('dist/webview/chat.js is missing: run `node esbuild.js` first');
  const template = await readFile(path.join(here, 'index.html'), 'utf8');
  // Extra files are served under /extra/<index>/<name>, so two with the same name cannot collide.
  const extra = new Map<string, string>();
  const serveExtra = (file: string) => {
    const urlPath = `/extra/${extra.size}/${path.basename(file)}`;
    extra.set(urlPath, file);
    return urlPath;
  };
  const scriptPaths = [...(options.probes ?? []).map(serveExtra), options.bundle ? serveExtra(options.bundle) : '/dist/webview/chat.js'];
  const theme = options.theme ?? 'dark';
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const urlPath = new URL(req.url ?? '/', origin).pathname;
      try {
        if (urlPath === '/' || urlPath === '/index.html') {
          const nonce = createNonce();
          const scripts = scriptPaths.map((src) => `<script nonce="${nonce}" src="${origin}${src}"></script>`).join('\n');
          const html = template
            .replaceAll('{{csp}}', chatCsp(nonce, origin))
            .replaceAll('{{scripts}}', scripts)
            .replaceAll('{{nonce}}', nonce)
            .replaceAll('{{cspSource}}', origin)
            .replaceAll('{{theme}}', theme)
            .replaceAll('{{bodyClass}}', BODY_CLASS[theme]);
          res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
          res.end(html);
          return;
        }
        const file = fileFor(urlPath, extra);
        if (!file) throw new Error('not found');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    })();
  });
  origin = await listen(server);
  return {
    url: `${origin}/`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
