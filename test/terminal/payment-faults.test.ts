import { afterEach, describe, expect, it } from 'vitest';

import { saleRequest, startRig, waitFor, type Rig } from './rig';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

function ordersAtGateway(current: Rig, orderId: string): { respstat: string }[] {
  return current.gateway.transactions().filter((t) => t.orderId === orderId) as unknown as {
    respstat: string;
  }[];
}

describe('disconnects and reboots during a sale', () => {
  it('ends unknown on a disconnect after DPT receipt, with no charge', async () => {
    rig = await startRig({ simulator: { faults: { disconnectAt: 'dpt_received' } } });
    const request = saleRequest(1234);
    const outcome = await rig.terminal.sale(request);

    expect(outcome.kind).toBe('unknown');
    expect(ordersAtGateway(rig, request.orderId)).toHaveLength(0);
    rig.simulator.setFaults({});
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });

  it('ends unknown on a disconnect after the card read', async () => {
    rig = await startRig({ simulator: { faults: { disconnectAt: 'card_read' } } });
    const outcome = await rig.terminal.sale(saleRequest(1234));

    expect(outcome.kind).toBe('unknown');
    rig.simulator.setFaults({});
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });

  it('ends unknown on a disconnect after the gateway approved', async () => {
    rig = await startRig({ simulator: { faults: { disconnectAt: 'gateway_approved' } } });
    const request = saleRequest(1234);
    const outcome = await rig.terminal.sale(request);

    expect(outcome.kind).toBe('unknown');
    const recorded = ordersAtGateway(rig, request.orderId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.respstat).toBe('A');
    rig.simulator.setFaults({});
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
    expect((await rig.terminal.sale(saleRequest(200))).kind).toBe('approved');
  });

  it('ends unknown on a reboot mid-sale and finds the device again', async () => {
    rig = await startRig({
      simulator: { rebootDownMs: 100, faults: { rebootAt: 'gateway_approved' } },
    });
    const request = saleRequest(1234);
    const states: string[] = [];
    rig.terminal.on('status', (status) => states.push(status.state));
    const outcome = await rig.terminal.sale(request);

    expect(outcome.kind).toBe('unknown');
    expect(ordersAtGateway(rig, request.orderId)).toHaveLength(1);
    rig.simulator.setFaults({});
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
    expect(rig.terminal.status().flags?.inPayment).toBe(false);
    expect(states).toContain('closed');
  });

  it('reconnects after a read error on the line', async () => {
    rig = await startRig();
    rig.device.failNextRead(new Error('EIO: input/output error'));
    expect(await waitFor(() => rig?.terminal.status().state === 'closed')).toBe(true);
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
    expect((await rig.terminal.sale(saleRequest(321))).kind).toBe('approved');
  });

  it('rejects a sale while disconnected without writing it', async () => {
    rig = await startRig();
    rig.device.setPresent(false);
    expect(await waitFor(() => rig?.terminal.status().state === 'closed')).toBe(true);
    await expect(rig.terminal.sale(saleRequest(100))).rejects.toMatchObject({
      code: 'terminal_disconnected',
    });
    rig.device.setPresent(true);
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });
});

describe('cancel', () => {
  it('cancels before the card is read', async () => {
    rig = await startRig({ simulator: { cardDelayMs: 5_000 } });
    const request = saleRequest(1234);
    const sale = rig.terminal.sale(request);
    expect(await waitFor(() => rig?.terminal.status().prompt === 'INSERT CARD')).toBe(true);

    expect(await rig.terminal.cancel()).toBe('cancelled');
    expect((await sale).kind).toBe('cancelled');
    expect(rig.terminal.status().state).toBe('idle');
    expect(ordersAtGateway(rig, request.orderId)).toHaveLength(0);
  });

  it('reports an approval after a cancel that came too late', async () => {
    rig = await startRig({ simulator: { promptDelayMs: 150 } });
    const sale = rig.terminal.sale(saleRequest(1234));
    expect(await waitFor(() => rig?.terminal.status().prompt === 'PROCESSING...')).toBe(true);

    expect(await rig.terminal.cancel()).toBe('card_already_read');
    const outcome = await sale;
    expect(outcome).toMatchObject({ kind: 'approved', afterCancel: true });
  });

  it('returns no payment when none runs', async () => {
    rig = await startRig();
    expect(await rig.terminal.cancel()).toBe('no_payment');
  });

  it('fails when the line drops during the cancel', async () => {
    rig = await startRig({ simulator: { cardDelayMs: 5_000 } });
    const sale = rig.terminal.sale(saleRequest(1234));
    expect(await waitFor(() => rig?.terminal.status().prompt === 'INSERT CARD')).toBe(true);
    rig.simulator.setFaults({ disconnectAt: 'cpt' });

    expect(await rig.terminal.cancel()).toBe('failed');
    expect((await sale).kind).toBe('unknown');
  });
});

describe('device-side payment endings', () => {
  it.each([
    ['card_timeout', '01F90000'],
    ['card_error', '01FA0000'],
    ['fallback', '01FD0000'],
    ['chip_error', '02000000'],
    ['no_key', '020B0000'],
  ] as const)('reports %s as failed', async (scenario, code) => {
    rig = await startRig({ simulator: { scenario } });
    const outcome = await rig.terminal.sale(saleRequest(1234));

    expect(outcome).toMatchObject({ kind: 'failed', responseCode: code });
    expect(rig.terminal.status().state).toBe('idle');
  });
});

describe('reboot', () => {
  it('reboots and comes back under a new path', async () => {
    rig = await startRig({
      simulator: { rebootDownMs: 100 },
      pathAfterReboot: '/dev/cardlane-sim1',
      terminal: { path: null },
    });
    expect(rig.terminal.status().path).toBe('/dev/cardlane-sim0');
    const states: string[] = [];
    rig.terminal.on('status', (status) => states.push(status.state));

    await rig.terminal.reboot();
    expect(rig.terminal.status().state).toBe('rebooting');
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
    expect(rig.terminal.status().path).toBe('/dev/cardlane-sim1');
    expect(states).toContain('rebooting');
    expect((await rig.terminal.sale(saleRequest(555))).kind).toBe('approved');
  });

  it('waits out the starting window after a reboot', async () => {
    rig = await startRig({ simulator: { rebootDownMs: 50, startingMs: 300 } });
    await waitFor(() => false, 350);
    await rig.terminal.reboot();
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
    expect(rig.simulator.commandsReceived.filter((key) => key === 'GTI').length).toBeGreaterThan(2);
  });
});
