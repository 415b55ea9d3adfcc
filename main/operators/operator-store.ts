import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

import type { LoginOperator, OperatorRole, OperatorSummary } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import type { AuditLog } from '../journal/audit';
import { inTransaction } from '../journal/database';
import { createLogger } from '../log/logger';
import { getOrCreateSecret, SECRET_NAMES, type SecretStore } from '../settings/secret-store';
import { systemClock, type Clock } from './clock';
import { describeWait, lockoutDelayMs } from './lockout';
import { PinHasher, ScryptParamsSchema, type PinHash } from './pin-hash';
import { LockoutMirror, RowHeads, stricterLockout, type LockoutState } from './secure-state';

const logger = createLogger('operators');

interface OperatorRow {
  id: number;
  name: string;
  role: string;
  pin_hash: string;
  pin_salt: string;
  pin_params: string;
  disabled: number;
  row_hmac: string;
  created_at: string;
  updated_at: string;
  failures: number | null;
  locked_until_ms: number | null;
}

/** An operator record with the rights its row actually grants. */
export interface OperatorRecord {
  id: number;
  name: string;
  /**
   * The role the row grants. It is the stored role when the row's HMAC matches, `cashier` when only
   * the role was changed outside Cardlane, and null (no rights) when anything else was changed.
   */
  role: OperatorRole | null;
  storedRole: string;
  disabled: boolean;
  integrity: 'ok' | 'tampered';
  /**
   * Kind of change made outside Cardlane: the role column alone, other columns, or a row put back
   * from an older copy of the database (its HMAC is valid but not the current one). Null when
   * `integrity` is `ok`.
   */
  tampering: 'role_changed' | 'row_changed' | 'row_not_current' | null;
  /** The stricter of the database's and the secret store's lockout end. */
  lockedUntilMs: number | null;
  failures: number;
  pin: PinHash | null;
  createdAt: string;
  updatedAt: string;
}

/** An operator whose PIN was just checked; `role` is never null here. */
export type AuthenticatedOperator = OperatorRecord & { role: OperatorRole };

export interface OperatorActor {
  id: number;
  name: string;
}

const SELECT_OPERATORS = `
  SELECT o.id, o.name, o.role, o.pin_hash, o.pin_salt, o.pin_params, o.disabled, o.row_hmac,
         o.created_at, o.updated_at, l.failures, l.locked_until_ms
  FROM operators o LEFT JOIN operator_lockouts l ON l.operator_id = o.id`;

/** Secret-store state read once for a batch of rows. */
interface RecordContext {
  isCurrent: (id: number, rowHmac: string) => boolean;
  storedLockout: (id: number) => LockoutState;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message);
}

/**
 * Operators in the journal database. Every row carries an HMAC over the columns that grant rights
 * (id, name, role, PIN hash, salt, cost parameters, disabled), keyed by a secret outside the
 * database, so a role or PIN hash edited in the file grants nothing. The secret store also keeps
 * each operator's current row HMAC, so an older row copied back grants nothing either. Wrong PINs
 * lock the operator out for a growing delay, kept in the database and in the secret store so
 * neither a restart nor an edit of the database clears it.
 */
export class OperatorStore {
  private readonly hasher: PinHasher;
  private readonly clock: Clock;
  /** One PIN check at a time per operator, so parallel guesses cannot outrun the lockout. */
  private readonly pinQueues = new Map<number, Promise<unknown>>();
  private readonly rowHeads: RowHeads;
  private readonly lockouts: LockoutMirror;
  /** Row HMACs signed in the running transaction; see `signedTransaction`. */
  private stagedHeads: { id: number; signature: string }[] | null = null;

  constructor(
    private readonly db: DatabaseSync,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    options: { hasher?: PinHasher; clock?: Clock } = {},
  ) {
    this.hasher = options.hasher ?? new PinHasher(secrets);
    this.clock = options.clock ?? systemClock;
    this.rowHeads = new RowHeads(secrets, () =>
      (
        this.db.prepare('SELECT id, row_hmac FROM operators').all() as unknown as {
          id: number;
          row_hmac: string;
        }[]
      ).map((row) => ({ id: row.id, rowHmac: row.row_hmac })),
    );
    this.lockouts = new LockoutMirror(secrets);
  }

