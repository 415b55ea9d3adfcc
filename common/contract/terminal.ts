import { z } from 'zod';

import { defineChannel } from './define';
import { EmptyInputSchema } from './shared';

export const TERMINAL_STATES = [
  'unavailable',
  'closed',
  'probing',
  'idle',
  'in_payment',
  'cancelling',
  'recovering',
  'rebooting',
  'faulted',
] as const;

export const TerminalStateSchema = z.enum(TERMINAL_STATES);
export type TerminalState = z.infer<typeof TerminalStateSchema>;

export const TerminalIdentitySchema = z.object({
  serialNumber: z.string(),
  firmwareVersion: z.string().nullable(),
  paeVersion: z.string().nullable(),
  hardwareVersion: z.string().nullable(),
});
export type TerminalIdentity = z.infer<typeof TerminalIdentitySchema>;

/** Device status flags from the last GCS reply. */
export const TerminalFlagsSchema = z.object({
  started: z.boolean(),
  registered: z.boolean(),
  connected: z.boolean(),
  encryption: z.boolean(),
  cardInReader: z.boolean(),
  inPayment: z.boolean(),
  offlineRecovery: z.boolean(),
  offlineTransactionsWaiting: z.boolean(),
  appLoaderStatus: z.string().nullable(),
});
export type TerminalFlags = z.infer<typeof TerminalFlagsSchema>;

export const TerminalStatusSchema = z.object({
  state: TerminalStateSchema,
  /** Why the terminal is unavailable, faulted or closed, in words an operator can act on. */
  reason: z.string().nullable(),
  path: z.string().nullable(),
  identity: TerminalIdentitySchema.nullable(),
  flags: TerminalFlagsSchema.nullable(),
  prompt: z.string().nullable(),
});
export type TerminalStatus = z.infer<typeof TerminalStatusSchema>;

export const TerminalPromptSchema = z.object({
  code: z.number().int().nullable(),
  text: z.string(),
});
export type TerminalPrompt = z.infer<typeof TerminalPromptSchema>;

export const terminalChannels = {
  'terminal.status': defineChannel({
    role: 'cashier',
    input: EmptyInputSchema,
    result: TerminalStatusSchema,
  }),
};
