import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  releaseStatement,
  signRelease,
  verifyReleaseSignature,
} from '../../main/updates/signature';
import { generateReleaseKeyPair } from './feed-server';

const key = generateReleaseKeyPair();
const release = {
  version: '1.3.0',
  file: 'Cardlane-Setup-1.3.0.exe',
  sha512: `${'A'.repeat(86)}==`,
};

describe('release signature', () => {
  it('verifies with the signing key', () => {
    const signature = signRelease(release, key.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    expect(verifyReleaseSignature(release, signature, [key.publicKeyPem])).toBe(true);
  });

  it('verifies with any listed key', () => {
    const signature = signRelease(release, key.privateKey);
    const other = generateReleaseKeyPair();
    expect(verifyReleaseSignature(release, signature, [other.publicKeyPem, key.publicKeyPem])).toBe(
      true,
    );
    expect(verifyReleaseSignature(release, signature, [other.publicKeyPem])).toBe(false);
  });

  it.each([
    ['version', { ...release, version: '1.3.1' }],
    ['file', { ...release, file: 'Cardlane-1.3.0.AppImage' }],
    ['sha512', { ...release, sha512: `${'B'.repeat(86)}==` }],
  ])('fails when the %s differs', (_field, changed) => {
    const signature = signRelease(release, key.privateKey);
    expect(verifyReleaseSignature(changed, signature, [key.publicKeyPem])).toBe(false);
  });

  it('fails for a malformed signature', () => {
    expect(verifyReleaseSignature(release, '', [key.publicKeyPem])).toBe(false);
    expect(verifyReleaseSignature(release, 'x'.repeat(88), [key.publicKeyPem])).toBe(false);
  });

  it('rejects a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signature = signRelease(release, key.privateKey);
    expect(() => verifyReleaseSignature(release, signature, [pem])).toThrow(/not ed25519/);
  });

  it('rejects fields with line breaks', () => {
    expect(() => releaseStatement({ ...release, file: 'a.exe\nversion: 9.9.9' })).toThrow(
      /one non-empty line/,
    );
  });
});
