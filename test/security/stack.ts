/**
 * The attacker's view of main: the real services (router, operators, settings, lane, journal,
 * audit) on a temporary data folder, called the way injected script in the app page would call
 * them. Snapshots cover everything on disk that an attack must leave unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { ChannelName, Envelope } from '../../common/contract';
import { JOURNAL_FILE } from '../../main/core';
import { startServices, type Services, type ServicesOptions } from '../../main/services';
import { SETTINGS_FILE } from '../../main/settings/settings-file';
import { ManualClock, TEST_SCRYPT } from '../operators/harness';

export { ManualClock };

/** The URL of the app page; the router accepts calls from its main frame only. */
export const APP_URL = 'app://cardlane/index.html';

export const MANAGER = { name: 'Maria Manager', pin: '73915' };
export const CASHIER = { name: 'Carl Cashier', pin: '2468' };

export interface SecurityStack {
  dir: string;
  services: Services;
  clock: ManualClock;
  /** Every envelope any call returned, for the secret scan. */
  results: Envelope<unknown>[];
  call(channel: ChannelName | string, input?: unknown): Promise<Envelope<unknown>>;
  /** Closes the services and starts them again on the same folder, as an app restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  dir?: string;
  clock?: ManualClock;
  core?: ServicesOptions['core'];
}

export function makeDataDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `cardlane-security-${prefix}-`));
}

export async function startStack(options: StackOptions = {}): Promise<SecurityStack> {
  const dir = options.dir ?? makeDataDir('stack');
  const clock = options.clock ?? new ManualClock();
  const start = () =>
    startServices({
      dataDir: dir,
      appVersion: '0.0.0-security',
      isTrustedSender: (url) => url.startsWith('app://cardlane/'),
      clock,
      scryptParams: TEST_SCRYPT,
      // The demo terminal replies at once, so demo sales take milliseconds.
      core: { demoTerminal: { promptDelayMs: 0, cardDelayMs: 0 }, ...options.core },
    });
  const results: Envelope<unknown>[] = [];
  const stack: SecurityStack = {
    dir,
    services: await start(),
    clock,
    results,
    async call(channel, input = {}) {
      const envelope = await stack.services.router.dispatch(channel, input, {
        url: APP_URL,
        isMainFrame: true,
      });
      results.push(envelope);
      return envelope;
    },
    async restart() {
      await stack.services.close();
      stack.services = await start();
    },
    async close() {
      try {
        await stack.services.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return stack;
}

/** Unwraps a successful envelope or fails with the code it carried. */
export function valueOf<T = unknown>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) {
    throw new Error(`expected ok, got ${envelope.error.code}: ${envelope.error.message}`);
  }
  return envelope.value as T;
}

export function codeOf(envelope: Envelope<unknown>): string | null {
  return envelope.ok ? null : envelope.error.code;
}

/**
 * First start in demo mode: the manager (logged in by setup) creates a cashier, then logs out.
 */
export async function seedDemo(
  stack: SecurityStack,
): Promise<{ managerId: number; cashierId: number }> {
  const manager = valueOf<{ id: number }>(
    await stack.call('setup.createFirstManager', { ...MANAGER, environment: 'demo' }),
  );
  const cashier = valueOf<{ id: number }>(
    await stack.call('operators.create', { name: CASHIER.name, role: 'cashier', pin: CASHIER.pin }),
  );
  valueOf(await stack.call('session.logout'));
  return { managerId: manager.id, cashierId: cashier.id };
}

export async function loginAs(
  stack: SecurityStack,
  operatorId: number,
  pin: string,
): Promise<void> {
  valueOf(await stack.call('session.logout'));
  valueOf(await stack.call('session.login', { operatorId, pin }));
}

/** Reads every row of every table of the journal database through a second connection. */
export function journalRows(dir: string): Record<string, unknown[]> {
  const db = new DatabaseSync(path.join(dir, JOURNAL_FILE), { readOnly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    const rows: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      rows[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    }
    return rows;
  } finally {
    db.close();
  }
}

function digestOf(file: string): string | null {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;
}

/** What an attack must leave as it was: journal rows (audit log included) and the settings file. */
export interface DiskState {
  journal: Record<string, unknown[]>;
  settingsFile: string | null;
  secretsFile: string | null;
}

export function diskState(dir: string): DiskState {
  return {
    journal: journalRows(dir),
    settingsFile: digestOf(path.join(dir, SETTINGS_FILE)),
    secretsFile: digestOf(path.join(dir, 'secrets.plain.json')),
  };
}

/** Lists the full path of every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(full);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}
