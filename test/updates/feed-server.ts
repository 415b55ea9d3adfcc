/**
 * A loopback HTTPS update feed for the update tests. Its certificate is self-signed and trusted
 * only through the `ca` the tests pass, never by the process's default trust store.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

import selfsigned from 'selfsigned';

import { signRelease } from '../../main/updates/signature';

export interface FeedServer {
  /** The feed folder URL, e.g. `https://127.0.0.1:43210/feed/`. */
  url: string;
  /** The PEM certificate to trust. */
  ca: string;
  /** Serves `body` at `/feed/<name>`; a later call replaces it. */
  put(name: string, body: string | Buffer): void;
  remove(name: string): void;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const pathname = new URL(request.url ?? '/', 'https://127.0.0.1').pathname;
    requests.push(pathname);
    const body = pathname.startsWith('/feed/')
      ? files.get(decodeURIComponent(pathname.slice('/feed/'.length)))
      : undefined;
    if (body === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Length': body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://127.0.0.1:${port}/feed/`,
    ca: pems.cert,
    put: (name, body) => files.set(name, Buffer.from(body)),
    remove: (name) => files.delete(name),
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sha512Base64(data: Buffer): string {
  return createHash('sha512').update(data).digest('base64');
}

export function generateReleaseKeyPair(): { publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

/** Writes `latest.yml` as electron-builder does for one installer. */
export function channelFile(version: string, file: string, sha512: string, size: number): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${size}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-30T10:00:00.000Z'",
    '',
  ].join('\n');
}

/**
 * Publishes a release on the feed: the installer bytes, `latest.yml` and, unless `signWith` is
 * null, the installer's `.sig` made with that key.
 */
export function publishRelease(
  feed: FeedServer,
  release: { version: string; file: string; body: Buffer; signWith: KeyObject | null },
): { sha512: string } {
  const sha512 = sha512Base64(release.body);
  feed.put(release.file, release.body);
  feed.put('latest.yml', channelFile(release.version, release.file, sha512, release.body.length));
  if (release.signWith === null) {
    feed.remove(`${release.file}.sig`);
  } else {
    feed.put(
      `${release.file}.sig`,
      signRelease({ version: release.version, file: release.file, sha512 }, release.signWith),
    );
  }
  return { sha512 };
}
