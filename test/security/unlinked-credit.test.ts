/**
 * No unlinked credit: every channel and every command-line command driven as a manager on a demo
 * lane, with the amounts an attacker would try (zero, negative, beyond the sale). The terminal
 * simulator receives no DPT of payment type 3 (refund without reference), and the gateway simulator
 * receives no `auth` with an amount of zero or less and no refund whose retref is not a sale in the
 * journal.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHANNEL_NAMES, type ChannelName, type SaleProgress } from '../../common/contract';
import { decimalStringToMinor } from '../../common/money';
import { runCli } from '../../main/cli/commands';
import { DEMO_GATEWAY_STATE_FILE } from '../../main/core';
import type { GatewaySimulator, RecordedRequest } from '../../main/simulators/gateway';
import type { GatewayState } from '../../main/simulators/gateway/state';
import type { PaeDeviceSimulator } from '../../main/simulators/terminal';
import { decodeFrame } from '../../main/terminal/pae/codec';
import { PaeFramer } from '../../main/terminal/pae/framer';
import { sampleFor } from './samples';
import {
  codeOf,
  journalRows,
  loginAs,
  makeDataDir,
  MANAGER,
  seedDemo,
  startStack,
  valueOf,
  type SecurityStack,
} from './stack';

let stack: SecurityStack;
let ids: { managerId: number; cashierId: number };
const terminals = new Set<PaeDeviceSimulator>();
const gateways = new Set<GatewaySimulator>();
/** Payment types of every DPT the demo terminal received, including ones it rejected. */
const dptPaymentTypes: unknown[] = [];
const cliRuns: { args: string[]; code: number }[] = [];
let cliDir: string;

/** Starts watching the lane's current demo terminal and gateway; the lane rebuilds them on some settings. */
function watchLane(): void {
  const core = stack.services.lane.current();
  if (core === null) return;
  if (core.demoGateway !== null) gateways.add(core.demoGateway);
  const terminal = core.demoTerminal;
  if (terminal === null || terminals.has(terminal)) return;
  terminals.add(terminal);
  const framer = new PaeFramer();
  const deliver = terminal.receive.bind(terminal);
  terminal.receive = (chunk: Buffer) => {
    for (const frame of framer.push(chunk).frames) {
      const decoded = decodeFrame(frame);
      if (decoded.ok && decoded.frame.key === 'DPT' && decoded.frame.type === 'CMD') {
        try {
          dptPaymentTypes.push(
            (JSON.parse(decoded.frame.data) as { paymentType?: unknown }).paymentType,
          );
        } catch {
          dptPaymentTypes.push(decoded.frame.data);
        }
      }
      deliver(frame);
    }
  };
}

async function call(channel: ChannelName, input: unknown): Promise<string | null> {
  watchLane();
  const envelope = await stack.call(channel, input);
  watchLane();
  return codeOf(envelope);
}

async function sell(amountMinor: number): Promise<SaleProgress> {
  const progress = valueOf<SaleProgress>(await stack.call('sale.start', { amountMinor }));
  watchLane();
  const core = stack.services.lane.current();
  if (core === null) throw new Error('the lane has no core');
  const finished = await core.sales.waitUntilFinished(progress.paymentId);
  valueOf(await stack.call('sale.dismiss'));
  return finished;
}

/** Inputs a manager tries on each channel: the sample, and every amount at zero, negative and huge. */
function attackInputs(channel: ChannelName): Record<string, unknown>[] {
  const sample = { ...sampleFor(channel) };
  // Keep the manager's own session and PIN; everything else runs as sampled.
  if ('id' in sample) sample.id = ids.cashierId;
  if (channel === 'operators.update') sample.role = 'cashier';
  if (channel === 'operators.resetPin') sample.pin = '1111';
  const inputs = [sample];
  if ('amountMinor' in sample) {
    for (const amountMinor of [0, -1, -100_000, 1e12, Number.MAX_SAFE_INTEGER]) {
      inputs.push({ ...sample, amountMinor });
    }
  }
  return inputs;
}

