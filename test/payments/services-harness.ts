/**
 * Main's real services (router, operators, settings, lane core in demo mode with both simulators
 * in process) in a temporary data folder, driven through the IPC router as the renderer would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ChannelName, Envelope, SaleProgress } from '../../common/contract';
import type { Core } from '../../main/core';
import { startServices, type Services, type ServicesOptions } from '../../main/services';

export const APP_URL = 'app://cardlane/index.html';
export const MANAGER_PIN = '4321';
export const CASHIER_PIN = '1111';

export interface Lane {
  services: Services;
  dir: string;
  managerId: number;
  cashierId: number;
  call(channel: ChannelName, input?: unknown): Promise<Envelope<unknown>>;
  /** Calls a channel and returns its value, failing on an error envelope. */
  value<T = unknown>(channel: ChannelName, input?: unknown): Promise<T>;
  core(): Core;
  loginManager(): Promise<void>;
  loginCashier(): Promise<void>;
  /** Starts a sale through `sale.start` and waits for its result. */
  sell(amountMinor: number): Promise<SaleProgress>;
  close(): Promise<void>;
}

export async function openLane(
  options: Partial<ServicesOptions> = {},
  dir?: string,
): Promise<Lane> {
  const dataDir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'cardlane-payments-'));
  const services = await startServices({
    dataDir,
    appVersion: '0.0.0-test',
    isTrustedSender: (url) => url.startsWith('app://cardlane/'),
    scryptParams: { algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 },
    ...options,
    core: {
      recovery: { pauseMs: 10 },
      ...options.core,
      demoTerminal: { promptDelayMs: 0, cardDelayMs: 0, ...options.core?.demoTerminal },
    },
  });
  const call = (channel: ChannelName, input: unknown = {}) =>
    services.router.dispatch(channel, input, { url: APP_URL, isMainFrame: true });
  const value = async <T>(channel: ChannelName, input: unknown = {}): Promise<T> => {
    const envelope = await call(channel, input);
    if (!envelope.ok)
      throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value as T;
  };

  let managerId = 0;
  let cashierId = 0;
  const existing = services.operators.operators.list();
  if (existing.length === 0) {
    managerId = (
      await value<{ id: number }>('setup.createFirstManager', {
        name: 'Maria',
        pin: MANAGER_PIN,
        environment: 'demo',
      })
    ).id;
    cashierId = (
      await value<{ id: number }>('operators.create', {
        name: 'Carl',
        role: 'cashier',
        pin: CASHIER_PIN,
      })
    ).id;
    await value('session.logout');
  } else {
    managerId = existing.find((record) => record.role === 'manager')?.id ?? 0;
    cashierId = existing.find((record) => record.role === 'cashier')?.id ?? 0;
  }

  const lane: Lane = {
    services,
    dir: dataDir,
    managerId,
    cashierId,
    call,
    value,
    core() {
      const core = services.lane.current();
      if (core === null) throw new Error('the lane core is not running');
      return core;
    },
    async loginManager() {
      await value('session.login', { operatorId: managerId, pin: MANAGER_PIN });
    },
    async loginCashier() {
      await value('session.login', { operatorId: cashierId, pin: CASHIER_PIN });
    },
    async sell(amountMinor) {
      const started = await value<SaleProgress>('sale.start', { amountMinor });
      const finished = await lane.core().sales.waitUntilFinished(started.paymentId);
      await value('sale.dismiss');
      return finished;
    },
    async close() {
      await services.close();
      if (dir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return lane;
}

/** Requests to the demo gateway whose path contains `fragment` (e.g. "/refund"). */
export function gatewayRequests(lane: Lane, fragment: string): number {
  return (
    lane
      .core()
      .demoGateway?.requests()
      .filter((request) => request.path.includes(fragment)).length ?? 0
  );
}
