import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { z } from 'zod';

import { getOrCreateSecret, SECRET_NAMES, type SecretStore } from '../settings/secret-store';

/** scrypt cost parameters, stored beside each hash so they can be raised for new PINs later. */
export const ScryptParamsSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2)
      .max(2 ** 20),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.number().int().min(16).max(64),
  })
  .strict();
export type ScryptParams = z.infer<typeof ScryptParamsSchema>;

/**
 * Default cost: N = 2^15, r = 8 uses 32 MiB and takes tens of milliseconds a hash on a store PC,
 * which with the lockout makes guessing a 4-digit PIN from the database slow, and the pepper
 * (outside the database) makes it impossible without the secret store.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = {
  algorithm: 'scrypt',
  N: 2 ** 15,
  r: 8,
  p: 1,
  keyLength: 32,
};

export interface PinHash {
  hash: string;
  salt: string;
  params: ScryptParams;
}

function scryptAsync(secret: Buffer, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r bytes; allow twice that so the default cost fits.
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, params.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes PINs as scrypt(HMAC-SHA256(pepper, PIN), salt). The pepper lives in the secret store, so
 * a copy of the database alone cannot be brute-forced even though PINs have few digits.
 */
export class PinHasher {
  constructor(
    private readonly secrets: SecretStore,
    private readonly params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  ) {}

  async hash(pin: string): Promise<PinHash> {
    const salt = randomBytes(16);
    const key = await scryptAsync(this.peppered(pin), salt, this.params);
    return { hash: key.toString('base64'), salt: salt.toString('base64'), params: this.params };
  }

  async verify(pin: string, stored: PinHash): Promise<boolean> {
    const expected = Buffer.from(stored.hash, 'base64');
    const actual = await scryptAsync(
      this.peppered(pin),
      Buffer.from(stored.salt, 'base64'),
      stored.params,
    );
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private peppered(pin: string): Buffer {
    const pepper = getOrCreateSecret(this.secrets, SECRET_NAMES.pinPepper, () =>
      randomBytes(32).toString('hex'),
    );
    return createHmac('sha256', Buffer.from(pepper, 'hex')).update(pin, 'utf8').digest();
  }
}
