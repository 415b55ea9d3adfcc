import type { DatabaseSync } from 'node:sqlite';

import { inTransaction } from './database';

import { PAYMENT_STATES } from '../../common/contract/payments';

/** Journal states of a payment attempt; the flow between them is described on `SaleService`. */
export { PAYMENT_STATES };
export type PaymentState = (typeof PAYMENT_STATES)[number];

export type PaymentKind = 'sale' | 'void' | 'refund';

export interface PaymentRow {
  id: number;
  orderId: string;
  laneId: string;
  kind: PaymentKind;
  parentId: number | null;
  state: PaymentState;
  amountMinor: number;
  approvedMinor: number | null;
  currency: string;
  merchantId: string;
  environment: string;
  operatorId: number | null;
  operatorName: string | null;
  reference: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  entryMode: string | null;
  authCode: string | null;
  retref: string | null;
  respCode: string | null;
  respText: string | null;
  emvJson: string | null;
  /** Why a manager must look at this payment; null when nothing is needed. */
  attention: string | null;
  /** A manager's override (JSON: reason, who, when) that lets the lane sell despite this row. */
  laneOverride: string | null;
  /**
   * The other merchant id a terminal reported for this sale. The charge, if any, is under that
   * merchant, so a lookup under ours proves nothing and recovery leaves the row to a manager.
   */
  reportedMerchantId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewPayment {
  orderId: string;
  laneId: string;
  kind: PaymentKind;
  parentId?: number | null;
  amountMinor: number;
  currency: string;
  merchantId: string;
  environment: string;
  operatorId: number | null;
  operatorName: string | null;
  reference?: string | null;
  /** Card facts copied from the sale for a void or refund row. */
  cardBrand?: string | null;
  cardLast4?: string | null;
  entryMode?: string | null;
}

/** Fields a transition may set alongside the new state. */
export type PaymentUpdate = Partial<
  Pick<
    PaymentRow,
    | 'approvedMinor'
    | 'cardBrand'
    | 'cardLast4'
    | 'entryMode'
    | 'authCode'
    | 'retref'
    | 'respCode'
    | 'respText'
    | 'emvJson'
    | 'attention'
    | 'laneOverride'
    | 'reportedMerchantId'
  >
>;

/** One transition for `transitionAll`. */
export interface PaymentStep {
  id: number;
  state: PaymentState;
  update?: PaymentUpdate;
  note?: string | null;
}

export interface PaymentEvent {
  at: string;
  fromState: PaymentState | null;
  toState: PaymentState;
  note: string | null;
}

const COLUMNS: Record<keyof PaymentUpdate, string> = {
  approvedMinor: 'approved_minor',
  cardBrand: 'card_brand',
  cardLast4: 'card_last4',
  entryMode: 'entry_mode',
  authCode: 'auth_code',
  retref: 'retref',
  respCode: 'resp_code',
  respText: 'resp_text',
  emvJson: 'emv_json',
  attention: 'attention',
  laneOverride: 'lane_override',
  reportedMerchantId: 'reported_merchant_id',
};

export interface RawPaymentRow {
  id: number;
  order_id: string;
  lane_id: string;
  kind: PaymentKind;
  parent_id: number | null;
  state: PaymentState;
  amount_minor: number;
  approved_minor: number | null;
  currency: string;
  merchant_id: string;
  environment: string;
  operator_id: number | null;
  operator_name: string | null;
  reference: string | null;
  card_brand: string | null;
  card_last4: string | null;
  entry_mode: string | null;
  auth_code: string | null;
  retref: string | null;
  resp_code: string | null;
  resp_text: string | null;
  emv_json: string | null;
  attention: string | null;
  lane_override: string | null;
  reported_merchant_id?: string | null;
  created_at: string;
  updated_at: string;
}

export function toRow(raw: RawPaymentRow): PaymentRow {
  return {
    id: raw.id,
    orderId: raw.order_id,
    laneId: raw.lane_id,
    kind: raw.kind,
    parentId: raw.parent_id,
    state: raw.state,
    amountMinor: raw.amount_minor,
    approvedMinor: raw.approved_minor,
    currency: raw.currency,
    merchantId: raw.merchant_id,
    environment: raw.environment,
    operatorId: raw.operator_id,
    operatorName: raw.operator_name,
    reference: raw.reference,
    cardBrand: raw.card_brand,
    cardLast4: raw.card_last4,
    entryMode: raw.entry_mode,
    authCode: raw.auth_code,
    retref: raw.retref,
    respCode: raw.resp_code,
    respText: raw.resp_text,
    emvJson: raw.emv_json,
    attention: raw.attention,
    laneOverride: raw.lane_override ?? null,
    reportedMerchantId: raw.reported_merchant_id ?? null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

/**
 * Payment rows and their state history. Every method commits before it returns, so a state the
 * caller goes on to act on is on disk first.
 */
export class PaymentJournal {
  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Inserts a new attempt in state `pending` and commits it. */
  insertPending(payment: NewPayment): PaymentRow {
    const at = this.now().toISOString();
    return inTransaction(this.db, () => {
      const result = this.db
        .prepare(
          `INSERT INTO payments (order_id, lane_id, kind, parent_id, state, amount_minor, currency,
             merchant_id, environment, operator_id, operator_name, reference, card_brand, card_last4,
             entry_mode, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          payment.orderId,
          payment.laneId,
          payment.kind,
          payment.parentId ?? null,
          payment.amountMinor,
          payment.currency,
          payment.merchantId,
          payment.environment,
          payment.operatorId,
          payment.operatorName,
          payment.reference ?? null,
          payment.cardBrand ?? null,
          payment.cardLast4 ?? null,
          payment.entryMode ?? null,
          at,
          at,
        );
      const id = Number(result.lastInsertRowid);
      this.db
        .prepare(
          'INSERT INTO payment_events (payment_id, at, from_state, to_state, note) VALUES (?, ?, NULL, ?, ?)',
        )
        .run(id, at, 'pending', 'created');
      return this.require(id);
    });
  }

  /** Moves a payment to `state`, setting `update`'s fields, records the step and commits. */
  transition(
    id: number,
    state: PaymentState,
    update: PaymentUpdate = {},
    note: string | null = null,
  ): PaymentRow {
    const at = this.now().toISOString();
    return inTransaction(this.db, () => this.apply({ id, state, update, note }, at));
  }

  /**
   * Applies several transitions in one transaction, e.g. a refund row and its sale, so a crash
   * leaves either both or neither. Returns the rows in the order of `steps`.
   */
  transitionAll(steps: readonly PaymentStep[]): PaymentRow[] {
    const at = this.now().toISOString();
    return inTransaction(this.db, () => steps.map((step) => this.apply(step, at)));
  }

  private apply(step: PaymentStep, at: string): PaymentRow {
    const before = this.require(step.id);
    const assignments = ['state = ?', 'updated_at = ?'];
    const values: (string | number | null)[] = [step.state, at];
    for (const [key, value] of Object.entries(step.update ?? {}) as [
      keyof PaymentUpdate,
      string | number | null,
    ][]) {
      assignments.push(`${COLUMNS[key]} = ?`);
      values.push(value);
    }
    this.db
      .prepare(`UPDATE payments SET ${assignments.join(', ')} WHERE id = ?`)
      .run(...values, step.id);
    this.db
      .prepare(
        'INSERT INTO payment_events (payment_id, at, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)',
      )
      .run(step.id, at, before.state, step.state, step.note ?? null);
    return this.require(step.id);
  }

  get(id: number): PaymentRow | null {
    const raw = this.db.prepare('SELECT * FROM payments WHERE id = ?').get(id) as
      RawPaymentRow | undefined;
    return raw === undefined ? null : toRow(raw);
  }

  require(id: number): PaymentRow {
    const row = this.get(id);
    if (row === null) {
      throw new Error(`journal: payment ${id} does not exist`);
    }
    return row;
  }

  findByOrderId(orderId: string): PaymentRow | null {
    const raw = this.db.prepare('SELECT * FROM payments WHERE order_id = ?').get(orderId) as
      RawPaymentRow | undefined;
    return raw === undefined ? null : toRow(raw);
  }

  /** True when an order id was ever used, by any lane. */
  orderIdExists(orderId: string): boolean {
    return this.db.prepare('SELECT 1 FROM payments WHERE order_id = ?').get(orderId) !== undefined;
  }

  /** Rows in any of `states`, oldest first, optionally of one lane and of some kinds only. */
  listInStates(
    states: readonly PaymentState[],
    laneId?: string,
    kinds?: readonly PaymentKind[],
  ): PaymentRow[] {
    const placeholders = states.map(() => '?').join(', ');
    const laneFilter = laneId === undefined ? '' : ' AND lane_id = ?';
    const kindFilter =
      kinds === undefined ? '' : ` AND kind IN (${kinds.map(() => '?').join(', ')})`;
    const parameters: string[] = [
      ...states,
      ...(laneId === undefined ? [] : [laneId]),
      ...(kinds ?? []),
    ];
    const rows = this.db
      .prepare(
        `SELECT * FROM payments WHERE state IN (${placeholders})${laneFilter}${kindFilter} ORDER BY id`,
      )
      .all(...parameters) as unknown as RawPaymentRow[];
    return rows.map(toRow);
  }

  /** Sale attempts of a lane whose outcome is open and that no manager has overridden. */
  listBlockingSales(laneId: string): PaymentRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM payments WHERE state IN ('pending', 'unknown') AND kind = 'sale' AND lane_id = ?
           AND lane_override IS NULL ORDER BY id`,
      )
      .all(laneId) as unknown as RawPaymentRow[];
    return rows.map(toRow);
  }

  /** Voids and refunds of a sale, oldest first. */
  children(parentId: number): PaymentRow[] {
    const rows = this.db
      .prepare('SELECT * FROM payments WHERE parent_id = ? ORDER BY id')
      .all(parentId) as unknown as RawPaymentRow[];
    return rows.map(toRow);
  }

  /** Number of rows on the needs-attention list. */
  countNeedingAttention(): number {
    const row = this.db
      .prepare(
        "SELECT COUNT(*) AS count FROM payments WHERE state = 'unknown' OR attention IS NOT NULL",
      )
      .get() as { count: number };
    return row.count;
  }

  /** Sets or clears the attention note or the lane override without a state change, with a history row. */
  annotate(
    id: number,
    update: Pick<PaymentUpdate, 'attention' | 'laneOverride'>,
    note: string,
  ): PaymentRow {
    const row = this.require(id);
    return this.transition(id, row.state, update, note);
  }

  /** Payments that need a manager: outcome unknown, or marked for attention. */
  listNeedingAttention(): PaymentRow[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM payments WHERE state = 'unknown' OR attention IS NOT NULL ORDER BY id",
      )
      .all() as unknown as RawPaymentRow[];
    return rows.map(toRow);
  }

  /** The newest rows first, at most `limit`. */
  listRecent(limit = 100): PaymentRow[] {
    const rows = this.db
      .prepare('SELECT * FROM payments ORDER BY id DESC LIMIT ?')
      .all(limit) as unknown as RawPaymentRow[];
    return rows.map(toRow);
  }

  history(id: number): PaymentEvent[] {
    const rows = this.db
      .prepare(
        'SELECT at, from_state, to_state, note FROM payment_events WHERE payment_id = ? ORDER BY id',
      )
      .all(id) as unknown as {
      at: string;
      from_state: PaymentState | null;
      to_state: PaymentState;
      note: string | null;
    }[];
    return rows.map((row) => ({
      at: row.at,
      fromState: row.from_state,
      toState: row.to_state,
      note: row.note,
    }));
  }
}
