import type { SessionOperator } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import { formatAmount } from '../../common/money';
import { GatewayError, GatewayOutcomeUnknownError } from '../gateway/errors';
import type { GatewayTransaction } from '../gateway/types';
import type { AuditRecord } from '../journal/audit';
import type { PaymentJournal, PaymentRow, PaymentState } from '../journal/payments';
import { createLogger, type Logger } from '../log/logger';
import type { ApprovalScope, ApprovalUse } from '../operators/approvals';
import { makeOrderId } from './order-id';
import type { PaymentGateway } from './ports';

/** Refund rows that count against what is left to refund: done, or with an open outcome. */
const RESERVING_STATES: ReadonlySet<PaymentState> = new Set([
  'approved',
  'pending',
  'unknown',
  'confirming',
]);
/** Sale states a void may start from. `confirming` covers an approval the gateway has not confirmed. */
const VOIDABLE_STATES: ReadonlySet<PaymentState> = new Set(['approved', 'confirming']);
const REFUNDABLE_STATES: ReadonlySet<PaymentState> = new Set(['approved', 'partially_refunded']);

export interface AdjustmentOutcome {
  outcome: 'approved' | 'declined' | 'unknown' | 'failed';
  /** The void or refund row. */
  action: PaymentRow;
  /** The sale after the action. */
  sale: PaymentRow;
  notice: string | null;
  /** The receipt step of an approved refund; null otherwise. */
  receipt: { printed: boolean; error: string | null } | null;
}

export interface LocalActions {
  canVoid: boolean;
  canRefund: boolean;
  refundableMinor: number;
  reason: string | null;
}

export interface GatewayView {
  transaction: GatewayTransaction | null;
  refundableMinor: number;
  suggestion: 'void' | 'refund' | 'none';
  message: string;
}

export interface AdjustmentServiceOptions {
  journal: PaymentJournal;
  gateway: PaymentGateway;
  settings: () => { laneId: string };
  /** The manager check: a manager passes, a cashier needs a one-time approval for this scope. */
  authorize(
    operator: SessionOperator | null,
    approvalId: string | null | undefined,
    scope: ApprovalScope,
  ): ApprovalUse;
  /** Appends an audit row; called after the journal commit, outside any transaction. */
  audit(record: AuditRecord): void;
  /**
   * The step after a refund is journaled (building and printing its receipt). Its failure is
   * reported as a receipt problem; the refund stands.
   */
  afterRefund?(refund: PaymentRow): Promise<{ printed: boolean }>;
  /** Runs before a void, refund or inquiry asks the gateway (demo mode syncs the merchant switch). */
  beforeGatewayCall?(): void;
  logger?: Logger;
}

/**
 * Voids and refunds of journaled sales. Each starts with the journal (local checks, remaining
 * refundable amount), asks the gateway with `inquire` whether the sale is voidable or refundable,
 * checks the manager approval, writes its own row as `pending` before the money-moving call, and
 * commits the outcome of the row and of the sale together. A money-moving call is never resent:
 * a lost reply leaves the row `unknown` for recovery.
 */
export class AdjustmentService {
  private readonly logger: Logger;
  /** Serializes adjustments, so two clicks cannot both pass the remaining-amount check. */
  private queue: Promise<unknown> = Promise.resolve();
  private open = 0;

  constructor(private readonly options: AdjustmentServiceOptions) {
    this.logger = options.logger ?? createLogger('payments.adjustments');
  }

  /** True while a void or refund is between its journal row and its outcome. */
  hasOpenAdjustment(): boolean {
    return this.open > 0;
  }

  /** What the journal allows next for a payment, before asking the gateway. */
  localActions(sale: PaymentRow): LocalActions {
    return localActionsOf(this.options.journal, sale);
  }

  refundableMinor(sale: PaymentRow): number {
    return refundableMinorOf(this.options.journal, sale);
  }

  /** Asks the gateway (read-only) what can be done with a sale now. */
  async inquire(paymentId: number): Promise<GatewayView> {
    const sale = this.requireSale(paymentId);
    const refundableMinor = this.refundableMinor(sale);
    if (sale.retref === null) {
      return {
        transaction: null,
        refundableMinor,
        suggestion: 'none',
        message: 'This payment has no gateway reference.',
      };
    }
    this.options.beforeGatewayCall?.();
    const transaction = await this.options.gateway.inquire(sale.merchantId, sale.retref);
    return { transaction, refundableMinor, ...suggest(transaction, refundableMinor) };
  }

