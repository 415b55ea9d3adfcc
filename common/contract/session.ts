import { z } from 'zod';

import { defineChannel } from './define';
import { LoginOperatorSchema, OperatorIdSchema, PinSchema } from './operators';
import { EmptyInputSchema, EnvironmentSchema, OperatorRoleSchema } from './shared';

export const SessionOperatorSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  role: OperatorRoleSchema,
});
export type SessionOperator = z.infer<typeof SessionOperatorSchema>;

export const SessionStatusSchema = z.object({
  operator: SessionOperatorSchema.nullable(),
  laneId: z.string(),
  environment: EnvironmentSchema,
  /** True until the first manager has been created. */
  setupRequired: z.boolean(),
  /** Set when settings cannot be read: which field is wrong, and where the file is. */
  settingsError: z.string().nullable(),
  appVersion: z.string(),
  /** The lane's per-sale maximum in minor units, so the keypad can warn before main rejects. */
  maxSaleMinor: z.number().int().positive(),
  /** The store's IANA time zone; journal times and "today" follow it. */
  timeZone: z.string(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const sessionChannels = {
  'session.status': defineChannel({
    role: 'public',
    input: EmptyInputSchema,
    result: SessionStatusSchema,
  }),
  /** The operators the login screen offers: names and roles of active operators only. */
  'session.listOperators': defineChannel({
    role: 'public',
    input: EmptyInputSchema,
    result: z.array(LoginOperatorSchema),
  }),
  'session.login': defineChannel({
    role: 'public',
    input: z.object({ operatorId: OperatorIdSchema, pin: PinSchema }).strict(),
    result: SessionOperatorSchema,
  }),
  /** Ends the session; calling it with no one logged in does nothing. */
  'session.logout': defineChannel({
    role: 'public',
    input: EmptyInputSchema,
    result: z.null(),
  }),
};
