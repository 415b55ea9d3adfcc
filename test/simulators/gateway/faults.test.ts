import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  type GatewaySimulator,
  startGatewaySimulator,
  TEST_CARDS,
} from '../../../main/simulators/gateway';
import { call, MERCHANT, sale, saleBody } from './http';

const started: GatewaySimulator[] = [];
async function start(
  options: Parameters<typeof startGatewaySimulator>[0] = {},
): Promise<GatewaySimulator> {
  const simulator = await startGatewaySimulator({ seed: 3, ...options });
  started.push(simulator);
  return simulator;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((simulator) => simulator.close()));
});

async function control(simulator: GatewaySimulator, method: string, name: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/__control/${name}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

describe('gateway simulator faults', () => {
  it('drops the connection after committing a sale', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'drop_after_commit', endpoint: 'auth' });
    await expect(
      call(simulator, 'POST', '/auth', saleBody(TEST_CARDS.visa, '25.00', 'F-1')),
    ).rejects.toThrow();
    expect(simulator.transactions()).toHaveLength(1);
    expect(simulator.transactions()[0]).toMatchObject({
      orderId: 'F-1',
      state: 'queued',
      amountMinor: 2500,
    });
  });

  it('drops the connection before committing', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'drop_before_commit', endpoint: 'auth' });
    await expect(
      call(simulator, 'POST', '/auth', saleBody(TEST_CARDS.visa, '25.00', 'F-2')),
    ).rejects.toThrow();
    expect(simulator.transactions()).toHaveLength(0);
  });

  it.each([
    ['http_500', 500, ''],
    ['bad_gateway_html', 502, '<html>Bad Gateway</html>'],
    ['unauthorized', 401, ''],
  ] as const)('answers %s with HTTP %i', async (kind, status, text) => {
    const simulator = await start();
    simulator.injectFault({ kind, endpoint: 'auth' });
    const reply = await call(
      simulator,
      'POST',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', `F-${kind}`),
    );
    expect(reply.status).toBe(status);
    expect(reply.text).toBe(text);
    expect(simulator.transactions()).toHaveLength(0);
  });

  it('answers 200 with an HTML body', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'html_ok', endpoint: 'auth', commit: true });
    const reply = await call(
      simulator,
      'POST',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', 'F-html'),
    );
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('text/html');
    expect(reply.text).toMatch(/^<html>/);
    expect(simulator.transactions()).toHaveLength(1);
  });

  it('cuts off the JSON body', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'malformed_json', endpoint: 'auth' });
    const reply = await call(
      simulator,
      'POST',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', 'F-json'),
    );
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(reply.json).toBeUndefined();
  });

  it('answers 429 with the retry-after header', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'rate_limited', endpoint: 'inquire', retryAfterSeconds: 7 });
    const reply = await call(simulator, 'GET', `/inquire/1/${MERCHANT}`);
    expect(reply.status).toBe(429);
    expect(reply.headers.get('x-rate-limit-retry-after-seconds')).toBe('7');
  });

  it('applies a fault to the next N matching requests only', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 2 });
    const path = `/inquireByOrderid/X/${MERCHANT}/1`;
    const auth = await call(simulator, 'POST', '/auth', saleBody(TEST_CARDS.visa, '1.00', 'F-n'));
    expect(auth.status).toBe(200);
    expect((await call(simulator, 'GET', path)).status).toBe(500);
    expect((await call(simulator, 'GET', path)).status).toBe(500);
    expect((await call(simulator, 'GET', path)).status).toBe(200);
  });

  it('delays a request, then answers it', async () => {
    const simulator = await start();
    simulator.injectFault({ kind: 'delay', endpoint: 'auth', delayMs: 300 });
    let settled = false;
    const pending = sale(simulator, TEST_CARDS.visa, '1.00', 'F-delay').finally(() => {
      settled = true;
    });
    await expect.poll(() => simulator.requests().length).toBe(1);
    expect(settled).toBe(false);
    expect(simulator.transactions()).toHaveLength(0);
    expect(await pending).toMatchObject({ respstat: 'A' });
  });

  it('records requests with their bodies', async () => {
    const simulator = await start();
    await sale(simulator, TEST_CARDS.visa, '1.00', 'F-rec');
    const [recorded] = simulator.requests();
    expect(recorded).toMatchObject({ method: 'POST', path: '/cardconnect/rest/auth' });
    expect(recorded?.body).toMatchObject({ orderid: 'F-rec', amount: '1.00' });
  });
});

