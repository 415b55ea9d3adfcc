import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { closeLogging, configureLogging } from '../../main/log/logger';
import { ElectronSecretStore } from '../../main/settings/electron-secret-store';
import { SECRET_NAMES } from '../../main/settings/secret-store';
import { maskUser } from '../../main/settings/service';
import { safeStorage } from '../fakes/electron';
import {
  errorCodeOf,
  makeTempDir,
  openStack,
  seedOperators,
  valueOf,
  type Stack,
} from '../operators/harness';

const PASSWORD = 'Gx7-unique-Password-41';

let stack: Stack | undefined;
afterEach(() => {
  stack?.close();
  stack = undefined;
  closeLogging();
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});

async function managerStack(): Promise<Stack> {
  const opened = openStack();
  await seedOperators(opened);
  valueOf(await opened.call('session.login', { operatorId: 1, pin: '4321' }));
  return opened;
}

function codeOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

describe('credentials', () => {
  it('are refused without secure storage until a manager accepts plain storage', async () => {
    stack = await managerStack();
    const input = { environment: 'uat', user: 'testing', password: PASSWORD };
    const refused = await stack.call('settings.setCredentials', input);
    expect(errorCodeOf(refused)).toBe('secure_storage_unavailable');
    expect(stack.secrets.get(SECRET_NAMES.gatewayPassword('uat'))).toBeNull();

    const view = valueOf<{ allowPlainSecretStorage: boolean }>(
      await stack.call('settings.acceptPlainStorage', { accept: true }),
    );
    expect(view.allowPlainSecretStorage).toBe(true);
    const status = valueOf(await stack.call('settings.setCredentials', input));
    expect(status).toMatchObject({ set: true, userMasked: 't•••••g' });
    expect(stack.audit.list().map((entry) => entry.action)).toContain('plain_storage_accepted');
  });

  it('stay out of results, logs and files', async () => {
    const lines: string[] = [];
    configureLogging({ memory: lines, level: 'debug' });
    stack = await managerStack();
    valueOf(await stack.call('settings.acceptPlainStorage', { accept: true }));

    const outputs: unknown[] = [];
    outputs.push(
      await stack.call('settings.setCredentials', {
        environment: 'production',
        user: 'storeapi',
        password: PASSWORD,
      }),
    );
    outputs.push(
      await stack.call('settings.setCredentials', {
        environment: 'uat',
        user: 'storeapi',
        password: PASSWORD,
      }),
    );
    // Invalid input that carries the password: the error names the field, not the value.
    outputs.push(
      await stack.call('settings.setCredentials', {
        environment: 'uat',
        user: 'storeapi',
        password: `${PASSWORD} ${'x'.repeat(200)}`,
      }),
    );
    outputs.push(
      await stack.call('settings.setCredentials', {
        environment: 'demo',
        user: 'storeapi',
        password: PASSWORD,
      }),
    );
    outputs.push(
      await stack.call('settings.setCredentials', {
        environment: 'uat',
        user: 'storeapi',
        password: PASSWORD,
        extra: PASSWORD,
      }),
    );
    outputs.push(await stack.call('settings.get'));
    outputs.push(await stack.call('session.status'));
    outputs.push(await stack.call('audit.list', {}));
    outputs.push(await stack.call('settings.testConnection', { environment: 'uat' }));

    expect(outputs.filter((envelope) => (envelope as { ok: boolean }).ok)).toHaveLength(6);
    const view = outputs[5] as { value: { credentials: unknown } };
    expect(view.value.credentials).toMatchObject({
      uat: { set: true, userMasked: 's••••••i' },
      production: { set: true, userMasked: 's••••••i' },
    });
    expect(JSON.stringify(outputs)).not.toContain(PASSWORD);
    expect(JSON.stringify(outputs)).not.toContain('storeapi');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(readFileSync(stack.settings.filePath, 'utf8')).not.toContain(PASSWORD);
    for (const name of readdirSync(stack.dir)) {
      if (name.startsWith('journal.sqlite')) {
        expect(readFileSync(path.join(stack.dir, name)).includes(PASSWORD), name).toBe(false);
      }
    }
  });

  it('production credentials are refused for a UAT site and the reverse', async () => {
    stack = await managerStack();
    valueOf(await stack.call('settings.acceptPlainStorage', { accept: true }));
    valueOf(
      await stack.call('settings.setCredentials', {
        environment: 'production',
        user: 'produser',
        password: PASSWORD,
      }),
    );
    valueOf(
      await stack.call('settings.setCredentials', {
        environment: 'uat',
        user: 'testing',
        password: 'testing123',
      }),
    );

    valueOf(await stack.call('settings.update', { environment: 'uat', site: 'fts' }));
    expect(codeOf(() => stack!.settings.credentialsForHost('fts.cardconnect.com'))).toBe(
      'credentials_rejected',
    );
    expect(codeOf(() => stack!.settings.credentialsForHost('example.com'))).toBe(
      'credentials_rejected',
    );
    expect(codeOf(() => stack!.settings.credentialsForHost('other-uat.cardconnect.com'))).toBe(
      'credentials_rejected',
    );
    expect(stack.settings.credentialsForHost('fts-uat.cardconnect.com')).toEqual({
      user: 'testing',
      password: 'testing123',
    });

    valueOf(await stack.call('settings.update', { environment: 'production' }));
    expect(codeOf(() => stack!.settings.credentialsForHost('fts-uat.cardconnect.com'))).toBe(
      'credentials_rejected',
    );
    expect(stack.settings.gatewayAccess()).toEqual({
      environment: 'production',
      host: 'fts.cardconnect.com',
      credentials: { user: 'produser', password: PASSWORD },
    });
  });

  it('are not needed in demo mode', async () => {
    stack = await managerStack();
    expect(stack.settings.gatewayAccess()).toBeNull();
  });

  it('mask the user name', () => {
    expect(maskUser('testing')).toBe('t•••••g');
    expect(maskUser('abcd')).toBe('a•••');
    expect(maskUser('ab')).toBe('••');
  });
});

