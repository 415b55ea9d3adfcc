import { z } from 'zod';

import {
  EnvironmentSchema,
  IdleLockSecondsSchema,
  LaneIdSchema,
  MaxSaleMinorSchema,
  MerchantIdSchema,
  PartialApprovalPolicySchema,
  ReceiptLinesSchema,
  SiteSchema,
  TerminalSettingsSchema,
  TimeZoneSchema,
} from '../../common/contract';
import { DEFAULT_MAX_SALE_MINOR } from '../../common/money';

/** Current version of the settings file's shape; `migrations.ts` upgrades older files. */
export const SETTINGS_VERSION = 2;

/** The public UAT merchant id, used by the demo simulators. */
export const DEMO_MERCHANT_ID = '496160873888';

/** Seconds without activity before the session locks, unless settings say otherwise. */
export const DEFAULT_IDLE_LOCK_SECONDS = 300;

/** What the settings file keeps about stored credentials; the values are in the secret store. */
const CredentialMetadataSchema = z
  .object({
    userMasked: z.string().max(64),
    updatedAt: z.string().max(40),
  })
  .strict()
  .nullable();

export const SettingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    environment: EnvironmentSchema,
    /** CardPointe site name; required for UAT and production. */
    site: SiteSchema.nullable(),
    merchantId: MerchantIdSchema,
    /** Lane id, sent to the terminal as `paymentUser`. */
    laneId: LaneIdSchema,
    terminal: TerminalSettingsSchema,
    /** Per-sale maximum in minor units. */
    maxSaleMinor: MaxSaleMinorSchema,
    currency: z.literal('USD'),
    timeZone: TimeZoneSchema,
    receiptHeader: ReceiptLinesSchema,
    receiptFooter: ReceiptLinesSchema,
    idleLockSeconds: IdleLockSecondsSchema,
    /** Whether the merchant's account allows refunds of sales that have not settled yet. */
    unsettledRefunds: z.boolean(),
    partialApproval: PartialApprovalPolicySchema,
    /** A manager accepted keeping credentials where the OS offers no secure storage. */
    allowPlainSecretStorage: z.boolean(),
    credentials: z
      .object({ uat: CredentialMetadataSchema, production: CredentialMetadataSchema })
      .strict(),
  })
  .strict()
  .superRefine((settings, context) => {
    if (settings.environment !== 'demo' && settings.site === null) {
      context.addIssue({
        code: 'custom',
        path: ['site'],
        message: `is required for the ${settings.environment} environment`,
      });
    }
  });

export type Settings = z.infer<typeof SettingsSchema>;

/** The zone of this machine, or UTC where the runtime cannot name it. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return TimeZoneSchema.safeParse(zone).success ? zone : 'UTC';
}

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    environment: 'demo',
    site: null,
    merchantId: DEMO_MERCHANT_ID,
    laneId: 'lane1',
    terminal: {
      serialNumber: null,
      path: null,
      paymentInactivitySeconds: 60,
      heartbeatSeconds: 15,
    },
    maxSaleMinor: DEFAULT_MAX_SALE_MINOR,
    currency: 'USD',
    timeZone: systemTimeZone(),
    receiptHeader: [],
    receiptFooter: [],
    idleLockSeconds: DEFAULT_IDLE_LOCK_SECONDS,
    unsettledRefunds: false,
    // A partial approval is kept and the screen shows the amount still due, which is what card
    // networks expect of a till that can take the rest by another tender. Stores that cannot
    // choose 'reverse', which voids the partial approval at once.
    partialApproval: 'accept',
    allowPlainSecretStorage: false,
    credentials: { uat: null, production: null },
  };
}
