/**
 * Cardlane's release public keys (Ed25519, SPKI PEM). An update is installed only when its
 * detached signature verifies with one of them. A list, so a new key can be added a release
 * before the old one is retired.
 *
 * NOTE: this key was generated for development and its private half was not kept, so no update
 * signed today verifies with it. The release owner generates the real key pair as docs/RELEASE.md
 * describes and replaces this constant before the first release that enables updates.
 */
export const CARDLANE_RELEASE_PUBLIC_KEYS: readonly string[] = [
  `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA600Ng9cUsd2GlVvKtxbwl9cfj8/V28UJu51D97TaiPI=
-----END PUBLIC KEY-----
`,
];
