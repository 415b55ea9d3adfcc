import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

import {
  toRow,
  type PaymentKind,
  type PaymentRow,
  type PaymentState,
  type RawPaymentRow,
} from './payments';

/** Filters of the journal search. Times are ISO instants (UTC), as the journal stores them. */
export interface PaymentFilter {
  /** Inclusive lower bound of `created_at`. */
  fromIso?: string;
  /** Exclusive upper bound of `created_at`. */
  toIso?: string;
  /** Matches the requested or the approved amount. */
  amountMinor?: number;
  last4?: string;
  /** An order id or its beginning, case-insensitive. */
  orderIdPrefix?: string;
  retref?: string;
  operatorId?: number;
  kind?: PaymentKind;
  states?: readonly PaymentState[];
  /** Only rows with a smaller id (the previous page's cursor). */
  beforeId?: number;
  limit: number;
}

export interface PaymentPage {
  rows: PaymentRow[];
  /** Id to pass as `beforeId` for the next page; null on the last page. */
  nextCursor: number | null;
}

/** One group of the day report's aggregate. */
export interface DayAggregateRow {
  kind: PaymentKind;
  state: PaymentState;
  brand: string | null;
  operatorId: number | null;
  operatorName: string | null;
  count: number;
  approvedMinor: number;
  amountMinor: number;
}

export interface MinuteTotal {
  /** `YYYY-MM-DDTHH:MM` in UTC. */
  minute: string;
  count: number;
  approvedMinor: number;
}

export interface PaymentAuditRow {
  paymentId: number;
  at: string;
  action: string;
  operatorName: string | null;
  detail: string;
}

/** Sale states that carry an approval the gateway confirmed (later voided or refunded included). */
export const APPROVED_SALE_STATES: readonly PaymentState[] = [
  'approved',
  'partially_refunded',
  'refunded',
  'voided',
];

/**
 * Read-only queries over the payments journal for the journal screen, the reports and the
 * command line. Every query is bounded by an index: created_at for days, card_last4, amount,
 * operator, retref and order id for the search, and the id for paging.
 */
export class PaymentQueries {
  constructor(private readonly db: DatabaseSync) {}

  search(filter: PaymentFilter): PaymentPage {
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    if (filter.fromIso !== undefined) {
      where.push('created_at >= ?');
      values.push(filter.fromIso);
    }
    if (filter.toIso !== undefined) {
      where.push('created_at < ?');
      values.push(filter.toIso);
    }
    if (filter.amountMinor !== undefined) {
      where.push('(amount_minor = ? OR approved_minor = ?)');
      values.push(filter.amountMinor, filter.amountMinor);
    }
    if (filter.last4 !== undefined) {
      where.push('card_last4 = ?');
      values.push(filter.last4);
    }
    if (filter.orderIdPrefix !== undefined) {
      // A range on the unique index instead of LIKE, which SQLite cannot serve from an index here.
      const prefix = filter.orderIdPrefix.toUpperCase();
      where.push('order_id >= ? AND order_id < ?');
      values.push(prefix, `${prefix}\u007f`);
    }
    if (filter.retref !== undefined) {
      where.push('retref = ?');
      values.push(filter.retref);
    }
    if (filter.operatorId !== undefined) {
      where.push('operator_id = ?');
      values.push(filter.operatorId);
    }
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      values.push(filter.kind);
    }
    if (filter.states !== undefined && filter.states.length > 0) {
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      values.push(...filter.states);
    }
    if (filter.beforeId !== undefined) {
      where.push('id < ?');
      values.push(filter.beforeId);
    }
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    // One row more than asked tells whether another page exists.
    const raw = this.db
      .prepare(`SELECT * FROM payments ${clause} ORDER BY id DESC LIMIT ?`)
      .all(...values, filter.limit + 1) as unknown as RawPaymentRow[];
    const rows = raw.slice(0, filter.limit).map(toRow);
    const last = rows.at(-1);
    return { rows, nextCursor: raw.length > filter.limit && last !== undefined ? last.id : null };
  }

  /** Counts and sums of the rows created in [fromIso, toIso), grouped for the day report. */
  dayAggregate(fromIso: string, toIso: string): DayAggregateRow[] {
    const rows = this.db
      .prepare(
        `SELECT kind, state, card_brand AS brand, operator_id AS operatorId, operator_name AS operatorName,
                COUNT(*) AS count, COALESCE(SUM(approved_minor), 0) AS approvedMinor,
                COALESCE(SUM(amount_minor), 0) AS amountMinor
           FROM payments WHERE created_at >= ? AND created_at < ?
           GROUP BY kind, state, card_brand, operator_id, operator_name`,
      )
      .all(fromIso, toIso) as unknown as DayAggregateRow[];
    return rows;
  }

  /**
   * Approved sales per UTC minute in [fromIso, toIso), for the sales-by-hour chart. The unary `+`
   * keeps SQLite on the created_at index: the state index would scan every approved sale ever.
   */
  approvedSalesByMinute(fromIso: string, toIso: string): MinuteTotal[] {
    const placeholders = APPROVED_SALE_STATES.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT substr(created_at, 1, 16) AS minute, COUNT(*) AS count,
                COALESCE(SUM(approved_minor), 0) AS approvedMinor
           FROM payments WHERE created_at >= ? AND created_at < ? AND +kind = 'sale' AND +state IN (${placeholders})
           GROUP BY minute ORDER BY minute`,
      )
      .all(fromIso, toIso, ...APPROVED_SALE_STATES) as unknown as MinuteTotal[];
  }

  /** Rows with a retref created in [fromIso, toIso) in the given states. */
  withRetrefInRange(fromIso: string, toIso: string, states: readonly PaymentState[]): PaymentRow[] {
    const placeholders = states.map(() => '?').join(', ');
    const raw = this.db
      .prepare(
        `SELECT * FROM payments WHERE created_at >= ? AND created_at < ? AND retref IS NOT NULL
           AND state IN (${placeholders}) ORDER BY id`,
      )
      .all(fromIso, toIso, ...states) as unknown as RawPaymentRow[];
    return raw.map(toRow);
  }

  findByRetref(retref: string): PaymentRow[] {
    const raw = this.db
      .prepare('SELECT * FROM payments WHERE retref = ? ORDER BY id')
      .all(retref) as unknown as RawPaymentRow[];
    return raw.map(toRow);
  }

  /** Audit entries about the given payments, oldest first. */
  auditFor(paymentIds: readonly number[]): PaymentAuditRow[] {
    if (paymentIds.length === 0) return [];
    const placeholders = paymentIds.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT payment_id AS paymentId, at, action, operator_name AS operatorName, detail
           FROM audit_log WHERE payment_id IN (${placeholders}) ORDER BY id`,
      )
      .all(...paymentIds) as unknown as PaymentAuditRow[];
  }
}
