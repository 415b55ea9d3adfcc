import type { SaleProgress, SaleStage, SessionOperator } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import { formatAmount } from '../../common/money';
import type { PaymentJournal, PaymentRow, PaymentState } from '../journal/payments';
import { createLogger, type Logger } from '../log/logger';
import type { GatewayTransaction } from '../gateway/types';
import { maskCardDigits } from '../log/redact';
import type { PaymentTerminal, TerminalApproval, TerminalSaleOutcome } from '../terminal/types';
import { makeOrderId } from './order-id';
import type { PaymentGateway, SaleSettings } from './ports';
import { RECEIPT_EMV_TAGS } from './views';

/** Stages after which the lane may start the next sale. */
const FINISHED_STAGES: ReadonlySet<SaleStage> = new Set([
  'approved',
  'partially_approved',
  'declined',
  'cancelled',
  'offline',
  'failed',
  'unknown',
  'needs_attention',
]);

/** Journal states recovery resolves through the gateway. */
const OPEN_STATES: readonly PaymentState[] = ['pending', 'unknown', 'confirming'];

/** States recovery looks at: the open ones, and sales the terminal accepted offline. */
const RECONCILED_STATES: readonly PaymentState[] = [...OPEN_STATES, 'offline'];

interface OpenSale {
  row: PaymentRow;
  stage: SaleStage;
  prompt: string | null;
  notice: string | null;
  cancelRequested: boolean;
  finished: Promise<SaleProgress>;
}

export interface SaleServiceOptions {
  journal: PaymentJournal;
  terminal: PaymentTerminal;
  gateway: PaymentGateway;
  settings: () => SaleSettings;
  /** Receives every change of the lane's sale, after the journal has committed it. */
  onProgress?: (progress: SaleProgress) => void;
  /** Test-only probes at the points a crash test kills the process; production passes none. */
  hooks?: SaleHooks;
  logger?: Logger;
}

/** Synchronous probes at the steps of a sale, for crash tests. */
export interface SaleHooks {
  /** The pending row is committed; the DPT has not been written. */
  afterJournaled?(row: PaymentRow): void;
  /** The DPT frame has been written to the port. */
  afterDptSent?(row: PaymentRow): void;
  /** The terminal's final frame has arrived; the journal has not recorded it yet. */
  afterTerminalOutcome?(row: PaymentRow, outcome: TerminalSaleOutcome): void;
}

/** Counts of one recovery run. */
export interface RecoverySummary {
  checked: number;
  /** Rows that left `pending`, `unknown` or `confirming`. */
  resolved: number;
}

/**
 * Runs card sales on one lane, one open sale at a time. The journal row is committed before the
 * terminal is asked to charge, and every later state before anyone is told of it. A terminal
 * approval counts only once the gateway confirms it by order id.
 */
export class SaleService {
  private current: OpenSale | null = null;
  private readonly logger: Logger;

  constructor(private readonly options: SaleServiceOptions) {
    this.logger = options.logger ?? createLogger('payments');
  }

  /** The lane's open sale, or its last finished one until the cashier dismisses it. */
  currentProgress(): SaleProgress | null {
    return this.current === null ? null : this.toProgress(this.current);
  }

  /** The operator who started the open sale; null when no sale is open or none was logged in. */
  openSaleOperatorId(): number | null {
    return this.hasOpenSale() ? (this.current?.row.operatorId ?? null) : null;
  }

  /** True while a sale is in progress (not merely shown after it finished). */
  hasOpenSale(): boolean {
    return this.current !== null && !FINISHED_STAGES.has(this.current.stage);
  }

