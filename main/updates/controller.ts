import type { UpdateState, UpdateStatus } from '../../common/contract/updates';
import { CardlaneError } from '../../common/errors';
import { createLogger } from '../log/logger';
import { decideInstall, formatTimeOfDay, type TimeOfDay } from './policy';
import type { FeedRelease, UpdateVerifier } from './verifier';
import { isNewerVersion } from './version';

const logger = createLogger('updates');

/** What the controller needs from the update client (electron-updater in the app). */
export interface UpdateBackend {
  /** Reads the feed; resolves with the release it offers, or null when it offers none. */
  check(): Promise<FeedRelease | null>;
  /** Downloads the release found by the last check; resolves with the downloaded file's path. */
  download(): Promise<string>;
  /** Removes a downloaded file that failed verification, so it can never be installed. */
  discard(file: string): Promise<void>;
  /** Quits the app and runs the installer. */
  install(): void;
}

export interface UpdateControllerOptions {
  /** Null when updates are off on this PC; the status then says `off`. */
  backend: UpdateBackend | null;
  /** Why updates are off, shown as the status's `problem`. */
  offReason?: string | null;
  verifier: Pick<UpdateVerifier, 'verify'> | null;
  currentVersion: string;
  installAt: TimeOfDay | null;
  installWindowMinutes: number;
  checkIntervalMinutes: number;
  /** True while a sale, void or refund is open. */
  hasOpenPayment(): boolean;
  operatorLoggedIn(): boolean;
  now?: () => Date;
}

/**
 * Runs built-in updates: checks the feed now and then, downloads a newer release in the
 * background, verifies it, and installs it only when the install policy allows. `tick()` runs a
 * due check and re-evaluates the policy; the app calls it every minute and on session changes.
 */
export class UpdateController {
  private state: UpdateState;
  private pendingVersion: string | null = null;
  private postponedUntil: Date | null = null;
  private lastCheckedAt: Date | null = null;
  private problem: string | null = null;
  private running: Promise<void> | null = null;
  /** Versions whose download failed verification; they are not downloaded again. */
  private readonly rejectedVersions = new Set<string>();
  private readonly now: () => Date;

  constructor(private readonly options: UpdateControllerOptions) {
    this.state = options.backend === null ? 'off' : 'idle';
    this.problem = options.backend === null ? (options.offReason ?? null) : null;
    this.now = options.now ?? (() => new Date());
  }

  status(): UpdateStatus {
    return {
      state: this.state,
      currentVersion: this.options.currentVersion,
      pendingVersion: this.pendingVersion,
      installAt: this.options.installAt === null ? null : formatTimeOfDay(this.options.installAt),
      postponedUntil: this.postponedUntil?.toISOString() ?? null,
      lastCheckedAt: this.lastCheckedAt?.toISOString() ?? null,
      problem: this.problem,
    };
  }

  /** Runs a check when one is due, then installs a pending update if the policy allows it now. */
  async tick(): Promise<void> {
    if (this.isCheckDue()) {
      await this.checkNow();
    }
    this.installIfAllowed();
  }

  /** Called when an operator logs in or out: a logout may be the moment to install. */
  sessionChanged(): void {
    this.installIfAllowed();
  }

  /**
   * Keeps the pending update from installing for `hours`; a later call replaces the moment.
   * Throws when no update is pending.
   */
  postpone(hours: number, by: { id: number; name: string } | null): UpdateStatus {
    if (this.state !== 'pending' || this.pendingVersion === null) {
      throw new CardlaneError('not_found', 'No update is waiting to install.');
    }
    this.postponedUntil = new Date(this.now().getTime() + hours * 3_600_000);
    logger.info('update postponed', {
      version: this.pendingVersion,
      until: this.postponedUntil.toISOString(),
      operatorId: by?.id ?? null,
    });
    return this.status();
  }

  /** Checks the feed, downloads and verifies a newer release. Concurrent calls share one run. */
  checkNow(): Promise<void> {
    if (this.running !== null) return this.running;
    if (this.options.backend === null || this.state === 'pending' || this.state === 'installing') {
      return Promise.resolve();
    }
    this.running = this.runCheck(this.options.backend).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private isCheckDue(): boolean {
    if (this.options.backend === null || this.state === 'pending' || this.state === 'installing') {
      return false;
    }
    if (this.lastCheckedAt === null) return true;
    const interval = this.options.checkIntervalMinutes * 60_000;
    return this.now().getTime() - this.lastCheckedAt.getTime() >= interval;
  }

  private async runCheck(backend: UpdateBackend): Promise<void> {
    this.state = 'checking';
    this.lastCheckedAt = this.now();
    try {
      const release = await backend.check();
      if (release === null || !isNewerVersion(release.version, this.options.currentVersion)) {
        this.state = 'idle';
        this.problem = null;
        return;
      }
      if (this.rejectedVersions.has(release.version)) {
        this.state = 'failed';
        return;
      }

      logger.info('downloading update', { version: release.version });
      this.state = 'downloading';
      const file = await backend.download();
      const verdict = await this.verify(release, file);
      if (!verdict.ok) {
        this.rejectedVersions.add(release.version);
        this.state = 'failed';
        this.problem = verdict.message;
        await backend
          .discard(file)
          .catch((error: unknown) => logger.error('rejected update file not removed', { error }));
        return;
      }

      this.pendingVersion = release.version;
      this.problem = null;
      this.state = 'pending';
      logger.info('update downloaded and verified; waiting for an allowed moment', {
        version: release.version,
      });
    } catch (error) {
      logger.error('update check failed', { error });
      this.state = 'failed';
      this.problem = 'The update feed could not be checked or the download failed; see the log.';
    }
  }

  private async verify(release: FeedRelease, file: string) {
    if (this.options.verifier === null) {
      return { ok: false as const, message: 'No update verifier is configured.' };
    }
    return this.options.verifier.verify(release, file);
  }

  private installIfAllowed(): void {
    if (this.state !== 'pending' || this.options.backend === null) return;
    const decision = decideInstall({
      now: this.now(),
      paymentOpen: this.options.hasOpenPayment(),
      operatorLoggedIn: this.options.operatorLoggedIn(),
      postponedUntil: this.postponedUntil,
      installAt: this.options.installAt,
      installWindowMinutes: this.options.installWindowMinutes,
    });
    if (!decision.install) return;

    logger.info('installing update', { version: this.pendingVersion, because: decision.because });
    this.state = 'installing';
    try {
      this.options.backend.install();
    } catch (error) {
      logger.error('the installer did not start', { error });
      this.state = 'failed';
      this.problem = 'The installer did not start; see the log.';
    }
  }
}
