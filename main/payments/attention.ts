import type { AttentionItem, AttentionResolution, SessionOperator } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import { formatAmount } from '../../common/money';
import type { AuditRecord } from '../journal/audit';
import type { PaymentJournal, PaymentRow } from '../journal/payments';
import { createLogger, type Logger } from '../log/logger';
import type { ApprovalScope, ApprovalUse } from '../operators/approvals';
import type { AdjustmentRecovery } from './adjustment-recovery';
import type { AdjustmentService } from './adjustments';
import { toSummary } from './views';

const OPEN_STATES = new Set(['pending', 'unknown', 'confirming']);

export interface AttentionServiceOptions {
  journal: PaymentJournal;
  adjustments: AdjustmentService;
  adjustmentRecovery: AdjustmentRecovery;
  /** Recovery of one sale attempt through the gateway (inquire by order id, then void by order id). */
  recoverSale(paymentId: number): Promise<boolean>;
  /** Id of the lane's sale in progress, which is not an attention item while it runs. */
  openSaleId(): number | null;
  authorize(
    operator: SessionOperator | null,
    approvalId: string | null | undefined,
    scope: ApprovalScope,
  ): ApprovalUse;
  audit(record: AuditRecord): void;
  logger?: Logger;
}

/**
 * The needs-attention list: payments whose outcome is open or that carry a note for a manager,
 * each with what is known and what to do, and the manager's ways to resolve them.
 */
export class AttentionService {
  private readonly logger: Logger;

  constructor(private readonly options: AttentionServiceOptions) {
    this.logger = options.logger ?? createLogger('payments.attention');
  }

  list(): AttentionItem[] {
    const openSale = this.options.openSaleId();
    return this.options.journal
      .listNeedingAttention()
      .filter((row) => row.id !== openSale)
      .map((row) => this.describe(row));
  }

  count(): number {
    return this.list().length;
  }

  /** Lets the lane sell while this sale attempt stays unresolved. Audited with the reason. */
  overrideLane(
    paymentId: number,
    reason: string,
    operator: SessionOperator | null,
    approvalId: string | undefined,
  ): AttentionItem[] {
    const row = this.options.journal.get(paymentId);
    if (row === null)
      throw new CardlaneError('not_found', `Payment ${paymentId} is not in the journal.`);
    if (row.kind !== 'sale' || (row.state !== 'unknown' && row.state !== 'pending')) {
      throw new CardlaneError(
        'invalid_input',
        'Only a sale whose outcome is unknown stops the lane.',
      );
    }
    const use = this.options.authorize(operator, approvalId ?? null, {
      action: 'override',
      paymentId,
      amountMinor: 0,
    });
    const override = JSON.stringify({ reason, by: use.managerName, at: new Date().toISOString() });
    this.options.journal.annotate(
      paymentId,
      { laneOverride: override },
      `lane override by ${use.managerName}`,
    );
    this.options.audit({
      operator:
        operator === null
          ? { id: use.managerId, name: use.managerName }
          : { id: operator.id, name: operator.name },
      action: 'lane_override',
      paymentId,
      detail: { reason, approvedById: use.managerId, approvedByName: use.managerName },
    });
    this.logger.warn('lane override', {
      paymentId,
      orderId: row.orderId,
      managerId: use.managerId,
    });
    return this.list();
  }

  /** Applies a manager's resolution; see the `payments.resolve` channel for the meanings. */
  async resolve(
    paymentId: number,
    resolution: AttentionResolution,
    reason: string | undefined,
    manager: SessionOperator,
  ): Promise<PaymentRow> {
    const row = this.options.journal.get(paymentId);
    if (row === null)
      throw new CardlaneError('not_found', `Payment ${paymentId} is not in the journal.`);
    if (row.id === this.options.openSaleId()) {
      throw new CardlaneError('sale_open', 'This sale is still in progress on the lane.');
    }
    const allowed = this.describe(row).resolutions;
    if (!allowed.includes(resolution)) {
      throw new CardlaneError(
        'invalid_input',
        `"${resolution}" does not apply to this payment (allowed: ${allowed.join(', ') || 'none'}).`,
      );
    }

    if (resolution === 'recheck') {
      if (row.kind === 'sale') await this.options.recoverSale(row.id);
      else await this.options.adjustmentRecovery.recoverRow(row);
    } else {
      this.applyManual(row, resolution, reason ?? '', manager);
    }
    this.options.audit({
      operator: { id: manager.id, name: manager.name },
      action: 'payment_resolved',
      paymentId: row.parentId ?? row.id,
      detail: {
        resolution,
        reason: reason ?? null,
        resolvedPaymentId: row.id,
        stateBefore: row.state,
      },
    });
    const after = this.options.journal.require(row.id);
    this.logger.info('attention item resolved', {
      paymentId: row.id,
      orderId: row.orderId,
      resolution,
      state: after.state,
    });
    return after;
  }

