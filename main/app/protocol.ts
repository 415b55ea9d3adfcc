import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { protocol } from 'electron';

import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { createLogger } from '../log/logger';
import { APP_HOST, APP_SCHEME, OUT_OF_SERVICE_PATH } from './origin';

const logger = createLogger('app.protocol');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers sent with every `app://` response, including errors. */
function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

// No script and no inline style, so it renders under the same Content-Security-Policy as the app.
const OUT_OF_SERVICE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Cardlane: out of service</title></head>
<body>
<h1>This till is out of service</h1>
<p>The Cardlane screen stopped working several times in a row. No payment is taken while this page is shown.</p>
<p>Ask a manager or the store's IT contact to restart Cardlane. If the problem returns, send them the log folder.</p>
<p><a href="app://cardlane/index.html">Try the till again</a></p>
</body>
</html>
`;

/**
 * Registers `app:` as a privileged scheme: standard (so URLs have an origin and relative paths
 * resolve), secure (a secure context, like https) and allowed to use fetch. Electron accepts this
 * only before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

/**
 * Maps an `app://cardlane/…` URL to a file inside `root`, or returns null. Only plain path
 * segments are accepted, so no request can name a file outside the bundle folder. The URL is
 * rejected for an encoded slash or backslash, a `.` or `..` segment after decoding, an empty
 * segment (`//etc`), a drive letter or stream name (`:`), or a NUL byte.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname.toLowerCase() !== APP_HOST) {
    return null;
  }
  if (parsed.port !== '' || parsed.username !== '' || parsed.password !== '') {
    return null;
  }

  const pathname = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) {
      return null;
    }
    segments.push(segment);
  }

  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return null;
  }
  return file;
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * Builds the handler for `app://` requests: files from the renderer bundle folder `root` with
 * their content type and the Content-Security-Policy header, the built-in out-of-service page,
 * and 404 for anything else. Only GET and HEAD are served.
 */
export function createAppRequestHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: securityHeaders() });
    }

    let pathname: string | null = null;
    try {
      pathname = new URL(request.url).pathname;
    } catch {
      pathname = null;
    }
    if (pathname === OUT_OF_SERVICE_PATH) {
      const headers = { ...securityHeaders(), 'Content-Type': CONTENT_TYPES['.html'] as string };
      return new Response(request.method === 'HEAD' ? null : OUT_OF_SERVICE_HTML, { headers });
    }

    const file = resolveAppPath(root, request.url);
    if (file === null) {
      logger.warn('app request rejected: the path is malformed or outside the bundle', {
        path: (pathname ?? '').slice(0, 200),
      });
      return notFound();
    }
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
    if (contentType === undefined) {
      return notFound();
    }

    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      // A directory (EISDIR) or a missing file is a 404; anything else is worth a log line.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') {
        logger.error('app request failed', { file: path.relative(root, file), error });
      }
      return notFound();
    }
    const headers = { ...securityHeaders(), 'Content-Type': contentType };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { headers });
  };
}

/** Serves `app://` from the renderer bundle folder. Call after the app is ready. */
export function installAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(root));
}
