import { afterEach, describe, expect, it } from 'vitest';

import type { ChannelName } from '../../common/contract';
import { errorCodeOf, openStack, seedOperators, valueOf, type Stack } from './harness';

let stack: Stack;

afterEach(() => stack?.close());

const MANAGER_CHANNELS: [ChannelName, unknown][] = [
  ['settings.get', {}],
  ['settings.update', { laneId: 'lane9' }],
  ['settings.setCredentials', { environment: 'uat', user: 'testing', password: 'testing123' }],
  ['settings.testConnection', {}],
  ['settings.acceptPlainStorage', { accept: true }],
  ['settings.confirmEnvironment', {}],
  ['operators.list', {}],
  ['operators.create', { name: 'Eve', role: 'manager', pin: '9999' }],
  ['operators.update', { id: 2, role: 'manager' }],
  ['operators.disable', { id: 1 }],
  ['operators.resetPin', { id: 1, pin: '0000' }],
  ['audit.verify', {}],
  ['audit.list', {}],
];

describe('channel permissions', () => {
  it('rejects every non-public channel before login', async () => {
    stack = openStack();
    await seedOperators(stack);
    for (const [channel, input] of [
      ...MANAGER_CHANNELS,
      ['approval.request', {}] as [ChannelName, unknown],
    ]) {
      const envelope = await stack.call(channel, input);
      // approval.request fails its input schema first; the others reach the role check.
      expect(errorCodeOf(envelope), channel).toMatch(/^(not_authenticated|invalid_input)$/);
    }
    const approval = await stack.call('approval.request', {
      managerId: 1,
      pin: '4321',
      action: 'void',
      paymentId: 7,
      amountMinor: 1000,
    });
    expect(errorCodeOf(approval)).toBe('not_authenticated');
  });

  it('rejects manager channels from a cashier session', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: cashierId, pin: '1111' }));

    for (const [channel, input] of MANAGER_CHANNELS) {
      expect(errorCodeOf(await stack.call(channel, input)), channel).toBe('forbidden');
    }
    // Nothing changed behind the refusals.
    expect(stack.operators.list().map((record) => record.role)).toEqual(['cashier', 'manager']);
    expect(stack.settings.read().laneId).toBe('lane1');
  });

  it('rejects calls from another frame or page', async () => {
    stack = openStack();
    await seedOperators(stack);
    const fromSubframe = await stack.router.dispatch(
      'session.login',
      { operatorId: 1, pin: '4321' },
      { url: 'app://cardlane/index.html', isMainFrame: false },
    );
    expect(errorCodeOf(fromSubframe)).toBe('forbidden');
    const fromOtherPage = await stack.router.dispatch(
      'session.login',
      { operatorId: 1, pin: '4321' },
      { url: 'https://example.invalid/', isMainFrame: true },
    );
    expect(errorCodeOf(fromOtherPage)).toBe('forbidden');
    expect(stack.sessions.currentOperator()).toBeNull();
  });

  it('lets a manager use manager channels', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const list = valueOf<{ name: string }[]>(await stack.call('operators.list'));
    expect(list.map((operator) => operator.name)).toEqual(['Carl', 'Maria']);
    expect(valueOf<{ laneId: string }>(await stack.call('settings.get')).laneId).toBe('lane1');
  });

  it('login list is public and shows names and roles only', async () => {
    stack = openStack();
    await seedOperators(stack);
    const tiles = valueOf<Record<string, unknown>[]>(await stack.call('session.listOperators'));
    expect(tiles).toEqual([
      { id: 2, name: 'Carl', role: 'cashier' },
      { id: 1, name: 'Maria', role: 'manager' },
    ]);
  });

  it('session status keeps its fields', async () => {
    stack = openStack();
    const before = valueOf<Record<string, unknown>>(await stack.call('session.status'));
    expect(before).toEqual({
      operator: null,
      laneId: 'lane1',
      environment: 'demo',
      setupRequired: true,
      settingsError: null,
      appVersion: '0.0.0-test',
      maxSaleMinor: 1_000_000,
      timeZone: stack.settings.read().timeZone,
    });
    await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: 2, pin: '1111' }));
    const after = valueOf<Record<string, unknown>>(await stack.call('session.status'));
    expect(after.operator).toEqual({ id: 2, name: 'Carl', role: 'cashier' });
    expect(after.setupRequired).toBe(false);
  });
});

describe('first start', () => {
  it('creates the first manager and logs them in', async () => {
    stack = openStack();
    const manager = valueOf(
      await stack.call('setup.createFirstManager', {
        name: 'Maria',
        pin: '4321',
        environment: 'demo',
      }),
    );
    expect(manager).toEqual({ id: 1, name: 'Maria', role: 'manager' });
    expect(stack.sessions.currentOperator()).toEqual(manager);
    expect(stack.audit.list().map((entry) => entry.action)).toEqual(['login', 'setup']);
  });

  it('rejects setup once an operator exists', async () => {
    stack = openStack();
    await seedOperators(stack);
    const again = await stack.call('setup.createFirstManager', {
      name: 'Mallory',
      pin: '0000',
      environment: 'demo',
    });
    expect(errorCodeOf(again)).toBe('forbidden');
    expect(stack.operators.count()).toBe(2);
  });

  it('keeps setup closed after the operators table is emptied', async () => {
    stack = openStack();
    await seedOperators(stack);
    stack.db.exec('DELETE FROM operators');
    const status = valueOf<{ setupRequired: boolean }>(await stack.call('session.status'));
    expect(status.setupRequired).toBe(false);
    const again = await stack.call('setup.createFirstManager', {
      name: 'Mallory',
      pin: '0000',
      environment: 'demo',
    });
    expect(errorCodeOf(again)).toBe('forbidden');
  });

  it('needs a site and merchant id for UAT', async () => {
    stack = openStack();
    const missing = await stack.call('setup.createFirstManager', {
      name: 'Maria',
      pin: '4321',
      environment: 'uat',
    });
    expect(errorCodeOf(missing)).toBe('invalid_input');
    expect(stack.operators.count()).toBe(0);

    valueOf(
      await stack.call('setup.createFirstManager', {
        name: 'Maria',
        pin: '4321',
        environment: 'uat',
        site: 'fts',
        merchantId: '496160873888',
      }),
    );
    expect(stack.settings.read()).toMatchObject({ environment: 'uat', site: 'fts' });
    expect(stack.settings.environmentConfirmationRequired()).toBe(false);
  });
});

