/**
 * The end-to-end harness: main's services on a temporary data folder in demo mode (they start the
 * gateway and terminal simulators themselves), the built renderer served on 127.0.0.1 with the
 * app's Content-Security-Policy header, and Debian's Chromium driven by playwright-core.
 *
 * In place of the preload, an init script builds `window.cardlane` with the preload's own
 * `buildBridge`. Its calls go through `exposeBinding` into the real IPC router, with the calling
 * frame's URL, and main's events are delivered into the page in the order main emitted them.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from '../../main/operators/pin-hash';
import { startServices, type Services, type ServicesOptions } from '../../main/services';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(repoRoot, 'out', 'renderer');
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-output', 'screenshots');
const CHROMIUM_PATH = '/usr/bin/chromium';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Names of the page functions the init script uses; the page's own code never calls them. */
const INVOKE_BINDING = '__cardlaneInvoke';
const DELIVER_FUNCTION = '__cardlaneDeliver';

/** Cheap PIN hashing for tests: the PINs protect nothing here, and the default cost slows tests. */
export const TEST_SCRYPT_PARAMS: ScryptParams = { ...DEFAULT_SCRYPT_PARAMS, N: 2 ** 10 };

export interface HarnessOptions {
  /** Browser viewport; screenshots use it too. Default 1366 × 768. */
  viewport?: { width: number; height: number };
  /** Extra options for main's services, e.g. a clock or simulator timing. */
  services?: Omit<Partial<ServicesOptions>, 'dataDir' | 'isTrustedSender' | 'appVersion'>;
}

export interface Harness {
  /** The renderer's origin, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  dataDir: string;
  services: Services;
  context: BrowserContext;
  /** Opens a page with the bridge installed and loads the renderer into it. */
  openApp(): Promise<Page>;
  /** Saves a full-page PNG as test-output/screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Calls a channel through main's router as the app page would, for checks beside the UI. */
  call(channel: string, input?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Bundles the bridge builder into a script that installs `window.cardlane` in every page. */
async function buildBridgeScript(): Promise<string> {
  const entry = `
    import { buildBridge } from './common/bridge';
    const listeners = new Set();
    const invoke = globalThis[${JSON.stringify(INVOKE_BINDING)}];
    Object.defineProperty(globalThis, ${JSON.stringify(DELIVER_FUNCTION)}, {
      value: (event) => { for (const listener of [...listeners]) listener(event); },
    });
    const transport = {
      invoke: (channel, input) => invoke(channel, input),
      subscribe(listener) {
        listeners.add(listener);
        return () => { listeners.delete(listener); };
      },
    };
    Object.defineProperty(globalThis, 'cardlane', { value: Object.freeze(buildBridge(transport)) });
  `;
  const result = await build({
    stdin: { contents: entry, resolveDir: repoRoot, loader: 'ts', sourcefile: 'harness-bridge.ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome140',
    write: false,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (file === undefined) {
    throw new Error('harness: esbuild produced no bridge script.');
  }
  return file.text;
}

/**
 * Serves the built renderer, read-only: GET and HEAD of files under `root`, every response with
 * the app's CSP header. Paths that leave `root` get 404 like any missing file.
 */
function startStaticServer(root: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'no-store');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }

    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const filePath = path.resolve(root, relative);
    if (!filePath.startsWith(root + path.sep) || pathname.includes('\0')) {
      response.writeHead(404).end();
      return;
    }

    readFile(filePath).then(
      (body) => {
        const type = CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream';
        response.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => {
        response.writeHead(404).end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Starts services, the static server and Chromium. One harness per test file: the browser is
 * shared by the file's tests, and each `openApp` gives a fresh page.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      'harness: out/renderer/index.html is missing; build it with `node scripts/build.mjs renderer`.',
    );
  }
  const viewport = options.viewport ?? { width: 1366, height: 768 };
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      await step().catch(() => undefined);
    }
  };

  try {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cardlane-e2e-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const server = await startStaticServer(RENDERER_DIR);
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const isTrustedSender = (url: string): boolean => {
      try {
        return new URL(url).origin === baseUrl;
      } catch {
        return false;
      }
    };
    const services = await startServices({
      scryptParams: TEST_SCRYPT_PARAMS,
      ...options.services,
      dataDir,
      appVersion: '0.0.0-e2e',
      isTrustedSender,
    });
    cleanups.push(() => services.close());

    const bridgeScript = await buildBridgeScript();
    const profileDir = await mkdtemp(path.join(os.tmpdir(), 'cardlane-e2e-chromium-'));
    cleanups.push(() => rm(profileDir, { recursive: true, force: true }));
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    cleanups.push(() => context.close());

    await context.exposeBinding(INVOKE_BINDING, (source, channel: unknown, input: unknown) =>
      services.router.dispatch(String(channel), input, {
        url: source.frame.url(),
        isMainFrame: source.frame === source.page.mainFrame(),
      }),
    );
    await context.addInitScript({ content: bridgeScript });

    // Events go to every open page in the order main emitted them. A page that is loading or
    // closed misses them, as a reloading renderer would, and rebuilds its state from main.
    let deliveries: Promise<unknown> = Promise.resolve();
    const removeSink = services.events.addSink((name, payload) => {
      for (const page of context.pages()) {
        deliveries = deliveries.then(() =>
          page
            .evaluate(
              ([fn, event]) =>
                (globalThis as unknown as Record<string, (event: unknown) => void>)[fn]?.(event),
              [DELIVER_FUNCTION, { name, payload }] as const,
            )
            .catch(() => undefined),
        );
      }
    });
    cleanups.push(async () => {
      removeSink();
      await deliveries;
    });

    return {
      baseUrl,
      dataDir,
      services,
      context,
      async openApp() {
        const page = await context.newPage();
        await page.goto(`${baseUrl}/`);
        return page;
      },
      async screenshot(page, name) {
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        return file;
      },
      call(channel, input = {}) {
        return services.router.dispatch(channel, input, { url: `${baseUrl}/`, isMainFrame: true });
      },
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The manager `setUpDemoLane` creates. Managers may sell, so sale tests run as this operator. */
export const TEST_MANAGER = { name: 'Dana Manager', pin: '4826' };

/**
 * Completes first start through main's own channel, in demo mode, which also logs the manager in.
 * Call it before `openApp` so the page opens on the amount screen.
 */
export async function setUpDemoLane(harness: Harness): Promise<void> {
  const reply = (await harness.call('setup.createFirstManager', {
    ...TEST_MANAGER,
    environment: 'demo',
  })) as { ok: boolean; error?: unknown };
  if (!reply.ok) {
    throw new Error(`harness: setup failed: ${JSON.stringify(reply.error)}`);
  }
}
