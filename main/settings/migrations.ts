/**
 * Upgrades of the settings file, one step per version. Each step gets the parsed JSON of the
 * previous version and returns the next version's object. The store validates the result with the
 * current schema before writing it. Never edit a released step: add a new one.
 */
import { DEFAULT_IDLE_LOCK_SECONDS, SETTINGS_VERSION, systemTimeZone } from './schema';

export interface SettingsMigration {
  /** The version this step reads; it writes `from + 1`. */
  from: number;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

export const SETTINGS_MIGRATIONS: SettingsMigration[] = [
  {
    // Version 1 held the environment, site, merchant id, lane id, terminal, per-sale maximum and
    // currency. Version 2 adds the store's time zone, receipt lines, idle lock, refund and
    // partial-approval policies, plain-storage consent and credential metadata.
    from: 1,
    migrate: (raw) => ({
      timeZone: systemTimeZone(),
      receiptHeader: [],
      receiptFooter: [],
      idleLockSeconds: DEFAULT_IDLE_LOCK_SECONDS,
      unsettledRefunds: false,
      partialApproval: 'reverse',
      allowPlainSecretStorage: false,
      credentials: { uat: null, production: null },
      ...raw,
      version: 2,
    }),
  },
];

export type MigrationOutcome =
  | { kind: 'current'; value: Record<string, unknown> }
  | { kind: 'migrated'; value: Record<string, unknown>; fromVersion: number }
  | { kind: 'invalid_version'; message: string };

/** Brings a parsed settings object to the current version, or says why its version is unusable. */
export function migrateSettings(raw: Record<string, unknown>): MigrationOutcome {
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'invalid_version', message: 'must be a whole number from 1 up' };
  }
  if (version > SETTINGS_VERSION) {
    return {
      kind: 'invalid_version',
      message: `is ${version}, written by a newer Cardlane (this one reads up to ${SETTINGS_VERSION})`,
    };
  }
  if (version === SETTINGS_VERSION) {
    return { kind: 'current', value: raw };
  }

  let value = raw;
  for (let step = version; step < SETTINGS_VERSION; step += 1) {
    const migration = SETTINGS_MIGRATIONS.find((candidate) => candidate.from === step);
    if (migration === undefined) {
      return { kind: 'invalid_version', message: `is ${version}, which no upgrade step reads` };
    }
    value = migration.migrate(value);
  }
  return { kind: 'migrated', value, fromVersion: version };
}