describe('operator management', () => {
  it('rejects disabling or demoting the last active manager', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));

    expect(errorCodeOf(await stack.call('operators.disable', { id: managerId }))).toBe('forbidden');
    expect(
      errorCodeOf(await stack.call('operators.update', { id: managerId, role: 'cashier' })),
    ).toBe('forbidden');
    expect(stack.operators.get(managerId)).toMatchObject({ role: 'manager', disabled: false });
  });

  it('disables a manager when another remains', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const second = valueOf<{ id: number }>(
      await stack.call('operators.create', { name: 'Nina', role: 'manager', pin: '5555' }),
    );

    const disabled = valueOf<{ disabled: boolean }>(
      await stack.call('operators.disable', { id: managerId }),
    );
    expect(disabled.disabled).toBe(true);
    // The disabled manager's own session ends with it.
    expect(stack.sessions.currentOperator()).toBeNull();
    expect(
      errorCodeOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' })),
    ).toBe('not_authenticated');
    valueOf(await stack.call('session.login', { operatorId: second.id, pin: '5555' }));
  });

  it('keeps the session after a rename', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    valueOf(await stack.call('operators.update', { id: managerId, name: 'Maria R' }));
    expect(stack.sessions.currentOperator()).toEqual({
      id: managerId,
      name: 'Maria R',
      role: 'manager',
    });
  });

  it('ends the session of a demoted manager', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    valueOf(await stack.call('operators.create', { name: 'Nina', role: 'manager', pin: '5555' }));
    valueOf(await stack.call('operators.update', { id: managerId, role: 'cashier' }));
    expect(stack.sessions.currentOperator()).toBeNull();
    const again = valueOf<{ role: string }>(
      await stack.call('session.login', { operatorId: managerId, pin: '4321' }),
    );
    expect(again.role).toBe('cashier');
  });

  it('rejects a second operator with the same name', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const duplicate = await stack.call('operators.create', {
      name: 'carl',
      role: 'cashier',
      pin: '2222',
    });
    expect(errorCodeOf(duplicate)).toBe('invalid_input');
  });

  it('resets a PIN and clears the lockout', async () => {
    stack = openStack();
    const { managerId, cashierId } = await seedOperators(stack);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await stack.call('session.login', { operatorId: cashierId, pin: '0000' });
    }
    expect(
      errorCodeOf(await stack.call('session.login', { operatorId: cashierId, pin: '1111' })),
    ).toBe('locked_out');

    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const summary = valueOf<{ lockedUntil: string | null }>(
      await stack.call('operators.resetPin', { id: cashierId, pin: '2468' }),
    );
    expect(summary.lockedUntil).toBeNull();
    valueOf(await stack.call('session.login', { operatorId: cashierId, pin: '2468' }));
  });

  it('returns a markup-like name as plain text everywhere', async () => {
    stack = openStack();
    const name = '<img src=x onerror="window.__x=1">';
    const { managerId } = await seedOperators(stack, { cashierName: name });
    const tiles = valueOf<{ name: string }[]>(await stack.call('session.listOperators'));
    expect(tiles.map((tile) => tile.name)).toContain(name);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const list = valueOf<{ name: string }[]>(await stack.call('operators.list'));
    expect(list.map((operator) => operator.name)).toContain(name);
  });
});

describe('idle lock', () => {
  it('ends the session after the idle time', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    const idleMs = stack.settings.read().idleLockSeconds * 1000;

    stack.clock.advance(idleMs - 1000);
    valueOf(await stack.call('settings.get'));
    // The call above was activity, so the full idle time starts again.
    stack.clock.advance(idleMs - 1000);
    expect(stack.sessions.currentOperator()).not.toBeNull();

    stack.clock.advance(1000);
    expect(stack.sessions.currentOperator()).toBeNull();
    expect(errorCodeOf(await stack.call('settings.get'))).toBe('not_authenticated');
    expect(stack.audit.list({ limit: 1 })[0]?.action).toBe('session_locked');
  });

  it('announces the lock when the timer fires', async () => {
    stack = openStack();
    const { cashierId } = await seedOperators(stack);
    const changes: (string | null)[] = [];
    stack.sessions.onChange((operator, reason) =>
      changes.push(`${reason}:${operator?.name ?? 'none'}`),
    );
    valueOf(await stack.call('session.login', { operatorId: cashierId, pin: '1111' }));
    stack.clock.advance(stack.settings.read().idleLockSeconds * 1000);
    expect(changes).toEqual(['login:Carl', 'idle:none']);
  });

  it('uses the idle time from settings', async () => {
    stack = openStack();
    const { managerId } = await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: managerId, pin: '4321' }));
    valueOf(await stack.call('settings.update', { idleLockSeconds: 60 }));
    stack.clock.advance(59_000);
    expect(stack.sessions.currentOperator()).not.toBeNull();
    stack.clock.advance(1_000);
    expect(stack.sessions.currentOperator()).toBeNull();
  });
});
