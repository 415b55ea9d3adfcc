import path from 'node:path';

import type { SessionOperator } from '../common/contract';
import { CardlaneError } from '../common/errors';
import { JOURNAL_FILE, type CoreOptions } from './core';
import {
  createGatewayClient,
  GatewayCredentialsRejectedError,
  GatewayError,
  GatewayUnavailableError,
} from './gateway';
import { EventBus } from './ipc/events';
import { IpcRouter } from './ipc/router';
import { AuditLog } from './journal/audit';
import { openJournalDatabase } from './journal/database';
import { LaneRuntime, type LaneCoreOptions } from './lane';
import {
  AttentionNotifier,
  registerPaymentHandlers,
  renderPaymentReceipt,
} from './payments/handlers';
import { closeLogging, configureLogging, createLogger } from './log/logger';
import {
  createOperatorServices,
  registerOperatorHandlers,
  type Clock,
  type OperatorServices,
} from './operators';
import type { ScryptParams } from './operators/pin-hash';
import { FileSecretStore } from './settings/file-secret-store';
import { registerSettingsHandlers, type ConnectionTestOutcome } from './settings/handlers';
import type { SecretStore } from './settings/secret-store';
import { SettingsService } from './settings/service';
import { ConfSettingsFile, type SettingsFile } from './settings/settings-file';
import { SettingsStore } from './settings/store';
import type { Environment } from '../common/contract';

/** Main's services as the Electron entry and the browser test harness use them. */
export interface Services {
  router: IpcRouter;
  events: EventBus;
  lane: LaneRuntime;
  settings: SettingsService;
  operators: OperatorServices;
  audit: AuditLog;
  /** True while a sale, void or refund is open on this lane (updates must wait). */
  hasOpenPayment(): boolean;
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** The data folder: settings, journal, logs and the demo gateway's state live here. */
  dataDir: string;
  appVersion: string;
  /** True when a calling frame's URL is our own app page. */
  isTrustedSender(url: string): boolean;
  /**
   * The store of secrets (PIN pepper, HMAC keys, gateway credentials). The app passes the
   * Electron safeStorage store; the default is a plain file, which only tests and demo tools use.
   */
  secrets?: SecretStore;
  /** The settings file: electron-store in the app, `conf` (the default) elsewhere. */
  settingsFile?: SettingsFile;
  /** Also log to stderr (development). */
  logToConsole?: boolean;
  /** Tests: a controllable clock for sessions, lockouts and approvals. */
  clock?: Clock;
  /** Tests: cheaper PIN hashing. */
  scryptParams?: ScryptParams;
  /** Tests and benchmarks: options passed to the lane's core (simulator timing, recovery pauses). */
  core?: LaneCoreOptions;
  /**
   * Prints a receipt: the app passes its hidden print window. Without it, reprints report that no
   * printer is set up and refunds skip printing.
   */
  printReceipt?: CoreOptions['printReceipt'];
}

const logger = createLogger('services');

/** Channels the Electron shell registers itself, after services have started. */
const SHELL_CHANNELS: ReadonlySet<string> = new Set(['updates.status', 'updates.postpone']);

/**
 * Starts main's services and registers a handler for every channel of the contract.
 */
export async function startServices(options: ServicesOptions): Promise<Services> {
  configureLogging({
    directory: path.join(options.dataDir, 'logs'),
    console: options.logToConsole === true,
  });

  const secrets = options.secrets ?? new FileSecretStore(options.dataDir);
  const db = openJournalDatabase(path.join(options.dataDir, JOURNAL_FILE));
  const audit = new AuditLog(db, secrets);
  const events = new EventBus();

  let lane: LaneRuntime | null = null;
  const settings = new SettingsService({
    store: new SettingsStore(options.settingsFile ?? new ConfSettingsFile(options.dataDir)),
    secrets,
    audit,
    hasOpenPayment: () => lane?.hasOpenPayment() ?? false,
    logDirectory: path.join(options.dataDir, 'logs'),
  });
  const operators = createOperatorServices({
    db,
    secrets,
    audit,
    settings,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.scryptParams === undefined ? {} : { scryptParams: options.scryptParams }),
  });
  let attention: AttentionNotifier | null = null;
  const runtime = new LaneRuntime({
    dataDir: options.dataDir,
    db,
    settings,
    onSaleProgress: (progress) => {
      events.emit('sale.progress', progress);
      attention?.refresh();
    },
    onTerminalStatus: (status) => events.emit('terminal.status', status),
    onTerminalPrompt: (prompt) => events.emit('terminal.prompt', prompt),
    ...(options.core === undefined ? {} : { core: options.core }),
    payments: {
      authorize: (operator, approvalId, scope) =>
        operators.approvals.authorize(operator, approvalId, scope),
      audit: (record) => {
        audit.append(record);
      },
      renderRefundReceipt: (refund, sale) => renderPaymentReceipt(settings, refund, sale, false),
      ...(options.printReceipt === undefined ? {} : { printReceipt: options.printReceipt }),
    },
  });
  lane = runtime;
  attention = new AttentionNotifier(runtime, events);
  operators.sessions.onChange((operator, reason) =>
    events.emit('session.changed', { operator, reason }),
  );

  const router = new IpcRouter({
    isTrustedSender: options.isTrustedSender,
    currentOperator: () => operators.sessions.currentOperator(),
    onOperatorActivity: () => operators.sessions.touch(),
  });
  registerOperatorHandlers(router, {
    ...operators,
    audit,
    settings,
    appVersion: options.appVersion,
  });
  registerSettingsHandlers(router, {
    settings,
    testConnection: (environment) =>
      testConnection(runtime, settings, environment, options.core?.gatewayLoopbackOrigin),
  });
  registerSaleHandlers(router, runtime, settings);
  registerPaymentHandlers(
    router,
    {
      db,
      lane: runtime,
      settings,
      events,
      audit,
      ...(options.printReceipt === undefined ? {} : { printReceipt: options.printReceipt }),
    },
    attention,
  );

  // The update channels belong to the Electron shell, which registers them once services run.
  const missing = router.missingChannels().filter((name) => !SHELL_CHANNELS.has(name));
  if (missing.length > 0) {
    logger.error('channels without a handler', { missing });
  }

  // Start the lane now so the terminal connects and recovery of unfinished payments runs at
  // start-up. Invalid settings or missing credentials leave it stopped; the screens say why.
  try {
    await runtime.ensure();
    attention.refresh();
  } catch (error) {
    logger.warn('lane not started', { error });
  }
  logger.info('services started', { environment: settings.readOrDefaults().environment });

  return {
    router,
    events,
    lane: runtime,
    settings,
    operators,
    audit,
    hasOpenPayment: () => runtime.hasOpenPayment(),
    async close() {
      operators.sessions.logout();
      await runtime.close();
      db.close();
      logger.info('services stopped');
      closeLogging();
    },
  };
}