describe('connection test', () => {
  it('explains a 401 in plain words', async () => {
    const opened = openStack({ testConnection: () => Promise.resolve({ status: 'unauthorized' }) });
    stack = opened;
    await seedOperators(opened);
    valueOf(await opened.call('session.login', { operatorId: 1, pin: '4321' }));
    valueOf(await opened.call('settings.acceptPlainStorage', { accept: true }));
    valueOf(
      await opened.call('settings.setCredentials', {
        environment: 'uat',
        user: 'testing',
        password: 'wrong',
      }),
    );

    const result = valueOf<{ ok: boolean; outcome: string; message: string }>(
      await opened.call('settings.testConnection', { environment: 'uat' }),
    );
    expect(result).toMatchObject({ ok: false, outcome: 'credentials_rejected' });
    expect(result.message).toContain(
      'Check the site name, the UAT or production choice and the API user',
    );
    expect(
      valueOf<{ lastConnectionTest: unknown }>(await opened.call('settings.get'))
        .lastConnectionTest,
    ).toEqual(result);
  });

  it('reports missing credentials without calling the gateway', async () => {
    stack = await managerStack();
    const result = valueOf<{ outcome: string }>(
      await stack.call('settings.testConnection', { environment: 'production' }),
    );
    expect(result.outcome).toBe('not_configured');
    expect(stack.connectionTests).toEqual([]);
  });

  it('tests the configured environment by default', async () => {
    stack = await managerStack();
    const result = valueOf<{ ok: boolean; environment: string }>(
      await stack.call('settings.testConnection', {}),
    );
    expect(result).toMatchObject({ ok: true, environment: 'demo' });
    expect(stack.connectionTests).toEqual(['demo']);
  });
});

describe('Electron secret store', () => {
  it('keeps values encrypted in its file', () => {
    const dir = makeTempDir('secrets');
    const store = new ElectronSecretStore(dir);
    store.set('gateway.uat.password', PASSWORD);
    expect(readFileSync(store.filePath, 'utf8')).not.toContain(PASSWORD);
    expect(readFileSync(store.filePath, 'utf8')).not.toContain(
      Buffer.from(PASSWORD).toString('base64'),
    );
    expect(new ElectronSecretStore(dir).get('gateway.uat.password')).toBe(PASSWORD);
    store.delete('gateway.uat.password');
    expect(new ElectronSecretStore(dir).get('gateway.uat.password')).toBeNull();
  });

  it('reports a basic_text backend as not secure', () => {
    const store = new ElectronSecretStore(makeTempDir('secrets'));
    expect(store.isAvailable()).toBe(true);
    safeStorage.backend = 'basic_text';
    expect(store.isAvailable()).toBe(process.platform !== 'linux');
    safeStorage.available = false;
    expect(store.isAvailable()).toBe(false);
  });

  it('writes its file with mode 0600', () => {
    const store = new ElectronSecretStore(makeTempDir('secrets'));
    store.set('audit.hmac-key', 'ab'.repeat(32));
    expect(statSync(store.filePath).mode & 0o777).toBe(0o600);
  });
});
