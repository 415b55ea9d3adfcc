import { z } from 'zod';

import { EnvironmentSchema } from '../../common/contract';
import { DEFAULT_MAX_SALE_MINOR } from '../../common/money';

/** Current version of the settings file's shape; `migrations.ts` upgrades older files. */
export const SETTINGS_VERSION = 1;

/** The public UAT merchant id, used by the demo simulators. */
export const DEMO_MERCHANT_ID = '496160873888';

export const SettingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    environment: EnvironmentSchema,
    /** CardPointe site name: the host is `<site>.cardconnect.com` or `<site>-uat.cardconnect.com`. */
    site: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must contain only lowercase letters, digits and hyphens')
      .max(63)
      .nullable(),
    merchantId: z.string().regex(/^\d{6,16}$/, 'must be 6 to 16 digits'),
    /** Lane id, sent to the terminal as `paymentUser`. */
    laneId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,16}$/, 'must be 1 to 16 letters, digits or hyphens'),
    terminal: z
      .object({
        /** The serial number (HSN) the terminal reports in GTI; null accepts the first found. */
        serialNumber: z.string().max(32).nullable(),
        /** A fixed serial path (COM3, /dev/ttyACM0); null means discovery by USB id. */
        path: z.string().max(256).nullable(),
      })
      .strict(),
    /** Per-sale maximum in minor units. */
    maxSaleMinor: z.number().int().positive().max(9_999_999_999),
    currency: z.literal('USD'),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    environment: 'demo',
    site: null,
    merchantId: DEMO_MERCHANT_ID,
    laneId: 'lane1',
    terminal: { serialNumber: null, path: null },
    maxSaleMinor: DEFAULT_MAX_SALE_MINOR,
    currency: 'USD',
  };
}
