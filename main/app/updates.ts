import { rm } from 'node:fs/promises';

import { net } from 'electron';

import { createLogger, type Logger } from '../log/logger';
import type { Services } from '../services';
import type { UpdateConfig } from '../updates/config';
import { UpdateController, type UpdateBackend } from '../updates/controller';
import type { FeedFetcher } from '../updates/feed';
import { UpdateVerifier, type FeedRelease } from '../updates/verifier';

const logger = createLogger('app.updates');

/** The part of electron-updater's `AppUpdater` that Cardlane uses. */
export interface ElectronUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  logger: Pick<Logger, 'info' | 'warn' | 'error'> | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{
    isUpdateAvailable: boolean;
    updateInfo: { version: string; files: { url: string; sha512: string; size?: number }[] };
  } | null>;
  downloadUpdate(): Promise<string[]>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/**
 * Adapts electron-updater to the controller. It downloads only when asked and never installs by
 * itself, so nothing installs on quit without the Cardlane verification and the install policy.
 * Downgrades and pre-releases are off.
 */
export function createElectronUpdaterBackend(
  updater: ElectronUpdaterLike,
  feedUrl: string,
): UpdateBackend {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.logger = createLogger('updates.client');
  updater.setFeedURL({ provider: 'generic', url: feedUrl });

  return {
    async check(): Promise<FeedRelease | null> {
      const result = await updater.checkForUpdates();
      if (result === null || !result.isUpdateAvailable) return null;
      const info = result.updateInfo;
      return {
        version: String(info.version),
        files: info.files.map((file) => ({
          url: String(file.url),
          sha512: String(file.sha512),
          ...(typeof file.size === 'number' ? { size: file.size } : {}),
        })),
      };
    },
    async download(): Promise<string> {
      const files = await updater.downloadUpdate();
      const first = files[0];
      if (first === undefined) throw new Error('electron-updater downloaded no file.');
      return first;
    },
    async discard(file: string): Promise<void> {
      await rm(file, { force: true });
    },
    install(): void {
      // Silent, so the till comes back by itself; a per-machine install still asks for elevation.
      updater.quitAndInstall(true, true);
    },
  };
}

/**
 * Fetches from the feed through Chromium's network stack, the one electron-updater downloads
 * with, so the signature files follow the same system proxy and certificate store as the
 * installers. Redirects are errors, and a body over `maxBytes` is rejected.
 */
export const electronNetFetcher: FeedFetcher = async (url, limits) => {
  const response = await net.fetch(url.href, {
    redirect: 'error',
    signal: AbortSignal.timeout(limits.timeoutMs),
  });
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limits.maxBytes) {
    throw new Error(`${url.pathname} is larger than ${limits.maxBytes} bytes.`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > limits.maxBytes) {
    throw new Error(`${url.pathname} is larger than ${limits.maxBytes} bytes.`);
  }
  return { status: response.status, body };
};

export interface ShellUpdatesOptions {
  services: Pick<Services, 'router' | 'events' | 'operators' | 'audit' | 'hasOpenPayment'>;
  currentVersion: string;
  /** The machine's update settings; null leaves built-in updates off. */
  config: UpdateConfig | null;
  /** Why updates are off, for the status (e.g. an invalid settings file). */
  offReason?: string | null;
  /** Loads electron-updater's `autoUpdater`; only called when `config` is set. */
  loadUpdater(): Promise<ElectronUpdaterLike>;
  /** Fetches the signature files; `node:https` when absent. */
  fetcher?: FeedFetcher;
  /** Trusted release keys; Cardlane's built-in keys when absent. */
  publicKeys?: readonly string[];
  now?: () => Date;
  /** Milliseconds between policy evaluations and due checks. */
  tickMs?: number;
}

export interface ShellUpdates {
  controller: UpdateController;
  stop(): void;
}

/**
 * Starts built-in updates for the shell: registers the `updates.*` channels on the router,
 * re-evaluates the install policy on every session change and every `tickMs`, and checks the
 * feed at the configured interval. With no configuration the channels report `off`.
 */
export async function startShellUpdates(options: ShellUpdatesOptions): Promise<ShellUpdates> {
  const { services, config } = options;
  let backend: UpdateBackend | null = null;
  let verifier: UpdateVerifier | null = null;
  let offReason = options.offReason ?? null;
  if (config !== null) {
    try {
      verifier = new UpdateVerifier({
        feedUrl: config.feedUrl,
        currentVersion: options.currentVersion,
        ...(options.fetcher === undefined ? {} : { fetcher: options.fetcher }),
        ...(options.publicKeys === undefined ? {} : { publicKeys: options.publicKeys }),
      });
      backend = createElectronUpdaterBackend(await options.loadUpdater(), config.feedUrl);
    } catch (error) {
      logger.error('built-in updates are off: the updater did not start', { error });
      backend = null;
      offReason = 'The updater did not start; see the log.';
    }
  }

  const controller = new UpdateController({
    backend,
    verifier,
    currentVersion: options.currentVersion,
    installAt: config?.installAt ?? null,
    installWindowMinutes: config?.installWindowMinutes ?? 60,
    checkIntervalMinutes: config?.checkIntervalMinutes ?? 240,
    hasOpenPayment: () => services.hasOpenPayment(),
    operatorLoggedIn: () => services.operators.sessions.currentOperator() !== null,
    offReason,
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  services.router.handle('updates.status', () => controller.status());
  services.router.handle('updates.postpone', (input, context) => {
    const status = controller.postpone(input.hours, context.operator);
    services.audit.append({
      operator: context.operator,
      action: 'update_postponed',
      detail: { hours: input.hours, version: status.pendingVersion ?? null },
    });
    return status;
  });
  const removeSink = services.events.addSink((name) => {
    if (name === 'session.changed') controller.sessionChanged();
  });

  const tick = () => {
    controller.tick().catch((error: unknown) => logger.error('update tick failed', { error }));
  };
  const timer = backend === null ? null : setInterval(tick, options.tickMs ?? 60_000);
  timer?.unref();
  logger.info(backend === null ? 'built-in updates are off' : 'built-in updates are on', {
    installAt: controller.status().installAt,
  });

  return {
    controller,
    stop() {
      if (timer !== null) clearInterval(timer);
      removeSink();
    },
  };
}