  /**
   * Starts a sale and returns at once; progress arrives through `onProgress`. A second call while
   * a sale is open returns the open sale instead of starting another, which is what makes a
   * double click or a renderer reload harmless.
   */
  start(
    amountMinor: number,
    operator: SessionOperator | null,
    reference: string | null = null,
  ): SaleProgress {
    if (this.current !== null && !FINISHED_STAGES.has(this.current.stage)) {
      this.logger.info('sale start ignored: a sale is open', {
        paymentId: this.current.row.id,
        orderId: this.current.row.orderId,
      });
      return this.toProgress(this.current);
    }

    const settings = this.options.settings();
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
      throw new CardlaneError('invalid_input', 'The amount must be more than zero.');
    }
    if (amountMinor > settings.maxSaleMinor) {
      throw new CardlaneError(
        'invalid_input',
        `The amount is above this lane's maximum of ${formatAmount(settings.maxSaleMinor)}.`,
      );
    }
    // A sale attempt with an open outcome stops the lane until recovery or a manager resolves it,
    // or a manager overrides the block for that row.
    const blocking = this.options.journal.listBlockingSales(settings.laneId);
    if (blocking.length > 0) {
      throw new CardlaneError(
        'lane_blocked',
        'The outcome of an earlier sale is not known yet. Cardlane is checking with the gateway; ' +
          'a manager can resolve it from the Needs attention list.',
      );
    }

    const row = this.options.journal.insertPending({
      orderId: this.freshOrderId(settings.laneId),
      laneId: settings.laneId,
      kind: 'sale',
      amountMinor,
      currency: settings.currency,
      merchantId: settings.merchantId,
      environment: settings.environment,
      operatorId: operator?.id ?? null,
      operatorName: operator?.name ?? null,
      reference,
    });
    this.logger.info('sale journaled as pending', {
      paymentId: row.id,
      orderId: row.orderId,
      amountMinor,
    });
    this.options.hooks?.afterJournaled?.(row);

