import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'sqlite',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

// Layers that must stay free of Node and Electron: the renderer runs sandboxed in the page,
// common/ is shared by every process, and the preload may use `electron` only in its entry file.
const nodeAndElectronBan = {
  paths: [
    {
      name: 'electron',
      message: 'Only main/app/, its adapters and preload/index.ts may import electron.',
    },
    ...nodeBuiltins.map((name) => ({
      name,
      message: 'Node modules are not available in this layer.',
    })),
  ],
  patterns: [{ group: ['node:*'], message: 'Node modules are not available in this layer.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'The renderer never builds HTML from strings.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'common/**/*.ts', 'preload/**/*.ts'],
    ignores: ['preload/index.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', nodeAndElectronBan] },
  },
  {
    files: ['preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodeAndElectronBan.paths.slice(1), patterns: nodeAndElectronBan.patterns },
      ],
    },
  },
  {
    // Outside main/app/ and the named adapters, main-process code runs under plain Node (tests,
    // command line), where loading `electron` would try to download its binary.
    files: ['main/**/*.ts'],
    ignores: ['main/app/**', 'main/settings/electron-*.ts', 'main/operators/electron-*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [nodeAndElectronBan.paths[0]] }],
    },
  },
);
