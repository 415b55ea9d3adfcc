/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR), the
 * checksum of PAE frames. The CardPointe Unattended Developer Guide computes it over the frame's
 * ASCII text up to and including the `|` before the checksum field and writes it in decimal.
 */
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table[byte] = crc;
  }
  return table;
}

/** Returns the CRC-16/CCITT-FALSE of `data[start, end)`. */
export function crc16CcittFalse(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffff;
  for (let index = start; index < end; index++) {
    crc = (TABLE[((crc >> 8) ^ (data[index] as number)) & 0xff] as number) ^ ((crc << 8) & 0xffff);
  }
  return crc;
}

/** Formats a checksum the way documented PAE commands carry it: decimal, zero-padded to 5 digits. */
export function formatChecksum(crc: number): string {
  return String(crc).padStart(5, '0');
}