  void(
    paymentId: number,
    operator: SessionOperator | null,
    approvalId: string | undefined,
  ): Promise<AdjustmentOutcome> {
    return this.serialize(() => this.runVoid(paymentId, operator, approvalId));
  }

  refund(
    paymentId: number,
    amountMinor: number,
    operator: SessionOperator | null,
    approvalId: string | undefined,
  ): Promise<AdjustmentOutcome> {
    return this.serialize(() => this.runRefund(paymentId, amountMinor, operator, approvalId));
  }

  private async runVoid(
    paymentId: number,
    operator: SessionOperator | null,
    approvalId: string | undefined,
  ): Promise<AdjustmentOutcome> {
    const sale = this.requireSale(paymentId);
    const local = this.localActions(sale);
    if (!local.canVoid || sale.retref === null) {
      throw new CardlaneError(
        'not_voidable',
        local.reason ?? 'This sale cannot be voided; refund it instead.',
      );
    }
    requireApprovalIdFromCashier(operator, approvalId);

    this.options.beforeGatewayCall?.();
    const transaction = await this.options.gateway.inquire(sale.merchantId, sale.retref);
    if (transaction === null) {
      throw new CardlaneError(
        'not_voidable',
        'The gateway has no record of this sale, so there is nothing to void.',
      );
    }
    if (!transaction.voidable) {
      throw new CardlaneError(
        'not_voidable',
        transaction.refundable || transaction.setlstat === 'Accepted'
          ? 'This sale has settled, so it can no longer be voided. Refund it instead.'
          : `The gateway does not allow a void of this sale (status ${transaction.setlstat ?? 'unknown'}).`,
      );
    }

    const amountMinor = sale.approvedMinor ?? sale.amountMinor;
    const use = this.options.authorize(operator, approvalId, {
      action: 'void',
      paymentId: sale.id,
      amountMinor,
    });
    const row = this.writeAhead(sale, 'void', amountMinor, operator);
    this.open += 1;
    try {
      let result;
      try {
        result = await this.options.gateway.voidTransaction(sale.merchantId, sale.retref);
      } catch (error) {
        return this.afterCallFailed(sale, row, error, use, operator, 'void');
      }
      this.logger.info('void reply received', {
        paymentId: row.id,
        orderId: row.orderId,
        saleId: sale.id,
        outcome: result.outcome,
      });

      if (result.outcome === 'voided') {
        const [done, voidedSale] = this.options.journal.transitionAll([
          {
            id: row.id,
            state: 'approved',
            update: {
              approvedMinor: amountMinor,
              retref: result.retref ?? sale.retref,
              authCode: null,
              respCode: result.respcode,
              respText: result.resptext,
            },
            note: 'voided at gateway',
          },
          {
            id: sale.id,
            state: 'voided',
            update: { attention: null },
            note: `voided by payment #${row.id}`,
          },
        ]) as [PaymentRow, PaymentRow];
        this.record('void', done, voidedSale, use, operator, 'approved');
        return { outcome: 'approved', action: done, sale: voidedSale, notice: null, receipt: null };
      }
      if (result.outcome === 'not_voided') {
        const declined = this.options.journal.transition(
          row.id,
          'declined',
          { respCode: result.respcode, respText: result.resptext },
          `void refused: ${result.reason ?? 'rejected'}`,
        );
        this.record('void', declined, sale, use, operator, 'declined');
        const notice =
          result.reason === 'settled'
            ? 'The sale settled in the meantime, so it was not voided. Refund it instead.'
            : `The gateway did not void the sale: ${result.resptext || result.respcode}.`;
        return {
          outcome: 'declined',
          action: declined,
          sale: this.options.journal.require(sale.id),
          notice,
          receipt: null,
        };
      }
      return this.markUnknown(
        sale,
        row,
        use,
        operator,
        'void',
        `respstat B: ${result.resptext || result.respcode}`,
      );
    } finally {
      this.open -= 1;
    }
  }

