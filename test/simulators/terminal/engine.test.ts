import { SerialPortStream } from '@serialport/stream';
import { afterEach, describe, expect, it } from 'vitest';

import { startGatewaySimulator, type GatewaySimulator } from '../../../main/simulators/gateway';
import {
  connectToInMemoryDevice,
  createInMemoryPair,
  createPaeDeviceSimulator,
  ManualClock,
  type PaeDeviceSimulator,
  type TerminalSimulatorOptions,
} from '../../../main/simulators/terminal';
import {
  decodeFrame,
  encodeFrame,
  type PaeFrame,
  type PaeMessage,
} from '../../../main/terminal/pae/codec';
import { PaeFramer } from '../../../main/terminal/pae/framer';

/** A bare host on the in-memory pair: writes frames and collects decoded replies, no driver. */
class RawHost {
  readonly frames: PaeFrame[] = [];
  private readonly framer = new PaeFramer();
  closeError: (Error & { disconnected?: boolean }) | null = null;
  closed = false;

  constructor(readonly port: SerialPortStream) {
    port.on('data', (chunk: Buffer) => {
      for (const bytes of this.framer.push(chunk).frames) {
        const decoded = decodeFrame(bytes);
        if (decoded.ok) this.frames.push(decoded.frame);
      }
    });
    port.on('close', (error: Error | null) => {
      this.closed = true;
      this.closeError = error;
    });
  }

  send(message: Omit<PaeMessage, 'type'>): void {
    this.port.write(encodeFrame({ ...message, type: 'CMD' }));
  }

  sendRaw(text: string): void {
    this.port.write(Buffer.from(text, 'ascii'));
  }

  async next(predicate: (frame: PaeFrame) => boolean, ms = 3_000): Promise<PaeFrame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.frames.findIndex(predicate);
      if (index !== -1) return this.frames.splice(index, 1)[0] as PaeFrame;
      if (Date.now() > deadline) throw new Error('no matching frame arrived');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

async function setUp(
  options: Partial<Omit<TerminalSimulatorOptions, 'gatewayRestUrl'>> = {},
): Promise<{
  host: RawHost;
  simulator: PaeDeviceSimulator;
  gateway: GatewaySimulator;
  device: ReturnType<typeof createInMemoryPair>['device'];
}> {
  const gateway = await startGatewaySimulator({ port: 0, controlApi: true });
  cleanups.push(() => gateway.close());
  const { hostBinding, device } = createInMemoryPair();
  const simulator = createPaeDeviceSimulator({
    gatewayRestUrl: gateway.restUrl,
    promptDelayMs: 0,
    cardDelayMs: 0,
    ...options,
  });
  cleanups.push(connectToInMemoryDevice(simulator, device));
  const port = new SerialPortStream({
    binding: hostBinding,
    path: device.path,
    baudRate: 115_200,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(error) : resolve())),
  );
  cleanups.push(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  );
  return { host: new RawHost(port), simulator, gateway, device };
}

const dpt = (fields: Record<string, unknown>): Omit<PaeMessage, 'type'> => ({
  key: 'DPT',
  code: '1',
  data: JSON.stringify({
    orderId: 'SIMA1',
    paymentAmount: 100,
    paymentType: 1,
    paymentUser: 'lane1',
    ...fields,
  }),
});

