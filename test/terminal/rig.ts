/**
 * Test rig: the gateway simulator on loopback HTTP, the PAE device simulator on an in-memory serial
 * pair, and the real driver opening the pair's host end.
 */
import { startGatewaySimulator, type GatewaySimulator } from '../../main/simulators/gateway';
import {
  connectToInMemoryDevice,
  createInMemoryPair,
  createPaeDeviceSimulator,
  type InMemoryDeviceEnd,
  type PaeDeviceSimulator,
  type TerminalSimulatorOptions,
} from '../../main/simulators/terminal';
import { PaeTerminal, type PaeTerminalOptions } from '../../main/terminal/pae/driver';
import type { TerminalTimeouts } from '../../main/terminal/pae/timeouts';
import type { TerminalSaleRequest } from '../../main/terminal/types';

export const MERCHANT_ID = '496160873888';

/** Short timeouts so fault tests end quickly; each is still far above what the device needs here. */
export const FAST_TIMEOUTS: Partial<TerminalTimeouts> = {
  responseMs: 300,
  dptFirstFrameMs: 500,
  dptInactivityMs: 700,
  dptCeilingMs: 10_000,
  heartbeatMs: 200,
  reconnectPollMs: 50,
  partialFrameMs: 200,
  startingRetryMs: 50,
  startingMaxMs: 2_000,
  recoveringPollMs: 50,
  recoveringMaxMs: 3_000,
  rebootSettleMs: 50,
};

export interface Rig {
  gateway: GatewaySimulator;
  device: InMemoryDeviceEnd;
  simulator: PaeDeviceSimulator;
  terminal: PaeTerminal;
  close(): Promise<void>;
}

export interface RigOptions {
  simulator?: Partial<Omit<TerminalSimulatorOptions, 'gatewayRestUrl'>>;
  terminal?: Partial<PaeTerminalOptions>;
  pathAfterReboot?: string;
  start?: boolean;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const gateway = await startGatewaySimulator({ port: 0, controlApi: true, seed: 7 });
  const { hostBinding, device } = createInMemoryPair();
  const simulator = createPaeDeviceSimulator({
    gatewayRestUrl: gateway.restUrl,
    promptDelayMs: 0,
    cardDelayMs: 0,
    ...options.simulator,
  });
  const disconnect = connectToInMemoryDevice(simulator, device, {
    pathAfterReboot: options.pathAfterReboot,
  });
  const terminal = new PaeTerminal({
    binding: hostBinding,
    path: device.path,
    serialNumber: '103T662933',
    merchantId: MERCHANT_ID,
    list: () => hostBinding.list(),
    timeouts: FAST_TIMEOUTS,
    ...options.terminal,
  });
  if (options.start !== false) {
    await terminal.start();
  }
  return {
    gateway,
    device,
    simulator,
    terminal,
    async close() {
      await terminal.stop();
      disconnect();
      await gateway.close();
    },
  };
}

let counter = 0;

/** A fresh sale request; order ids start with a letter so they can never pass the Luhn check. */
export function saleRequest(
  amountMinor = 1234,
  overrides: Partial<TerminalSaleRequest> = {},
): TerminalSaleRequest {
  counter += 1;
  return {
    orderId: `T${process.pid}X${counter}Y${Date.now() % 100000}`.slice(0, 19),
    amountMinor,
    paymentType: 'sale',
    paymentUser: 'lane1',
    ...overrides,
  };
}

/** Polls `check` until it returns true or `ms` pass; returns the last result. */
export async function waitFor(check: () => boolean, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}
