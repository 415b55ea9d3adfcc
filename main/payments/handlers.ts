import type { DatabaseSync } from 'node:sqlite';

import type { PaymentActionResult, RenderedReceipt, SessionOperator } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import type { EventBus } from '../ipc/events';
import type { IpcRouter } from '../ipc/router';
import type { AuditLog } from '../journal/audit';
import { PaymentQueries, type PaymentFilter } from '../journal/payment-queries';
import { PaymentJournal, type PaymentRow } from '../journal/payments';
import type { LaneRuntime } from '../lane';
import { createLogger } from '../log/logger';
import { buildReceiptModel } from '../receipts/model';
import { renderReceipt } from '../receipts/render';
import type { SettingsService } from '../settings/service';
import type { AdjustmentOutcome } from './adjustments';
import { dayBounds, localDateOf } from './local-day';
import { buildDayReport, reconcileSettlement } from './reports';
import { buildDetail, toSummary } from './views';

const logger = createLogger('payments.handlers');

/** Rows a journal page returns unless the caller asks for another number. */
export const DEFAULT_PAGE_SIZE = 50;

export interface PaymentHandlerDeps {
  db: DatabaseSync;
  lane: LaneRuntime;
  settings: SettingsService;
  events: EventBus;
  audit: AuditLog;
  /** Prints a receipt; absent when no printer is set up (reprints then return `printed: false`). */
  printReceipt?: (receipt: RenderedReceipt) => Promise<void>;
}

/** Renders a payment's receipt from the journal and the receipt settings. */
export function renderPaymentReceipt(
  settings: SettingsService,
  row: PaymentRow,
  sale: PaymentRow | null,
  copy: boolean,
): RenderedReceipt {
  const current = settings.read();
  return renderReceipt(
    buildReceiptModel(
      row,
      sale,
      {
        receiptHeader: current.receiptHeader,
        receiptFooter: current.receiptFooter,
        timeZone: current.timeZone,
      },
      copy,
    ),
  );
}

/**
 * Tracks the needs-attention count and emits `attention.changed` when it changes. Call `refresh`
 * after anything that may change it: a sale's progress, a void or refund, recovery, a resolution.
 */
export class AttentionNotifier {
  private last: number | null = null;

  constructor(
    private readonly lane: LaneRuntime,
    private readonly events: EventBus,
  ) {}

  refresh(): void {
    const core = this.lane.current();
    if (core === null) return;
    let count: number;
    try {
      count = core.attention.count();
    } catch (error) {
      logger.warn('needs-attention count failed', { error });
      return;
    }
    if (count === this.last) return;
    this.last = count;
    this.events.emit('attention.changed', { count });
  }
}

