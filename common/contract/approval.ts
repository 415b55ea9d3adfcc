import { z } from 'zod';

import { defineChannel } from './define';
import { OperatorIdSchema, PinSchema } from './operators';
import { MinorUnitsSchema } from './shared';

/** Actions a manager approval allows: one void, one refund, or one lane override. */
export const ApprovalActionSchema = z.enum(['void', 'refund', 'override']);
export type ApprovalAction = z.infer<typeof ApprovalActionSchema>;

/**
 * An approval id as channels that need one (void, refund, lane override) accept it. The shape is
 * loose on purpose: any string reaches the approval check, which rejects unknown ids as
 * `approval_invalid`.
 */
export const ApprovalIdSchema = z.string().min(1).max(128);

export const ApprovalRequestInputSchema = z
  .object({
    managerId: OperatorIdSchema,
    pin: PinSchema,
    action: ApprovalActionSchema,
    paymentId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /** Maximum amount the approved void or refund may move; 0 for a lane override. */
    amountMinor: MinorUnitsSchema,
  })
  .strict();

export const ApprovalGrantSchema = z.object({
  approvalId: z.string(),
  action: ApprovalActionSchema,
  paymentId: z.number().int().positive(),
  amountMinor: MinorUnitsSchema,
  managerName: z.string(),
  expiresAt: z.string(),
});
export type ApprovalGrant = z.infer<typeof ApprovalGrantSchema>;

export const approvalChannels = {
  /**
   * A manager enters their PIN at the register while a cashier is logged in; main returns a
   * one-time approval bound to the action, the payment and the amount.
   */
  'approval.request': defineChannel({
    role: 'cashier',
    input: ApprovalRequestInputSchema,
    result: ApprovalGrantSchema,
  }),
};
