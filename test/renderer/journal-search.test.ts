import { describe, expect, test } from 'vitest';

import { searchFilter } from '../../renderer/src/journal-search';

describe('journal search box', () => {
  test('empty text searches everything', () => {
    expect(searchFilter('last4', '  ')).toEqual({ ok: true, filter: {} });
  });

  test('last 4 needs four digits', () => {
    expect(searchFilter('last4', '1111')).toEqual({ ok: true, filter: { last4: '1111' } });
    expect(searchFilter('last4', '111').ok).toBe(false);
    expect(searchFilter('last4', '11a1').ok).toBe(false);
  });

  test.each([
    ['12.34', 1234],
    ['$12.34', 1234],
    ['$1,234.56', 123456],
    ['40', 4000],
  ])('amount %s is %d minor units', (text, minor) => {
    expect(searchFilter('amount', text)).toEqual({ ok: true, filter: { amountMinor: minor } });
  });

  test.each(['12,34', '1.234', 'abc', '0'])('amount %s is rejected with a message', (text) => {
    const result = searchFilter('amount', text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/amount/);
  });

  test('order id prefix is upper-cased', () => {
    expect(searchFilter('orderId', 'cane1')).toEqual({ ok: true, filter: { orderId: 'CANE1' } });
    expect(searchFilter('orderId', 'CANE-1').ok).toBe(false);
    expect(searchFilter('orderId', 'A'.repeat(20)).ok).toBe(false);
  });

  test('retref keeps its case', () => {
    expect(searchFilter('retref', '123456789012')).toEqual({
      ok: true,
      filter: { retref: '123456789012' },
    });
    expect(searchFilter('retref', '12 34').ok).toBe(false);
  });
});
