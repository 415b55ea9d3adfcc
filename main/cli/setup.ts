import { existsSync } from 'node:fs';
import path from 'node:path';

import { CardlaneError } from '../../common/errors';
import { JOURNAL_FILE } from '../core';
import { AuditLog } from '../journal/audit';
import { openJournalDatabase } from '../journal/database';
import { closeLogging, configureLogging } from '../log/logger';
import { OperatorStore } from '../operators/operator-store';
import { FileSecretStore } from '../settings/file-secret-store';
import { ENCRYPTED_SECRETS_FILE } from '../settings/secret-file';
import { ConfSettingsFile } from '../settings/settings-file';
import { SettingsStore } from '../settings/store';
import type { ManagerCommandContext } from './payments';

/**
 * `cardlane setup <name>`: creates the first manager of a demo data folder that only the command
 * line uses, with the PIN from standard input, so that `void`, `refund`, `recover` and `report` can
 * be tried without the app. A folder the app has set up keeps its keys in the operating system's
 * secure storage, which the command line cannot write, so it is refused.
 */
export async function runSetupCommand(
  args: string[],
  context: ManagerCommandContext,
): Promise<number> {
  const name = args.join(' ').trim();
  if (name.length === 0) {
    context.stderr('cardlane: "setup" needs the manager\'s name, e.g. "setup Dana".\n');
    return 2;
  }
  const settings = new SettingsStore(new ConfSettingsFile(context.dataDir)).read();
  if (settings.environment !== 'demo') {
    context.stderr(
      'cardlane: "setup" works in demo mode only; set up UAT or production in the app.\n',
    );
    return 2;
  }
  if (existsSync(path.join(context.dataDir, ENCRYPTED_SECRETS_FILE))) {
    context.stderr(
      `cardlane: the app has set up ${context.dataDir}; its keys are in the operating system's secure storage, so use the app.\n`,
    );
    return 2;
  }
  const pin = ((await context.readLine()) ?? '').trim();
  if (!/^\d{4,8}$/.test(pin)) {
    context.stderr('cardlane: enter the new manager PIN (4 to 8 digits) on standard input.\n');
    return 2;
  }

  configureLogging({ directory: path.join(context.dataDir, 'logs') });
  const db = openJournalDatabase(path.join(context.dataDir, JOURNAL_FILE));
  try {
    const secrets = new FileSecretStore(context.dataDir);
    const audit = new AuditLog(db, secrets);
    const manager = await new OperatorStore(db, secrets, audit).createFirstManager(name, pin);
    audit.append({
      operator: { id: manager.id, name: manager.name },
      action: 'setup',
      detail: { environment: 'demo', via: 'command line' },
    });
    context.stdout(
      `Created manager "${manager.name}" (operator ${manager.id}) in ${context.dataDir}.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CardlaneError) {
      context.stderr(`cardlane: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
    closeLogging();
  }
}
