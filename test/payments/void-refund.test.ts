import { afterEach, describe, expect, it } from 'vitest';

import type {
  ApprovalGrant,
  AttentionItem,
  PaymentActionResult,
  PaymentDetail,
  PaymentInquiry,
} from '../../common/contract';
import { gatewayRequests, openLane, type Lane } from './services-harness';

let lane: Lane | null = null;

afterEach(async () => {
  await lane?.close();
  lane = null;
});

async function managerLane(options: Parameters<typeof openLane>[0] = {}): Promise<Lane> {
  lane = await openLane(options);
  await lane.loginManager();
  return lane;
}

describe('void and refund of a $40.00 sale', () => {
  it('voids an unsettled sale at the gateway and in the journal', async () => {
    const lane = await managerLane();
    const sale = await lane.sell(4000);
    expect(sale.stage).toBe('approved');

    const result = await lane.value<PaymentActionResult>('payments.void', {
      paymentId: sale.paymentId,
    });

    expect(result.outcome).toBe('approved');
    expect(result.action.kind).toBe('void');
    expect(result.action.parentId).toBe(sale.paymentId);
    expect(result.payment.payment.state).toBe('voided');
    expect(result.payment.children.map((child) => child.state)).toEqual(['approved']);
    const atGateway = lane
      .core()
      .demoGateway?.transactions()
      .find((transaction) => transaction.retref === sale.result?.retref);
    expect(atGateway?.state).toBe('voided');
    expect(result.payment.audit.map((entry) => entry.action)).toContain('void');
  });

  it('refuses a refund before settlement and offers the void', async () => {
    const lane = await managerLane();
    const sale = await lane.sell(4000);

    const inquiry = await lane.value<PaymentInquiry>('payments.inquire', {
      paymentId: sale.paymentId,
    });
    const refund = await lane.call('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 1500,
    });

    expect(inquiry.suggestion).toBe('void');
    expect(refund.ok).toBe(false);
    expect(refund.ok ? null : refund.error.code).toBe('not_refundable');
    expect(refund.ok ? '' : refund.error.message).toMatch(/Void it instead/);
    expect(gatewayRequests(lane, '/refund')).toBe(0);
    expect(lane.core().journal.children(sale.paymentId)).toHaveLength(0);
  });

  it('refunds an unsettled sale when the merchant switch is on', async () => {
    const lane = await managerLane();
    await lane.value('settings.update', { unsettledRefunds: true });
    const sale = await lane.sell(4000);

    const result = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 1000,
    });

    expect(result.outcome).toBe('approved');
    expect(result.payment.payment.state).toBe('partially_refunded');
  });

  it('refunds $15.00 after settlement and refuses $30.00 locally', async () => {
    const lane = await managerLane();
    const sale = await lane.sell(4000);
    const settled = await lane.value<{ settled: number }>('reports.runDemoSettlement');
    expect(settled.settled).toBeGreaterThanOrEqual(1);

    const first = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 1500,
    });
    const refundsSent = gatewayRequests(lane, '/refund');
    const second = await lane.call('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 3000,
    });

    expect(first.outcome).toBe('approved');
    expect(first.action.approvedMinor).toBe(1500);
    expect(first.payment.payment.state).toBe('partially_refunded');
    expect(first.payment.actions.refundableMinor).toBe(2500);
    expect(second.ok ? null : second.error.code).toBe('exceeds_refundable');
    expect(second.ok ? '' : second.error.message).toMatch(/Only \$25\.00 refundable/);
    expect(gatewayRequests(lane, '/refund')).toBe(refundsSent);
    expect(gatewayRequests(lane, '/inquire/')).toBe(1);

    const rest = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 2500,
    });
    expect(rest.payment.payment.state).toBe('refunded');
    expect(rest.payment.actions.canRefund).toBe(false);
  });

  it('refuses to void a settled sale and says to refund', async () => {
    const lane = await managerLane();
    const sale = await lane.sell(4000);
    await lane.value('reports.runDemoSettlement');

    const result = await lane.call('payments.void', { paymentId: sale.paymentId });

    expect(result.ok ? null : result.error.code).toBe('not_voidable');
    expect(result.ok ? '' : result.error.message).toMatch(/Refund it instead/);
    expect(gatewayRequests(lane, '/void')).toBe(0);
  });

  it('carries the original merchant id on the refund', async () => {
    const lane = await managerLane();
    const sale = await lane.sell(2000);
    await lane.value('reports.runDemoSettlement');
    await lane.value('payments.refund', { paymentId: sale.paymentId, amountMinor: 2000 });

    const request = lane
      .core()
      .demoGateway?.requests()
      .find((entry) => entry.path.endsWith('/refund'));
    const body = request?.body as Record<string, unknown>;
    expect(body.merchid).toBe(lane.core().journal.require(sale.paymentId).merchantId);
    expect(body.retref).toBe(sale.result?.retref);
    expect(body.amount).toBe('20.00');
  });
});

