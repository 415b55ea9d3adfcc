import { readFileSync } from 'node:fs';

import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { TEST_CARDS } from '../../main/simulators/gateway';
import { type Harness, MERCHANT, newOrderId, saleRequest, startHarness } from './helpers';

/** Fiserv's published OpenAPI description of the gateway (Fiserv/card-pointe, commit 4c588af). */
const SPEC_FILE = '/work/shared/reference/openapi/CardPointeGatewayAPI.yaml';

/** Request and reply schema per endpoint (first path segment under /cardconnect/rest/). */
const SCHEMAS: Record<string, { request?: string; reply: string }> = {
  auth: { request: 'authRequest', reply: 'authResponse' },
  capture: { request: 'captureRequest', reply: 'captureResponse' },
  void: { request: 'voidRequest', reply: 'voidResponse' },
  refund: { request: 'refundRequest', reply: 'refundResponse' },
  voidByOrderId: { request: 'voidByOrderIdRequest', reply: 'voidByOrderIdResponse' },
  inquire: { reply: 'inquireResponse' },
  inquireByOrderid: { reply: 'inquireByOrderIDResponse' },
  settlestat: { reply: 'settlestatResponse' },
  inquireMerchant: { reply: 'inquireMerchantSuccess' },
};

/**
 * Deliberate departures from the published spec, each with its reason. Keys are
 * `<endpoint> <request|reply> <field path>`.
 */
const DEPARTURES: Record<string, string> = {
  // The spec types this amount as an integer, but every other amount is a string. The gateway reads
  // a string without a decimal point as minor units, so Cardlane sends "20.00" here too.
  'voidByOrderId request /amount': 'amount sent as a decimal string',
};

let harness: Harness;
let validators: Map<string, ValidateFunction>;

beforeAll(async () => {
  const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as {
    components: { schemas: Record<string, unknown> };
  };
  // The spec is OpenAPI 3.0 (with `example` and other annotation keywords), so strict mode is off.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ components: spec.components }, 'gateway');
  validators = new Map();
  for (const name of new Set(
    Object.values(SCHEMAS).flatMap((entry) => [entry.request, entry.reply]),
  )) {
    if (name === undefined) continue;
    expect(spec.components.schemas[name], `schema ${name}`).toBeDefined();
    validators.set(name, ajv.compile({ $ref: `gateway#/components/schemas/${name}` }));
  }
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

function problems(
  endpoint: string,
  side: 'request' | 'reply',
  schema: string,
  value: unknown,
): string[] {
  const validate = validators.get(schema);
  if (validate === undefined) throw new Error(`no validator for ${schema}`);
  const items = Array.isArray(value) ? value : [value];
  const found: string[] = [];
  for (const item of items) {
    if (validate(item)) continue;
    for (const error of validate.errors ?? []) {
      const key = `${endpoint} ${side} ${error.instancePath}`;
      if (DEPARTURES[key] === undefined) found.push(`${key}: ${error.message ?? ''}`);
    }
  }
  return found;
}

describe('gateway wire format against the OpenAPI spec', () => {
  it('finds a field that breaks the spec', () => {
    expect(problems('auth', 'reply', 'authResponse', { respstat: 'AB', amount: 5 })).toHaveLength(
      2,
    );
    expect(
      problems('voidByOrderId', 'request', 'voidByOrderIdRequest', { amount: '12.00' }),
    ).toEqual([]);
    expect(
      problems('voidByOrderId', 'request', 'voidByOrderIdRequest', { orderid: 7 }),
    ).toHaveLength(1);
  });

  it('validates every route request and reply', async () => {
    const { client, simulator } = harness;
    const orderId = newOrderId('SPEC');
    const sale = await client.auth(saleRequest(2500, TEST_CARDS.visa, orderId));
    await client.auth(saleRequest(100_500));
    await client.auth(saleRequest(600, TEST_CARDS.partialApproval));
    const authorization = await client.auth({ ...saleRequest(4000), capture: false });
    await client.capture({
      merchantId: MERCHANT,
      retref: authorization.retref ?? '',
      amountMinor: 3500,
    });
    await client.capture({ merchantId: MERCHANT, retref: '999999999999' });
    await client.inquire(MERCHANT, sale.retref ?? '');
    await client.inquire(MERCHANT, '999999999999');
    await client.inquireByOrderid(MERCHANT, orderId);
    await client.inquireByOrderid(MERCHANT, newOrderId('NONE'));
    const voidable = await client.auth(saleRequest(1500));
    await client.void(MERCHANT, voidable.retref ?? '');
    const partialVoid = await client.auth({ ...saleRequest(1500), capture: false });
    await client.void(MERCHANT, partialVoid.retref ?? '', 500);
    const byOrder = newOrderId('VBO');
    await client.auth(saleRequest(1200, TEST_CARDS.visa, byOrder));
    await client.voidByOrderId(MERCHANT, byOrder, 1200);
    await client.voidByOrderId(MERCHANT, newOrderId('NONE'));
    simulator.runSettlement();
    await client.void(MERCHANT, sale.retref ?? '');
    await client.refund(MERCHANT, sale.retref ?? '', 1000);
    await client.refund(MERCHANT, sale.retref ?? '');
    await client.refund(MERCHANT, authorization.retref ?? '');
    await client.settlestat({ merchantId: MERCHANT });
    await client.settlestat({ merchantId: MERCHANT });
    await client.inquireMerchant(MERCHANT);
    await client.testCredentials(MERCHANT);

    const found: string[] = [];
    const covered = new Set<string>();
    for (const request of simulator.requests()) {
      const endpoint = request.path.replace('/cardconnect/rest/', '').split(/[/?]/)[0] ?? '';
      const schemas = SCHEMAS[endpoint];
      if (schemas === undefined) {
        // The base URL (credential test) returns text, which the spec does not describe.
        expect(request.path).toBe('/cardconnect/rest/');
        continue;
      }
      covered.add(endpoint);
      if (schemas.request !== undefined)
        found.push(...problems(endpoint, 'request', schemas.request, request.body));
      const reply = request.reply;
      expect(reply?.status, request.path).toBe(200);
      // settlestat returns the plain text "Null batches" when there is nothing to report.
      if (reply?.body === 'Null batches') continue;
      found.push(
        ...problems(endpoint, 'reply', schemas.reply, JSON.parse(reply?.body ?? 'null') as unknown),
      );
    }

    expect(found).toEqual([]);
    expect([...covered].sort()).toEqual(Object.keys(SCHEMAS).sort());
  });
});