/** Registers the payments, attention, reports and receipts channels. */
export function registerPaymentHandlers(
  router: IpcRouter,
  deps: PaymentHandlerDeps,
  attention: AttentionNotifier,
): void {
  // Journal reads go to the services' own database, so they work while the lane is stopped.
  const journal = new PaymentJournal(deps.db);
  const queries = new PaymentQueries(deps.db);
  const today = () => localDateOf(deps.settings.read().timeZone, Date.now());
  const detail = (paymentId: number) => {
    if (journal.get(paymentId) === null)
      throw new CardlaneError('not_found', `Payment ${paymentId} is not in the journal.`);
    return buildDetail(journal, queries, paymentId);
  };
  const actionResult = (outcome: AdjustmentOutcome): PaymentActionResult => {
    attention.refresh();
    return {
      outcome: outcome.outcome,
      action: toSummary(outcome.action),
      payment: detail(outcome.sale.id),
      notice: outcome.notice,
      receipt: outcome.receipt,
    };
  };

  router.handle('payments.search', (input, context) => {
    const zone = deps.settings.read().timeZone;
    let date = input.date ?? null;
    if (context.operator?.role !== 'manager') {
      // Cashiers see today's journal only.
      const current = today();
      if (date !== null && date !== current) {
        throw new CardlaneError(
          'forbidden',
          "Cashiers can search today's payments only. A manager can search other days.",
        );
      }
      date = current;
    }
    const filter: PaymentFilter = { limit: input.limit ?? DEFAULT_PAGE_SIZE };
    if (date !== null) {
      const bounds = dayBounds(zone, date);
      filter.fromIso = new Date(bounds.fromMs).toISOString();
      filter.toIso = new Date(bounds.toMs).toISOString();
    }
    if (input.amountMinor !== undefined) filter.amountMinor = input.amountMinor;
    if (input.last4 !== undefined) filter.last4 = input.last4;
    if (input.orderId !== undefined) filter.orderIdPrefix = input.orderId;
    if (input.retref !== undefined) filter.retref = input.retref;
    if (input.operatorId !== undefined) filter.operatorId = input.operatorId;
    if (input.kind !== undefined) filter.kind = input.kind;
    if (input.states !== undefined) filter.states = input.states;
    if (input.cursor !== undefined) filter.beforeId = input.cursor;
    const page = queries.search(filter);
    return { rows: page.rows.map(toSummary), nextCursor: page.nextCursor, date };
  });

  router.handle('payments.get', (input) => detail(input.paymentId));

  router.handle('payments.inquire', async (input) => {
    const core = await deps.lane.ensure();
    const view = await core.adjustments.inquire(input.paymentId);
    return {
      paymentId: input.paymentId,
      found: view.transaction !== null,
      settlementStatus: view.transaction?.setlstat ?? null,
      voidable: view.transaction?.voidable ?? false,
      refundable: view.transaction?.refundable ?? false,
      refundableMinor: view.refundableMinor,
      suggestion: view.suggestion,
      message: view.message,
    };
  });

  router.handle('payments.void', async (input, context) => {
    const core = await deps.lane.ensure();
    return actionResult(
      await core.adjustments.void(input.paymentId, context.operator, input.approvalId),
    );
  });

  router.handle('payments.refund', async (input, context) => {
    const core = await deps.lane.ensure();
    return actionResult(
      await core.adjustments.refund(
        input.paymentId,
        input.amountMinor,
        context.operator,
        input.approvalId,
      ),
    );
  });

  router.handle('payments.recover', async () => {
    const core = await deps.lane.ensure();
    const result = await core.recoverAll();
    attention.refresh();
    return { ...result, attention: core.attention.count() };
  });

  router.handle('payments.resolve', async (input, context) => {
    const core = await deps.lane.ensure();
    await core.attention.resolve(
      input.paymentId,
      input.resolution,
      input.reason,
      requireOperator(context.operator),
    );
    attention.refresh();
    return detail(input.paymentId);
  });

  router.handle('attention.list', async () => {
    const core = await deps.lane.ensure();
    return core.attention.list();
  });

  router.handle('attention.overrideLane', async (input, context) => {
    const core = await deps.lane.ensure();
    const items = core.attention.overrideLane(
      input.paymentId,
      input.reason,
      context.operator,
      input.approvalId,
    );
    attention.refresh();
    return items;
  });

  router.handle('reports.day', (input) => {
    const settings = deps.settings.read();
    return buildDayReport(queries, settings.timeZone, input.date ?? today(), settings.currency);
  });

  router.handle('reports.settlement', async (input) => {
    const settings = deps.settings.read();
    const core = await deps.lane.ensure();
    return reconcileSettlement(
      queries,
      core.paymentGateway,
      settings.merchantId,
      settings.timeZone,
      input.date ?? today(),
    );
  });

  router.handle('reports.runDemoSettlement', async (_input, context) => {
    const core = await deps.lane.ensure();
    const simulator = core.demoGateway;
    if (simulator === null) {
      throw new CardlaneError(
        'forbidden',
        'A settlement run can be started only in demo mode; the processor settles real batches.',
      );
    }
    const queued = simulator
      .transactions()
      .filter((transaction) => transaction.state === 'queued').length;
    simulator.runSettlement();
    logger.info('demo settlement run', { operatorId: context.operator?.id, settled: queued });
    return { settled: queued };
  });

  router.handle('receipts.get', (input) => {
    const row = journal.get(input.paymentId);
    if (row === null)
      throw new CardlaneError('not_found', `Payment ${input.paymentId} is not in the journal.`);
    return renderPaymentReceipt(
      deps.settings,
      row,
      row.parentId === null ? null : journal.get(row.parentId),
      false,
    );
  });

  router.handle('receipts.print', async (input, context) => {
    const row = journal.get(input.paymentId);
    if (row === null)
      throw new CardlaneError('not_found', `Payment ${input.paymentId} is not in the journal.`);
    const receipt = renderPaymentReceipt(
      deps.settings,
      row,
      row.parentId === null ? null : journal.get(row.parentId),
      true,
    );
    if (deps.printReceipt === undefined) {
      return { receipt, status: { printed: false, error: 'No receipt printer is set up.' } };
    }
    try {
      await deps.printReceipt(receipt);
      deps.audit.append({
        operator: context.operator,
        action: 'receipt_reprinted',
        paymentId: row.id,
      });
      return { receipt, status: { printed: true, error: null } };
    } catch (error) {
      logger.error('receipt reprint failed', { paymentId: row.id, error });
      return {
        receipt,
        status: { printed: false, error: error instanceof Error ? error.message : String(error) },
      };
    }
  });
}

function requireOperator(operator: SessionOperator | null): SessionOperator {
  if (operator === null) throw new CardlaneError('not_authenticated', 'Log in first.');
  return operator;
}
