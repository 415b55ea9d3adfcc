/**
 * Crash safety: a child process running main's core is killed with SIGKILL at each point of a
 * sale, and a fresh child's start-up recovery must leave the journal and the gateway agreeing,
 * with at most one live approval per sale. The gateway simulator and the device simulator run
 * in this process, so they survive the kills. The child reaches the device through a socat pty
 * pair with the real serialport binding.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { SerialPortStream } from '@serialport/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startGatewaySimulator, type GatewaySimulator } from '../../main/simulators/gateway';
import { createHttpAuthorizer } from '../../main/simulators/terminal/authorizer';
import { DEFAULT_DEVICE_OPTIONS, PaeDeviceSimulator } from '../../main/simulators/terminal/engine';
import { loadNativeBinding } from '../../main/terminal/pae/native-binding';
import { openPtyPair, type PtyPair } from '../terminal/socat';

const POINTS = ['journaled', 'dpt_sent', 'gateway_approved', 'final_frame'] as const;
type Point = (typeof POINTS)[number];
const REPEATS = 3;
// Node with tsx's loader in the same process: the `tsx` command would run the script in a
// grandchild, which a SIGKILL of the spawned pid would not reach.
const NODE = path.resolve('node_modules/.bin/node');
const CHILD = path.resolve('test/payments/crash-child.ts');

interface ChildMessage {
  event: string;
  orderId?: string;
  paymentId?: number;
  rows?: { id: number; orderId: string; state: string; retref: string | null }[];
  message?: string;
}

let gateway: GatewaySimulator;
let pty: PtyPair | null = null;
let device: PaeDeviceSimulator;
let port: SerialPortStream | null = null;
let dataDir: string;
/** Set while a run should be killed when the gateway approves its sale. */
let killOnApproval: ChildProcess | null = null;
/** Every child started, so a failed test still ends them. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-crash-'));
  gateway = await startGatewaySimulator({ port: 0, seed: 7 });
  device = makeDevice(0);
  await connectDevice();
}, 30_000);

/**
 * A device whose timing comes from the repeat's seed: prompt and card delays differ per repeat,
 * so each kill point is hit at other moments of the device's work.
 */
function makeDevice(repeat: number): PaeDeviceSimulator {
  const http = createHttpAuthorizer(gateway.restUrl, { user: 'testing', password: 'testing123' });
  const seed = repeat + 1;
  return new PaeDeviceSimulator({
    ...DEFAULT_DEVICE_OPTIONS,
    seed,
    promptDelayMs: (seed * 7) % 5,
    cardDelayMs: (seed * 13) % 40,
    authorizer: {
      async authorize(request) {
        const reply = await http.authorize(request);
        // The approval is recorded at the gateway; the final frame has not been sent yet.
        if (killOnApproval !== null && reply.respstat === 'A') {
          killOnApproval.kill('SIGKILL');
          killOnApproval = null;
        }
        return reply;
      },
    },
    merchantId: '496160873888',
  });
}

/**
 * Gives the device a fresh pty pair. socat keeps the slave end open, so the exclusive lock that
 * the killed child's serialport took would stay on the old pty. A new pair per child avoids
 * that, and it also drops frames the device wrote after the kill, which no real port would keep.
 */
async function connectDevice(): Promise<void> {
  device.detach();
  const previous = port;
  if (previous?.isOpen) await new Promise<void>((resolve) => previous.close(() => resolve()));
  await pty?.close();
  pty = await openPtyPair();
  const binding = await loadNativeBinding();
  const next = new SerialPortStream({
    binding,
    path: pty.devicePath,
    baudRate: 115_200,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) =>
    next.open((error) => (error ? reject(error) : resolve())),
  );
  next.on('data', (bytes: Buffer) => device.receive(bytes));
  port = next;
  device.attach({
    write: (bytes) =>
      new Promise<void>((resolve) =>
        next.isOpen ? next.write(bytes, () => resolve()) : resolve(),
      ),
    disconnect: () => undefined,
    reboot: () => undefined,
  });
}

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  device?.detach();
  const open = port;
  if (open?.isOpen) await new Promise<void>((resolve) => open.close(() => resolve()));
  await pty?.close();
  await gateway?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  messages: ChildMessage[];
  next(event: string): Promise<ChildMessage>;
  exited: Promise<void>;
}

