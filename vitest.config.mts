import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    // Under plain Node, loading the real `electron` package tries to download its binary, so tests
    // resolve it to a fake that implements the parts of the API the app uses.
    alias: { electron: path.join(here, 'test', 'fakes', 'electron.ts') },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/bench/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // electron-store requires `electron` itself; inlining it lets the alias above apply to it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
