/**
 * PIN guessing from the page: at login and at the manager approval dialog. Wrong PINs lock the
 * operator out for a growing time that a restart does not reset, and the PIN verifier in the
 * database cannot be checked against guesses without the pepper from the secret store.
 */
import { createHmac, scryptSync } from 'node:crypto';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, describe, expect, it } from 'vitest';

import { JOURNAL_FILE } from '../../main/core';
import { FREE_PIN_ATTEMPTS } from '../../main/operators/lockout';
import { FileSecretStore } from '../../main/settings/file-secret-store';
import { SECRET_NAMES } from '../../main/settings/secret-store';
import {
  CASHIER,
  codeOf,
  journalRows,
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

/** Returns the lockout left on an operator in ms of the stack's clock, or 0 when not locked. */
function lockoutLeftMs(operatorId: number): number {
  const rows = journalRows(stack.dir).operator_lockouts as {
    operator_id: number;
    locked_until_ms: number | null;
  }[];
  const row = rows.find((entry) => entry.operator_id === operatorId);
  if (row === undefined || row.locked_until_ms === null) return 0;
  return Math.max(0, row.locked_until_ms - stack.clock.now());
}

/** Guesses wrong PINs until the operator is locked out; returns the lockout it got. */
async function guessUntilLocked(
  guess: (pin: string) => Promise<string | null>,
  operatorId: number,
): Promise<number> {
  for (let attempt = 0; attempt < FREE_PIN_ATTEMPTS + 1; attempt += 1) {
    const code = await guess(String(1000 + attempt));
    if (code === 'locked_out') return lockoutLeftMs(operatorId);
    expect(code).toBe('not_authenticated');
  }
  throw new Error('no lockout after the free attempts');
}

describe('PIN guessing', () => {
  it('at login locks out for growing times', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    const guess = async (pin: string) =>
      codeOf(await stack.call('session.login', { operatorId: cashierId, pin }));

    const first = await guessUntilLocked(guess, cashierId);
    expect(first).toBeGreaterThan(0);
    // While locked, even the right PIN is rejected without being checked.
    expect(await guess(CASHIER.pin)).toBe('locked_out');

    const lockouts = [first];
    for (let round = 0; round < 3; round += 1) {
      stack.clock.advance(lockoutLeftMs(cashierId) + 1);
      expect(await guess('9999')).toBe('locked_out');
      lockouts.push(lockoutLeftMs(cashierId));
    }
    for (let index = 1; index < lockouts.length; index += 1) {
      expect(lockouts[index]).toBeGreaterThan(lockouts[index - 1] ?? 0);
    }
    expect(stack.services.operators.sessions.currentOperator()).toBeNull();
  });

  it('at login keeps parallel guesses to the free attempts', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        stack
          .call('session.login', { operatorId: cashierId, pin: String(5000 + index) })
          .then(codeOf),
      ),
    );

    expect(codes.filter((code) => code === 'not_authenticated')).toHaveLength(FREE_PIN_ATTEMPTS);
    expect(codes.filter((code) => code === 'locked_out')).toHaveLength(20 - FREE_PIN_ATTEMPTS);
    const failures = journalRows(stack.dir).operator_lockouts as { failures: number }[];
    expect(failures[0]?.failures).toBe(FREE_PIN_ATTEMPTS + 1);
  });

  it('at the approval dialog locks the manager out', async () => {
    stack = await startStack();
    const { managerId, cashierId } = await seedDemo(stack);
    await loginAs(stack, cashierId, CASHIER.pin);
    const guess = async (pin: string) =>
      codeOf(
        await stack.call('approval.request', {
          managerId,
          pin,
          action: 'void',
          paymentId: 1,
          amountMinor: 100,
        }),
      );

    const first = await guessUntilLocked(guess, managerId);
    expect(first).toBeGreaterThan(0);
    expect(await guess(MANAGER.pin)).toBe('locked_out');
    stack.clock.advance(first + 1);
    expect(await guess('9999')).toBe('locked_out');
    expect(lockoutLeftMs(managerId)).toBeGreaterThan(first);

    // The same lockout guards the manager's own login, and no approval was granted.
    valueOf(await stack.call('session.logout'));
    expect(
      codeOf(await stack.call('session.login', { operatorId: managerId, pin: MANAGER.pin })),
    ).toBe('locked_out');
    const audit = journalRows(stack.dir).audit_log as { action: string }[];
    expect(audit.filter((entry) => entry.action === 'approval_granted')).toHaveLength(0);
  });

  it('lockout survives a restart', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    const guess = async (pin: string) =>
      codeOf(await stack.call('session.login', { operatorId: cashierId, pin }));
    const locked = await guessUntilLocked(guess, cashierId);

    await stack.restart();

    expect(await guess(CASHIER.pin)).toBe('locked_out');
    expect(lockoutLeftMs(cashierId)).toBe(locked);
    stack.clock.advance(locked + 1);
    expect(await guess(CASHIER.pin)).toBeNull();
  });

  it('lockout survives a deleted lockout row', async () => {
    stack = await startStack();
    const { cashierId } = await seedDemo(stack);
    const guess = async (pin: string) =>
      codeOf(await stack.call('session.login', { operatorId: cashierId, pin }));
    await guessUntilLocked(guess, cashierId);

    // Someone who can write the database file deletes the lockout and guesses on.
    const db = new DatabaseSync(path.join(stack.dir, JOURNAL_FILE));
    db.prepare('DELETE FROM operator_lockouts WHERE operator_id = ?').run(cashierId);
    db.close();

    expect(await guess('9998')).toBe('locked_out');
  });

  it('stored verifier needs the pepper', async () => {
    stack = await startStack();
    const { managerId } = await seedDemo(stack);
    const rows = journalRows(stack.dir).operators as {
      id: number;
      pin_hash: string;
      pin_salt: string;
      pin_params: string;
    }[];
    const manager = rows.find((entry) => entry.id === managerId);
    if (manager === undefined) throw new Error('manager row missing');
    const params = JSON.parse(manager.pin_params) as {
      N: number;
      r: number;
      p: number;
      keyLength: number;
    };
    const salt = Buffer.from(manager.pin_salt, 'base64');
    const scryptOf = (secret: Buffer | string) =>
      scryptSync(secret, salt, params.keyLength, {
        N: params.N,
        r: params.r,
        p: params.p,
      }).toString('base64');

    // scrypt of the PIN with the stored salt and parameters alone does not give the stored hash.
    expect(scryptOf(MANAGER.pin)).not.toBe(manager.pin_hash);

    // With the pepper from the secret store it does, so the check above is not vacuous.
    const pepper = new FileSecretStore(stack.dir).get(SECRET_NAMES.pinPepper);
    expect(pepper).not.toBeNull();
    const peppered = createHmac('sha256', Buffer.from(pepper ?? '', 'hex'))
      .update(MANAGER.pin)
      .digest();
    expect(scryptOf(peppered)).toBe(manager.pin_hash);

    // The pepper is not in the database.
    expect(JSON.stringify(journalRows(stack.dir))).not.toContain(pepper);
  });
});
