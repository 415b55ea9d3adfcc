import path from 'node:path';

import type { DatabaseSync } from 'node:sqlite';

import { createGatewayClient } from './gateway';
import type { GatewayClient, GatewayCredentials } from './gateway/types';
import { openJournalDatabase } from './journal/database';
import { PaymentJournal, type PaymentRow } from './journal/payments';
import { createLogger } from './log/logger';
import { PaymentQueries } from './journal/payment-queries';
import { AdjustmentRecovery } from './payments/adjustment-recovery';
import { AdjustmentService } from './payments/adjustments';
import { AttentionService } from './payments/attention';
import { createPaymentGateway } from './payments/gateway-port';
import type { PaymentGateway } from './payments/ports';
import { SaleService, type SaleHooks } from './payments/sale-service';
import type {
  RenderedReceipt,
  SaleProgress,
  SessionOperator,
  TerminalState,
} from '../common/contract';
import { CardlaneError } from '../common/errors';
import type { AuditRecord } from './journal/audit';
import type { ApprovalScope, ApprovalUse } from './operators/approvals';
import type { Settings } from './settings/schema';
import {
  startGatewaySimulator,
  UAT_TEST_CREDENTIALS,
  type GatewaySimulator,
} from './simulators/gateway';
import {
  startDemoTerminal,
  type PaeDeviceSimulator,
  type TerminalSimulatorOptions,
} from './simulators/terminal';
import { createPaeTerminal, type TerminalTimeouts } from './terminal';
import type { PaymentTerminal } from './terminal/types';

const logger = createLogger('core');

/** File names inside the data folder. */
export const JOURNAL_FILE = 'journal.sqlite';
export const DEMO_GATEWAY_STATE_FILE = 'demo-gateway.json';

export interface CoreOptions {
  dataDir: string;
  /** An open journal database; when absent, core opens `journal.sqlite` in the data folder. */
  db?: DatabaseSync;
  settings: () => Settings;
  /** Gateway credentials for UAT or production; demo mode uses the simulator's own. */
  credentials?: GatewayCredentials | null;
  /** Test-only: reach the gateway at this loopback origin instead of the CardPointe host. */
  gatewayLoopbackOrigin?: string;
  onSaleProgress?: (progress: SaleProgress) => void;
  /** Demo mode only: options for the in-process terminal simulator (tests and benchmarks). */
  demoTerminal?: Partial<Omit<TerminalSimulatorOptions, 'gatewayRestUrl'>>;
  /** Terminal driver timeouts (tests shorten the watchdog). */
  terminalTimeouts?: Partial<TerminalTimeouts>;
  /** Options for recovering unknown outcomes (tests shorten the pause between voids). */
  recovery?: { pauseMs?: number; attempts?: number };
  /**
   * The manager check for voids, refunds and lane overrides. The app passes the operators'
   * approval service; the default lets a manager through and rejects everyone else.
   */
  authorize?: (
    operator: SessionOperator | null,
    approvalId: string | null | undefined,
    scope: ApprovalScope,
  ) => ApprovalUse;
  /** Appends an audit row after a commit. The default drops it (tests of the core alone). */
  audit?: (record: AuditRecord) => void;
  /** Prints a receipt (the app's hidden print window); absent when no printer is set up. */
  printReceipt?: (receipt: RenderedReceipt) => Promise<void>;
  /** Builds the receipt printed after a refund, from its journal row and the sale's. */
  renderRefundReceipt?: (refund: PaymentRow, sale: PaymentRow | null) => RenderedReceipt;
  /** Test-only probes inside the sale flow (crash tests). */
  saleHooks?: SaleHooks;
}

/** Terminal states after which a return to `idle` means the terminal has reconnected. */
const DISCONNECTED_STATES: ReadonlySet<TerminalState> = new Set([
  'unavailable',
  'closed',
  'probing',
  'recovering',
  'rebooting',
  'faulted',
]);

/**
 * The main-process services without Electron or IPC: journal, gateway client, terminal and the
 * sale flow. The app, the command line and the tests all start Cardlane through this.
 */
