import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';

import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../common/contract';
import type { EventBus } from '../ipc/events';
import type { CallerFrame, IpcRouter } from '../ipc/router';
import { createLogger } from '../log/logger';

const logger = createLogger('app.ipc');

/**
 * Describes the frame that sent an IPC call. A frame that has gone away (navigated or closed)
 * cannot be inspected and is treated as untrusted, so the router rejects the call.
 */
export function callerFrameOf(event: IpcMainInvokeEvent): CallerFrame {
  try {
    const frame = event.senderFrame;
    if (frame === null) return { url: '', isMainFrame: false };
    return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
  } catch {
    return { url: '', isMainFrame: false };
  }
}

/**
 * Registers one `ipcMain.handle` per contract channel, each passing the call to the router, which
 * checks the sender, the input and the role before a handler runs. Returns a function that
 * removes them again.
 */
export function registerChannels(ipc: IpcMain, router: Pick<IpcRouter, 'dispatch'>): () => void {
  for (const name of CHANNEL_NAMES) {
    ipc.handle(IPC_PREFIX + name, (event, input: unknown) =>
      router.dispatch(name, input, callerFrameOf(event)),
    );
  }
  return () => {
    for (const name of CHANNEL_NAMES) {
      ipc.removeHandler(IPC_PREFIX + name);
    }
  };
}

/**
 * Sends every event of the bus to the page as `{ name, payload }` on the one event channel.
 * Returns a function that stops forwarding.
 */
export function forwardEvents(bus: Pick<EventBus, 'addSink'>, contents: WebContents): () => void {
  return bus.addSink((name, payload) => {
    if (contents.isDestroyed()) return;
    try {
      contents.send(IPC_EVENT_CHANNEL, { name, payload });
    } catch (error) {
      logger.warn('event not delivered to the window', { event: name, error });
    }
  });
}
