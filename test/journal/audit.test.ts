import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runAuditCommand } from '../../main/cli/audit';
import { AuditLog, computeAuditHmac, readAuditRows, type AuditRow } from '../../main/journal/audit';
import { inTransaction, openJournalDatabase } from '../../main/journal/database';
import { FileSecretStore } from '../../main/settings/file-secret-store';
import { SECRET_NAMES } from '../../main/settings/secret-store';
import { makeTempDir } from '../operators/harness';

let dir: string;
let db: DatabaseSync;
let secrets: FileSecretStore;
let audit: AuditLog;

beforeEach(() => {
  dir = makeTempDir('audit');
  db = openJournalDatabase(path.join(dir, 'journal.sqlite'));
  secrets = new FileSecretStore(dir);
  audit = new AuditLog(db, secrets);
  const maria = { id: 1, name: 'Maria' };
  audit.append({ operator: maria, action: 'login', detail: { role: 'manager' } });
  audit.append({ operator: maria, action: 'settings_changed', detail: { fields: 'laneId' } });
  audit.append({ operator: maria, action: 'void', paymentId: 12, detail: { amountMinor: 1234 } });
  audit.append({ operator: maria, action: 'refund', paymentId: 13, detail: { amountMinor: 500 } });
  audit.append({ operator: maria, action: 'logout', detail: { reason: 'logout' } });
});

