import { afterEach, describe, expect, it } from 'vitest';

import { startGatewaySimulator } from '../../main/simulators/gateway';
import { attachSimulatorToPath } from '../../main/simulators/terminal';
import { createPaeTerminal, type PaymentTerminal } from '../../main/terminal';
import type { PortInfo } from '../../main/terminal/serial-types';
import { FAST_TIMEOUTS, MERCHANT_ID, saleRequest, waitFor } from './rig';
import { openPtyPair } from './socat';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

/** What `SerialPort.list()` reports for a USB-serial adapter at `path`. */
function usbPort(path: string): PortInfo {
  return {
    path,
    manufacturer: 'Prolific',
    serialNumber: undefined,
    pnpId: undefined,
    locationId: undefined,
    vendorId: '067b',
    productId: '2303',
  };
}

describe('discovery over pty pairs', () => {
  it('finds the same terminal again under a new path', async () => {
    const gateway = await startGatewaySimulator({ port: 0, controlApi: true });
    cleanups.push(() => gateway.close());
    const first = await openPtyPair();
    cleanups.push(() => first.close());
    const second = await openPtyPair();
    cleanups.push(() => second.close());
    const deviceOptions = { gatewayRestUrl: gateway.restUrl, promptDelayMs: 0, cardDelayMs: 0 };

    const firstDevice = await attachSimulatorToPath(first.devicePath, deviceOptions);
    cleanups.push(() => firstDevice.close());
    let listed: PortInfo[] = [usbPort(first.hostPath)];
    const terminal: PaymentTerminal = createPaeTerminal({
      path: null,
      serialNumber: '103T662933',
      merchantId: MERCHANT_ID,
      list: async () => listed,
      timeouts: { ...FAST_TIMEOUTS, responseMs: 1_000 },
    });
    cleanups.push(() => terminal.stop());
    await terminal.start();
    expect(terminal.status()).toMatchObject({ state: 'idle', path: first.hostPath });

    // Unplug: the first pty pair goes away and the port leaves the list.
    listed = [];
    await firstDevice.close();
    await first.close();
    expect(await waitFor(() => terminal.status().state === 'closed')).toBe(true);

    // Re-enumeration under a new name, with the same serial number.
    const secondDevice = await attachSimulatorToPath(second.devicePath, deviceOptions);
    cleanups.push(() => secondDevice.close());
    listed = [usbPort(second.hostPath)];
    expect(await waitFor(() => terminal.status().state === 'idle')).toBe(true);
    const status = terminal.status();
    expect(status.path).toBe(second.hostPath);
    expect(status.identity?.serialNumber).toBe('103T662933');
    expect(status.flags).not.toBeNull();
    expect(secondDevice.simulator.commandsReceived.slice(0, 2)).toEqual(['GTI', 'GCS']);

    expect((await terminal.sale(saleRequest(999))).kind).toBe('approved');
  });

  it('skips a port whose terminal has another serial number', async () => {
    const gateway = await startGatewaySimulator({ port: 0, controlApi: true });
    cleanups.push(() => gateway.close());
    const other = await openPtyPair();
    cleanups.push(() => other.close());
    const ours = await openPtyPair();
    cleanups.push(() => ours.close());
    const options = { gatewayRestUrl: gateway.restUrl, promptDelayMs: 0, cardDelayMs: 0 };
    const otherDevice = await attachSimulatorToPath(other.devicePath, {
      ...options,
      serialNumber: '555T000001',
    });
    cleanups.push(() => otherDevice.close());
    const ourDevice = await attachSimulatorToPath(ours.devicePath, options);
    cleanups.push(() => ourDevice.close());

    const terminal = createPaeTerminal({
      path: null,
      serialNumber: '103T662933',
      merchantId: MERCHANT_ID,
      list: async () => [usbPort(other.hostPath), usbPort(ours.hostPath)],
      timeouts: { ...FAST_TIMEOUTS, responseMs: 1_000 },
    });
    cleanups.push(() => terminal.stop());
    await terminal.start();

    expect(terminal.status()).toMatchObject({ state: 'idle', path: ours.hostPath });
    expect(otherDevice.simulator.commandsReceived).toEqual(['GTI']);
  });
});
