/**
 * Forged, replayed, expired and mismatched manager approvals, used from a cashier's session on the
 * void, refund and lane-override channels of a demo lane. Each is rejected with a code; the
 * payments and the settings file stay as they were, and the audit log gains only the rejections.
 */
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApprovalGrant, SaleProgress } from '../../common/contract';
import { APPROVAL_TTL_MS } from '../../main/operators/approvals';
import {
  CASHIER,
  codeOf,
  diskState,
  loginAs,
  MANAGER,
  seedDemo,
  startStack,
  valueOf,
  type DiskState,
  type SecurityStack,
} from './stack';

let stack: SecurityStack;
let ids: { managerId: number; cashierId: number; otherCashierId: number };
/** Approved sales: two left unsettled (voidable) and one settled (refundable). */
let sales: { voidable: number; otherVoidable: number; settled: number };

async function sell(amountMinor: number): Promise<number> {
  const progress = valueOf<SaleProgress>(await stack.call('sale.start', { amountMinor }));
  const core = stack.services.lane.current();
  if (core === null) throw new Error('the lane has no core');
  const finished = await core.sales.waitUntilFinished(progress.paymentId);
  expect(finished.stage).toBe('approved');
  valueOf(await stack.call('sale.dismiss'));
  return progress.paymentId;
}

