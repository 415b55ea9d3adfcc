import { afterEach, describe, expect, it } from 'vitest';

import { createPaeTerminal } from '../../main/terminal';
import { PaeTerminal } from '../../main/terminal/pae/driver';
import { FAST_TIMEOUTS, MERCHANT_ID, saleRequest, startRig, waitFor, type Rig } from './rig';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('lane safety', () => {
  it('stops the lane on an approval for another merchant id', async () => {
    rig = await startRig({ simulator: { faults: { replyMerchantId: '800000000001' } } });
    const outcome = await rig.terminal.sale(saleRequest(1234));

    expect(outcome).toMatchObject({
      kind: 'merchant_mismatch',
      reportedMerchantId: '800000000001',
    });
    const status = rig.terminal.status();
    expect(status.state).toBe('faulted');
    expect(status.reason).toContain('800000000001');
    await expect(rig.terminal.sale(saleRequest(100))).rejects.toMatchObject({
      code: 'terminal_unavailable',
    });
  });

  it('stops the lane when GTI reports another serial number', async () => {
    rig = await startRig({ simulator: { serialNumber: '999X000001' } });
    const status = rig.terminal.status();
    expect(status.state).toBe('faulted');
    expect(status.reason).toContain('999X000001');
    expect(status.reason).toContain('103T662933');
    await expect(rig.terminal.sale(saleRequest(100))).rejects.toMatchObject({
      code: 'terminal_unavailable',
    });
  });

  it('reports an offline sale as offline, not approved', async () => {
    rig = await startRig();
    rig.simulator.setOnline(false);
    const request = saleRequest(1500);
    const outcome = await rig.terminal.sale(request);

    expect(outcome.kind).toBe('offline');
    if (outcome.kind === 'offline') expect(outcome.approval.orderId).toBe(request.orderId);
    expect(rig.gateway.transactions().filter((t) => t.orderId === request.orderId)).toHaveLength(0);

    const flags = await rig.terminal.readFlags();
    expect(flags.connected).toBe(false);
    expect(flags.offlineTransactionsWaiting).toBe(true);

    rig.simulator.setOnline(true);
    expect(await waitFor(() => rig?.simulator.offlineStoredCount === 0)).toBe(true);
    expect((await rig.terminal.readFlags()).offlineTransactionsWaiting).toBe(false);
    expect(rig.gateway.transactions().filter((t) => t.orderId === request.orderId)).toHaveLength(1);
  });

  it('marks a silent device disconnected by the heartbeat', async () => {
    rig = await startRig();
    rig.simulator.setFaults({ silent: true });
    // Heartbeat 200 ms, then three GCS attempts of 300 ms each.
    expect(await waitFor(() => rig?.terminal.status().state === 'closed', 3_000)).toBe(true);
    expect(rig.terminal.status().reason).toContain('stopped replying');
    rig.simulator.setFaults({});
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });

  it('holds sales while a software update is pending', async () => {
    rig = await startRig();
    rig.simulator.setAppLoaderStatus('Install Pending');
    expect(await waitFor(() => rig?.terminal.status().state === 'faulted')).toBe(true);
    await expect(rig.terminal.sale(saleRequest(100))).rejects.toMatchObject({
      code: 'terminal_unavailable',
    });
    rig.simulator.setAppLoaderStatus('Idle');
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });

  it('waits out the starting window at start', async () => {
    rig = await startRig({ simulator: { startingMs: 250 } });
    expect(rig.terminal.status().state).toBe('idle');
    expect(rig.simulator.commandsReceived.filter((key) => key === 'GTI').length).toBeGreaterThan(1);
  });

  it('accepts a bad-checksum reply only under the lenient policy', async () => {
    rig = await startRig({
      terminal: { checksumPolicy: 'lenient', timeouts: { ...FAST_TIMEOUTS, heartbeatMs: 60_000 } },
    });
    rig.simulator.setFaults({ badChecksumOnFrames: [rig.simulator.framesSent + 5] });
    expect((await rig.terminal.sale(saleRequest(1234))).kind).toBe('approved');
  });
});

describe('start-up', () => {
  it('reports unavailable when the native binding fails to load', async () => {
    const terminal = new PaeTerminal({
      path: '/dev/ttyUSB0',
      serialNumber: null,
      merchantId: MERCHANT_ID,
      loadBinding: () => Promise.reject(new Error('No native build was found for platform=test')),
    });
    await terminal.start();
    expect(terminal.status()).toMatchObject({ state: 'unavailable' });
    expect(terminal.status().reason).toContain('No native build was found');
    await expect(terminal.sale(saleRequest(100))).rejects.toMatchObject({
      code: 'terminal_unavailable',
    });
    await terminal.stop();
  });

  it('falls back to the configured path when listing fails', async () => {
    rig = await startRig({
      terminal: {
        list: () => Promise.reject(new Error('udevadm: command not found')),
      },
    });
    expect(rig.terminal.status()).toMatchObject({ state: 'idle', path: rig.device.path });
  });

  it('reports the listing failure when no path is configured', async () => {
    rig = await startRig({
      terminal: { path: null, list: () => Promise.reject(new Error('udevadm: command not found')) },
    });
    const status = rig.terminal.status();
    expect(status.state).toBe('closed');
    expect(status.reason).toContain('udevadm');
  });

  it('finds the terminal by USB id without a path', async () => {
    rig = await startRig({ terminal: { path: null, serialNumber: null } });
    expect(rig.terminal.status()).toMatchObject({ state: 'idle', path: rig.device.path });
  });

  it('creates a terminal from settings that loads the native binding', async () => {
    const terminal = createPaeTerminal({
      path: '/dev/cardlane-no-such-port',
      serialNumber: null,
      merchantId: MERCHANT_ID,
      list: async () => [],
      timeouts: FAST_TIMEOUTS,
    });
    await terminal.start();
    expect(terminal.status().state).toBe('closed');
    expect(terminal.status().reason).toContain('/dev/cardlane-no-such-port');
    await terminal.stop();
  });
});
