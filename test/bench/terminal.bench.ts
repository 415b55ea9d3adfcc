/**
 * PAE terminal figures. Codec decode throughput (framer plus frame decode, CRC included) for
 * 200-byte and 4 KiB frames. Then the time one DPT sale takes over the in-memory serial pair with
 * the device simulator at zero programmed delay, split into the driver's own share and the
 * device's share, which includes the gateway simulator's HTTP `auth`.
 */
import { performance } from 'node:perf_hooks';

import { startGatewaySimulator } from '../../main/simulators/gateway';
import {
  connectToInMemoryDevice,
  createInMemoryPair,
  createPaeDeviceSimulator,
} from '../../main/simulators/terminal';
import { decodeFrame, encodeFrame } from '../../main/terminal/pae/codec';
import { PaeTerminal } from '../../main/terminal/pae/driver';
import { PaeFramer } from '../../main/terminal/pae/framer';
import { median, ms, percentile } from './stats';

function frameOfSize(size: number): Buffer {
  const base = encodeFrame({
    key: 'DPT',
    type: 'RESP',
    code: '01F40000',
    data: '{"receiptData":""}',
  }).length;
  const filler = 'x'.repeat(Math.max(0, size - base));
  return encodeFrame({
    key: 'DPT',
    type: 'RESP',
    code: '01F40000',
    data: `{"receiptData":"${filler}"}`,
  });
}

function decodeThroughput(frameSize: number): { mbPerSecond: number; frames: number } {
  const frame = frameOfSize(frameSize);
  const perChunk = Math.max(1, Math.floor(65_536 / frame.length));
  const chunk = Buffer.concat(Array.from({ length: perChunk }, () => frame));
  const totalBytes = 64 * 1024 * 1024;
  const rounds = Math.ceil(totalBytes / chunk.length);
  const framer = new PaeFramer();
  let decoded = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const bytes of framer.push(chunk).frames) {
      if (decodeFrame(bytes).ok) decoded += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { mbPerSecond: (rounds * chunk.length) / 1_048_576 / seconds, frames: decoded };
}

async function saleTimes(count: number): Promise<{ total: number[]; device: number[] }> {
  const gateway = await startGatewaySimulator({ port: 0 });
  const { hostBinding, device } = createInMemoryPair();
  const simulator = createPaeDeviceSimulator({
    gatewayRestUrl: gateway.restUrl,
    promptDelayMs: 0,
    cardDelayMs: 0,
  });
  const disconnect = connectToInMemoryDevice(simulator, device);
  const terminal = new PaeTerminal({
    binding: hostBinding,
    path: device.path,
    serialNumber: null,
    merchantId: '496160873888',
    timeouts: { heartbeatMs: 3_600_000 },
  });
  await terminal.start();

  let deviceStart = 0;
  let deviceEnd = 0;
  simulator.on('command', (key: string) => {
    if (key === 'DPT') deviceStart = performance.now();
  });
  simulator.on('payment', () => (deviceEnd = performance.now()));

  const total: number[] = [];
  const deviceTimes: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const outcome = await terminal.sale({
      orderId: `BENCH${index}T${Date.now() % 1_000_000}`.slice(0, 19),
      amountMinor: 100 + (index % 500),
      paymentType: 'sale',
      paymentUser: 'bench',
    });
    total.push(performance.now() - started);
    deviceTimes.push(deviceEnd - deviceStart);
    if (outcome.kind !== 'approved') throw new Error(`sale ${index} ended ${outcome.kind}`);
  }
  await terminal.stop();
  disconnect();
  await gateway.close();
  return { total, device: deviceTimes };
}

export default async function run(): Promise<void> {
  for (const size of [200, 4096]) {
    const { mbPerSecond, frames } = decodeThroughput(size);
    console.log(
      `codec decode, ${size}-byte frames: ${mbPerSecond.toFixed(1)} MB/s (${frames} frames)`,
    );
  }

  const count = 1_000;
  const { total, device } = await saleTimes(count);
  const driver = total.map((value, index) => value - (device[index] ?? 0));
  console.log(`DPT sale over the in-memory pair, ${count} sales, zero programmed delay:`);
  console.log(`  whole sale: median ${ms(median(total))}, p95 ${ms(percentile(total, 0.95))}`);
  console.log(`  driver's own share (whole sale minus device time): median ${ms(median(driver))}`);
  console.log(
    `  device time (DPT received to final frame, gateway auth included): median ${ms(median(device))}`,
  );
}
