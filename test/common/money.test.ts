import { describe, expect, it } from 'vitest';

import {
  decimalStringToMinor,
  DEFAULT_MAX_SALE_MINOR,
  formatAmount,
  parseAmount,
  toDecimalString,
} from '../../common/money';

function parsed(text: string, maxMinor?: number): number {
  const result = parseAmount(text, maxMinor === undefined ? {} : { maxMinor });
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.message}`);
  return result.minor;
}

describe('parseAmount', () => {
  it.each([
    ['19.99', 1999],
    ['8.29', 829],
    ['4.56', 456],
    ['2.30', 230],
    ['2.3', 230],
    ['12', 1200],
    ['0.01', 1],
    ['10000.00', 1_000_000],
  ])('parses %s to %i minor units', (text, minor) => {
    expect(parsed(text)).toBe(minor);
  });

  it('round-trips every amount from 0.01 to 100.00', () => {
    for (let minor = 1; minor <= 10_000; minor += 1) {
      const text = toDecimalString(minor);
      expect(parsed(text)).toBe(minor);
    }
  });

  it.each([
    ['', 'Enter an amount'],
    ['-1', 'not an amount'],
    ['1.234', '"1.234" has more than 2 decimal places'],
    ['1e3', 'not an amount'],
    ['12,34', 'not an amount'],
    [' 5', 'not an amount'],
    ['5 ', 'not an amount'],
    ['0', 'more than zero'],
    ['0.00', 'more than zero'],
    ['.5', 'not an amount'],
    ['5.', 'not an amount'],
    ['+5', 'not an amount'],
    ['１２', 'not an amount'],
  ])('rejects %j with a clear message', (text, message) => {
    const result = parseAmount(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('rejects amounts above the default maximum of $10,000.00', () => {
    expect(DEFAULT_MAX_SALE_MINOR).toBe(1_000_000);
    const result = parseAmount('10000.01');
    expect(result).toEqual({
      ok: false,
      message: 'The amount is above the maximum of $10,000.00.',
    });
  });

  it('honours a configured maximum', () => {
    expect(parsed('50.00', 5000)).toBe(5000);
    expect(parseAmount('50.01', { maxMinor: 5000 }).ok).toBe(false);
  });

  it('rejects absurdly long digit strings without losing precision', () => {
    expect(parseAmount('99999999999999999999').ok).toBe(false);
  });
});

describe('toDecimalString', () => {
  it.each([
    [2000, '20.00'],
    [2050, '20.50'],
    [5, '0.05'],
    [100_000, '1000.00'],
    [0, '0.00'],
  ])('formats %i as %s', (minor, text) => {
    expect(toDecimalString(minor)).toBe(text);
  });

  it('rejects fractions and negative numbers', () => {
    expect(() => toDecimalString(1.5)).toThrow(RangeError);
    expect(() => toDecimalString(-1)).toThrow(RangeError);
  });
});

describe('decimalStringToMinor', () => {
  it.each([
    ['20.00', 2000],
    ['20.5', 2050],
    ['20', 2000],
    ['0.05', 5],
    ['20.000', 2000],
  ])('reads %s as %i', (text, minor) => {
    expect(decimalStringToMinor(text)).toBe(minor);
  });

  it.each(['20.001', '-1', 'abc', '', '1e3'])('returns null for %j', (text) => {
    expect(decimalStringToMinor(text)).toBeNull();
  });
});

describe('formatAmount', () => {
  it('groups thousands and keeps two decimals', () => {
    expect(formatAmount(123_456)).toBe('$1,234.56');
    expect(formatAmount(1)).toBe('$0.01');
    expect(formatAmount(100_000_000)).toBe('$1,000,000.00');
  });
});
