import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createGatewayClient,
  GatewayInvalidRequestError,
  GatewaySettingsError,
} from '../../main/gateway';
import { startGatewaySimulator } from '../../main/simulators/gateway';
import {
  clientFor,
  CREDENTIALS,
  type Harness,
  MERCHANT,
  saleRequest,
  startHarness,
} from './helpers';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

function lastBody(): Record<string, unknown> {
  return harness.simulator.requests().at(-1)?.body as Record<string, unknown>;
}

describe('gateway client requests', () => {
  it.each([
    [2000, '20.00'],
    [2050, '20.50'],
    [5, '0.05'],
    [100_000, '1000.00'],
  ])('sends %i minor units as "%s"', async (amountMinor, wire) => {
    const result = await harness.client.auth(saleRequest(amountMinor));
    expect(lastBody().amount).toBe(wire);
    expect(result.outcome).toBe('approved');
    expect(result.approvedMinor).toBe(amountMinor);
  });

  it('sends a sale with capture Y and currency', async () => {
    await harness.client.auth(saleRequest(1234));
    expect(lastBody()).toMatchObject({
      merchid: MERCHANT,
      capture: 'Y',
      currency: 'USD',
      expiry: '1230',
    });
  });

  it('sends an authorization only with capture N', async () => {
    await harness.client.auth({ ...saleRequest(1234), capture: false });
    expect(lastBody().capture).toBe('N');
  });

  it('builds the Basic header from user and password', async () => {
    await harness.client.inquireByOrderid(MERCHANT, 'HEADER-1');
    const headers = harness.simulator.requests().at(-1)?.headers;
    expect(headers?.authorization).toBe('Basic dGVzdGluZzp0ZXN0aW5nMTIz');
  });

  it('authenticates a password containing €', async () => {
    const simulator = await startGatewaySimulator({
      credentials: [{ user: 'lane7', password: 'caisse€77' }],
    });
    const client = clientFor(simulator, { credentials: { user: 'lane7', password: 'caisse€77' } });
    try {
      await expect(client.testCredentials(MERCHANT)).resolves.toBeUndefined();
      const expected = `Basic ${Buffer.from('lane7:caisse€77', 'utf8').toString('base64')}`;
      expect(simulator.requests()[0]?.headers.authorization).toBe(expected);
    } finally {
      client.close();
      await simulator.close();
    }
  });

  it('passes the credential test on the base URL', async () => {
    await expect(harness.client.testCredentials(MERCHANT)).resolves.toBeUndefined();
    const request = harness.simulator.requests().at(-1);
    expect(request).toMatchObject({
      method: 'PUT',
      path: '/cardconnect/rest/',
      body: { merchid: MERCHANT },
    });
  });

  it('rejects a non-integer amount before sending', async () => {
    const before = harness.simulator.requests().length;
    await expect(harness.client.auth(saleRequest(12.5))).rejects.toBeInstanceOf(
      GatewayInvalidRequestError,
    );
    await expect(harness.client.void(MERCHANT, '123', 0)).rejects.toBeInstanceOf(
      GatewayInvalidRequestError,
    );
    expect(harness.simulator.requests().length).toBe(before);
  });

  it('rejects an order id with a path separator before sending', async () => {
    const before = harness.simulator.requests().length;
    await expect(harness.client.inquireByOrderid(MERCHANT, '../inquire/1')).rejects.toBeInstanceOf(
      GatewayInvalidRequestError,
    );
    expect(harness.simulator.requests().length).toBe(before);
  });
});

describe('gateway client settings', () => {
  const base = {
    credentials: CREDENTIALS,
    site: 'fts',
  };

  it('builds the UAT and production hosts from the site', () => {
    const uat = createGatewayClient({ ...base, environment: 'uat', credentialsEnvironment: 'uat' });
    const production = createGatewayClient({
      ...base,
      environment: 'production',
      credentialsEnvironment: 'production',
    });
    const uatSuffix = createGatewayClient({
      ...base,
      site: 'fts-uat',
      environment: 'uat',
      credentialsEnvironment: 'uat',
    });
    expect(uat.origin).toBe('https://fts-uat.cardconnect.com');
    expect(production.origin).toBe('https://fts.cardconnect.com');
    expect(uatSuffix.origin).toBe('https://fts-uat.cardconnect.com');
    for (const client of [uat, production, uatSuffix]) client.close();
  });

  it.each([
    'x.cardconnect.com.evil.test',
    'a@127.0.0.1',
    'https://fts.cardconnect.com',
    'FTS',
    'fts/',
    '',
    'fts uat',
    '-fts',
  ])('rejects site %j', (site) => {
    expect(() =>
      createGatewayClient({
        ...base,
        site,
        environment: 'production',
        credentialsEnvironment: 'production',
      }),
    ).toThrow(GatewaySettingsError);
  });

  it('rejects production credentials for UAT and the reverse', () => {
    expect(() =>
      createGatewayClient({ ...base, environment: 'uat', credentialsEnvironment: 'production' }),
    ).toThrow(/credentials are for production/);
    expect(() =>
      createGatewayClient({ ...base, environment: 'production', credentialsEnvironment: 'uat' }),
    ).toThrow(GatewaySettingsError);
  });

  it('rejects a UAT site in production', () => {
    expect(() =>
      createGatewayClient({
        ...base,
        site: 'fts-uat',
        environment: 'production',
        credentialsEnvironment: 'production',
      }),
    ).toThrow(/UAT site/);
  });

  it('rejects a loopback origin outside demo mode', () => {
    expect(() =>
      createGatewayClient({
        ...base,
        environment: 'production',
        credentialsEnvironment: 'production',
        loopbackOrigin: harness.simulator.url,
      }),
    ).toThrow(GatewaySettingsError);
  });

  it.each([
    'http://localhost:8080',
    'http://10.0.0.1:80',
    'http://127.0.0.1',
    'http://127.0.0.1:80/path',
    'http://user@127.0.0.1:80',
    'ftp://127.0.0.1:21',
    'http://127.0.0.2:80',
  ])('rejects loopback origin %s', (loopbackOrigin) => {
    expect(() =>
      createGatewayClient({
        ...base,
        site: null,
        environment: 'demo',
        credentialsEnvironment: 'demo',
        loopbackOrigin,
      }),
    ).toThrow(GatewaySettingsError);
  });

  it('accepts [::1] as a loopback origin', () => {
    const client = createGatewayClient({
      ...base,
      site: null,
      environment: 'demo',
      credentialsEnvironment: 'demo',
      loopbackOrigin: 'http://[::1]:8080',
    });
    expect(client.origin).toBe('http://[::1]:8080');
    client.close();
  });

  it('rejects a user name with a colon', () => {
    expect(() =>
      createGatewayClient({
        ...base,
        credentials: { user: 'test:ing', password: 'x' },
        environment: 'uat',
        credentialsEnvironment: 'uat',
      }),
    ).toThrow(GatewaySettingsError);
  });

  it('sends nothing when the settings are rejected', () => {
    const before = harness.simulator.requests().length;
    expect(() =>
      createGatewayClient({
        ...base,
        environment: 'demo',
        credentialsEnvironment: 'uat',
        loopbackOrigin: harness.simulator.url,
      }),
    ).toThrow(GatewaySettingsError);
    expect(harness.simulator.requests().length).toBe(before);
  });
});
