/**
 * The command line's manager commands: `void`, `refund`, `recover` and `report day`. Each reads a
 * manager's PIN from standard input and checks it through the operator store, which needs the
 * PIN pepper from the secret store. The command line can read only the plain file store that
 * demo data folders use, never the app's `safeStorage`, so outside demo mode these commands are
 * refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { SessionOperator } from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import { formatAmount, parseAmount } from '../../common/money';
import { startCore, JOURNAL_FILE, type Core } from '../core';
import { AuditLog } from '../journal/audit';
import { openJournalDatabase } from '../journal/database';
import { closeLogging, configureLogging } from '../log/logger';
import { OperatorStore } from '../operators/operator-store';
import { buildDayReport } from '../payments/reports';
import { localDateOf } from '../payments/local-day';
import { FileSecretStore } from '../settings/file-secret-store';
import { ENCRYPTED_SECRETS_FILE } from '../settings/secret-file';
import type { Settings } from '../settings/schema';
import { ConfSettingsFile } from '../settings/settings-file';
import { SettingsStore } from '../settings/store';

export interface ManagerCommandContext {
  dataDir: string;
  json: boolean;
  /** The manager's name from `--manager`; the only active manager when absent. */
  manager: string | undefined;
  /** Reads one line from standard input; null at end of input. */
  readLine(): Promise<string | null>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const MANAGER_COMMANDS = ['void', 'refund', 'recover', 'report'] as const;

interface Session {
  core: Core;
  settings: Settings;
  manager: SessionOperator;
}

