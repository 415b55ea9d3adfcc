/**
 * First start and login through the real renderer: setup creates the first manager, the manager
 * logs out, a cashier whose name is markup logs in with the PIN pad, and the idle lock ends the
 * cashier's session while a sale stays open for the manager who logs in next.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope, OperatorSummary } from '../../common/contract';
import { containing, expectText, expectValue } from './expect-page';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../../main/settings/schema';
import { ManualClock } from '../operators/harness';
import { startHarness, TEST_MANAGER, type Harness } from './harness';
import { checkScreen } from './screen-checks';

/** A name that runs script if any screen builds HTML from it. */
const MARKUP_NAME = '<img src=x onerror="window.__x=1">';
const CASHIER_PIN = '2468';
/** The demo terminal waits this long for the card, so a sale stays open across the idle lock. */
const CARD_DELAY_MS = 60_000;

const clock = new ManualClock();
let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  harness = await startHarness({
    services: { clock, core: { demoTerminal: { cardDelayMs: CARD_DELAY_MS } } },
  });
  page = await harness.openApp();
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
});

afterAll(async () => {
  await harness?.close();
});

async function captureScreen(name: string): Promise<void> {
  await checkScreen(harness, page, name);
}

async function markupRan(): Promise<boolean> {
  return page.evaluate(() => '__x' in window);
}

describe('first start and login', () => {
  test('setup lists what is missing', async () => {
    await page.getByTestId('screen-setup').waitFor();
    await captureScreen('07-setup');

    await page.getByTestId('setup-submit').click();
    await expectText(page.locator('#setup-name-hint'), 'Enter the manager’s name.');
    await expectText(page.locator('#setup-pin-hint'), 'A PIN has 4 to 8 digits.');
  });

  test('setup creates the manager and opens the lane', async () => {
    await page.getByLabel('Manager name').fill(TEST_MANAGER.name);
    await page.getByLabel('PIN (4 to 8 digits)').fill(TEST_MANAGER.pin);
    await page.getByLabel('PIN again').fill(TEST_MANAGER.pin);
    await page.getByLabel(/^Demo:/).check();
    await page.getByTestId('setup-submit').click();

    await page.getByTestId('amount-input').waitFor();
    await expectText(page.getByTestId('operator'), TEST_MANAGER.name);
  });

  test('manager logs out to the login tiles', async () => {
    const created = (await harness.call('operators.create', {
      name: MARKUP_NAME,
      role: 'cashier',
      pin: CASHIER_PIN,
    })) as Envelope<OperatorSummary>;
    expect(created.ok).toBe(true);

    await page.getByTestId('logout').click();
    await page.getByTestId('operator-tiles').waitFor();
    await expectText(page.getByTestId('operator-tiles'), containing(MARKUP_NAME));
    expect(await page.getByTestId('operator-tile').count()).toBe(2);
    expect(await markupRan()).toBe(false);
    await captureScreen('08-login-operators');
  });

  test('wrong PIN keeps the cashier out', async () => {
    await page.getByTestId('operator-tile').filter({ hasText: MARKUP_NAME }).click();
    await page.getByTestId('pin-input').waitFor();
    for (const digit of ['1', '1', '1', '1']) {
      await page.locator(`.keypad [data-key="${digit}"]`).click();
    }
    await expectValue(page.getByTestId('pin-input'), '1111');
    await page.getByTestId('pin-input').press('Enter');

    await expectText(page.getByTestId('pin-message'), containing('Wrong PIN'));
    await expectValue(page.getByTestId('pin-input'), '');
    await captureScreen('09-login-pin');
  });

  test('cashier logs in with the keyboard', async () => {
    await page.getByTestId('pin-input').pressSequentially(CASHIER_PIN);
    await page.keyboard.press('Enter');

    await page.getByTestId('amount-input').waitFor();
    await expectText(page.getByTestId('operator'), MARKUP_NAME);
    expect(await markupRan()).toBe(false);
  });

  test('idle lock keeps the open sale for the next login', async () => {
    await page.getByTestId('amount-input').fill('3.00');
    await page.getByTestId('amount-input').press('Enter');
    await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);

    clock.advance(DEFAULT_IDLE_LOCK_SECONDS * 1000 + 1000);
    await page.getByTestId('operator-tiles').waitFor();
    await captureScreen('10-idle-locked');

    await page.getByTestId('operator-tile').filter({ hasText: TEST_MANAGER.name }).click();
    await page.getByTestId('pin-input').pressSequentially(TEST_MANAGER.pin);
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('payment-amount'), /\$3\.00/);
    await expectText(page.getByTestId('operator'), TEST_MANAGER.name);

    await page.getByTestId('cancel').click();
    await expectText(page.getByTestId('result-heading'), 'Cancelled', { timeout: 20_000 });
    await page.getByTestId('new-sale').click();
    await page.getByTestId('amount-input').waitFor();
  });

  test('logout elsewhere shows the login screen', async () => {
    const reply = (await harness.call('session.logout')) as Envelope<null>;
    expect(reply.ok).toBe(true);

    await page.getByTestId('operator-tiles').waitFor();
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
