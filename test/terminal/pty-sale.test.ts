import { afterEach, describe, expect, it } from 'vitest';

import { startGatewaySimulator, type GatewaySimulator } from '../../main/simulators/gateway';
import { attachSimulatorToPath } from '../../main/simulators/terminal';
import { createPaeTerminal, type PaymentTerminal } from '../../main/terminal';
import { FAST_TIMEOUTS, MERCHANT_ID, saleRequest } from './rig';
import { openPtyPair, type PtyPair } from './socat';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

async function setUp(delivery: 'whole' | 'byte_per_tick'): Promise<{
  gateway: GatewaySimulator;
  pair: PtyPair;
  terminal: PaymentTerminal;
}> {
  const gateway = await startGatewaySimulator({ port: 0, controlApi: true });
  cleanups.push(() => gateway.close());
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const device = await attachSimulatorToPath(pair.devicePath, {
    gatewayRestUrl: gateway.restUrl,
    promptDelayMs: 0,
    cardDelayMs: 0,
    faults: { delivery },
  });
  cleanups.push(() => device.close());
  const terminal = createPaeTerminal({
    path: pair.hostPath,
    serialNumber: '103T662933',
    merchantId: MERCHANT_ID,
    list: async () => [],
    timeouts: {
      ...FAST_TIMEOUTS,
      responseMs: 2_000,
      dptFirstFrameMs: 3_000,
      dptInactivityMs: 5_000,
    },
  });
  cleanups.push(() => terminal.stop());
  await terminal.start();
  return { gateway, pair, terminal };
}

describe('terminal sale over a socat pty pair', () => {
  it('approves a sale recorded under its order id', async () => {
    const { gateway, pair, terminal } = await setUp('whole');
    expect(terminal.status()).toMatchObject({ state: 'idle', path: pair.hostPath });

    const request = saleRequest(1234);
    const outcome = await terminal.sale(request);

    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(outcome.approval.card.last4).toBe('1111');
    const recorded = gateway.transactions().filter((t) => t.orderId === request.orderId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.retref).toBe(outcome.approval.retref);
  });

  it('approves a sale delivered one byte at a time', async () => {
    const { gateway, terminal } = await setUp('byte_per_tick');
    const request = saleRequest(2500);
    const outcome = await terminal.sale(request);

    expect(outcome.kind).toBe('approved');
    expect(gateway.transactions().filter((t) => t.orderId === request.orderId)).toHaveLength(1);
  });
});