beforeAll(async () => {
  stack = await startStack();
  const seeded = await seedDemo(stack);
  await loginAs(stack, seeded.managerId, MANAGER.pin);
  const other = valueOf<{ id: number }>(
    await stack.call('operators.create', { name: 'Olga Cashier', role: 'cashier', pin: '1357' }),
  );
  ids = { ...seeded, otherCashierId: other.id };

  await loginAs(stack, ids.cashierId, CASHIER.pin);
  const settled = await sell(3000);
  await loginAs(stack, ids.managerId, MANAGER.pin);
  valueOf(await stack.call('reports.runDemoSettlement'));
  await loginAs(stack, ids.cashierId, CASHIER.pin);
  sales = { voidable: await sell(2000), otherVoidable: await sell(2500), settled };
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function approval(
  action: 'void' | 'refund' | 'override',
  paymentId: number,
  amountMinor: number,
): Promise<string> {
  const grant = valueOf<ApprovalGrant>(
    await stack.call('approval.request', {
      managerId: ids.managerId,
      pin: MANAGER.pin,
      action,
      paymentId,
      amountMinor,
    }),
  );
  return grant.approvalId;
}

/** Payments, events and operators unchanged; audit rows added are rejections only. */
function expectOnlyRejectionsAudited(before: DiskState): void {
  const after = diskState(stack.dir);
  for (const table of ['payments', 'payment_events', 'operators', 'operator_lockouts']) {
    expect(after.journal[table], table).toEqual(before.journal[table]);
  }
  expect(after.settingsFile).toBe(before.settingsFile);
  const added = (after.journal.audit_log ?? []).slice((before.journal.audit_log ?? []).length) as {
    action: string;
  }[];
  expect(added.length).toBeGreaterThan(0);
  for (const row of added) {
    expect(['approval_rejected', 'approval_granted']).toContain(row.action);
  }
  // The rows that were there are untouched.
  expect((after.journal.audit_log ?? []).slice(0, (before.journal.audit_log ?? []).length)).toEqual(
    before.journal.audit_log,
  );
}

describe('manager approvals from a cashier session', () => {
  it('void without an approval needs one', async () => {
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const before = diskState(stack.dir);
    expect(codeOf(await stack.call('payments.void', { paymentId: sales.voidable }))).toBe(
      'approval_required',
    );
    expect(
      codeOf(await stack.call('payments.refund', { paymentId: sales.settled, amountMinor: 100 })),
    ).toBe('approval_required');
    expect(diskState(stack.dir)).toEqual(before);
  });

  it('forged approval ids are rejected', async () => {
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const before = diskState(stack.dir);
    for (const approvalId of [
      randomBytes(16).toString('hex'),
      '0'.repeat(32),
      'x',
      '__proto__',
      'constructor',
      'a'.repeat(128),
    ]) {
      const envelope = await stack.call('payments.void', { paymentId: sales.voidable, approvalId });
      expect(codeOf(envelope), approvalId).toBe('approval_invalid');
    }
    expectOnlyRejectionsAudited(before);
  });

  it('mismatched approvals are rejected and spent', async () => {
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const cases: {
      name: string;
      approvalId: string;
      channel: string;
      input: Record<string, unknown>;
    }[] = [
      {
        name: 'refund approval on a void',
        approvalId: await approval('refund', sales.voidable, 2000),
        channel: 'payments.void',
        input: { paymentId: sales.voidable },
      },
      {
        name: 'void approval for another payment',
        approvalId: await approval('void', sales.otherVoidable, 2500),
        channel: 'payments.void',
        input: { paymentId: sales.voidable },
      },
      {
        name: 'void approval for a smaller amount',
        approvalId: await approval('void', sales.voidable, 1999),
        channel: 'payments.void',
        input: { paymentId: sales.voidable },
      },
      {
        name: 'refund approval for a smaller amount',
        approvalId: await approval('refund', sales.settled, 500),
        channel: 'payments.refund',
        input: { paymentId: sales.settled, amountMinor: 1000 },
      },
      {
        name: 'override approval on a refund',
        approvalId: await approval('override', sales.settled, 0),
        channel: 'payments.refund',
        input: { paymentId: sales.settled, amountMinor: 100 },
      },
    ];
    const before = diskState(stack.dir);

    for (const attack of cases) {
      const envelope = await stack.call(attack.channel, {
        ...attack.input,
        approvalId: attack.approvalId,
      });
      expect(codeOf(envelope), attack.name).toBe('approval_invalid');
    }
    // A mismatched use spends the approval, so it cannot be tried against the right payment next.
    const retry = await stack.call('payments.void', {
      paymentId: sales.otherVoidable,
      approvalId: cases[1]?.approvalId,
    });
    expect(codeOf(retry)).toBe('approval_invalid');

    expectOnlyRejectionsAudited(before);
  });

  it('expired approval is rejected', async () => {
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const approvalId = await approval('void', sales.voidable, 2000);
    const before = diskState(stack.dir);

    stack.clock.advance(APPROVAL_TTL_MS + 1);
    // Keeps the cashier's session alive across the jump; the idle lock is not under test here.
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const beforeUse = diskState(stack.dir);
    expect(beforeUse.journal.payments).toEqual(before.journal.payments);

    expect(
      codeOf(await stack.call('payments.void', { paymentId: sales.voidable, approvalId })),
    ).toBe('approval_invalid');
    expectOnlyRejectionsAudited(beforeUse);
  });

  it('approval from another session is rejected', async () => {
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const approvalId = await approval('void', sales.voidable, 2000);
    await loginAs(stack, ids.otherCashierId, '1357');
    const before = diskState(stack.dir);

    expect(
      codeOf(await stack.call('payments.void', { paymentId: sales.voidable, approvalId })),
    ).toBe('approval_invalid');
    expectOnlyRejectionsAudited(before);
  });

  it('replayed approval is rejected', async () => {
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const approvalId = await approval('refund', sales.settled, 500);
    const first = await stack.call('payments.refund', {
      paymentId: sales.settled,
      amountMinor: 500,
      approvalId,
    });
    expect(codeOf(first)).toBeNull();
    const before = diskState(stack.dir);

    const replay = await stack.call('payments.refund', {
      paymentId: sales.settled,
      amountMinor: 500,
      approvalId,
    });
    expect(codeOf(replay)).toBe('approval_invalid');
    expectOnlyRejectionsAudited(before);
  });

  it('matching approval is accepted once', async () => {
    // The control case: the rejections above are the approval checks at work.
    await loginAs(stack, ids.cashierId, CASHIER.pin);
    const approvalId = await approval('void', sales.otherVoidable, 2500);
    const result = await stack.call('payments.void', {
      paymentId: sales.otherVoidable,
      approvalId,
    });
    expect(codeOf(result)).toBeNull();
    expect(valueOf<{ outcome: string }>(result).outcome).toBe('approved');
  });
});
