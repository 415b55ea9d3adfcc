import { formatAmount } from '../../common/money';
import type { SettlementBatch } from '../gateway/types';
import type { PaymentQueries } from '../journal/payment-queries';
import type { PaymentJournal, PaymentRow } from '../journal/payments';
import { createLogger, type Logger } from '../log/logger';
import type { AdjustmentService } from './adjustments';
import { localDateOf } from './local-day';
import type { PaymentGateway } from './ports';

/** Days of settlement reports searched for a refund whose reply was lost. */
export const REFUND_SEARCH_DAYS = 7;

export interface AdjustmentRecoveryOptions {
  journal: PaymentJournal;
  queries: PaymentQueries;
  gateway: PaymentGateway;
  adjustments: AdjustmentService;
  timeZone: () => string;
  now?: () => Date;
  logger?: Logger;
}

/**
 * Resolves voids and refunds left `pending` or `unknown` (a crash, or a reply that never came).
 * Neither is ever sent again by itself.
 *
 * A void changes the sale at the gateway at once, so `inquire` of the sale by retref settles it:
 * "Voided" means the void went through; a sale still live means it did not.
 *
 * A refund cannot be looked up that way: our refund requests carry no order id of their own,
 * `inquireByOrderid` reports authorizations only, and `inquire` of the sale does not list its
 * refunds. Settlement reports do list every settled refund with its own retref and a negative
 * amount, so recovery searches the batches settled since the refund was written for a refund of
 * exactly this amount against this sale (its order id in `salesdoc`) whose retref the journal
 * does not have yet. Not finding one proves nothing (it may settle in a later batch), so the row
 * stays `unknown`, keeps its amount reserved against the sale, and waits for a later run or a
 * manager who checked the processor's records.
 * NOTE: that the gateway's `salesdoc` carries the sale's order id for a refund is how the
 * simulator models it; CardPointe does not document it.
 */
export class AdjustmentRecovery {
  private readonly logger: Logger;
  private readonly now: () => Date;

  constructor(private readonly options: AdjustmentRecoveryOptions) {
    this.logger = options.logger ?? createLogger('payments.recovery');
    this.now = options.now ?? (() => new Date());
  }

  async recoverAll(): Promise<{ checked: number; resolved: number }> {
    const rows = this.options.journal.listInStates(['pending', 'unknown'], undefined, [
      'void',
      'refund',
    ]);
    let resolved = 0;
    for (const row of rows) {
      if (await this.recoverRow(row)) resolved += 1;
    }
    return { checked: rows.length, resolved };
  }

  /** Recovers one void or refund row; returns true when it left `pending` / `unknown`. */
  async recoverRow(row: PaymentRow): Promise<boolean> {
    if (
      row.kind === 'sale' ||
      (row.state !== 'pending' && row.state !== 'unknown') ||
      row.parentId === null
    )
      return false;
    const sale = this.options.journal.require(row.parentId);
    try {
      return row.kind === 'void'
        ? await this.recoverVoid(row, sale)
        : await this.recoverRefund(row, sale);
    } catch (error) {
      this.logger.warn('recovery of a void or refund failed; it stays open', {
        paymentId: row.id,
        orderId: row.orderId,
        error,
      });
      if (row.state === 'pending') {
        this.options.journal.transition(
          row.id,
          'unknown',
          {
            attention: `Found unfinished after a restart; the gateway could not be asked: ${messageOf(error)}`,
          },
          'found pending at recovery',
        );
      }
      return false;
    }
  }

  private async recoverVoid(row: PaymentRow, sale: PaymentRow): Promise<boolean> {
    if (sale.retref === null) return false;
    const transaction = await this.options.gateway.inquire(sale.merchantId, sale.retref);
    if (
      transaction !== null &&
      (transaction.setlstat === 'Voided' ||
        (transaction.amountMinor === 0 && !transaction.voidable))
    ) {
      this.options.journal.transitionAll([
        {
          id: row.id,
          state: 'approved',
          update: { approvedMinor: row.amountMinor, retref: sale.retref, attention: null },
          note: 'recovered: the gateway shows the sale voided',
        },
        {
          id: sale.id,
          state: 'voided',
          update: { attention: null },
          note: `voided by payment #${row.id}, found by recovery`,
        },
      ]);
      this.logger.info('void recovered as done', {
        paymentId: row.id,
        orderId: row.orderId,
        saleId: sale.id,
      });
      return true;
    }
    if (transaction === null) {
      this.options.journal.transition(
        row.id,
        'unknown',
        {
          attention:
            'The gateway does not know the sale this void was for. A manager must check it with the processor.',
        },
        'recovery: sale not found at gateway',
      );
      return false;
    }
    // The sale is live (or settled), so the void did not happen. It is not sent again.
    this.options.journal.transition(
      row.id,
      'failed',
      { attention: null, respText: 'The void did not reach the gateway; the sale was not voided.' },
      `recovered: the gateway shows the sale ${transaction.setlstat ?? 'not voided'}`,
    );
    this.logger.info('void recovered as not done', {
      paymentId: row.id,
      orderId: row.orderId,
      saleId: sale.id,
    });
    return true;
  }

  private async recoverRefund(row: PaymentRow, sale: PaymentRow): Promise<boolean> {
    const found = await this.findSettledRefund(row, sale);
    if (found !== null) {
      this.options.adjustments.commitRefund(sale, row, row.amountMinor, {
        retref: found,
        authCode: null,
        respCode: null,
        respText: 'Recovered from the settlement report',
      });
      this.logger.info('refund recovered from settlement', {
        paymentId: row.id,
        orderId: row.orderId,
        retref: found,
      });
      return true;
    }
    this.options.journal.transition(
      row.id,
      'unknown',
      {
        attention:
          `No answer for the ${formatAmount(row.amountMinor)} refund of sale ${sale.orderId}, and no settled batch ` +
          'shows it yet. Do not refund again until it is resolved.',
      },
      'recovery: refund not found in settled batches',
    );
    return false;
  }

  /** The retref of a settled refund that matches the row, or null. */
  private async findSettledRefund(row: PaymentRow, sale: PaymentRow): Promise<string | null> {
    const dates = this.searchDates(row.createdAt);
    for (const date of dates) {
      const batches: SettlementBatch[] = await this.options.gateway.settlestat({
        merchantId: row.merchantId,
        date,
      });
      for (const batch of batches) {
        for (const transaction of batch.transactions) {
          if (transaction.amountMinor !== -row.amountMinor) continue;
          if (transaction.orderId !== sale.orderId) continue;
          if (this.options.queries.findByRetref(transaction.retref).length > 0) continue;
          return transaction.retref;
        }
      }
    }
    return null;
  }

  /** MMDD dates from the refund's day to today, in the store's zone and in UTC. */
  private searchDates(createdAt: string): string[] {
    const zone = this.options.timeZone();
    const start = Date.parse(createdAt);
    const end = this.now().getTime();
    const dates = new Set<string>();
    for (let day = 0; day <= REFUND_SEARCH_DAYS; day += 1) {
      const instant = start + day * 86_400_000;
      if (instant > end + 86_400_000) break;
      dates.add(localDateOf(zone, instant).slice(5).replace('-', ''));
      dates.add(new Date(instant).toISOString().slice(5, 10).replace('-', ''));
    }
    return [...dates];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