/** Runs a manager command; returns the exit code. */
export async function runManagerCommand(
  command: string,
  args: string[],
  context: ManagerCommandContext,
): Promise<number> {
  const usage = checkArguments(command, args);
  if (usage !== null) {
    context.stderr(`cardlane: ${usage}\n`);
    return 2;
  }
  const settings = new SettingsStore(new ConfSettingsFile(context.dataDir)).read();
  if (settings.environment !== 'demo') {
    context.stderr(
      `cardlane: "${command}" is available in demo mode only. Outside demo mode the manager PINs are checked ` +
        "with keys in the app's secure storage, which the command line cannot read; use the app.\n",
    );
    return 2;
  }

  if (existsSync(path.join(context.dataDir, ENCRYPTED_SECRETS_FILE))) {
    context.stderr(
      `cardlane: the app has set up ${context.dataDir}; its manager PINs are checked with keys in the ` +
        "operating system's secure storage, which the command line cannot read, so use the app.\n",
    );
    return 2;
  }

  configureLogging({ directory: path.join(context.dataDir, 'logs') });
  const db = openJournalDatabase(path.join(context.dataDir, JOURNAL_FILE));
  const secrets = new FileSecretStore(context.dataDir);
  const audit = new AuditLog(db, secrets);
  let core: Core | null = null;
  try {
    const manager = await verifyManager(new OperatorStore(db, secrets, audit), context);
    if (manager === null) return 1;
    core = await startCore({
      dataDir: context.dataDir,
      db,
      settings: () => settings,
      audit: (record) => {
        audit.append(record);
      },
    });
    return await dispatch(command, args, { core, settings, manager }, context);
  } catch (error) {
    if (error instanceof CardlaneError) {
      context.stderr(`cardlane: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await core?.close();
    db.close();
    closeLogging();
  }
}

function checkArguments(command: string, args: string[]): string | null {
  switch (command) {
    case 'void':
      return args.length === 1 && /^\d+$/.test(args[0] ?? '')
        ? null
        : `"void" needs one payment id (a journal number), e.g. "void 42"; got ${args.map((arg) => `"${arg}"`).join(' ') || 'nothing'}.`;
    case 'refund':
      return args.length === 2 && /^\d+$/.test(args[0] ?? '')
        ? null
        : '"refund" needs a payment id and an amount, e.g. "refund 42 15.00".';
    case 'recover':
      return args.length === 0 ? null : '"recover" takes no arguments.';
    case 'report':
      return args[0] === 'day' &&
        args.length <= 2 &&
        (args[1] === undefined || /^\d{4}-\d{2}-\d{2}$/.test(args[1]))
        ? null
        : '"report" needs "day" and optionally a date, e.g. "report day 2025-11-02".';
    default:
      return `unknown command "${command}".`;
  }
}

async function verifyManager(
  operators: OperatorStore,
  context: ManagerCommandContext,
): Promise<SessionOperator | null> {
  const managers = operators
    .list()
    .filter((record) => record.role === 'manager' && !record.disabled);
  const chosen =
    context.manager === undefined
      ? managers.length === 1
        ? managers[0]
        : undefined
      : managers.find((record) => record.name.toLowerCase() === context.manager?.toLowerCase());
  if (chosen === undefined) {
    context.stderr(
      context.manager === undefined
        ? `cardlane: ${managers.length === 0 ? `no active manager exists in ${context.dataDir}; create one with "setup <name>" (PIN on standard input) or on the setup screen of the app` : 'several managers exist; name one with --manager'}.\n`
        : `cardlane: no active manager is named "${context.manager}".\n`,
    );
    return null;
  }
  const line = await context.readLine();
  const pin = (line ?? '').trim();
  if (!/^\d{4,8}$/.test(pin)) {
    context.stderr('cardlane: enter the manager PIN (4 to 8 digits) on standard input.\n');
    return null;
  }
  const record = await operators.authenticate(chosen.id, pin, 'approval');
  if (record.role !== 'manager') {
    context.stderr('cardlane: this operator is not a manager.\n');
    return null;
  }
  return { id: record.id, name: record.name, role: 'manager' };
}

async function dispatch(
  command: string,
  args: string[],
  session: Session,
  context: ManagerCommandContext,
): Promise<number> {
  const { core, manager } = session;
  const print = (value: unknown, text: string) =>
    context.stdout(context.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

  if (command === 'void' || command === 'refund') {
    const paymentId = Number(args[0]);
    let outcome;
    if (command === 'void') {
      outcome = await core.adjustments.void(paymentId, manager, undefined);
    } else {
      const amount = parseAmount(args[1] ?? '');
      if (!amount.ok) {
        context.stderr(`cardlane: ${amount.message}\n`);
        return 2;
      }
      outcome = await core.adjustments.refund(paymentId, amount.minor, manager, undefined);
    }
    print(
      {
        outcome: outcome.outcome,
        paymentId: outcome.action.id,
        saleId: outcome.sale.id,
        saleState: outcome.sale.state,
        notice: outcome.notice,
      },
      `${command.toUpperCase()} ${outcome.outcome.toUpperCase()} ${formatAmount(outcome.action.amountMinor)} ` +
        `payment ${outcome.action.id} (sale ${outcome.sale.id} is now ${outcome.sale.state})` +
        (outcome.notice === null ? '' : `\n${outcome.notice}`),
    );
    return outcome.outcome === 'approved' ? 0 : 1;
  }

  if (command === 'recover') {
    const result = await core.recoverAll();
    const attention = core.attention.list();
    print(
      { ...result, attention: attention.length },
      `Checked ${result.checked}, resolved ${result.resolved}; ${attention.length} on the needs-attention list.` +
        attention
          .map((item) => `\n  payment ${item.payment.paymentId} (${item.problem}): ${item.todo}`)
          .join(''),
    );
    return attention.length === 0 ? 0 : 1;
  }

  const date = args[1] ?? localDateOf(session.settings.timeZone, Date.now());
  const report = buildDayReport(
    core.queries,
    session.settings.timeZone,
    date,
    session.settings.currency,
  );
  const line = (label: string, total: { count: number; totalMinor: number }) =>
    `  ${label.padEnd(10)} ${String(total.count).padStart(6)}  ${formatAmount(total.totalMinor).padStart(14)}`;
  print(
    report,
    [
      `Day ${report.date} (${report.timeZone}, ${report.hours} hours)`,
      line('Sales', report.sales),
      line('Voids', report.voids),
      line('Refunds', report.refunds),
      line('Declines', report.declines),
      line('Open', report.unresolved),
      `  ${'Net'.padEnd(10)} ${''.padStart(6)}  ${formatAmount(Math.abs(report.netMinor)).padStart(14)}${report.netMinor < 0 ? ' credit' : ''}`,
      ...report.byBrand.map((entry) => line(entry.brand, entry.sales)),
    ].join('\n'),
  );
  return 0;
}
