import { formatAmount, parseAmount, toDecimalString } from '../../common/money';
import { startCore, type Core } from '../core';
import type { PaymentRow } from '../journal/payments';
import { closeLogging, configureLogging } from '../log/logger';
import { defaultDataDir } from '../settings/data-dir';
import type { Settings } from '../settings/schema';
import { FileSecretStore, PLAIN_SECRETS_FILE } from '../settings/file-secret-store';
import { ConfSettingsFile } from '../settings/settings-file';
import { SettingsStore } from '../settings/store';
import { runAuditCommand } from './audit';
import { MANAGER_COMMANDS, runManagerCommand } from './payments';
import { runSetupCommand } from './setup';
import { JOURNAL_FILE } from '../core';

import { existsSync } from 'node:fs';
import path from 'node:path';

export interface CliContext {
  dataDir: string | undefined;
  json: boolean;
  limit: string | undefined;
  /** `--manager`: the manager whose PIN is on standard input. */
  manager?: string | undefined;
  /** Reads one line from standard input (the manager PIN); null at end of input. */
  readLine?: () => Promise<string | null>;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A payment as the command line prints it: no token, no full card number. */
export function paymentForOutput(row: PaymentRow) {
  return {
    paymentId: row.id,
    orderId: row.orderId,
    kind: row.kind,
    state: row.state,
    amount: toDecimalString(row.amountMinor),
    amountMinor: row.amountMinor,
    approvedMinor: row.approvedMinor,
    currency: row.currency,
    card: { brand: row.cardBrand, last4: row.cardLast4, entryMode: row.entryMode },
    authCode: row.authCode,
    retref: row.retref,
    respCode: row.respCode,
    respText: row.respText,
    attention: row.attention,
    laneId: row.laneId,
    operator: row.operatorName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function resolveDataDir(context: CliContext): string {
  const fromEnv = context.env.CARDLANE_DATA_DIR;
  const chosen =
    context.dataDir ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : defaultDataDir());
  return path.resolve(chosen);
}

function credentialsFromEnv(env: NodeJS.ProcessEnv, settings: Settings) {
  if (settings.environment === 'demo') return null;
  const user = env.CARDLANE_GATEWAY_USER;
  const password = env.CARDLANE_GATEWAY_PASSWORD;
  if (user === undefined || user === '' || password === undefined || password === '') {
    throw new Error(
      `the ${settings.environment} environment needs gateway credentials: set CARDLANE_GATEWAY_USER and CARDLANE_GATEWAY_PASSWORD.`,
    );
  }
  return { user, password };
}

async function withCore<T>(context: CliContext, work: (core: Core) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(context);
  configureLogging({ directory: path.join(dataDir, 'logs') });
  // The same config.json the app writes, read through `conf` and validated; an invalid file is
  // reported with the field that is wrong and left as it is.
  const settings = new SettingsStore(new ConfSettingsFile(dataDir)).read();
  const core = await startCore({
    dataDir,
    settings: () => settings,
    credentials: credentialsFromEnv(context.env, settings),
  });
  try {
    return await work(core);
  } finally {
    await core.close();
    closeLogging();
  }
}

async function saleCommand(args: string[], context: CliContext): Promise<number> {
  const amountText = args[0];
  if (amountText === undefined || args.length > 1) {
    context.stderr('cardlane: "sale" needs one amount, e.g. "sale 12.34".\n');
    return 2;
  }
  const amount = parseAmount(amountText);
  if (!amount.ok) {
    context.stderr(`cardlane: ${amount.message}\n`);
    return 2;
  }
  return withCore(context, async (core) => {
    const started = core.sales.start(amount.minor, null);
    const finished = await core.sales.waitUntilFinished(started.paymentId);
    const row = core.journal.require(finished.paymentId);
    if (context.json) {
      context.stdout(
        `${JSON.stringify({ ...paymentForOutput(row), stage: finished.stage, notice: finished.notice }, null, 2)}\n`,
      );
    } else {
      const card = row.cardLast4 === null ? '' : ` ${row.cardBrand ?? 'card'} ****${row.cardLast4}`;
      context.stdout(
        `${finished.stage.toUpperCase()} ${formatAmount(row.amountMinor)}${card} order ${row.orderId}` +
          `${row.retref === null ? '' : ` retref ${row.retref}`}${row.authCode === null ? '' : ` auth ${row.authCode}`}\n`,
      );
      if (finished.stage === 'declined' && (row.respCode !== null || row.respText !== null)) {
        context.stdout(
          `Reason: ${[row.respCode, row.respText].filter((part) => part !== null).join(' ')}\n`,
        );
      }
      if (finished.notice !== null) context.stdout(`${finished.notice}\n`);
    }
    return finished.stage === 'approved' || finished.stage === 'partially_approved' ? 0 : 1;
  });
}

async function journalCommand(args: string[], context: CliContext): Promise<number> {
  if (args.length > 0) {
    context.stderr('cardlane: "journal" takes no arguments.\n');
    return 2;
  }
  const limit = context.limit === undefined ? 50 : Number(context.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    context.stderr('cardlane: --limit must be a whole number from 1 to 10000.\n');
    return 2;
  }
  return withCore(context, async (core) => {
    const rows = core.journal.listRecent(limit);
    if (context.json) {
      context.stdout(`${JSON.stringify(rows.map(paymentForOutput), null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      context.stdout('The journal is empty.\n');
      return 0;
    }
    for (const row of rows) {
      context.stdout(
        `${String(row.id).padStart(6)}  ${row.createdAt}  ${row.kind.padEnd(6)} ${row.state.padEnd(18)} ` +
          `${formatAmount(row.amountMinor).padStart(12)}  ${row.cardLast4 === null ? '    ' : row.cardLast4}  ${row.orderId}\n`,
      );
    }
    return 0;
  });
}

export async function runCli(positionals: string[], context: CliContext): Promise<number> {
  const [command, ...args] = positionals;
  if ((MANAGER_COMMANDS as readonly string[]).includes(command ?? '')) {
    return runManagerCommand(command ?? '', args, {
      dataDir: resolveDataDir(context),
      json: context.json,
      manager: context.manager,
      readLine: context.readLine ?? (() => Promise.resolve(null)),
      stdout: context.stdout,
      stderr: context.stderr,
    });
  }
  if (command === 'setup') {
    return runSetupCommand(args, {
      dataDir: resolveDataDir(context),
      json: context.json,
      manager: context.manager,
      readLine: context.readLine ?? (() => Promise.resolve(null)),
      stdout: context.stdout,
      stderr: context.stderr,
    });
  }
  switch (command) {
    case 'sale':
      return saleCommand(args, context);
    case 'journal':
      return journalCommand(args, context);
    case 'audit':
      return runAuditCommand(args, {
        journalPath: path.join(resolveDataDir(context), JOURNAL_FILE),
        // Demo and plain-storage setups keep the audit key and head in a file the command line
        // can read, so it checks everything the app checks there.
        secrets: existsSync(path.join(resolveDataDir(context), PLAIN_SECRETS_FILE))
          ? new FileSecretStore(resolveDataDir(context))
          : null,
        json: context.json,
        env: context.env,
        stdout: context.stdout,
        stderr: context.stderr,
      });
    default:
      context.stderr(`cardlane: unknown command "${command}". Run "npm run cardlane -- --help".\n`);
      return 2;
  }
}
