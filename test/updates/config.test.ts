import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  loadUpdateConfig,
  machineConfigFolder,
  parseUpdateConfig,
  UpdateConfigError,
} from '../../main/updates/config';

const folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-update-config-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('update settings', () => {
  it('fills in defaults', () => {
    expect(parseUpdateConfig({ feedUrl: 'https://updates.example.com/cardlane' })).toEqual({
      feedUrl: 'https://updates.example.com/cardlane',
      installAt: { hour: 3, minute: 0 },
      installWindowMinutes: 60,
      checkIntervalMinutes: 240,
    });
  });

  it('allows no install time', () => {
    const config = parseUpdateConfig({ feedUrl: 'https://updates.example.com/', installAt: null });
    expect(config.installAt).toBeNull();
  });

  it.each([
    [{ feedUrl: 'http://updates.example.com/' }, /must use https, not http/],
    [{ feedUrl: 'https://user:secret@updates.example.com/' }, /user name or password/],
    [{ feedUrl: 'not a url' }, /not a valid URL/],
    [{ feedUrl: 'https://updates.example.com/', installAt: '3am' }, /installAt: use HH:MM/],
    [{ feedUrl: 'https://updates.example.com/', checkIntervalMinutes: 1 }, /checkIntervalMinutes/],
    [{ feedUrl: 'https://updates.example.com/', feed: 'typo' }, /Invalid update settings/],
    [{}, /feedUrl/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseUpdateConfig(raw)).toThrow(UpdateConfigError);
    expect(() => parseUpdateConfig(raw)).toThrow(message);
  });

  it('returns null without a file', () => {
    expect(loadUpdateConfig(path.join(folder, 'absent.json'))).toBeNull();
  });

  it('rejects a file that is not JSON', () => {
    const file = path.join(folder, 'broken.json');
    writeFileSync(file, '{ feedUrl: ');
    expect(() => loadUpdateConfig(file)).toThrow(/not valid JSON/);
  });

  it('reads a valid file', () => {
    const file = path.join(folder, 'update-config.json');
    writeFileSync(file, JSON.stringify({ feedUrl: 'https://u.example.com/', installAt: '02:15' }));
    expect(loadUpdateConfig(file)?.installAt).toEqual({ hour: 2, minute: 15 });
  });

  it('uses a machine-wide folder', () => {
    expect(machineConfigFolder('win32', { ProgramData: 'D:\\ProgramData' })).toBe(
      'D:\\ProgramData\\Cardlane',
    );
    expect(machineConfigFolder('linux', {})).toBe('/etc/cardlane');
  });
});
