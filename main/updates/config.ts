import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { parseFeedUrl } from './feed';
import { parseTimeOfDay, type TimeOfDay } from './policy';

/** Name of the machine-wide update settings file the store's IT person writes. */
export const UPDATE_CONFIG_FILE = 'update-config.json';

const UpdateConfigSchema = z
  .object({
    /** The generic feed folder: `latest.yml`, the installers and their `.sig` files. */
    feedUrl: z.string().max(2048),
    /** Daily local time (`HH:MM`) at which an update installs even with an operator logged in. */
    installAt: z.string().nullable().default('03:00'),
    /** Length of the daily install window, in minutes. */
    installWindowMinutes: z.number().int().min(5).max(720).default(60),
    /** Minutes between checks of the feed. */
    checkIntervalMinutes: z.number().int().min(15).max(1440).default(240),
  })
  .strict();

export interface UpdateConfig {
  feedUrl: string;
  installAt: TimeOfDay | null;
  installWindowMinutes: number;
  checkIntervalMinutes: number;
}

/** Thrown for an update settings file that cannot be used; the message names the field. */
export class UpdateConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateConfigError';
  }
}

/**
 * The folder of the machine-wide update settings: `%ProgramData%\Cardlane` on Windows and
 * `/etc/cardlane` elsewhere. Both are writable only by administrators by default, unlike the
 * app's data folder, so a cashier's account cannot point the till at another feed.
 */
export function machineConfigFolder(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Cardlane');
  }
  return '/etc/cardlane';
}

/** Validates parsed JSON as update settings. Throws UpdateConfigError. */
export function parseUpdateConfig(raw: unknown): UpdateConfig {
  const parsed = UpdateConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? 'file' : issue.path.join('.');
    throw new UpdateConfigError(
      `Invalid update settings (${field}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  try {
    parseFeedUrl(parsed.data.feedUrl);
  } catch (error) {
    throw new UpdateConfigError(`Invalid update settings (feedUrl: ${(error as Error).message})`);
  }
  let installAt: TimeOfDay | null = null;
  if (parsed.data.installAt !== null) {
    installAt = parseTimeOfDay(parsed.data.installAt);
    if (installAt === null) {
      throw new UpdateConfigError('Invalid update settings (installAt: use HH:MM, e.g. 03:00).');
    }
  }
  return {
    feedUrl: parsed.data.feedUrl,
    installAt,
    installWindowMinutes: parsed.data.installWindowMinutes,
    checkIntervalMinutes: parsed.data.checkIntervalMinutes,
  };
}

/**
 * Reads the update settings file. Returns null when the file does not exist, which leaves
 * built-in updates off; throws UpdateConfigError when it exists but is not valid.
 */
export function loadUpdateConfig(file: string): UpdateConfig | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UpdateConfigError(
      `The update settings file ${file} cannot be read: ${(error as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UpdateConfigError(`The update settings file ${file} is not valid JSON.`);
  }
  return parseUpdateConfig(raw);
}
