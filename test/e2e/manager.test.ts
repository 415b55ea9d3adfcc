/**
 * A store's first day through the real renderer: first start creates the manager in demo mode,
 * the manager adds a cashier, the cashier sells until the idle lock, the manager logs in, checks
 * the settings and tests the connection. Then the operators list, a broken settings file and a
 * settings file changed outside Cardlane.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope } from '../../common/contract';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../../main/settings/schema';
import { SETTINGS_FILE } from '../../main/settings/settings-file';
import { ManualClock } from '../operators/harness';
import { containing, expectText } from './expect-page';
import { startHarness, TEST_MANAGER, type Harness } from './harness';
import { checkScreen, logIn, logOut, MARKUP, markupRan, watchProblems } from './screen-checks';

const CASHIER = { name: MARKUP, pin: '1357' };
const clock = new ManualClock();
let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  harness = await startHarness({ services: { clock } });
  page = await harness.openApp();
  watchProblems(page, pageProblems);
});

afterAll(async () => {
  await harness?.close();
});

function settingsPath(): string {
  return path.join(harness.dataDir, SETTINGS_FILE);
}

describe('first day of a store', () => {
  test('first start creates the manager in demo mode', async () => {
    await page.getByTestId('screen-setup').waitFor();
    await page.getByLabel('Manager name').fill(TEST_MANAGER.name);
    await page.getByLabel('PIN (4 to 8 digits)').fill(TEST_MANAGER.pin);
    await page.getByLabel('PIN again').fill(TEST_MANAGER.pin);
    await page.getByLabel(/^Demo:/).check();
    await page.getByTestId('setup-submit').click();

    await page.getByTestId('amount-input').waitFor();
    await expectText(page.getByTestId('environment-badge'), /DEMO/);
    await expectText(page.getByTestId('operator'), TEST_MANAGER.name);
  });

  test('manager adds a cashier on the operators screen', async () => {
    await page.getByTestId('nav-operators').click();
    await page.getByTestId('screen-operators').waitFor();
    await page.getByTestId('operator-name').fill(CASHIER.name);
    await page.getByTestId('operator-pin').fill(CASHIER.pin);
    await page.getByLabel('Cashier', { exact: true }).check();
    await page.getByTestId('operator-create').click();

    await expectText(page.getByTestId('operators-message'), containing(`${MARKUP} was added.`));
    await expect.poll(() => page.getByTestId('operator-row').count()).toBe(2);
    await expectText(page.getByTestId('operators-table'), containing(MARKUP));
    await checkScreen(harness, page, '20-operators');
  });

  test('the last manager cannot be disabled', async () => {
    const managerRow = page.getByTestId('operator-row').filter({ hasText: TEST_MANAGER.name });
    await managerRow.getByTestId('operator-toggle').click();

    await page.getByTestId('error-notice').waitFor();
    await expectText(
      page.getByTestId('operator-row').filter({ hasText: TEST_MANAGER.name }),
      /Active/,
    );
  });

  test('cashier logs in and sells', async () => {
    await logOut(page);
    await expectText(page.getByTestId('operator-tiles'), containing(MARKUP));
    await logIn(page, CASHIER.name, CASHIER.pin);
    await expectText(page.getByTestId('operator'), MARKUP);
    // A cashier gets the sale and the journal only.
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    expect(await page.getByTestId('nav-operators').count()).toBe(0);

    await page.getByTestId('amount-input').fill('8.40');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
    await page.keyboard.press('n');
    await page.getByTestId('amount-input').waitFor();
    expect(await markupRan(page)).toBe(false);
  });

  test('idle lock returns to the login tiles', async () => {
    clock.advance(DEFAULT_IDLE_LOCK_SECONDS * 1000 + 1000);
    await page.getByTestId('operator-tiles').waitFor();
    await expectText(page.getByTestId('operator'), 'Nobody logged in');
  });

  test('manager logs in and tests the connection', async () => {
    await logIn(page, TEST_MANAGER.name, TEST_MANAGER.pin);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('screen-settings').waitFor();
    await expectText(page.getByTestId('it-version'), '0.0.0-e2e');
    await expectText(page.getByTestId('credentials-uat-status'), containing('Not set'));

    await page.getByTestId('test-connection').click();
    await expectText(page.getByTestId('test-result'), containing('Passed: Connected'));
    await expectText(page.getByTestId('it-last-test'), containing('Passed'));
    await checkScreen(harness, page, '21-settings');
  });

  test('settings save the receipt header as typed', async () => {
    await page.getByTestId('settings-receipt-header').fill(`Corner Store\n${MARKUP}`);
    await page.getByTestId('settings-save').click();
    await expectText(page.getByTestId('settings-saved'), containing('Settings saved.'));

    const view = (await harness.call('settings.get')) as Envelope<{ receiptHeader: string[] }>;
    expect(view.ok).toBe(true);
    expect(view.ok ? view.value.receiptHeader : null).toEqual(['Corner Store', MARKUP]);
  });

  test('settings show a pending update and postpone it', async () => {
    await expectText(page.getByTestId('updates-unavailable'), containing('not available'));

    // The Electron shell registers the update channels (tested with the fake electron module);
    // here a stand-in with the same contract gives the screen a pending update.
    const status = {
      state: 'pending' as const,
      currentVersion: '0.0.0-e2e',
      pendingVersion: '0.2.0',
      installAt: '03:30',
      postponedUntil: null as string | null,
      lastCheckedAt: null,
      problem: null,
    };
    const postponed: number[] = [];
    harness.services.router.handle('updates.status', () => status);
    harness.services.router.handle('updates.postpone', (input) => {
      postponed.push(input.hours);
      status.postponedUntil = new Date(Date.UTC(2026, 11, 4, 22)).toISOString();
      return status;
    });
    await page.getByTestId('nav-sale').click();
    await page.getByTestId('nav-settings').click();
    await expectText(page.getByTestId('updates-pending'), '0.2.0');

    await page.getByTestId('updates-postpone').click();
    await expectText(page.getByTestId('updates-message'), containing('postponed'));
    await page.getByTestId('updates-postponed').waitFor();
    expect(postponed).toEqual([4]);
    await checkScreen(harness, page, '21b-settings-updates');
  });

  test('a bad merchant id in the file names the field', async () => {
    const original = await readFile(settingsPath(), 'utf8');
    const broken = { ...(JSON.parse(original) as Record<string, unknown>), merchantId: '12ab34' };
    await writeFile(settingsPath(), JSON.stringify(broken, null, 2));
    try {
      await page.reload();
      await page.getByTestId('screen-settings-error').waitFor();
      await expectText(page.getByTestId('settings-error'), /merchantId/i);
      await checkScreen(harness, page, '22-settings-error');
      // The file stays as the manager left it.
      expect(await readFile(settingsPath(), 'utf8')).toBe(JSON.stringify(broken, null, 2));
    } finally {
      await writeFile(settingsPath(), original);
    }
    await page.reload();
    await page.getByTestId('logout').waitFor();
  });

  test('a merchant id changed outside Cardlane waits for a manager', async () => {
    const settings = JSON.parse(await readFile(settingsPath(), 'utf8')) as Record<string, unknown>;
    await writeFile(settingsPath(), JSON.stringify({ ...settings, merchantId: '123456789012' }));
    await page.reload();

    await page.getByTestId('environment-prompt').waitFor();
    await expectText(page.getByTestId('environment-prompt'), containing('123456789012'));
    await checkScreen(harness, page, '23-environment-confirmation');
    const before = (await harness.call('sale.start', { amountMinor: 100 })) as { ok: boolean };
    expect(before.ok).toBe(false);

    await page.getByTestId('environment-confirm').click();
    await expect.poll(() => page.getByTestId('environment-prompt').count()).toBe(0);
    const view = (await harness.call('settings.get')) as Envelope<{
      environmentConfirmationRequired: boolean;
    }>;
    expect(view.ok).toBe(true);
    expect(view.ok ? view.value.environmentConfirmationRequired : null).toBe(false);
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
