import { z } from 'zod';

import { defineChannel } from './define';
import { EmptyInputSchema } from './shared';

export const UpdateStateSchema = z.enum([
  /** Built-in updates are off: no feed is configured on this PC, or this is a development run. */
  'off',
  'idle',
  'checking',
  'downloading',
  /** A verified update is downloaded and installs at the next allowed moment. */
  'pending',
  'installing',
  /** The last check, download or verification failed; `problem` gives the reason. */
  'failed',
]);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const UpdateStatusSchema = z.object({
  state: UpdateStateSchema,
  currentVersion: z.string(),
  /** The downloaded and verified version waiting to install. */
  pendingVersion: z.string().nullable(),
  /** Daily local time (HH:MM) at which the pending update installs even with someone logged in. */
  installAt: z.string().nullable(),
  /** ISO 8601 time until which a manager postponed the install. */
  postponedUntil: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  problem: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

/** Maximum postponement a manager can set at once, in hours. */
export const MAX_UPDATE_POSTPONE_HOURS = 72;

export const updateChannels = {
  'updates.status': defineChannel({
    role: 'manager',
    input: EmptyInputSchema,
    result: UpdateStatusSchema,
  }),
  /** Keeps the pending update from installing for the given number of hours. */
  'updates.postpone': defineChannel({
    role: 'manager',
    input: z.object({ hours: z.number().int().min(1).max(MAX_UPDATE_POSTPONE_HOURS) }).strict(),
    result: UpdateStatusSchema,
  }),
};
