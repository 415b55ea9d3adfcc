import { z } from 'zod';

import { defineChannel } from './define';
import { EmptyInputSchema } from './shared';

export const AuditProblemSchema = z.enum([
  'edited',
  'deleted',
  'reordered',
  'truncated',
  'head_missing',
]);
export type AuditProblem = z.infer<typeof AuditProblemSchema>;

export const AuditVerifyResultSchema = z.object({
  ok: z.boolean(),
  /** Number of rows checked. */
  rows: z.number().int().nonnegative(),
  /** Id of the first row that fails the check; null when none does or the tail is missing. */
  firstBadRowId: z.number().int().nullable(),
  problem: AuditProblemSchema.nullable(),
  message: z.string(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResultSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  operatorId: z.number().int().nullable(),
  operatorName: z.string().nullable(),
  action: z.string(),
  paymentId: z.number().int().nullable(),
  /** Facts of the entry as JSON text: field names changed, reasons, amounts. Never a secret. */
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const auditChannels = {
  'audit.verify': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: AuditVerifyResultSchema,
  }),
  /** The newest entries first; `beforeId` pages back. */
  'audit.list': defineChannel({
    role: 'manager',
    input: z
      .object({
        limit: z.number().int().min(1).max(500).optional(),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
    result: z.array(AuditEntrySchema),
  }),
};
