import { z } from 'zod';

import { defineChannel } from './define';
import { OperatorNameSchema, PinSchema } from './operators';
import { SessionOperatorSchema } from './session';
import { EmptyInputSchema, EnvironmentSchema } from './shared';

/**
 * Field schemas of the settings, shared by the settings file's schema in main and the channels
 * below. Messages name what is expected and never repeat the value.
 */

/** CardPointe site name: the host is `<site>.cardconnect.com` or `<site>-uat.cardconnect.com`. */
export const SiteSchema = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9-]+$/, 'must contain only lowercase letters, digits and hyphens')
  .refine((site) => !site.endsWith('-uat'), 'must be the site name without "-uat"');

export const MerchantIdSchema = z.string().regex(/^\d{6,16}$/, 'must be 6 to 16 digits');

/** Lane id, sent to the terminal as `paymentUser`. */
export const LaneIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,16}$/, 'must be 1 to 16 letters, digits or hyphens');

export const TerminalSettingsSchema = z
  .object({
    /** The serial number (HSN) the terminal reports in GTI; null accepts the first found. */
    serialNumber: z.string().max(32).nullable(),
    /** A fixed serial path (COM3, /dev/ttyACM0); null means discovery by USB id. */
    path: z.string().max(256).nullable(),
    /**
     * Seconds of silence from the terminal during a payment before its outcome counts as unknown.
     * Every prompt frame restarts the count; the terminal reports its own card timeout before this.
     */
    paymentInactivitySeconds: z.number().int().min(5).max(600).default(60),
    /** Seconds between status checks while idle, to notice a terminal that stopped answering. */
    heartbeatSeconds: z.number().int().min(5).max(300).default(15),
  })
  .strict();

/** Per-sale maximum in minor units. */
export const MaxSaleMinorSchema = z.number().int().positive().max(9_999_999_999);

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `America/Chicago`; receipts and day reports use it. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone name such as America/Chicago');

/** Lines printed above or below a receipt's body: at most 6 lines of 42 characters. */
export const ReceiptLinesSchema = z
  .array(
    z
      .string()
      .max(42, 'must be at most 42 characters a line')
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'),
  )
  .max(6, 'must be at most 6 lines');

/** Seconds without activity after which the session locks and the PIN is asked again. */
export const IdleLockSecondsSchema = z.number().int().min(30).max(7200);

/**
 * What to do when the processor approves less than the sale amount: `accept` keeps the partial
 * approval and the cashier collects the rest another way; `reverse` voids it at once.
 */
export const PartialApprovalPolicySchema = z.enum(['accept', 'reverse']);
export type PartialApprovalPolicy = z.infer<typeof PartialApprovalPolicySchema>;

/** Environments that have gateway credentials of their own (demo uses the built-in simulator). */
export const CredentialEnvironmentSchema = z.enum(['uat', 'production']);
export type CredentialEnvironment = z.infer<typeof CredentialEnvironmentSchema>;

export const CredentialStatusSchema = z.object({
  set: z.boolean(),
  /** The API user with all but its first and last characters hidden; null when not set. */
  userMasked: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;

export const ConnectionTestResultSchema = z.object({
  environment: EnvironmentSchema,
  ok: z.boolean(),
  outcome: z.enum(['ok', 'credentials_rejected', 'unreachable', 'not_configured', 'failed']),
  /** The result in plain words, with what to check next when it failed. */
  message: z.string(),
  at: z.string(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const SettingsViewSchema = z.object({
  environment: EnvironmentSchema,
  site: z.string().nullable(),
  merchantId: z.string(),
  laneId: z.string(),
  terminal: TerminalSettingsSchema,
  maxSaleMinor: z.number().int().positive(),
  currency: z.string(),
  timeZone: z.string(),
  receiptHeader: z.array(z.string()),
  receiptFooter: z.array(z.string()),
  idleLockSeconds: z.number().int(),
  unsettledRefunds: z.boolean(),
  partialApproval: PartialApprovalPolicySchema,
  /** True once a manager accepted keeping credentials without a secure storage backend. */
  allowPlainSecretStorage: z.boolean(),
  credentials: z.object({ uat: CredentialStatusSchema, production: CredentialStatusSchema }),
  secureStorage: z.object({ available: z.boolean(), backend: z.string() }),
  /**
   * True when the environment, site or merchant id in the settings file differ from what was
   * last set through Cardlane: the lane sells nothing until a manager confirms them.
   */
  environmentConfirmationRequired: z.boolean(),
  settingsFile: z.string(),
  /** Folder of Cardlane's log files, for the store's IT person. */
  logDirectory: z.string().nullable(),
  lastConnectionTest: ConnectionTestResultSchema.nullable(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const SettingsPatchSchema = z
  .object({
    environment: EnvironmentSchema,
    site: SiteSchema.nullable(),
    merchantId: MerchantIdSchema,
    laneId: LaneIdSchema,
    terminal: TerminalSettingsSchema,
    maxSaleMinor: MaxSaleMinorSchema,
    timeZone: TimeZoneSchema,
    receiptHeader: ReceiptLinesSchema,
    receiptFooter: ReceiptLinesSchema,
    idleLockSeconds: IdleLockSecondsSchema,
    unsettledRefunds: z.boolean(),
    partialApproval: PartialApprovalPolicySchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SetCredentialsInputSchema = z
  .object({
    environment: CredentialEnvironmentSchema,
    user: z
      .string()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces'),
    password: z
      .string()
      .min(1, 'must not be empty')
      .max(128, 'must be at most 128 characters')
      .regex(/^[\x20-\x7e]+$/, 'must be printable characters'),
  })
  .strict();

export const SetupInputSchema = z
  .object({
    name: OperatorNameSchema,
    pin: PinSchema,
    environment: EnvironmentSchema,
    site: SiteSchema.nullable().optional(),
    merchantId: MerchantIdSchema.optional(),
  })
  .strict();

export const settingsChannels = {
  'settings.get': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: SettingsViewSchema,
  }),
  'settings.update': defineChannel({
    role: 'manager',
    input: SettingsPatchSchema,
    result: SettingsViewSchema,
  }),
  /** Write-only: the password never comes back through any channel. */
  'settings.setCredentials': defineChannel({
    role: 'manager',
    input: SetCredentialsInputSchema,
    result: CredentialStatusSchema,
  }),
  /** Runs the gateway's credential test for the configured environment, or the one named. */
  'settings.testConnection': defineChannel({
    role: 'manager',
    input: z.object({ environment: EnvironmentSchema.optional() }).strict(),
    result: ConnectionTestResultSchema,
  }),
  /** A manager accepts keeping credentials in plain storage where no secure backend exists. */
  'settings.acceptPlainStorage': defineChannel({
    role: 'manager',
    input: z.object({ accept: z.literal(true) }).strict(),
    result: SettingsViewSchema,
  }),
  /** A manager confirms an environment, site or merchant id that was changed in the file. */
  'settings.confirmEnvironment': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: SettingsViewSchema,
  }),
  /**
   * First start only: creates the first manager, stores the chosen environment and logs the
   * manager in. Rejected once any operator exists.
   */
  'setup.createFirstManager': defineChannel({
    role: 'public',
    input: SetupInputSchema,
    result: SessionOperatorSchema,
  }),
};
