/**
 * The PAE terminal simulator: a device model (`PaeDeviceSimulator`) plus the transports that carry
 * its bytes: an in-memory serial pair (demo mode, fault tests) and a real serial path (a `socat`
 * pty end, or a null-modem port) for integration runs and `npm run sim:terminal`.
 */
import { SerialPortStream } from '@serialport/stream';

import { loadNativeBinding } from '../../terminal/pae/native-binding';
import { PAE_BAUD_RATE } from '../../terminal/pae/transport';
import type { BindingInterface } from '../../terminal/serial-types';
import { createHttpAuthorizer } from './authorizer';
import type { SimulatedCard } from './cards';
import type { SimulatorClock } from './clock';
import {
  DEFAULT_DEVICE_OPTIONS,
  PaeDeviceSimulator,
  type DptScenario,
  type SimulatorFaults,
} from './engine';
import { createInMemoryPair, IN_MEMORY_DEFAULT_PATH, type InMemoryDeviceEnd } from './memory-pair';

export * from './cards';
export { ManualClock, realClock, type SimulatorClock } from './clock';
export {
  PaeDeviceSimulator,
  type DeviceLine,
  type DptPoint,
  type DptRecord,
  type DptScenario,
  type ForgedApproval,
  type SimulatorFaults,
} from './engine';
export {
  createInMemoryPair,
  InMemoryBinding,
  InMemoryDeviceEnd,
  IN_MEMORY_DEFAULT_PATH,
} from './memory-pair';

export interface TerminalSimulatorOptions {
  /** e.g. http://127.0.0.1:PORT/cardconnect/rest; the device POSTs `${gatewayRestUrl}/auth`. */
  gatewayRestUrl: string;
  /** Gateway API credentials the device is provisioned with; default testing / testing123. */
  credentials?: { user: string; password: string };
  /** Merchant id the device charges under; default 496160873888 (public UAT). */
  merchantId?: string;
  /** GTI SerialNum; default 103T662933. */
  serialNumber?: string;
  /** Seed for every random choice (ids, tokens, fault positions); default 1. */
  seed?: number;
  /** The card the simulated customer presents; default the Visa test card 4111111111111111. */
  card?: SimulatedCard;
  /** What happens at the card read; default `authorize` (the gateway decides). */
  scenario?: DptScenario;
  /** Delay before each prompt frame, ms; default 250. 0 is allowed. */
  promptDelayMs?: number;
  /** Time between INSERT CARD and the card read, ms; default 1000. A CPT in this window cancels. */
  cardDelayMs?: number;
  /** "PAE is starting" window after start and reboot, ms; default 0. */
  startingMs?: number;
  /** Time the device is away during a reboot, ms; default 500. */
  rebootDownMs?: number;
  /** Offline store size; default 100. */
  offlineCapacity?: number;
  faults?: SimulatorFaults;
  clock?: SimulatorClock;
}

export const DEMO_CREDENTIALS = { user: 'testing', password: 'testing123' };
export const DEMO_MERCHANT_ID = '496160873888';

/** Builds a device model; attach it to a transport to use it. */
export function createPaeDeviceSimulator(options: TerminalSimulatorOptions): PaeDeviceSimulator {
  return new PaeDeviceSimulator({
    ...DEFAULT_DEVICE_OPTIONS,
    authorizer: createHttpAuthorizer(
      options.gatewayRestUrl,
      options.credentials ?? DEMO_CREDENTIALS,
    ),
    merchantId: options.merchantId ?? DEMO_MERCHANT_ID,
    serialNumber: options.serialNumber ?? DEFAULT_DEVICE_OPTIONS.serialNumber,
    seed: options.seed ?? DEFAULT_DEVICE_OPTIONS.seed,
    card: options.card ?? DEFAULT_DEVICE_OPTIONS.card,
    scenario: options.scenario ?? DEFAULT_DEVICE_OPTIONS.scenario,
    promptDelayMs: options.promptDelayMs ?? 250,
    cardDelayMs: options.cardDelayMs ?? 1_000,
    startingMs: options.startingMs ?? DEFAULT_DEVICE_OPTIONS.startingMs,
    rebootDownMs: options.rebootDownMs ?? DEFAULT_DEVICE_OPTIONS.rebootDownMs,
    offlineCapacity: options.offlineCapacity ?? DEFAULT_DEVICE_OPTIONS.offlineCapacity,
    clock: options.clock ?? DEFAULT_DEVICE_OPTIONS.clock,
    faults: options.faults ?? {},
  });
}