describe('manager approval for voids and refunds', () => {
  it('needs an approval from a cashier', async () => {
    lane = await openLane();
    await lane.loginCashier();
    const sale = await lane.sell(3000);

    const without = await lane.call('payments.void', { paymentId: sale.paymentId });
    const madeUp = await lane.call('payments.void', {
      paymentId: sale.paymentId,
      approvalId: 'f'.repeat(32),
    });

    expect(without.ok ? null : without.error.code).toBe('approval_required');
    expect(madeUp.ok ? null : madeUp.error.code).toBe('approval_invalid');
    expect(gatewayRequests(lane, '/void')).toBe(0);
    expect(lane.core().journal.children(sale.paymentId)).toHaveLength(0);
  });

  it('voids with a manager approval at the register', async () => {
    lane = await openLane();
    await lane.loginCashier();
    const sale = await lane.sell(3000);
    const grant = await lane.value<ApprovalGrant>('approval.request', {
      managerId: lane.managerId,
      pin: '4321',
      action: 'void',
      paymentId: sale.paymentId,
      amountMinor: 3000,
    });

    const result = await lane.value<PaymentActionResult>('payments.void', {
      paymentId: sale.paymentId,
      approvalId: grant.approvalId,
    });
    const replay = await lane.call('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 100,
      approvalId: grant.approvalId,
    });

    expect(result.outcome).toBe('approved');
    expect(result.action.operatorName).toBe('Carl');
    const voidEntry = result.payment.audit.find((entry) => entry.action === 'void');
    expect(JSON.parse(voidEntry?.detail ?? '{}')).toMatchObject({
      approvedByName: 'Maria',
      outcome: 'approved',
    });
    expect(replay.ok).toBe(false);
  });

  it('rejects an approval for a smaller refund', async () => {
    lane = await openLane();
    await lane.loginManager();
    await lane.value('settings.update', { unsettledRefunds: true });
    await lane.value('session.logout');
    await lane.loginCashier();
    const sale = await lane.sell(10_000);
    const grant = await lane.value<ApprovalGrant>('approval.request', {
      managerId: lane.managerId,
      pin: '4321',
      action: 'refund',
      paymentId: sale.paymentId,
      amountMinor: 1000,
    });

    const result = await lane.call('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 10_000,
      approvalId: grant.approvalId,
    });

    expect(result.ok ? null : result.error.code).toBe('approval_invalid');
    expect(gatewayRequests(lane, '/refund')).toBe(0);
    expect(lane.core().journal.children(sale.paymentId)).toHaveLength(0);
  });
});

describe('refund receipt step', () => {
  it('reports a failed receipt apart from the approved refund', async () => {
    const lane = await managerLane({
      printReceipt: async () => {
        throw new Error('printer out of paper');
      },
    });
    await lane.value('settings.update', { unsettledRefunds: true });
    const sale = await lane.sell(4000);

    const result = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 4000,
    });
    const sent = gatewayRequests(lane, '/refund');
    const again = await lane.call('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 100,
    });

    expect(result.outcome).toBe('approved');
    expect(result.receipt).toEqual({ printed: false, error: 'printer out of paper' });
    expect(result.notice).toMatch(/went through, but its receipt failed/);
    const refunds = lane
      .core()
      .journal.children(sale.paymentId)
      .filter((child) => child.kind === 'refund');
    expect(refunds.map((refund) => refund.state)).toEqual(['approved']);
    expect(again.ok ? null : again.error.code).toBe('exceeds_refundable');
    expect(gatewayRequests(lane, '/refund')).toBe(sent);
  });
});

