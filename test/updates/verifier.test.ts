import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { UpdateFeedError } from '../../main/updates/feed';
import { checkFeed } from '../../main/updates/release-tool';
import { signRelease } from '../../main/updates/signature';
import { UpdateVerifier } from '../../main/updates/verifier';
import {
  generateReleaseKeyPair,
  publishRelease,
  startFeedServer,
  type FeedServer,
} from './feed-server';

const RUNNING = '1.2.0';
const releaseKey = generateReleaseKeyPair();
const otherKey = generateReleaseKeyPair();
const installer = Buffer.from('MZ fake installer bytes for Cardlane 1.3.0\n'.repeat(2000));

let feed: FeedServer;
let folder: string;

beforeAll(async () => {
  feed = await startFeedServer();
  folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-verify-'));
});

afterAll(async () => {
  await feed.close();
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(() => {
  publishRelease(feed, {
    version: '1.3.0',
    file: 'Cardlane-Setup-1.3.0.exe',
    body: installer,
    signWith: releaseKey.privateKey,
  });
});

function check(overrides: Partial<Parameters<typeof checkFeed>[0]> = {}) {
  return checkFeed({
    feedUrl: feed.url,
    currentVersion: RUNNING,
    tls: { ca: feed.ca },
    publicKeys: [releaseKey.publicKeyPem],
    ...overrides,
  });
}

describe('update verifier over https', () => {
  it('accepts a newer release with a valid signature', async () => {
    const results = await check();
    expect(results).toEqual([
      {
        file: 'Cardlane-Setup-1.3.0.exe',
        result: {
          ok: true,
          version: '1.3.0',
          file: expect.objectContaining({ url: 'Cardlane-Setup-1.3.0.exe' }),
        },
      },
    ]);
    expect(feed.requests).toContain('/feed/Cardlane-Setup-1.3.0.exe.sig');
  });

  it('rejects a missing signature', async () => {
    publishRelease(feed, {
      version: '1.3.0',
      file: 'Cardlane-Setup-1.3.0.exe',
      body: installer,
      signWith: null,
    });
    const [entry] = await check();
    expect(entry?.result).toMatchObject({ ok: false, reason: 'signature_missing' });
  });

  it('rejects a signature from another key', async () => {
    publishRelease(feed, {
      version: '1.3.0',
      file: 'Cardlane-Setup-1.3.0.exe',
      body: installer,
      signWith: otherKey.privateKey,
    });
    const [entry] = await check();
    expect(entry?.result).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });

  it('rejects a signature garbled in transit', async () => {
    feed.put('Cardlane-Setup-1.3.0.exe.sig', 'not a signature\n');
    const [entry] = await check();
    expect(entry?.result).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });

  it('rejects a signature made for another version', async () => {
    const { sha512 } = publishRelease(feed, {
      version: '1.3.0',
      file: 'Cardlane-Setup-1.3.0.exe',
      body: installer,
      signWith: null,
    });
    feed.put(
      'Cardlane-Setup-1.3.0.exe.sig',
      signRelease(
        { version: '1.2.5', file: 'Cardlane-Setup-1.3.0.exe', sha512 },
        releaseKey.privateKey,
      ),
    );
    const [entry] = await check();
    expect(entry?.result).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });

  it('rejects an older version even when signed', async () => {
    publishRelease(feed, {
      version: '1.1.9',
      file: 'Cardlane-Setup-1.1.9.exe',
      body: installer,
      signWith: releaseKey.privateKey,
    });
    const [entry] = await check();
    expect(entry?.result).toMatchObject({ ok: false, reason: 'not_newer' });
  });

  it('rejects the running version', async () => {
    publishRelease(feed, {
      version: RUNNING,
      file: 'Cardlane-Setup-1.2.0.exe',
      body: installer,
      signWith: releaseKey.privateKey,
    });
    const [entry] = await check();
    expect(entry?.result).toMatchObject({ ok: false, reason: 'not_newer' });
  });

  it('rejects an http feed', async () => {
    const plain = feed.url.replace('https:', 'http:');
    expect(() => new UpdateVerifier({ feedUrl: plain, currentVersion: RUNNING })).toThrow(
      UpdateFeedError,
    );
    await expect(check({ feedUrl: plain })).rejects.toThrow(/must use https, not http/);
  });

  it('rejects a file the feed does not list', async () => {
    const verifier = new UpdateVerifier({
      feedUrl: feed.url,
      currentVersion: RUNNING,
      tls: { ca: feed.ca },
      publicKeys: [releaseKey.publicKeyPem],
    });
    const tampered = path.join(folder, 'tampered.exe');
    writeFileSync(tampered, Buffer.concat([installer, Buffer.from('extra')]));
    const { sha512 } = publishRelease(feed, {
      version: '1.3.0',
      file: 'Cardlane-Setup-1.3.0.exe',
      body: installer,
      signWith: releaseKey.privateKey,
    });
    const result = await verifier.verify(
      { version: '1.3.0', files: [{ url: 'Cardlane-Setup-1.3.0.exe', sha512 }] },
      tampered,
    );
    expect(result).toMatchObject({ ok: false, reason: 'file_not_in_feed' });
  });

  it('does not trust the feed certificate by default', async () => {
    const verifier = new UpdateVerifier({
      feedUrl: feed.url,
      currentVersion: RUNNING,
      publicKeys: [releaseKey.publicKeyPem],
    });
    const file = path.join(folder, 'installer.exe');
    writeFileSync(file, installer);
    const { sha512 } = publishRelease(feed, {
      version: '1.3.0',
      file: 'Cardlane-Setup-1.3.0.exe',
      body: installer,
      signWith: releaseKey.privateKey,
    });
    const result = await verifier.verify(
      { version: '1.3.0', files: [{ url: 'Cardlane-Setup-1.3.0.exe', sha512 }] },
      file,
    );
    expect(result).toMatchObject({ ok: false, reason: 'signature_unavailable' });
  });

  it('rejects a release with the built-in key only', async () => {
    // The test key is not Cardlane's release key, so the app's default keys reject it.
    const [entry] = await check({ publicKeys: undefined });
    expect(entry?.result).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });
});
