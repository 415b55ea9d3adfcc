import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The renderer is served from app://cardlane/ in the app and from 127.0.0.1 in the browser tests,
// so asset URLs are relative. No inline scripts or styles are emitted, for the CSP.
export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(here, 'out', 'renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'chrome140',
  },
});
