import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

import type { AuditVerifyResult } from '../../common/contract';
import { parseAuditHead, parseAuditKey, readAuditRows, verifyAuditRows } from '../journal/audit';
import { SECRET_NAMES, type SecretStore } from '../settings/secret-store';

export interface AuditCommandIo {
  /** Path of the journal database (`journal.sqlite` in the data folder). */
  journalPath: string;
  json: boolean;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * A secret store the command line can read (the plain file store of a data folder the command
   * line set up). The app's store is encrypted with Electron `safeStorage` and cannot be read
   * here; without one, the head (truncation) is not checked.
   */
  secrets?: SecretStore | null;
}

export const AUDIT_USAGE = `Usage: npm run cardlane -- audit verify [--json]

Checks that every audit row chains to the one before it. With the audit key in
CARDLANE_AUDIT_KEY (64 hex digits), it also recomputes each row's HMAC, so a row that was
edited and re-chained without the key fails.`;

/**
 * `cardlane audit verify`: verifies the audit log's chain in the journal database. Returns the
 * exit code: 0 when the log verifies, 1 when it does not, 2 for a usage error.
 */
export function runAuditCommand(args: string[], io: AuditCommandIo): number {
  if (args.length !== 1 || args[0] !== 'verify') {
    io.stderr(
      `cardlane: unknown audit command "${args.join(' ')}"; the only one is "audit verify".\n\n${AUDIT_USAGE}\n`,
    );
    return 2;
  }

  let key: Buffer | null = null;
  const keyText = io.env.CARDLANE_AUDIT_KEY;
  if (keyText !== undefined && keyText !== '') {
    key = parseAuditKey(keyText);
    if (key === null) {
      // The value is a secret, so the message does not repeat it.
      io.stderr('cardlane: CARDLANE_AUDIT_KEY must be 64 hex digits.\n');
      return 2;
    }
  } else if (io.secrets !== undefined && io.secrets !== null) {
    const stored = io.secrets.get(SECRET_NAMES.auditKey);
    key = stored === null ? null : parseAuditKey(stored);
  }

  if (!existsSync(io.journalPath)) {
    io.stderr(
      `cardlane: no journal database at ${io.journalPath}. Check --data-dir; the app creates the journal on its first start.\n`,
    );
    return 2;
  }

  const db = new DatabaseSync(io.journalPath, { readOnly: true });
  let result: AuditVerifyResult;
  try {
    const hasTable =
      db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'")
        .get() !== undefined;
    const rows = hasTable ? readAuditRows(db) : [];
    const head =
      io.secrets === undefined || io.secrets === null
        ? undefined
        : parseAuditHead(io.secrets.get(SECRET_NAMES.auditHead));
    result = verifyAuditRows(rows, { key, head });
  } finally {
    db.close();
  }

  if (io.json) {
    io.stdout(`${JSON.stringify({ ...result, hmacsChecked: key !== null }, null, 2)}\n`);
  } else {
    io.stdout(`${result.ok ? 'OK' : 'FAILED'}: ${result.message}\n`);
    if (key === null) {
      io.stdout(
        "The HMACs were not checked, because the audit key is in the app's secure storage. A manager can run the full check from Settings in the app.\n",
      );
    }
  }
  return result.ok ? 0 : 1;
}