  list(): OperatorRecord[] {
    const rows = this.db
      .prepare(`${SELECT_OPERATORS} ORDER BY o.name COLLATE NOCASE, o.id`)
      .all() as unknown as OperatorRow[];
    const context = this.readContext();
    return rows.map((row) => this.toRecord(row, context));
  }

  get(id: number): OperatorRecord | null {
    const row = this.db.prepare(`${SELECT_OPERATORS} WHERE o.id = ?`).get(id) as unknown as
      OperatorRow | undefined;
    return row === undefined ? null : this.toRecord(row, this.readContext());
  }

  /** Active operators with rights, for the login screen: names and roles only. */
  loginList(): LoginOperator[] {
    return this.list()
      .filter((record) => !record.disabled && record.role !== null)
      .map((record) => ({ id: record.id, name: record.name, role: record.role! }));
  }

  /** Number of operator rows, valid or not. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS count FROM operators').get() as { count: number })
      .count;
  }

  activeManagerCount(): number {
    return this.list().filter((record) => record.role === 'manager' && !record.disabled).length;
  }

  /**
   * True until the first manager is created. Once it was, the marker in the secret store keeps
   * setup closed even if the operator rows are deleted from the database.
   */
  setupRequired(): boolean {
    return this.count() === 0 && this.secrets.get(SECRET_NAMES.setupComplete) === null;
  }

  async createFirstManager(name: string, pin: string): Promise<OperatorRecord> {
    if (!this.setupRequired()) {
      throw new CardlaneError(
        'forbidden',
        'Cardlane is already set up; a manager adds operators in Operators.',
      );
    }
    const record = await this.insert(name, 'manager', pin, { onlyIfEmpty: true });
    this.secrets.set(SECRET_NAMES.setupComplete, new Date(this.clock.now()).toISOString());
    return record;
  }

  async create(
    input: { name: string; role: OperatorRole; pin: string },
    actor: OperatorActor,
  ): Promise<OperatorRecord> {
    const record = await this.insert(input.name, input.role, input.pin);
    this.audit.append({
      operator: actor,
      action: 'operator_created',
      detail: { operatorId: record.id, role: record.storedRole },
    });
    return record;
  }

  update(
    id: number,
    patch: { name?: string; role?: OperatorRole; disabled?: boolean },
    actor: OperatorActor,
  ): OperatorRecord {
    const current = this.require(id);
    // A tampered row is re-signed with the rights it really had, never with the edited role.
    const role = patch.role ?? current.role ?? 'cashier';
    const disabled = patch.disabled ?? current.disabled;
    this.checkLastManager(current, role, disabled);

    const updated = this.rewrite(current, {
      name: patch.name ?? current.name,
      role,
      disabled,
      pin: current.pin,
    });
    const changed = Object.keys(patch).filter(
      (key) => patch[key as keyof typeof patch] !== undefined,
    );
    this.audit.append({
      operator: actor,
      action: 'operator_changed',
      detail: { operatorId: id, fields: changed.join(','), role, disabled },
    });
    return updated;
  }

  /** Sets a new PIN and clears the lockout. */
  async resetPin(id: number, pin: string, actor: OperatorActor): Promise<OperatorRecord> {
    const current = this.require(id);
    const hash = await this.hasher.hash(pin);
    this.signedTransaction(() => {
      this.db.prepare('DELETE FROM operator_lockouts WHERE operator_id = ?').run(id);
      this.rewriteInTransaction(current, {
        name: current.name,
        role: current.role ?? 'cashier',
        disabled: current.disabled,
        pin: hash,
      });
    });
    this.lockouts.clear(id);
    this.audit.append({
      operator: actor,
      action: 'operator_changed',
      detail: { operatorId: id, fields: 'pin' },
    });
    return this.require(id);
  }

