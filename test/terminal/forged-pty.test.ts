import { afterEach, describe, expect, it } from 'vitest';

import { startGatewaySimulator, type GatewaySimulator } from '../../main/simulators/gateway';
import { attachSimulatorToPath, type PaeDeviceSimulator } from '../../main/simulators/terminal';
import { createPaeTerminal, type PaymentTerminal } from '../../main/terminal';
import { FAST_TIMEOUTS, MERCHANT_ID, saleRequest } from './rig';
import { openPtyPair } from './socat';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

async function setUp(): Promise<{
  gateway: GatewaySimulator;
  simulator: PaeDeviceSimulator;
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
  });
  cleanups.push(() => device.close());
  const terminal = createPaeTerminal({
    path: pair.hostPath,
    serialNumber: '103T662933',
    merchantId: MERCHANT_ID,
    list: async () => [],
    timeouts: { ...FAST_TIMEOUTS, responseMs: 1_000, dptInactivityMs: 1_500, heartbeatMs: 60_000 },
  });
  cleanups.push(() => terminal.stop());
  await terminal.start();
  return { gateway, simulator: device.simulator, terminal };
}

describe('forged approvals from a scripted device on a pty', () => {
  it('ignores an approval for another order id', async () => {
    const { simulator, terminal } = await setUp();
    simulator.setFaults({ forgedApprovals: ['other_order'] });
    const request = saleRequest(1234);
    const outcome = await terminal.sale(request);

    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(outcome.approval.orderId).toBe(request.orderId);
    expect(outcome.approval.retref).not.toBe('999999999999');
  });

  it('ignores a replay of an earlier approval', async () => {
    const { simulator, terminal } = await setUp();
    const first = await terminal.sale(saleRequest(1000));
    simulator.setFaults({ forgedApprovals: ['replay'] });
    const second = await terminal.sale(saleRequest(2000));

    expect(first.kind).toBe('approved');
    expect(second.kind).toBe('approved');
    if (first.kind !== 'approved' || second.kind !== 'approved') return;
    expect(second.approval.retref).not.toBe(first.approval.retref);
    expect(second.approval.approvedMinor).toBe(2000);
  });

  it('does not accept an approval above the requested amount', async () => {
    const { simulator, terminal } = await setUp();
    simulator.setFaults({ forgedApprovals: ['over_amount'] });
    const outcome = await terminal.sale(saleRequest(1234));

    expect(outcome.kind).toBe('unknown');
    if (outcome.kind === 'unknown') expect(outcome.reason).toContain('exceeds');
  });
});
