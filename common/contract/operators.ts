import { z } from 'zod';

import { defineChannel } from './define';
import { EmptyInputSchema, OperatorRoleSchema } from './shared';

export const OperatorIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An operator's display name: shown as text on the login tiles, never parsed as markup. */
export const OperatorNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'must not contain control characters');

/** A PIN of 4 to 8 digits. Validation messages never repeat the value. */
export const PinSchema = z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits');

/** What the login screen shows for each active operator: a name and a role, nothing else. */
export const LoginOperatorSchema = z.object({
  id: OperatorIdSchema,
  name: z.string(),
  role: OperatorRoleSchema,
});
export type LoginOperator = z.infer<typeof LoginOperatorSchema>;

export const OperatorSummarySchema = z.object({
  id: OperatorIdSchema,
  name: z.string(),
  role: OperatorRoleSchema,
  disabled: z.boolean(),
  /** ISO time until which wrong PINs have locked this operator out; null when not locked. */
  lockedUntil: z.string().nullable(),
  /**
   * `tampered` when the row no longer matches its HMAC: it was edited outside Cardlane. Such an
   * operator gets cashier rights at most, and none when more than the role was changed.
   */
  integrity: z.enum(['ok', 'tampered']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OperatorSummary = z.infer<typeof OperatorSummarySchema>;

export const OperatorCreateInputSchema = z
  .object({ name: OperatorNameSchema, role: OperatorRoleSchema, pin: PinSchema })
  .strict();

export const OperatorUpdateInputSchema = z
  .object({
    id: OperatorIdSchema,
    name: OperatorNameSchema.optional(),
    role: OperatorRoleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

export const operatorChannels = {
  'operators.list': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: z.array(OperatorSummarySchema),
  }),
  'operators.create': defineChannel({
    role: 'manager',
    input: OperatorCreateInputSchema,
    result: OperatorSummarySchema,
  }),
  'operators.update': defineChannel({
    role: 'manager',
    input: OperatorUpdateInputSchema,
    result: OperatorSummarySchema,
  }),
  'operators.disable': defineChannel({
    role: 'manager',
    input: z.object({ id: OperatorIdSchema }).strict(),
    result: OperatorSummarySchema,
  }),
  /** Sets a new PIN and clears the operator's lockout. */
  'operators.resetPin': defineChannel({
    role: 'manager',
    input: z.object({ id: OperatorIdSchema, pin: PinSchema }).strict(),
    result: OperatorSummarySchema,
  }),
};
