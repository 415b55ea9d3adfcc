import type { KeyObject } from 'node:crypto';

import { createLogger } from '../log/logger';
import {
  createHttpsFetcher,
  parseFeedUrl,
  resolveInFeed,
  sha512OfFile,
  type FeedFetcher,
  type FeedTlsOptions,
} from './feed';
import { CARDLANE_RELEASE_PUBLIC_KEYS } from './release-key';
import { SIGNATURE_SUFFIX, verifyReleaseSignature } from './signature';
import { isNewerVersion, parseVersion } from './version';

const logger = createLogger('updates.verify');

/** One file of a release as the feed lists it. */
export interface FeedFile {
  url: string;
  /** Base64 SHA-512. */
  sha512: string;
  size?: number;
}

/** The release a feed offers: its version and files (the parsed `latest.yml`). */
export interface FeedRelease {
  version: string;
  files: FeedFile[];
}

export type UpdateRejection =
  | 'invalid_version'
  | 'not_newer'
  | 'file_not_in_feed'
  | 'signature_missing'
  | 'signature_invalid'
  | 'signature_unavailable';

export type VerifyResult =
  | { ok: true; version: string; file: FeedFile }
  | { ok: false; reason: UpdateRejection; message: string };

export interface UpdateVerifierOptions {
  /** The feed folder URL; only https is accepted. */
  feedUrl: string;
  /** The running app's version; only higher versions are accepted. */
  currentVersion: string;
  /** Trusted Ed25519 public keys; Cardlane's built-in release keys by default. */
  publicKeys?: readonly (KeyObject | string)[];
  /** Fetches the signature file; `node:https` with `tls` by default. */
  fetcher?: FeedFetcher;
  tls?: FeedTlsOptions;
  timeoutMs?: number;
}

/** A signature file is one base64 line of 88 characters; anything much larger is not one. */
const MAX_SIGNATURE_BYTES = 1024;

/**
 * Checks a downloaded update before it may be installed: the version is valid and newer than the
 * running one, the file's SHA-512 is one the feed lists for that release, and the detached
 * signature file `<file>.sig` from the feed verifies with a Cardlane release key. This is in
 * addition to the hash check of electron-updater and the platform's code signature check.
 */
export class UpdateVerifier {
  private readonly feedUrl: URL;
  private readonly fetcher: FeedFetcher;
  private readonly publicKeys: readonly (KeyObject | string)[];
  private readonly timeoutMs: number;

  /** Throws UpdateFeedError for a feed that is not https. */
  constructor(private readonly options: UpdateVerifierOptions) {
    this.feedUrl = parseFeedUrl(options.feedUrl);
    this.fetcher = options.fetcher ?? createHttpsFetcher(options.tls);
    this.publicKeys = options.publicKeys ?? CARDLANE_RELEASE_PUBLIC_KEYS;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async verify(release: FeedRelease, downloadedFile: string): Promise<VerifyResult> {
    const result = await this.check(release, downloadedFile);
    if (result.ok) {
      logger.info('update verified', { version: result.version, file: result.file.url });
    } else {
      logger.warn('update rejected', {
        version: release.version.slice(0, 64),
        reason: result.reason,
        message: result.message,
      });
    }
    return result;
  }

  private async check(release: FeedRelease, downloadedFile: string): Promise<VerifyResult> {
    if (parseVersion(release.version) === null) {
      return reject(
        'invalid_version',
        'The feed offers a version that is not a valid version number.',
      );
    }
    if (!isNewerVersion(release.version, this.options.currentVersion)) {
      return reject(
        'not_newer',
        `Version ${release.version} is not newer than the running ${this.options.currentVersion}.`,
      );
    }

    // The hash picks the feed entry, so the signature is checked for the file that was downloaded.
    const sha512 = await sha512OfFile(downloadedFile);
    const file = release.files.find((entry) => entry.sha512 === sha512);
    if (file === undefined) {
      return reject(
        'file_not_in_feed',
        `The downloaded file is not one the feed lists for ${release.version}.`,
      );
    }

    let signatureUrl: URL;
    try {
      signatureUrl = resolveInFeed(this.feedUrl, `${file.url}${SIGNATURE_SUFFIX}`);
    } catch (error) {
      return reject('signature_unavailable', (error as Error).message);
    }
    let fetched;
    try {
      fetched = await this.fetcher(signatureUrl, {
        maxBytes: MAX_SIGNATURE_BYTES,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      return reject(
        'signature_unavailable',
        `The signature file could not be fetched: ${(error as Error).message}`,
      );
    }
    if (fetched.status === 404 || fetched.status === 410) {
      return reject('signature_missing', `The feed has no Cardlane signature for ${file.url}.`);
    }
    if (fetched.status !== 200) {
      return reject(
        'signature_unavailable',
        `The signature file request returned HTTP ${fetched.status}.`,
      );
    }

    const valid = verifyReleaseSignature(
      { version: release.version, file: file.url, sha512 },
      fetched.body.toString('utf8'),
      this.publicKeys,
    );
    if (!valid) {
      return reject(
        'signature_invalid',
        `The Cardlane signature of ${file.url} is not valid for version ${release.version}.`,
      );
    }
    return { ok: true, version: release.version, file };
  }
}

function reject(reason: UpdateRejection, message: string): VerifyResult {
  return { ok: false, reason, message };
}
