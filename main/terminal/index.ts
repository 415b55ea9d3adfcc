/**
 * The card terminal module: the `PaymentTerminal` interface and its first implementation, the
 * CardPointe Unattended PAE driver over `serialport`.
 */
import type { BindingInterface, PortInfo } from './serial-types';

import type { Logger } from '../log/logger';
import type { UsbId } from './pae/discovery';
import { PaeTerminal } from './pae/driver';
import { loadNativeBinding } from './pae/native-binding';
import type { ChecksumPolicy } from './pae/session';
import type { TerminalTimeouts } from './pae/timeouts';
import type { PaymentTerminal } from './types';

export type * from './types';
export type { ChecksumPolicy } from './pae/session';
export type { TerminalTimeouts } from './pae/timeouts';
export type { UsbId } from './pae/discovery';
export { DEFAULT_TIMEOUTS } from './pae/timeouts';
export { DEFAULT_USB_IDS } from './pae/discovery';
export { PaeTerminal } from './pae/driver';

export interface PaeTerminalSettings {
  /** Default: serialport's native binding, loaded on `start()`; if it fails to load, the terminal is unavailable. */
  binding?: BindingInterface;
  /** A fixed serial path, or null for discovery by USB id. */
  path: string | null;
  /** The GTI serial number the terminal must report; a mismatch on a fixed path stops the lane. */
  serialNumber: string | null;
  /** Approvals naming another merchant id stop the lane. */
  merchantId: string;
  /** Lists serial ports (SerialPort.list); injected by tests. */
  list?: () => Promise<PortInfo[]>;
  timeouts?: Partial<TerminalTimeouts>;
  logger?: Logger;
  /** `strict` (default) ignores device frames whose CRC does not verify; `lenient` logs and accepts them. */
  checksumPolicy?: ChecksumPolicy;
  /** USB vendor and product ids that discovery probes. */
  usbIds?: UsbId[];
  /** The USB adapter's serial number, where it has one, to narrow discovery. */
  usbSerialNumber?: string | null;
}

export function createPaeTerminal(options: PaeTerminalSettings): PaymentTerminal {
  return new PaeTerminal({ ...options, loadBinding: loadNativeBinding });
}
