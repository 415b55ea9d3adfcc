import type { DayReport, SettlementReconciliation } from '../../common/contract';
import { formatAmount } from '../../common/money';
import { APPROVED_SALE_STATES, type PaymentQueries } from '../journal/payment-queries';
import type { PaymentKind, PaymentRow, PaymentState } from '../journal/payments';
import { dayBounds, localHourLabel } from './local-day';
import type { PaymentGateway } from './ports';

const HOUR_MS = 3_600_000;
const UNRESOLVED_SALE_STATES: ReadonlySet<PaymentState> = new Set([
  'pending',
  'unknown',
  'confirming',
  'offline',
]);

interface Total {
  count: number;
  totalMinor: number;
}

function emptyTotal(): Total {
  return { count: 0, totalMinor: 0 };
}

function add(total: Total, count: number, minor: number): void {
  total.count += count;
  total.totalMinor += minor;
}

interface OperatorTotals {
  operatorId: number | null;
  operatorName: string;
  sales: Total;
  voids: Total;
  refunds: Total;
  declines: Total;
}

/**
 * The day report for a local day in the store's zone: every payment created from local midnight
 * to the next local midnight counts once, on that day. Sales count at their approved amount
 * (a partial approval at what was approved); voids reverse sales; refunds count on the day they
 * were made. Computed with two grouped queries over the created_at index.
 */
export function buildDayReport(
  queries: PaymentQueries,
  zone: string,
  date: string,
  currency: string,
): DayReport {
  const bounds = dayBounds(zone, date);
  const fromIso = new Date(bounds.fromMs).toISOString();
  const toIso = new Date(bounds.toMs).toISOString();

  const sales = emptyTotal();
  const voids = emptyTotal();
  const refunds = emptyTotal();
  const declines = emptyTotal();
  const unresolved = emptyTotal();
  const brands = new Map<string, { sales: Total; refunds: Total; voids: Total }>();
  const operators = new Map<string, OperatorTotals>();

  for (const group of queries.dayAggregate(fromIso, toIso)) {
    const brand = group.brand ?? 'unknown';
    const brandTotals = brands.get(brand) ?? {
      sales: emptyTotal(),
      refunds: emptyTotal(),
      voids: emptyTotal(),
    };
    brands.set(brand, brandTotals);
    const operatorKey = `${group.operatorId ?? ''}|${group.operatorName ?? ''}`;
    const operator = operators.get(operatorKey) ?? {
      operatorId: group.operatorId,
      operatorName: group.operatorName ?? '(command line)',
      sales: emptyTotal(),
      voids: emptyTotal(),
      refunds: emptyTotal(),
      declines: emptyTotal(),
    };
    operators.set(operatorKey, operator);

    const kind: PaymentKind = group.kind;
    if (kind === 'sale' && APPROVED_SALE_STATES.includes(group.state)) {
      add(sales, group.count, group.approvedMinor);
      add(brandTotals.sales, group.count, group.approvedMinor);
      add(operator.sales, group.count, group.approvedMinor);
      if (group.state === 'voided') {
        add(voids, group.count, group.approvedMinor);
        add(brandTotals.voids, group.count, group.approvedMinor);
        add(operator.voids, group.count, group.approvedMinor);
      }
    } else if (kind === 'sale' && group.state === 'declined') {
      add(declines, group.count, group.amountMinor);
      add(operator.declines, group.count, group.amountMinor);
    } else if (kind === 'sale' && UNRESOLVED_SALE_STATES.has(group.state)) {
      add(unresolved, group.count, group.amountMinor);
    } else if (kind === 'refund' && group.state === 'approved') {
      add(refunds, group.count, group.approvedMinor);
      add(brandTotals.refunds, group.count, group.approvedMinor);
      add(operator.refunds, group.count, group.approvedMinor);
    }
  }

  const hourly = new Map<number, Total>();
  for (const minute of queries.approvedSalesByMinute(fromIso, toIso)) {
    const instant = Date.parse(`${minute.minute}:00.000Z`);
    const hourStart = bounds.fromMs + Math.floor((instant - bounds.fromMs) / HOUR_MS) * HOUR_MS;
    const total = hourly.get(hourStart) ?? emptyTotal();
    add(total, minute.count, minute.approvedMinor);
    hourly.set(hourStart, total);
  }
  const salesByHour = [];
  for (let start = bounds.fromMs; start < bounds.toMs; start += HOUR_MS) {
    const total = hourly.get(start) ?? emptyTotal();
    salesByHour.push({
      start: new Date(start).toISOString(),
      label: localHourLabel(zone, start),
      count: total.count,
      totalMinor: total.totalMinor,
    });
  }

  const net = (totals: { sales: Total; voids: Total; refunds: Total }) =>
    totals.sales.totalMinor - totals.voids.totalMinor - totals.refunds.totalMinor;
  return {
    date,
    timeZone: zone,
    from: fromIso,
    to: toIso,
    hours: Math.round((bounds.toMs - bounds.fromMs) / HOUR_MS),
    currency,
    sales,
    voids,
    refunds,
    declines,
    unresolved,
    netMinor: net({ sales, voids, refunds }),
    byBrand: [...brands.entries()]
      .filter(([, totals]) => totals.sales.count + totals.refunds.count > 0)
      .map(([brand, totals]) => ({
        brand,
        sales: totals.sales,
        refunds: totals.refunds,
        netMinor: net(totals),
      }))
      .sort((left, right) => right.netMinor - left.netMinor),
    byOperator: [...operators.values()]
      .filter((totals) => totals.sales.count + totals.refunds.count + totals.declines.count > 0)
      .map((totals) => ({ ...totals, netMinor: net(totals) }))
      .sort((left, right) => left.operatorName.localeCompare(right.operatorName)),
    salesByHour,
  };
}

