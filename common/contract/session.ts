import { z } from 'zod';

import { defineChannel } from './define';
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
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const sessionChannels = {
  'session.status': defineChannel({
    role: 'public',
    input: EmptyInputSchema,
    result: SessionStatusSchema,
  }),
};
