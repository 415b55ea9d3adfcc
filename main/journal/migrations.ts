/**
 * Schema migrations of the journal database, applied once each, in this order. Never edit an
 * applied migration: add a new one.
 */
export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    name: '001_payments',
    sql: `
      CREATE TABLE payments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL UNIQUE,
        lane_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'refund')),
        parent_id INTEGER REFERENCES payments(id),
        state TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        approved_minor INTEGER,
        currency TEXT NOT NULL,
        merchant_id TEXT NOT NULL,
        environment TEXT NOT NULL,
        operator_id INTEGER,
        operator_name TEXT,
        reference TEXT,
        card_brand TEXT,
        card_last4 TEXT,
        entry_mode TEXT,
        auth_code TEXT,
        retref TEXT,
        resp_code TEXT,
        resp_text TEXT,
        emv_json TEXT,
        attention TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX payments_state ON payments(state);
      CREATE INDEX payments_created ON payments(created_at);
      CREATE INDEX payments_retref ON payments(retref);
      CREATE INDEX payments_last4 ON payments(card_last4);
      CREATE INDEX payments_parent ON payments(parent_id);

      CREATE TABLE payment_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        at TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        note TEXT
      );
      CREATE INDEX payment_events_payment ON payment_events(payment_id);
    `,
  },
  {
    // Operators with their PIN hash, salt and scrypt parameters; `row_hmac` covers every column
    // that grants rights, keyed by a secret outside the database. Lockouts are a table of their
    // own so a wrong PIN never rewrites (and re-signs) the operator row.
    name: '002_operators',
    sql: `
      CREATE TABLE operators (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        pin_salt TEXT NOT NULL,
        pin_params TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        row_hmac TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX operators_name ON operators(name COLLATE NOCASE);

      CREATE TABLE operator_lockouts (
        operator_id INTEGER PRIMARY KEY REFERENCES operators(id),
        failures INTEGER NOT NULL,
        locked_until_ms INTEGER,
        last_failure_at TEXT NOT NULL
      );
    `,
  },
  {
    // Append-only audit log: each row's HMAC covers its fields and the previous row's HMAC.
    name: '003_audit_log',
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        operator_id INTEGER,
        operator_name TEXT,
        action TEXT NOT NULL,
        payment_id INTEGER,
        detail TEXT NOT NULL,
        prev_hmac TEXT NOT NULL,
        hmac TEXT NOT NULL
      );
      CREATE INDEX audit_log_payment ON audit_log(payment_id);
    `,
  },
  {
    // A manager's lane override (the reason, as JSON with who and when) lets the lane sell while
    // the payment stays on the needs-attention list. The indexes serve the journal search by
    // amount and operator and the newest-first paging of the journal screen.
    name: '004_payment_queries',
    sql: `
      ALTER TABLE payments ADD COLUMN lane_override TEXT;
      CREATE INDEX payments_amount ON payments(amount_minor);
      CREATE INDEX payments_approved ON payments(approved_minor);
      CREATE INDEX payments_operator ON payments(operator_id);
      CREATE INDEX payments_attention ON payments(attention) WHERE attention IS NOT NULL;
    `,
  },
  {
    // The other merchant id a terminal reported for a sale. Start-up recovery leaves such a row to
    // a manager, because a lookup under the configured merchant cannot find a charge made under
    // another one.
    name: '005_payment_reported_merchant',
    sql: `
      ALTER TABLE payments ADD COLUMN reported_merchant_id TEXT;
    `,
  },
];
