import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startGatewaySimulator } from '../../../main/simulators/gateway';
import { createPaeTerminal } from '../../../main/terminal';
import { FAST_TIMEOUTS, MERCHANT_ID, saleRequest } from '../../terminal/rig';
import { openPtyPair } from '../../terminal/socat';

const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const entry = path.join(root, 'main', 'cli', 'sim-terminal.ts');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

function run(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(tsx, [entry, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => text, exited };
}

async function waitForText(output: () => string, text: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`"${text}" did not appear in: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sim:terminal command', () => {
  it('serves a sale on a pty path', async () => {
    const gateway = await startGatewaySimulator({ port: 0, controlApi: true });
    cleanups.push(() => gateway.close());
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const cli = run([
      '--path',
      pair.devicePath,
      '--gateway',
      gateway.restUrl,
      '--prompt-delay',
      '0',
      '--card-delay',
      '0',
    ]);
    cleanups.push(async () => {
      cli.child.kill('SIGTERM');
      await cli.exited;
    });
    await waitForText(cli.output, 'simulating a PAE terminal');

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
    const request = saleRequest(4321);
    const outcome = await terminal.sale(request);

    expect(outcome.kind).toBe('approved');
    await waitForText(cli.output, `DPT ${request.orderId} approved`);
    expect(gateway.transactions().filter((t) => t.orderId === request.orderId)).toHaveLength(1);
  });

  it('rejects a missing path with usage', async () => {
    const cli = run(['--gateway', 'http://127.0.0.1:9/cardconnect/rest']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('--path is required');
  });

  it('refuses a gateway off the loopback interface', async () => {
    const cli = run(['--path', '/dev/null', '--gateway', 'http://192.0.2.1/cardconnect/rest']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('only calls a gateway on 127.0.0.1');
  });
});
