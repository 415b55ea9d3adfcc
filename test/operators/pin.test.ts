import { afterEach, describe, expect, it } from 'vitest';

import { CardlaneError } from '../../common/errors';
import { FileSecretStore } from '../../main/settings/file-secret-store';
import {
  FIRST_LOCKOUT_MS,
  FREE_PIN_ATTEMPTS,
  lockoutDelayMs,
  MAX_LOCKOUT_MS,
} from '../../main/operators/lockout';
import { DEFAULT_SCRYPT_PARAMS, PinHasher } from '../../main/operators/pin-hash';
import {
  errorCodeOf,
  makeTempDir,
  openStack,
  seedOperators,
  TEST_SCRYPT,
  valueOf,
  type Stack,
} from './harness';

let stack: Stack;

afterEach(() => stack?.close());

async function loginCode(operatorId: number, pin: string): Promise<string | null> {
  return errorCodeOf(await stack.call('session.login', { operatorId, pin }));
}

describe('PIN hashing', () => {
  it('verifies the right PIN only', async () => {
    const secrets = new FileSecretStore(makeTempDir('pin'));
    const hasher = new PinHasher(secrets, TEST_SCRYPT);
    const stored = await hasher.hash('2580');
    expect(stored.params).toEqual(TEST_SCRYPT);
    expect(stored.hash).not.toContain('2580');
    expect(await hasher.verify('2580', stored)).toBe(true);
    expect(await hasher.verify('2581', stored)).toBe(false);
  });

  it('needs the pepper from the secret store', async () => {
    const hasher = new PinHasher(new FileSecretStore(makeTempDir('pin')), TEST_SCRYPT);
    const stored = await hasher.hash('2580');
    const otherPepper = new PinHasher(new FileSecretStore(makeTempDir('pin')), TEST_SCRYPT);
    expect(await otherPepper.verify('2580', stored)).toBe(false);
  });

  it('hashes with the default cost', async () => {
    const hasher = new PinHasher(new FileSecretStore(makeTempDir('pin')));
    const stored = await hasher.hash('12345678');
    expect(stored.params).toEqual(DEFAULT_SCRYPT_PARAMS);
    expect(await hasher.verify('12345678', stored)).toBe(true);
  });
});

describe('lockout', () => {
  it('delay grows and has a ceiling', () => {
    expect(lockoutDelayMs(FREE_PIN_ATTEMPTS)).toBe(0);
    expect(lockoutDelayMs(FREE_PIN_ATTEMPTS + 1)).toBe(FIRST_LOCKOUT_MS);
    expect(lockoutDelayMs(FREE_PIN_ATTEMPTS + 2)).toBe(2 * FIRST_LOCKOUT_MS);
    expect(lockoutDelayMs(FREE_PIN_ATTEMPTS + 3)).toBe(4 * FIRST_LOCKOUT_MS);
    expect(lockoutDelayMs(1000)).toBe(MAX_LOCKOUT_MS);
  });

  it('locks out after wrong PINs and rejects the right PIN meanwhile', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    for (let attempt = 1; attempt <= FREE_PIN_ATTEMPTS; attempt += 1) {
      expect(await loginCode(cashierId, '0000'), `attempt ${attempt}`).toBe('not_authenticated');
    }
    expect(await loginCode(cashierId, '0000')).toBe('locked_out');
    expect(await loginCode(cashierId, '1111')).toBe('locked_out');
    expect(stack.sessions.currentOperator()).toBeNull();

    const locked = stack.operators.get(cashierId)!;
    expect(locked.lockedUntilMs! - stack.clock.now()).toBe(FIRST_LOCKOUT_MS);
    const actions = stack.audit.list().map((entry) => entry.action);
    expect(actions.filter((action) => action === 'login_failed')).toHaveLength(
      FREE_PIN_ATTEMPTS + 2,
    );
    expect(actions.filter((action) => action === 'lockout')).toHaveLength(1);
  });

  it('doubles the delay on the next wrong PIN', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    for (let attempt = 0; attempt <= FREE_PIN_ATTEMPTS; attempt += 1)
      await loginCode(cashierId, '0000');
    stack.clock.advance(FIRST_LOCKOUT_MS);
    expect(await loginCode(cashierId, '0000')).toBe('locked_out');
    expect(stack.operators.get(cashierId)!.lockedUntilMs! - stack.clock.now()).toBe(
      2 * FIRST_LOCKOUT_MS,
    );
  });

  it('survives a restart', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    for (let attempt = 0; attempt <= FREE_PIN_ATTEMPTS; attempt += 1)
      await loginCode(cashierId, '0000');

    stack = stack.restart();
    expect(await loginCode(cashierId, '1111')).toBe('locked_out');
    stack.clock.advance(FIRST_LOCKOUT_MS);
    expect(await loginCode(cashierId, '1111')).toBeNull();
    expect(stack.operators.get(cashierId)!.failures).toBe(0);
  });

  it('checks parallel guesses one at a time', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    const guesses = Array.from({ length: 12 }, (_, index) => String(2000 + index));
    const codes = await Promise.all(guesses.map((pin) => loginCode(cashierId, pin)));
    expect(codes.filter((code) => code === 'not_authenticated')).toHaveLength(FREE_PIN_ATTEMPTS);
    expect(codes.filter((code) => code === 'locked_out')).toHaveLength(12 - FREE_PIN_ATTEMPTS);
    expect(stack.operators.get(cashierId)!.failures).toBe(FREE_PIN_ATTEMPTS + 1);
  });

  it('rejects a disabled operator', async () => {
    stack = openStack();
    const { cashierId, managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    valueOf(await stack.call('operators.disable', { id: cashierId }));
    expect(await loginCode(cashierId, '1111')).toBe('not_authenticated');
  });
});

