import { z } from 'zod';

import { SaleProgressSchema } from './sale';
import { TerminalPromptSchema, TerminalStatusSchema } from './terminal';

/** Events main pushes to the renderer. Each has a payload schema; the preload exposes `onX`. */
export const events = {
  'terminal.status': TerminalStatusSchema,
  'terminal.prompt': TerminalPromptSchema,
  'sale.progress': SaleProgressSchema,
  'attention.changed': z.object({ count: z.number().int().nonnegative() }),
};

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