describe('gateway simulator rate limit', () => {
  it('limits inquire to 20 requests a minute', async () => {
    let now = new Date(2026, 0, 5, 9, 0, 0).getTime();
    const simulator = await start({ rateLimit: true, now: () => new Date(now) });
    const statuses: number[] = [];
    for (let index = 0; index < 21; index += 1) {
      statuses.push((await call(simulator, 'GET', `/inquire/1/${MERCHANT}`)).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    const limited = await call(simulator, 'GET', `/inquire/1/${MERCHANT}`);
    expect(statuses[20]).toBe(429);
    expect(limited.headers.get('x-rate-limit-retry-after-seconds')).toBe('60');

    const authorized = await call(
      simulator,
      'POST',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', 'RL-1'),
    );
    expect(authorized.status).toBe(200);

    now += 60_000;
    const later = await call(simulator, 'GET', `/inquire/1/${MERCHANT}`);
    expect(later.status).toBe(200);
    expect(later.headers.get('x-rate-limit-remaining')).toBe('19');
  });

  it('is off by default', async () => {
    const simulator = await start();
    for (let index = 0; index < 25; index += 1) {
      expect((await call(simulator, 'GET', `/inquire/1/${MERCHANT}`)).status).toBe(200);
    }
  });
});

describe('gateway simulator UAT fidelity', () => {
  it('shuffles fields and adds junk fields', async () => {
    const simulator = await start({ uatFidelity: true, seed: 99 });
    const orders: string[][] = [];
    for (let index = 0; index < 4; index += 1) {
      const reply = await sale(simulator, TEST_CARDS.visa, '1.00', `UF-${index}`);
      expect(reply).toMatchObject({ respstat: 'A', amount: '1.00' });
      orders.push(Object.keys(reply));
    }
    const standard = new Set([
      'respstat',
      'respcode',
      'resptext',
      'respproc',
      'retref',
      'merchid',
      'amount',
      'commcard',
      'account',
      'token',
      'expiry',
      'authcode',
      'avsresp',
      'cvvresp',
      'batchid',
      'binInfo',
      'entrymode',
    ]);
    expect(orders.every((keys) => keys.some((key) => !standard.has(key)))).toBe(true);
    expect(
      new Set(orders.map((keys) => keys.filter((key) => standard.has(key)).join())).size,
    ).toBeGreaterThan(1);
  });
});

describe('gateway simulator control API', () => {
  it('is absent unless enabled', async () => {
    const simulator = await start();
    const response = await fetch(`${simulator.url}/__control/transactions`);
    expect(response.status).toBe(404);
  });

  it('runs settlement, sets switches and injects faults over HTTP', async () => {
    const simulator = await start({ controlApi: true });
    const approved = await sale(simulator, TEST_CARDS.visa, '8.00', 'CA-1');

    expect(
      (
        await control(simulator, 'POST', 'merchant-switch', {
          merchantId: MERCHANT,
          name: 'unsettledRefunds',
          on: true,
        })
      ).status,
    ).toBe(200);
    const inquiry = await call(simulator, 'GET', `/inquire/${String(approved.retref)}/${MERCHANT}`);
    expect(inquiry.json).toMatchObject({ refundable: 'Y' });

    expect((await control(simulator, 'POST', 'settlement')).status).toBe(200);
    const transactions = await control(simulator, 'GET', 'transactions');
    expect(transactions.json).toEqual([
      expect.objectContaining({ orderId: 'CA-1', state: 'accepted' }),
    ]);

    expect(
      (
        await control(simulator, 'POST', 'faults', {
          kind: 'bad_gateway_html',
          endpoint: 'inquire',
        })
      ).status,
    ).toBe(200);
    expect((await call(simulator, 'GET', `/inquire/1/${MERCHANT}`)).status).toBe(502);

    const requests = await control(simulator, 'GET', 'requests');
    expect((requests.json as unknown[]).length).toBe(simulator.requests().length);
  });

  it('rejects an invalid fault', async () => {
    const simulator = await start({ controlApi: true });
    const reply = await control(simulator, 'POST', 'faults', { kind: 'explode' });
    expect(reply.status).toBe(400);
  });
});

describe('gateway simulator state file', () => {
  it('shares transactions between simulators and restarts', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-gateway-'));
    const stateFile = path.join(folder, 'gateway-simulator.json');
    try {
      const first = await start({ stateFile });
      const approved = await sale(first, TEST_CARDS.visa, '14.00', 'SF-1');

      const second = await start({ stateFile });
      const inquiry = await call(second, 'GET', `/inquireByOrderid/SF-1/${MERCHANT}/1`);
      expect(inquiry.json).toMatchObject({ retref: approved.retref, amount: '14.00' });

      const voided = await call(second, 'POST', '/void', {
        merchid: MERCHANT,
        retref: approved.retref,
      });
      expect(voided.json).toMatchObject({ respstat: 'A' });
      expect(first.transactions()[0]?.state).toBe('voided');

      await first.close();
      const restarted = await start({ stateFile });
      expect(restarted.transactions()).toHaveLength(1);
      expect(restarted.transactions()[0]?.state).toBe('voided');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
