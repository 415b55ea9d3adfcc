import { timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import { createLogger } from '../log/logger';
import { SECRET_NAMES, type SecretStore } from '../settings/secret-store';

const logger = createLogger('operators');

const OperatorIdKey = z.string().regex(/^[1-9]\d{0,15}$/);

/**
 * Operator id to the row HMACs accepted for that operator: the latest one, and while a change is
 * being committed, the one before it as well.
 */
const RowHeadMapSchema = z.record(OperatorIdKey, z.array(z.string().min(1)).min(1).max(2));
type RowHeadMap = z.infer<typeof RowHeadMapSchema>;

const LockoutStateSchema = z.object({
  failures: z.number().int().nonnegative(),
  lockedUntilMs: z.number().int().nullable(),
});
const LockoutMapSchema = z.record(OperatorIdKey, LockoutStateSchema);
type LockoutMap = z.infer<typeof LockoutMapSchema>;

/** Wrong PINs in a row and the end of the lockout, in ms since the epoch (null: not locked). */
export type LockoutState = z.infer<typeof LockoutStateSchema>;

export const NO_LOCKOUT: LockoutState = { failures: 0, lockedUntilMs: null };

function hmacEquals(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Parses a JSON secret against `schema`; null when it is absent, `'invalid'` when unreadable. */
function parseSecret<T>(text: string | null, schema: z.ZodType<T>): T | null | 'invalid' {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : 'invalid';
}

/**
 * The HMAC of each operator's current row, kept in the secret store. The row HMAC covers the
 * row's contents but not its age, so a row copied back from an older copy of the database (a
 * manager since disabled, a PIN since reset) carries a valid HMAC. It is not the current one,
 * which is how the operator store tells it apart.
 *
 * A row change stages the new HMAC next to the current one before its transaction commits, and
 * settles it as the only one after. A crash between the two leaves both accepted until the
 * operator's row is signed again.
 */
export class RowHeads {
  constructor(
    private readonly secrets: SecretStore,
    /** Reads every operator row's id and HMAC, for adopting rows written before heads were kept. */
    private readonly readRows: () => { id: number; rowHmac: string }[],
  ) {}

  /** Returns a check of whether an operator's row HMAC is the current one, read once. */
  snapshot(): (id: number, rowHmac: string) => boolean {
    const heads = this.load();
    return (id, rowHmac) =>
      (heads[String(id)] ?? []).some((accepted) => hmacEquals(accepted, rowHmac));
  }

  /** Accepts `signature` for operator `id` next to the current HMAC, before the row commits. */
  stage(id: number, signature: string): void {
    const heads = this.load();
    const previous = heads[String(id)]?.at(-1);
    heads[String(id)] =
      previous === undefined || previous === signature ? [signature] : [previous, signature];
    this.save(heads);
  }

  /** Makes `signature` the only accepted HMAC for operator `id` once its row has committed. */
  settle(id: number, signature: string): void {
    const heads = this.load();
    heads[String(id)] = [signature];
    this.save(heads);
  }

  /** Withdraws a staged `signature` after the transaction that wrote it rolled back. */
  discard(id: number, signature: string): void {
    const heads = this.load();
    const remaining = (heads[String(id)] ?? []).filter((accepted) => accepted !== signature);
    if (remaining.length > 0) {
      heads[String(id)] = remaining;
    } else {
      delete heads[String(id)];
    }
    this.save(heads);
  }

  private load(): RowHeadMap {
    const parsed = parseSecret(this.secrets.get(SECRET_NAMES.operatorRowHeads), RowHeadMapSchema);
    if (parsed !== null && parsed !== 'invalid') return parsed;

    // With no heads stored, the rows in the database are taken as current once. That is the case
    // for a database from before heads were kept, and for a store with no operators yet.
    const rows = this.readRows().filter((row) => row.rowHmac !== '');
    if (parsed === null && rows.length === 0) return {};
    const adopted: RowHeadMap = Object.fromEntries(rows.map((row) => [row.id, [row.rowHmac]]));
    if (parsed === 'invalid') {
      logger.error('operator row heads in secure storage are unreadable; taking the current rows', {
        operators: rows.length,
      });
    } else {
      logger.warn('no operator row heads in secure storage; taking the current rows', {
        operators: rows.length,
      });
    }
    this.save(adopted);
    return adopted;
  }

  private save(heads: RowHeadMap): void {
    this.secrets.set(SECRET_NAMES.operatorRowHeads, JSON.stringify(heads));
  }
}

/**
 * Each operator's wrong-PIN count and lockout end, kept in the secret store beside the database
 * copy. Readers take the stricter of the two, so deleting or editing `operator_lockouts` neither
 * resets the count nor ends a lockout.
 */
export class LockoutMirror {
  constructor(private readonly secrets: SecretStore) {}

  /** Returns a lookup of every operator's stored lockout, read once. */
  snapshot(): (id: number) => LockoutState {
    const lockouts = this.load();
    return (id) => lockouts[String(id)] ?? NO_LOCKOUT;
  }

  set(id: number, state: LockoutState): void {
    const lockouts = this.load();
    lockouts[String(id)] = state;
    this.save(lockouts);
  }

  clear(id: number): void {
    const lockouts = this.load();
    if (!(String(id) in lockouts)) return;
    delete lockouts[String(id)];
    this.save(lockouts);
  }

  private load(): LockoutMap {
    const parsed = parseSecret(this.secrets.get(SECRET_NAMES.operatorLockouts), LockoutMapSchema);
    if (parsed === 'invalid') {
      // The database copy still applies; the next failure or success rewrites the secret.
      logger.error('operator lockouts in secure storage are unreadable; using the database copy');
      return {};
    }
    return parsed ?? {};
  }

  private save(lockouts: LockoutMap): void {
    this.secrets.set(SECRET_NAMES.operatorLockouts, JSON.stringify(lockouts));
  }
}

/** Returns the stricter of two lockout states: more failures, and the later lockout end. */
export function stricterLockout(left: LockoutState, right: LockoutState): LockoutState {
  const ends = [left.lockedUntilMs, right.lockedUntilMs].filter((end) => end !== null);
  return {
    failures: Math.max(left.failures, right.failures),
    lockedUntilMs: ends.length === 0 ? null : Math.max(...ends),
  };
}
