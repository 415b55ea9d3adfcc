import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const perUserText = readFileSync(path.join(root, 'electron-builder.per-user.yml'), 'utf8');

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
}
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const builderConfig = requireFromRoot(
  'app-builder-lib/out/util/config/config.js',
) as BuilderConfigModule;
const { DebugLogger } = requireFromRoot('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

/** Loads a config file the way electron-builder does, with `extends` resolved and merged. */
function loadWithBuilder(file: string): Promise<Record<string, unknown>> {
  return builderConfig.getConfig(root, file);
}

/** Lists project files, relative to the root, skipping dependencies, VCS data and build output. */
function projectFiles(folder = ''): string[] {
  const skip = new Set(['node_modules', '.git', 'dist']);
  const found: string[] = [];
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skip.has(entry.name)) found.push(...projectFiles(relative));
    } else {
      found.push(relative);
    }
  }
  return found;
}

/** Applies electron-builder's `files` patterns: the last matching pattern decides. */
function isPackaged(file: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (path.matchesGlob(file, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

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

  it('passes the builder validation', async () => {
    const loaded = await loadWithBuilder('electron-builder.yml');
    await expect(
      builderConfig.validateConfiguration(loaded, new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('packages no tests, fixtures or simulator sources', () => {
    const patterns = config.files as string[];
    const packaged = projectFiles().filter((file) => isPackaged(file, patterns));
    expect(packaged).toContain('package.json');
    for (const file of packaged) {
      expect(file).toMatch(/^(package\.json|out\/(main|preload|renderer)\/)/);
      expect(file).not.toMatch(/(^|\/)(test|fixtures?)\/|\.(test|spec|bench)\.|\.map$/);
    }
    expect(isPackaged('test/app/builder-config.test.ts', patterns)).toBe(false);
    expect(isPackaged('main/simulators/gateway/server.ts', patterns)).toBe(false);
    expect(isPackaged('out/cli/sim-gateway.cjs', patterns)).toBe(false);
    expect(isPackaged('out/main/index.cjs.map', patterns)).toBe(false);
    expect(isPackaged('out/main/index.cjs', patterns)).toBe(true);
  });

  it('adds start-menu and optional start-at-login entries', () => {
    const nsis = config.nsis as Record<string, unknown>;
    expect(nsis.createStartMenuShortcut).toBe(true);
    expect(nsis.include).toBe('resources/installer.nsh');
    const script = readFileSync(path.join(root, 'resources', 'installer.nsh'), 'utf8');
    expect(script).toMatch(/!macro customInstall\b[\s\S]*\/START-AT-LOGIN[\s\S]*\$SMSTARTUP/);
    expect(script).toMatch(/!macro customUnInstall\b[\s\S]*\$\{ifNot\} \$\{isUpdated\}/);
    const linux = config.linux as { extraResources: { from: string }[] };
    for (const resource of linux.extraResources) {
      expect(existsSync(path.join(root, resource.from)), resource.from).toBe(true);
    }
  });

  it('writes a generic https feed for the updater', () => {
    const publish = config.publish as Record<string, unknown>;
    expect(publish.provider).toBe('generic');
    expect(String(publish.url)).toMatch(/^https:\/\//);
    expect(publish.updaterCacheDirName).toBe('cardlane-updater');
  });

  it('leaves signing to the environment', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(config.forceCodeSigning).toBe(false);
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword)\s*:/m);
  });
});

describe('electron-builder.per-user.yml', () => {
  it('extends the main configuration', () => {
    expect(parse(perUserText)).toMatchObject({ extends: 'electron-builder.yml' });
  });

  it('installs per user without elevation', async () => {
    const loaded = await loadWithBuilder('electron-builder.per-user.yml');
    await builderConfig.validateConfiguration(loaded, new DebugLogger(false));
    const nsis = loaded.nsis as Record<string, unknown>;
    expect(nsis.perMachine).toBe(false);
    expect(nsis.allowElevation).toBe(false);
    expect(nsis.include).toBe('resources/installer.nsh');
    expect(nsis.createStartMenuShortcut).toBe(true);
    expect(String(nsis.artifactName)).toContain('per-user');
    expect((loaded.directories as Record<string, unknown>).output).toBe('dist/per-user');
  });

  it('keeps the fuses and the archive rules', async () => {
    const loaded = await loadWithBuilder('electron-builder.per-user.yml');
    expect(loaded.electronFuses).toEqual(config.electronFuses);
    expect(loaded.asar).toBe(true);
    expect(loaded.asarUnpack).toEqual(config.asarUnpack);
    expect(loaded.npmRebuild).toBe(false);
  });
});

describe('electron-builder.smoke.yml', () => {
  it('changes only what Playwright needs', async () => {
    const loaded = await loadWithBuilder('electron-builder.smoke.yml');
    await builderConfig.validateConfiguration(loaded, new DebugLogger(false));
    expect(loaded.extraMetadata).toEqual({ cardlaneSmokeBuild: true });
    expect(loaded.electronFuses).toEqual({
      ...(config.electronFuses as Record<string, unknown>),
      enableNodeCliInspectArguments: true,
    });
    expect(loaded.asar).toBe(true);
    expect((loaded.nsis as Record<string, unknown>).perMachine).toBe(true);
    expect((loaded.directories as Record<string, unknown>).output).toBe('dist/smoke');
  });

  it('names every artifact a smoke test', async () => {
    const loaded = await loadWithBuilder('electron-builder.smoke.yml');
    for (const target of ['nsis', 'appImage', 'deb']) {
      const options = loaded[target] as Record<string, unknown>;
      expect(String(options.artifactName), target).toContain('SMOKE-TEST');
    }
  });

  it('is not the release configuration', () => {
    expect(config.extraMetadata).toBeUndefined();
  });
});
