import { readFileSync, writeFileSync } from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { errorCodeOf, openStack, valueOf, type Stack } from '../operators/harness';

let stack: Stack | undefined;
afterEach(() => stack?.close());

/** Opens a store set up for UAT at site `fts`, with the manager logged in. */
async function uatStore(): Promise<Stack> {
  const opened = openStack();
  valueOf(
    await opened.call('setup.createFirstManager', {
      name: 'Maria',
      pin: '4321',
      environment: 'uat',
      site: 'fts',
      merchantId: '820000000123',
    }),
  );
  return opened;
}

function editFile(stack: Stack, changes: Record<string, unknown>): void {
  const current = JSON.parse(readFileSync(stack.settings.filePath, 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(stack.settings.filePath, JSON.stringify({ ...current, ...changes }));
}

describe('environment seal', () => {
  it('lets a configured store sell', async () => {
    stack = await uatStore();
    expect(stack.settings.saleBlockReason()).toBeNull();
    expect(() => stack!.settings.assertCanSell()).not.toThrow();
  });

  it('stops sales after the file is edited to demo mode', async () => {
    stack = await uatStore();
    editFile(stack, { environment: 'demo', site: null });
    expect(stack.settings.saleBlockReason()).toContain('changed outside Cardlane');
    expect(() => stack!.settings.assertCanSell()).toThrow(/manager must confirm/);

    const view = valueOf<{ environmentConfirmationRequired: boolean }>(
      await stack.call('settings.get'),
    );
    expect(view.environmentConfirmationRequired).toBe(true);
  });

  it('stops sales after the file points at another site or merchant', async () => {
    stack = await uatStore();
    editFile(stack, { site: 'elsewhere' });
    expect(stack.settings.saleBlockReason()).not.toBeNull();
    editFile(stack, { site: 'fts', merchantId: '820000000999' });
    expect(stack.settings.saleBlockReason()).not.toBeNull();
    editFile(stack, { merchantId: '820000000123' });
    expect(stack.settings.saleBlockReason()).toBeNull();
  });

  it('sells again once a manager confirms', async () => {
    stack = await uatStore();
    editFile(stack, { environment: 'demo', site: null });
    const view = valueOf<{ environmentConfirmationRequired: boolean; environment: string }>(
      await stack.call('settings.confirmEnvironment'),
    );
    expect(view).toMatchObject({ environmentConfirmationRequired: false, environment: 'demo' });
    expect(stack.settings.saleBlockReason()).toBeNull();
    expect(stack.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'environment_confirmed',
      operatorId: 1,
    });
  });

  it('needs a manager to confirm', async () => {
    stack = await uatStore();
    valueOf(await stack.call('operators.create', { name: 'Carl', role: 'cashier', pin: '1111' }));
    valueOf(await stack.call('session.login', { operatorId: 2, pin: '1111' }));
    editFile(stack, { environment: 'demo', site: null });
    expect(errorCodeOf(await stack.call('settings.confirmEnvironment'))).toBe('forbidden');
    expect(stack.settings.saleBlockReason()).not.toBeNull();
  });

  it('accepts changes made through Settings', async () => {
    stack = await uatStore();
    valueOf(await stack.call('settings.update', { environment: 'production', site: 'fts' }));
    expect(stack.settings.saleBlockReason()).toBeNull();
    valueOf(await stack.call('settings.update', { environment: 'demo' }));
    expect(stack.settings.saleBlockReason()).toBeNull();
  });

  it('stops sales for a hand-written UAT file on a fresh install', async () => {
    stack = openStack();
    writeFileSync(
      stack.settings.filePath,
      JSON.stringify({ ...stack.settings.read(), environment: 'uat', site: 'fts' }),
    );
    expect(stack.settings.saleBlockReason()).not.toBeNull();
  });

  it('refuses to sell while the file is invalid', async () => {
    stack = await uatStore();
    writeFileSync(stack.settings.filePath, '{');
    expect(stack.settings.saleBlockReason()).toContain('is not valid JSON');
  });
});
