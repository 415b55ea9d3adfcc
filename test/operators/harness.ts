/**
 * A real main-process stack for operator and settings tests. It keeps a SQLite journal file, a
 * plain secret-store file and the conf-backed settings file in a temporary folder, and registers
 * the real handlers on the real IPC router, as the app does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import type { ChannelName, Envelope } from '../../common/contract';
import { IpcRouter } from '../../main/ipc/router';
import { AuditLog } from '../../main/journal/audit';
import { openJournalDatabase } from '../../main/journal/database';
import type { Clock } from '../../main/operators/clock';
import {
  createOperatorServices,
  registerOperatorHandlers,
  type OperatorServices,
} from '../../main/operators';
import type { ScryptParams } from '../../main/operators/pin-hash';
import { FileSecretStore } from '../../main/settings/file-secret-store';
import { registerSettingsHandlers, type ConnectionTestOutcome } from '../../main/settings/handlers';
import { SettingsService } from '../../main/settings/service';
import { ConfSettingsFile } from '../../main/settings/settings-file';
import { SettingsStore } from '../../main/settings/store';
import type { Environment } from '../../common/contract';

/** Low scrypt cost so tests hash quickly; the stored parameters make verification use them. */
export const TEST_SCRYPT: ScryptParams = {
  algorithm: 'scrypt',
  N: 1024,
  r: 8,
  p: 1,
  keyLength: 32,
};

export const APP_URL = 'app://cardlane/index.html';

/** A clock that moves only when a test advances it; timers fire as it passes their time. */
export class ManualClock implements Clock {
  private current = Date.parse('2025-03-01T12:00:00Z');
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.current;
  }

  schedule(callback: () => void, delayMs: number): () => void {
    const timer = { at: this.current + delayMs, callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((timer) => !timer.cancelled && timer.at <= this.current);
    this.timers = this.timers.filter((timer) => !due.includes(timer));
    for (const timer of due) timer.callback();
  }
}

export interface Stack extends OperatorServices {
  dir: string;
  db: DatabaseSync;
  secrets: FileSecretStore;
  audit: AuditLog;
  settings: SettingsService;
  router: IpcRouter;
  clock: ManualClock;
  connectionTests: Environment[];
  call<C extends ChannelName>(channel: C, input?: unknown): Promise<Envelope<unknown>>;
  /** Closes the database and opens the same folder again, as a restart of the app would. */
  restart(): Stack;
  close(): void;
}

export interface StackOptions {
  dir?: string;
  clock?: ManualClock;
  testConnection?: (environment: Environment) => Promise<ConnectionTestOutcome>;
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `cardlane-${prefix}-`));
}

export function openStack(options: StackOptions = {}): Stack {
  const dir = options.dir ?? makeTempDir('operators');
  const clock = options.clock ?? new ManualClock();
  const db = openJournalDatabase(path.join(dir, 'journal.sqlite'));
  const secrets = new FileSecretStore(dir);
  const audit = new AuditLog(db, secrets, { clock: () => new Date(clock.now()) });
  const settings = new SettingsService({
    store: new SettingsStore(new ConfSettingsFile(dir)),
    secrets,
    audit,
    clock: () => new Date(clock.now()),
  });
  const services = createOperatorServices({
    db,
    secrets,
    audit,
    settings,
    clock,
    scryptParams: TEST_SCRYPT,
  });
  const router = new IpcRouter({
    isTrustedSender: (url) => url.startsWith('app://cardlane/'),
    currentOperator: () => services.sessions.currentOperator(),
    onOperatorActivity: () => services.sessions.touch(),
  });
  const connectionTests: Environment[] = [];
  registerOperatorHandlers(router, { ...services, audit, settings, appVersion: '0.0.0-test' });
  registerSettingsHandlers(router, {
    settings,
    testConnection: (environment) => {
      connectionTests.push(environment);
      return options.testConnection?.(environment) ?? Promise.resolve({ status: 'ok' });
    },
  });

  const stack: Stack = {
    ...services,
    dir,
    db,
    secrets,
    audit,
    settings,
    router,
    clock,
    connectionTests,
    call: (channel, input = {}) =>
      router.dispatch(channel, input, { url: APP_URL, isMainFrame: true }),
    restart() {
      db.close();
      return openStack({ ...options, dir, clock });
    },
    close() {
      if (db.isOpen) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Unwraps a successful envelope or fails with the error it carried. */
export function valueOf<T = unknown>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) {
    throw new Error(`expected ok, got ${envelope.error.code}: ${envelope.error.message}`);
  }
  return envelope.value as T;
}

export function errorCodeOf(envelope: Envelope<unknown>): string | null {
  return envelope.ok ? null : envelope.error.code;
}

/** Creates the first manager through the setup channel (which logs them in) and a cashier. */
export async function seedOperators(
  stack: Stack,
  options: { managerPin?: string; cashierPin?: string; cashierName?: string } = {},
): Promise<{ managerId: number; cashierId: number }> {
  const manager = valueOf<{ id: number }>(
    await stack.call('setup.createFirstManager', {
      name: 'Maria',
      pin: options.managerPin ?? '4321',
      environment: 'demo',
    }),
  );
  const cashier = valueOf<{ id: number }>(
    await stack.call('operators.create', {
      name: options.cashierName ?? 'Carl',
      role: 'cashier',
      pin: options.cashierPin ?? '1111',
    }),
  );
  valueOf(await stack.call('session.logout'));
  return { managerId: manager.id, cashierId: cashier.id };
}
