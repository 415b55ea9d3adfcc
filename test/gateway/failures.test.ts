import net from 'node:net';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  createGatewayClient,
  GatewayCredentialsRejectedError,
  GatewayMalformedReplyError,
  GatewayOutcomeUnknownError,
  GatewayRateLimitedError,
  GatewayUnavailableError,
  recoverAuthorization,
} from '../../main/gateway';
import { closeLogging, configureLogging } from '../../main/log/logger';
import { tokenForCard } from '../../main/simulators/gateway';
import {
  clientFor,
  CREDENTIALS,
  type Harness,
  MERCHANT,
  saleRequest,
  startHarness,
} from './helpers';

let harness: Harness;
const logLines: string[] = [];

beforeAll(async () => {
  configureLogging({ memory: logLines, level: 'debug' });
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
  closeLogging();
});
beforeEach(() => {
  harness.simulator.clearFaults();
  harness.simulator.clearRequests();
});

function requestsTo(endpoint: string): number {
  return harness.simulator
    .requests()
    .filter((request) => request.path.startsWith(`/cardconnect/rest/${endpoint}`)).length;
}

describe('gateway client HTTP failures', () => {
  it('reports 401 as credentials rejected, without retrying or logging the password', async () => {
    const secret = 'Sup3r-Secret-Pw';
    const client = clientFor(harness.simulator, {
      credentials: { user: 'testing', password: secret },
    });
    try {
      const sale = client.auth(saleRequest(1500));
      await expect(sale).rejects.toBeInstanceOf(GatewayCredentialsRejectedError);
      await expect(sale).rejects.toMatchObject({ code: 'credentials_rejected', httpStatus: 401 });
      await expect(client.inquireByOrderid(MERCHANT, 'ANY-1')).rejects.toBeInstanceOf(
        GatewayCredentialsRejectedError,
      );
      expect(requestsTo('auth')).toBe(1);
      expect(requestsTo('inquireByOrderid')).toBe(1);
      expect(
        harness.simulator.transactions().some((transaction) => transaction.requestedMinor === 1500),
      ).toBe(false);

      const joined = logLines.join('\n');
      expect(joined).toContain('"status":401');
      expect(joined).not.toContain(secret);
      expect(joined).not.toContain(Buffer.from(`testing:${secret}`).toString('base64'));
      expect(joined).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
    } finally {
      client.close();
    }
  });

  it('reports a 502 HTML reply on auth as outcome unknown, never declined', async () => {
    harness.simulator.injectFault({ kind: 'bad_gateway_html', endpoint: 'auth' });
    const sale = harness.client.auth(saleRequest(1600));
    await expect(sale).rejects.toBeInstanceOf(GatewayOutcomeUnknownError);
    await expect(sale).rejects.toMatchObject({ httpStatus: 502 });
    expect(requestsTo('auth')).toBe(1);
  });

  it('reports a 200 HTML reply on auth as outcome unknown', async () => {
    harness.simulator.injectFault({ kind: 'html_ok', endpoint: 'auth' });
    await expect(harness.client.auth(saleRequest(1700))).rejects.toMatchObject({
      code: 'outcome_unknown',
      httpStatus: 200,
    });
    expect(requestsTo('auth')).toBe(1);
  });

  it('reports malformed JSON on auth as outcome unknown', async () => {
    harness.simulator.injectFault({ kind: 'malformed_json', endpoint: 'auth' });
    await expect(harness.client.auth(saleRequest(1800))).rejects.toBeInstanceOf(
      GatewayOutcomeUnknownError,
    );
  });

  it('reports a 502 on a read as unavailable after retries', async () => {
    harness.simulator.injectFault({ kind: 'bad_gateway_html', endpoint: 'inquire', count: 3 });
    const inquiry = harness.client.inquire(MERCHANT, '123456789012');
    await expect(inquiry).rejects.toBeInstanceOf(GatewayUnavailableError);
    await expect(inquiry).rejects.toMatchObject({ code: 'gateway_unavailable', httpStatus: 502 });
    expect(requestsTo('inquire/')).toBe(3);
  });

  it('retries a read after a 500 and succeeds', async () => {
    harness.simulator.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid' });
    expect(await harness.client.inquireByOrderid(MERCHANT, 'RETRY-1')).toEqual([]);
    expect(requestsTo('inquireByOrderid')).toBe(2);
  });

  it('retries a read after malformed JSON', async () => {
    harness.simulator.injectFault({
      kind: 'malformed_json',
      endpoint: 'inquireByOrderid',
      count: 3,
    });
    await expect(harness.client.inquireByOrderid(MERCHANT, 'RETRY-2')).rejects.toBeInstanceOf(
      GatewayMalformedReplyError,
    );
    expect(requestsTo('inquireByOrderid')).toBe(3);
  });

  it('waits out a short 429 and retries', async () => {
    harness.simulator.injectFault({
      kind: 'rate_limited',
      endpoint: 'inquire',
      retryAfterSeconds: 1,
    });
    expect(await harness.client.inquire(MERCHANT, '123456789012')).toBeNull();
    expect(requestsTo('inquire/')).toBe(2);
  });

  it('reports a long 429 with the server retry-after', async () => {
    harness.simulator.injectFault({
      kind: 'rate_limited',
      endpoint: 'inquire',
      retryAfterSeconds: 45,
    });
    const inquiry = harness.client.inquire(MERCHANT, '123456789012');
    await expect(inquiry).rejects.toBeInstanceOf(GatewayRateLimitedError);
    await expect(inquiry).rejects.toMatchObject({ retryAfterSeconds: 45, code: 'rate_limited' });
    expect(requestsTo('inquire/')).toBe(1);
  });

  it('never retries a 429 on auth', async () => {
    harness.simulator.injectFault({ kind: 'rate_limited', endpoint: 'auth', retryAfterSeconds: 1 });
    await expect(harness.client.auth(saleRequest(1900))).rejects.toBeInstanceOf(
      GatewayRateLimitedError,
    );
    expect(requestsTo('auth')).toBe(1);
  });

  it('reports a 404 as path not found, without retrying', async () => {
    harness.simulator.injectFault({ kind: 'not_found', endpoint: 'inquireMerchant' });
    await expect(harness.client.inquireMerchant(MERCHANT)).rejects.toMatchObject({
      reason: 'path_not_found',
      httpStatus: 404,
    });
    expect(requestsTo('inquireMerchant')).toBe(1);
  });

  it('reports a reply without its fields as malformed', async () => {
    harness.simulator.injectFault({
      kind: 'json_reply',
      endpoint: 'inquireMerchant',
      body: {},
      count: 3,
    });
    await expect(harness.client.inquireMerchant(MERCHANT)).rejects.toMatchObject({
      reason: 'malformed_reply',
    });
  });

  it('reports an auth timeout as outcome unknown', async () => {
    const client = clientFor(harness.simulator, { timeouts: { authorizingMs: 150 } });
    try {
      harness.simulator.injectFault({ kind: 'delay', endpoint: 'auth', delayMs: 2_000 });
      await expect(client.auth(saleRequest(2100))).rejects.toMatchObject({
        code: 'outcome_unknown',
      });
      expect(requestsTo('auth')).toBe(1);
    } finally {
      client.close();
    }
  });

  it('reports a refused connection as unavailable', async () => {
    const port = await freePort();
    const client = createGatewayClient({
      environment: 'demo',
      site: null,
      credentials: CREDENTIALS,
      credentialsEnvironment: 'demo',
      loopbackOrigin: `http://127.0.0.1:${port}`,
    });
    try {
      await expect(client.auth(saleRequest(2200))).rejects.toMatchObject({
        code: 'gateway_unavailable',
        reason: 'unavailable',
      });
    } finally {
      client.close();
    }
  });
});

