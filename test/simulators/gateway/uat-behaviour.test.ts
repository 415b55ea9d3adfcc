import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type GatewaySimulator,
  startGatewaySimulator,
  TEST_CARDS,
  tokenForCard,
} from '../../../main/simulators/gateway';
import { basicHeader, call, MERCHANT, sale, saleBody } from './http';

let simulator: GatewaySimulator;
let orderNumber = 0;
const nextOrder = () => `UAT-${(orderNumber += 1)}`;

beforeAll(async () => {
  simulator = await startGatewaySimulator({ seed: 7 });
});
afterAll(async () => {
  await simulator.close();
});

describe('gateway simulator access', () => {
  it('binds to 127.0.0.1', () => {
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.restUrl).toBe(`${simulator.url}/cardconnect/rest`);
  });

  it('rejects wrong credentials with an empty 401', async () => {
    const reply = await call(
      simulator,
      'POST',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', nextOrder()),
      basicHeader('testing', 'wrong'),
    );
    expect(reply.status).toBe(401);
    expect(reply.text).toBe('');
  });

  it('rejects a request without credentials', async () => {
    const reply = await call(simulator, 'GET', '/inquire/1/496160873888', undefined, null);
    expect(reply.status).toBe(401);
    expect(reply.text).toBe('');
  });

  it('answers the base URL with the servlet text', async () => {
    const reply = await call(simulator, 'PUT', '/', { merchid: MERCHANT });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('CardConnect REST Servlet');
    expect(reply.contentType).toMatch(/^text\/plain/);
  });

  it('answers an unknown path with a JSON 404', async () => {
    const reply = await call(simulator, 'GET', '/inquireEverything/1');
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({
      status: 404,
      error: 'Not Found',
      path: '/cardconnect/rest/inquireEverything/1',
    });
  });

  it('accepts PUT and POST on auth', async () => {
    const put = await call(
      simulator,
      'PUT',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', nextOrder()),
    );
    const post = await call(
      simulator,
      'POST',
      '/auth',
      saleBody(TEST_CARDS.visa, '1.00', nextOrder()),
    );
    expect((put.json as { respstat: string }).respstat).toBe('A');
    expect((post.json as { respstat: string }).respstat).toBe('A');
  });

  it('rejects GET on auth', async () => {
    const reply = await call(simulator, 'GET', '/auth');
    expect(reply.status).toBe(405);
  });

  it('accepts configured credentials with non-ASCII passwords', async () => {
    const custom = await startGatewaySimulator({
      credentials: [{ user: 'lane1', password: 'prix€2026' }],
      merchantIds: ['800000000001'],
    });
    try {
      const body = { ...saleBody(TEST_CARDS.visa, '2.00', 'EURO-1'), merchid: '800000000001' };
      const accepted = await call(custom, 'POST', '/auth', body, basicHeader('lane1', 'prix€2026'));
      const rejected = await call(
        custom,
        'POST',
        '/auth',
        body,
        basicHeader('testing', 'testing123'),
      );
      expect(accepted.status).toBe(200);
      expect((accepted.json as { respstat: string }).respstat).toBe('A');
      expect(rejected.status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

describe('gateway simulator authorizations', () => {
  it('approves a Luhn-valid test card', async () => {
    const reply = await sale(simulator, TEST_CARDS.visaAlternate, '12.34', nextOrder());
    expect(reply).toMatchObject({
      respstat: 'A',
      respcode: '00',
      resptext: 'Approval',
      amount: '12.34',
      merchid: MERCHANT,
    });
    expect(reply.retref).toMatch(/^\d{12}$/);
    expect(reply.authcode).toMatch(/^PPS\d{3}$/);
    expect(reply.token).toBe(tokenForCard(TEST_CARDS.visaAlternate));
    expect(reply.batchid).toMatch(/^\d+$/);
  });

  it('reads an amount without a decimal point as minor units', async () => {
    const reply = await sale(simulator, TEST_CARDS.visa, '2000', nextOrder());
    expect(reply.amount).toBe('20.00');
  });

  it('rejects a card that fails the Luhn check', async () => {
    const reply = await sale(simulator, '4111111111111112', '1.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'C', respproc: 'PPS', respcode: '13' });
  });

  it('accepts a token and keeps its card behaviour', async () => {
    const token = tokenForCard(TEST_CARDS.visaDoNotHonor);
    expect(token).toMatch(/^943\d{9}1038$/);
    const reply = await sale(simulator, token, '5.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'C', respcode: '05', token });
  });

  it('approves an unknown token', async () => {
    const reply = await sale(simulator, '9411000000004242', '3.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'A', respcode: '00', amount: '3.00' });
  });

  it.each([
    ['4788250000121443', 'PPS009'],
    ['5454545454545454', 'PPS010'],
    ['6011000995500000', 'PPS015'],
    ['371449635398431', 'PPS013'],
  ])('approves fixed card %s with auth code %s', async (card, authcode) => {
    const reply = await sale(simulator, card, '4.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'A', authcode });
  });

  it.each([
    ['4387751111111020', '01'],
    ['5442981111111031', '05'],
    ['6011000995511148', '54'],
    ['4387751111111053', 'NU'],
  ])('declines fixed card %s with code %s', async (card, respcode) => {
    const reply = await sale(simulator, card, '4.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'C', respcode, amount: '0.00', setlstat: 'Declined' });
  });

  it.each([
    ['1005.00', 'C', '05'],
    ['1000.00', 'A', '00'],
    ['1051.99', 'C', '51'],
    ['1091.00', 'B', '91'],
    ['1116.95', 'C', '116'],
  ])('answers amount %s with %s/%s', async (amount, respstat, respcode) => {
    const reply = await sale(simulator, TEST_CARDS.visa, amount, nextOrder());
    expect(reply).toMatchObject({ respstat, respcode });
  });

  it('approves $5.00 of $6.00 on the partial-approval card', async () => {
    const reply = await sale(simulator, TEST_CARDS.partialApproval, '6.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'A', respcode: '10', amount: '5.00' });
  });

  it('approves the partial-approval card in full below $6.00', async () => {
    const reply = await sale(simulator, TEST_CARDS.partialApproval, '5.99', nextOrder());
    expect(reply).toMatchObject({ respstat: 'A', respcode: '00', amount: '5.99' });
  });

  it('holds the timed-out reply for the configured delay', async () => {
    const slow = await startGatewaySimulator({ timeoutCardDelayMs: 400 });
    try {
      let settled = false;
      const pending = sale(slow, TEST_CARDS.visaTimeout, '5.00', 'TIMEOUT-1').finally(() => {
        settled = true;
      });
      await expect.poll(() => slow.transactions().length).toBe(1);
      expect(slow.transactions()[0]?.state).toBe('declined');
      expect(settled).toBe(false);

      const reply = await pending;
      expect(reply).toMatchObject({
        respstat: 'B',
        respcode: '62',
        respproc: 'PPS',
        resptext: 'Timed out',
      });
    } finally {
      await slow.close();
    }
  });

  it.each([
    ['112', 'M'],
    ['111', 'N'],
    ['222', 'P'],
    ['333', 'U'],
  ])('answers CVV %s with %s', async (cvv2, cvvresp) => {
    const reply = await sale(simulator, TEST_CARDS.visa, '1.00', nextOrder(), { cvv2 });
    expect(reply.cvvresp).toBe(cvvresp);
  });

  it.each([
    ['55224', 'X'],
    ['19406', 'Y'],
    ['10112', 'N'],
    ['60213', 'M'],
  ])('answers postal %s with AVS %s', async (postal, avsresp) => {
    const reply = await sale(simulator, TEST_CARDS.visa, '1.00', nextOrder(), { postal });
    expect(reply.avsresp).toBe(avsresp);
  });

  it('rejects a currency other than the merchant currency', async () => {
    const reply = await sale(simulator, TEST_CARDS.visa, '1.00', nextOrder(), { currency: 'EUR' });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '32', respproc: 'PPS' });
  });

  it('rejects a negative amount', async () => {
    const reply = await sale(simulator, TEST_CARDS.visa, '-1.00', nextOrder());
    expect(reply).toMatchObject({ respstat: 'C', respcode: '45' });
  });

  it('rejects an unknown merchant', async () => {
    const reply = await sale(simulator, TEST_CARDS.visa, '1.00', nextOrder(), { merchid: '123' });
    expect(reply).toMatchObject({ respstat: 'C', respcode: '21' });
  });

  it('answers a body that is not a JSON object with 400', async () => {
    const reply = await call(simulator, 'POST', '/auth', ['not', 'an', 'object']);
    expect(reply.status).toBe(400);
  });
});
