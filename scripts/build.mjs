// Builds the three Electron bundles and the command-line tools with esbuild, and the renderer
// with Vite. Output goes to out/: main/index.cjs, preload/index.cjs, renderer/, cli/*.cjs.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'out');
const production = process.env.NODE_ENV === 'production';

// `node scripts/build.mjs [main] [preload] [cli] [renderer]` builds only the named parts.
// With --if-missing, a target whose output folder exists is skipped (the command-line scripts use
// it so a first run builds and later runs start at once).
const ifMissing = process.argv.includes('--if-missing');
const requested = process.argv.slice(2).filter((arg) => arg !== '--if-missing');
const targets = (requested.length > 0 ? requested : ['main', 'preload', 'cli', 'renderer']).filter(
  (target) => !(ifMissing && existsSync(path.join(out, target))),
);
if (targets.length === 0) process.exit(0);
for (const target of targets) {
  rmSync(path.join(out, target), { recursive: true, force: true });
}

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // serialport loads its native binding at run time; Electron's own module is provided by Electron.
  external: ['electron', 'serialport', '@serialport/*'],
  define: { 'process.env.CARDLANE_PACKAGED_BUILD': production ? '"1"' : 'undefined' },
};

/**
 * The preload needs only the contract's channel and event names, not its zod schemas. This plugin
 * evaluates the contract at build time and hands the preload a module with just those names, so
 * the sandboxed preload stays small and holds no validation code (main validates every call).
 */
const contractNamesPlugin = {
  name: 'contract-names',
  setup(build) {
    build.onResolve({ filter: /\/contract$/ }, (args) => {
      if (
        !args.importer.includes(`${path.sep}common${path.sep}`) &&
        !args.importer.includes(`${path.sep}preload${path.sep}`)
      ) {
        return undefined;
      }
      return { path: path.join(root, 'common', 'contract.ts'), namespace: 'contract-names' };
    });
    build.onLoad({ filter: /.*/, namespace: 'contract-names' }, async () => {
      const bundled = await esbuild({
        entryPoints: [path.join(root, 'common', 'contract.ts')],
        bundle: true,
        write: false,
        platform: 'node',
        format: 'cjs',
        logLevel: 'silent',
      });
      const module = { exports: {} };
      new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(
        module,
        module.exports,
        () => {
          throw new Error('contract-names: the contract must not require modules at build time');
        },
      );
      const contract = module.exports;
      const names = {
        CHANNEL_NAMES: Object.keys(contract.channels),
        events: Object.fromEntries(Object.keys(contract.events).map((name) => [name, true])),
        IPC_PREFIX: contract.IPC_PREFIX,
        IPC_EVENT_CHANNEL: contract.IPC_EVENT_CHANNEL,
      };
      const contents = Object.entries(names)
        .map(([key, value]) => `export const ${key} = ${JSON.stringify(value)};`)
        .join('\n');
      return { contents, loader: 'js' };
    });
  },
};

const jobs = {
  main: () =>
    esbuild({
      ...nodeBundle,
      entryPoints: { index: 'main/app/index.ts' },
      outdir: 'out/main',
      outExtension: { '.js': '.cjs' },
    }),
  preload: () =>
    esbuild({
      ...nodeBundle,
      // The sandboxed preload may require only `electron`; everything else is bundled into one file.
      external: ['electron'],
      platform: 'browser',
      target: 'chrome140',
      entryPoints: { index: 'preload/index.ts' },
      plugins: [contractNamesPlugin],
      outdir: 'out/preload',
      outExtension: { '.js': '.cjs' },
    }),
  cli: () =>
    esbuild({
      ...nodeBundle,
      entryPoints: {
        cardlane: 'main/cli/cardlane.ts',
        'sim-gateway': 'main/cli/sim-gateway.ts',
        'sim-terminal': 'main/cli/sim-terminal.ts',
      },
      outdir: 'out/cli',
      outExtension: { '.js': '.cjs' },
      banner: { js: '#!/usr/bin/env node' },
    }),
  renderer: () => viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' }),
};

for (const target of targets) {
  if (!(target in jobs)) {
    console.error(`build: unknown target "${target}"; use main, preload, cli or renderer.`);
    process.exit(2);
  }
}
await Promise.all(targets.map((target) => jobs[target]()));
console.error(`build: ${targets.map((target) => `out/${target}`).join(', ')}`);
