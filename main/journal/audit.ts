import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

import type { AuditEntry, AuditVerifyResult } from '../../common/contract';
import { createLogger } from '../log/logger';
import { redact } from '../log/redact';
import { getOrCreateSecret, SECRET_NAMES, type SecretStore } from '../settings/secret-store';

const logger = createLogger('audit');

/** Actions the audit log records. */
export const AUDIT_ACTIONS = [
  'setup',
  'login',
  'login_failed',
  'lockout',
  'logout',
  'session_locked',
  'approval_granted',
  'approval_used',
  'approval_rejected',
  'lane_override',
  'void',
  'refund',
  'settings_changed',
  'environment_confirmed',
  'plain_storage_accepted',
  'credentials_changed',
  'operator_created',
  'operator_changed',
  'operator_tampered',
  'payment_resolved',
  'receipt_reprinted',
  'update_postponed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `prev_hmac` of the first row. */
export const AUDIT_GENESIS = 'genesis';

export interface AuditRecord {
  /** The operator who acted; null for the system (idle lock) or an unknown operator. */
  operator?: { id: number; name: string } | null;
  action: AuditAction;
  paymentId?: number | null;
  /** Flat facts of the entry. Values under secret-looking keys are replaced before storing. */
  detail?: Record<string, string | number | boolean | null>;
}

/** A row as stored, in the order its HMAC covers the fields. */
export interface AuditRow {
  id: number;
  at: string;
  operator_id: number | null;
  operator_name: string | null;
  action: string;
  payment_id: number | null;
  detail: string;
  prev_hmac: string;
  hmac: string;
}

/** The newest row's id and HMAC, kept in the secret store so deleting the newest rows shows. */
export interface AuditHead {
  id: number;
  hmac: string;
}

export function computeAuditHmac(key: Buffer, row: Omit<AuditRow, 'hmac'>): string {
  const fields = [
    row.id,
    row.at,
    row.operator_id,
    row.operator_name,
    row.action,
    row.payment_id,
    row.detail,
    row.prev_hmac,
  ];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

function hmacEquals(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Parses an audit key given as 64 hex digits; null when the text is not one. */
export function parseAuditKey(text: string): Buffer | null {
  const trimmed = text.trim();
  return /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : null;
}

export function parseAuditHead(text: string | null): AuditHead | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<AuditHead>;
    if (typeof value.id === 'number' && typeof value.hmac === 'string') {
      return { id: value.id, hmac: value.hmac };
    }
  } catch {
    // Falls through: an unreadable head is reported like a missing one.
  }
  return null;
}

export function readAuditRows(db: DatabaseSync): AuditRow[] {
  return db
    .prepare(
      'SELECT id, at, operator_id, operator_name, action, payment_id, detail, prev_hmac, hmac FROM audit_log ORDER BY id',
    )
    .all() as unknown as AuditRow[];
}

export interface VerifyOptions {
  /** The HMAC key; without it only the chain's continuity is checked. */
  key: Buffer | null;
  /**
   * The head from the secret store: `undefined` when it cannot be read (the command line), null
   * when the store has none.
   */
  head: AuditHead | null | undefined;
}

function fail(
  rows: number,
  problem: NonNullable<AuditVerifyResult['problem']>,
  firstBadRowId: number | null,
  message: string,
): AuditVerifyResult {
  return { ok: false, rows, firstBadRowId, problem, message };
}

/**
 * Checks the audit rows in id order. Continuity: each row's `prev_hmac` is the HMAC of the row
 * before it. With the key, each row's HMAC is recomputed, so a row edited and re-chained without
 * the key fails. With the head, the newest row must be the one the head names, so deleting the
 * newest rows shows as truncation. Reports the first failure only.
 */
export function verifyAuditRows(rows: AuditRow[], options: VerifyOptions): AuditVerifyResult {
  const hmacIds = new Map(rows.map((row) => [row.hmac, row.id]));

  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index]!;
    const expectedPrevious = index === 0 ? AUDIT_GENESIS : rows[index - 1]!.hmac;
    if (row.prev_hmac !== expectedPrevious) {
      const linkedId = hmacIds.get(row.prev_hmac);
      if (linkedId !== undefined && linkedId !== row.id) {
        return fail(
          rows.length,
          'reordered',
          row.id,
          `Audit row ${row.id} is out of order: it follows row ${linkedId}.`,
        );
      }
      return fail(rows.length, 'deleted', row.id, `A row before audit row ${row.id} was deleted.`);
    }
    if (options.key !== null) {
      const { hmac, ...fields } = row;
      if (!hmacEquals(computeAuditHmac(options.key, fields), hmac)) {
        return fail(
          rows.length,
          'edited',
          row.id,
          `Audit row ${row.id} was changed after it was written.`,
        );
      }
    }
  }

  if (options.head !== undefined) {
    const last = rows.at(-1);
    if (options.head === null) {
      if (last !== undefined) {
        return fail(
          rows.length,
          'head_missing',
          null,
          'The audit log has rows but its head is missing from secure storage.',
        );
      }
    } else {
      const headRow = rows.find((row) => row.id === options.head!.id);
      if (headRow === undefined) {
        return fail(
          rows.length,
          'truncated',
          null,
          `The newest audit rows were deleted: the log ends at row ${last?.id ?? 0}, but row ${options.head.id} was written.`,
        );
      }
      if (!hmacEquals(headRow.hmac, options.head.hmac)) {
        return fail(
          rows.length,
          'edited',
          headRow.id,
          `Audit row ${headRow.id} does not match the stored head.`,
        );
      }
    }
  }

  const checked = [
    'each row links to the one before it',
    ...(options.key === null ? [] : ['every HMAC is valid']),
    ...(options.head === undefined ? [] : ['the newest row matches the head in secure storage']),
  ];
  return {
    ok: true,
    rows: rows.length,
    firstBadRowId: null,
    problem: null,
    message: `${rows.length} audit rows verified: ${checked.join(', ')}.`,
  };
}