afterEach(() => {
  if (db.isOpen) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function runCli(
  env: Record<string, string> = {},
  withSecrets = false,
): { code: number; output: Record<string, unknown> } {
  let stdout = '';
  const code = runAuditCommand(['verify'], {
    journalPath: path.join(dir, 'journal.sqlite'),
    json: true,
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
    secrets: withSecrets ? new FileSecretStore(dir) : null,
  });
  return { code, output: stdout === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>) };
}

function auditKeyHex(): string {
  return secrets.get(SECRET_NAMES.auditKey)!;
}

describe('audit log', () => {
  it('verifies an untouched chain', () => {
    expect(audit.verify()).toMatchObject({ ok: true, rows: 5, problem: null });
  });

  it('names an edited row', () => {
    db.prepare('UPDATE audit_log SET detail = \'{"amountMinor":1}\' WHERE id = 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, problem: 'edited', firstBadRowId: 3 });
  });

  it('names the row after a deleted one', () => {
    db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(audit.verify()).toMatchObject({ ok: false, problem: 'deleted', firstBadRowId: 3 });
  });

  it('names a deleted first row', () => {
    db.prepare('DELETE FROM audit_log WHERE id = 1').run();
    expect(audit.verify()).toMatchObject({ ok: false, problem: 'deleted', firstBadRowId: 2 });
  });

  it('names reordered rows', () => {
    db.exec('UPDATE audit_log SET id = 100 WHERE id = 3');
    db.exec('UPDATE audit_log SET id = 3 WHERE id = 4');
    db.exec('UPDATE audit_log SET id = 4 WHERE id = 100');
    expect(audit.verify()).toMatchObject({ ok: false, problem: 'reordered', firstBadRowId: 3 });
  });

  it('reports deleted newest rows as truncation', () => {
    db.prepare('DELETE FROM audit_log WHERE id >= 4').run();
    const result = audit.verify();
    expect(result).toMatchObject({ ok: false, problem: 'truncated', firstBadRowId: null });
    expect(result.message).toContain('row 5');
  });

  it('reports a missing head', () => {
    secrets.delete(SECRET_NAMES.auditHead);
    expect(audit.verify()).toMatchObject({ ok: false, problem: 'head_missing' });
  });

  it('fails a chain recomputed without the key', () => {
    const guessedKey = randomBytes(32);
    const rows = readAuditRows(db);
    rows[1]!.detail = '{"fields":"nothing"}';
    let previous = 'genesis';
    const rewritten: AuditRow[] = rows.map((row) => {
      const fields = { ...row, prev_hmac: previous };
      const hmac = computeAuditHmac(guessedKey, fields);
      previous = hmac;
      return { ...fields, hmac };
    });
    db.exec('DELETE FROM audit_log');
    const insert = db.prepare(
      'INSERT INTO audit_log (id, at, operator_id, operator_name, action, payment_id, detail, prev_hmac, hmac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const row of rewritten) {
      insert.run(
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
    }
    // The attacker also points the head at the new last row, as if they could write secure storage.
    secrets.set(SECRET_NAMES.auditHead, JSON.stringify({ id: 5, hmac: rewritten[4]!.hmac }));

    expect(audit.verify()).toMatchObject({ ok: false, problem: 'edited', firstBadRowId: 1 });
    db.close();
    // Continuity alone cannot tell; the key can.
    expect(runCli().code).toBe(0);
    expect(runCli({ CARDLANE_AUDIT_KEY: auditKeyHex() })).toMatchObject({
      code: 1,
      output: { problem: 'edited', firstBadRowId: 1 },
    });
  });

  it('keeps secrets out of the detail', () => {
    const entry = audit.append({
      action: 'credentials_changed',
      detail: { environment: 'uat', password: 'hunter22' },
    });
    expect(entry.detail).not.toContain('hunter22');
    expect(JSON.parse(entry.detail)).toMatchObject({ environment: 'uat', password: '[redacted]' });
  });

  it('rejects an append inside another transaction', () => {
    expect(() => inTransaction(db, () => audit.append({ action: 'logout' }))).toThrow(
      /outside other transactions/,
    );
    expect(audit.verify().ok).toBe(true);
  });

  it('lists the newest entries first', () => {
    expect(audit.list({ limit: 2 }).map((entry) => entry.action)).toEqual(['logout', 'refund']);
    expect(audit.list({ beforeId: 3 }).map((entry) => entry.id)).toEqual([2, 1]);
  });
});

describe('audit verify command', () => {
  it('passes an untouched chain with and without the key', () => {
    db.close();
    expect(runCli()).toMatchObject({ code: 0, output: { ok: true, rows: 5, hmacsChecked: false } });
    const withKey = runCli({ CARDLANE_AUDIT_KEY: auditKeyHex() });
    expect(withKey).toMatchObject({ code: 0, output: { ok: true, hmacsChecked: true } });
  });

  it('fails a deleted row without the key', () => {
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    db.close();
    expect(runCli()).toMatchObject({ code: 1, output: { problem: 'deleted', firstBadRowId: 4 } });
  });

  it('finds an edited row only with the key', () => {
    db.prepare("UPDATE audit_log SET operator_name = 'Someone' WHERE id = 2").run();
    db.close();
    expect(runCli().code).toBe(0);
    expect(runCli({ CARDLANE_AUDIT_KEY: auditKeyHex() })).toMatchObject({
      code: 1,
      output: { problem: 'edited', firstBadRowId: 2 },
    });
  });

  it('checks truncation with a readable secret store', () => {
    db.prepare('DELETE FROM audit_log WHERE id = 5').run();
    db.close();
    expect(runCli().code).toBe(0);
    expect(runCli({}, true)).toMatchObject({ code: 1, output: { problem: 'truncated' } });
  });

  it('rejects a malformed key without printing it', () => {
    db.close();
    let stderr = '';
    const code = runAuditCommand(['verify'], {
      journalPath: path.join(dir, 'journal.sqlite'),
      json: false,
      env: { CARDLANE_AUDIT_KEY: 'not-a-key-secret-value' },
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('64 hex digits');
    expect(stderr).not.toContain('not-a-key-secret-value');
  });

  it('rejects an unknown subcommand', () => {
    db.close();
    let stderr = '';
    const code = runAuditCommand(['list'], {
      journalPath: path.join(dir, 'journal.sqlite'),
      json: false,
      env: {},
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('audit verify');
  });
});