/**
 * Reconciles the gateway's settled batches of a day (`settlestat` by MMDD) with the journal:
 * what the gateway settled that the journal does not have (or has with another amount), and
 * captured sales and refunds of the day that no batch of the day contains.
 */
export async function reconcileSettlement(
  queries: PaymentQueries,
  gateway: PaymentGateway,
  merchantId: string,
  zone: string,
  date: string,
): Promise<SettlementReconciliation> {
  const batches = await gateway.settlestat({ merchantId, date: date.slice(5).replace('-', '') });
  const bounds = dayBounds(zone, date);
  const journalRows = queries
    .withRetrefInRange(new Date(bounds.fromMs).toISOString(), new Date(bounds.toMs).toISOString(), [
      'approved',
      'partially_refunded',
      'refunded',
    ])
    .filter((row) => row.kind !== 'void' && row.merchantId === merchantId);

  const entry = (
    retref: string,
    amountMinor: number,
    batchId: string | null,
    row: PaymentRow | null,
  ) => ({
    retref,
    amountMinor,
    batchId,
    paymentId: row?.id ?? null,
    orderId: row?.orderId ?? null,
    kind: row?.kind ?? null,
  });

  const matched = [];
  const gatewayOnly = [];
  const settledRetrefs = new Set<string>();
  let settledTotalMinor = 0;
  for (const batch of batches) {
    for (const transaction of batch.transactions) {
      settledRetrefs.add(transaction.retref);
      settledTotalMinor += transaction.amountMinor;
      const row =
        queries.findByRetref(transaction.retref).find((candidate) => candidate.kind !== 'void') ??
        null;
      const expected =
        row === null ? null : (row.kind === 'refund' ? -1 : 1) * (row.approvedMinor ?? 0);
      if (row !== null && expected === transaction.amountMinor) {
        matched.push(entry(transaction.retref, transaction.amountMinor, batch.batchId, row));
      } else {
        gatewayOnly.push(entry(transaction.retref, transaction.amountMinor, batch.batchId, row));
      }
    }
  }
  const journalOnly = journalRows
    .filter((row) => row.retref !== null && !settledRetrefs.has(row.retref))
    .map((row) =>
      entry(
        row.retref ?? '',
        (row.kind === 'refund' ? -1 : 1) * (row.approvedMinor ?? 0),
        null,
        row,
      ),
    );
  const journalTotalMinor = journalRows.reduce(
    (sum, row) => sum + (row.kind === 'refund' ? -1 : 1) * (row.approvedMinor ?? 0),
    0,
  );

  let message: string;
  if (batches.length === 0) {
    message = `The gateway reports no settled batch for ${date}.`;
  } else if (gatewayOnly.length === 0 && journalOnly.length === 0) {
    message = `All ${matched.length} settled transactions match the journal (${formatAmount(Math.abs(settledTotalMinor))}${settledTotalMinor < 0 ? ' credit' : ''}).`;
  } else {
    message = `${gatewayOnly.length} settled at the gateway without a matching journal row; ${journalOnly.length} in the journal not in the day's batches.`;
  }
  return {
    date,
    batches: batches.map((batch) => ({
      batchId: batch.batchId,
      hostStatus: batch.hostStatus,
      count: batch.transactions.length,
      totalMinor: batch.transactions.reduce((sum, transaction) => sum + transaction.amountMinor, 0),
    })),
    matched,
    gatewayOnly,
    journalOnly,
    settledTotalMinor,
    journalTotalMinor,
    message,
  };
}
