import { describe, expect, test } from 'vitest';

import type { SettingsView } from '../../common/contract';
import { formOf, lines, patchOf } from '../../renderer/src/settings-form';

const VIEW: SettingsView = {
  environment: 'demo',
  site: null,
  merchantId: '496160873888',
  laneId: 'lane1',
  terminal: { serialNumber: null, path: null, paymentInactivitySeconds: 60, heartbeatSeconds: 15 },
  maxSaleMinor: 1_000_000,
  currency: 'USD',
  timeZone: 'UTC',
  receiptHeader: ['Corner Store'],
  receiptFooter: [],
  idleLockSeconds: 300,
  unsettledRefunds: false,
  partialApproval: 'accept',
  allowPlainSecretStorage: false,
  credentials: {
    uat: { set: false, userMasked: null, updatedAt: null },
    production: { set: false, userMasked: null, updatedAt: null },
  },
  secureStorage: { available: true, backend: 'test' },
  environmentConfirmationRequired: false,
  settingsFile: '/tmp/config.json',
  logDirectory: '/tmp/logs',
  lastConnectionTest: null,
};

describe('settings form', () => {
  test('unchanged form makes an empty patch', () => {
    expect(patchOf(formOf(VIEW), VIEW)).toEqual({ ok: true, patch: {} });
  });

  test('largest sale shows and parses as dollars', () => {
    const form = formOf(VIEW);
    expect(form.maxSale).toBe('10000.00');
    expect(patchOf({ ...form, maxSale: '$2,500.50' }, VIEW)).toEqual({
      ok: true,
      patch: { maxSaleMinor: 250050 },
    });
  });

  test('invalid numbers name the field', () => {
    const form = formOf(VIEW);
    const idle = patchOf({ ...form, idleLockSeconds: '5 min' }, VIEW);
    expect(idle.ok ? '' : idle.message).toMatch(/^Lock after idle/);
    const max = patchOf({ ...form, maxSale: '12,34' }, VIEW);
    expect(max.ok ? '' : max.message).toMatch(/^Largest sale/);
  });

  test('receipt lines split on new lines', () => {
    expect(lines('')).toEqual([]);
    expect(lines('a\r\nb')).toEqual(['a', 'b']);
    const patch = patchOf({ ...formOf(VIEW), receiptFooter: 'Thank you\nCome again' }, VIEW);
    expect(patch).toEqual({ ok: true, patch: { receiptFooter: ['Thank you', 'Come again'] } });
  });

  test('empty site and terminal fields become null', () => {
    const view = {
      ...VIEW,
      site: 'fts',
      terminal: {
        serialNumber: '103T1',
        path: '/dev/ttyACM0',
        paymentInactivitySeconds: 90,
        heartbeatSeconds: 20,
      },
    };
    const patch = patchOf({ ...formOf(view), site: ' ', serialNumber: '', path: '' }, view);
    expect(patch).toEqual({
      ok: true,
      patch: {
        site: null,
        terminal: {
          serialNumber: null,
          path: null,
          paymentInactivitySeconds: 90,
          heartbeatSeconds: 20,
        },
      },
    });
  });
});
