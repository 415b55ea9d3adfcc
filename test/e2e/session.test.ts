/**
 * First start and login through the real renderer: setup creates the first manager, the manager
 * logs out, and a cashier whose name is markup logs in with the PIN pad.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope, OperatorSummary } from '../../common/contract';
import { containing, expectText, expectValue } from './expect-page';
import { startHarness, type Harness } from './harness';
import { axeViolations, undersizedTargets } from './page-checks';

/** A name that runs script if any screen builds HTML from it. */
const MARKUP_NAME = '<img src=x onerror="window.__x=1">';
const CASHIER_PIN = '2468';

let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
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
  await harness.screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
  expect(await undersizedTargets(page)).toEqual([]);
}

async function markupRan(): Promise<boolean> {
  return page.evaluate(() => '__x' in window);
}

describe('first start and login', () => {
  test('setup lists what is missing', async () => {
    await page.getByTestId('screen-setup').waitFor();
    await captureScreen('07-setup');

    await page.getByTestId('setup-submit').click();
    await expectText(page.locator('#setup-name-hint'), "Enter the manager’s name.");
    await expectText(page.locator('#setup-pin-hint'), 'A PIN has 4 to 8 digits.');
  });

  test('setup creates the manager and opens the lane', async () => {
    await page.getByLabel('Manager name').fill('Dana Manager');
    await page.getByLabel('PIN (4 to 8 digits)').fill('4826');
    await page.getByLabel('PIN again').fill('4826');
    await page.getByLabel(/^Demo:/).check();
    await page.getByTestId('setup-submit').click();

    await page.getByTestId('amount-input').waitFor();
    await expectText(page.getByTestId('operator'), 'Dana Manager');
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

  test('logout elsewhere shows the login screen', async () => {
    const reply = (await harness.call('session.logout')) as Envelope<null>;
    expect(reply.ok).toBe(true);

    await page.getByTestId('operator-tiles').waitFor();
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
