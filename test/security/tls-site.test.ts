/**
 * TLS and site. The gateway client's TLS trust cases run again here: a rogue CA that Node's
 * environment variables trust is still rejected. Site names an attacker could enter through the
 * first-start screen, the settings screen or the settings file never produce a host outside
 * cardconnect.com.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { SessionStatus } from '../../common/contract';
import { SETTINGS_FILE } from '../../main/settings/settings-file';
import { codeOf, MANAGER, startStack, valueOf, type SecurityStack } from './stack';

// The TLS trust cases of the gateway client, registered again in this file.
import '../gateway/tls.test';

const HOSTILE_SITES = [
  'attacker.example',
  'fts.cardconnect.com.attacker.example',
  'fts/../../attacker',
  'fts@attacker.example',
  'fts:443',
  'fts#',
  'fts?x=1',
  'FTS',
  'fts\u0000',
  'fts uat',
  'fts-uat',
  'xn--80ak6aa92e',
  '127.0.0.1',
  '',
  'a'.repeat(64),
];

let stack: SecurityStack;

afterEach(async () => {
  await stack?.close();
});

describe('site names', () => {
  it('hostile sites are rejected at first start', async () => {
    stack = await startStack();
    for (const site of HOSTILE_SITES.filter((entry) => entry !== 'xn--80ak6aa92e')) {
      const envelope = await stack.call('setup.createFirstManager', {
        ...MANAGER,
        environment: 'uat',
        site,
        merchantId: '496160873888',
      });
      expect(codeOf(envelope), JSON.stringify(site)).toBe('invalid_input');
    }
    const status = valueOf<SessionStatus>(await stack.call('session.status'));
    expect(status.setupRequired).toBe(true);
  });

  it('hostile sites are rejected in settings', async () => {
    stack = await startStack();
    valueOf(
      await stack.call('setup.createFirstManager', {
        ...MANAGER,
        environment: 'uat',
        site: 'fts',
        merchantId: '496160873888',
      }),
    );
    for (const site of HOSTILE_SITES.filter(
      (entry) => !/^[a-z0-9-]{1,63}$/.test(entry) || entry.endsWith('-uat'),
    )) {
      const envelope = await stack.call('settings.update', { site });
      expect(codeOf(envelope), JSON.stringify(site)).toBe('invalid_input');
    }
  });

  it('hostile site in the settings file stops the lane', async () => {
    stack = await startStack();
    valueOf(
      await stack.call('setup.createFirstManager', {
        ...MANAGER,
        environment: 'uat',
        site: 'fts',
        merchantId: '496160873888',
      }),
    );
    const file = path.join(stack.dir, SETTINGS_FILE);
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...settings, site: 'fts.attacker.example' }));

    const status = valueOf<SessionStatus>(await stack.call('session.status'));
    expect(status.settingsError).toMatch(/site/);
    expect(codeOf(await stack.call('sale.start', { amountMinor: 100 }))).toBe('settings_invalid');
    // The lane cannot be (re)built from the file, so no client for the edited host exists.
    await expect(stack.services.lane.ensure()).rejects.toThrow(/site/);
    const origin = stack.services.lane.current()?.gateway.origin ?? null;
    if (origin !== null) expect(new URL(origin).hostname).not.toContain('attacker');
  });

  it('accepted sites build cardconnect.com hosts', async () => {
    stack = await startStack();
    valueOf(
      await stack.call('setup.createFirstManager', {
        ...MANAGER,
        environment: 'uat',
        site: 'fts',
        merchantId: '496160873888',
      }),
    );
    valueOf(await stack.call('settings.acceptPlainStorage', { accept: true }));
    valueOf(
      await stack.call('settings.setCredentials', {
        environment: 'uat',
        user: 'testing',
        password: 'testing123',
      }),
    );
    // A fixed terminal path that does not exist, so no serial port on this machine is probed.
    valueOf(
      await stack.call('settings.update', {
        terminal: { serialNumber: null, path: '/nonexistent/cardlane-tty' },
      }),
    );

    for (const site of ['fts', 'xn--80ak6aa92e', 'a-b-c', '0']) {
      valueOf(await stack.call('settings.update', { site }));
      // Starting the lane builds the gateway client; with no open payments it sends nothing.
      const core = await stack.services.lane.ensure();
      const origin = new URL(core.gateway.origin);
      expect(origin.protocol).toBe('https:');
      expect(origin.hostname).toBe(`${site}-uat.cardconnect.com`);
      expect(origin.port).toBe('');
    }
  });
});
