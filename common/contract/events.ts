import { z } from 'zod';

import { SaleProgressSchema } from './sale';
import { SessionOperatorSchema } from './session';
import { TerminalPromptSchema, TerminalStatusSchema } from './terminal';

/** Events main pushes to the renderer. Each has a payload schema; the preload exposes `onX`. */
export const events = {
  'terminal.status': TerminalStatusSchema,
  'terminal.prompt': TerminalPromptSchema,
  'sale.progress': SaleProgressSchema,
  'attention.changed': z.object({ count: z.number().int().nonnegative() }),
  /** The operator logged in, logged out or was locked out for inactivity. */
  'session.changed': z.object({
    operator: SessionOperatorSchema.nullable(),
    reason: z.enum(['login', 'logout', 'idle', 'replaced', 'operator_changed']),
  }),
};

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
