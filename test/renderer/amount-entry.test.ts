import { describe, expect, test } from 'vitest';

import {
  acceptTyped,
  applyKey,
  checkAmount,
  normalizePasted,
  type EntryKey,
} from '../../renderer/src/amount-entry';

function typeKeys(keys: EntryKey[]): string {
  let text = '';
  for (const key of keys) {
    text = applyKey(text, key) ?? text;
  }
  return text;
}

describe('amount keypad', () => {
  test('digits and point build the amount', () => {
    expect(typeKeys(['1', '2', '.', '3', '4'])).toBe('12.34');
  });

  test('leading point becomes 0.', () => {
    expect(typeKeys(['.', '5'])).toBe('0.5');
  });

  test('leading zeros are dropped', () => {
    expect(typeKeys(['0', '0', '7'])).toBe('7');
    expect(typeKeys(['00', '5'])).toBe('5');
  });

  test('double zero appends two digits', () => {
    expect(typeKeys(['1', '00'])).toBe('100');
  });

  test('third decimal is rejected', () => {
    expect(applyKey('1.23', '4')).toBeNull();
    expect(applyKey('1.2', '00')).toBeNull();
  });

  test('second point is rejected', () => {
    expect(applyKey('1.2', '.')).toBeNull();
  });

  test('tenth whole digit is rejected', () => {
    expect(applyKey('123456789', '1')).toBeNull();
  });
});

describe('typed and pasted amounts', () => {
  test('typed text must stay an amount prefix', () => {
    expect(acceptTyped('12.')).toBe('12.');
    expect(acceptTyped('12.345')).toBeNull();
    expect(acceptTyped('1e3')).toBeNull();
    expect(acceptTyped('-1')).toBeNull();
  });

  test.each([
    ['12.34', '12.34'],
    ['$12.34', '12.34'],
    [' $ 12.34 ', '12.34'],
    ['$1,234.56', '1234.56'],
    ['1,000', '1000'],
  ])('paste %j gives %j', (pasted, expected) => {
    expect(normalizePasted(pasted)).toBe(expected);
  });

  test.each(['12,34', '1,00', 'abc', '12.345', '$-5', '1 000'])(
    'paste %j is rejected',
    (pasted) => {
      expect(normalizePasted(pasted)).toBeNull();
    },
  );
});

describe('checkAmount', () => {
  test('complete amounts give minor units', () => {
    expect(checkAmount('12.34')).toEqual({ ok: true, minor: 1234, formatted: '$12.34' });
    expect(checkAmount('1005')).toEqual({ ok: true, minor: 100500, formatted: '$1,005.00' });
  });

  test('half-typed amounts count as typed', () => {
    expect(checkAmount('12.')).toEqual({ ok: true, minor: 1200, formatted: '$12.00' });
    expect(checkAmount('0.5')).toEqual({ ok: true, minor: 50, formatted: '$0.50' });
  });

  test('every cent from 0.01 to 100.00 parses exactly', () => {
    for (let minor = 1; minor <= 10_000; minor += 1) {
      const text = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
      const checked = checkAmount(text);
      expect(checked).toMatchObject({ ok: true, minor });
    }
  });

  test('empty and zero amounts explain themselves', () => {
    expect(checkAmount('')).toEqual({ ok: false, message: 'Enter an amount.' });
    expect(checkAmount('0.00')).toEqual({
      ok: false,
      message: 'The amount must be more than zero.',
    });
  });

  test('amount above the maximum names it', () => {
    expect(checkAmount('10000.01')).toEqual({
      ok: false,
      message: 'The amount is above the maximum of $10,000.00.',
    });
    expect(checkAmount('50.00', 4_999)).toEqual({
      ok: false,
      message: 'The amount is above the maximum of $49.99.',
    });
  });
});
