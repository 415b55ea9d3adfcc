import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { recoverAuthorization } from '../../main/gateway';
import { TEST_CARDS } from '../../main/simulators/gateway';
import { type Harness, MERCHANT, newOrderId, saleRequest, startHarness } from './helpers';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ uatFidelity: true, rateLimit: false });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.simulator.clearFaults();
});

describe('gateway client classification', () => {
  it('classifies A/00 as approved', async () => {
    const result = await harness.client.auth(saleRequest(1234));
    expect(result).toMatchObject({
      outcome: 'approved',
      respstat: 'A',
      respcode: '00',
      approvedMinor: 1234,
      last4: '1111',
    });
    expect(result.retref).toMatch(/^\d{12}$/);
    expect(result.authCode).toMatch(/^PPS/);
  });

  it('classifies C/05 as declined', async () => {
    const result = await harness.client.auth(saleRequest(100_500));
    expect(result).toMatchObject({
      outcome: 'declined',
      respstat: 'C',
      respcode: '05',
      approvedMinor: 0,
      authCode: null,
    });
  });

  it('classifies a smaller approved amount as partial', async () => {
    const result = await harness.client.auth(saleRequest(600, TEST_CARDS.partialApproval));
    expect(result).toMatchObject({ outcome: 'partial', approvedMinor: 500, requestedMinor: 600 });
  });

  it('classifies B/62 as unknown and recovery finds it', async () => {
    const request = saleRequest(500, TEST_CARDS.visaTimeout);
    const result = await harness.client.auth(request);
    expect(result).toMatchObject({ outcome: 'unknown', respstat: 'B', respcode: '62' });

    const recovery = await recoverAuthorization(harness.client, request, { pauseMs: 1 });
    expect(recovery.kind).toBe('found');
    if (recovery.kind === 'found') {
      expect(recovery.transactions).toHaveLength(1);
      expect(recovery.transactions[0]).toMatchObject({
        orderId: request.orderId,
        respstat: 'B',
        setlstat: 'Declined',
      });
    }
  });

  it('classifies a void answered A with PPS 26 as not voided', async () => {
    const sale = await harness.client.auth(saleRequest(3000));
    harness.simulator.runSettlement();
    const result = await harness.client.void(MERCHANT, sale.retref ?? '');
    expect(result).toMatchObject({
      outcome: 'not_voided',
      reason: 'settled',
      respstat: 'A',
      respcode: '26',
    });
  });

  it('classifies a void answered A/00 as voided', async () => {
    const sale = await harness.client.auth(saleRequest(3000));
    const result = await harness.client.void(MERCHANT, sale.retref ?? '');
    expect(result).toMatchObject({ outcome: 'voided', respstat: 'A' });
    expect(await harness.client.inquire(MERCHANT, sale.retref ?? '')).toMatchObject({
      setlstat: 'Voided',
      voidable: false,
    });
  });

  const matrix: [string, string][] = [];
  for (const respstat of ['A', 'B', 'C']) {
    for (const respcode of ['00', '000', '0', '05', 'Z9']) matrix.push([respstat, respcode]);
  }
  it.each(matrix)('follows respstat %s with respcode %s', async (respstat, respcode) => {
    const request = saleRequest(700);
    harness.simulator.injectFault({
      kind: 'json_reply',
      endpoint: 'auth',
      body: {
        respstat,
        respcode,
        resptext: 'Scripted',
        respproc: 'FNOR',
        retref: '111122223333',
        amount: '7.00',
        merchid: MERCHANT,
      },
    });
    const result = await harness.client.auth(request);
    const expected = { A: 'approved', B: 'unknown', C: 'declined' }[respstat];
    expect(result.outcome).toBe(expected);
    expect(result.respcode).toBe(respcode);
    expect(result.approvedMinor).toBe(respstat === 'A' ? 700 : 0);
  });

  it('treats an approval without a retref as unknown', async () => {
    harness.simulator.injectFault({
      kind: 'json_reply',
      endpoint: 'auth',
      body: { respstat: 'A', respcode: '00', resptext: 'Approval', amount: '7.00' },
    });
    await expect(harness.client.auth(saleRequest(700))).rejects.toMatchObject({
      code: 'outcome_unknown',
    });
  });

  it('treats a respstat outside A, B and C as unknown', async () => {
    harness.simulator.injectFault({
      kind: 'json_reply',
      endpoint: 'auth',
      body: { respstat: 'Y', respcode: '00', resptext: 'Approval', retref: '1', amount: '7.00' },
    });
    await expect(harness.client.auth(saleRequest(700))).rejects.toMatchObject({
      code: 'outcome_unknown',
      reason: 'outcome_unknown',
    });
  });

  it('reads replies with shuffled and junk fields', async () => {
    const request = saleRequest(4321);
    await harness.client.auth(request);
    const found = await harness.client.inquireByOrderid(MERCHANT, request.orderId);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      merchantId: MERCHANT,
      orderId: request.orderId,
      amountMinor: 4321,
      respstat: 'A',
      voidable: true,
      refundable: false,
      last4: '1111',
    });
  });
});

