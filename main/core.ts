import path from 'node:path';

import type { DatabaseSync } from 'node:sqlite';

import { createGatewayClient } from './gateway';
import type { GatewayClient, GatewayCredentials } from './gateway/types';
import { openJournalDatabase } from './journal/database';
import { PaymentJournal } from './journal/payments';
import { createLogger } from './log/logger';
import { createPaymentGateway } from './payments/gateway-port';
import { SaleService } from './payments/sale-service';
import type { SaleProgress } from '../common/contract';
import type { Settings } from './settings/schema';
import { startGatewaySimulator, UAT_TEST_CREDENTIALS, type GatewaySimulator } from './simulators/gateway';
import { startDemoTerminal, type PaeDeviceSimulator, type TerminalSimulatorOptions } from './simulators/terminal';
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
}

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
        ...(options.terminalTimeouts === undefined ? {} : { timeouts: options.terminalTimeouts }),
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
        ...(options.terminalTimeouts === undefined ? {} : { timeouts: options.terminalTimeouts }),
      });
    }
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }
  closers.push(() => terminal.stop());
  closers.push(() => gatewayClient.close());

  const sales = new SaleService({
    journal,
    terminal,
    gateway: createPaymentGateway(gatewayClient, options.recovery),
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
  });

  try {
    await terminal.start();
  } catch (error) {
    // The app still starts without a terminal; the status shows why.
    logger.warn('terminal did not start', { error });
  }
  await sales.recoverAll();

  return {
    settings: options.settings,
    db,
    journal,
    terminal,
    sales,
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
