/**
 * Local tampering by someone who can write the data folder but not the secret store. Operator rows
 * are edited, inserted or rolled back in the database, audit rows deleted, reordered, edited or cut
 * off, and the settings file switched to demo mode or another site. Each is detected and reported
 * through the app's own channels and the command line, and none grants a role or a sale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, describe, expect, it } from 'vitest';

import type { AuditVerifyResult, OperatorSummary, SettingsView } from '../../common/contract';
import { runCli } from '../../main/cli/commands';
import { JOURNAL_FILE } from '../../main/core';
import { FileSecretStore } from '../../main/settings/file-secret-store';
import { SECRET_NAMES } from '../../main/settings/secret-store';
import { SETTINGS_FILE } from '../../main/settings/settings-file';
import {
  CASHIER,
  codeOf,
  loginAs,
  MANAGER,
  seedDemo,
  startStack,
  valueOf,
  type SecurityStack,
} from './stack';

let stack: SecurityStack;

afterEach(async () => {
  await stack?.close();
});

/** Runs SQL against the journal file through a connection of its own, as an attacker would. */
function editJournal(sql: string, ...params: (string | number | null)[]): void {
  const db = new DatabaseSync(path.join(stack.dir, JOURNAL_FILE));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function operatorRow(id: number): Record<string, string | number> {
  const db = new DatabaseSync(path.join(stack.dir, JOURNAL_FILE), { readOnly: true });
  try {
    return db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as Record<
      string,
      string | number
    >;
  } finally {
    db.close();
  }
}

async function auditVerify(): Promise<AuditVerifyResult> {
  await loginAs(stack, 1, MANAGER.pin);
  return valueOf<AuditVerifyResult>(await stack.call('audit.verify'));
}

/** `audit verify --json` from the command line, with the audit key an IT person would pass. */
async function cliAuditVerify(): Promise<{ code: number; result: AuditVerifyResult }> {
  const key = new FileSecretStore(stack.dir).get(SECRET_NAMES.auditKey);
  let output = '';
  const code = await runCli(['audit', 'verify'], {
    dataDir: stack.dir,
    json: true,
    limit: undefined,
    env: { CARDLANE_AUDIT_KEY: key ?? '' },
    stdout: (text) => {
      output += text;
    },
    stderr: () => undefined,
  });
  return { code, result: JSON.parse(output) as AuditVerifyResult };
}

/** Adds audit rows through ordinary use: logins and logouts. */
async function addAuditRows(cashierId: number): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await loginAs(stack, cashierId, CASHIER.pin);
  }
  valueOf(await stack.call('session.logout'));
}

describe('operator rows edited in the database', () => {
  it('role raised to manager grants cashier rights only', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    editJournal("UPDATE operators SET role = 'manager' WHERE id = ?", cashierId);

    await loginAs(stack, cashierId, CASHIER.pin);
    const status = valueOf<{ operator: { role: string } }>(await stack.call('session.status'));
    expect(status.operator.role).toBe('cashier');
    expect(codeOf(await stack.call('operators.list'))).toBe('forbidden');

    await loginAs(stack, 1, MANAGER.pin);
    const listed = valueOf<OperatorSummary[]>(await stack.call('operators.list'));
    expect(listed.find((entry) => entry.id === cashierId)?.integrity).toBe('tampered');
    const audit = valueOf<{ action: string }[]>(await stack.call('audit.list', {}));
    expect(audit.map((entry) => entry.action)).toContain('operator_tampered');
  });

  it('row inserted without the key cannot log in', async () => {
    stack = await startStack();
    const { managerId } = await seedDemo(stack);
    const manager = operatorRow(managerId);
    editJournal(
      `INSERT INTO operators (name, role, pin_hash, pin_salt, pin_params, disabled, row_hmac, created_at, updated_at)
       VALUES ('Mallory', 'manager', ?, ?, ?, 0, ?, ?, ?)`,
      manager.pin_hash as string,
      manager.pin_salt as string,
      manager.pin_params as string,
      manager.row_hmac as string,
      manager.created_at as string,
      manager.updated_at as string,
    );
    const mallory = valueOf<{ id: number; name: string }[]>(
      await stack.call('session.listOperators'),
    ).find((entry) => entry.name === 'Mallory');
    const id = mallory?.id ?? 99;

    const login = await stack.call('session.login', { operatorId: id, pin: MANAGER.pin });
    if (login.ok) {
      expect((login.value as { role: string }).role).not.toBe('manager');
    } else {
      expect(codeOf(login)).toBe('not_authenticated');
    }
  });

  it('rolled-back row of a disabled manager grants nothing', async () => {
    stack = await startStack();
    await seedDemo(stack);
    await loginAs(stack, 1, MANAGER.pin);
    const second = valueOf<{ id: number }>(
      await stack.call('operators.create', {
        name: 'Former Manager',
        role: 'manager',
        pin: '86420',
      }),
    );
    const before = operatorRow(second.id);
    valueOf(await stack.call('operators.disable', { id: second.id }));
    expect(codeOf(await stack.call('session.login', { operatorId: second.id, pin: '86420' }))).toBe(
      'not_authenticated',
    );

    // A copy of the database taken before the manager was disabled puts the old row back.
    editJournal(
      'UPDATE operators SET disabled = ?, row_hmac = ?, updated_at = ? WHERE id = ?',
      before.disabled as number,
      before.row_hmac as string,
      before.updated_at as string,
      second.id,
    );

    const login = await stack.call('session.login', { operatorId: second.id, pin: '86420' });
    const role = login.ok ? (login.value as { role: string }).role : null;
    expect(role).not.toBe('manager');
  });
});