  private async runRefund(
    paymentId: number,
    amountMinor: number,
    operator: SessionOperator | null,
    approvalId: string | undefined,
  ): Promise<AdjustmentOutcome> {
    const sale = this.requireSale(paymentId);
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
      throw new CardlaneError('invalid_input', 'The refund amount must be more than zero.');
    }
    const local = this.localActions(sale);
    // Checked against the journal before anything is sent: refunds done or with an open outcome
    // count, so a second refund can never go beyond what the sale approved.
    if (
      (REFUNDABLE_STATES.has(sale.state) || sale.state === 'refunded') &&
      amountMinor > local.refundableMinor
    ) {
      throw new CardlaneError(
        'exceeds_refundable',
        local.refundableMinor === 0
          ? 'Nothing is left to refund on this sale.'
          : `Only ${formatAmount(local.refundableMinor)} refundable on this sale; ${formatAmount(amountMinor)} is more.`,
      );
    }
    if (!local.canRefund || sale.retref === null) {
      throw new CardlaneError('not_refundable', local.reason ?? 'This sale cannot be refunded.');
    }
    requireApprovalIdFromCashier(operator, approvalId);

    this.options.beforeGatewayCall?.();
    const transaction = await this.options.gateway.inquire(sale.merchantId, sale.retref);
    if (transaction === null) {
      throw new CardlaneError(
        'not_refundable',
        'The gateway has no record of this sale under this merchant id.',
      );
    }
    if (!transaction.refundable) {
      throw new CardlaneError(
        'not_refundable',
        transaction.voidable
          ? 'This sale has not settled yet, and this merchant account does not refund unsettled sales. Void it instead.'
          : `The gateway does not allow a refund of this sale (status ${transaction.setlstat ?? 'unknown'}).`,
      );
    }

