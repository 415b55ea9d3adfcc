import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import {
  createAppRequestHandler,
  registerAppScheme,
  resolveAppPath,
} from '../../main/app/protocol';
import { protocol } from '../fakes/electron';

// A bundle folder with a secret file beside it, which no app:// URL may reach.
const parent = mkdtempSync(path.join(os.tmpdir(), 'cardlane-protocol-'));
const root = path.join(parent, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Cardlane</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("till");');
writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
writeFileSync(path.join(root, 'assets', 'notes.xyz'), 'unknown type');
writeFileSync(path.join(parent, 'secret.txt'), 'gateway password');
mkdirSync(path.join(parent, 'renderer-evil'));
writeFileSync(path.join(parent, 'renderer-evil', 'x.js'), 'evil');

afterAll(() => rmSync(parent, { recursive: true, force: true }));

const handle = createAppRequestHandler(root);
const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app protocol', () => {
  it('serves index.html with the CSP header', async () => {
    const response = await get('app://cardlane/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Cardlane</title>');
  });

  it('serves the root as index.html', async () => {
    const response = await get('app://cardlane/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Cardlane</title>');
  });

  it('gives scripts and styles their content types', async () => {
    const script = await get('app://cardlane/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const style = await get('app://cardlane/assets/app.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each([
    'app://cardlane/..%2f..%2fsecret.txt',
    'app://cardlane/..%2fsecret.txt',
    'app://cardlane/%2e%2e%2fsecret.txt',
    'app://cardlane/assets%2f..%2f..%2fsecret.txt',
    'app://cardlane/..%5csecret.txt',
    'app://cardlane/%2fetc%2fpasswd',
    'app://cardlane//etc/passwd',
    'app://cardlane/C:%5cWindows%5cwin.ini',
    'app://cardlane/..%2frenderer-evil%2fx.js',
    'app://cardlane/index.html%00.js',
    'app://cardlane/%E0%A4%A',
    'app://other/index.html',
    'app://cardlane:8080/index.html',
  ])('returns 404 for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('gateway password');
  });

  it('refuses an encoded slash even inside the bundle', async () => {
    expect((await get('app://cardlane/assets/app.js')).status).toBe(200);
    expect((await get('app://cardlane/assets%2fapp.js')).status).toBe(404);
    expect((await get('app://cardlane/assets%5capp.js')).status).toBe(404);
  });

  it('returns 404 for missing files, folders and unknown types', async () => {
    expect((await get('app://cardlane/missing.js')).status).toBe(404);
    expect((await get('app://cardlane/assets')).status).toBe(404);
    expect((await get('app://cardlane/assets/notes.xyz')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses POST', async () => {
    const head = await get('app://cardlane/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://cardlane/index.html', 'POST')).status).toBe(405);
  });

  it('serves a script-free out-of-service page', async () => {
    const response = await get('app://cardlane/out-of-service.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await response.text();
    expect(html).toContain('out of service');
    expect(html).not.toMatch(/<script|style=|on\w+=/i);
  });
});

describe('resolveAppPath', () => {
  it('stays inside the bundle folder', () => {
    expect(resolveAppPath(root, 'app://cardlane/assets/app.js')).toBe(
      path.join(root, 'assets', 'app.js'),
    );
    expect(resolveAppPath(root, 'app://cardlane/a%20b.js')).toBe(path.join(root, 'a b.js'));
    expect(resolveAppPath(root, 'app://cardlane/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'https://cardlane/index.html')).toBeNull();
  });
});

describe('registerAppScheme', () => {
  it('registers app as a standard, secure scheme with fetch', () => {
    registerAppScheme();
    expect(protocol.privileged).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});