    const sale: OpenSale = {
      row,
      stage: 'starting',
      prompt: null,
      notice: null,
      cancelRequested: false,
      finished: Promise.resolve(null as unknown as SaleProgress),
    };
    this.current = sale;
    sale.finished = this.run(sale, settings);
    this.publish(sale);
    return this.toProgress(sale);
  }

  /** Resolves when the sale with this journal id has finished. */
  async waitUntilFinished(paymentId: number): Promise<SaleProgress> {
    const sale = this.current;
    if (sale === null || sale.row.id !== paymentId) {
      throw new CardlaneError('not_found', `Sale ${paymentId} is not the lane's current sale.`);
    }
    return sale.finished;
  }

  /**
   * Asks the terminal to cancel the open sale. If the card has already been read, the sale goes on
   * to its result, and an approval that arrives after the cancel is voided through the gateway.
   */
  async cancel(): Promise<SaleProgress | null> {
    const sale = this.current;
    if (sale === null || FINISHED_STAGES.has(sale.stage) || sale.stage === 'confirming') {
      return this.currentProgress();
    }
    sale.cancelRequested = true;
    sale.stage = 'cancelling';
    this.publish(sale);
    const result = await this.options.terminal.cancel();
    this.logger.info('cancel requested', {
      paymentId: sale.row.id,
      orderId: sale.row.orderId,
      result,
    });
    if (result === 'card_already_read' || result === 'failed') {
      if (!FINISHED_STAGES.has(sale.stage)) {
        sale.stage = 'in_payment';
        sale.notice =
          'The card was already read, so the terminal is finishing the payment. If it is approved, ' +
          'Cardlane voids it.';
        this.publish(sale);
      }
    }
    return this.toProgress(sale);
  }

  /** Clears a finished sale from the lane. An open sale cannot be dismissed. */
  dismiss(): void {
    if (this.current !== null && !FINISHED_STAGES.has(this.current.stage)) {
      throw new CardlaneError(
        'sale_open',
        'A sale is in progress. Cancel it or wait for its result.',
      );
    }
    this.current = null;
  }

  /**
   * Resolves every sale attempt left `pending`, `unknown` or waiting for confirmation, as at
   * start-up after a crash. Safe to call again: each row moves only forward. Voids and refunds
   * have their own recovery.
   */
  async recoverAll(): Promise<RecoverySummary> {
    const rows = this.options.journal.listInStates(RECONCILED_STATES, undefined, ['sale']);
    let resolved = 0;
    for (const row of rows) {
      if (this.isOpenSale(row.id) || this.leftToManager(row)) continue;
      if (await this.recoverRow(row)) resolved += 1;
    }
    return { checked: rows.length, resolved };
  }

  /** Runs recovery for one sale attempt now; returns true when it left its open state. */
  async recoverPayment(paymentId: number): Promise<boolean> {
    const row = this.options.journal.require(paymentId);
    if (row.kind !== 'sale' || !RECONCILED_STATES.includes(row.state) || this.isOpenSale(row.id))
      return false;
    if (this.leftToManager(row)) return false;
    return this.recoverRow(row);
  }

  /**
   * True for a sale the terminal reported under another merchant id: the gateway is asked under the
   * configured merchant, where "not found" proves nothing, so only a manager who has checked the
   * other account can resolve it.
   */
  private leftToManager(row: PaymentRow): boolean {
    if (row.reportedMerchantId === null) return false;
    this.logger.warn('recovery skipped: the terminal reported another merchant id', {
      paymentId: row.id,
      orderId: row.orderId,
    });
    return true;
  }

  private isOpenSale(paymentId: number): boolean {
    return (
      this.current !== null &&
      this.current.row.id === paymentId &&
      !FINISHED_STAGES.has(this.current.stage)
    );
  }

  private async recoverRow(row: PaymentRow): Promise<boolean> {
    try {
      if (row.state === 'offline') return await this.reconcileOffline(row);
      const result =
        row.state === 'confirming' ? await this.confirm(row, null) : await this.resolveUnknown(row);
      return !OPEN_STATES.includes(result.row.state);
    } catch (error) {
      this.logger.error('recovery of a payment failed', {
        paymentId: row.id,
        orderId: row.orderId,
        error,
      });
      return false;
    }
  }

  /**
   * Looks up a sale the terminal accepted offline once the terminal may have forwarded it. The
   * gateway's answer decides: approved (for no more than was asked, under our merchant id) makes it
   * approved; declined means the customer was never charged and the store must collect another way;
   * not found yet leaves it offline for the next run.
   */
  private async reconcileOffline(row: PaymentRow): Promise<boolean> {
    let transactions;
    try {
      transactions = await this.options.gateway.inquireByOrderid(row.merchantId, row.orderId);
    } catch (error) {
      this.logger.warn('offline sale not reconciled: gateway unavailable', {
        paymentId: row.id,
        orderId: row.orderId,
        error,
      });
      return false;
    }
    const approved = transactions.find(
      (transaction) =>
        transaction.respstat === 'A' &&
        transaction.merchantId === row.merchantId &&
        transaction.amountMinor <= row.amountMinor,
    );
    if (approved !== undefined) {
      this.options.journal.transition(
        row.id,
        'approved',
        {
          approvedMinor: approved.amountMinor,
          retref: approved.retref,
          authCode: approved.authCode,
          respCode: approved.respcode,
          respText: maskCardDigits(approved.resptext),
          attention: null,
        },
        'offline sale forwarded and approved',
      );
      this.logger.info('offline sale reconciled', {
        paymentId: row.id,
        orderId: row.orderId,
        retref: approved.retref,
      });
      return true;
    }
    const declined = transactions.find((transaction) => transaction.respstat === 'C');
    if (declined !== undefined) {
      this.options.journal.transition(
        row.id,
        'declined',
        {
          respCode: declined.respcode,
          respText: maskCardDigits(declined.resptext),
          retref: declined.retref,
          attention:
            'The terminal accepted this sale offline, but it was declined when forwarded: the customer was not charged. Collect the amount another way.',
        },
        'offline sale forwarded and declined',
      );
      this.logger.warn('offline sale declined when forwarded', {
        paymentId: row.id,
        orderId: row.orderId,
      });
      return true;
    }
    return false;
  }

  private freshOrderId(laneId: string): string {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const orderId = makeOrderId(laneId);
      if (!this.options.journal.orderIdExists(orderId)) return orderId;
    }
    throw new CardlaneError('internal', 'Could not make a unique order id.');
  }

  private async run(sale: OpenSale, settings: SaleSettings): Promise<SaleProgress> {
    let outcome: TerminalSaleOutcome;
    try {
      outcome = await this.options.terminal.sale(
        {
          orderId: sale.row.orderId,
          amountMinor: sale.row.amountMinor,
          paymentType: 'sale',
          paymentUser: settings.laneId,
        },
        {
          onSent: () => {
            this.logger.info('sale sent to terminal', {
              paymentId: sale.row.id,
              orderId: sale.row.orderId,
            });
            this.options.hooks?.afterDptSent?.(sale.row);
          },
          onPrompt: (prompt) => {
            sale.prompt = prompt.text;
            if (sale.stage === 'starting') sale.stage = 'in_payment';
            this.publish(sale);
          },
        },
      );
    } catch (error) {
      // The terminal rejected the sale before the DPT was written, so no card can have been charged.
      const message =
        error instanceof CardlaneError
          ? error.message
          : 'The terminal could not start the payment.';
      this.settle(
        sale,
        this.options.journal.transition(
          sale.row.id,
          'failed',
          { respText: message },
          'terminal did not take the sale',
        ),
        'failed',
        message,
      );
      this.logger.warn('terminal did not take the sale', {
        paymentId: sale.row.id,
        orderId: sale.row.orderId,
        error,
      });
      return this.toProgress(sale);
    }

    this.options.hooks?.afterTerminalOutcome?.(sale.row, outcome);
    try {
      await this.applyOutcome(sale, outcome, settings);
    } catch (error) {
      this.logger.error('recording the sale outcome failed', {
        paymentId: sale.row.id,
        orderId: sale.row.orderId,
        error,
      });
      sale.stage = 'needs_attention';
      sale.notice = 'Cardlane could not record the result. A manager must check this payment.';
      this.publish(sale);
    }
    return this.toProgress(sale);
  }

  private async applyOutcome(
    sale: OpenSale,
    outcome: TerminalSaleOutcome,
    settings: SaleSettings,
  ): Promise<void> {
    const { journal } = this.options;
    const id = sale.row.id;
    this.logger.info('terminal outcome', {
      paymentId: id,
      orderId: sale.row.orderId,
      outcome: outcome.kind,
    });

    switch (outcome.kind) {
      case 'approved': {
        const row = journal.transition(
          id,
          'confirming',
          approvalFields(outcome.approval),
          'approved by terminal',
        );
        sale.row = row;
        sale.stage = 'confirming';
        sale.notice = null;
        this.publish(sale);
        if (outcome.afterCancel || sale.cancelRequested) {
          await this.voidAfterCancel(sale, row);
          return;
        }
        const confirmed = await this.confirm(row, outcome.approval);
        sale.row = confirmed.row;
        if (
          confirmed.row.state === 'approved' &&
          (confirmed.row.approvedMinor ?? 0) < confirmed.row.amountMinor
        ) {
          if (settings.partialApproval === 'reverse') {
            await this.reversePartial(sale, confirmed.row);
            return;
          }
          this.settle(sale, confirmed.row, 'partially_approved', partialNotice(confirmed.row));
          return;
        }
        this.settle(sale, confirmed.row, confirmed.stage, confirmed.notice);
        return;
      }
      case 'declined': {
        const row = journal.transition(
          id,
          'declined',
          {
            respCode: masked(outcome.respCode),
            respText: masked(outcome.respText),
            retref: masked(outcome.retref),
            cardBrand: masked(outcome.card.brand),
            cardLast4: outcome.card.last4,
            entryMode: masked(outcome.card.entryMode),
          },
          'declined',
        );
        this.settle(sale, row, 'declined', null);
        return;
      }
      case 'offline': {
        const row = journal.transition(
          id,
          'offline',
          approvalFields(outcome.approval),
          'accepted offline by terminal',
        );
        this.settle(
          sale,
          row,
          'offline',
          'The terminal accepted this sale offline. It is not approved until the terminal forwards it.',
        );
        return;
      }
      case 'cancelled': {
        this.settle(
          sale,
          journal.transition(id, 'cancelled', {}, 'cancelled on the terminal'),
          'cancelled',
          null,
        );
        return;
      }
      case 'failed': {
        const row = journal.transition(
          id,
          'failed',
          { respCode: masked(outcome.responseCode), respText: masked(outcome.message) },
          'terminal ended the payment',
        );
        this.settle(sale, row, 'failed', masked(outcome.message));
        return;
      }
      case 'merchant_mismatch': {
        // The terminal charged (or claims to have charged) under another merchant id, so a lookup by
        // order id under ours would wrongly say "not found". The lane stops until a manager acts.
        const reported = masked(outcome.reportedMerchantId) ?? '(none)';
        const row = journal.transition(
          id,
          'unknown',
          {
            attention: `The terminal reported merchant id ${reported} instead of ${sale.row.merchantId}. ${maskCardDigits(outcome.message)}`,
            reportedMerchantId: reported,
          },
          'terminal reported another merchant id',
        );
        this.settle(
          sale,
          row,
          'needs_attention',
          'The terminal is set up for a different merchant account, so the lane has stopped. Do not charge the customer again; call a manager.',
        );
        return;
      }
      case 'unknown': {
        const row = journal.transition(id, 'unknown', {}, `outcome unknown: ${outcome.reason}`);
        this.settle(
          sale,
          row,
          'unknown',
          'The result of this payment did not arrive. Do not charge the customer again: Cardlane is asking the gateway what happened.',
        );
        const resolved = await this.resolveUnknown(row);
        if (this.current === sale) {
          sale.row = resolved.row;
          sale.stage = resolved.stage;
          sale.notice = resolved.notice;
          this.publish(sale);
        }
        return;
      }
    }
  }

  /**
   * Confirms a terminal approval with the gateway: it counts only if the gateway knows the order id
   * with the same retref, amount and merchant id, approved.
   */
  private async confirm(
    row: PaymentRow,
    approval: TerminalApproval | null,
  ): Promise<{ row: PaymentRow; stage: SaleStage; notice: string | null }> {
    const { journal, gateway } = this.options;
    let transactions;
    try {
      transactions = await gateway.inquireByOrderid(row.merchantId, row.orderId);
    } catch (error) {
      this.logger.warn('confirmation by order id failed', {
        paymentId: row.id,
        orderId: row.orderId,
        error,
      });
      const updated = journal.transition(
        row.id,
        'confirming',
        { attention: 'Approved by the terminal; the gateway could not be reached to confirm it.' },
        'confirmation pending: gateway unreachable',
      );
      return {
        row: updated,
        stage: 'confirming',
        notice:
          'Approved by the terminal, confirming with the gateway. Do not charge the customer again.',
      };
    }

    const expectedRetref = approval?.retref ?? row.retref;
    const expectedAmount = approval?.approvedMinor ?? row.approvedMinor;
    const match = transactions.find(
      (transaction) =>
        transaction.respstat === 'A' &&
        transaction.retref === expectedRetref &&
        transaction.merchantId === row.merchantId &&
        transaction.amountMinor === expectedAmount &&
        transaction.amountMinor <= row.amountMinor,
    );
    if (match !== undefined) {
      const updated = journal.transition(
        row.id,
        'approved',
        {
          attention: null,
          authCode: row.authCode ?? match.authCode,
          cardLast4: row.cardLast4 ?? match.last4,
        },
        'confirmed by gateway',
      );
      this.logger.info('approval confirmed', {
        paymentId: row.id,
        orderId: row.orderId,
        retref: match.retref,
      });
      return { row: updated, stage: 'approved', notice: null };
    }

    const overcharge = transactions.find((transaction) => chargedTooMuch(row, transaction));
    const reason =
      overcharge !== undefined
        ? overchargeText(row, overcharge)
        : transactions.length === 0
          ? 'The terminal reported an approval that the gateway does not know.'
          : 'The gateway knows this order id with a different amount, merchant or reference than the terminal reported.';
    const updated = journal.transition(
      row.id,
      'confirming',
      { attention: reason },
      'confirmation failed',
    );
    this.logger.warn('approval not confirmed', {
      paymentId: row.id,
      orderId: row.orderId,
      found: transactions.length,
    });
    return {
      row: updated,
      stage: 'needs_attention',
      notice: `${reason} Do not give the customer an approved receipt; a manager must check this payment.`,
    };
  }

  /**
   * Settles an attempt whose outcome is unknown through the gateway: what the gateway records wins;
   * "not found" counts as never charged only when the terminal holds no payment and no offline
   * transactions, since the terminal may still forward the sale.
   */
  private async resolveUnknown(
    row: PaymentRow,
  ): Promise<{ row: PaymentRow; stage: SaleStage; notice: string | null }> {
    const { journal, gateway } = this.options;
    if (row.state === 'pending') {
      row = journal.transition(row.id, 'unknown', {}, 'found pending at recovery');
    }
    const recovery = await gateway.recover(row.merchantId, row.orderId);
    this.logger.info('recovery result', {
      paymentId: row.id,
      orderId: row.orderId,
      result: recovery.kind,
    });

    switch (recovery.kind) {
      case 'found': {
        const approved = recovery.transactions.find((transaction) => transaction.respstat === 'A');
        if (approved !== undefined && !acceptableApproval(row, approved)) {
          return this.rejectGatewayApproval(row, approved);
        }
        if (approved !== undefined) {
          const updated = journal.transition(
            row.id,
            'approved',
            {
              approvedMinor: approved.amountMinor,
              retref: approved.retref,
              authCode: approved.authCode,
              cardLast4: row.cardLast4 ?? approved.last4,
              respCode: masked(approved.respcode),
              respText: masked(approved.resptext),
              attention: null,
            },
            'recovered: approved at gateway',
          );
          return {
            row: updated,
            stage: approved.amountMinor < row.amountMinor ? 'partially_approved' : 'approved',
            notice: 'The gateway confirmed this payment after its result was lost.',
          };
        }
        const declined = recovery.transactions[0];
        const updated = journal.transition(
          row.id,
          'declined',
          {
            respCode: masked(declined?.respcode ?? null),
            respText: masked(declined?.resptext ?? null),
            retref: declined?.retref ?? null,
            attention: null,
          },
          'recovered: declined at gateway',
        );
        return { row: updated, stage: 'declined', notice: null };
      }
      case 'not_found': {
        const terminalHoldsPayment = await this.terminalMayStillForward();
        if (terminalHoldsPayment) {
          const updated = journal.transition(
            row.id,
            'unknown',
            {
              attention:
                'The gateway has no record yet, but the terminal still holds a payment or offline transactions.',
            },
            'not found at gateway; terminal may still forward it',
          );
          return {
            row: updated,
            stage: 'unknown',
            notice:
              'The terminal may still send this payment. Do not charge the customer again until it is resolved.',
          };
        }
        const updated = journal.transition(
          row.id,
          'failed',
          { attention: null },
          'recovered: never reached the gateway',
        );
        return {
          row: updated,
          stage: 'failed',
          notice:
            'The payment never reached the gateway, so the customer was not charged. You can try again.',
        };
      }
      case 'voided': {
        const updated = journal.transition(
          row.id,
          'voided',
          { attention: null },
          'recovered: reversed by order id',
        );
        return {
          row: updated,
          stage: 'failed',
          notice:
            'The result was lost, so Cardlane reversed the payment. The customer is not charged. You can try again.',
        };
      }
      case 'unresolved': {
        const updated = journal.transition(
          row.id,
          'unknown',
          {
            attention: `The gateway could not be reached to settle this payment: ${recovery.reason}`,
          },
          'recovery unresolved',
        );
        return {
          row: updated,
          stage: 'unknown',
          notice:
            'The gateway cannot be reached. Do not charge the customer again; a manager must resolve this payment.',
        };
      }
    }
  }

  /**
   * Leaves an attempt open when the gateway has an approval for its order id under another
   * merchant or for more than was requested. Such a charge is not this sale's approval, so a
   * manager decides whether to void it.
   */
  private rejectGatewayApproval(
    row: PaymentRow,
    approved: GatewayTransaction,
  ): { row: PaymentRow; stage: SaleStage; notice: string | null } {
    const { journal } = this.options;
    let updated: PaymentRow;
    if (approved.merchantId === row.merchantId) {
      // An overcharge waits as an approval the gateway has not confirmed: it does not stop the
      // lane and prints no receipt, and it keeps its retref so a manager can void it.
      updated = journal.transition(
        row.id,
        'confirming',
        { attention: overchargeText(row, approved), retref: approved.retref },
        'recovery rejected an approval above the requested amount',
      );
    } else {
      // Under another merchant, as when the terminal reports one: the lane stops and recovery
      // leaves the row to a manager.
      const reported = maskCardDigits(approved.merchantId);
      updated = journal.transition(
        row.id,
        'unknown',
        {
          attention: `The gateway has an approval for this order id under merchant id ${reported} instead of ${row.merchantId} (retref ${approved.retref}).`,
          reportedMerchantId: reported,
        },
        'recovery rejected an approval under another merchant id',
      );
    }
    this.logger.warn('gateway approval rejected at recovery', {
      paymentId: row.id,
      orderId: row.orderId,
      retref: approved.retref,
      amountMinor: approved.amountMinor,
    });
    return {
      row: updated,
      stage: 'needs_attention',
      notice: `${updated.attention ?? ''} Do not give the customer an approved receipt; a manager must check this payment.`,
    };
  }

  private async terminalMayStillForward(): Promise<boolean> {
    try {
      const flags = await this.options.terminal.readFlags();
      return flags.inPayment || flags.offlineTransactionsWaiting || flags.offlineRecovery;
    } catch (error) {
      // Without the terminal's word, "not found" proves nothing.
      this.logger.warn('terminal status unavailable during recovery', { error });
      return true;
    }
  }

  private async voidAfterCancel(sale: OpenSale, row: PaymentRow): Promise<void> {
    const voided = row.retref !== null && (await this.tryVoid(row));
    if (voided) {
      this.settle(
        sale,
        this.options.journal.transition(
          row.id,
          'voided',
          { attention: null },
          'approved after cancel; voided',
        ),
        'cancelled',
        'The card was approved after you cancelled, so Cardlane voided it. The customer is not charged.',
      );
      return;
    }
    const updated = this.options.journal.transition(
      row.id,
      'confirming',
      { attention: 'Approved after the cashier cancelled, and the void did not go through.' },
      'approved after cancel; void failed',
    );
    this.settle(
      sale,
      updated,
      'needs_attention',
      'The card was approved after you cancelled and the void failed. A manager must void it.',
    );
  }

  private async reversePartial(sale: OpenSale, row: PaymentRow): Promise<void> {
    const voided = await this.tryVoid(row);
    if (voided) {
      this.settle(
        sale,
        this.options.journal.transition(
          row.id,
          'voided',
          {},
          'partial approval reversed by policy',
        ),
        'declined',
        `Only ${formatAmount(row.approvedMinor ?? 0)} was approved, so Cardlane reversed it. Ask for another card.`,
      );
      return;
    }
    const updated = this.options.journal.transition(
      row.id,
      'approved',
      { attention: 'Partial approval could not be reversed.' },
      'partial reversal failed',
    );
    this.settle(
      sale,
      updated,
      'needs_attention',
      'The partial approval could not be reversed. A manager must void it.',
    );
  }

  private async tryVoid(row: PaymentRow): Promise<boolean> {
    if (row.retref === null) return false;
    try {
      return await this.options.gateway.voidByRetref(row.merchantId, row.retref);
    } catch (error) {
      this.logger.error('void failed', {
        paymentId: row.id,
        orderId: row.orderId,
        retref: row.retref,
        error,
      });
      return false;
    }
  }

  private settle(sale: OpenSale, row: PaymentRow, stage: SaleStage, notice: string | null): void {
    sale.row = row;
    sale.stage = stage;
    sale.notice = notice;
    sale.prompt = null;
    this.logger.info('sale stage', {
      paymentId: row.id,
      orderId: row.orderId,
      state: row.state,
      stage,
    });
    this.publish(sale);
  }

  private publish(sale: OpenSale): void {
    if (this.current !== sale) return;
    this.options.onProgress?.(this.toProgress(sale));
  }

  private toProgress(sale: OpenSale): SaleProgress {
    const row = sale.row;
    const hasResult = [
      'approved',
      'partially_approved',
      'declined',
      'confirming',
      'needs_attention',
      'offline',
      'failed',
    ].includes(sale.stage);
    return {
      paymentId: row.id,
      orderId: row.orderId,
      amountMinor: row.amountMinor,
      currency: row.currency,
      stage: sale.stage,
      prompt: sale.prompt,
      startedAt: row.createdAt,
      notice: sale.notice,
      result: hasResult
        ? {
            approvedMinor: row.approvedMinor ?? 0,
            card: { brand: row.cardBrand, last4: row.cardLast4, entryMode: row.entryMode },
            authCode: row.authCode,
            retref: row.retref,
            reason: row.respText,
            respCode: row.respCode,
          }
        : null,
    };
  }
}

