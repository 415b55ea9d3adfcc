/**
 * The serial transport: one open port, 115200 8N1 without flow control as the CardPointe
 * Unattended Developer Guide specifies, over an injected `serialport` binding. Every end of the
 * connection (a requested close, an unplug, a read or write error) reaches `onEnd` once, because
 * a flag guards the call.
 */
import type { BindingInterface } from '../serial-types';
import { SerialPortStream } from '@serialport/stream';

export const PAE_BAUD_RATE = 115_200;

export interface SerialLink {
  readonly path: string;
  write(bytes: Buffer): Promise<void>;
  /** Closes the port; resolves once it is closed. Safe to call more than once. */
  close(): Promise<void>;
}

export interface SerialLinkHandlers {
  onData(chunk: Buffer): void;
  /** Called once when the link ends for any reason; `requested` is true after `close()`. */
  onEnd(reason: string, requested: boolean): void;
}

/** Opens `path` and resolves once the port is open; rejects with the binding's message. */
export async function openSerialLink(
  binding: BindingInterface,
  path: string,
  handlers: SerialLinkHandlers,
): Promise<SerialLink> {
  const port = new SerialPortStream({
    binding,
    path,
    baudRate: PAE_BAUD_RATE,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    rtscts: false,
    autoOpen: false,
  });

  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()));
  });

  let ended = false;
  let closeRequested = false;
  const end = (reason: string): void => {
    if (ended) {
      return;
    }
    ended = true;
    handlers.onEnd(reason, closeRequested);
  };

  port.on('data', (chunk: Buffer) => handlers.onData(chunk));
  port.on('error', (error: Error) => {
    end(`serial port error: ${error.message}`);
    if (port.isOpen) {
      port.close(() => undefined);
    }
  });
  port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
    end(error?.disconnected === true ? `disconnected: ${error.message}` : 'port closed');
  });

  return {
    path,
    write(bytes: Buffer): Promise<void> {
      return new Promise((resolve, reject) => {
        if (ended || !port.isOpen) {
          reject(new Error(`serial port ${path} is not open`));
          return;
        }
        port.write(bytes, (error) => (error ? reject(error) : resolve()));
      });
    },
    close(): Promise<void> {
      closeRequested = true;
      if (!port.isOpen) {
        end('port closed');
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        port.close(() => {
          end('port closed');
          resolve();
        });
      });
    },
  };
}
