/**
 * The preload of the till window, bundled to one file (out/preload/index.cjs) because a
 * sandboxed preload can require only `electron`. It exposes exactly one object,
 * `window.cardlane`, with one function per contract channel and one `onX` per event. The page
 * never gets `ipcRenderer`, a generic invoke or any Node API.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import { buildBridge } from '../common/bridge';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../common/contract';

type EventMessage = { name: string; payload: unknown };
type EventListener = (event: EventMessage) => void;

function isEventMessage(message: unknown): message is EventMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { name?: unknown }).name === 'string'
  );
}

// One ipcRenderer listener feeds every subscription, so subscribing many times does not pile up
// listeners on the IPC channel.
const listeners = new Set<EventListener>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, message: unknown) => {
  if (!isEventMessage(message)) return;
  for (const listener of [...listeners]) {
    try {
      listener({ name: message.name, payload: message.payload });
    } catch (error) {
      // A failing page listener must not stop the others from hearing the event.
      console.error(`cardlane: a listener for ${message.name} failed`, error);
    }
  }
});

const api = buildBridge({
  invoke: (channel, input) => ipcRenderer.invoke(IPC_PREFIX + channel, input),
  subscribe: (listener) => {
    // A wrapper per subscription, so subscribing the same callback twice gives two independent
    // subscriptions that each unsubscribe once.
    const entry: EventListener = (event) => listener(event);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  },
});

contextBridge.exposeInMainWorld('cardlane', api);