beforeAll(async () => {
  stack = await startStack();
  ids = await seedDemo(stack);
  await loginAs(stack, ids.managerId, MANAGER.pin);
  watchLane();

  // Sales to act on: one settled, one not, one declined ($1005.00 declines in the simulator).
  const settled = await sell(3000);
  valueOf(await stack.call('reports.runDemoSettlement'));
  const unsettled = await sell(2000);
  const declined = await sell(100_500);

  // Voids and refunds an attacker would try: beyond the sale, of a declined or voided sale, twice.
  const attempts: [ChannelName, Record<string, unknown>][] = [
    ['payments.refund', { paymentId: settled.paymentId, amountMinor: 3001 }],
    ['payments.refund', { paymentId: settled.paymentId, amountMinor: 1000 }],
    ['payments.refund', { paymentId: settled.paymentId, amountMinor: 2001 }],
    ['payments.refund', { paymentId: settled.paymentId, amountMinor: 2000 }],
    ['payments.refund', { paymentId: settled.paymentId, amountMinor: 1 }],
    ['payments.refund', { paymentId: declined.paymentId, amountMinor: 100 }],
    ['payments.void', { paymentId: declined.paymentId }],
    ['payments.void', { paymentId: unsettled.paymentId }],
    ['payments.void', { paymentId: unsettled.paymentId }],
    ['payments.refund', { paymentId: unsettled.paymentId, amountMinor: 100 }],
    ['payments.refund', { paymentId: 999_999, amountMinor: 100 }],
    ['payments.void', { paymentId: 999_999 }],
  ];
  for (const [channel, input] of attempts) {
    await call(channel, input);
  }

  // Every channel of the contract, as a manager, with the amounts above.
  for (const channel of CHANNEL_NAMES) {
    if (channel === 'session.logout' || channel === 'session.login') continue;
    for (const input of attackInputs(channel)) {
      await call(channel, input);
      await loginAs(stack, ids.managerId, MANAGER.pin);
    }
  }

  // The command line, in a demo folder of its own.
  cliDir = makeDataDir('cli-credit');
  const amounts = [
    '-1',
    '-0.01',
    '0',
    '0.00',
    '-',
    '1e3',
    '0x10',
    '12.345',
    ' 5',
    '-12.34',
    '1.00',
  ];
  const commands = [
    ...amounts.map((amount) => ['sale', amount]),
    ['journal'],
    ['audit', 'verify'],
    ['refund', '1.00'],
  ];
  for (const args of commands) {
    const code = await runCli(args, {
      dataDir: cliDir,
      json: true,
      limit: undefined,
      env: {},
      stdout: () => undefined,
      stderr: () => undefined,
    });
    cliRuns.push({ args, code });
  }
}, 90_000);

afterAll(async () => {
  await stack?.close();
  if (cliDir !== undefined) rmSync(cliDir, { recursive: true, force: true });
});

function allRequests(): RecordedRequest[] {
  return [...gateways].flatMap((gateway) => gateway.requests());
}

function endpointOf(request: RecordedRequest): string {
  return request.path.replace(/^\/cardconnect\/rest\/?/, '').split(/[/?]/)[0] ?? '';
}

function journalSaleRetrefs(dir: string): Set<string> {
  const payments = journalRows(dir).payments as { kind: string; retref: string | null }[];
  return new Set(
    payments
      .filter((row) => row.kind === 'sale' && row.retref !== null)
      .map((row) => row.retref as string),
  );
}

describe('unlinked credit', () => {
  it('the drive reached the terminal and the gateway', () => {
    expect(dptPaymentTypes.length).toBeGreaterThanOrEqual(3);
    const endpoints = new Set(allRequests().map(endpointOf));
    expect(endpoints).toContain('refund');
    expect(endpoints).toContain('void');
  });

  it('terminal gets no refund without reference', () => {
    expect(dptPaymentTypes).not.toContain(3);
    expect(dptPaymentTypes).not.toContain('3');
    for (const type of dptPaymentTypes) {
      expect([1, 6]).toContain(type);
    }
  });

  it('gateway gets no auth of zero or less', () => {
    const auths = allRequests().filter((request) => endpointOf(request) === 'auth');
    for (const request of auths) {
      const amount = (request.body as { amount?: unknown } | null)?.amount;
      expect(typeof amount).toBe('string');
      const minor = decimalStringToMinor(String(amount));
      expect(minor, String(amount)).not.toBeNull();
      expect(minor ?? 0, String(amount)).toBeGreaterThan(0);
    }
  });

  it('gateway gets refunds of journaled sales only', () => {
    const sales = journalSaleRetrefs(stack.dir);
    const refunds = allRequests().filter((request) => endpointOf(request) === 'refund');
    expect(refunds.length).toBeGreaterThan(0);
    for (const request of refunds) {
      const body = request.body as { retref?: unknown; amount?: unknown };
      expect(sales.has(String(body.retref)), String(body.retref)).toBe(true);
      expect(decimalStringToMinor(String(body.amount)) ?? 0).toBeGreaterThan(0);
    }
  });

  it('refunds stay within the sale', () => {
    const payments = journalRows(stack.dir).payments as {
      id: number;
      kind: string;
      parent_id: number | null;
      state: string;
      approved_minor: number | null;
      amount_minor: number;
    }[];
    for (const sale of payments.filter((row) => row.kind === 'sale')) {
      const refunded = payments
        .filter(
          (row) => row.kind === 'refund' && row.parent_id === sale.id && row.state === 'approved',
        )
        .reduce((sum, row) => sum + (row.approved_minor ?? row.amount_minor), 0);
      expect(refunded, `sale ${sale.id}`).toBeLessThanOrEqual(sale.approved_minor ?? 0);
    }
  });

  it('command line sells positive amounts only', () => {
    for (const run of cliRuns) {
      const amount = run.args[1] ?? '';
      if (run.args[0] === 'sale' && amount !== '1.00') {
        expect(run.code, run.args.join(' ')).toBe(2);
      }
    }
    expect(cliRuns.find((run) => run.args[1] === '1.00')?.code).toBe(0);
    expect(cliRuns.find((run) => run.args[0] === 'refund')?.code).toBe(2);

    const state = JSON.parse(
      readFileSync(path.join(cliDir, DEMO_GATEWAY_STATE_FILE), 'utf8'),
    ) as GatewayState;
    const sales = journalSaleRetrefs(cliDir);
    expect(state.transactions.length).toBe(1);
    for (const transaction of state.transactions) {
      expect(transaction.requestedMinor).toBeGreaterThan(0);
      if (transaction.kind === 'refund') {
        expect(sales.has(transaction.parentRetref ?? '')).toBe(true);
      }
    }
  });
});