  private applyManual(
    row: PaymentRow,
    resolution: AttentionResolution,
    reason: string,
    manager: SessionOperator,
  ): void {
    const note = `resolved by ${manager.name}: ${resolution} (${reason})`;
    const { journal } = this.options;
    if (resolution === 'dismiss') {
      journal.annotate(row.id, { attention: null }, note);
      return;
    }
    const charged = resolution === 'charged';
    if (row.kind === 'sale') {
      journal.transition(
        row.id,
        charged ? 'approved' : 'failed',
        {
          attention: null,
          ...(charged && row.approvedMinor === null ? { approvedMinor: row.amountMinor } : {}),
        },
        note,
      );
      return;
    }
    const sale = journal.require(row.parentId ?? row.id);
    if (row.kind === 'refund') {
      if (charged) {
        this.options.adjustments.commitRefund(sale, row, row.amountMinor, {
          retref: row.retref,
          authCode: null,
          respCode: null,
          respText: note,
        });
      } else {
        journal.transition(row.id, 'failed', { attention: null }, note);
      }
      return;
    }
    if (charged) {
      journal.transitionAll([
        {
          id: row.id,
          state: 'approved',
          update: { approvedMinor: row.amountMinor, attention: null },
          note,
        },
        { id: sale.id, state: 'voided', update: { attention: null }, note },
      ]);
    } else {
      journal.transition(row.id, 'failed', { attention: null }, note);
    }
  }

  private describe(row: PaymentRow): AttentionItem {
    const amount = formatAmount(row.approvedMinor ?? row.amountMinor);
    const base = { payment: toSummary(row), laneOverride: row.laneOverride };
    const open = OPEN_STATES.has(row.state);
    if (row.kind === 'refund' && open) {
      return {
        ...base,
        problem: 'refund_unknown',
        known: row.attention ?? `The ${amount} refund has no confirmed outcome.`,
        todo:
          'Check again once the day has settled. If it stays open, look up the sale in the CardPointe portal: ' +
          'mark it "charged" if the refund is there, "not charged" if it is not. Do not refund again before.',
        blocksLane: false,
        resolutions: ['recheck', 'charged', 'not_charged'],
      };
    }
    if (row.kind === 'void' && open) {
      return {
        ...base,
        problem: 'void_unknown',
        known: row.attention ?? 'The void has no confirmed outcome.',
        todo: 'Check again: the gateway shows whether the sale is voided. If it cannot be reached, check the CardPointe portal.',
        blocksLane: false,
        resolutions: ['recheck', 'charged', 'not_charged'],
      };
    }
    if (row.kind === 'sale' && row.state === 'unknown' && row.reportedMerchantId !== null) {
      return {
        ...base,
        problem: 'outcome_unknown',
        known:
          row.attention ??
          `The terminal reported this ${amount} sale under merchant id ${row.reportedMerchantId}.`,
        todo:
          `Checking again cannot settle this: the charge, if any, is under merchant id ${row.reportedMerchantId}. ` +
          `Look up order id ${row.orderId} under that merchant in the CardPointe portal, void it there if it was ` +
          'charged, then mark the sale "not charged". Have the terminal set up for this lane\'s merchant id before the next sale.',
        blocksLane: row.laneOverride === null,
        resolutions: ['charged', 'not_charged'],
      };
    }
    if (row.kind === 'sale' && (row.state === 'unknown' || row.state === 'pending')) {
      return {
        ...base,
        problem: 'outcome_unknown',
        known: row.attention ?? `The result of this ${amount} sale never arrived.`,
        todo:
          `Check again. If the gateway stays unreachable, look up order id ${row.orderId} in the CardPointe portal and ` +
          'mark the sale "charged" or "not charged". Do not charge the customer again until then.',
        blocksLane: row.laneOverride === null,
        resolutions: ['recheck', 'charged', 'not_charged'],
      };
    }
    if (row.kind === 'sale' && row.state === 'confirming') {
      return {
        ...base,
        problem: 'unconfirmed_approval',
        known:
          row.attention ?? `The terminal approved ${amount}; the gateway has not confirmed it.`,
        todo:
          'Check again. Until the gateway confirms it, give no approved receipt. If the gateway does not know the ' +
          'approval, the customer was not charged; if it was approved after a cancel, void it.',
        blocksLane: false,
        resolutions: ['recheck', 'charged', 'not_charged'],
      };
    }
    if (row.kind === 'sale' && row.state === 'offline') {
      return {
        ...base,
        problem: 'offline',
        known:
          row.attention ??
          `The terminal accepted ${amount} offline; it is not approved until forwarded.`,
        todo: 'Check again after the terminal is back online and has forwarded its stored sales.',
        blocksLane: false,
        resolutions: ['recheck', 'dismiss'],
      };
    }
    return {
      ...base,
      problem: row.state === 'approved' && row.kind === 'sale' ? 'void_failed' : 'other',
      known: row.attention ?? 'A note was left on this payment.',
      todo:
        row.state === 'approved' && row.kind === 'sale'
          ? 'Void the sale from its detail screen if it should not stand, then dismiss this note.'
          : 'Read the note and dismiss it once handled.',
      blocksLane: false,
      resolutions: ['dismiss'],
    };
  }
}
