import type { z } from 'zod';

/** Who may call a channel: anyone with the app page, a logged-in operator, or a manager. */
export type Role = 'public' | 'cashier' | 'manager';

export interface ChannelSpec<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  role: Role;
  input: I;
  result: R;
}

export function defineChannel<I extends z.ZodType, R extends z.ZodType>(
  spec: ChannelSpec<I, R>,
): ChannelSpec<I, R> {
  return spec;
}

/** Maximum length of any free-text field an operator can type. */
export const MAX_TEXT = 200;