  /**
   * Checks a PIN. Rejects during a lockout without looking at the PIN, counts wrong PINs and locks
   * the operator out once they pass the free attempts. `purpose` only changes how a failure is
   * audited.
   */
  authenticate(
    id: number,
    pin: string,
    purpose: 'login' | 'approval',
  ): Promise<AuthenticatedOperator> {
    const previous = this.pinQueues.get(id) ?? Promise.resolve();
    const attempt = previous
      .catch(() => undefined)
      .then(() => this.authenticateNow(id, pin, purpose));
    this.pinQueues.set(id, attempt);
    const cleanup = (): void => {
      if (this.pinQueues.get(id) === attempt) this.pinQueues.delete(id);
    };
    attempt.then(cleanup, cleanup);
    return attempt;
  }

  toSummary(record: OperatorRecord): OperatorSummary {
    const now = this.clock.now();
    return {
      id: record.id,
      name: record.name,
      role: record.role ?? 'cashier',
      disabled: record.disabled,
      lockedUntil:
        record.lockedUntilMs !== null && record.lockedUntilMs > now
          ? new Date(record.lockedUntilMs).toISOString()
          : null,
      integrity: record.integrity,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  private async authenticateNow(
    id: number,
    pin: string,
    purpose: 'login' | 'approval',
  ): Promise<AuthenticatedOperator> {
    const failedAction = purpose === 'login' ? 'login_failed' : 'approval_rejected';
    const record = this.get(id);
    if (record === null) {
      this.audit.append({
        action: failedAction,
        detail: { operatorId: id, reason: 'unknown_operator' },
      });
      throw new CardlaneError('not_authenticated', 'This operator does not exist.');
    }
    const actor = { id: record.id, name: record.name };

    const now = this.clock.now();
    if (record.lockedUntilMs !== null && record.lockedUntilMs > now) {
      this.audit.append({
        operator: actor,
        action: failedAction,
        detail: { reason: 'locked_out' },
      });
      throw new CardlaneError(
        'locked_out',
        `Too many wrong PINs. Try again in ${describeWait(record.lockedUntilMs - now)}.`,
      );
    }
    if (record.disabled) {
      this.audit.append({ operator: actor, action: failedAction, detail: { reason: 'disabled' } });
      throw new CardlaneError('not_authenticated', 'This operator is disabled.');
    }
    if (record.integrity === 'tampered') {
      this.audit.append({
        operator: actor,
        action: 'operator_tampered',
        detail: {
          storedRole: record.storedRole,
          grantedRole: record.role,
          tampering: record.tampering,
        },
      });
      logger.error('operator row was changed outside Cardlane', {
        operatorId: id,
        grantedRole: record.role,
        tampering: record.tampering,
      });
    }
    if (record.role === null || record.pin === null) {
      throw new CardlaneError(
        'not_authenticated',
        'This operator was changed outside Cardlane and cannot log in. A manager must reset the PIN.',
      );
    }

    if (await this.hasher.verify(pin, record.pin)) {
      this.db.prepare('DELETE FROM operator_lockouts WHERE operator_id = ?').run(id);
      this.lockouts.clear(id);
      return { ...record, role: record.role, failures: 0, lockedUntilMs: null };
    }

    const failures = this.recordFailure(id, record);
    const delay = lockoutDelayMs(failures);
    this.audit.append({
      operator: actor,
      action: failedAction,
      detail: { reason: 'wrong_pin', failures },
    });
    if (delay > 0) {
      this.audit.append({
        operator: actor,
        action: 'lockout',
        detail: { failures, seconds: Math.ceil(delay / 1000) },
      });
      logger.warn('operator locked out after wrong PINs', {
        operatorId: id,
        failures,
        delayMs: delay,
      });
      throw new CardlaneError(
        'locked_out',
        `Wrong PIN. Too many wrong PINs: try again in ${describeWait(delay)}.`,
      );
    }
    throw new CardlaneError('not_authenticated', 'Wrong PIN.');
  }

  /**
   * Counts one more wrong PIN on top of the stricter of the two stored counts, sets the lockout it
   * earns and writes both to the database and the secret store. Returns the new count.
   */
  private recordFailure(id: number, record: OperatorRecord): number {
    // Read again: a PIN reset may have cleared the count while the PIN was being checked.
    const current = this.get(id) ?? record;
    const now = this.clock.now();
    const failures = current.failures + 1;
    const delay = lockoutDelayMs(failures);
    const state: LockoutState = {
      failures,
      lockedUntilMs: delay > 0 ? now + delay : current.lockedUntilMs,
    };
    this.db
      .prepare(
        `INSERT INTO operator_lockouts (operator_id, failures, locked_until_ms, last_failure_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(operator_id) DO UPDATE SET failures = excluded.failures,
           locked_until_ms = excluded.locked_until_ms, last_failure_at = excluded.last_failure_at`,
      )
      .run(id, state.failures, state.lockedUntilMs, new Date(now).toISOString());
    this.lockouts.set(id, state);
    return failures;
  }

  private async insert(
    name: string,
    role: OperatorRole,
    pin: string,
    options: { onlyIfEmpty?: boolean } = {},
  ): Promise<OperatorRecord> {
    const hash = await this.hasher.hash(pin);
    const now = new Date(this.clock.now()).toISOString();
    try {
      return this.signedTransaction(() => {
        // Checked again inside the transaction: two setup calls may both have passed the first check
        // while their PINs were being hashed.
        if (options.onlyIfEmpty === true && this.count() > 0) {
          throw new CardlaneError(
            'forbidden',
            'Cardlane is already set up; a manager adds operators in Operators.',
          );
        }
        const result = this.db
          .prepare(
            `INSERT INTO operators (name, role, pin_hash, pin_salt, pin_params, disabled, row_hmac, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 0, '', ?, ?)`,
          )
          .run(name, role, hash.hash, hash.salt, JSON.stringify(hash.params), now, now);
        const id = Number(result.lastInsertRowid);
        const signature = this.sign({ id, name, role, pin: hash, disabled: false });
        this.db.prepare('UPDATE operators SET row_hmac = ? WHERE id = ?').run(signature, id);
        this.stageRowHead(id, signature);
        return this.require(id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new CardlaneError('invalid_input', 'An operator with this name already exists.');
      }
      throw error;
    }
  }

  private rewrite(
    current: OperatorRecord,
    next: { name: string; role: OperatorRole; disabled: boolean; pin: PinHash | null },
  ): OperatorRecord {
    try {
      return this.signedTransaction(() => this.rewriteInTransaction(current, next));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new CardlaneError('invalid_input', 'An operator with this name already exists.');
      }
      throw error;
    }
  }

  private rewriteInTransaction(
    current: OperatorRecord,
    next: { name: string; role: OperatorRole; disabled: boolean; pin: PinHash | null },
  ): OperatorRecord {
    if (next.pin === null) {
      throw new CardlaneError(
        'invalid_input',
        'This operator needs a new PIN: reset the PIN first.',
      );
    }
    const signature = this.sign({ id: current.id, ...next, pin: next.pin });
    this.db
      .prepare(
        `UPDATE operators SET name = ?, role = ?, pin_hash = ?, pin_salt = ?, pin_params = ?, disabled = ?, row_hmac = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        next.name,
        next.role,
        next.pin.hash,
        next.pin.salt,
        JSON.stringify(next.pin.params),
        next.disabled ? 1 : 0,
        signature,
        new Date(this.clock.now()).toISOString(),
        current.id,
      );
    this.stageRowHead(current.id, signature);
    return this.require(current.id);
  }

  /**
   * Runs `work` in a transaction and keeps the row heads in the secret store in step with the rows
   * it signs. Each new HMAC is staged next to the current one inside the transaction, settled as
   * the only one after the commit, and withdrawn after a rollback.
   */
  private signedTransaction<T>(work: () => T): T {
    if (this.stagedHeads !== null) {
      throw new Error('operators: signed transactions cannot be nested.');
    }
    const staged: { id: number; signature: string }[] = [];
    this.stagedHeads = staged;
    let result: T;
    try {
      result = inTransaction(this.db, work);
    } catch (error) {
      for (const head of staged) this.rowHeads.discard(head.id, head.signature);
      throw error;
    } finally {
      this.stagedHeads = null;
    }
    for (const head of staged) this.rowHeads.settle(head.id, head.signature);
    return result;
  }

  private stageRowHead(id: number, signature: string): void {
    if (this.stagedHeads === null) {
      throw new Error('operators: a row must be signed inside signedTransaction.');
    }
    this.rowHeads.stage(id, signature);
    this.stagedHeads.push({ id, signature });
  }

  private checkLastManager(current: OperatorRecord, role: OperatorRole, disabled: boolean): void {
    const isActiveManager = current.role === 'manager' && !current.disabled;
    const staysActiveManager = role === 'manager' && !disabled;
    if (isActiveManager && !staysActiveManager && this.activeManagerCount() <= 1) {
      throw new CardlaneError(
        'forbidden',
        'The last active manager cannot be disabled or made a cashier.',
      );
    }
  }

  private require(id: number): OperatorRecord {
    const record = this.get(id);
    if (record === null) {
      throw new CardlaneError('not_found', `Operator ${id} does not exist.`);
    }
    return record;
  }

  private sign(fields: {
    id: number;
    name: string;
    role: string;
    pin: PinHash;
    disabled: boolean;
  }): string {
    return this.hmac([
      fields.id,
      fields.name,
      fields.role,
      fields.pin.hash,
      fields.pin.salt,
      JSON.stringify(fields.pin.params),
      fields.disabled ? 1 : 0,
    ]);
  }

  private hmac(fields: unknown[]): string {
    const key = getOrCreateSecret(this.secrets, SECRET_NAMES.operatorKey, () =>
      randomBytes(32).toString('hex'),
    );
    return createHmac('sha256', Buffer.from(key, 'hex'))
      .update(JSON.stringify(fields))
      .digest('hex');
  }

  private readContext(): RecordContext {
    return { isCurrent: this.rowHeads.snapshot(), storedLockout: this.lockouts.snapshot() };
  }

  private toRecord(row: OperatorRow, context: RecordContext): OperatorRecord {
    const signed = (role: string): boolean => {
      const expected = Buffer.from(
        this.hmac([
          row.id,
          row.name,
          role,
          row.pin_hash,
          row.pin_salt,
          row.pin_params,
          row.disabled,
        ]),
      );
      const actual = Buffer.from(row.row_hmac);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    };

    let role: OperatorRole | null = null;
    let tampering: OperatorRecord['tampering'] = 'row_changed';
    if ((row.role === 'cashier' || row.role === 'manager') && signed(row.role)) {
      role = row.role;
      tampering = null;
    } else if (signed('cashier')) {
      // Only the role column differs from what Cardlane signed: the operator keeps cashier rights.
      role = 'cashier';
      tampering = 'role_changed';
    }

    let pin: PinHash | null = null;
    try {
      const params = ScryptParamsSchema.parse(JSON.parse(row.pin_params));
      pin = { hash: row.pin_hash, salt: row.pin_salt, params };
    } catch {
      role = null;
      tampering = 'row_changed';
    }

    if (tampering !== 'row_changed' && !context.isCurrent(row.id, row.row_hmac)) {
      // Signed by Cardlane, but not the latest version of the row: it comes from an older copy.
      role = null;
      tampering = 'row_not_current';
    }

    const lockout = stricterLockout(
      { failures: row.failures ?? 0, lockedUntilMs: row.locked_until_ms },
      context.storedLockout(row.id),
    );

    return {
      id: row.id,
      name: row.name,
      role,
      storedRole: row.role,
      disabled: row.disabled !== 0,
      integrity: tampering === null ? 'ok' : 'tampered',
      tampering,
      lockedUntilMs: lockout.lockedUntilMs,
      failures: lockout.failures,
      pin,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
