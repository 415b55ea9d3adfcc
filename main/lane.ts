import type { SaleProgress, TerminalPrompt, TerminalStatus } from '../common/contract';
import { startCore, type Core, type CoreOptions } from './core';
import { createLogger } from './log/logger';
import type { SettingsService } from './settings/service';
import type { Settings } from './settings/schema';

const logger = createLogger('lane');

export interface LaneRuntimeOptions {
  dataDir: string;
  db: CoreOptions['db'];
  settings: SettingsService;
  onSaleProgress(progress: SaleProgress): void;
  onTerminalStatus(status: TerminalStatus): void;
  onTerminalPrompt(prompt: TerminalPrompt): void;
  /** Test and benchmark knobs passed through to the core. */
  core?: LaneCoreOptions;
  /** The payment engine's links to operators, audit and receipts. */
  payments?: Pick<CoreOptions, 'authorize' | 'audit' | 'printReceipt' | 'renderRefundReceipt'>;
}

/** Core options tests and benchmarks may set through the services. */
export type LaneCoreOptions = Pick<
  CoreOptions,
  'demoTerminal' | 'recovery' | 'gatewayLoopbackOrigin' | 'terminalTimeouts' | 'saleHooks'
>;

/** Settings that the running core was built from; a change to any of them needs a new core. */
function coreKey(settings: Settings): string {
  return JSON.stringify([
    settings.environment,
    settings.site,
    settings.merchantId,
    settings.laneId,
    settings.terminal,
  ]);
}

/**
 * Holds the lane's running core (journal, gateway client, terminal, sale flow) and rebuilds it
 * when the settings it depends on change, between sales only.
 */
export class LaneRuntime {
  private core: Core | null = null;
  private key: string | null = null;
  private starting: Promise<Core> | null = null;
  private lastError: string | null = null;

  constructor(private readonly options: LaneRuntimeOptions) {}

  /** The running core, if any. */
  current(): Core | null {
    return this.core;
  }

  /** Why the core is not running, in words for an operator. */
  startError(): string | null {
    return this.lastError;
  }

  /** True while a sale, void or refund is in progress on the lane. */
  hasOpenPayment(): boolean {
    const core = this.core;
    return core !== null && (core.sales.hasOpenSale() || core.adjustments.hasOpenAdjustment());
  }

  /** Returns the core for the current settings, starting or rebuilding it first when needed. */
  async ensure(): Promise<Core> {
    if (this.starting !== null) return this.starting;
    const settings = this.options.settings.read();
    const key = coreKey(settings);
    if (this.core !== null && this.key === key) return this.core;
    if (this.core !== null && this.core.sales.hasOpenSale()) return this.core;

    this.starting = this.rebuild(settings, key).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  async close(): Promise<void> {
    const core = this.core;
    this.core = null;
    this.key = null;
    await core?.close();
  }

  private async rebuild(settings: Settings, key: string): Promise<Core> {
    if (this.core !== null) {
      logger.info('settings changed: restarting the lane', { environment: settings.environment });
      await this.close();
    }
    const access = this.options.settings.gatewayAccess();
    try {
      const core = await startCore({
        dataDir: this.options.dataDir,
        db: this.options.db,
        settings: () => this.options.settings.readOrDefaults(),
        credentials: access?.credentials ?? null,
        onSaleProgress: this.options.onSaleProgress,
        ...this.options.payments,
        ...this.options.core,
      });
      core.terminal.on('status', this.options.onTerminalStatus);
      core.terminal.on('prompt', this.options.onTerminalPrompt);
      this.options.onTerminalStatus(core.terminal.status());
      this.core = core;
      this.key = key;
      this.lastError = null;
      return core;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      logger.error('lane did not start', { error });
      throw error;
    }
  }
}
