import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { defaultSettings, SETTINGS_VERSION } from '../../main/settings/schema';
import { ConfSettingsFile, SETTINGS_FILE } from '../../main/settings/settings-file';
import { SettingsError, SettingsStore } from '../../main/settings/store';
import {
  errorCodeOf,
  makeTempDir,
  openStack,
  seedOperators,
  valueOf,
  type Stack,
} from '../operators/harness';

let stack: Stack | undefined;
afterEach(() => stack?.close());

function storeWithFile(content: string | null): { store: SettingsStore; file: string } {
  const dir = makeTempDir('settings');
  const file = path.join(dir, SETTINGS_FILE);
  if (content !== null) writeFileSync(file, content);
  return { store: new SettingsStore(new ConfSettingsFile(dir)), file };
}

function readError(store: SettingsStore): SettingsError {
  const result = store.tryRead();
  if (result.ok) throw new Error('expected the settings to be invalid');
  return result.error;
}

const validFile = (changes: Record<string, unknown>): string =>
  JSON.stringify({ ...defaultSettings(), ...changes });

describe('settings file', () => {
  it('gives defaults when there is no file', () => {
    const { store, file } = storeWithFile(null);
    expect(store.read()).toEqual(defaultSettings());
    expect(existsSync(file)).toBe(false);
  });

  it('writes and reads back through conf', () => {
    const { store, file } = storeWithFile(null);
    store.update((current) => ({
      ...current,
      laneId: 'front-2',
      receiptHeader: ['Corner Shop', '1 Main St'],
    }));
    expect(store.read()).toMatchObject({
      laneId: 'front-2',
      receiptHeader: ['Corner Shop', '1 Main St'],
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).laneId).toBe('front-2');
  });

  it('names an unknown environment and keeps the file', () => {
    const content = validFile({ environment: 'staging' });
    const { store, file } = storeWithFile(content);
    const error = readError(store);
    expect(error.code).toBe('settings_invalid');
    expect(error.field).toBe('environment');
    expect(error.message).toContain('"environment"');
    expect(error.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('fills terminal timeouts missing from the file', () => {
    const content = validFile({ terminal: { serialNumber: '103T662933', path: null } });
    const { store, file } = storeWithFile(content);
    expect(store.read().terminal).toEqual({
      serialNumber: '103T662933',
      path: null,
      paymentInactivitySeconds: 60,
      heartbeatSeconds: 15,
    });
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('names a terminal timeout out of range', () => {
    const content = validFile({ terminal: { ...defaultSettings().terminal, heartbeatSeconds: 1 } });
    const { store } = storeWithFile(content);
    expect(readError(store).field).toBe('terminal.heartbeatSeconds');
  });

  it('names a merchant id with letters and keeps the file', () => {
    const content = validFile({ merchantId: '49616O873888' });
    const { store, file } = storeWithFile(content);
    const error = readError(store);
    expect(error.field).toBe('merchantId');
    expect(error.message).toContain('must be 6 to 16 digits');
    // The message names the field, not its value.
    expect(error.message).not.toContain('49616O873888');
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('reports broken JSON and keeps the file', () => {
    const content = '{ "version": 2, "environment": "demo", ';
    const { store, file } = storeWithFile(content);
    const error = readError(store);
    expect(error.field).toBe('file');
    expect(error.message).toContain('is not valid JSON');
    expect(() => store.read()).toThrow(SettingsError);
    expect(() => store.update((current) => current)).toThrow(SettingsError);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('names an unknown key', () => {
    const { store } = storeWithFile(validFile({ enviroment: 'uat' }));
    expect(readError(store).field).toBe('enviroment');
  });

  it('requires a site outside demo mode', () => {
    const { store } = storeWithFile(validFile({ environment: 'production', site: null }));
    expect(readError(store).field).toBe('site');
  });

  it('rejects a file from a newer version', () => {
    const { store } = storeWithFile(validFile({ version: SETTINGS_VERSION + 1 }));
    const error = readError(store);
    expect(error.field).toBe('version');
    expect(error.message).toContain('newer Cardlane');
  });

  it('upgrades a version 1 file and keeps a copy', () => {
    const versionOne = {
      version: 1,
      environment: 'uat',
      site: 'fts',
      merchantId: '496160873888',
      laneId: 'lane3',
      terminal: { serialNumber: null, path: '/dev/ttyACM0' },
      maxSaleMinor: 500_000,
      currency: 'USD',
    };
    const { store, file } = storeWithFile(JSON.stringify(versionOne));
    const settings = store.read();
    expect(settings).toMatchObject({
      version: 2,
      environment: 'uat',
      laneId: 'lane3',
      idleLockSeconds: 300,
      partialApproval: 'reverse',
      unsettledRefunds: false,
      credentials: { uat: null, production: null },
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(2);
    expect(JSON.parse(readFileSync(file.replace(/\.json$/, '.v1.json'), 'utf8'))).toEqual(
      versionOne,
    );
  });

  it('sees a hand edit on the next read', () => {
    const { store, file } = storeWithFile(validFile({}));
    expect(store.read().laneId).toBe('lane1');
    writeFileSync(file, validFile({ laneId: 'lane7' }));
    expect(store.read().laneId).toBe('lane7');
  });
});

describe('settings channels with an invalid file', () => {
  it('report the field in session status', async () => {
    stack = openStack();
    await seedOperators(stack);
    const file = stack.settings.filePath;
    const content = validFile({ merchantId: 'abc123' });
    writeFileSync(file, content);

    const status = valueOf<{ settingsError: string | null }>(await stack.call('session.status'));
    expect(status.settingsError).toContain('"merchantId"');

    valueOf(await stack.call('session.login', { operatorId: 1, pin: '4321' }));
    expect(errorCodeOf(await stack.call('settings.get'))).toBe('settings_invalid');
    expect(errorCodeOf(await stack.call('settings.update', { laneId: 'lane2' }))).toBe(
      'settings_invalid',
    );
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('reject invalid values from the settings screen', async () => {
    stack = openStack();
    await seedOperators(stack);
    valueOf(await stack.call('session.login', { operatorId: 1, pin: '4321' }));
    for (const patch of [
      { merchantId: '12ab' },
      { timeZone: 'Mars/Olympus' },
      { site: 'fts-uat' },
      { idleLockSeconds: 5 },
      { receiptHeader: ['x'.repeat(43)] },
      { environment: 'uat' },
      { currency: 'EUR' },
    ]) {
      expect(errorCodeOf(await stack.call('settings.update', patch)), JSON.stringify(patch)).toBe(
        'invalid_input',
      );
    }
    expect(stack.settings.read()).toEqual(defaultSettings());
  });
});
