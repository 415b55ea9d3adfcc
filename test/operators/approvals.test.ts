import { afterEach, describe, expect, it } from 'vitest';

import { CardlaneError } from '../../common/errors';
import { APPROVAL_TTL_MS } from '../../main/operators/approvals';
import { errorCodeOf, openStack, seedOperators, valueOf, type Stack } from './harness';

let stack: Stack;

afterEach(() => stack?.close());

interface Grant {
  approvalId: string;
  expiresAt: string;
  managerName: string;
}

async function cashierWithApproval(amountMinor = 1000, paymentId = 41): Promise<Grant> {
  stack = openStack();
  const { cashierId, managerId } = await seedOperators(stack);
  valueOf(await stack.call('session.login', { operatorId: cashierId, pin: '1111' }));
  return valueOf<Grant>(
    await stack.call('approval.request', {
      managerId,
      pin: '4321',
      action: 'refund',
      paymentId,
      amountMinor,
    }),
  );
}

function codeOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof CardlaneError ? error.code : 'not a CardlaneError';
  }
}

const cashier = (): ReturnType<Stack['sessions']['currentOperator']> =>
  stack.sessions.currentOperator();

describe('manager approval', () => {
  it('is granted for a manager PIN and used once', async () => {
    const grant = await cashierWithApproval();
    expect(grant.approvalId).toMatch(/^[0-9a-f]{32}$/);
    expect(grant.managerName).toBe('Maria');
    expect(Date.parse(grant.expiresAt) - stack.clock.now()).toBe(APPROVAL_TTL_MS);

    const use = stack.approvals.authorize(cashier(), grant.approvalId, {
      action: 'refund',
      paymentId: 41,
      amountMinor: 1000,
    });
    expect(use).toMatchObject({ managerName: 'Maria', approvalId: grant.approvalId });
    const actions = stack.audit.list({ limit: 2 }).map((entry) => entry.action);
    expect(actions).toEqual(['approval_used', 'approval_granted']);
  });

  it('rejects $10.00 approval for $100.00', async () => {
    const grant = await cashierWithApproval(1000);
    const code = codeOf(() =>
      stack.approvals.authorize(cashier(), grant.approvalId, {
        action: 'refund',
        paymentId: 41,
        amountMinor: 10_000,
      }),
    );
    expect(code).toBe('approval_invalid');
  });

  it('accepts a smaller amount than approved', async () => {
    const grant = await cashierWithApproval(1000);
    const use = stack.approvals.authorize(cashier(), grant.approvalId, {
      action: 'refund',
      paymentId: 41,
      amountMinor: 999,
    });
    expect(use.managerName).toBe('Maria');
  });

  it('rejects the same approval twice', async () => {
    const grant = await cashierWithApproval();
    const scope = { action: 'refund' as const, paymentId: 41, amountMinor: 1000 };
    stack.approvals.authorize(cashier(), grant.approvalId, scope);
    expect(codeOf(() => stack.approvals.authorize(cashier(), grant.approvalId, scope))).toBe(
      'approval_invalid',
    );
  });

  it('rejects an approval for another payment', async () => {
    const grant = await cashierWithApproval(1000, 41);
    const code = codeOf(() =>
      stack.approvals.authorize(cashier(), grant.approvalId, {
        action: 'refund',
        paymentId: 42,
        amountMinor: 1000,
      }),
    );
    expect(code).toBe('approval_invalid');
    // A mismatch spends the approval, so it cannot be tried again on the right payment.
    const retry = codeOf(() =>
      stack.approvals.authorize(cashier(), grant.approvalId, {
        action: 'refund',
        paymentId: 41,
        amountMinor: 1000,
      }),
    );
    expect(retry).toBe('approval_invalid');
  });

  it('rejects an approval for another action', async () => {
    const grant = await cashierWithApproval();
    const code = codeOf(() =>
      stack.approvals.authorize(cashier(), grant.approvalId, {
        action: 'void',
        paymentId: 41,
        amountMinor: 1000,
      }),
    );
    expect(code).toBe('approval_invalid');
  });

  it('rejects an expired approval', async () => {
    const grant = await cashierWithApproval();
    stack.clock.advance(APPROVAL_TTL_MS);
    const code = codeOf(() =>
      stack.approvals.consume(
        grant.approvalId,
        { action: 'refund', paymentId: 41, amountMinor: 1000 },
        null,
      ),
    );
    expect(code).toBe('approval_invalid');
  });

  it('rejects made-up approval values', async () => {
    await cashierWithApproval();
    const scope = { action: 'refund' as const, paymentId: 41, amountMinor: 1000 };
    for (const madeUp of ['0'.repeat(32), 'manager', 'true', '{"ok":true}', 'a'.repeat(128)]) {
      expect(
        codeOf(() => stack.approvals.authorize(cashier(), madeUp, scope)),
        madeUp,
      ).toBe('approval_invalid');
    }
    expect(codeOf(() => stack.approvals.authorize(cashier(), undefined, scope))).toBe(
      'approval_required',
    );
  });

  it('rejects an approval used by another session', async () => {
    const grant = await cashierWithApproval();
    const code = codeOf(() =>
      stack.approvals.authorize({ id: 99, name: 'Other', role: 'cashier' }, grant.approvalId, {
        action: 'refund',
        paymentId: 41,
        amountMinor: 1000,
      }),
    );
    expect(code).toBe('approval_invalid');
  });

  it('lets a logged-in manager act without an approval', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    const manager = valueOf<{ id: number; name: string; role: 'manager' }>(
      await stack.call('session.login', { operatorId: managerId, pin: '4321' }),
    );
    const use = stack.approvals.authorize(manager, null, {
      action: 'void',
      paymentId: 3,
      amountMinor: 500,
    });
    expect(use).toEqual({ managerId, managerName: 'Maria', approvalId: null });
  });

  it('rejects a cashier PIN on the approval dialog', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: cashierId, pin: '1111' }));
    const envelope = await stack.call('approval.request', {
      managerId: cashierId,
      pin: '1111',
      action: 'void',
      paymentId: 5,
      amountMinor: 100,
    });
    expect(errorCodeOf(envelope)).toBe('forbidden');
  });

  it('rejects a wrong manager PIN', async () => {
    stack = openStack();
    const { cashierId, managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: cashierId, pin: '1111' }));
    const envelope = await stack.call('approval.request', {
      managerId,
      pin: '0000',
      action: 'void',
      paymentId: 5,
      amountMinor: 100,
    });
    expect(errorCodeOf(envelope)).toBe('not_authenticated');
    expect(stack.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'approval_rejected',
      operatorId: managerId,
    });
  });
});
