/**
 * An in-memory serial line: a `serialport` binding for the host (the driver opens it like a real
 * port) and a device end for the simulator. Unlike serialport's MockBinding it has two ends and
 * can fail as hardware does. A disconnect rejects the host's pending read with a non-cancel error,
 * so `serialport` reports `disconnected`. A port can vanish from `list()` and come back under a
 * new path, and single reads can be made to fail.
 */
import { EventEmitter } from 'node:events';

import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
} from '../../terminal/serial-types';

export const IN_MEMORY_DEFAULT_PATH = '/dev/cardlane-sim0';

/** USB facts the in-memory port reports in `list()`: a Prolific PL2303 adapter. */
const USB_FACTS = { manufacturer: 'Prolific', vendorId: '067b', productId: '2303' };

interface CanceledError extends Error {
  canceled?: boolean;
}

export class InMemoryDeviceEnd extends EventEmitter {
  private hostPort: InMemoryHostPort | null = null;
  private presentFlag = true;
  private currentPath: string;

  constructor(
    path: string,
    private readonly usbSerialNumber: string,
  ) {
    super();
    this.currentPath = path;
  }

  get path(): string {
    return this.currentPath;
  }

  get present(): boolean {
    return this.presentFlag;
  }

  /** Whether the host has the port open. */
  get hostOpen(): boolean {
    return this.hostPort !== null && this.hostPort.isOpen;
  }

  /** Bytes from the device to the host; dropped when the host has no port open, as on a real line. */
  write(bytes: Buffer): void {
    this.hostPort?.deliver(bytes);
  }

  /** Fails the host's pending read as if the cable were pulled; the port stays listed. */
  disconnect(): void {
    this.hostPort?.fail(new Error('The device was disconnected (in-memory line)'));
    this.hostPort = null;
  }

  /** Makes the next host read fail with `error` (a non-cancel error disconnects the host). */
  failNextRead(error: Error): void {
    this.hostPort?.fail(error);
    this.hostPort = null;
  }

  /** Removes the port (unplug) or brings it back, optionally under another path. */
  setPresent(present: boolean, path?: string): void {
    if (!present) {
      this.disconnect();
    }
    this.presentFlag = present;
    if (path !== undefined) {
      this.currentPath = path;
    }
    this.emit(present ? 'present' : 'absent', this.currentPath);
  }

  portInfo(): PortInfo {
    return {
      path: this.currentPath,
      manufacturer: USB_FACTS.manufacturer,
      serialNumber: this.usbSerialNumber,
      pnpId: undefined,
      locationId: undefined,
      vendorId: USB_FACTS.vendorId,
      productId: USB_FACTS.productId,
    };
  }

  /** Called by the host binding. */
  connectHost(options: OpenOptions): InMemoryHostPort {
    if (!this.presentFlag || options.path !== this.currentPath) {
      throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
    }
    if (this.hostPort !== null && this.hostPort.isOpen) {
      throw new Error('Error Resource temporarily unavailable Cannot lock port');
    }
    const port = new InMemoryHostPort(
      options,
      (bytes) => this.emit('data', bytes),
      () => {
        if (this.hostPort === port) {
          this.hostPort = null;
        }
        this.emit('host-close');
      },
    );
    this.hostPort = port;
    this.emit('host-open');
    return port;
  }
}

class InMemoryHostPort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  private incoming: Buffer[] = [];
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(
    options: OpenOptions,
    private readonly sendToDevice: (bytes: Buffer) => void,
    private readonly onClose: () => void,
  ) {
    this.openOptions = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    } as Required<OpenOptions>;
  }

  deliver(bytes: Buffer): void {
    if (!this.isOpen || this.failure !== null || bytes.length === 0) {
      return;
    }
    this.incoming.push(Buffer.from(bytes));
    this.wake();
  }

  /**
   * Makes the pending and every later read or write fail with `error`. The port stays open until
   * the stream closes it, because `serialport` reports a disconnect only for an open port.
   */
  fail(error: Error): void {
    if (!this.isOpen || this.failure !== null) {
      return;
    }
    this.failure = error;
    this.wake();
    this.onClose();
  }

  async read(
    buffer: Buffer,
    offset: number,
    length: number,
  ): Promise<{ buffer: Buffer; bytesRead: number }> {
    for (;;) {
      if (this.failure !== null) {
        throw this.failure;
      }
      if (!this.isOpen) {
        throw canceled('Port is closed');
      }
      const head = this.incoming[0];
      if (head !== undefined) {
        const count = Math.min(length, head.length);
        head.copy(buffer, offset, 0, count);
        if (count === head.length) {
          this.incoming.shift();
        } else {
          this.incoming[0] = head.subarray(count);
        }
        return { buffer, bytesRead: count };
      }
      await new Promise<void>((resolve, reject) => {
        this.waiting = { resolve, reject };
      });
    }
  }

  async write(buffer: Buffer): Promise<void> {
    if (this.failure !== null) {
      throw this.failure;
    }
    if (!this.isOpen) {
      throw canceled('Port is closed');
    }
    const copy = Buffer.from(buffer);
    // Deliver on a later turn, as a real line would, so a reply never re-enters the writer.
    setImmediate(() => {
      if (this.isOpen) {
        this.sendToDevice(copy);
      }
    });
  }

  async close(): Promise<void> {
    if (!this.isOpen) {
      return;
    }
    this.isOpen = false;
    this.wake();
    if (this.failure === null) {
      this.onClose();
    }
  }

  async update(): Promise<void> {}
  async set(): Promise<void> {}
  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.incoming = [];
  }
  async drain(): Promise<void> {}

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve();
  }
}

function canceled(message: string): CanceledError {
  const error: CanceledError = new Error(message);
  error.canceled = true;
  return error;
}

/** A host binding over any number of in-memory device ends (one per simulated device). */
export class InMemoryBinding implements BindingInterface {
  constructor(private readonly devices: InMemoryDeviceEnd[]) {}

  async list(): Promise<PortInfo[]> {
    return this.devices.filter((device) => device.present).map((device) => device.portInfo());
  }

  async open(options: OpenOptions): Promise<BindingPortInterface> {
    const device = this.devices.find(
      (candidate) => candidate.present && candidate.path === options.path,
    );
    if (device === undefined) {
      throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
    }
    return device.connectHost(options);
  }
}

/** Creates one host binding and one device end, connected to each other. */
export function createInMemoryPair(
  path: string = IN_MEMORY_DEFAULT_PATH,
  usbSerialNumber = 'SIM0001',
): { hostBinding: BindingInterface; device: InMemoryDeviceEnd } {
  const device = new InMemoryDeviceEnd(path, usbSerialNumber);
  return { hostBinding: new InMemoryBinding([device]), device };
}
