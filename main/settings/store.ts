import { copyFileSync, existsSync } from 'node:fs';

import type { z } from 'zod';

import { CardlaneError } from '../../common/errors';
import { createLogger } from '../log/logger';
import { migrateSettings } from './migrations';
import { defaultSettings, SettingsSchema, type Settings } from './schema';
import type { SettingsFile } from './settings-file';

const logger = createLogger('settings');

/**
 * The settings file cannot be used: broken JSON, an unknown version, or a field that fails the
 * schema. The message names the file and the field, never the field's value, and the file is
 * left as it was.
 */
export class SettingsError extends CardlaneError {
  /** Dotted path of the first bad field, `file` for broken JSON or `version`. */
  readonly field: string;
  readonly filePath: string;

  constructor(filePath: string, field: string, problem: string) {
    super(
      'settings_invalid',
      `The settings file ${filePath} is invalid: ${field === 'file' ? problem : `"${field}" ${problem}`}. ` +
        'The file was kept as it is; fix or remove it, then restart Cardlane.',
    );
    this.name = 'SettingsError';
    this.field = field;
    this.filePath = filePath;
  }
}

export type SettingsReadResult =
  { ok: true; settings: Settings } | { ok: false; error: SettingsError };

function describeSyntaxError(error: unknown): string {
  // JSON.parse messages quote part of the text; only the position is passed on.
  const message = error instanceof Error ? error.message : '';
  const position = /line \d+ column \d+/.exec(message) ?? /position \d+/.exec(message);
  return position === null ? 'is not valid JSON' : `is not valid JSON (at ${position[0]})`;
}

function firstIssue(error: z.ZodError): { field: string; problem: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { field: 'file', problem: 'does not match the expected shape' };
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
    return { field: `${prefix}${issue.keys[0] ?? ''}`, problem: 'is not a known setting' };
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : 'file';
  return { field, problem: issue.message };
}

/**
 * Reads and writes the settings through a `SettingsFile` and parses every read with the schema.
 * An older version is upgraded after the old file is copied to `config.v<N>.json`. A file that
 * cannot be read raises `SettingsError` and is never overwritten by a read.
 */
export class SettingsStore {
  constructor(private readonly file: SettingsFile) {}

  get path(): string {
    return this.file.path;
  }

  /** Reads and validates the settings; defaults when the file does not exist yet. */
  read(): Settings {
    const result = this.tryRead();
    if (!result.ok) throw result.error;
    return result.settings;
  }

  tryRead(): SettingsReadResult {
    let raw: unknown;
    try {
      raw = this.file.read();
    } catch (error) {
      if (error instanceof SyntaxError) {
        return this.fail('file', describeSyntaxError(error));
      }
      logger.error('settings file cannot be read', { path: this.path, error });
      return this.fail('file', 'cannot be read');
    }
    if (raw === undefined) {
      return { ok: true, settings: defaultSettings() };
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return this.fail('file', 'does not contain a JSON object');
    }

    const migration = migrateSettings(raw as Record<string, unknown>);
    if (migration.kind === 'invalid_version') {
      return this.fail('version', migration.message);
    }
    const parsed = SettingsSchema.safeParse(migration.value);
    if (!parsed.success) {
      const { field, problem } = firstIssue(parsed.error);
      return this.fail(field, problem);
    }

    if (migration.kind === 'migrated') {
      const backup = this.path.replace(/\.json$/, `.v${migration.fromVersion}.json`);
      if (!existsSync(backup)) copyFileSync(this.path, backup);
      this.file.write(parsed.data);
      logger.info('settings file upgraded', {
        from: migration.fromVersion,
        to: parsed.data.version,
        backup,
      });
    }
    return { ok: true, settings: parsed.data };
  }

  /** Validates and writes a whole settings object; an invalid one raises and writes nothing. */
  write(next: Settings): Settings {
    const parsed = SettingsSchema.safeParse(next);
    if (!parsed.success) {
      const { field, problem } = firstIssue(parsed.error);
      throw new CardlaneError('invalid_input', `The setting "${field}" ${problem}.`);
    }
    this.file.write(parsed.data);
    return parsed.data;
  }

  /** Applies `change` to the current settings and writes the result. Needs a readable file. */
  update(change: (current: Settings) => Settings): Settings {
    return this.write(change(this.read()));
  }

  private fail(field: string, problem: string): SettingsReadResult {
    const error = new SettingsError(this.path, field, problem);
    logger.error('settings file is invalid', { path: this.path, field });
    return { ok: false, error };
  }
}