function startChild(point: Point | 'none', amountMinor: number): Run {
  const child = spawn(NODE, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      CRASH_DATA_DIR: dataDir,
      CRASH_GATEWAY_ORIGIN: gateway.url,
      CRASH_TERMINAL_PATH: pty?.hostPath ?? '',
      CRASH_POINT: point,
      CRASH_AMOUNT: String(amountMinor),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const messages: ChildMessage[] = [];
  const waiters: { event: string; resolve(message: ChildMessage): void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: ChildMessage;
    try {
      message = JSON.parse(line) as ChildMessage;
    } catch {
      return;
    }
    messages.push(message);
    for (const waiter of waiters.filter((entry) => entry.event === message.event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  // 'close' comes after stdout has ended, so every line the child wrote has been read.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    messages,
    exited,
    next(event) {
      const seen = messages.find((message) => message.event === event);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ event, resolve });
        void exited.then(() =>
          setTimeout(
            () =>
              reject(
                new Error(
                  `child exited before "${event}": ${JSON.stringify(messages)} ${stderr.slice(-2000)}`,
                ),
              ),
            50,
          ),
        );
      });
    },
  };
}

/** Waits until the device has ended the payment with this order id (it runs on after the kill). */
function deviceFinished(orderId: string): Promise<void> {
  if (device.payments.some((payment) => payment.orderId === orderId)) return Promise.resolve();
  return new Promise((resolve) => {
    const onPayment = (payment: { orderId: string }) => {
      if (payment.orderId !== orderId) return;
      device.off('payment', onPayment);
      resolve();
    };
    device.on('payment', onPayment);
  });
}

/** Live approvals at the gateway for an order id: approved and not voided. */
function liveApprovals(orderId: string): number {
  return gateway
    .transactions()
    .filter(
      (transaction) =>
        transaction.orderId === orderId && transaction.respstat === 'A' && !transaction.voided,
    ).length;
}

describe('crash safety', () => {
  it('recovers every kill point to one charge or none', async () => {
    const crashed: { point: Point; orderId: string }[] = [];
    let amount = 1_000;
    let run: Run | null = null;

    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      device.detach();
      device = makeDevice(repeat);
      await connectDevice();
      for (const point of POINTS) {
        amount += 111;
        run = startChild(point, amount);
        if (point === 'gateway_approved') killOnApproval = run.child;
        // The journaled point fires inside sale.start, before the child reports the start.
        const reached = await run.next(point === 'gateway_approved' ? 'started' : 'point');
        const orderId = reached.orderId ?? '';
        if (point !== 'gateway_approved') run.child.kill('SIGKILL');
        await run.exited;
        expect(run.child.signalCode, `${point} #${repeat}`).toBe('SIGKILL');
        expect(
          run.messages.some((message) => message.event === 'finished'),
          `${point} #${repeat}`,
        ).toBe(false);
        if (point !== 'journaled') await deviceFinished(orderId);
        crashed.push({ point, orderId });
        await connectDevice();
      }
    }

    run = startChild('none', 0);
    const recovered = await run.next('recovered');
    await run.exited;

    const rows = new Map((recovered.rows ?? []).map((row) => [row.orderId, row]));
    expect(crashed).toHaveLength(POINTS.length * REPEATS);
    for (const { point, orderId } of crashed) {
      const row = rows.get(orderId);
      const live = liveApprovals(orderId);
      const label = `${point} ${orderId}`;
      expect(live, label).toBeLessThanOrEqual(1);
      expect(['approved', 'failed', 'voided'], label).toContain(row?.state);
      // The journal and the gateway agree: approved exactly when one approval is live.
      expect(row?.state === 'approved', label).toBe(live === 1);
      if (point === 'journaled') expect(row?.state, label).toBe('failed');
      if (point === 'gateway_approved' || point === 'final_frame')
        expect(row?.state, label).toBe('approved');
    }
  }, 120_000);
});
