import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layer import rule', () => {
  it.each([
    [
      'renderer/src/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    ],
    ['renderer/src/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['renderer/src/probe.ts', "import fs from 'fs';\nexport const x = fs;\n"],
    ['common/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['common/probe.ts', "import path from 'node:path';\nexport const x = path;\n"],
    [
      'preload/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    ],
    ['preload/index.ts', "import crypto from 'node:crypto';\nexport const x = crypto;\n"],
    ['main/payments/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ])('rejects a forbidden import in %s', async (file, source) => {
    expect(await importErrors(file, source)).not.toHaveLength(0);
  });

  it.each([
    [
      'preload/index.ts',
      "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n",
    ],
    ['main/app/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['main/payments/probe.ts', "import path from 'node:path';\nexport const x = path;\n"],
    [
      'renderer/src/probe.ts',
      "import { parseAmount } from '../../common/money';\nexport const x = parseAmount;\n",
    ],
  ])('allows an import the layer may make in %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });

  it('rejects dangerouslySetInnerHTML in the renderer', async () => {
    const [result] = await eslint.lintText(
      'export const x = <div dangerouslySetInnerHTML={{ __html: "" }} />;\n',
      {
        filePath: path.join(root, 'renderer/src/probe.tsx'),
      },
    );
    expect(result?.messages.map((message) => message.ruleId)).toContain('no-restricted-syntax');
  });
});