describe('terminal simulator protocol', () => {
  it('answers GTI with its serial number', async () => {
    const { host } = await setUp({ serialNumber: '104T000042' });
    host.send({ key: 'GTI', code: '1', data: '' });
    const reply = await host.next((frame) => frame.key === 'GTI');
    expect(reply.code).toBe('00000000');
    expect(JSON.parse(reply.data)).toMatchObject({ SerialNum: '104T000042' });
  });

  it('rejects a command with a bad checksum', async () => {
    const { host } = await setUp();
    host.sendRaw('*PAE|GTI|CMD|1||28605|*!PAE!*');
    expect((await host.next(() => true)).code).toBe('00CB0000');
  });

  it('rejects an unknown command', async () => {
    const { host } = await setUp();
    host.send({ key: 'XYZ', code: '1', data: '' });
    expect((await host.next(() => true)).code).toBe('00CC0000');
  });

  it('answers 00C8 while starting', async () => {
    const clock = new ManualClock();
    const { host } = await setUp({ startingMs: 1_000, clock });
    host.send({ key: 'GCS', code: '1', data: '' });
    expect((await host.next(() => true)).code).toBe('00C80000');
    await clock.advance(1_000);
    host.send({ key: 'GCS', code: '1', data: '' });
    expect((await host.next(() => true)).code).toBe('00000000');
  });

  it.each([
    ['a Luhn-valid order id', { orderId: '4111111111111111' }, '01F70000'],
    ['a decimal amount', { paymentAmount: 12.5 }, '02090000'],
    ['a missing payment user', { paymentUser: undefined }, '01F60000'],
    ['a forced-credit payment type', { paymentType: 3 }, '01F70000'],
    ['a zero amount', { paymentAmount: 0 }, '01F70000'],
  ])('rejects a DPT with %s', async (_name, fields, code) => {
    const { host, simulator } = await setUp();
    host.send(dpt(fields));
    expect((await host.next((frame) => frame.key === 'DPT')).code).toBe(code);
    expect(simulator.payments).toHaveLength(0);
  });

  it('answers a second DPT with payment in progress', async () => {
    const { host } = await setUp({ cardDelayMs: 500 });
    host.send(dpt({ orderId: 'SIMA2' }));
    await host.next((frame) => frame.code === '02010000' && frame.data.includes('INSERT CARD'));
    host.send(dpt({ orderId: 'SIMA3' }));
    expect(
      (await host.next((frame) => frame.key === 'DPT' && frame.code !== '02010000')).code,
    ).toBe('01F80000');
    const final = await host.next((frame) => frame.key === 'DPT' && frame.code === '01F40000');
    expect(JSON.parse(final.data)).toMatchObject({
      externalTransactionID: 'SIMA2',
      amountAuth: '100',
    });
  });

  it('reports live payment flags in GCS', async () => {
    const { host } = await setUp({ cardDelayMs: 500 });
    host.send(dpt({ orderId: 'SIMA4' }));
    await host.next((frame) => frame.data.includes('INSERT CARD'));
    host.send({ key: 'GCS', code: '1', data: '' });
    expect(JSON.parse((await host.next((frame) => frame.key === 'GCS')).data)).toMatchObject({
      InPayment: 1,
    });
  });

  it('answers CPT with no active payment', async () => {
    const { host } = await setUp();
    host.send({ key: 'CPT', code: '1', data: '' });
    expect((await host.next((frame) => frame.key === 'CPT')).code).toBe('01A50000');
  });

  it('counts offline sales in GOT and forwards them online', async () => {
    const { host, simulator, gateway } = await setUp();
    simulator.setOnline(false);
    host.send(dpt({ orderId: 'SIMOFF1', paymentAmount: 600 }));
    expect(
      (await host.next((frame) => frame.key === 'DPT' && frame.code !== '02010000')).code,
    ).toBe('020A0000');
    host.send({ key: 'GOT', code: '', data: '' });
    expect(JSON.parse((await host.next((frame) => frame.key === 'GOT')).data)).toMatchObject({
      OfflineTxnsStored: 1,
      Total$: 600,
    });

    simulator.setOnline(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(simulator.offlineStoredCount).toBe(0);
    expect(gateway.transactions().filter((t) => t.orderId === 'SIMOFF1')).toHaveLength(1);
  });

  it('answers 0205 when the offline store is full', async () => {
    const { host, simulator } = await setUp({ offlineCapacity: 0 });
    simulator.setOnline(false);
    host.send(dpt({ orderId: 'SIMOFF2' }));
    expect(
      (await host.next((frame) => frame.key === 'DPT' && frame.code !== '02010000')).code,
    ).toBe('02050000');
  });

  it('paces prompts on its virtual clock', async () => {
    const clock = new ManualClock();
    const { host } = await setUp({ clock, promptDelayMs: 1_000 });
    host.send(dpt({ orderId: 'SIMCLK1' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.frames.filter((frame) => frame.key === 'DPT')).toHaveLength(0);
    await clock.advance(1_000);
    await host.next((frame) => frame.data.includes('WELCOME'));
    expect(host.frames.some((frame) => frame.data.includes('INSERT CARD'))).toBe(false);
  });

  it('disconnects the host with a disconnected error', async () => {
    const { host, device } = await setUp();
    device.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.closed).toBe(true);
    expect(host.closeError?.disconnected).toBe(true);
  });
});
