import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  type GatewaySimulator,
  startGatewaySimulator,
  TEST_CARDS,
} from '../../../main/simulators/gateway';
import { call, MERCHANT, sale, saleBody } from './http';

let simulator: GatewaySimulator;

beforeEach(async () => {
  simulator = await startGatewaySimulator({
    seed: 11,
    merchantIds: [MERCHANT, '800000000002'],
    now: () => new Date(2026, 11, 4, 10, 30, 0),
  });
});
afterEach(async () => {
  await simulator.close();
});

type Body = Record<string, unknown>;

async function post(path: string, body: Body): Promise<Body> {
  const reply = await call(simulator, 'POST', path, body);
  expect(reply.status).toBe(200);
  return reply.json as Body;
}

async function inquire(retref: unknown): Promise<Body> {
  const reply = await call(simulator, 'GET', `/inquire/${String(retref)}/${MERCHANT}`);
  return reply.json as Body;
}

async function authorize(amount: string, orderid: string): Promise<Body> {
  const reply = await call(simulator, 'POST', '/auth', {
    ...saleBody(TEST_CARDS.visa, amount, orderid),
    capture: 'N',
  });
  return reply.json as Body;
}

describe('gateway simulator life cycle', () => {
  it('moves a sale from queued to accepted at settlement', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '25.00', 'LC-1');
    expect(await inquire(approved.retref)).toMatchObject({
      setlstat: 'Queued for Capture',
      voidable: 'Y',
      refundable: 'N',
      amount: '25.00',
      orderid: 'LC-1',
      lastfour: '1111',
    });

    simulator.runSettlement();
    const settled = await inquire(approved.retref);
    expect(settled).toMatchObject({ setlstat: 'Accepted', voidable: 'N', refundable: 'Y' });
    expect(settled.settledate).toMatch(/^\d{14}$/);
    expect(simulator.transactions()[0]?.state).toBe('accepted');
  });

  it('captures an authorization for less than authorized', async () => {
    const authorized = await authorize('30.00', 'LC-2');
    expect(await inquire(authorized.retref)).toMatchObject({ setlstat: 'Authorized' });

    const captured = await post('/capture', {
      merchid: MERCHANT,
      retref: authorized.retref,
      amount: '24.00',
    });
    expect(captured).toMatchObject({
      respstat: 'A',
      setlstat: 'Queued for Capture',
      amount: '24.00',
    });
    expect(captured.batchid).toMatch(/^\d+$/);
  });

  it('answers capture of an unknown retref with PPS 29', async () => {
    const reply = await post('/capture', { merchid: MERCHANT, retref: '000000000001' });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '29', batchid: '-1' });
  });

  it('voids part of an authorization', async () => {
    const authorized = await authorize('30.00', 'LC-3');
    const voided = await post('/void', {
      merchid: MERCHANT,
      retref: authorized.retref,
      amount: '10.00',
    });
    expect(voided).toMatchObject({ respstat: 'A', respcode: '00', amount: '20.00' });
    expect(await inquire(authorized.retref)).toMatchObject({
      setlstat: 'Authorized',
      amount: '20.00',
    });
  });

  it('voids a queued sale only in full', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '30.00', 'LC-4');
    const partial = await post('/void', {
      merchid: MERCHANT,
      retref: approved.retref,
      amount: '10.00',
    });
    expect(partial).toMatchObject({ respstat: 'C' });

    const full = await post('/void', { merchid: MERCHANT, retref: approved.retref });
    expect(full).toMatchObject({
      respstat: 'A',
      respcode: '00',
      authcode: 'REVERS',
      amount: '0.00',
    });
    const transaction = simulator.transactions()[0];
    expect(transaction?.state).toBe('voided');
    expect(transaction?.voided).toBe(true);
    expect(await inquire(approved.retref)).toMatchObject({
      setlstat: 'Voided',
      voidable: 'N',
      refundable: 'N',
    });
  });

  it('answers a void of a settled sale with PPS 26 and keeps it', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '30.00', 'LC-5');
    simulator.runSettlement();
    const reply = await post('/void', { merchid: MERCHANT, retref: approved.retref });
    expect(reply).toMatchObject({
      respstat: 'A',
      respcode: '26',
      respproc: 'PPS',
      resptext: 'Txn Settled',
    });
    expect(simulator.transactions()[0]?.state).toBe('accepted');
  });

  it('refuses a refund before settlement', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '30.00', 'LC-6');
    const reply = await post('/refund', { merchid: MERCHANT, retref: approved.retref });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '28', resptext: 'Txn not settled' });
  });

  it('refunds before settlement when the merchant allows it', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '30.00', 'LC-7');
    simulator.setMerchantSwitch(MERCHANT, 'unsettledRefunds', true);
    expect(await inquire(approved.retref)).toMatchObject({ refundable: 'Y' });
    const reply = await post('/refund', {
      merchid: MERCHANT,
      retref: approved.retref,
      amount: '5.00',
    });
    expect(reply).toMatchObject({ respstat: 'A', amount: '5.00' });
  });

  it('refunds in parts up to what is left', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '30.00', 'LC-8');
    simulator.runSettlement();

    const first = await post('/refund', {
      merchid: MERCHANT,
      retref: approved.retref,
      amount: '10.00',
    });
    expect(first).toMatchObject({
      respstat: 'A',
      respcode: '00',
      amount: '10.00',
      authcode: 'REFUND',
    });
    expect(first.retref).not.toBe(approved.retref);

    const tooMuch = await post('/refund', {
      merchid: MERCHANT,
      retref: approved.retref,
      amount: '20.01',
    });
    expect(tooMuch).toMatchObject({ respstat: 'C', respcode: '43' });

    const rest = await post('/refund', { merchid: MERCHANT, retref: approved.retref });
    expect(rest).toMatchObject({ respstat: 'A', amount: '20.00' });
    expect(await inquire(approved.retref)).toMatchObject({ refundable: 'N' });

    const refunds = simulator.transactions().filter((transaction) => transaction.kind === 'refund');
    expect(refunds.map((refund) => refund.amountMinor)).toEqual([1000, 2000]);
    expect(refunds.every((refund) => refund.parentRetref === approved.retref)).toBe(true);
  });

  it('refunds only under the original merchant', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '30.00', 'LC-9');
    simulator.runSettlement();
    const reply = await post('/refund', { merchid: '800000000002', retref: approved.retref });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '29' });
  });

  it('declines a refund by amount after a large sale', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '2500.00', 'LC-10');
    simulator.runSettlement();
    const reply = await post('/refund', {
      merchid: MERCHANT,
      retref: approved.retref,
      amount: '1005.00',
    });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '05' });
  });

  it('finds every attempt under one order id', async () => {
    await sale(simulator, TEST_CARDS.visaDoNotHonor, '7.00', 'LC-11');
    await sale(simulator, TEST_CARDS.visa, '7.00', 'LC-11');
    const reply = await call(simulator, 'GET', `/inquireByOrderid/LC-11/${MERCHANT}/1`);
    expect(Array.isArray(reply.json)).toBe(true);
    expect((reply.json as Body[]).map((item) => item.respstat)).toEqual(['C', 'A']);
  });

  it('returns one object for a single match', async () => {
    await sale(simulator, TEST_CARDS.visa, '7.00', 'LC-12');
    const reply = await call(simulator, 'GET', `/inquireByOrderid/LC-12/${MERCHANT}/1`);
    expect(reply.json).toMatchObject({
      orderId: 'LC-12',
      respstat: 'A',
      account: expect.any(String),
    });
  });

  it('answers an unknown order id with PPS 29', async () => {
    const reply = await call(simulator, 'GET', `/inquireByOrderid/NOPE/${MERCHANT}/1`);
    expect(reply.json).toMatchObject({ respstat: 'C', respcode: '29', resptext: 'Txn not found' });
  });

  it('skips declined attempts in voidByOrderId', async () => {
    const approved = await sale(simulator, TEST_CARDS.visa, '9.00', 'LC-13');
    await sale(simulator, TEST_CARDS.visaDoNotHonor, '9.00', 'LC-13');
    const reply = await post('/voidByOrderId', { merchid: MERCHANT, orderid: 'LC-13' });
    expect(reply).toMatchObject({ respstat: 'A', retref: approved.retref });
    expect(simulator.transactions().map((transaction) => transaction.state)).toEqual([
      'voided',
      'declined',
    ]);
  });

  it('answers voidByOrderId with only declines with PPS 29', async () => {
    await sale(simulator, TEST_CARDS.visaDoNotHonor, '9.00', 'LC-14');
    const reply = await post('/voidByOrderId', { merchid: MERCHANT, orderid: 'LC-14' });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '29' });
  });

  it('answers a repeated voidByOrderId as voided', async () => {
    await sale(simulator, TEST_CARDS.visa, '9.00', 'LC-15');
    await post('/voidByOrderId', { merchid: MERCHANT, orderid: 'LC-15' });
    const again = await post('/voidByOrderId', { merchid: MERCHANT, orderid: 'LC-15' });
    expect(again).toMatchObject({ respstat: 'A', respcode: '00' });
    expect(
      simulator.transactions().filter((transaction) => transaction.state === 'voided'),
    ).toHaveLength(1);
  });

  it('reports settled batches once by merchant and again by date', async () => {
    const empty = await call(simulator, 'GET', `/settlestat?merchid=${MERCHANT}`);
    expect(empty.text).toBe('Null batches');
    expect(empty.contentType).toMatch(/^text\/plain/);

    const approved = await sale(simulator, TEST_CARDS.visa, '11.00', 'LC-16');
    simulator.runSettlement();
    const first = await call(simulator, 'GET', `/settlestat?merchid=${MERCHANT}`);
    const batches = first.json as Body[];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ hoststat: 'GB', merchid: MERCHANT });
    expect(batches[0]?.txns).toEqual([
      expect.objectContaining({
        retref: approved.retref,
        setlamount: '11.00',
        salesdoc: 'LC-16',
        setlstat: 'Y',
      }),
    ]);

    const second = await call(simulator, 'GET', `/settlestat?merchid=${MERCHANT}`);
    expect(second.text).toBe('Null batches');

    const batchId = String(batches[0]?.batchid);
    const byBatch = await call(
      simulator,
      'GET',
      `/settlestat?merchid=${MERCHANT}&batchid=${batchId}`,
    );
    expect((byBatch.json as Body[])[0]?.batchid).toBe(batchId);

    const byDate = await call(simulator, 'GET', `/settlestat?merchid=${MERCHANT}&date=1204`);
    expect(byDate.json).toHaveLength(1);
    const otherDate = await call(simulator, 'GET', `/settlestat?merchid=${MERCHANT}&date=1203`);
    expect(otherDate.text).toBe('Null batches');
  });

  it('describes a merchant', async () => {
    const reply = await call(simulator, 'GET', `/inquireMerchant/${MERCHANT}`);
    expect(reply.json).toMatchObject({
      merchid: MERCHANT,
      enabled: true,
      cardproc: 'FNOR',
      site: 'fts-uat',
    });
  });
});