/**
 * Connects a device model to the device end of an in-memory pair. A reboot takes the port away
 * for the reboot time and brings it back, under `pathAfterReboot` when given.
 */
export function connectToInMemoryDevice(
  simulator: PaeDeviceSimulator,
  device: InMemoryDeviceEnd,
  options: { pathAfterReboot?: string } = {},
): () => void {
  const onData = (bytes: Buffer): void => simulator.receive(bytes);
  device.on('data', onData);
  const timers = new Set<NodeJS.Timeout>();
  simulator.attach({
    write: (bytes) => device.write(bytes),
    disconnect: () => device.disconnect(),
    reboot: (downMs) => {
      device.setPresent(false);
      const timer = setTimeout(() => {
        timers.delete(timer);
        device.setPresent(true, options.pathAfterReboot);
      }, downMs);
      timers.add(timer);
    },
  });
  return () => {
    device.off('data', onData);
    simulator.detach();
    for (const timer of timers) clearTimeout(timer);
  };
}

/** Starts an in-process terminal for demo mode: a device model behind an in-memory serial pair. */
export async function startDemoTerminal(options: TerminalSimulatorOptions): Promise<{
  binding: BindingInterface;
  path: string;
  simulator: PaeDeviceSimulator;
  device: InMemoryDeviceEnd;
  close(): Promise<void>;
}> {
  const { hostBinding, device } = createInMemoryPair(IN_MEMORY_DEFAULT_PATH);
  const simulator = createPaeDeviceSimulator(options);
  const disconnect = connectToInMemoryDevice(simulator, device);
  return {
    binding: hostBinding,
    path: device.path,
    simulator,
    device,
    async close() {
      disconnect();
    },
  };
}

/**
 * Runs a device model on a real serial path, e.g. one end of `socat -d -d pty,raw,echo=0
 * pty,raw,echo=0`. A disconnect closes the port; a reboot closes it and opens it again after the
 * reboot time.
 */
export async function attachSimulatorToPath(
  path: string,
  options: TerminalSimulatorOptions & { binding?: BindingInterface },
): Promise<{ simulator: PaeDeviceSimulator; close(): Promise<void> }> {
  const binding = options.binding ?? (await loadNativeBinding());
  const simulator = createPaeDeviceSimulator(options);
  let port: SerialPortStream | null = null;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();

  const open = async (): Promise<void> => {
    const next = new SerialPortStream({ binding, path, baudRate: PAE_BAUD_RATE, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      next.open((error) => (error ? reject(error) : resolve())),
    );
    next.on('data', (bytes: Buffer) => simulator.receive(bytes));
    next.on('error', (error: Error) => simulator.emit('line-error', error));
    port = next;
  };
  const closePort = async (): Promise<void> => {
    const current = port;
    port = null;
    if (current?.isOpen === true) {
      await new Promise<void>((resolve) => current.close(() => resolve()));
    }
  };

  await open();
  simulator.attach({
    write: (bytes) =>
      new Promise<void>((resolve) => {
        const current = port;
        if (current === null || !current.isOpen) {
          resolve();
          return;
        }
        current.write(bytes, () => resolve());
      }),
    disconnect: () => void closePort(),
    reboot: (downMs) => {
      void closePort();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!closed) {
          open().catch((error: Error) => simulator.emit('line-error', error));
        }
      }, downMs);
      timers.add(timer);
    },
  });

  return {
    simulator,
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      simulator.detach();
      await closePort();
    },
  };
}
