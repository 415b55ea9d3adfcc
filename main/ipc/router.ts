import type { z } from 'zod';

import {
  channels,
  CHANNEL_NAMES,
  type ChannelName,
  type ChannelResult,
  type Envelope,
  type Role,
  type SessionOperator,
} from '../../common/contract';
import { CardlaneError, type ErrorInfo } from '../../common/errors';
import { createLogger, type Logger } from '../log/logger';

/** The frame a call came from, as the transport (Electron IPC or the test harness) reports it. */
export interface CallerFrame {
  /** URL of the frame that sent the call. */
  url: string;
  /** False for calls from a subframe; only the top-level app page may call main. */
  isMainFrame: boolean;
}

export interface HandlerContext {
  /** The logged-in operator; null only on `public` channels. */
  operator: SessionOperator | null;
}

export type ChannelHandler<C extends ChannelName> = (
  input: z.infer<(typeof channels)[C]['input']>,
  context: HandlerContext,
) => Promise<ChannelResult<C>> | ChannelResult<C>;

export interface RouterOptions {
  /** True when the URL is one of our own app pages (`app://cardlane/…` in the app). */
  isTrustedSender(url: string): boolean;
  /** The operator of this lane's session, or null when nobody is logged in. */
  currentOperator(): SessionOperator | null;
  /** Called after every accepted call from a logged-in operator, to reset the idle lock. */
  onOperatorActivity?(): void;
  logger?: Logger;
}

/** Maximum length of one part of a validation message, because key names come from the caller. */
const MAX_ISSUE_TEXT = 120;

function clip(text: string): string {
  return text.length <= MAX_ISSUE_TEXT ? text : `${text.slice(0, MAX_ISSUE_TEXT)}…`;
}

function describeIssues(error: z.ZodError): string {
  // Names the fields and what is wrong with them; never echoes the values, which may be secret.
  const parts = error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return clip(`${field}: ${issue.message}`);
  });
  return `Invalid input (${parts.join('; ')}).`;
}

function roleAllows(needed: Role, operator: SessionOperator | null): ErrorInfo | null {
  if (needed === 'public') return null;
  if (operator === null) {
    return { code: 'not_authenticated', message: 'Log in first.' };
  }
  if (needed === 'manager' && operator.role !== 'manager') {
    return { code: 'forbidden', message: 'This needs a manager.' };
  }
  return null;
}

/**
 * The one handler wrapper every channel goes through: it checks that the caller is our own app
 * page, parses the input with the channel's schema, checks the session's role, runs the handler
 * and returns an envelope. Results are parsed with the result schema too, which drops any field
 * the contract does not declare, so a handler cannot leak a field by accident.
 */
export class IpcRouter {
  private readonly handlers = new Map<ChannelName, ChannelHandler<ChannelName>>();
  private readonly logger: Logger;

  constructor(private readonly options: RouterOptions) {
    this.logger = options.logger ?? createLogger('ipc');
  }

  handle<C extends ChannelName>(name: C, handler: ChannelHandler<C>): void {
    if (!(name in channels)) {
      throw new Error(`ipc: "${name}" is not a channel of the contract.`);
    }
    if (this.handlers.has(name)) {
      throw new Error(`ipc: a handler for "${name}" is already registered.`);
    }
    this.handlers.set(name, handler as unknown as ChannelHandler<ChannelName>);
  }

  /** Channels of the contract that have no handler yet. */
  missingChannels(): ChannelName[] {
    return CHANNEL_NAMES.filter((name) => !this.handlers.has(name));
  }

  registeredChannels(): ChannelName[] {
    return [...this.handlers.keys()];
  }

  async dispatch(name: string, rawInput: unknown, caller: CallerFrame): Promise<Envelope<unknown>> {
    if (!caller.isMainFrame || !this.options.isTrustedSender(caller.url)) {
      this.logger.warn('call rejected: sender is not the app page', {
        channel: name,
        isMainFrame: caller.isMainFrame,
      });
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted only from the Cardlane page.' },
      };
    }
    if (!Object.hasOwn(channels, name)) {
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `"${String(name).slice(0, 64)}" is not a channel.`,
        },
      };
    }
    const channelName = name as ChannelName;
    const spec = channels[channelName];
    const handler = this.handlers.get(channelName);
    if (handler === undefined) {
      return { ok: false, error: { code: 'internal', message: 'This function is not available.' } };
    }

    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: describeIssues(parsed.error) } };
    }

    const operator = this.options.currentOperator();
    const refusal = roleAllows(spec.role, operator);
    if (refusal !== null) {
      this.logger.info('call rejected by role', {
        channel: name,
        code: refusal.code,
        operatorId: operator?.id,
      });
      return { ok: false, error: refusal };
    }
    if (operator !== null) {
      this.options.onOperatorActivity?.();
    }

    try {
      const value = await handler(parsed.data, { operator });
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        this.logger.error('handler result does not match the contract', {
          channel: name,
          issues: checked.error.issues
            .slice(0, 3)
            .map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        });
        return {
          ok: false,
          error: { code: 'internal', message: 'Something went wrong inside Cardlane.' },
        };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof CardlaneError) {
        return { ok: false, error: error.toInfo() };
      }
      this.logger.error('handler failed', { channel: name, error });
      return {
        ok: false,
        error: { code: 'internal', message: 'Something went wrong inside Cardlane.' },
      };
    }
  }
}