describe('gateway client recovery', () => {
  afterEach(() => {
    harness.simulator.clearFaults();
  });

  it('recovers a $25.00 sale whose reply was lost, leaving one live approval', async () => {
    const request = saleRequest(2500);
    harness.simulator.injectFault({ kind: 'drop_after_commit', endpoint: 'auth' });
    await expect(harness.client.auth(request)).rejects.toBeInstanceOf(GatewayOutcomeUnknownError);
    expect(requestsTo('auth')).toBe(1);

    const recovery = await recoverAuthorization(harness.client, request, { pauseMs: 1 });
    expect(recovery.kind).toBe('found');
    if (recovery.kind === 'found') {
      expect(recovery.transactions).toEqual([
        expect.objectContaining({ orderId: request.orderId, respstat: 'A', amountMinor: 2500 }),
      ]);
    }
    const live = harness.simulator
      .transactions()
      .filter(
        (transaction) =>
          transaction.orderId === request.orderId &&
          transaction.respstat === 'A' &&
          !transaction.voided,
      );
    expect(live).toHaveLength(1);
    expect(requestsTo('auth')).toBe(1);
  });

  it('reports not found when the sale never arrived', async () => {
    const request = saleRequest(2600);
    harness.simulator.injectFault({ kind: 'drop_before_commit', endpoint: 'auth' });
    await expect(harness.client.auth(request)).rejects.toBeInstanceOf(GatewayOutcomeUnknownError);
    expect(await recoverAuthorization(harness.client, request, { pauseMs: 1 })).toEqual({
      kind: 'not_found',
    });
  });

  it('voids by order id when the inquiry gets no answer', async () => {
    const request = saleRequest(2700);
    harness.simulator.injectFault({ kind: 'drop_after_commit', endpoint: 'auth' });
    await expect(harness.client.auth(request)).rejects.toThrow();
    harness.simulator.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 3 });
    harness.simulator.injectFault({ kind: 'drop_before_commit', endpoint: 'voidByOrderId' });

    expect(await recoverAuthorization(harness.client, request, { pauseMs: 1 })).toEqual({
      kind: 'voided',
    });
    expect(requestsTo('voidByOrderId')).toBe(2);
    const transaction = harness.simulator
      .transactions()
      .find((item) => item.orderId === request.orderId);
    expect(transaction?.state).toBe('voided');
  });

  it('reports unresolved after three failed voids', async () => {
    const request = saleRequest(2800);
    await harness.client.auth(request);
    harness.simulator.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 3 });
    harness.simulator.injectFault({
      kind: 'bad_gateway_html',
      endpoint: 'voidByOrderId',
      count: 3,
    });

    const recovery = await recoverAuthorization(harness.client, request, { pauseMs: 1 });
    expect(recovery.kind).toBe('unresolved');
    expect(requestsTo('voidByOrderId')).toBe(3);
  });

  it('reports unresolved when the sale is already settled', async () => {
    const request = saleRequest(2900);
    await harness.client.auth(request);
    harness.simulator.runSettlement();
    harness.simulator.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 3 });
    const recovery = await recoverAuthorization(harness.client, request, { pauseMs: 1 });
    expect(recovery).toMatchObject({
      kind: 'unresolved',
      reason: expect.stringMatching(/settled/),
    });
  });
});

describe('gateway client logging', () => {
  it('logs method, path, ids, status and codes without card data', async () => {
    const card = '4788250000121443';
    const request = saleRequest(3100, card);
    const result = await harness.client.auth(request);
    const line = logLines.find(
      (entry) => entry.includes('"gateway call"') && entry.includes(request.orderId),
    );
    expect(line).toBeDefined();
    const fields = JSON.parse(line ?? '{}') as Record<string, unknown>;
    expect(fields).toMatchObject({
      subsystem: 'gateway',
      method: 'POST',
      path: '/cardconnect/rest/auth',
      endpoint: 'auth',
      orderid: request.orderId,
      status: 200,
      respstat: 'A',
      respcode: '00',
    });
    expect(typeof fields.durationMs).toBe('number');

    await harness.client.inquire(MERCHANT, result.retref ?? '');
    const joined = logLines.join('\n');
    expect(joined).toContain(`"retref":"${result.retref}"`);
    expect(joined).not.toContain(card);
    expect(joined).not.toContain(tokenForCard(card));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}
