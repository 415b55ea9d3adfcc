/**
 * Every channel of the contract, called as injected script in the app page would: before login,
 * with the wrong role and with inputs that violate its schema. Each call is rejected with a code,
 * and the journal (audit log included), the settings file and the secret store stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHANNEL_NAMES, channels, type ChannelName } from '../../common/contract';
import { ERROR_CODES } from '../../common/errors';
import { ECHO_MARKER, sampleFor, schemaAttacks } from './samples';
import {
  codeOf,
  diskState,
  loginAs,
  MANAGER,
  seedDemo,
  startStack,
  valueOf,
  type SecurityStack,
} from './stack';

let stack: SecurityStack;
let ids: { managerId: number; cashierId: number };

beforeAll(async () => {
  stack = await startStack();
  ids = await seedDemo(stack);
});

afterAll(async () => {
  await stack?.close();
});

function nonPublic(): ChannelName[] {
  return CHANNEL_NAMES.filter((name) => channels[name].role !== 'public');
}

/** A contract channel without a handler in main returns `internal` before any other check. */
function expectedCode(channel: ChannelName, code: string): string {
  return stack.services.router.missingChannels().includes(channel) ? 'internal' : code;
}

describe('channels from the page', () => {
  it('every channel has a sample input', () => {
    for (const channel of CHANNEL_NAMES) {
      expect(() => sampleFor(channel), channel).not.toThrow();
    }
  });

  it('reject every non-public channel before login', async () => {
    valueOf(await stack.call('session.logout'));
    const before = diskState(stack.dir);

    for (const channel of nonPublic()) {
      const envelope = await stack.call(channel, sampleFor(channel));
      expect(codeOf(envelope), channel).toBe(expectedCode(channel, 'not_authenticated'));
    }

    expect(diskState(stack.dir)).toEqual(before);
  });

  it('keep public channels harmless before login', async () => {
    valueOf(await stack.call('session.logout'));
    const before = diskState(stack.dir);

    const setup = await stack.call(
      'setup.createFirstManager',
      sampleFor('setup.createFirstManager'),
    );
    expect(codeOf(setup)).toBe('forbidden');
    const operators = valueOf<Record<string, unknown>[]>(await stack.call('session.listOperators'));
    for (const operator of operators) {
      expect(Object.keys(operator).sort()).toEqual(['id', 'name', 'role']);
    }
    const status = valueOf<{ operator: unknown }>(await stack.call('session.status'));
    expect(status.operator).toBeNull();

    expect(diskState(stack.dir)).toEqual(before);
  });

  it('reject manager channels from a cashier', async () => {
    await loginAs(stack, ids.cashierId, '2468');
    const before = diskState(stack.dir);

    const managerChannels = CHANNEL_NAMES.filter((name) => channels[name].role === 'manager');
    expect(managerChannels.length).toBeGreaterThan(10);
    for (const channel of managerChannels) {
      const envelope = await stack.call(channel, sampleFor(channel));
      expect(codeOf(envelope), channel).toBe(expectedCode(channel, 'forbidden'));
    }

    expect(diskState(stack.dir)).toEqual(before);
    // The refusals did not end or change the cashier's session.
    const status = valueOf<{ operator: { role: string } }>(await stack.call('session.status'));
    expect(status.operator.role).toBe('cashier');
  });

  it('reject schema-violating input on every channel', async () => {
    await loginAs(stack, ids.managerId, MANAGER.pin);
    const before = diskState(stack.dir);
    let attacks = 0;

    for (const channel of CHANNEL_NAMES) {
      for (const attack of schemaAttacks(sampleFor(channel))) {
        attacks += 1;
        const envelope = await stack.call(channel, attack.input);
        const label = `${channel}: ${attack.name}`;
        expect(codeOf(envelope), label).toBe(expectedCode(channel, 'invalid_input'));
        if (!envelope.ok) {
          expect(ERROR_CODES, label).toContain(envelope.error.code);
          expect(envelope.error.message, label).not.toContain(ECHO_MARKER);
          expect(envelope.error.message.length, label).toBeLessThan(400);
        }
      }
    }

    expect(attacks).toBeGreaterThan(CHANNEL_NAMES.length * 7);
    expect(diskState(stack.dir)).toEqual(before);
  });

  it('bound the message for an oversized key name', async () => {
    const envelope = await stack.call('session.status', { ['K'.repeat(100_000)]: 1 });
    expect(codeOf(envelope)).toBe('invalid_input');
    expect(envelope.ok ? '' : envelope.error.message.length).toBeLessThan(400);
  });

  it('leave Object.prototype unpolluted', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.role).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reject an unknown channel name', async () => {
    const before = diskState(stack.dir);
    for (const name of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      `x${ECHO_MARKER}`,
    ]) {
      const envelope = await stack.call(name, {});
      expect(codeOf(envelope), name).toBe('invalid_input');
    }
    expect(diskState(stack.dir)).toEqual(before);
  });

  it('reject calls from a subframe or another origin', async () => {
    const before = diskState(stack.dir);
    for (const caller of [
      { url: 'app://cardlane/index.html', isMainFrame: false },
      { url: 'https://attacker.invalid/', isMainFrame: true },
      { url: 'app://cardlane.evil/index.html', isMainFrame: true },
      { url: 'file:///C:/cardlane/index.html', isMainFrame: true },
    ]) {
      const envelope = await stack.services.router.dispatch(
        'operators.create',
        { name: 'Mallory', role: 'manager', pin: '1234' },
        caller,
      );
      expect(codeOf(envelope), caller.url).toBe('forbidden');
    }
    expect(diskState(stack.dir)).toEqual(before);
  });
});
