/**
 * A sale while the terminal waits for the card: cancel, and a reload in the middle. The demo
 * terminal here waits long for the card, so each step lands before the card is read, whatever the
 * machine's load.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope, SaleProgress } from '../../common/contract';
import { containing, expectText } from './expect-page';
import { setUpDemoLane, startHarness, type Harness } from './harness';
import { checkScreen } from './screen-checks';

/** Far longer than any test step; the cancel ends the wait, so no test waits this long. */
const CARD_DELAY_MS = 60_000;

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({
    services: { core: { demoTerminal: { cardDelayMs: CARD_DELAY_MS } } },
  });
  await setUpDemoLane(harness);
  page = await harness.openApp();
  await page.getByTestId('amount-input').waitFor();
});

afterAll(async () => {
  await harness?.close();
});

async function startSale(amount: string): Promise<void> {
  await page.getByTestId('amount-input').fill(amount);
  await page.getByTestId('amount-input').press('Enter');
  await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);
}

async function expectCancelled(): Promise<void> {
  await expectText(page.getByTestId('result-heading'), 'Cancelled', { timeout: 20_000 });
  await expectText(page.getByTestId('result-summary'), containing('not charged'));
  const reply = (await harness.call('sale.current')) as Envelope<SaleProgress | null>;
  expect(reply.ok).toBe(true);
  expect(reply.ok ? reply.value?.stage : null).toBe('cancelled');
}

describe('cancel', () => {
  test('payment screen shows the prompt and Cancel', async () => {
    await startSale('4.56');
    await expectText(page.getByTestId('payment-amount'), /\$4\.56/);
    await checkScreen(harness, page, '03-payment-in-progress');
  });

  test('Escape cancels before the card is read', async () => {
    await page.keyboard.press('Escape');
    await expectCancelled();
    await checkScreen(harness, page, '06-result-cancelled');

    await page.keyboard.press('n');
    await page.getByTestId('amount-input').waitFor();
  });

  test('reload mid-payment rebuilds the payment screen', async () => {
    await startSale('7.89');
    await page.reload();

    await expectText(page.getByTestId('payment-amount'), /\$7\.89/);
    await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);
  });

  test('Cancel button cancels the sale', async () => {
    await page.getByTestId('cancel').click();
    await expectCancelled();

    await page.getByTestId('new-sale').click();
    await page.getByTestId('amount-input').waitFor();
  });
});