export interface Core {
  settings: () => Settings;
  db: DatabaseSync;
  journal: PaymentJournal;
  terminal: PaymentTerminal;
  sales: SaleService;
  queries: PaymentQueries;
  /** The gateway calls of the payment flows. */
  paymentGateway: PaymentGateway;
  adjustments: AdjustmentService;
  adjustmentRecovery: AdjustmentRecovery;
  attention: AttentionService;
  /** Runs recovery of sales, voids and refunds whose outcome is open. */
  recoverAll(): Promise<{ checked: number; resolved: number }>;
  /** The in-process gateway simulator in demo mode; null otherwise. */
  demoGateway: GatewaySimulator | null;
  /** The in-process terminal simulator in demo mode; null otherwise. */
  demoTerminal: PaeDeviceSimulator | null;
  gateway: GatewayClient;
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  const settings = options.settings();
  const closers: (() => Promise<void> | void)[] = [];

  const db = options.db ?? openJournalDatabase(path.join(options.dataDir, JOURNAL_FILE));
  if (options.db === undefined) closers.push(() => db.close());
  const journal = new PaymentJournal(db);
  const queries = new PaymentQueries(db);

  // Settings give the payment watchdog and the heartbeat in seconds; tests may override any timeout.
  const terminalTimeouts: Partial<TerminalTimeouts> = {
    dptInactivityMs: settings.terminal.paymentInactivitySeconds * 1000,
    heartbeatMs: settings.terminal.heartbeatSeconds * 1000,
    ...options.terminalTimeouts,
  };
  let demoGateway: GatewaySimulator | null = null;
  let demoTerminal: PaeDeviceSimulator | null = null;
  let terminal: PaymentTerminal;
  let gatewayClient: GatewayClient;
  try {
    if (settings.environment === 'demo') {
      // Demo mode runs both simulators in process: the gateway on loopback HTTP with its state in
      // the data folder, and the terminal over an in-memory serial pair that authorizes through it.
      demoGateway = await startGatewaySimulator({
        port: 0,
        stateFile: path.join(options.dataDir, DEMO_GATEWAY_STATE_FILE),
        merchantIds: [settings.merchantId],
      });
      const gatewaySimulator = demoGateway;
      closers.push(() => gatewaySimulator.close());
      // The simulated merchant account follows the settings' switch for unsettled refunds.
      demoGateway.setMerchantSwitch(
        settings.merchantId,
        'unsettledRefunds',
        settings.unsettledRefunds,
      );
      const demo = await startDemoTerminal({
        merchantId: settings.merchantId,
        ...options.demoTerminal,
        gatewayRestUrl: demoGateway.restUrl,
      });
      demoTerminal = demo.simulator;
      closers.push(() => demo.close());
      gatewayClient = createGatewayClient({
        environment: 'demo',
        site: null,
        credentials: UAT_TEST_CREDENTIALS,
        credentialsEnvironment: 'demo',
        loopbackOrigin: demoGateway.url,
      });
      terminal = createPaeTerminal({
        binding: demo.binding,
        path: demo.path,
        serialNumber: settings.terminal.serialNumber,
        merchantId: settings.merchantId,
        timeouts: terminalTimeouts,
      });
    } else {
      if (options.credentials === undefined || options.credentials === null) {
        throw new Error(`core: no gateway credentials are set for ${settings.environment}.`);
      }
      gatewayClient = createGatewayClient({
        environment: settings.environment,
        site: settings.site,
        credentials: options.credentials,
        credentialsEnvironment: settings.environment,
        ...(options.gatewayLoopbackOrigin === undefined
          ? {}
          : { loopbackOrigin: options.gatewayLoopbackOrigin, allowLoopbackForTests: true }),
      });
      terminal = createPaeTerminal({
        path: settings.terminal.path,
        serialNumber: settings.terminal.serialNumber,
        merchantId: settings.merchantId,
        timeouts: terminalTimeouts,
      });
    }
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }
  closers.push(() => terminal.stop());
  closers.push(() => gatewayClient.close());

