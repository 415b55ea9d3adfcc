import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  checkFeed,
  generateReleaseKeys,
  PUBLIC_KEY_FILE,
  signFeedFolder,
} from '../../main/updates/release-tool';
import {
  channelFile,
  generateReleaseKeyPair,
  publishRelease,
  sha512Base64,
  startFeedServer,
  type FeedServer,
} from './feed-server';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Runs the release tool's command line with tsx; resolves with its exit code and output. */
function runTool(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      [path.join(root, 'main', 'updates', 'release-tool.ts'), ...args],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let feed: FeedServer;
let folder: string;

beforeAll(async () => {
  feed = await startFeedServer();
  folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-release-'));
});

afterAll(async () => {
  await feed.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('release tool', () => {
  it('signs a dist folder that the feed check accepts', async () => {
    const keys = path.join(folder, 'keys');
    const { privateKeyFile, publicKeyPem } = generateReleaseKeys(keys);
    if (process.platform !== 'win32') {
      expect(statSync(privateKeyFile).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(path.join(keys, PUBLIC_KEY_FILE), 'utf8')).toBe(publicKeyPem);

    const dist = path.join(folder, 'dist');
    const body = Buffer.from('Cardlane 2.0.0 AppImage bytes\n'.repeat(300));
    const name = 'Cardlane-2.0.0.AppImage';
    mkdirSync(dist);
    writeFileSync(path.join(dist, name), body);
    writeFileSync(
      path.join(dist, 'latest-linux.yml'),
      channelFile('2.0.0', name, sha512Base64(body), body.length),
    );

    const written = await signFeedFolder(dist, readFileSync(privateKeyFile, 'utf8'));
    expect(written).toEqual([path.join(dist, `${name}.sig`)]);

    for (const file of [name, `${name}.sig`, 'latest-linux.yml']) {
      feed.put(file, readFileSync(path.join(dist, file)));
    }
    const results = await checkFeed({
      feedUrl: feed.url,
      currentVersion: '1.9.0',
      channel: 'latest-linux.yml',
      tls: { ca: feed.ca },
      publicKeys: [publicKeyPem],
    });
    expect(results.map(({ result }) => result.ok)).toEqual([true]);
  });

  it('keeps an existing private key', () => {
    const keys = path.join(folder, 'twice');
    generateReleaseKeys(keys);
    expect(() => generateReleaseKeys(keys)).toThrow(/exists/);
  });

  it('refuses to sign a file that does not match', async () => {
    const dist = mkdtempSync(path.join(folder, 'stale-'));
    const { privateKeyFile } = generateReleaseKeys(path.join(dist, 'keys'));
    writeFileSync(path.join(dist, 'Cardlane-Setup-2.0.0.exe'), 'rebuilt installer');
    writeFileSync(
      path.join(dist, 'latest.yml'),
      channelFile('2.0.0', 'Cardlane-Setup-2.0.0.exe', sha512Base64(Buffer.from('old')), 3),
    );
    await expect(signFeedFolder(dist, readFileSync(privateKeyFile, 'utf8'))).rejects.toThrow(
      /does not match the SHA-512/,
    );
  });
});

describe('release tool command line', () => {
  it('prints usage without a command', async () => {
    const result = await runTool([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('release-tool sign --key');
  });

  it('verifies a published feed', async () => {
    const key = generateReleaseKeyPair();
    const body = Buffer.from('Cardlane 3.0.0 installer\n'.repeat(100));
    const caFile = path.join(folder, 'feed-ca.pem');
    const keyFile = path.join(folder, 'feed-public.pem');
    writeFileSync(caFile, feed.ca);
    writeFileSync(keyFile, key.publicKeyPem);
    const args = ['verify', '--feed', feed.url, '--current', '2.9.0', '--ca', caFile];

    publishRelease(feed, {
      version: '3.0.0',
      file: 'Cardlane-Setup-3.0.0.exe',
      body,
      signWith: key.privateKey,
    });
    const accepted = await runTool([...args, '--public-key', keyFile]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('ok: Cardlane-Setup-3.0.0.exe (3.0.0)');

    publishRelease(feed, {
      version: '3.0.0',
      file: 'Cardlane-Setup-3.0.0.exe',
      body,
      signWith: null,
    });
    const rejected = await runTool([...args, '--public-key', keyFile]);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain(
      'rejected: Cardlane-Setup-3.0.0.exe: The feed has no Cardlane signature',
    );
  });
});