describe('gateway client calls', () => {
  it('captures an authorization', async () => {
    const authorized = await harness.client.auth({ ...saleRequest(5000), capture: false });
    const captured = await harness.client.capture({
      merchantId: MERCHANT,
      retref: authorized.retref ?? '',
      amountMinor: 4500,
    });
    expect(captured).toMatchObject({
      outcome: 'captured',
      setlstat: 'Queued for Capture',
      amountMinor: 4500,
    });
    expect(harness.simulator.requests().at(-1)?.body).toMatchObject({ amount: '45.00' });
  });

  it('rejects a capture of an unknown retref', async () => {
    const result = await harness.client.capture({ merchantId: MERCHANT, retref: '999999999999' });
    expect(result).toMatchObject({ outcome: 'rejected', respcode: '29', batchId: null });
  });

  it('refunds a settled sale in part and in full', async () => {
    const sale = await harness.client.auth(saleRequest(5000));
    const early = await harness.client.refund(MERCHANT, sale.retref ?? '');
    expect(early).toMatchObject({ outcome: 'declined', reason: 'not_settled' });

    harness.simulator.runSettlement();
    const part = await harness.client.refund(MERCHANT, sale.retref ?? '', 1250);
    expect(part).toMatchObject({ outcome: 'refunded', amountMinor: 1250 });
    expect(part.retref).not.toBe(sale.retref);
    const rest = await harness.client.refund(MERCHANT, sale.retref ?? '');
    expect(rest).toMatchObject({ outcome: 'refunded', amountMinor: 3750 });
  });

  it('returns null from inquire for an unknown retref', async () => {
    expect(await harness.client.inquire(MERCHANT, '123456789012')).toBeNull();
  });

  it('returns [] from inquireByOrderid for an unknown order id', async () => {
    expect(await harness.client.inquireByOrderid(MERCHANT, newOrderId('NONE'))).toEqual([]);
  });

  it('returns every attempt under an order id', async () => {
    const orderId = newOrderId('MULTI');
    await harness.client.auth(saleRequest(800, TEST_CARDS.visaDoNotHonor, orderId));
    await harness.client.auth(saleRequest(800, TEST_CARDS.visa, orderId));
    const found = await harness.client.inquireByOrderid(MERCHANT, orderId);
    expect(found.map((transaction) => transaction.respstat)).toEqual(['C', 'A']);
  });

  it('voids by order id past a declined attempt', async () => {
    const orderId = newOrderId('VBO');
    await harness.client.auth(saleRequest(800, TEST_CARDS.visa, orderId));
    await harness.client.auth(saleRequest(800, TEST_CARDS.visaDoNotHonor, orderId));
    expect(await harness.client.voidByOrderId(MERCHANT, orderId)).toMatchObject({
      outcome: 'voided',
    });
    expect(await harness.client.voidByOrderId(MERCHANT, newOrderId('VBO-NONE'))).toMatchObject({
      outcome: 'not_voided',
      reason: 'not_found',
    });
  });

  it('reads settlement batches and "Null batches"', async () => {
    // Reports of earlier tests' batches come first, so drain them.
    await harness.client.settlestat({ merchantId: MERCHANT });
    expect(await harness.client.settlestat({ merchantId: MERCHANT })).toEqual([]);

    const sale = await harness.client.auth(saleRequest(2222));
    harness.simulator.runSettlement();
    const batches = await harness.client.settlestat({ merchantId: MERCHANT });
    expect(batches).toHaveLength(1);
    expect(batches[0]?.transactions).toContainEqual(
      expect.objectContaining({ retref: sale.retref, amountMinor: 2222, setlstat: 'Y' }),
    );

    const byBatch = await harness.client.settlestat({
      merchantId: MERCHANT,
      batchId: batches[0]?.batchId ?? '',
    });
    expect(byBatch[0]?.batchId).toBe(batches[0]?.batchId);
  });

  it('reads the merchant', async () => {
    expect(await harness.client.inquireMerchant(MERCHANT)).toMatchObject({
      merchantId: MERCHANT,
      enabled: true,
      cardProcessor: 'FNOR',
    });
  });
});
