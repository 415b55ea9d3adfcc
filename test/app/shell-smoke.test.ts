/**
 * Builds the main bundle into a temporary folder and loads it in a child Node process, with
 * `electron` resolved to a compiled copy of the fake module, and fires `ready`. The checks: the
 * real services start in demo mode, the window opens on the app page, every contract channel is
 * registered, and the lane closes on suspend and starts again on resume. The built preload must
 * be one file whose only require is `electron`. It is read from out/preload, so it needs
 * `node scripts/build.mjs preload` first, which `npm test` does.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHANNEL_NAMES, IPC_PREFIX } from '../../common/contract';
import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { JOURNAL_FILE } from '../../main/core';
import { buildMainBundle } from './bundles';

const root = path.resolve(import.meta.dirname, '..', '..');
const preloadBundle = path.join(root, 'out', 'preload', 'index.cjs');

// Runs inside the child process. It prints one line starting with REPORT_PREFIX.
const RUNNER = String.raw`'use strict';
const Module = require('node:module');
const { CARDLANE_FAKE_ELECTRON: fakePath, CARDLANE_MAIN_BUNDLE: bundle, CARDLANE_USER_DATA: userData, CARDLANE_APP_ROOT: appRoot } = process.env;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? fakePath : resolveFilename.call(this, request, ...rest);
};

const electron = require('electron');
electron.app.setPath('userData', userData);
electron.app.appPath = appRoot;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(25);
  }
  return null;
}

async function main() {
  require(bundle);
  const beforeReady = {
    privileged: electron.protocol.privileged,
    crashReporter: electron.crashReporter.started,
    sandbox: electron.app.sandboxEnabled,
    windows: electron.BrowserWindow.getAllWindows().length,
  };
  electron.app.fireReady();

  const window = await until(() => {
    const found = electron.BrowserWindow.getAllWindows()[0];
    return found && found.webContents.getURL() !== '' ? found : null;
  }, 20000);
  if (!window) throw new Error('no window was loaded within 20 s');
  const contents = window.webContents;
  const channelsAtLoad = [...electron.ipcMain.handlers.keys()];
  const fromPage = { sender: contents, senderFrame: contents.mainFrame };
  const call = (channel, event, input = {}) => electron.ipcMain.handlers.get('${IPC_PREFIX}' + channel)(event, input);

  const session = await call('session.status', fromPage);
  const dataFiles = require('node:fs').readdirSync(userData);

  // A fresh data folder needs a first manager; logging in makes the demo terminal's status readable.
  const setup = await call('setup.createFirstManager', fromPage, { name: 'Smoke Manager', pin: '482915', environment: 'demo' });
  const login = setup.ok
    ? await call('session.login', fromPage, { operatorId: setup.value.id, pin: '482915' })
    : setup;
  const displayAwakeAfterLogin = electron.powerSaveBlocker.active.size;
  const terminal = await until(async () => {
    const status = await call('terminal.status', fromPage);
    return status.ok && status.value.state === 'idle' ? status : null;
  }, 15000) || (await call('terminal.status', fromPage));
  const fromSubframe = await call('session.status', { sender: contents, senderFrame: { url: contents.getURL() } });
  const updates = await call('updates.status', fromPage);

  // Sleep closes the lane (and the serial port); wake-up starts it again.
  electron.powerMonitor.emit('suspend');
  const afterSuspend = await until(async () => {
    const status = await call('terminal.status', fromPage);
    return status.ok && status.value.state === 'unavailable' ? status : null;
  }, 10000) || (await call('terminal.status', fromPage));
  electron.powerMonitor.emit('resume');
  const afterResume = await until(async () => {
    const status = await call('terminal.status', fromPage);
    return status.ok && status.value.state === 'idle' ? status : null;
  }, 15000) || (await call('terminal.status', fromPage));

  const appHandler = electron.protocol.handlers.get('app');
  const escape = await appHandler(new Request('app://cardlane/..%2f..%2fpackage.json'));
  const outOfService = await appHandler(new Request('app://cardlane/out-of-service.html'));

  electron.app.quit();
  const quit = await until(() => electron.app.quitCompleted, 10000);

  return {
    beforeReady,
    url: contents.getURL(),
    shown: window.shown,
    webPreferences: window.options.webPreferences,
    channelsAtLoad,
    handlersAfterQuit: [...electron.ipcMain.handlers.keys()],
    session,
    dataFiles,
    login,
    displayAwakeAfterLogin,
    terminal,
    fromSubframe,
    updates,
    afterSuspend,
    afterResume,
    escape: { status: escape.status, csp: escape.headers.get('content-security-policy') },
    outOfService: { status: outOfService.status, csp: outOfService.headers.get('content-security-policy') },
    quit: quit === true,
  };
}

main().then(
  (report) => {
    process.stdout.write('\nSHELL-SMOKE ' + JSON.stringify(report) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stdout.write('\nSHELL-SMOKE-ERROR ' + (error && error.stack ? error.stack : String(error)) + '\n');
    process.exit(1);
  },
);
`;

interface SmokeReport {
  beforeReady: { privileged: unknown[]; crashReporter: unknown; sandbox: boolean; windows: number };
  url: string;
  shown: boolean;
  webPreferences: Record<string, unknown>;
  channelsAtLoad: string[];
  handlersAfterQuit: string[];
  session: { ok: boolean; value?: { environment: string; operator: unknown } };
  dataFiles: string[];
  login: { ok: boolean; error?: { code: string; message: string } };
  displayAwakeAfterLogin: number;
  terminal: { ok: boolean; value?: { state: string; reason: string | null } };
  fromSubframe: { ok: boolean; error?: { code: string } };
  updates: { ok: boolean; value?: { state: string; currentVersion: string } };
  afterSuspend: { ok: boolean; value?: { state: string } };
  afterResume: { ok: boolean; value?: { state: string } };
  escape: { status: number; csp: string | null };
  outOfService: { status: number; csp: string | null };
  quit: boolean;
}

let workDir: string;
let report: SmokeReport;

function runChild(
  runner: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!existsSync(preloadBundle)) {
    throw new Error(
      `${path.relative(root, preloadBundle)} is missing; run "node scripts/build.mjs preload" first.`,
    );
  }
  workDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-smoke-'));
  const { file: mainBundle } = await buildMainBundle(path.join(workDir, 'main'), {
    production: false,
  });
  const fakePath = path.join(workDir, 'electron.cjs');
  await build({
    entryPoints: [path.join(root, 'test', 'fakes', 'electron.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    outfile: fakePath,
    logLevel: 'warning',
  });
  const runner = path.join(workDir, 'run-shell.cjs');
  writeFileSync(runner, RUNNER);

  const result = await runChild(runner, {
    CARDLANE_FAKE_ELECTRON: fakePath,
    CARDLANE_MAIN_BUNDLE: mainBundle,
    CARDLANE_USER_DATA: path.join(workDir, 'userData'),
    CARDLANE_APP_ROOT: root,
    // The bundle lives outside the project, so its externals (serialport) resolve from here.
    NODE_PATH: path.join(root, 'node_modules'),
  });
  const line = result.stdout.split('\n').find((text) => text.startsWith('SHELL-SMOKE '));
  if (result.code !== 0 || line === undefined) {
    throw new Error(
      `the built main bundle did not start (exit ${result.code}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }
  report = JSON.parse(line.slice('SHELL-SMOKE '.length)) as SmokeReport;
}, 90_000);

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('built main bundle', () => {
  it('prepares Electron before ready', () => {
    expect(report.beforeReady.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(report.beforeReady.crashReporter).toMatchObject({ uploadToServer: false });
    expect(report.beforeReady.sandbox).toBe(true);
    expect(report.beforeReady.windows).toBe(0);
  });

  it('opens the window on the app page', () => {
    expect(report.url).toBe('app://cardlane/index.html');
    expect(report.shown).toBe(true);
    expect(report.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: preloadBundle,
    });
  });

  it('registers every contract channel', () => {
    const expected = CHANNEL_NAMES.map((name) => IPC_PREFIX + name).sort();
    expect([...report.channelsAtLoad].sort()).toEqual(expected);
  });

  it('starts the services in demo mode', () => {
    expect(report.session).toMatchObject({ ok: true, value: { environment: 'demo' } });
    expect(report.dataFiles).toContain(JOURNAL_FILE);
  });

  it('connects the demo terminal after login', () => {
    expect(report.login).toMatchObject({ ok: true });
    expect(report.terminal).toMatchObject({ ok: true, value: { state: 'idle' } });
  });

  it('keeps the display awake after login', () => {
    expect(report.displayAwakeAfterLogin).toBe(1);
  });

  it('reports built-in updates as off in development', () => {
    expect(report.updates).toMatchObject({
      ok: true,
      value: { state: 'off', currentVersion: '0.0.0-test' },
    });
  });

  it('closes the lane on suspend', () => {
    expect(report.afterSuspend).toMatchObject({ ok: true, value: { state: 'unavailable' } });
  });

  it('starts the lane again on resume', () => {
    expect(report.afterResume).toMatchObject({ ok: true, value: { state: 'idle' } });
  });

  it('rejects a call from a subframe', () => {
    expect(report.fromSubframe).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('serves app:// with the CSP and refuses escapes', () => {
    expect(report.escape.status).toBe(404);
    expect(report.escape.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(report.outOfService.status).toBe(200);
    expect(report.outOfService.csp).toBe(CONTENT_SECURITY_POLICY);
  });

  it('closes the services and quits', () => {
    expect(report.quit).toBe(true);
    expect(report.handlersAfterQuit).toEqual([]);
  });
});

describe('built preload', () => {
  it('is one file', () => {
    const files = readdirSync(path.dirname(preloadBundle)).filter((name) => !name.endsWith('.map'));
    expect(files).toEqual(['index.cjs']);
  });

  it('requires only electron', () => {
    const source = readFileSync(preloadBundle, 'utf8');
    const literal = [...source.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map(
      (match) => match[2],
    );
    const anyRequire = source.match(/\brequire\s*\(/g) ?? [];
    expect(new Set(literal)).toEqual(new Set(['electron']));
    expect(anyRequire).toHaveLength(literal.length);
  });
});
