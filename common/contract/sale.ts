import { z } from 'zod';

import { defineChannel } from './define';
import { EmptyInputSchema, PositiveMinorUnitsSchema } from './shared';

/**
 * Where the lane's current sale is. `in_payment` covers the terminal's prompts; `confirming` means
 * the terminal approved and the gateway has not yet confirmed the approval by order id.
 */
export const SALE_STAGES = [
  'starting',
  'in_payment',
  'cancelling',
  'confirming',
  'approved',
  'partially_approved',
  'declined',
  'cancelled',
  'offline',
  'unknown',
  'failed',
  'needs_attention',
] as const;

export const SaleStageSchema = z.enum(SALE_STAGES);
export type SaleStage = z.infer<typeof SaleStageSchema>;

export const CardSummarySchema = z.object({
  brand: z.string().nullable(),
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  entryMode: z.string().nullable(),
});
export type CardSummary = z.infer<typeof CardSummarySchema>;

export const SaleResultSchema = z.object({
  approvedMinor: z.number().int().nonnegative(),
  card: CardSummarySchema,
  authCode: z.string().nullable(),
  retref: z.string().nullable(),
  /** The processor's response text or a reason a cashier can tell a customer. */
  reason: z.string().nullable(),
  respCode: z.string().nullable(),
});
export type SaleResult = z.infer<typeof SaleResultSchema>;

export const SaleProgressSchema = z.object({
  paymentId: z.number().int().positive(),
  orderId: z.string(),
  amountMinor: z.number().int().positive(),
  currency: z.string(),
  stage: SaleStageSchema,
  prompt: z.string().nullable(),
  startedAt: z.string(),
  result: SaleResultSchema.nullable(),
  /** A message for the cashier about the stage, e.g. why the outcome is unknown. */
  notice: z.string().nullable(),
});
export type SaleProgress = z.infer<typeof SaleProgressSchema>;

export const SaleStartInputSchema = z
  .object({
    amountMinor: PositiveMinorUnitsSchema,
    reference: z
      .string()
      .max(25)
      .regex(/^[\w .#/-]*$/)
      .optional(),
  })
  .strict();

export const saleChannels = {
  'sale.start': defineChannel({
    role: 'cashier',
    input: SaleStartInputSchema,
    result: SaleProgressSchema,
  }),
  'sale.cancel': defineChannel({
    role: 'cashier',
    input: EmptyInputSchema,
    result: SaleProgressSchema.nullable(),
  }),
  'sale.current': defineChannel({
    role: 'cashier',
    input: EmptyInputSchema,
    result: SaleProgressSchema.nullable(),
  }),
  /** Clears a finished sale from the lane so the cashier can ring up the next one. */
  'sale.dismiss': defineChannel({
    role: 'cashier',
    input: EmptyInputSchema,
    result: z.null(),
  }),
};