    const use = this.options.authorize(operator, approvalId, {
      action: 'refund',
      paymentId: sale.id,
      amountMinor,
    });
    const row = this.writeAhead(sale, 'refund', amountMinor, operator);
    this.open += 1;
    try {
      let result;
      try {
        // Always under the sale's own merchant id: the gateway answers "Txn not found" otherwise.
        result = await this.options.gateway.refund(sale.merchantId, sale.retref, amountMinor);
      } catch (error) {
        return this.afterCallFailed(sale, row, error, use, operator, 'refund');
      }
      this.logger.info('refund reply received', {
        paymentId: row.id,
        orderId: row.orderId,
        saleId: sale.id,
        outcome: result.outcome,
        retref: result.retref,
      });

      if (result.outcome === 'refunded') {
        const [done, refundedSale] = this.commitRefund(sale, row, amountMinor, {
          retref: result.retref,
          authCode: null,
          respCode: result.respcode,
          respText: result.resptext,
        });
        this.record('refund', done, refundedSale, use, operator, 'approved');
        // The refund is on disk; whatever happens to the receipt from here on is its own problem.
        const receipt = await this.receiptStep(done);
        const notice =
          receipt.error === null
            ? null
            : `The refund of ${formatAmount(amountMinor)} went through, but its receipt failed: ${receipt.error}`;
        return { outcome: 'approved', action: done, sale: refundedSale, notice, receipt };
      }
      if (result.outcome === 'declined') {
        const declined = this.options.journal.transition(
          row.id,
          'declined',
          { respCode: result.respcode, respText: result.resptext, retref: result.retref },
          `refund declined: ${result.reason ?? 'declined'}`,
        );
        this.record('refund', declined, sale, use, operator, 'declined');
        const notice =
          result.reason === 'not_settled'
            ? 'The gateway refused the refund because the sale has not settled. Void it instead.'
            : `The refund was declined: ${result.resptext || result.respcode}.`;
        return {
          outcome: 'declined',
          action: declined,
          sale: this.options.journal.require(sale.id),
          notice,
          receipt: null,
        };
      }
      return this.markUnknown(
        sale,
        row,
        use,
        operator,
        'refund',
        `respstat B: ${result.resptext || result.respcode}`,
      );
    } finally {
      this.open -= 1;
    }
  }

  /** Commits an approved refund and the sale's new state in one transaction. */
  commitRefund(
    sale: PaymentRow,
    refund: PaymentRow,
    amountMinor: number,
    fields: {
      retref: string | null;
      authCode: string | null;
      respCode: string | null;
      respText: string | null;
    },
  ): [PaymentRow, PaymentRow] {
    const alreadyRefunded = this.options.journal
      .children(sale.id)
      .filter(
        (child) => child.kind === 'refund' && child.state === 'approved' && child.id !== refund.id,
      )
      .reduce((sum, child) => sum + (child.approvedMinor ?? 0), 0);
    const fullyRefunded = alreadyRefunded + amountMinor >= (sale.approvedMinor ?? 0);
    return this.options.journal.transitionAll([
      {
        id: refund.id,
        state: 'approved',
        update: { approvedMinor: amountMinor, ...fields, attention: null },
        note: 'refunded at gateway',
      },
      {
        id: sale.id,
        state: fullyRefunded ? 'refunded' : 'partially_refunded',
        update: {},
        note: `refund #${refund.id}, ${formatAmount(amountMinor)}`,
      },
    ]) as [PaymentRow, PaymentRow];
  }

  private async receiptStep(
    refund: PaymentRow,
  ): Promise<{ printed: boolean; error: string | null }> {
    if (this.options.afterRefund === undefined) return { printed: false, error: null };
    try {
      const { printed } = await this.options.afterRefund(refund);
      return { printed, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error('refund receipt failed', {
        paymentId: refund.id,
        orderId: refund.orderId,
        error,
      });
      return { printed: false, error: message };
    }
  }

  private afterCallFailed(
    sale: PaymentRow,
    row: PaymentRow,
    error: unknown,
    use: ApprovalUse,
    operator: SessionOperator | null,
    kind: 'void' | 'refund',
  ): AdjustmentOutcome {
    if (error instanceof GatewayOutcomeUnknownError || !(error instanceof GatewayError)) {
      // The request may have reached the gateway. It is not sent again: recovery finds out.
      return this.markUnknown(
        sale,
        row,
        use,
        operator,
        kind,
        error instanceof Error ? error.message : String(error),
      );
    }
    // Credentials rejected, rate limited, unreachable before sending: no money moved.
    const failed = this.options.journal.transition(
      row.id,
      'failed',
      { respText: error.message },
      `${kind} not sent: ${error.reason}`,
    );
    this.record(kind, failed, sale, use, operator, 'failed');
    this.logger.warn(`${kind} failed before reaching the gateway`, {
      paymentId: row.id,
      orderId: row.orderId,
      reason: error.reason,
    });
    throw error;
  }

  private markUnknown(
    sale: PaymentRow,
    row: PaymentRow,
    use: ApprovalUse,
    operator: SessionOperator | null,
    kind: 'void' | 'refund',
    reason: string,
  ): AdjustmentOutcome {
    const attention =
      kind === 'refund'
        ? `The ${formatAmount(row.amountMinor)} refund got no answer from the gateway. Do not refund again until it is resolved.`
        : 'The void got no answer from the gateway. Cardlane checks the sale again during recovery.';
    const unknown = this.options.journal.transition(
      row.id,
      'unknown',
      { attention },
      `${kind} outcome unknown: ${reason}`,
    );
    this.record(kind, unknown, sale, use, operator, 'unknown');
    this.logger.warn(`${kind} outcome unknown`, {
      paymentId: row.id,
      orderId: row.orderId,
      saleId: sale.id,
      reason,
    });
    return {
      outcome: 'unknown',
      action: unknown,
      sale: this.options.journal.require(sale.id),
      notice: attention,
      receipt: null,
    };
  }

  private writeAhead(
    sale: PaymentRow,
    kind: 'void' | 'refund',
    amountMinor: number,
    operator: SessionOperator | null,
  ): PaymentRow {
    const laneId = this.options.settings().laneId;
    let orderId = makeOrderId(laneId);
    for (let attempt = 0; this.options.journal.orderIdExists(orderId); attempt += 1) {
      if (attempt >= 5) throw new CardlaneError('internal', 'Could not make a unique order id.');
      orderId = makeOrderId(laneId);
    }
    const row = this.options.journal.insertPending({
      orderId,
      laneId,
      kind,
      parentId: sale.id,
      amountMinor,
      currency: sale.currency,
      merchantId: sale.merchantId,
      environment: sale.environment,
      operatorId: operator?.id ?? null,
      operatorName: operator?.name ?? null,
      reference: sale.reference,
      // The sale's card facts, so the journal and a refund receipt show the card.
      cardBrand: sale.cardBrand,
      cardLast4: sale.cardLast4,
      entryMode: sale.entryMode,
    });
    this.logger.info(`${kind} journaled as pending`, {
      paymentId: row.id,
      orderId: row.orderId,
      saleId: sale.id,
      amountMinor,
    });
    return row;
  }

  private record(
    kind: 'void' | 'refund',
    row: PaymentRow,
    sale: PaymentRow,
    use: ApprovalUse,
    operator: SessionOperator | null,
    outcome: string,
  ): void {
    try {
      this.options.audit({
        operator:
          operator === null
            ? { id: use.managerId, name: use.managerName }
            : { id: operator.id, name: operator.name },
        action: kind,
        paymentId: sale.id,
        detail: {
          actionPaymentId: row.id,
          orderId: row.orderId,
          amountMinor: row.amountMinor,
          outcome,
          retref: row.retref,
          approvedById: use.managerId,
          approvedByName: use.managerName,
        },
      });
    } catch (error) {
      // The journal row is the record of the money; a failed audit append is logged, not raised.
      this.logger.error('audit append failed', { paymentId: row.id, error });
    }
  }

  private requireSale(paymentId: number): PaymentRow {
    const sale = this.options.journal.get(paymentId);
    if (sale === null)
      throw new CardlaneError('not_found', `Payment ${paymentId} is not in the journal.`);
    if (sale.kind !== 'sale') {
      throw new CardlaneError(
        'invalid_input',
        `Payment ${paymentId} is a ${sale.kind}; void or refund its sale.`,
      );
    }
    return sale;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** What the journal allows next for a payment, before asking the gateway. */
export function localActionsOf(journal: PaymentJournal, sale: PaymentRow): LocalActions {
  if (sale.kind !== 'sale') {
    return {
      canVoid: false,
      canRefund: false,
      refundableMinor: 0,
      reason: `A ${sale.kind} cannot be voided or refunded.`,
    };
  }
  const children = journal.children(sale.id);
  const openChild = children.some(
    (child) => child.state === 'pending' || child.state === 'unknown',
  );
  const refundableMinor = refundableMinorOf(journal, sale);
  const canVoid = VOIDABLE_STATES.has(sale.state) && sale.retref !== null && !openChild;
  const canRefund =
    REFUNDABLE_STATES.has(sale.state) && sale.retref !== null && refundableMinor > 0;
  let reason: string | null = null;
  if (!canVoid && !canRefund) {
    reason = openChild
      ? 'A void or refund of this sale has an open outcome; resolve it first.'
      : sale.state === 'voided'
        ? 'This sale is voided.'
        : sale.state === 'refunded'
          ? 'This sale is refunded in full.'
          : `A ${sale.state} sale cannot be voided or refunded.`;
  }
  return { canVoid, canRefund, refundableMinor, reason };
}

/** Approved amount minus refunds that are done or whose outcome is open. */
export function refundableMinorOf(journal: PaymentJournal, sale: PaymentRow): number {
  if (sale.kind !== 'sale' || !REFUNDABLE_STATES.has(sale.state)) return 0;
  const reserved = journal
    .children(sale.id)
    .filter((child) => child.kind === 'refund' && RESERVING_STATES.has(child.state))
    .reduce((sum, child) => sum + (child.approvedMinor ?? child.amountMinor), 0);
  return Math.max(0, (sale.approvedMinor ?? 0) - reserved);
}

/** A cashier without an approval id is stopped before any gateway call; the id is checked later. */
function requireApprovalIdFromCashier(
  operator: SessionOperator | null,
  approvalId: string | undefined,
): void {
  if (operator !== null && operator.role !== 'manager' && approvalId === undefined) {
    throw new CardlaneError(
      'approval_required',
      'This needs a manager: ask a manager to approve it.',
    );
  }
}

function suggest(
  transaction: GatewayTransaction | null,
  refundableMinor: number,
): Pick<GatewayView, 'suggestion' | 'message'> {
  if (transaction === null) {
    return { suggestion: 'none', message: 'The gateway has no record of this sale.' };
  }
  if (transaction.voidable) {
    return transaction.refundable && refundableMinor > 0
      ? {
          suggestion: 'void',
          message: 'The sale has not settled: void it (a refund is also allowed for this account).',
        }
      : {
          suggestion: 'void',
          message: 'The sale has not settled yet, so it cannot be refunded. Void it instead.',
        };
  }
  if (transaction.refundable && refundableMinor > 0) {
    return {
      suggestion: 'refund',
      message: `The sale has settled: up to ${formatAmount(refundableMinor)} can be refunded.`,
    };
  }
  return {
    suggestion: 'none',
    message: `Neither a void nor a refund is possible (status ${transaction.setlstat ?? 'unknown'}).`,
  };
}
