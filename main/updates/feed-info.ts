import { parse } from 'yaml';
import { z } from 'zod';

import type { FeedRelease } from './verifier';

const FeedInfoSchema = z.object({
  version: z.string().min(1).max(256),
  files: z
    .array(
      z.object({
        url: z.string().min(1).max(2048),
        sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 SHA-512'),
        size: z.number().int().nonnegative().optional(),
      }),
    )
    .min(1),
});

/**
 * Parses a channel file of the feed (`latest.yml`, `latest-linux.yml`) as electron-builder
 * writes it. Only the release tool and tests read the feed this way; in the app,
 * electron-updater parses it. Throws with the field that is wrong.
 */
export function parseFeedRelease(text: string): FeedRelease {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new Error(`The feed's channel file is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = FeedInfoSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The feed's channel file is invalid (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return {
    version: parsed.data.version,
    files: parsed.data.files.map((file) => ({
      url: file.url,
      sha512: file.sha512,
      ...(file.size === undefined ? {} : { size: file.size }),
    })),
  };
}