/**
 * The append-only audit log in the journal database. Every row is chained to the previous one by
 * an HMAC keyed with a secret from the secret store, and the newest row's id and HMAC are kept in
 * the secret store too. Rows are only ever inserted.
 */
export class AuditLog {
  private readonly clock: () => Date;

  constructor(
    private readonly db: DatabaseSync,
    private readonly secrets: SecretStore,
    options: { clock?: () => Date } = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Appends one row in its own transaction, then moves the head. Must not run inside another
   * transaction: a rollback there would leave the head naming a row that does not exist.
   */
  append(record: AuditRecord): AuditEntry {
    if (this.db.isTransaction) {
      throw new Error(
        'audit: append must run outside other transactions; call it after the commit.',
      );
    }
    const key = this.key();
    const detail = JSON.stringify(redact(record.detail ?? {}));

    this.db.exec('BEGIN IMMEDIATE');
    let row: AuditRow;
    try {
      const link = this.chainLink();
      const fields = {
        id: link.id,
        at: this.clock().toISOString(),
        operator_id: record.operator?.id ?? null,
        operator_name: record.operator?.name ?? null,
        action: record.action,
        payment_id: record.paymentId ?? null,
        detail,
        prev_hmac: link.prevHmac,
      };
      row = { ...fields, hmac: computeAuditHmac(key, fields) };
      this.db
        .prepare(
          'INSERT INTO audit_log (id, at, operator_id, operator_name, action, payment_id, detail, prev_hmac, hmac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          row.id,
          row.at,
          row.operator_id,
          row.operator_name,
          row.action,
          row.payment_id,
          row.detail,
          row.prev_hmac,
          row.hmac,
        );
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }

    // A crash between the commit and this write leaves the head one row behind, which verification
    // accepts because the rows after the head still chain and carry valid HMACs.
    this.secrets.set(
      SECRET_NAMES.auditHead,
      JSON.stringify({ id: row.id, hmac: row.hmac } satisfies AuditHead),
    );
    logger.info('audit', {
      auditId: row.id,
      action: row.action,
      operatorId: row.operator_id,
      paymentId: row.payment_id,
    });
    return toEntry(row);
  }

  /**
   * Returns the id and `prev_hmac` of the next row. It follows the last row while the row the head
   * names is in the database unchanged, including when rows follow it because a crash kept the
   * head from moving. A head row that is missing or differs from the head means the newest rows
   * were deleted or replaced. The new row then follows the head, so verification still reports the
   * gap instead of seeing a chain that runs on from the damaged tail.
   */
  private chainLink(): { id: number; prevHmac: string } {
    const last = this.db
      .prepare('SELECT id, hmac FROM audit_log ORDER BY id DESC LIMIT 1')
      .get() as { id: number; hmac: string } | undefined;
    const head = parseAuditHead(this.secrets.get(SECRET_NAMES.auditHead));
    if (head === null) {
      if (last !== undefined) {
        // The new head would hide that the old one is gone, so the log keeps a record of it.
        logger.error('audit head is missing from secure storage; chaining from the last row', {
          lastId: last.id,
        });
      }
      return { id: (last?.id ?? 0) + 1, prevHmac: last?.hmac ?? AUDIT_GENESIS };
    }

    const headRow = this.db.prepare('SELECT hmac FROM audit_log WHERE id = ?').get(head.id) as
      { hmac: string } | undefined;
    if (headRow !== undefined && hmacEquals(headRow.hmac, head.hmac)) {
      return { id: (last?.id ?? 0) + 1, prevHmac: last?.hmac ?? AUDIT_GENESIS };
    }

    logger.error('audit head row is missing or changed; chaining the new row from the head', {
      headId: head.id,
      lastId: last?.id ?? null,
      headRowFound: headRow !== undefined,
    });
    return { id: Math.max(last?.id ?? 0, head.id) + 1, prevHmac: head.hmac };
  }

  /** Returns at most `limit` entries older than `beforeId` (when given), newest first. */
  list(options: { limit?: number; beforeId?: number } = {}): AuditEntry[] {
    const limit = options.limit ?? 100;
    const rows = this.db
      .prepare(
        'SELECT id, at, operator_id, operator_name, action, payment_id, detail, prev_hmac, hmac FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
      )
      .all(options.beforeId ?? Number.MAX_SAFE_INTEGER, limit) as unknown as AuditRow[];
    return rows.map(toEntry);
  }

  /** Verifies the whole chain with the key and the head from the secret store. */
  verify(): AuditVerifyResult {
    const result = verifyAuditRows(readAuditRows(this.db), {
      key: this.key(),
      head: parseAuditHead(this.secrets.get(SECRET_NAMES.auditHead)),
    });
    if (!result.ok) {
      logger.error('audit log verification failed', {
        problem: result.problem,
        firstBadRowId: result.firstBadRowId,
      });
    }
    return result;
  }

  private key(): Buffer {
    const hex = getOrCreateSecret(this.secrets, SECRET_NAMES.auditKey, () =>
      randomBytes(32).toString('hex'),
    );
    return Buffer.from(hex, 'hex');
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    action: row.action,
    paymentId: row.payment_id,
    detail: row.detail,
  };
}