function registerSaleHandlers(
  router: IpcRouter,
  lane: LaneRuntime,
  settings: SettingsService,
): void {
  router.handle('sale.start', async (input, context) => {
    settings.assertCanSell();
    const core = await lane.ensure();
    return core.sales.start(input.amountMinor, context.operator, input.reference ?? null);
  });
  router.handle('sale.cancel', async (_input, context) => {
    const core = lane.current();
    if (core === null) return null;
    assertOwnSale(core.sales.openSaleOperatorId(), context.operator);
    return core.sales.cancel();
  });
  router.handle('sale.current', () => lane.current()?.sales.currentProgress() ?? null);
  router.handle('sale.dismiss', () => {
    lane.current()?.sales.dismiss();
    return null;
  });
  router.handle('terminal.status', () => {
    const core = lane.current();
    if (core !== null) return core.terminal.status();
    return {
      state: 'unavailable' as const,
      reason: lane.startError() ?? settings.saleBlockReason() ?? 'The lane has not started.',
      path: null,
      identity: null,
      flags: null,
      prompt: null,
    };
  });
}

/** Cashiers may cancel only the sale they started; managers may cancel any. */
function assertOwnSale(saleOperatorId: number | null, operator: SessionOperator | null): void {
  if (operator === null) throw new CardlaneError('not_authenticated', 'Log in first.');
  if (operator.role === 'manager' || saleOperatorId === null || saleOperatorId === operator.id)
    return;
  throw new CardlaneError(
    'forbidden',
    'Only the cashier who started this sale or a manager can cancel it.',
  );
}

/** Runs the gateway's credential test for an environment with the stored credentials. */
async function testConnection(
  lane: LaneRuntime,
  settings: SettingsService,
  environment: Environment,
  loopbackOriginForTests: string | undefined,
): Promise<ConnectionTestOutcome> {
  const current = settings.read();
  let client;
  if (environment === 'demo') {
    const gateway = lane.current()?.demoGateway ?? null;
    if (gateway === null) return { status: 'unreachable' };
    client = createGatewayClient({
      environment: 'demo',
      site: null,
      credentials: { user: 'testing', password: 'testing123' },
      credentialsEnvironment: 'demo',
      loopbackOrigin: gateway.url,
    });
  } else {
    if (current.environment !== environment || current.site === null) {
      throw new CardlaneError(
        'settings_invalid',
        `Choose ${environment === 'uat' ? 'UAT' : 'production'} and its site in Settings before testing it.`,
      );
    }
    const access = settings.gatewayAccess();
    if (access === null) return { status: 'unreachable' };
    client = createGatewayClient({
      environment,
      site: current.site,
      credentials: access.credentials,
      credentialsEnvironment: environment,
      ...(loopbackOriginForTests === undefined
        ? {}
        : { loopbackOrigin: loopbackOriginForTests, allowLoopbackForTests: true }),
    });
  }
  try {
    await client.testCredentials();
    return { status: 'ok' };
  } catch (error) {
    if (error instanceof GatewayCredentialsRejectedError) return { status: 'unauthorized' };
    if (error instanceof GatewayUnavailableError && error.httpStatus === null)
      return { status: 'unreachable' };
    if (error instanceof GatewayError) {
      return error.httpStatus === null
        ? { status: 'failed' }
        : { status: 'failed', httpStatus: error.httpStatus };
    }
    throw error;
  } finally {
    client.close();
  }
}
