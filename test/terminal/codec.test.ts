import { describe, expect, it } from 'vitest';

import { decodeFrame, encodeFrame } from '../../main/terminal/pae/codec';
import { crc16CcittFalse } from '../../main/terminal/pae/crc';
import { PaeFramer } from '../../main/terminal/pae/framer';

/** Command and response frames whose checksums the CardPointe Unattended Developer Guide prints. */
const DOCUMENTED_FRAMES = [
  '*PAE|GTI|CMD|||14392|*!PAE!*',
  '*PAE|GTI|CMD|1||28604|*!PAE!*',
  '*PAE|GCS|CMD|1||23478|*!PAE!*',
  '*PAE|CPT|CMD|1||40451|*!PAE!*',
  '*PAE|RBT|CMD|1||22891|*!PAE!*',
  '*PAE|GOT|CMD|||01197|*!PAE!*',
  '*PAE|GOT|CMD|1|{"page":2,"paymentType":"emv"}|64046|*!PAE!*',
  '*PAE|DPT|CMD|1|{"OrderID":"A1B2C3", "paymentAmount":100, "paymentType":1, "paymentUser":"John"}|03878|*!PAE!*',
  '*PAE|DPT|CMD|1|{"orderId":"TEST01", "paymentAmount":100, "paymentType":1, "paymentUser":"John"}|54215|*!PAE!*',
  '*PAE|RBT|RESP|00000000||62093|*!PAE!*',
];

const APPROVAL =
  '{"externalTransactionID":"POS1A0001","cardToken":"9473656277440119","receiptData":"{\\"dba\\":\\"A|B\\"}","amountAuth":"1234"}';

describe('crc', () => {
  it('matches the CRC-16/CCITT-FALSE check value', () => {
    expect(crc16CcittFalse(Buffer.from('123456789', 'ascii'))).toBe(0x29b1);
  });
});

describe('codec', () => {
  it.each(DOCUMENTED_FRAMES)('verifies documented frame %s', (text) => {
    const decoded = decodeFrame(Buffer.from(text, 'utf8'));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.frame.checksumValid).toBe(true);
    }
  });

  it('encodes the documented GTI command byte for byte', () => {
    expect(encodeFrame({ key: 'GTI', type: 'CMD', code: '1', data: '' }).toString()).toBe(
      '*PAE|GTI|CMD|1||28604|*!PAE!*',
    );
    expect(encodeFrame({ key: 'GOT', type: 'CMD', code: '', data: '' }).toString()).toBe(
      '*PAE|GOT|CMD|||01197|*!PAE!*',
    );
  });

  it('encodes the computed DPT vector', () => {
    const data =
      '{"orderId":"POS1A0001","paymentAmount":1234,"paymentType":1,"paymentUser":"lane1"}';
    expect(encodeFrame({ key: 'DPT', type: 'CMD', code: '1', data }).toString()).toBe(
      `*PAE|DPT|CMD|1|${data}|36927|*!PAE!*`,
    );
  });

  it('accepts an unpadded checksum', () => {
    const unpadded = encodeFrame(
      { key: 'GCS', type: 'RESP', code: '00000000', data: '{"Started":1}' },
      { padChecksum: false },
    );
    const decoded = decodeFrame(unpadded);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(decoded.frame.checksumValid).toBe(true);
  });

  it('keeps pipes inside the data field', () => {
    const frame = encodeFrame({ key: 'DPT', type: 'RESP', code: '01F40000', data: APPROVAL });
    const decoded = decodeFrame(frame);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.frame.data).toBe(APPROVAL);
      expect(decoded.frame.code).toBe('01F40000');
      expect(decoded.frame.checksumValid).toBe(true);
    }
  });

  it('reports a wrong checksum', () => {
    const decoded = decodeFrame(Buffer.from('*PAE|GTI|CMD|1||28605|*!PAE!*'));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(decoded.frame.checksumValid).toBe(false);
  });

  it.each([
    '*PAE|GTI|CMD|1|*!PAE!*',
    '*PAE|GT|CMD|1||28604|*!PAE!*',
    '*PAE|GTI|XYZ|1||28604|*!PAE!*',
    '*PAE|GTI|RESP|0000||28604|*!PAE!*',
    '*PAE|GTI|CMD|1||99999|*!PAE!*',
    '*PAE|GTI|CMD|1||12a|*!PAE!*',
    'PAE|GTI|CMD|1||28604|*!PAE!*',
  ])('rejects malformed frame %s', (text) => {
    expect(decodeFrame(Buffer.from(text)).ok).toBe(false);
  });
});

