/**
 * Builds the main bundle and the renderer into a temporary folder for the shell tests, so they
 * test the current sources without touching out/, which other builds share. The esbuild options
 * repeat those of scripts/build.mjs; `buildScriptOptions` reads that script so a test notices
 * when the two drift apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { build, type Metafile } from 'esbuild';
import { build as viteBuild } from 'vite';

export const root = path.resolve(import.meta.dirname, '..', '..');

export const MAIN_EXTERNALS = ['electron', 'serialport', '@serialport/*'];

/** Builds `main/app/index.ts` to `<outDir>/index.cjs` as scripts/build.mjs does. */
export async function buildMainBundle(
  outDir: string,
  options: { production: boolean },
): Promise<{ file: string; metafile: Metafile }> {
  const result = await build({
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    sourcemap: false,
    logLevel: 'warning',
    absWorkingDir: root,
    external: MAIN_EXTERNALS,
    define: { 'process.env.CARDLANE_PACKAGED_BUILD': options.production ? '"1"' : 'undefined' },
    entryPoints: { index: 'main/app/index.ts' },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    metafile: true,
  });
  return { file: path.join(outDir, 'index.cjs'), metafile: result.metafile };
}

/** Builds the renderer with the project's Vite config into `outDir`. */
export async function buildRenderer(outDir: string): Promise<void> {
  await viteBuild({
    configFile: path.join(root, 'vite.config.mts'),
    // Errors only: the chunk-size advice Vite prints is about the renderer, not this check.
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/** Reads the `external` list and the packaged-build define from scripts/build.mjs. */
export function buildScriptOptions(): { externals: string | null; define: string | null } {
  const script = readFileSync(path.join(root, 'scripts', 'build.mjs'), 'utf8');
  const nodeBundle = /const nodeBundle = \{([\s\S]*?)\n\};/.exec(script)?.[1] ?? '';
  return {
    externals: /external: (\[[^\]]*\])/.exec(nodeBundle)?.[1] ?? null,
    define: /define: (\{[^}]*\})/.exec(nodeBundle)?.[1] ?? null,
  };
}
