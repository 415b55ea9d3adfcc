import { randomInt } from 'node:crypto';

/** The gateway's limit for `orderid`. */
export const MAX_ORDER_ID_LENGTH = 19;

const ORDER_ID_PATTERN = /^[A-Z][A-Z0-9]{0,18}$/;

/**
 * Makes an order id for one payment attempt: "C", up to four letters or digits of the lane id,
 * the time in base 36 and four random base-36 digits, 19 characters at most. It starts with a
 * letter, so it can never pass the Luhn check: the gateway masks Luhn-valid order ids as card
 * numbers, after which they cannot be looked up.
 */
export function makeOrderId(laneId: string, now: Date = new Date()): string {
  const laneTag = laneId
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .slice(-4);
  const time = now.getTime().toString(36).toUpperCase();
  const random = randomInt(0, 36 ** 4)
    .toString(36)
    .toUpperCase()
    .padStart(4, '0');
  const orderId = `C${laneTag}${time}${random}`.slice(0, MAX_ORDER_ID_LENGTH);
  if (!isValidOrderId(orderId)) {
    throw new Error(`payments: generated order id "${orderId}" is invalid`);
  }
  return orderId;
}

export function isValidOrderId(orderId: string): boolean {
  return ORDER_ID_PATTERN.test(orderId) && orderId.length <= MAX_ORDER_ID_LENGTH;
}