describe('framer', () => {
  const first = encodeFrame({ key: 'DPT', type: 'RESP', code: '01F40000', data: APPROVAL });
  const second = encodeFrame({
    key: 'GCS',
    type: 'RESP',
    code: '00000000',
    data: '{"InPayment":0}',
  });

  it('decodes a frame split at every byte boundary exactly once', () => {
    for (let cut = 1; cut < first.length; cut++) {
      const framer = new PaeFramer();
      const frames = [
        ...framer.push(first.subarray(0, cut)).frames,
        ...framer.push(first.subarray(cut)).frames,
      ];
      expect(frames, `cut at ${cut}`).toHaveLength(1);
      expect(frames[0]?.equals(first), `cut at ${cut}`).toBe(true);
    }
  });

  it('decodes a frame fed one byte at a time exactly once', () => {
    const framer = new PaeFramer();
    const frames: Buffer[] = [];
    for (const byte of first) {
      frames.push(...framer.push(Buffer.from([byte])).frames);
    }
    expect(frames).toHaveLength(1);
    expect(frames[0]?.equals(first)).toBe(true);
  });

  it('decodes a frame coalesced with the next one', () => {
    const framer = new PaeFramer();
    const result = framer.push(Buffer.concat([first, second]));
    expect(result.frames).toHaveLength(2);
    expect(result.frames[0]?.equals(first)).toBe(true);
    expect(result.frames[1]?.equals(second)).toBe(true);
  });

  it('decodes coalesced frames split at every byte boundary', () => {
    const both = Buffer.concat([first, second]);
    for (let cut = 1; cut < both.length; cut++) {
      const framer = new PaeFramer();
      const frames = [
        ...framer.push(both.subarray(0, cut)).frames,
        ...framer.push(both.subarray(cut)).frames,
      ];
      expect(
        frames.map((frame) => frame.toString()),
        `cut at ${cut}`,
      ).toEqual([first.toString(), second.toString()]);
    }
  });

  it('skips garbage before and between frames', () => {
    const framer = new PaeFramer();
    const result = framer.push(
      Buffer.concat([Buffer.from('\0\r\nxx*P'), first, Buffer.from('\r\n**|'), second]),
    );
    expect(result.frames).toHaveLength(2);
    expect(result.dropped.length).toBeGreaterThan(0);
  });

  it('drops a truncated frame superseded by a complete one', () => {
    const framer = new PaeFramer();
    const result = framer.push(Buffer.concat([first.subarray(0, 40), second]));
    expect(result.frames.map((frame) => frame.toString())).toEqual([second.toString()]);
    expect(result.dropped[0]?.reason).toBe('superseded');
  });

  it('drops a partial frame on request after silence', () => {
    const framer = new PaeFramer();
    framer.push(first.subarray(0, 30));
    expect(framer.pendingBytes).toBe(30);
    expect(framer.dropPartial()?.reason).toBe('silence');
    expect(framer.push(second).frames).toHaveLength(1);
  });

  it('drops a frame longer than the maximum', () => {
    const framer = new PaeFramer({ maxFrameBytes: 64 });
    const result = framer.push(Buffer.concat([first, second]));
    expect(result.frames.map((frame) => frame.toString())).toEqual([second.toString()]);
    expect(result.dropped.some((entry) => entry.reason === 'too_long')).toBe(true);
  });
});
