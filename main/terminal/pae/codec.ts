/**
 * PAE frame codec. A frame is ASCII text with seven `|`-separated fields:
 * `*PAE|<key>|<CMD or RESP>|<code>|<data>|<checksum>|*!PAE!*`, where the checksum is the decimal
 * CRC-16/CCITT-FALSE of everything up to and including the `|` before it.
 *
 * The data field is JSON whose strings (receipt text, for one) may contain `|`, so the decoder
 * takes key, type and code from the front, the checksum from the back, and leaves everything in
 * between as the data.
 */
import { crc16CcittFalse, formatChecksum } from './crc';

export const FRAME_START = '*PAE|';
export const FRAME_END = '|*!PAE!*';
export const FRAME_START_BYTES = Buffer.from(FRAME_START, 'ascii');
export const FRAME_END_BYTES = Buffer.from(FRAME_END, 'ascii');

export type PaeMessageType = 'CMD' | 'RESP';

export interface PaeMessage {
  /** Three-character message key: GTI, GCS, DPT, CPT, RBT, GOT, or PAE for internal errors. */
  key: string;
  type: PaeMessageType;
  /** Eight hex digits on a response (`01F40000`); `1` or empty on a command. */
  code: string;
  /** The data field as sent: a JSON object, plain text, or empty. */
  data: string;
}

export interface PaeFrame extends PaeMessage {
  checksum: number;
  /** Whether the checksum field matches the CRC of the frame's bytes. */
  checksumValid: boolean;
}

export type DecodeResult =
  { ok: true; frame: PaeFrame } | { ok: false; reason: 'malformed'; message: string };

export interface EncodeOptions {
  /** Zero-pad the checksum to 5 digits, as documented commands do. Default true. */
  padChecksum?: boolean;
}

const KEY_PATTERN = /^[A-Z0-9]{3}$/;
const RESPONSE_CODE_PATTERN = /^[0-9A-Fa-f]{8}$/;
const COMMAND_CODE_PATTERN = /^[0-9A-Za-z]{0,8}$/;
const CHECKSUM_PATTERN = /^\d{1,5}$/;

/** Encodes a message as frame bytes, computing the checksum over exactly the bytes sent. */
export function encodeFrame(message: PaeMessage, options: EncodeOptions = {}): Buffer {
  const head = Buffer.from(
    `${FRAME_START}${message.key}|${message.type}|${message.code}|${message.data}|`,
    'utf8',
  );
  const crc = crc16CcittFalse(head);
  const checksum = options.padChecksum === false ? String(crc) : formatChecksum(crc);
  return Buffer.concat([head, Buffer.from(`${checksum}${FRAME_END}`, 'ascii')]);
}

/** Decodes one complete frame, from `*PAE|` through `*!PAE!*` with nothing around it. */
export function decodeFrame(bytes: Uint8Array): DecodeResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < FRAME_START_BYTES.length + FRAME_END_BYTES.length) {
    return malformed('frame is shorter than its start and end markers');
  }
  if (!buffer.subarray(0, FRAME_START_BYTES.length).equals(FRAME_START_BYTES)) {
    return malformed('frame does not start with *PAE|');
  }
  const endAt = buffer.length - FRAME_END_BYTES.length;
  if (!buffer.subarray(endAt).equals(FRAME_END_BYTES)) {
    return malformed('frame does not end with |*!PAE!*');
  }

  // Front: key, type and code, each ended by `|`.
  const fields: string[] = [];
  let cursor = FRAME_START_BYTES.length;
  for (let field = 0; field < 3; field++) {
    const bar = buffer.indexOf(0x7c, cursor);
    if (bar === -1 || bar >= endAt) {
      return malformed('frame has fewer than seven fields');
    }
    fields.push(buffer.toString('ascii', cursor, bar));
    cursor = bar + 1;
  }
  const dataStart = cursor;

  // Back: the checksum sits between the last `|` before the end marker and the end marker.
  const checksumBar = buffer.lastIndexOf(0x7c, endAt - 1);
  if (checksumBar < dataStart) {
    return malformed('frame has no data field before its checksum');
  }
  const checksumText = buffer.toString('ascii', checksumBar + 1, endAt);
  const [key = '', type = '', code = ''] = fields;
  if (!KEY_PATTERN.test(key)) {
    return malformed('message key is not three letters or digits');
  }
  if (type !== 'CMD' && type !== 'RESP') {
    return malformed('message type is neither CMD nor RESP');
  }
  const codePattern = type === 'RESP' ? RESPONSE_CODE_PATTERN : COMMAND_CODE_PATTERN;
  if (!codePattern.test(code)) {
    return malformed('response code is not eight hex digits');
  }
  if (!CHECKSUM_PATTERN.test(checksumText) || Number(checksumText) > 0xffff) {
    return malformed('checksum is not a decimal number from 0 to 65535');
  }

  const checksum = Number(checksumText);
  const computed = crc16CcittFalse(buffer, 0, checksumBar + 1);
  return {
    ok: true,
    frame: {
      key,
      type,
      code: code.toUpperCase(),
      data: buffer.toString('utf8', dataStart, checksumBar),
      checksum,
      checksumValid: computed === checksum,
    },
  };
}

function malformed(message: string): DecodeResult {
  return { ok: false, reason: 'malformed', message };
}
