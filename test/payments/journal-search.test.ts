import { afterEach, describe, expect, it } from 'vitest';

import type { PaymentDetail, PaymentSearchResult } from '../../common/contract';
import { openLane, type Lane } from './services-harness';

let lane: Lane | null = null;

afterEach(async () => {
  await lane?.close();
  lane = null;
});

describe('journal search', () => {
  it('pages newest first and filters by amount, last 4 and order id', async () => {
    lane = await openLane();
    await lane.loginManager();
    const sales = [];
    for (const amount of [1000, 2000, 3000, 2000, 5000]) sales.push(await lane.sell(amount));

    const firstPage = await lane.value<PaymentSearchResult>('payments.search', { limit: 2 });
    const secondPage = await lane.value<PaymentSearchResult>('payments.search', {
      limit: 2,
      cursor: firstPage.nextCursor,
    });
    const byAmount = await lane.value<PaymentSearchResult>('payments.search', {
      amountMinor: 2000,
    });
    const byLast4 = await lane.value<PaymentSearchResult>('payments.search', { last4: '1111' });
    const orderId = sales[2]?.orderId ?? '';
    const byOrder = await lane.value<PaymentSearchResult>('payments.search', {
      orderId: orderId.toLowerCase(),
    });
    const byRetref = await lane.value<PaymentSearchResult>('payments.search', {
      retref: sales[0]?.result?.retref,
    });

    expect(firstPage.rows.map((row) => row.paymentId)).toEqual([
      sales[4]?.paymentId,
      sales[3]?.paymentId,
    ]);
    expect(secondPage.rows.map((row) => row.paymentId)).toEqual([
      sales[2]?.paymentId,
      sales[1]?.paymentId,
    ]);
    expect(byAmount.rows).toHaveLength(2);
    expect(byLast4.rows).toHaveLength(5);
    expect(byOrder.rows.map((row) => row.orderId)).toEqual([orderId]);
    expect(byRetref.rows.map((row) => row.paymentId)).toEqual([sales[0]?.paymentId]);
  });

  it("limits a cashier to today's payments", async () => {
    lane = await openLane();
    await lane.loginCashier();
    await lane.sell(1200);

    const today = await lane.value<PaymentSearchResult>('payments.search', {});
    const otherDay = await lane.call('payments.search', { date: '2001-01-01' });

    expect(today.rows).toHaveLength(1);
    expect(today.date).not.toBeNull();
    expect(otherDay.ok ? null : otherDay.error.code).toBe('forbidden');
  });

  it('rejects malformed filters', async () => {
    lane = await openLane();
    await lane.loginManager();
    for (const input of [
      { last4: '11a1' },
      { date: '2025-13-01' },
      { amountMinor: 10.5 },
      { limit: 5000 },
      { orderId: "x' OR 1=1" },
    ]) {
      const result = await lane.call('payments.search', input);
      expect(result.ok ? null : result.error.code, JSON.stringify(input)).toBe('invalid_input');
    }
  });

  it('shows a payment with its history and actions', async () => {
    lane = await openLane();
    await lane.loginManager();
    const sale = await lane.sell(4000);

    const detail = await lane.value<PaymentDetail>('payments.get', { paymentId: sale.paymentId });

    expect(detail.history.map((event) => event.toState)).toEqual([
      'pending',
      'confirming',
      'approved',
    ]);
    expect(detail.actions).toMatchObject({
      canVoid: true,
      canRefund: true,
      refundableMinor: 4000,
      canReprint: true,
    });
    expect(detail.emv.AID).toMatch(/^A0/);
    expect(detail.payment.card.last4).toBe('1111');
  });
});
