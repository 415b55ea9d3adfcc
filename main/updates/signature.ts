import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Suffix of the detached signature file published next to each update file in the feed. */
export const SIGNATURE_SUFFIX = '.sig';

/** The fields of one update file that a Cardlane release signature covers. */
export interface SignedRelease {
  /** The version the feed offers, e.g. `1.4.0`. */
  version: string;
  /** The file's `url` exactly as the feed lists it, e.g. `Cardlane-Setup-1.4.0.exe`. */
  file: string;
  /** Base64 SHA-512 of the file, as electron-builder writes it into the feed. */
  sha512: string;
}

/**
 * Builds the bytes that are signed. They bind the version to the file's hash, so a signed older
 * file cannot be offered under a newer version number, and a signature for one file does not
 * verify another. Line breaks in a field would change the layout, so they are rejected.
 */
export function releaseStatement(release: SignedRelease): Buffer {
  for (const [field, value] of Object.entries(release)) {
    if (value.length === 0 || /[\r\n]/.test(value)) {
      throw new Error(`release signature: ${field} must be one non-empty line.`);
    }
  }
  return Buffer.from(
    [
      'cardlane-release-signature-v1',
      `version: ${release.version}`,
      `file: ${release.file}`,
      `sha512: ${release.sha512}`,
      '',
    ].join('\n'),
    'utf8',
  );
}

/** Signs a release with the Ed25519 private key; returns the base64 signature file content. */
export function signRelease(release: SignedRelease, privateKey: KeyObject | string): string {
  return `${sign(null, releaseStatement(release), privateKey).toString('base64')}\n`;
}

function toPublicKey(key: KeyObject | string): KeyObject {
  const object = typeof key === 'string' ? createPublicKey(key) : key;
  if (object.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `release signature: the public key is ${object.asymmetricKeyType}, not ed25519.`,
    );
  }
  return object;
}

/**
 * True when `signatureText` (the base64 content of the signature file) is a valid Ed25519
 * signature of the release by one of `publicKeys`.
 */
export function verifyReleaseSignature(
  release: SignedRelease,
  signatureText: string,
  publicKeys: readonly (KeyObject | string)[],
): boolean {
  const encoded = signatureText.trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(encoded)) return false;
  const signature = Buffer.from(encoded, 'base64');
  const statement = releaseStatement(release);
  return publicKeys.some((key) => verify(null, statement, toPublicKey(key), signature));
}
