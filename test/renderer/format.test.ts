import { describe, expect, test } from 'vitest';

import { formatListTime, formatSigned, localToday } from '../../renderer/src/format';

describe('renderer formatting', () => {
  test('today follows the store zone', () => {
    const lateEvening = new Date('2026-03-10T02:30:00Z');
    expect(localToday('America/New_York', lateEvening)).toBe('2026-03-09');
    expect(localToday('UTC', lateEvening)).toBe('2026-03-10');
  });

  test('unknown zone falls back to the browser zone', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(localToday('Not/AZone', now)).toBe(localToday(null, now));
  });

  test('list time uses the store zone', () => {
    expect(formatListTime('2026-03-10T02:30:05Z', 'America/New_York')).toBe('Mar 9, 10:30:05 PM');
    expect(formatListTime('not a time', 'UTC')).toBe('not a time');
  });

  test('signed amounts', () => {
    expect(formatSigned(-1500)).toBe('−$15.00');
    expect(formatSigned(3499)).toBe('$34.99');
  });
});