  const paymentGateway = createPaymentGateway(gatewayClient, options.recovery);
  const sales = new SaleService({
    journal,
    terminal,
    gateway: paymentGateway,
    settings: () => {
      const current = options.settings();
      return {
        laneId: current.laneId,
        merchantId: current.merchantId,
        environment: current.environment,
        currency: current.currency,
        maxSaleMinor: current.maxSaleMinor,
        partialApproval: current.partialApproval,
      };
    },
    onProgress: options.onSaleProgress,
    ...(options.saleHooks === undefined ? {} : { hooks: options.saleHooks }),
  });

  const audit = options.audit ?? (() => undefined);
  const authorize = options.authorize ?? managerOnly;
  const simulator = demoGateway;
  const adjustments = new AdjustmentService({
    journal,
    gateway: paymentGateway,
    settings: () => ({ laneId: options.settings().laneId }),
    authorize,
    audit,
    beforeGatewayCall:
      simulator === null
        ? undefined
        : () => {
            const current = options.settings();
            simulator.setMerchantSwitch(
              current.merchantId,
              'unsettledRefunds',
              current.unsettledRefunds,
            );
          },
    afterRefund: async (refund) => {
      if (options.renderRefundReceipt === undefined) return { printed: false };
      const receipt = options.renderRefundReceipt(
        refund,
        refund.parentId === null ? null : journal.get(refund.parentId),
      );
      if (options.printReceipt === undefined) return { printed: false };
      await options.printReceipt(receipt);
      return { printed: true };
    },
  });
  const adjustmentRecovery = new AdjustmentRecovery({
    journal,
    queries,
    gateway: paymentGateway,
    adjustments,
    timeZone: () => options.settings().timeZone,
  });
  const attention = new AttentionService({
    journal,
    adjustments,
    adjustmentRecovery,
    recoverSale: (paymentId) => sales.recoverPayment(paymentId),
    openSaleId: () => (sales.hasOpenSale() ? (sales.currentProgress()?.paymentId ?? null) : null),
    authorize,
    audit,
  });

  const recoverAll = async (): Promise<{ checked: number; resolved: number }> => {
    const salesResult = await sales.recoverAll();
    const adjustmentResult = await adjustmentRecovery.recoverAll();
    return {
      checked: salesResult.checked + adjustmentResult.checked,
      resolved: salesResult.resolved + adjustmentResult.resolved,
    };
  };

  try {
    await terminal.start();
  } catch (error) {
    // The app still starts without a terminal; the status shows why.
    logger.warn('terminal did not start', { error });
  }
  await recoverAll();

  // After the terminal comes back, sales it may have forwarded meanwhile are looked up again.
  let lastTerminalState = terminal.status().state;
  const stopWatching = terminal.on('status', (status) => {
    const reconnected = status.state === 'idle' && DISCONNECTED_STATES.has(lastTerminalState);
    lastTerminalState = status.state;
    if (reconnected && !sales.hasOpenSale()) {
      logger.info('terminal reconnected: recovering open sales');
      sales
        .recoverAll()
        .catch((error: unknown) => logger.error('recovery after reconnect failed', { error }));
    }
  });
  closers.push(stopWatching);

  return {
    settings: options.settings,
    db,
    journal,
    terminal,
    sales,
    queries,
    paymentGateway,
    adjustments,
    adjustmentRecovery,
    attention,
    recoverAll,
    demoGateway,
    demoTerminal,
    gateway: gatewayClient,
    async close() {
      for (const close of closers.reverse()) {
        try {
          await close();
        } catch (error) {
          logger.warn('error while closing', { error });
        }
      }
    },
  };
}

/** The default manager check: managers pass; nobody else, since no approval service is attached. */
function managerOnly(
  operator: SessionOperator | null,
  _approvalId: string | null | undefined,
  _scope: ApprovalScope,
): ApprovalUse {
  if (operator?.role !== 'manager') {
    throw new CardlaneError('approval_required', 'This needs a manager.');
  }
  return { managerId: operator.id, managerName: operator.name, approvalId: null };
}
