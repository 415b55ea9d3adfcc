/**
 * The shape of `window.cardlane`, derived from the contract: one function per channel, grouped by
 * the channel's prefix (`cardlane.sale.start(input)`), and one `onX(callback) → unsubscribe` per
 * event (`cardlane.onTerminalStatus(callback)`). Both the preload and the browser test harness
 * build this object from the same names.
 */
import {
  CHANNEL_NAMES,
  events,
  type ChannelInput,
  type ChannelName,
  type ChannelResult,
  type Envelope,
  type EventName,
  type EventPayload,
} from './contract';

type GroupOf<C extends string> = C extends `${infer G}.${string}` ? G : never;
type MethodOf<C extends string, G extends string> = C extends `${G}.${infer M}` ? M : never;
type EventKey<E extends string> = E extends `${infer G}.${infer M}`
  ? `on${Capitalize<G>}${Capitalize<M>}`
  : never;

export type ChannelFunction<C extends ChannelName> = (
  input: ChannelInput<C>,
) => Promise<Envelope<ChannelResult<C>>>;

export type CardlaneChannels = {
  [G in GroupOf<ChannelName>]: {
    [C in ChannelName as MethodOf<C, G>]: ChannelFunction<C>;
  };
};

export type CardlaneEvents = {
  [E in EventName as EventKey<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

export type CardlaneApi = CardlaneChannels & CardlaneEvents;

export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Splits `sale.start` into its group and method. */
export function splitChannelName(name: string): { group: string; method: string } {
  const dot = name.indexOf('.');
  return { group: name.slice(0, dot), method: name.slice(dot + 1) };
}

/** Returns the bridge key of an event: `terminal.status` → `onTerminalStatus`. */
export function eventKey(name: string): string {
  const { group, method } = splitChannelName(name);
  const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  return `on${capitalize(group)}${capitalize(method)}`;
}

export interface BridgeTransport {
  invoke(channel: ChannelName, input: unknown): Promise<unknown>;
  subscribe(listener: (event: { name: string; payload: unknown }) => void): () => void;
}

/**
 * Builds the `window.cardlane` object over a transport. The transport is `ipcRenderer` in the
 * preload and a Playwright binding in the browser test harness. Each function passes its input
 * through unchanged; main validates it.
 */
export function buildBridge(transport: BridgeTransport): CardlaneApi {
  const api: Record<string, Record<string, unknown> | unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const { group, method } = splitChannelName(name);
    const target = (api[group] ??= {}) as Record<string, unknown>;
    target[method] = (input: unknown) => transport.invoke(name, input);
  }
  for (const name of EVENT_NAMES) {
    api[eventKey(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') {
        throw new TypeError(`${eventKey(name)} needs a callback function.`);
      }
      return transport.subscribe((event) => {
        if (event.name === name) {
          listener(event.payload);
        }
      });
    };
  }
  return api as unknown as CardlaneApi;
}
