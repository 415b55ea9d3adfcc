import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const schema = JSON.parse(
  readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('matches the builder schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails the schema with an unknown key', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ ...config, asarr: true })).toBe(false);
  });

  it('names the app', () => {
    expect(config.appId).toBe('com.cardlane.console');
    expect(config.productName).toBe('Cardlane');
  });

  it('packs into asar with the serialport binding unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/@serialport/bindings-cpp/**']);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('packages only the built output', () => {
    const files = config.files as string[];
    const includes = files.filter((pattern) => !pattern.startsWith('!'));
    expect(includes.sort()).toEqual(['out/**', 'package.json']);
    expect(files).toContain('!out/cli/**');
    expect(files).toContain('!out/**/*.map');
    for (const pattern of includes) {
      expect(pattern).not.toMatch(/test|fixture|simulator|src|main\/|renderer\//);
    }
  });

  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('installs per machine on Windows', () => {
    const win = config.win as { target: { target: string }[] };
    expect(win.target.map((entry) => entry.target)).toEqual(['nsis']);
    const nsis = config.nsis as Record<string, unknown>;
    expect(nsis.perMachine).toBe(true);
    expect(nsis.oneClick).toBe(false);
  });

  it('builds deb and AppImage on Linux', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['deb', 'AppImage']);
  });

  it('leaves signing to the environment', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(config.forceCodeSigning).toBe(false);
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword)\s*:/m);
  });
});
