import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

let folder: string;
let server: https.Server;
let origin: string;
const requestPaths: string[] = [];

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-tls-'));
  const authority = await selfsigned.generate(
    [{ name: 'commonName', value: 'Rogue Test Root CA' }],
    {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  const leaf = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: authority.private, cert: authority.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  writeFileSync(path.join(folder, 'rogue-ca.pem'), authority.cert);

  server = https.createServer({ key: leaf.private, cert: leaf.cert }, (request, response) => {
    requestPaths.push(request.url ?? '');
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end('{"respstat":"A","respcode":"00","resptext":"Approval"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(folder, { recursive: true, force: true });
});

function runChild(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'fixtures', 'tls-client.ts')],
      {
        cwd: root,
        timeout: 60_000,
        env: {
          ...process.env,
          NODE_TLS_REJECT_UNAUTHORIZED: '0',
          NODE_EXTRA_CA_CERTS: path.join(folder, 'rogue-ca.pem'),
          ROGUE_ORIGIN: origin,
          NODE_OPTIONS: '',
        },
      },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as Record<string, unknown>);
        } catch {
          reject(new Error(`TLS child printed no result: ${String(error)}\n${stderr}`));
        }
      },
    );
  });
}

describe('gateway client TLS trust', () => {
  it('rejects a rogue CA that the environment trusts', async () => {
    const result = await runChild();

    // The rogue CA is trusted by Node's defaults in the child, so the check below means something.
    expect(result.defaultAgent).toBe('status 200');
    expect(result.extraCaAgent).toBe('status 200');

    expect(result.gateway).toMatchObject({
      ok: false,
      code: 'gateway_unavailable',
      reason: 'unavailable',
    });
    expect(requestPaths.filter((entry) => entry.startsWith('/cardconnect'))).toEqual([]);
    expect(requestPaths).toEqual(['/control', '/control']);
  });
});