describe('operator row integrity', () => {
  it('gives cashier rights to a role edited to manager', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    stack.db.prepare("UPDATE operators SET role = 'manager' WHERE id = ?").run(cashierId);

    const operator = valueOf<{ role: string }>(
      await stack.call('session.login', { operatorId: cashierId, pin: '1111' }),
    );
    expect(operator.role).toBe('cashier');
    expect(errorCodeOf(await stack.call('settings.get'))).toBe('forbidden');
    expect(errorCodeOf(await stack.call('operators.list'))).toBe('forbidden');
    const tampered = stack.audit.list().find((entry) => entry.action === 'operator_tampered');
    expect(tampered?.operatorId).toBe(cashierId);
  });

  it('reports the edited row to managers', async () => {
    stack = openStack();
    const { cashierId, managerId } = await seedOperators(stack);
    stack.db.prepare("UPDATE operators SET role = 'manager' WHERE id = ?").run(cashierId);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const list = valueOf<{ id: number; role: string; integrity: string }[]>(
      await stack.call('operators.list'),
    );
    expect(list.find((row) => row.id === cashierId)).toMatchObject({
      role: 'cashier',
      integrity: 'tampered',
    });
    // The edited row does not count as a manager.
    expect(stack.operators.activeManagerCount()).toBe(1);
  });

  it('gives no rights when the PIN hash was replaced', async () => {
    stack = openStack();
    const { cashierId, managerId } = await seedOperators(stack);
    const manager = stack.db
      .prepare('SELECT pin_hash, pin_salt, pin_params FROM operators WHERE id = ?')
      .get(managerId) as {
      pin_hash: string;
      pin_salt: string;
      pin_params: string;
    };
    // Copy the manager's hash into the cashier row: the manager's PIN would now match it.
    stack.db
      .prepare('UPDATE operators SET pin_hash = ?, pin_salt = ?, pin_params = ? WHERE id = ?')
      .run(manager.pin_hash, manager.pin_salt, manager.pin_params, cashierId);
    expect(await loginCode(cashierId, '4321')).toBe('not_authenticated');
    expect(await loginCode(cashierId, '1111')).toBe('not_authenticated');
    const tiles = valueOf<{ id: number }[]>(await stack.call('session.listOperators'));
    expect(tiles.map((tile) => tile.id)).toEqual([managerId]);
  });

  it('rejects a row inserted without the key', async () => {
    stack = openStack();
    await seedOperators(stack);
    stack.db.exec(
      `INSERT INTO operators (name, role, pin_hash, pin_salt, pin_params, disabled, row_hmac, created_at, updated_at)
       SELECT 'Mallory', 'manager', pin_hash, pin_salt, pin_params, 0, row_hmac, created_at, updated_at FROM operators WHERE id = 1`,
    );
    const mallory = stack.operators.list().find((record) => record.name === 'Mallory')!;
    expect(mallory.role).toBeNull();
    expect(await loginCode(mallory.id, '4321')).toBe('not_authenticated');
  });

  it('keeps a wrong PIN out of messages and audit', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    try {
      await stack.operators.authenticate(cashierId, '9876', 'login');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CardlaneError);
      expect((error as Error).message).not.toContain('9876');
    }
    expect(JSON.stringify(stack.audit.list())).not.toContain('9876');
  });
});