describe('refund with a lost reply', () => {
  it('stays unknown, blocks a second refund and is recovered from settlement', async () => {
    const lane = await managerLane();
    await lane.value('settings.update', { unsettledRefunds: true });
    const sale = await lane.sell(4000);
    lane.core().demoGateway?.injectFault({ kind: 'drop_after_commit', endpoint: 'refund' });

    const lost = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 4000,
    });
    const again = await lane.call('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 100,
    });
    const items = await lane.value<AttentionItem[]>('attention.list');

    expect(lost.outcome).toBe('unknown');
    expect(lost.action.state).toBe('unknown');
    expect(again.ok ? null : again.error.code).toBe('exceeds_refundable');
    expect(gatewayRequests(lane, '/refund')).toBe(1);
    expect(items.map((item) => item.problem)).toEqual(['refund_unknown']);
    expect(items[0]?.blocksLane).toBe(false);

    await lane.value('payments.recover');
    expect(lane.core().journal.require(lost.action.paymentId).state).toBe('unknown');

    await lane.value('reports.runDemoSettlement');
    const recovered = await lane.value<{ resolved: number; attention: number }>('payments.recover');
    const detail = await lane.value<PaymentDetail>('payments.get', { paymentId: sale.paymentId });

    expect(recovered.resolved).toBe(1);
    expect(recovered.attention).toBe(0);
    expect(detail.payment.state).toBe('refunded');
    expect(detail.children[0]?.state).toBe('approved');
    expect(detail.children[0]?.retref).toMatch(/^\d+$/);
    expect(gatewayRequests(lane, '/refund')).toBe(1);
  });

  it('lets a manager resolve an open refund as not refunded', async () => {
    const lane = await managerLane();
    await lane.value('settings.update', { unsettledRefunds: true });
    const sale = await lane.sell(4000);
    lane.core().demoGateway?.injectFault({ kind: 'drop_before_commit', endpoint: 'refund' });
    const lost = await lane.value<PaymentActionResult>('payments.refund', {
      paymentId: sale.paymentId,
      amountMinor: 1000,
    });

    const missingReason = await lane.call('payments.resolve', {
      paymentId: lost.action.paymentId,
      resolution: 'not_charged',
    });
    const detail = await lane.value<PaymentDetail>('payments.resolve', {
      paymentId: lost.action.paymentId,
      resolution: 'not_charged',
      reason: 'No refund in the CardPointe portal',
    });

    expect(missingReason.ok ? null : missingReason.error.code).toBe('invalid_input');
    expect(detail.payment.state).toBe('failed');
    const sale2 = await lane.value<PaymentDetail>('payments.get', { paymentId: sale.paymentId });
    expect(sale2.actions.refundableMinor).toBe(4000);
    expect(await lane.value<AttentionItem[]>('attention.list')).toEqual([]);
    const audit = lane.services.audit.list({ limit: 50 });
    expect(audit.map((entry) => entry.action)).toContain('payment_resolved');
  });
});

describe('void with a lost reply', () => {
  it('is settled by inquiring the sale', async () => {
    const lane = await managerLane();
    const sale = await lane.sell(2500);
    lane.core().demoGateway?.injectFault({ kind: 'drop_after_commit', endpoint: 'void' });

    const lost = await lane.value<PaymentActionResult>('payments.void', {
      paymentId: sale.paymentId,
    });
    const recovered = await lane.value<{ resolved: number }>('payments.recover');

    expect(lost.outcome).toBe('unknown');
    expect(recovered.resolved).toBe(1);
    expect(lane.core().journal.require(sale.paymentId).state).toBe('voided');
    expect(lane.core().journal.require(lost.action.paymentId).state).toBe('approved');
    expect(gatewayRequests(lane, '/void')).toBe(1);
  });
});
