/**
 * Storage for the few secrets main keeps apart from the settings file. It contains the PIN pepper,
 * the operator-row and audit HMAC keys, the HMAC of each operator's current row, the operators'
 * lockouts, the audit chain's head, the environment seal and the gateway credentials of each
 * environment. The app backs it with Electron `safeStorage`; the command line and the tests use a
 * plain file.
 */
export interface SecretStore {
  /** True when values are encrypted by an OS-backed key (Keychain, DPAPI, libsecret, kwallet). */
  isAvailable(): boolean;
  /** Name of the backend for the settings screen, e.g. `safeStorage (gnome_libsecret)`. */
  backendName(): string;
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** Names of the entries Cardlane keeps in the secret store. */
export const SECRET_NAMES = {
  pinPepper: 'operators.pin-pepper',
  operatorKey: 'operators.row-hmac-key',
  /** Set once the first manager exists, so an emptied operators table cannot reopen setup. */
  setupComplete: 'operators.setup-complete',
  /** Each operator's current row HMAC, so a row copied back from an older database shows. */
  operatorRowHeads: 'operators.row-heads',
  /** Each operator's wrong-PIN count and lockout end, so editing the database cannot reset them. */
  operatorLockouts: 'operators.lockouts',
  auditKey: 'audit.hmac-key',
  auditHead: 'audit.head',
  environmentSeal: 'settings.environment-seal',
  gatewayUser: (environment: 'uat' | 'production') => `gateway.${environment}.user`,
  gatewayPassword: (environment: 'uat' | 'production') => `gateway.${environment}.password`,
} as const;

/** Entry names are short dotted words, so they can be file keys on any backend. */
export function checkSecretName(name: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{0,63}$/.test(name)) {
    throw new Error(`secrets: "${name.slice(0, 64)}" is not a valid secret name.`);
  }
}

/**
 * Returns the secret `name`, creating it from `create()` on first use. Keys and peppers are made
 * once and then never change, because every stored hash and HMAC depends on them.
 */
export function getOrCreateSecret(store: SecretStore, name: string, create: () => string): string {
  const existing = store.get(name);
  if (existing !== null) return existing;
  const value = create();
  store.set(name, value);
  return value;
}
