/**
 * The release side of Cardlane's update signatures, run with `npx tsx main/updates/release-tool.ts`:
 *
 *   keygen --out <folder>                 create an Ed25519 key pair for signing releases
 *   sign --key <private.pem> --dir <dist>  write <file>.sig for every file that latest*.yml lists
 *   verify --feed <https url> --current <version> [--channel latest.yml] [--ca <pem>]
 *          [--public-key <pem>]            download the feed's release and check it as the app does
 *
 * `verify` uses the app's own verifier and, without --public-key, the release keys built into
 * the app, so a feed that passes here passes on the till.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import {
  downloadToFile,
  parseFeedUrl,
  resolveInFeed,
  sha512OfFile,
  type FeedTlsOptions,
} from './feed';
import { parseFeedRelease } from './feed-info';
import { SIGNATURE_SUFFIX, signRelease } from './signature';
import { UpdateVerifier, type VerifyResult } from './verifier';

const USAGE = `Usage:
  release-tool keygen --out <folder>
  release-tool sign --key <private.pem> --dir <dist folder>
  release-tool verify --feed <https url> --current <running version> [--channel latest.yml] [--ca <pem file>] [--public-key <pem file>]`;

export const PRIVATE_KEY_FILE = 'cardlane-release-private.pem';
export const PUBLIC_KEY_FILE = 'cardlane-release-public.pem';

/** Creates a key pair in `folder`; the private key file is readable by its owner only. */
export function generateReleaseKeys(folder: string): {
  privateKeyFile: string;
  publicKeyPem: string;
} {
  mkdirSync(folder, { recursive: true });
  const privateKeyFile = path.join(folder, PRIVATE_KEY_FILE);
  if (existsSync(privateKeyFile)) {
    throw new Error(`${privateKeyFile} exists; move it away first, it may be the only copy.`);
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  writeFileSync(path.join(folder, PUBLIC_KEY_FILE), publicKeyPem);
  return { privateKeyFile, publicKeyPem };
}

/**
 * Signs every file that the channel files (`latest*.yml`) in `folder` list, after checking that
 * the file beside them has the SHA-512 the channel file states. Returns the signature files.
 */
export async function signFeedFolder(folder: string, privateKeyPem: string): Promise<string[]> {
  const privateKey = createPrivateKey(privateKeyPem);
  const channelFiles = readdirSync(folder).filter((name) => /^latest.*\.yml$/.test(name));
  if (channelFiles.length === 0) {
    throw new Error(`${folder} has no latest*.yml; build with electron-builder first.`);
  }
  const written: string[] = [];
  for (const channel of channelFiles) {
    const release = parseFeedRelease(readFileSync(path.join(folder, channel), 'utf8'));
    for (const file of release.files) {
      const local = path.join(folder, path.basename(decodeURIComponent(file.url)));
      const actual = await sha512OfFile(local);
      if (actual !== file.sha512) {
        throw new Error(
          `${local} does not match the SHA-512 in ${channel}; rebuild before signing.`,
        );
      }
      const signatureFile = `${local}${SIGNATURE_SUFFIX}`;
      writeFileSync(
        signatureFile,
        signRelease({ version: release.version, file: file.url, sha512: actual }, privateKey),
      );
      written.push(signatureFile);
    }
  }
  return written;
}

export interface FeedCheckOptions {
  feedUrl: string;
  currentVersion: string;
  channel?: string;
  tls?: FeedTlsOptions;
  publicKeys?: readonly string[];
}

/**
 * Reads a channel file of the feed over https, downloads every file it lists and checks each with
 * the app's verifier. Returns one result for each file.
 */
export async function checkFeed(
  options: FeedCheckOptions,
): Promise<{ file: string; result: VerifyResult }[]> {
  const feedUrl = parseFeedUrl(options.feedUrl);
  const verifier = new UpdateVerifier({
    feedUrl: feedUrl.href,
    currentVersion: options.currentVersion,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.publicKeys === undefined ? {} : { publicKeys: options.publicKeys }),
  });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'cardlane-feed-check-'));
  try {
    const channelFile = path.join(folder, 'channel.yml');
    await downloadToFile(resolveInFeed(feedUrl, options.channel ?? 'latest.yml'), channelFile, {
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    });
    const release = parseFeedRelease(readFileSync(channelFile, 'utf8'));
    const results: { file: string; result: VerifyResult }[] = [];
    for (const [index, file] of release.files.entries()) {
      const local = path.join(folder, `file-${index}`);
      await downloadToFile(resolveInFeed(feedUrl, file.url), local, {
        ...(options.tls === undefined ? {} : { tls: options.tls }),
      });
      results.push({ file: file.url, result: await verifier.verify(release, local) });
    }
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string' },
      key: { type: 'string' },
      dir: { type: 'string' },
      feed: { type: 'string' },
      current: { type: 'string' },
      channel: { type: 'string' },
      ca: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });

  if (command === 'keygen' && values.out !== undefined) {
    const { privateKeyFile, publicKeyPem } = generateReleaseKeys(values.out);
    console.log(`Private key: ${privateKeyFile} (keep it offline; never commit it)`);
    console.log(
      `Public key, for CARDLANE_RELEASE_PUBLIC_KEYS in main/updates/release-key.ts:\n${publicKeyPem}`,
    );
    return 0;
  }
  if (command === 'sign' && values.key !== undefined && values.dir !== undefined) {
    const written = await signFeedFolder(values.dir, readFileSync(values.key, 'utf8'));
    for (const file of written) console.log(`signed: ${file}`);
    return 0;
  }
  if (command === 'verify' && values.feed !== undefined && values.current !== undefined) {
    const results = await checkFeed({
      feedUrl: values.feed,
      currentVersion: values.current,
      ...(values.channel === undefined ? {} : { channel: values.channel }),
      ...(values.ca === undefined ? {} : { tls: { ca: readFileSync(values.ca) } }),
      ...(values['public-key'] === undefined
        ? {}
        : { publicKeys: [readFileSync(values['public-key'], 'utf8')] }),
    });
    for (const { file, result } of results) {
      console.log(
        result.ok ? `ok: ${file} (${result.version})` : `rejected: ${file}: ${result.message}`,
      );
    }
    return results.every(({ result }) => result.ok) ? 0 : 1;
  }
  console.error(USAGE);
  return 2;
}

if (process.argv[1] !== undefined && /release-tool\.[cm]?[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`release-tool: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