/** Longest EMV tag value kept; receipts show AIDs, labels and bit strings, all far shorter. */
const MAX_EMV_VALUE_LENGTH = 64;

/**
 * Returns the fields of a terminal approval the journal keeps. Only the EMV tags a receipt prints
 * are kept, and the device's other receipt data is dropped. Every text has card-number-shaped digit
 * runs masked, whichever terminal sent it.
 */
function approvalFields(approval: TerminalApproval) {
  const emvTags: Record<string, string> = {};
  for (const [name] of RECEIPT_EMV_TAGS) {
    const value = approval.emvTags[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_EMV_VALUE_LENGTH) {
      emvTags[name] = maskCardDigits(value);
    }
  }
  return {
    approvedMinor: approval.approvedMinor,
    retref: masked(approval.retref),
    authCode: masked(approval.authCode),
    respCode: masked(approval.respCode),
    respText: masked(approval.respText),
    cardBrand: masked(approval.card.brand),
    cardLast4: approval.card.last4,
    entryMode: masked(approval.card.entryMode),
    emvJson: JSON.stringify({ emvTags }),
  };
}

/** Applies `maskCardDigits` to an optional text. */
function masked(text: string | null): string | null {
  return text === null ? null : maskCardDigits(text);
}

/** True when a gateway approval for the order was for more than the attempt requested. */
function chargedTooMuch(row: PaymentRow, transaction: GatewayTransaction): boolean {
  return transaction.respstat === 'A' && transaction.amountMinor > row.amountMinor;
}

/** Returns true for a gateway approval under this row's merchant for no more than requested. */
function acceptableApproval(row: PaymentRow, transaction: GatewayTransaction): boolean {
  return transaction.merchantId === row.merchantId && !chargedTooMuch(row, transaction);
}

function overchargeText(row: PaymentRow, transaction: GatewayTransaction): string {
  return `The gateway approved ${formatAmount(transaction.amountMinor)} for this order id, more than the ${formatAmount(row.amountMinor)} requested (retref ${transaction.retref}). Void it and charge the right amount.`;
}

function partialNotice(row: PaymentRow): string {
  const approved = row.approvedMinor ?? 0;
  return `Partial approval: ${formatAmount(approved)} approved, ${formatAmount(row.amountMinor - approved)} still due. Take the rest with another card or cash.`;
}
