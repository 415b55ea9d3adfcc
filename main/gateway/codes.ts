/**
 * Response codes the client knows, per `respproc`. The decision never comes from these tables
 * (it comes from `respstat`); they only tell the client which codes are new to it, so that each
 * new code is logged once.
 */
import type { Logger } from '../log/logger';

const KNOWN_CODES: Record<string, ReadonlySet<string>> = {
  PPS: new Set(
    (
      '00 01 08 09 11 12 13 14 15 16 17 18 19 21 22 23 24 25 26 27 28 29 31 32 33 34 35 36 37 38 39 ' +
      '41 42 43 44 45 46 48 61 62 63 64 65 66 70 71 91 92 93 94 95 96 97 98 99 101 102 103 104 105 106'
    ).split(' '),
  ),
  FNOR: new Set(
    (
      '00 10 76 85 28 91 NL 01 03 05 12 13 14 25 51 54 55 57 60 61 63 69 75 89 94 1A 1B C2 CE N3 NG ' +
      'NH NI NK NM NN NP NQ NR NS NU RW'
    ).split(' '),
  ),
  RPCT: new Set(
    (
      '000 002 003 701 703 708 785 505 508 511 516 920 001 100 101 102 104 107 109 110 116 117 118 ' +
      '119 120 121 129 131 132 208 209 302 332 500 504 517 531 704 721 790 791'
    ).split(' '),
  ),
  AMEX: new Set(
    '000 001 002 003 400 182 100 101 103 105 107 109 110 111 115 116 121 122 181 187 188 200'.split(
      ' ',
    ),
  ),
};

/** PPS 26 "Txn Settled" comes with respstat A although a void did nothing. */
export const PPS_TXN_SETTLED = '26';
export const PPS_TXN_BATCHED = '27';
export const PPS_TXN_NOT_SETTLED = '28';
export const PPS_TXN_NOT_FOUND = '29';
export const PPS_TIMED_OUT = '62';

const reported = new Set<string>();

/** Logs a response code the client does not know, once per endpoint, processor and code. */
export function noteResponseCode(
  logger: Logger,
  endpoint: string,
  reply: { respstat: string; respcode: string; resptext: string; respproc: string | null },
): void {
  const processor = reply.respproc ?? '';
  if (KNOWN_CODES[processor]?.has(reply.respcode) === true) return;
  const key = `${endpoint}|${processor}|${reply.respcode}`;
  if (reported.has(key)) return;
  reported.add(key);
  logger.warn('gateway sent an unknown response code; deciding by respstat', {
    endpoint,
    respproc: processor,
    respcode: reply.respcode,
    respstat: reply.respstat,
    resptext: reply.resptext,
  });
}
