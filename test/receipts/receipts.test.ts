import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { PaymentActionResult, RenderedReceipt } from '../../common/contract';
import { PARTIAL_APPROVAL_CARD } from '../../main/simulators/terminal';
import { openLane, type Lane } from '../payments/services-harness';

let lane: Lane | null = null;

afterEach(async () => {
  await lane?.close();
  lane = null;
});

describe('receipts', () => {
  it('shows the approval, masked card and EMV fields in the store zone', async () => {
    lane = await openLane();
    await lane.loginManager();
    await lane.value('settings.update', {
      timeZone: 'America/New_York',
      receiptHeader: ['Corner Shop'],
      receiptFooter: ['Thank you'],
    });
    const sale = await lane.sell(1234);

    const receipt = await lane.value<RenderedReceipt>('receipts.get', {
      paymentId: sale.paymentId,
    });

    expect(receipt.model.title).toBe('SALE APPROVED');
    expect(receipt.model.card).toBe('VISA •••• 1111');
    expect(receipt.model.dateTime).toMatch(/ E[DS]T$/);
    expect(receipt.model.emv.map((line) => line.label)).toEqual(
      expect.arrayContaining(['AID', 'TVR', 'TSI', 'Application']),
    );
    expect(receipt.model.copy).toBe(false);
    expect(receipt.text).toContain('$12.34');
    expect(receipt.text).toContain(sale.result?.retref ?? 'missing');
    expect(receipt.text).toContain('Corner Shop');
    expect(receipt.text).not.toContain('COPY');
    expect(receipt.html).toContain('•••• 1111');
  });

  it('marks a reprint COPY', async () => {
    lane = await openLane();
    await lane.loginCashier();
    const sale = await lane.sell(500);

    const reprint = await lane.value<{
      receipt: RenderedReceipt;
      status: { printed: boolean; error: string | null };
    }>('receipts.print', { paymentId: sale.paymentId });

    expect(reprint.receipt.model.copy).toBe(true);
    expect(reprint.receipt.text).toContain('*** COPY ***');
    expect(reprint.status.printed).toBe(false);
  });

  it('prints a reprint and audits it', async () => {
    const printed: RenderedReceipt[] = [];
    lane = await openLane({
      printReceipt: async (receipt) => {
        printed.push(receipt);
      },
    });
    await lane.loginCashier();
    const sale = await lane.sell(700);

    const reprint = await lane.value<{ status: { printed: boolean } }>('receipts.print', {
      paymentId: sale.paymentId,
    });

    expect(reprint.status.printed).toBe(true);
    expect(printed).toHaveLength(1);
    expect(printed[0]?.text).toContain('*** COPY ***');
    const audit = lane.services.audit.list({ limit: 20 });
    expect(audit.find((entry) => entry.action === 'receipt_reprinted')?.paymentId).toBe(
      sale.paymentId,
    );
  });

  it('prints a partial approval with the amount due', async () => {
    lane = await openLane({ core: { demoTerminal: { card: PARTIAL_APPROVAL_CARD } } });
    await lane.loginManager();
    const sale = await lane.sell(5000);

    const receipt = await lane.value<RenderedReceipt>('receipts.get', {
      paymentId: sale.paymentId,
    });

    expect(receipt.text).toContain('PARTIAL APPROVAL');
    expect(receipt.model.amountText).toBe('$5.00');
    expect(receipt.model.dueText).toBe('$45.00');
  });

  it('prints a refund receipt through the printer', async () => {
    const printed: RenderedReceipt[] = [];
    lane = await openLane({ printReceipt: async (receipt) => void printed.push(receipt) });
    await lane.loginManager();
    await lane.value('settings.update', { unsettledRefunds: true });
    const sale = await lane.sell(2000);

    const refund = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 700,
    });

    expect(refund.receipt).toEqual({ printed: true, error: null });
    expect(printed).toHaveLength(1);
    expect(printed[0]?.model.title).toBe('REFUND APPROVED');
    expect(printed[0]?.text).toContain('-$7.00');
    expect(printed[0]?.model.card).toBe('VISA •••• 1111');
  });

  it('escapes every field in the HTML', async () => {
    lane = await openLane();
    await lane.loginManager();
    const hostile = '<img src=x onerror="window.__x=1">';
    await lane.value('operators.create', { name: hostile, role: 'manager', pin: '2468' });
    await lane.value('settings.update', { receiptHeader: ['<script>alert(1)</script>'] });
    await lane.value('session.logout');
    const id = lane.services.operators.operators
      .list()
      .find((record) => record.name === hostile)?.id;
    await lane.value('session.login', { operatorId: id, pin: '2468' });
    const sale = await lane.sell(300);

    const receipt = await lane.value<RenderedReceipt>('receipts.get', {
      paymentId: sale.paymentId,
    });

    expect(receipt.html).not.toContain('<img');
    expect(receipt.html).not.toContain('<script>');
    expect(receipt.html).toContain('&lt;img src=x onerror=&quot;window.__x=1&quot;&gt;');
    expect(receipt.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(receipt.text).toContain(hostile);
  });

  it('gives no receipt for an unconfirmed approval', async () => {
    lane = await openLane();
    await lane.loginManager();
    const sale = await lane.sell(800);
    lane
      .core()
      .journal.transition(sale.paymentId, 'confirming', { attention: 'test: unconfirmed' });

    const result = await lane.call('receipts.get', { paymentId: sale.paymentId });

    expect(result.ok ? null : result.error.code).toBe('invalid_input');
  });

  it('keeps no full card number or token in the journal', async () => {
    lane = await openLane();
    await lane.loginManager();
    await lane.sell(900);
    const tokens =
      lane
        .core()
        .demoGateway?.transactions()
        .map((transaction) => transaction.token) ?? [];
    lane.core().db.exec('PRAGMA wal_checkpoint(TRUNCATE)');

    const bytes = readFileSync(path.join(lane.dir, 'journal.sqlite')).toString('latin1');

    expect(tokens.length).toBeGreaterThan(0);
    expect(bytes).not.toContain('4111111111111111');
    for (const token of tokens) expect(bytes).not.toContain(token);
  });
});
