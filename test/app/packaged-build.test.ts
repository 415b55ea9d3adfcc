/**
 * Checks what a production build puts into the installer, building into a temporary folder with
 * the options of scripts/build.mjs (NODE_ENV=production defines CARDLANE_PACKAGED_BUILD=1): no
 * test code or fixtures in the main bundle, the gateway simulator's test-only control API off,
 * and a renderer index.html that carries the Content-Security-Policy and loads no inline script.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import type * as GatewayServer from '../../main/simulators/gateway/server';
import {
  buildMainBundle,
  buildRenderer,
  buildScriptOptions,
  MAIN_EXTERNALS,
  root,
} from './bundles';

let workDir: string;
let mainBundle: string;
let mainSource: string;
let mainInputs: string[];
let indexHtml: string;
let rendererDir: string;

const CONTROL_API_REJECTION =
  'The gateway simulator control API is not available in packaged builds.';

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-packaged-'));
  const main = await buildMainBundle(path.join(workDir, 'main'), { production: true });
  mainBundle = main.file;
  mainSource = readFileSync(main.file, 'utf8');
  mainInputs = Object.keys(main.metafile.inputs);
  rendererDir = path.join(workDir, 'renderer');
  await buildRenderer(rendererDir);
  indexHtml = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
}, 120_000);

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

/** Builds the gateway simulator alone with the packaged-build define and loads it. */
async function loadSimulator(production: boolean): Promise<typeof GatewayServer> {
  const file = path.join(workDir, production ? 'simulator-production.cjs' : 'simulator-dev.cjs');
  await build({
    entryPoints: [path.join(root, 'main', 'simulators', 'gateway', 'server.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    outfile: file,
    logLevel: 'warning',
    external: MAIN_EXTERNALS,
    define: { 'process.env.CARDLANE_PACKAGED_BUILD': production ? '"1"' : 'undefined' },
  });
  return createRequire(import.meta.url)(file) as typeof GatewayServer;
}

describe('production main bundle', () => {
  it('uses the options of scripts/build.mjs', () => {
    const options = buildScriptOptions();
    expect(options.externals).toBe("['electron', 'serialport', '@serialport/*']");
    expect(options.define).toBe(
      `{ 'process.env.CARDLANE_PACKAGED_BUILD': production ? '"1"' : 'undefined' }`,
    );
  });

  it('contains no tests or fixtures', () => {
    expect(mainInputs.length).toBeGreaterThan(50);
    const offending = mainInputs.filter((input) =>
      /(^|\/)(test|tests|fixtures?|__fixtures__)\/|\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(input),
    );
    expect(offending).toEqual([]);
  });

  it('bakes in the packaged-build flag', () => {
    expect(mainSource).not.toContain('CARDLANE_PACKAGED_BUILD');
    expect(mainSource).toContain(CONTROL_API_REJECTION);
  });
});

// Runs inside a child process: loads the production bundle as a packaged app would start, with
// `electron` resolved to the compiled fake, and prints what the app did.
const PACKAGED_START = String.raw`'use strict';
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? process.env.CARDLANE_FAKE_ELECTRON : resolveFilename.call(this, request, ...rest);
};
const electron = require('electron');
electron.app.isPackaged = true;
electron.app.setPath('userData', process.env.CARDLANE_USER_DATA);
require(process.env.CARDLANE_MAIN_BUNDLE);
// startApp makes the switch check and the before-ready registrations synchronously.
setImmediate(() => {
  process.stdout.write(JSON.stringify({
    exitCode: electron.app.exitCode,
    privileged: electron.protocol.privileged.length,
    crashReporter: electron.crashReporter.started,
  }) + '\n');
  process.exit(0);
});
`;

async function startPackaged(flags: string[]): Promise<Record<string, unknown>> {
  const fakePath = path.join(workDir, 'electron-fake.cjs');
  if (!existsSync(fakePath)) {
    await build({
      entryPoints: [path.join(root, 'test', 'fakes', 'electron.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      outfile: fakePath,
      logLevel: 'warning',
    });
  }
  const runner = path.join(workDir, 'packaged-start.cjs');
  writeFileSync(runner, PACKAGED_START);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [runner, ...flags],
      {
        cwd: root,
        timeout: 30_000,
        env: {
          ...process.env,
          CARDLANE_FAKE_ELECTRON: fakePath,
          CARDLANE_MAIN_BUNDLE: mainBundle,
          CARDLANE_USER_DATA: path.join(workDir, 'userData'),
          NODE_PATH: path.join(root, 'node_modules'),
        },
      },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        if (error !== null || !line.startsWith('{')) {
          reject(new Error(`the packaged start failed: ${String(error)}\n${stdout}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(line) as Record<string, unknown>);
      },
    );
  });
}

describe('production main bundle started as a packaged app', () => {
  it.each(['--remote-debugging-port=9222', '--inspect'])('quits with %s', async (flag) => {
    const report = await startPackaged([flag]);
    expect(report.exitCode).toBe(1);
    expect(report.privileged).toBe(0);
  });

  it('starts without debugging switches', async () => {
    const report = await startPackaged([]);
    expect(report.exitCode).toBeNull();
    expect(report.privileged).toBe(1);
    expect(report.crashReporter).toMatchObject({ uploadToServer: false });
  });
});

describe('gateway simulator control API', () => {
  it('is refused in a production build', async () => {
    const simulator = await loadSimulator(true);
    await expect(simulator.startGatewaySimulator({ controlApi: true })).rejects.toThrow(
      CONTROL_API_REJECTION,
    );
  });

  it('is absent from the demo gateway of a production build', async () => {
    const simulator = await loadSimulator(true);
    const gateway = await simulator.startGatewaySimulator({});
    try {
      const response = await fetch(`${gateway.url}${simulator.CONTROL_PREFIX}/transactions`);
      expect(response.status).toBe(404);
    } finally {
      await gateway.close();
    }
  });

  it('is served in a development build', async () => {
    const simulator = await loadSimulator(false);
    const gateway = await simulator.startGatewaySimulator({ controlApi: true });
    try {
      const response = await fetch(`${gateway.url}${simulator.CONTROL_PREFIX}/transactions`);
      expect(response.status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});

describe('built index.html', () => {
  it('carries the Content-Security-Policy', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(
      indexHtml,
    );
    expect(meta).not.toBeNull();
    const directives = (meta?.[1] ?? '').split(';').map((part) => part.trim());
    // frame-ancestors has no effect in a meta tag, so main sends it only as a header.
    const expected = CONTENT_SECURITY_POLICY.split('; ').filter(
      (directive) => !directive.startsWith('frame-ancestors'),
    );
    expect(directives.sort()).toEqual(expected.sort());
  });

  it('loads no inline script', () => {
    const scripts = [...indexHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body?.trim()).toBe('');
      const source = /\bsrc="([^"]+)"/.exec(attributes ?? '')?.[1];
      expect(source).toMatch(/^\.\/assets\/[\w.-]+\.js$/);
      expect(existsSync(path.join(rendererDir, source ?? ''))).toBe(true);
    }
  });

  it('has no inline handlers or styles', () => {
    expect(indexHtml).not.toMatch(/\son[a-z]+\s*=/i);
    expect(indexHtml).not.toMatch(/<style\b/i);
    expect(indexHtml).not.toMatch(/\sstyle\s*=/i);
    expect(indexHtml).not.toMatch(/javascript:/i);
  });
});
