import type {
  ConnectionTestResult,
  CredentialEnvironment,
  CredentialStatus,
  Environment,
  SettingsPatch,
  SettingsView,
} from '../../common/contract';
import { CardlaneError } from '../../common/errors';
import type { AuditLog } from '../journal/audit';
import { createLogger } from '../log/logger';
import { environmentOfHost, gatewayHostFor } from './gateway-site';
import { defaultSettings, type Settings } from './schema';
import { SECRET_NAMES, type SecretStore } from './secret-store';
import type { SettingsReadResult, SettingsStore } from './store';

const logger = createLogger('settings.service');

/** The fields whose change outside Cardlane stops sales until a manager confirms them. */
interface EnvironmentSeal {
  environment: Environment;
  site: string | null;
  merchantId: string;
}

/** Settings a payment in progress depends on; a change to them is rejected while one is open. */
const PAYMENT_FIELDS = ['environment', 'site', 'merchantId', 'laneId', 'terminal'] as const;

export interface SettingsServiceOptions {
  store: SettingsStore;
  secrets: SecretStore;
  audit: AuditLog;
  /** True while a sale, void or refund is open on this lane. */
  hasOpenPayment?: () => boolean;
  clock?: () => Date;
  /** Folder of the log files, shown in the settings view. */
  logDirectory?: string;
}

export interface OperatorRef {
  id: number;
  name: string;
}

/** Shows the first and last characters of an API user and hides the rest. */
export function maskUser(user: string): string {
  if (user.length <= 2) return '•'.repeat(user.length);
  if (user.length <= 4) return `${user[0]}${'•'.repeat(user.length - 1)}`;
  return `${user[0]}${'•'.repeat(user.length - 2)}${user.at(-1)}`;
}

function sealOf(settings: Settings): EnvironmentSeal {
  return {
    environment: settings.environment,
    site: settings.site,
    merchantId: settings.merchantId,
  };
}

function sameSeal(left: EnvironmentSeal, right: EnvironmentSeal): boolean {
  return (
    left.environment === right.environment &&
    left.site === right.site &&
    left.merchantId === right.merchantId
  );
}

/**
 * Settings and credentials for main. Reads go through the validating store, and every change a
 * manager makes adds an audit row. Gateway credentials live in the secret store, never in the settings file, and are
 * never returned. A copy of the environment, site and merchant id in the secret store catches a
 * settings file edited to demo mode or another site before the next sale.
 */
export class SettingsService {
  private lastTest: ConnectionTestResult | null = null;
  private readonly clock: () => Date;

