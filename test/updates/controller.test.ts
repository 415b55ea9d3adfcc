import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CardlaneError } from '../../common/errors';
import { UpdateController, type UpdateBackend } from '../../main/updates/controller';
import { downloadToFile, resolveInFeed } from '../../main/updates/feed';
import { parseFeedRelease } from '../../main/updates/feed-info';
import { UpdateVerifier } from '../../main/updates/verifier';
import {
  generateReleaseKeyPair,
  publishRelease,
  startFeedServer,
  type FeedServer,
} from './feed-server';

const releaseKey = generateReleaseKeyPair();
const otherKey = generateReleaseKeyPair();
const installer = Buffer.from('Cardlane 1.3.0 installer\n'.repeat(500));

let feed: FeedServer;
let folder: string;

beforeAll(async () => {
  feed = await startFeedServer();
  folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-controller-'));
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

/** Creates a backend that reads the loopback feed over https, as electron-updater does in the app. */
function feedBackend() {
  const record = { downloads: 0, installs: 0, discarded: [] as string[], failCheck: false };
  const feedUrl = new URL(feed.url);
  const backend: UpdateBackend = {
    async check() {
      if (record.failCheck) throw new Error('ECONNREFUSED 127.0.0.1');
      const file = path.join(folder, `latest-${Date.now()}-${Math.random()}.yml`);
      await downloadToFile(resolveInFeed(feedUrl, 'latest.yml'), file, { tls: { ca: feed.ca } });
      return parseFeedRelease(readFileSync(file, 'utf8'));
    },
    async download() {
      record.downloads += 1;
      const file = path.join(folder, `download-${record.downloads}.exe`);
      await downloadToFile(resolveInFeed(feedUrl, 'Cardlane-Setup-1.3.0.exe'), file, {
        tls: { ca: feed.ca },
      });
      return file;
    },
    async discard(file) {
      record.discarded.push(file);
      rmSync(file, { force: true });
    },
    install() {
      record.installs += 1;
    },
  };
  return { backend, record };
}

function setup(options: { installAt?: { hour: number; minute: number } | null } = {}) {
  const { backend, record } = feedBackend();
  const lane = { paymentOpen: false, loggedIn: true, now: new Date(2026, 11, 4, 14, 0) };
  const controller = new UpdateController({
    backend,
    verifier: new UpdateVerifier({
      feedUrl: feed.url,
      currentVersion: '1.2.0',
      tls: { ca: feed.ca },
      publicKeys: [releaseKey.publicKeyPem],
    }),
    currentVersion: '1.2.0',
    installAt: options.installAt === undefined ? { hour: 3, minute: 0 } : options.installAt,
    installWindowMinutes: 60,
    checkIntervalMinutes: 240,
    hasOpenPayment: () => lane.paymentOpen,
    operatorLoggedIn: () => lane.loggedIn,
    now: () => lane.now,
  });
  return { controller, record, lane };
}

describe('update controller', () => {
  it('waits for logout to install', async () => {
    const { controller, record, lane } = setup();
    await controller.tick();
    expect(controller.status()).toMatchObject({ state: 'pending', pendingVersion: '1.3.0' });
    expect(record.installs).toBe(0);

    lane.loggedIn = false;
    controller.sessionChanged();
    expect(record.installs).toBe(1);
    expect(controller.status().state).toBe('installing');
  });

  it('never installs with a payment open', async () => {
    const { controller, record, lane } = setup();
    lane.paymentOpen = true;
    await controller.tick();
    lane.loggedIn = false;
    controller.sessionChanged();
    lane.now = new Date(2026, 11, 5, 3, 10);
    await controller.tick();
    expect(record.installs).toBe(0);
    expect(controller.status().state).toBe('pending');

    lane.paymentOpen = false;
    await controller.tick();
    expect(record.installs).toBe(1);
  });

  it('installs at the install time while logged in', async () => {
    const { controller, record, lane } = setup();
    await controller.tick();
    lane.now = new Date(2026, 11, 5, 2, 59);
    await controller.tick();
    expect(record.installs).toBe(0);

    lane.now = new Date(2026, 11, 5, 3, 0);
    await controller.tick();
    expect(record.installs).toBe(1);
  });

  it('waits past a postponement', async () => {
    const { controller, record, lane } = setup({ installAt: null });
    await controller.tick();
    const status = controller.postpone(2, { id: 7, name: 'Ana' });
    expect(status.postponedUntil).toBe(new Date(2026, 11, 4, 16, 0).toISOString());

    lane.loggedIn = false;
    controller.sessionChanged();
    expect(record.installs).toBe(0);

    lane.now = new Date(2026, 11, 4, 16, 0);
    await controller.tick();
    expect(record.installs).toBe(1);
  });

  it('rejects postponing without a pending update', () => {
    const { controller } = setup();
    expect(() => controller.postpone(1, null)).toThrow(CardlaneError);
    expect(() => controller.postpone(1, null)).toThrow(/No update is waiting/);
  });

  it('discards a file with a bad signature', async () => {
    publishRelease(feed, {
      version: '1.3.0',
      file: 'Cardlane-Setup-1.3.0.exe',
      body: installer,
      signWith: otherKey.privateKey,
    });
    const { controller, record, lane } = setup();
    await controller.tick();
    expect(controller.status()).toMatchObject({ state: 'failed', pendingVersion: null });
    expect(controller.status().problem).toMatch(/signature/);
    expect(record.discarded).toHaveLength(1);
    expect(existsSync(record.discarded[0] as string)).toBe(false);

    lane.loggedIn = false;
    controller.sessionChanged();
    lane.now = new Date(lane.now.getTime() + 5 * 3_600_000);
    await controller.tick();
    expect(record.installs).toBe(0);
    expect(record.downloads).toBe(1);
  });

  it('ignores an older release', async () => {
    publishRelease(feed, {
      version: '1.1.0',
      file: 'Cardlane-Setup-1.1.0.exe',
      body: installer,
      signWith: releaseKey.privateKey,
    });
    const { controller, record } = setup();
    await controller.tick();
    expect(controller.status()).toMatchObject({ state: 'idle', pendingVersion: null });
    expect(record.downloads).toBe(0);
  });

  it('checks again after the interval', async () => {
    const { controller, record, lane } = setup();
    record.failCheck = true;
    await controller.tick();
    expect(controller.status().state).toBe('failed');

    record.failCheck = false;
    lane.now = new Date(lane.now.getTime() + 60 * 60_000);
    await controller.tick();
    expect(controller.status().state).toBe('failed');

    lane.now = new Date(lane.now.getTime() + 180 * 60_000);
    await controller.tick();
    expect(controller.status()).toMatchObject({ state: 'pending', problem: null });
  });

  it('stays off without a backend', async () => {
    const controller = new UpdateController({
      backend: null,
      verifier: null,
      offReason: 'No feed.',
      currentVersion: '1.2.0',
      installAt: null,
      installWindowMinutes: 60,
      checkIntervalMinutes: 240,
      hasOpenPayment: () => false,
      operatorLoggedIn: () => false,
    });
    await controller.tick();
    expect(controller.status()).toMatchObject({ state: 'off', problem: 'No feed.' });
  });
});
