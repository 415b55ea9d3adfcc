import { randomBytes, timingSafeEqual } from 'node:crypto';

import type { ApprovalAction, ApprovalGrant, SessionOperator } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import type { AuditLog } from '../journal/audit';
import { createLogger } from '../log/logger';
import { systemClock, type Clock } from './clock';
import type { OperatorStore } from './operator-store';

const logger = createLogger('operators.approvals');

/** How long a manager approval stays usable after the manager entered their PIN. */
export const APPROVAL_TTL_MS = 2 * 60_000;

/** The scope of an approval: one action on one payment, up to one amount. */
export interface ApprovalScope {
  action: ApprovalAction;
  paymentId: number;
  /** Maximum amount the action may move, in minor units; 0 for a lane override. */
  amountMinor: number;
}

interface StoredApproval extends ApprovalScope {
  id: string;
  managerId: number;
  managerName: string;
  /** The operator whose session asked for it; only that session can use it. */
  requestedById: number;
  expiresAtMs: number;
}

/** The manager who approved an action that `authorize` let through. */
export interface ApprovalUse {
  managerId: number;
  managerName: string;
  /** The approval id used, or null when the operator is a manager and needed none. */
  approvalId: string | null;
}

function sameId(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * One-time manager approvals at the register. `grant` checks a manager's PIN and returns a random
 * 128-bit id bound to the action, the payment, the amount and the requesting session. `consume`
 * accepts that id once, before it expires, for the same action and payment and no larger amount.
 * Approvals live in memory only, so a restart voids them, which errs on the safe side.
 */
export class ApprovalService {
  private readonly pending = new Map<string, StoredApproval>();
  private readonly clock: Clock;

  constructor(
    private readonly operators: OperatorStore,
    private readonly audit: AuditLog,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async grant(
    manager: { managerId: number; pin: string },
    scope: ApprovalScope,
    requestedBy: SessionOperator,
  ): Promise<ApprovalGrant> {
    checkScope(scope);
    const record = await this.operators.authenticate(manager.managerId, manager.pin, 'approval');
    if (record.role !== 'manager') {
      this.audit.append({
        operator: { id: record.id, name: record.name },
        action: 'approval_rejected',
        paymentId: scope.paymentId,
        detail: { reason: 'not_a_manager', action: scope.action },
      });
      throw new CardlaneError('forbidden', 'Only a manager can approve this.');
    }

    this.dropExpired();
    const approval: StoredApproval = {
      ...scope,
      id: randomBytes(16).toString('hex'),
      managerId: record.id,
      managerName: record.name,
      requestedById: requestedBy.id,
      expiresAtMs: this.clock.now() + APPROVAL_TTL_MS,
    };
    this.pending.set(approval.id, approval);
    this.audit.append({
      operator: { id: record.id, name: record.name },
      action: 'approval_granted',
      paymentId: scope.paymentId,
      detail: {
        action: scope.action,
        amountMinor: scope.amountMinor,
        requestedById: requestedBy.id,
      },
    });
    return {
      approvalId: approval.id,
      action: approval.action,
      paymentId: approval.paymentId,
      amountMinor: approval.amountMinor,
      managerName: approval.managerName,
      expiresAt: new Date(approval.expiresAtMs).toISOString(),
    };
  }

  /**
   * Uses an approval for `scope`. Any mismatch (unknown id, used, expired, other action, other
   * payment, larger amount, other session) raises `approval_invalid`, and the approval is spent
   * either way, so a probe cannot try it against several payments.
   */
  consume(approvalId: string, scope: ApprovalScope, usedBy: SessionOperator | null): ApprovalUse {
    let approval: StoredApproval | undefined;
    for (const [id, candidate] of this.pending) {
      if (sameId(id, approvalId)) approval = candidate;
    }
    const reject = (reason: string, message: string): never => {
      this.audit.append({
        operator: usedBy,
        action: 'approval_rejected',
        paymentId: scope.paymentId,
        detail: { reason, action: scope.action, amountMinor: scope.amountMinor },
      });
      logger.warn('approval rejected', {
        reason,
        paymentId: scope.paymentId,
        action: scope.action,
      });
      throw new CardlaneError('approval_invalid', message);
    };

    if (approval === undefined) {
      return reject(
        'unknown',
        'This approval is not valid: it is unknown or was already used. Ask a manager again.',
      );
    }
    this.pending.delete(approval.id);
    if (approval.expiresAtMs <= this.clock.now()) {
      return reject('expired', 'This approval has expired. Ask a manager again.');
    }
    if (approval.action !== scope.action || approval.paymentId !== scope.paymentId) {
      return reject('other_payment', 'This approval was given for another action or payment.');
    }
    if (scope.amountMinor > approval.amountMinor) {
      return reject('amount_exceeded', 'This approval was given for a smaller amount.');
    }
    if (usedBy !== null && usedBy.id !== approval.requestedById) {
      return reject('other_session', 'This approval was given to another operator.');
    }

    this.audit.append({
      operator: usedBy,
      action: 'approval_used',
      paymentId: scope.paymentId,
      detail: {
        action: scope.action,
        amountMinor: scope.amountMinor,
        approvedById: approval.managerId,
        approvedByName: approval.managerName,
      },
    });
    return {
      managerId: approval.managerId,
      managerName: approval.managerName,
      approvalId: approval.id,
    };
  }

  /**
   * The check voids, refunds and lane overrides call: a logged-in manager passes; a cashier needs
   * an approval for exactly this scope.
   */
  authorize(
    operator: SessionOperator | null,
    approvalId: string | null | undefined,
    scope: ApprovalScope,
  ): ApprovalUse {
    checkScope(scope);
    if (operator === null) {
      throw new CardlaneError('not_authenticated', 'Log in first.');
    }
    if (operator.role === 'manager') {
      return { managerId: operator.id, managerName: operator.name, approvalId: null };
    }
    if (approvalId === null || approvalId === undefined) {
      throw new CardlaneError(
        'approval_required',
        'This needs a manager: ask a manager to approve it.',
      );
    }
    return this.consume(approvalId, scope, operator);
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [id, approval] of this.pending) {
      if (approval.expiresAtMs <= now) this.pending.delete(id);
    }
  }
}

function checkScope(scope: ApprovalScope): void {
  if (!Number.isSafeInteger(scope.amountMinor) || scope.amountMinor < 0) {
    throw new CardlaneError(
      'invalid_input',
      'The approval amount must be a whole number of cents.',
    );
  }
  if (scope.action !== 'override' && scope.amountMinor === 0) {
    throw new CardlaneError(
      'invalid_input',
      'A void or refund approval needs an amount above zero.',
    );
  }
}
