import { z } from 'zod';

import { ApprovalIdSchema } from './approval';
import { defineChannel, MAX_TEXT } from './define';
import { CardSummarySchema } from './sale';
import { EmptyInputSchema, MinorUnitsSchema, PositiveMinorUnitsSchema } from './shared';

/**
 * Channels of the payments journal, voids and refunds, the needs-attention list, the day's
 * reports and receipts. Amounts are integer minor units; no channel returns a token or a full
 * card number, because the journal keeps neither.
 */

export const PAYMENT_STATES = [
  'pending',
  'confirming',
  'approved',
  'declined',
  'cancelled',
  'unknown',
  'failed',
  'offline',
  'voided',
  'partially_refunded',
  'refunded',
] as const;
export const PaymentStateSchema = z.enum(PAYMENT_STATES);
export type PaymentStateName = z.infer<typeof PaymentStateSchema>;

export const PaymentKindSchema = z.enum(['sale', 'void', 'refund']);
export type PaymentKindName = z.infer<typeof PaymentKindSchema>;

const PaymentIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A store-local calendar day, `YYYY-MM-DD`, in the store's time zone from settings. */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date as YYYY-MM-DD');

/** One journal row as lists show it. */
export const PaymentSummarySchema = z.object({
  paymentId: z.number().int().positive(),
  orderId: z.string(),
  kind: PaymentKindSchema,
  /** The sale a void or refund belongs to; null for a sale. */
  parentId: z.number().int().positive().nullable(),
  state: PaymentStateSchema,
  amountMinor: z.number().int().positive(),
  /** What the gateway approved (a sale), refunded (a refund) or voided (a void); null until known. */
  approvedMinor: MinorUnitsSchema.nullable(),
  currency: z.string(),
  card: CardSummarySchema,
  authCode: z.string().nullable(),
  retref: z.string().nullable(),
  respCode: z.string().nullable(),
  respText: z.string().nullable(),
  laneId: z.string(),
  operatorId: z.number().int().nullable(),
  operatorName: z.string().nullable(),
  reference: z.string().nullable(),
  /** Why a manager must look at this payment; null when nothing is needed. */
  attention: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PaymentSummary = z.infer<typeof PaymentSummarySchema>;

export const PaymentSearchInputSchema = z
  .object({
    /** A store-local day; cashiers may search today only and get today when this is absent. */
    date: LocalDateSchema.optional(),
    /** Exact amount requested or approved. */
    amountMinor: PositiveMinorUnitsSchema.optional(),
    last4: z
      .string()
      .regex(/^\d{4}$/, 'must be 4 digits')
      .optional(),
    /** An order id or its beginning. */
    orderId: z
      .string()
      .regex(/^[A-Za-z0-9]{1,19}$/, 'must be letters and digits')
      .optional(),
    retref: z
      .string()
      .regex(/^[A-Za-z0-9]{1,32}$/, 'must be letters and digits')
      .optional(),
    operatorId: z.number().int().positive().optional(),
    kind: PaymentKindSchema.optional(),
    states: z.array(PaymentStateSchema).max(PAYMENT_STATES.length).optional(),
    /** `nextCursor` of the previous page; rows come newest first. */
    cursor: PaymentIdSchema.optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export type PaymentSearchInput = z.infer<typeof PaymentSearchInputSchema>;

export const PaymentSearchResultSchema = z.object({
  rows: z.array(PaymentSummarySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.number().int().positive().nullable(),
  /** The day searched, when the search was limited to one. */
  date: LocalDateSchema.nullable(),
});
export type PaymentSearchResult = z.infer<typeof PaymentSearchResultSchema>;

export const PaymentEventSchema = z.object({
  paymentId: z.number().int().positive(),
  at: z.string(),
  fromState: PaymentStateSchema.nullable(),
  toState: PaymentStateSchema,
  note: z.string().nullable(),
});

/** An audit entry about the payment: approvals granted and used, voids, refunds, resolutions. */
export const PaymentAuditEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  operatorName: z.string().nullable(),
  detail: z.string(),
});

/** What the lane may do next with a payment, as the journal shows it (the gateway decides last). */
export const PaymentActionsSchema = z.object({
  canVoid: z.boolean(),
  canRefund: z.boolean(),
  /** Amount still refundable: approved minus refunds done or with an open outcome. */
  refundableMinor: MinorUnitsSchema,
  canReprint: z.boolean(),
  /** Why void or refund is not offered, in words for an operator; null when both are. */
  reason: z.string().nullable(),
});

export const PaymentDetailSchema = z.object({
  payment: PaymentSummarySchema,
  /** Voids and refunds of this sale, oldest first. */
  children: z.array(PaymentSummarySchema),
  /** Every state change of the payment and of its voids and refunds, oldest first. */
  history: z.array(PaymentEventSchema),
  audit: z.array(PaymentAuditEntrySchema),
  /** EMV facts stored with the approval (AID, application label, TVR, TSI), where present. */
  emv: z.record(z.string(), z.string()),
  actions: PaymentActionsSchema,
});
export type PaymentDetail = z.infer<typeof PaymentDetailSchema>;

/** The gateway's live view of a sale, from `inquire` by retref. */
export const PaymentInquirySchema = z.object({
  paymentId: z.number().int().positive(),
  found: z.boolean(),
  /** Settlement status text, e.g. "Queued for Capture" or "Accepted". */
  settlementStatus: z.string().nullable(),
  voidable: z.boolean(),
  refundable: z.boolean(),
  refundableMinor: MinorUnitsSchema,
  /** What to offer, from the gateway's flags and the journal's remaining amount. */
  suggestion: z.enum(['void', 'refund', 'none']),
  message: z.string(),
});
export type PaymentInquiry = z.infer<typeof PaymentInquirySchema>;

export const ReceiptStatusSchema = z.object({
  /** True when a printer took the receipt. */
  printed: z.boolean(),
  /** Why the receipt step failed; the payment itself is not affected. */
  error: z.string().nullable(),
});

export const PaymentActionResultSchema = z.object({
  /** The void or refund's own outcome. */
  outcome: z.enum(['approved', 'declined', 'unknown', 'failed']),
  /** The void or refund row. */
  action: PaymentSummarySchema,
  /** The sale after the action. */
  payment: PaymentDetailSchema,
  notice: z.string().nullable(),
  /** The refund receipt step; null for voids and for refunds that were not approved. */
  receipt: ReceiptStatusSchema.nullable(),
});
export type PaymentActionResult = z.infer<typeof PaymentActionResultSchema>;

const ReasonSchema = z.string().trim().min(3, 'must be at least 3 characters').max(MAX_TEXT);

export const ATTENTION_RESOLUTIONS = ['recheck', 'charged', 'not_charged', 'dismiss'] as const;
export const AttentionResolutionSchema = z.enum(ATTENTION_RESOLUTIONS);
export type AttentionResolution = z.infer<typeof AttentionResolutionSchema>;

export const AttentionItemSchema = z.object({
  payment: PaymentSummarySchema,
  problem: z.enum([
    'outcome_unknown',
    'unconfirmed_approval',
    'offline',
    'void_failed',
    'refund_unknown',
    'void_unknown',
    'other',
  ]),
  /** What is known, in words for a manager. */
  known: z.string(),
  /** What to do next, in words for a manager. */
  todo: z.string(),
  /** True while this item stops new card sales on its lane. */
  blocksLane: z.boolean(),
  /** Set when a manager let the lane sell despite this item. */
  laneOverride: z.string().nullable(),
  resolutions: z.array(AttentionResolutionSchema),
});
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

export const RecoveryRunResultSchema = z.object({
  checked: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  /** Items still on the needs-attention list afterwards. */
  attention: z.number().int().nonnegative(),
});

const TotalSchema = z.object({
  count: z.number().int().nonnegative(),
  totalMinor: z.number().int(),
});

export const DayReportSchema = z.object({
  date: LocalDateSchema,
  timeZone: z.string(),
  /** The day's bounds as instants: local midnight to local midnight (23 or 25 hours on a DST day). */
  from: z.string(),
  to: z.string(),
  hours: z.number().int().positive(),
  currency: z.string(),
  /** Approved sales (their approved amounts), including those later voided or refunded. */
  sales: TotalSchema,
  /** Sales voided (reversed before settlement). */
  voids: TotalSchema,
  /** Refunds approved on this day. */
  refunds: TotalSchema,
  declines: TotalSchema,
  /** Sales whose outcome is open: pending, unknown, unconfirmed or offline. */
  unresolved: TotalSchema,
  /** Sales minus voids minus refunds. */
  netMinor: z.number().int(),
  byBrand: z.array(
    z.object({
      brand: z.string(),
      sales: TotalSchema,
      refunds: TotalSchema,
      netMinor: z.number().int(),
    }),
  ),
  byOperator: z.array(
    z.object({
      operatorId: z.number().int().nullable(),
      operatorName: z.string(),
      sales: TotalSchema,
      voids: TotalSchema,
      refunds: TotalSchema,
      declines: TotalSchema,
      netMinor: z.number().int(),
    }),
  ),
  /** One entry per local hour of the day, in order; `label` is the local hour, e.g. "01:00 EDT". */
  salesByHour: z.array(
    z.object({
      start: z.string(),
      label: z.string(),
      count: z.number().int().nonnegative(),
      totalMinor: z.number().int(),
    }),
  ),
});
export type DayReport = z.infer<typeof DayReportSchema>;

const SettlementEntrySchema = z.object({
  retref: z.string(),
  amountMinor: z.number().int(),
  batchId: z.string().nullable(),
  paymentId: z.number().int().nullable(),
  orderId: z.string().nullable(),
  kind: PaymentKindSchema.nullable(),
});

export const SettlementReconciliationSchema = z.object({
  date: LocalDateSchema,
  batches: z.array(
    z.object({
      batchId: z.string(),
      hostStatus: z.string(),
      count: z.number().int().nonnegative(),
      totalMinor: z.number().int(),
    }),
  ),
  /** Settled at the gateway and matching the journal in amount. */
  matched: z.array(SettlementEntrySchema),
  /** Settled at the gateway, not in the journal (or with another amount). */
  gatewayOnly: z.array(SettlementEntrySchema),
  /** Approved in the journal on this day and not in any of the day's batches. */
  journalOnly: z.array(SettlementEntrySchema),
  settledTotalMinor: z.number().int(),
  journalTotalMinor: z.number().int(),
  message: z.string(),
});
export type SettlementReconciliation = z.infer<typeof SettlementReconciliationSchema>;

export const ReceiptLineSchema = z.object({ label: z.string(), value: z.string() });

export const ReceiptModelSchema = z.object({
  paymentId: z.number().int().positive(),
  kind: z.enum(['sale', 'refund', 'void']),
  /** SALE, REFUND or VOID, followed by APPROVED, DECLINED, VOIDED. */
  title: z.string(),
  header: z.array(z.string()),
  footer: z.array(z.string()),
  merchantId: z.string(),
  laneId: z.string(),
  /** Local date and time of the payment in the store's zone, with the zone's abbreviation. */
  dateTime: z.string(),
  card: z.string().nullable(),
  entryMode: z.string().nullable(),
  authCode: z.string().nullable(),
  retref: z.string().nullable(),
  orderId: z.string(),
  emv: z.array(ReceiptLineSchema),
  amountMinor: z.number().int().nonnegative(),
  amountText: z.string(),
  requestedText: z.string().nullable(),
  dueText: z.string().nullable(),
  partialApproval: z.boolean(),
  copy: z.boolean(),
  operatorName: z.string().nullable(),
});
export type ReceiptModel = z.infer<typeof ReceiptModelSchema>;

export const RenderedReceiptSchema = z.object({
  model: ReceiptModelSchema,
  /** A complete HTML document with every field escaped; for the print window, not for React. */
  html: z.string(),
  text: z.string(),
});
export type RenderedReceipt = z.infer<typeof RenderedReceiptSchema>;

const PaymentRefSchema = z.object({ paymentId: PaymentIdSchema }).strict();

export const paymentChannels = {
  /** The journal, newest first, with filters; cashiers see today only. */
  'payments.search': defineChannel({
    role: 'cashier',
    input: PaymentSearchInputSchema,
    result: PaymentSearchResultSchema,
  }),
  /** A payment with its voids, refunds, state history, approvals and what may be done next. */
  'payments.get': defineChannel({
    role: 'cashier',
    input: PaymentRefSchema,
    result: PaymentDetailSchema,
  }),
  /** Asks the gateway whether the sale can be voided or refunded now (read-only). */
  'payments.inquire': defineChannel({
    role: 'cashier',
    input: PaymentRefSchema,
    result: PaymentInquirySchema,
  }),
  /** Voids an unsettled sale. A cashier needs a manager approval for action `void`. */
  'payments.void': defineChannel({
    role: 'cashier',
    input: z
      .object({ paymentId: PaymentIdSchema, approvalId: ApprovalIdSchema.optional() })
      .strict(),
    result: PaymentActionResultSchema,
  }),
  /** Refunds a settled sale in full or in part. A cashier needs a manager approval for action `refund`. */
  'payments.refund': defineChannel({
    role: 'cashier',
    input: z
      .object({
        paymentId: PaymentIdSchema,
        amountMinor: PositiveMinorUnitsSchema,
        approvalId: ApprovalIdSchema.optional(),
      })
      .strict(),
    result: PaymentActionResultSchema,
  }),
  /** Runs recovery now for every payment whose outcome is open. */
  'payments.recover': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: RecoveryRunResultSchema,
  }),
  /**
   * Resolves a needs-attention item: `recheck` asks the gateway again; `charged` / `not_charged`
   * record what the manager verified with the processor (for an open refund: refunded or not);
   * `dismiss` clears a notice on a payment whose state is final. Audited with the reason.
   */
  'payments.resolve': defineChannel({
    role: 'manager',
    input: z
      .object({
        paymentId: PaymentIdSchema,
        resolution: AttentionResolutionSchema,
        reason: ReasonSchema.optional(),
      })
      .strict()
      .refine((input) => input.resolution === 'recheck' || input.reason !== undefined, {
        message: 'a reason is required',
        path: ['reason'],
      }),
    result: PaymentDetailSchema,
  }),
  'attention.list': defineChannel({
    role: 'cashier',
    input: EmptyInputSchema,
    result: z.array(AttentionItemSchema),
  }),
  /**
   * Lets the lane take card sales while the payment stays unresolved on the list. A cashier needs
   * a manager approval for action `override` on that payment with amount 0. Audited.
   */
  'attention.overrideLane': defineChannel({
    role: 'cashier',
    input: z
      .object({
        paymentId: PaymentIdSchema,
        reason: ReasonSchema,
        approvalId: ApprovalIdSchema.optional(),
      })
      .strict(),
    result: z.array(AttentionItemSchema),
  }),
  'reports.day': defineChannel({
    role: 'manager',
    input: z.object({ date: LocalDateSchema.optional() }).strict(),
    result: DayReportSchema,
  }),
  /** The gateway's settled batches of a day (`settlestat` by date) against the journal. */
  'reports.settlement': defineChannel({
    role: 'manager',
    input: z.object({ date: LocalDateSchema.optional() }).strict(),
    result: SettlementReconciliationSchema,
  }),
  /** Demo mode only: settles the simulated gateway's open batch, as the processor does each night. */
  'reports.runDemoSettlement': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: z.object({ settled: z.number().int().nonnegative() }),
  }),
  /** A receipt for preview: model, escaped HTML and plain text. */
  'receipts.get': defineChannel({
    role: 'cashier',
    input: PaymentRefSchema,
    result: RenderedReceiptSchema,
  }),
  /** Reprints a receipt, marked COPY; `printed` is false when no printer is set up. */
  'receipts.print': defineChannel({
    role: 'cashier',
    input: PaymentRefSchema,
    result: z.object({ receipt: RenderedReceiptSchema, status: ReceiptStatusSchema }),
  }),
};
