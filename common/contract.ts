/**
 * The IPC contract between main and the renderer: every channel with its input schema, result
 * schema and the role it needs, the events main pushes, and the result envelope. Main's handler
 * wrapper, the preload bridge and the browser test harness are all built from this module.
 * Channel groups live in `contract/`, one file a group.
 */
import type { z } from 'zod';

import type { ErrorInfo } from './errors';
import type { ChannelSpec } from './contract/define';
import { approvalChannels } from './contract/approval';
import { auditChannels } from './contract/audit';
import { operatorChannels } from './contract/operators';
import { paymentChannels } from './contract/payments';
import { saleChannels } from './contract/sale';
import { sessionChannels } from './contract/session';
import { settingsChannels } from './contract/settings';
import { terminalChannels } from './contract/terminal';
import { updateChannels } from './contract/updates';

export * from './contract/approval';
export * from './contract/audit';
export * from './contract/define';
export * from './contract/events';
export * from './contract/operators';
export * from './contract/payments';
export * from './contract/sale';
export * from './contract/session';
export * from './contract/settings';
export * from './contract/shared';
export * from './contract/terminal';
export * from './contract/updates';

export const channels = {
  ...sessionChannels,
  ...saleChannels,
  ...terminalChannels,
  ...operatorChannels,
  ...approvalChannels,
  ...settingsChannels,
  ...auditChannels,
  ...paymentChannels,
  ...updateChannels,
} satisfies Record<string, ChannelSpec>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelResult<C extends ChannelName> = z.infer<Channels[C]['result']>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** IPC channel prefix used between preload and main; the renderer never sees it. */
export const IPC_PREFIX = 'cardlane:';
/** The single IPC channel that carries every event from main to the renderer. */
export const IPC_EVENT_CHANNEL = 'cardlane:event';

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
