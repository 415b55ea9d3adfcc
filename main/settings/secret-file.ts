import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

/**
 * The JSON file both secret stores write: one entry a name, each a base64 payload and how it is
 * encoded. Writes go to a temporary file with mode 0600 that then replaces the old file, so a
 * crash mid-write leaves the old file whole.
 */
export const SecretFileSchema = z
  .object({
    version: z.literal(1),
    entries: z.record(
      z.string(),
      z.object({ encoding: z.enum(['safeStorage', 'plain']), data: z.string() }).strict(),
    ),
  })
  .strict();
export type SecretFile = z.infer<typeof SecretFileSchema>;

/** File name of the app's encrypted secret store (Electron safeStorage) in the data folder. */
export const ENCRYPTED_SECRETS_FILE = 'secrets.json';

export function readSecretFile(filePath: string): SecretFile {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { version: 1, entries: {} };
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`secrets: ${filePath} is not valid JSON; it was kept as it is.`);
  }
  const parsed = SecretFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`secrets: ${filePath} does not have the expected shape; it was kept as it is.`);
  }
  return parsed.data;
}

export function writeSecretFile(filePath: string, content: SecretFile): void {
  mkdirSync(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  // The mode argument only applies when the file is created, so set it again in case a stale
  // temporary file was left with other permissions.
  chmodSync(temporary, 0o600);
  renameSync(temporary, filePath);
}
