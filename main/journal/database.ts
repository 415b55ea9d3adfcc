import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { createLogger } from '../log/logger';
import { MIGRATIONS } from './migrations';

const logger = createLogger('journal');

/**
 * Opens (creating if needed) the journal database in WAL mode with `synchronous=FULL`, so a
 * committed transaction survives a power cut, and applies pending migrations in order.
 */
export function openJournalDatabase(filePath: string): DatabaseSync {
  if (filePath !== ':memory:') {
    mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  }
  const db = new DatabaseSync(filePath);
  if (filePath !== ':memory:') {
    // The journal holds the store's payment records: readable by the till's account only.
    chmodSync(filePath, 0o600);
  }
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: DatabaseSync): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map(
      (row) => row.name,
    ),
  );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
        migration.name,
        new Date().toISOString(),
      );
      db.exec('COMMIT');
      logger.info('migration applied', { migration: migration.name });
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`journal: migration ${migration.name} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

/** Runs `work` in one immediate transaction and commits it before returning. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