  constructor(private readonly options: SettingsServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  get filePath(): string {
    return this.options.store.path;
  }

  /** Reads the current settings; raises `SettingsError` when the file is invalid. */
  read(): Settings {
    return this.options.store.read();
  }

  tryRead(): SettingsReadResult {
    return this.options.store.tryRead();
  }

  /** Reads the settings, or returns the defaults while the file is invalid (for the status line only). */
  readOrDefaults(): Settings {
    const result = this.tryRead();
    return result.ok ? result.settings : defaultSettings();
  }

  view(): SettingsView {
    const settings = this.read();
    return {
      environment: settings.environment,
      site: settings.site,
      merchantId: settings.merchantId,
      laneId: settings.laneId,
      terminal: settings.terminal,
      maxSaleMinor: settings.maxSaleMinor,
      currency: settings.currency,
      timeZone: settings.timeZone,
      receiptHeader: settings.receiptHeader,
      receiptFooter: settings.receiptFooter,
      idleLockSeconds: settings.idleLockSeconds,
      unsettledRefunds: settings.unsettledRefunds,
      partialApproval: settings.partialApproval,
      allowPlainSecretStorage: settings.allowPlainSecretStorage,
      credentials: {
        uat: this.credentialStatus('uat'),
        production: this.credentialStatus('production'),
      },
      secureStorage: {
        available: this.options.secrets.isAvailable(),
        backend: this.options.secrets.backendName(),
      },
      environmentConfirmationRequired: this.environmentConfirmationRequired(),
      settingsFile: this.filePath,
      logDirectory: this.options.logDirectory ?? null,
      lastConnectionTest: this.lastTest,
    };
  }

  update(patch: SettingsPatch, actor: OperatorRef): SettingsView {
    const current = this.read();
    const changed = (Object.keys(patch) as (keyof SettingsPatch)[]).filter(
      (key) =>
        patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(current[key]),
    );
    if (changed.length === 0) return this.view();

    const touchesPayments = changed.some((key) =>
      (PAYMENT_FIELDS as readonly string[]).includes(key),
    );
    if (touchesPayments && this.options.hasOpenPayment?.() === true) {
      throw new CardlaneError(
        'sale_open',
        'Finish the open payment before changing the environment, merchant, lane or terminal.',
      );
    }

    const next = this.options.store.write({ ...current, ...patch });
    const environmentChanged = changed.some(
      (key) => key === 'environment' || key === 'site' || key === 'merchantId',
    );
    if (environmentChanged) {
      // A manager chose these values in Cardlane, so they become the confirmed ones.
      this.writeSeal(next);
    }
    this.options.audit.append({
      operator: actor,
      action: 'settings_changed',
      detail: { fields: changed.join(','), environment: next.environment },
    });
    logger.info('settings changed', { fields: changed, operatorId: actor.id });
    return this.view();
  }

  /**
   * Stores gateway credentials for one environment. Refused where the OS offers no secure storage
   * until a manager has accepted plain storage. The password is never logged or returned.
   */
  setCredentials(
    input: { environment: CredentialEnvironment; user: string; password: string },
    actor: OperatorRef,
  ): CredentialStatus {
    const settings = this.read();
    const secrets = this.options.secrets;
    if (!secrets.isAvailable() && !settings.allowPlainSecretStorage) {
      throw new CardlaneError(
        'secure_storage_unavailable',
        `This computer offers no secure storage for credentials (${secrets.backendName()}). ` +
          'Nothing was stored. A manager can accept plain storage in Settings.',
      );
    }

    secrets.set(SECRET_NAMES.gatewayUser(input.environment), input.user);
    secrets.set(SECRET_NAMES.gatewayPassword(input.environment), input.password);
    const userMasked = maskUser(input.user);
    this.options.store.write({
      ...settings,
      credentials: {
        ...settings.credentials,
        [input.environment]: { userMasked, updatedAt: this.clock().toISOString() },
      },
    });
    this.options.audit.append({
      operator: actor,
      action: 'credentials_changed',
      detail: { environment: input.environment, userMasked },
    });
    logger.info('gateway credentials stored', {
      environment: input.environment,
      operatorId: actor.id,
    });
    return this.credentialStatus(input.environment);
  }

  credentialStatus(environment: CredentialEnvironment): CredentialStatus {
    const secrets = this.options.secrets;
    const set =
      secrets.get(SECRET_NAMES.gatewayUser(environment)) !== null &&
      secrets.get(SECRET_NAMES.gatewayPassword(environment)) !== null;
    const metadata = this.tryRead().ok ? this.read().credentials[environment] : null;
    return {
      set,
      userMasked: set ? (metadata?.userMasked ?? null) : null,
      updatedAt: set ? (metadata?.updatedAt ?? null) : null,
    };
  }

  /**
   * Returns the gateway credentials for requests to `host`, for main's gateway client only. The host
   * must belong to the configured environment and site: production credentials are never given
   * for a UAT host, nor UAT credentials for a production host.
   */
  credentialsForHost(host: string): { user: string; password: string } {
    const settings = this.read();
    const hostEnvironment = environmentOfHost(host);
    if (settings.environment === 'demo' || settings.site === null) {
      throw new CardlaneError(
        'credentials_rejected',
        'Demo mode uses the built-in simulator and no stored credentials.',
      );
    }
    if (hostEnvironment !== settings.environment) {
      throw new CardlaneError(
        'credentials_rejected',
        `${settings.environment === 'production' ? 'Production' : 'UAT'} credentials are not sent to a ` +
          `${hostEnvironment === null ? 'non-CardPointe' : hostEnvironment === 'uat' ? 'UAT' : 'production'} host.`,
      );
    }
    if (host.toLowerCase() !== gatewayHostFor(settings.environment, settings.site)) {
      throw new CardlaneError(
        'credentials_rejected',
        'Credentials are sent only to the configured CardPointe site.',
      );
    }
    return this.storedCredentials(settings.environment);
  }

  /** The configured environment's gateway host and credentials; null in demo mode. */
  gatewayAccess(): {
    environment: CredentialEnvironment;
    host: string;
    credentials: { user: string; password: string };
  } | null {
    const settings = this.read();
    if (settings.environment === 'demo' || settings.site === null) return null;
    const host = gatewayHostFor(settings.environment, settings.site);
    return { environment: settings.environment, host, credentials: this.credentialsForHost(host) };
  }

  acceptPlainStorage(actor: OperatorRef): SettingsView {
    const settings = this.read();
    if (!settings.allowPlainSecretStorage) {
      this.options.store.write({ ...settings, allowPlainSecretStorage: true });
      this.options.audit.append({
        operator: actor,
        action: 'plain_storage_accepted',
        detail: { backend: this.options.secrets.backendName() },
      });
      logger.warn('manager accepted plain credential storage', { operatorId: actor.id });
    }
    return this.view();
  }

  /**
   * True when the environment, site or merchant id in the file differ from the copy in the secret
   * store, or a non-demo environment has no copy there (the file was written outside Cardlane).
   */
  environmentConfirmationRequired(): boolean {
    const result = this.tryRead();
    if (!result.ok) return false;
    const seal = this.readSeal();
    if (seal === null) return result.settings.environment !== 'demo';
    return !sameSeal(seal, sealOf(result.settings));
  }

  confirmEnvironment(actor: OperatorRef): SettingsView {
    const settings = this.read();
    const previous = this.readSeal();
    this.writeSeal(settings);
    this.options.audit.append({
      operator: actor,
      action: 'environment_confirmed',
      detail: {
        environment: settings.environment,
        site: settings.site,
        merchantId: settings.merchantId,
        previousEnvironment: previous?.environment ?? null,
      },
    });
    logger.warn('manager confirmed settings changed outside Cardlane', {
      operatorId: actor.id,
      environment: settings.environment,
    });
    return this.view();
  }

  /** Returns why the lane must not sell now, in words for the cashier, or null when it may. */
  saleBlockReason(): string | null {
    const result = this.tryRead();
    if (!result.ok) return result.error.message;
    if (this.environmentConfirmationRequired()) {
      return 'The environment, site or merchant id in the settings file were changed outside Cardlane. A manager must confirm them in Settings before the next sale.';
    }
    return null;
  }

  /** Raises `settings_invalid` when `saleBlockReason()` gives a reason. */
  assertCanSell(): void {
    const reason = this.saleBlockReason();
    if (reason !== null) throw new CardlaneError('settings_invalid', reason);
  }

  /** Writes the environment chosen at first start and makes it the confirmed one. */
  completeSetup(
    choice: { environment: Environment; site?: string | null; merchantId?: string },
    actor: OperatorRef,
  ): Settings {
    const current = this.read();
    const next = this.options.store.write({
      ...current,
      environment: choice.environment,
      site: choice.site ?? current.site,
      merchantId: choice.merchantId ?? current.merchantId,
    });
    this.writeSeal(next);
    this.options.audit.append({
      operator: actor,
      action: 'setup',
      detail: { environment: next.environment, site: next.site, merchantId: next.merchantId },
    });
    return next;
  }

  recordConnectionTest(result: ConnectionTestResult): void {
    this.lastTest = result;
  }

  private storedCredentials(environment: CredentialEnvironment): {
    user: string;
    password: string;
  } {
    const user = this.options.secrets.get(SECRET_NAMES.gatewayUser(environment));
    const password = this.options.secrets.get(SECRET_NAMES.gatewayPassword(environment));
    if (user === null || password === null) {
      throw new CardlaneError(
        'credentials_rejected',
        `No gateway credentials are stored for ${environment === 'uat' ? 'UAT' : 'production'}. A manager can enter them in Settings.`,
      );
    }
    return { user, password };
  }

  private readSeal(): EnvironmentSeal | null {
    const text = this.options.secrets.get(SECRET_NAMES.environmentSeal);
    if (text === null) return null;
    try {
      return JSON.parse(text) as EnvironmentSeal;
    } catch {
      return null;
    }
  }

  private writeSeal(settings: Settings): void {
    this.options.secrets.set(SECRET_NAMES.environmentSeal, JSON.stringify(sealOf(settings)));
  }
}
