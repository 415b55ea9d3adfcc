import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The `package.json` field that marks a smoke-test package. electron-builder.smoke.yml sets it
 * through `extraMetadata`; release configurations never do.
 */
export const SMOKE_BUILD_FIELD = 'cardlaneSmokeBuild';

/**
 * True when the app's own `package.json` carries `"cardlaneSmokeBuild": true`. A smoke-test
 * package accepts the debugging switches that Playwright's Electron launcher always passes
 * (`--inspect=0 --remote-debugging-port=0`), so the release checklist can drive a packaged app.
 * The file sits inside app.asar, which the ASAR integrity fuse protects on Windows and macOS.
 */
export function isSmokeBuild(appRoot: string): boolean {
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(appRoot, 'package.json'), 'utf8'),
    ) as unknown;
    return (
      typeof manifest === 'object' &&
      manifest !== null &&
      (manifest as Record<string, unknown>)[SMOKE_BUILD_FIELD] === true
    );
  } catch {
    return false;
  }
}
