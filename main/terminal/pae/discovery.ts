/**
 * Candidate serial ports for the terminal. The terminal is identified by the serial number it
 * reports in GTI, not by its port name, so discovery lists USB serial ports by vendor and product
 * id and the caller probes each one with GTI.
 */
import type { PortInfo } from '../serial-types';

import type { Logger } from '../../log/logger';

export interface UsbId {
  /** Four hex digits, compared without regard to case. */
  vendorId: string;
  productId?: string;
}

/**
 * The guide ships the unattended device (an ID TECH VP5300) with a Prolific USB-serial driver,
 * so both Prolific's PL2303 id and ID TECH's vendor id are candidates.
 * NOTE: the VP5300's own USB ids are not documented; a device behind another adapter needs its
 * ids in the settings or a fixed path.
 */
export const DEFAULT_USB_IDS: UsbId[] = [
  { vendorId: '067b', productId: '2303' },
  { vendorId: '0acd' },
];

export interface CandidateOptions {
  path: string | null;
  list: () => Promise<PortInfo[]>;
  usbIds: UsbId[];
  /** The USB adapter's own serial number, where it has one; narrows the candidates. */
  usbSerialNumber: string | null;
  logger: Logger;
}

export interface Candidates {
  paths: string[];
  /** The listing error message, or null when listing worked. */
  listError: string | null;
}

/** Lists the configured path first (when set), then every listed port that matches the USB ids. */
export async function findCandidatePaths(options: CandidateOptions): Promise<Candidates> {
  const paths: string[] = options.path === null ? [] : [options.path];
  let listError: string | null = null;
  try {
    const ports = await options.list();
    for (const port of ports) {
      if (
        matchesUsbIds(port, options.usbIds, options.usbSerialNumber) &&
        !paths.includes(port.path)
      ) {
        paths.push(port.path);
      }
    }
  } catch (error) {
    // On Linux, listing needs udevadm; without it only a configured path can be used.
    listError = error instanceof Error ? error.message : String(error);
    options.logger.warn('Listing serial ports failed; using the configured path only', {
      error: listError,
      path: options.path,
    });
  }
  return { paths, listError };
}

function matchesUsbIds(port: PortInfo, usbIds: UsbId[], usbSerialNumber: string | null): boolean {
  if (usbSerialNumber !== null && port.serialNumber !== usbSerialNumber) {
    return false;
  }
  const vendor = port.vendorId?.toLowerCase();
  const product = port.productId?.toLowerCase();
  return usbIds.some(
    (id) =>
      id.vendorId.toLowerCase() === vendor &&
      (id.productId === undefined || id.productId.toLowerCase() === product),
  );
}
