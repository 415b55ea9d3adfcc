import { afterEach, describe, expect, it } from 'vitest';

import type { AttentionItem, SaleProgress } from '../../common/contract';
import { PARTIAL_APPROVAL_CARD } from '../../main/simulators/terminal';
import { openLane, type Lane } from './services-harness';

let lane: Lane | null = null;

afterEach(async () => {
  await lane?.close();
  lane = null;
});

describe('sale through the services', () => {
  it('starts one sale for two charges and a renderer reload', async () => {
    lane = await openLane({ core: { demoTerminal: { promptDelayMs: 20, cardDelayMs: 200 } } });
    await lane.loginCashier();

    const first = await lane.value<SaleProgress>('sale.start', { amountMinor: 2500 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await lane.value<SaleProgress>('sale.start', { amountMinor: 2500 });
    // A reloaded renderer asks main for the open sale, then presses Charge again.
    const current = await lane.value<SaleProgress | null>('sale.current');
    const third = await lane.value<SaleProgress>('sale.start', { amountMinor: 9900 });
    const finished = await lane.core().sales.waitUntilFinished(first.paymentId);

    expect(second.paymentId).toBe(first.paymentId);
    expect(current?.paymentId).toBe(first.paymentId);
    expect(third.paymentId).toBe(first.paymentId);
    expect(finished.stage).toBe('approved');
    expect(
      lane.core().demoTerminal?.payments.filter((payment) => payment.paymentType === 1),
    ).toHaveLength(1);
    expect(lane.core().journal.listRecent(10)).toHaveLength(1);
    const atGateway = lane.core().demoGateway?.transactions() ?? [];
    expect(atGateway).toHaveLength(1);
  });

  it('keeps a $5.00 partial approval and shows $45.00 due', async () => {
    lane = await openLane({ core: { demoTerminal: { card: PARTIAL_APPROVAL_CARD } } });
    await lane.loginManager();
    await lane.value('settings.update', { partialApproval: 'accept' });

    const finished = await lane.sell(5000);

    expect(finished.stage).toBe('partially_approved');
    expect(finished.result?.approvedMinor).toBe(500);
    expect(finished.notice).toContain('$45.00 still due');
    const row = lane.core().journal.require(finished.paymentId);
    expect(row.state).toBe('approved');
    expect(row.approvedMinor).toBe(500);
  });

  it('reverses a partial approval by policy', async () => {
    lane = await openLane({ core: { demoTerminal: { card: PARTIAL_APPROVAL_CARD } } });
    await lane.loginManager();
    await lane.value('settings.update', { partialApproval: 'reverse' });

    const finished = await lane.sell(5000);

    expect(finished.stage).toBe('declined');
    expect(lane.core().journal.require(finished.paymentId).state).toBe('voided');
    const live =
      lane
        .core()
        .demoGateway?.transactions()
        .filter((transaction) => !transaction.voided) ?? [];
    expect(live).toHaveLength(0);
  });
});

describe('lane override', () => {
  it('lets the lane sell past an unknown sale with a manager reason', async () => {
    lane = await openLane();
    await lane.loginManager();
    const journal = lane.core().journal;
    const orphan = journal.insertPending({
      orderId: 'CTESTOVERRIDE0001',
      laneId: 'lane1',
      kind: 'sale',
      amountMinor: 700,
      currency: 'USD',
      merchantId: '496160873888',
      environment: 'demo',
      operatorId: null,
      operatorName: null,
    });
    journal.transition(orphan.id, 'unknown', { attention: 'test: the gateway was unreachable' });
    await lane.value('session.logout');
    await lane.loginCashier();

    const blocked = await lane.call('sale.start', { amountMinor: 100 });
    const items = await lane.value<AttentionItem[]>('attention.list');
    const withoutApproval = await lane.call('attention.overrideLane', {
      paymentId: orphan.id,
      reason: 'Customer paid cash',
    });
    const grant = await lane.value<{ approvalId: string }>('approval.request', {
      managerId: lane.managerId,
      pin: '4321',
      action: 'override',
      paymentId: orphan.id,
      amountMinor: 0,
    });
    const after = await lane.value<AttentionItem[]>('attention.overrideLane', {
      paymentId: orphan.id,
      reason: 'Customer paid cash',
      approvalId: grant.approvalId,
    });
    const sale = await lane.sell(100);

    expect(blocked.ok ? null : blocked.error.code).toBe('lane_blocked');
    expect(items.map((item) => [item.problem, item.blocksLane])).toEqual([
      ['outcome_unknown', true],
    ]);
    expect(withoutApproval.ok ? null : withoutApproval.error.code).toBe('approval_required');
    expect(after[0]?.blocksLane).toBe(false);
    expect(after[0]?.laneOverride).toContain('Customer paid cash');
    expect(sale.stage).toBe('approved');
    const audit = lane.services.audit.list({ limit: 20 }).map((entry) => entry.action);
    expect(audit).toContain('lane_override');
  });
});

describe('attention events', () => {
  it('emits the count when a sale ends unknown and when it is resolved', async () => {
    lane = await openLane({
      core: {
        demoTerminal: { faults: { dropFinal: true } },
        terminalTimeouts: { dptInactivityMs: 300, recoveringPollMs: 50, recoveringMaxMs: 500 },
      },
    });
    await lane.loginManager();
    const counts: number[] = [];
    lane.services.events.addSink((name, payload) => {
      if (name === 'attention.changed') counts.push((payload as { count: number }).count);
    });
    lane
      .core()
      .demoGateway?.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 20 });
    lane
      .core()
      .demoGateway?.injectFault({ kind: 'http_500', endpoint: 'voidByOrderId', count: 20 });

    const finished = await lane.sell(2000);
    lane.core().demoGateway?.clearFaults();
    const resolved = await lane.value<{ resolved: number }>('payments.recover');

    expect(finished.stage).toBe('unknown');
    expect(resolved.resolved).toBe(1);
    expect(lane.core().journal.require(finished.paymentId).state).toBe('approved');
    expect(counts).toEqual([1, 0]);
  });
});