describe('audit rows edited in the database', () => {
  const cases: { name: string; edit: () => void; problem: string }[] = [
    {
      name: 'deleted row',
      edit: () => editJournal('DELETE FROM audit_log WHERE id = 3'),
      problem: 'deleted',
    },
    {
      name: 'reordered rows',
      edit: () => {
        editJournal('UPDATE audit_log SET id = 1000 WHERE id = 3');
        editJournal('UPDATE audit_log SET id = 3 WHERE id = 4');
        editJournal('UPDATE audit_log SET id = 4 WHERE id = 1000');
      },
      problem: 'reordered',
    },
    {
      name: 'edited row',
      edit: () => editJournal("UPDATE audit_log SET operator_name = 'Someone Else' WHERE id = 4"),
      problem: 'edited',
    },
  ];

  for (const { name, edit, problem } of cases) {
    it(`${name} is reported`, async () => {
      stack = await startStack();
      const { cashierId } = await seedDemo(stack);
      await addAuditRows(cashierId);
      expect((await auditVerify()).ok).toBe(true);
      valueOf(await stack.call('session.logout'));

      edit();

      // The manager's own login appends a row; verification must still see the damage behind it.
      const result = await auditVerify();
      expect(result.ok).toBe(false);
      expect(result.problem).toBe(problem);
      expect(result.message.length).toBeGreaterThan(0);
      const cli = await cliAuditVerify();
      expect(cli.code).toBe(1);
      expect(cli.result.problem).toBe(problem);
    });
  }

  function truncateTail(): void {
    editJournal('DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 3 FROM audit_log)');
  }

  it('truncated tail is reported', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    await addAuditRows(cashierId);

    truncateTail();

    // Checked before anything appends a row: the head in secure storage names a deleted row.
    const result = stack.services.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.problem).toBe('truncated');
  });

  it('truncated tail stays reported after the next entry', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    await addAuditRows(cashierId);

    truncateTail();

    // Any later entry (here the manager's login) must not hide the deleted rows.
    const result = await auditVerify();
    expect(result.ok).toBe(false);
  });
});

describe('settings file edited by hand', () => {
  async function configuredStore(): Promise<void> {
    stack = await startStack();
    valueOf(
      await stack.call('setup.createFirstManager', {
        ...MANAGER,
        environment: 'uat',
        site: 'fts',
        merchantId: '496160873888',
      }),
    );
  }

  function editSettings(change: Record<string, unknown>): void {
    const file = path.join(stack.dir, SETTINGS_FILE);
    const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...current, ...change }, null, '\t'));
  }

  const edits: { name: string; change: Record<string, unknown> }[] = [
    { name: 'switched to demo mode', change: { environment: 'demo', site: null } },
    { name: 'pointed at another site', change: { site: 'attacker' } },
    { name: 'given another merchant id', change: { merchantId: '820000000001' } },
  ];

  for (const { name, change } of edits) {
    it(`${name} stops sales until a manager confirms`, async () => {
      await configuredStore();
      const view = valueOf<SettingsView>(await stack.call('settings.get'));
      expect(view.environmentConfirmationRequired).toBe(false);

      editSettings(change);

      const sale = await stack.call('sale.start', { amountMinor: 100 });
      expect(codeOf(sale)).toBe('settings_invalid');
      const edited = valueOf<SettingsView>(await stack.call('settings.get'));
      expect(edited.environmentConfirmationRequired).toBe(true);
      expect(sale.ok ? '' : sale.error.message).toMatch(/changed outside Cardlane/);

      // A cashier cannot confirm it.
      const cashier = valueOf<{ id: number }>(
        await stack.call('operators.create', {
          name: CASHIER.name,
          role: 'cashier',
          pin: CASHIER.pin,
        }),
      );
      await loginAs(stack, cashier.id, CASHIER.pin);
      expect(codeOf(await stack.call('settings.confirmEnvironment'))).toBe('forbidden');
      expect(codeOf(await stack.call('sale.start', { amountMinor: 100 }))).toBe('settings_invalid');
    });
  }
});
