/**
 * Injected markup through the real renderer in Chromium. `<img src=x onerror="window.__x=1">` as an
 * operator name, receipt header and footer, gateway response text and terminal prompt message is
 * shown as text on every screen that exists and in the receipt preview. `window.__x` stays
 * undefined.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope, RenderedReceipt } from '../../common/contract';
import { containing, expectText } from '../e2e/expect-page';
import { setUpDemoLane, startHarness, type Harness } from '../e2e/harness';

const MARKUP = '<img src=x onerror="window.__x=1">';
/** A Luhn-valid test card number, as a hostile terminal could put it in a prompt. */
const CARD_NUMBER = '4012000033330026';

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({
    services: { core: { demoTerminal: { promptDelayMs: 0, cardDelayMs: 1_500 } } },
  });
  await setUpDemoLane(harness);
  for (const [channel, input] of [
    ['operators.create', { name: MARKUP, role: 'cashier', pin: '2468' }],
    ['settings.update', { receiptHeader: [MARKUP], receiptFooter: [MARKUP] }],
  ] as const) {
    const reply = (await harness.call(channel, input)) as Envelope<unknown>;
    if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code}`);
  }
  page = await harness.openApp();
  await page.getByTestId('amount-input').waitFor();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

function laneCore() {
  const core = harness.services.lane.current();
  if (core === null) throw new Error('the lane has not started');
  return core;
}

/** True when any injected markup ran or became an element. */
async function markupRan(): Promise<boolean> {
  return page.evaluate(() => '__x' in window || document.querySelector('img[src="x"]') !== null);
}

async function charge(amount: string): Promise<void> {
  await page.getByTestId('amount-input').fill(amount);
  await page.getByTestId('amount-input').press('Enter');
}

async function newSale(): Promise<void> {
  await page.getByTestId('new-sale').click();
  await page.getByTestId('amount-input').waitFor();
}

describe('injected markup', () => {
  test('terminal prompt renders as text', async () => {
    await charge('2.00');
    await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);
    laneCore().demoTerminal?.sendUnsolicited({
      key: 'DPT',
      type: 'RESP',
      code: '02010000',
      data: JSON.stringify({ LCD_Code: 13, LCD_Msg: MARKUP }),
    });
    await expectText(page.getByTestId('terminal-prompt'), containing(MARKUP));
    expect(await markupRan()).toBe(false);

    await expectText(page.getByTestId('result-heading'), /Approved/, { timeout: 15_000 });
    expect(await markupRan()).toBe(false);
    await newSale();
  });

  test('screen text shows no card number from the terminal', async () => {
    await charge('2.50');
    await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);
    laneCore().demoTerminal?.sendUnsolicited({
      key: 'DPT',
      type: 'RESP',
      code: '02010000',
      data: JSON.stringify({ LCD_Code: 13, LCD_Msg: `CARD ${CARD_NUMBER}` }),
    });
    await expectText(page.getByTestId('terminal-prompt'), /CARD [\d*]/);
    const text = await page.evaluate(() => document.body.innerText);
    await expectText(page.getByTestId('result-heading'), /Approved/, { timeout: 15_000 });
    await newSale();
    expect(text).not.toContain(CARD_NUMBER);
  });

  test('gateway response text renders as text', async () => {
    const gateway = laneCore().demoGateway;
    if (gateway === null) throw new Error('no demo gateway');
    gateway.injectFault({
      kind: 'json_reply',
      endpoint: 'auth',
      commit: true,
      body: {
        respstat: 'C',
        respcode: '05',
        resptext: MARKUP,
        retref: '100200300400',
        amount: '0.00',
        merchid: '496160873888',
      },
    });
    await charge('3.00');
    await expectText(page.getByTestId('result-heading'), /Declined/, { timeout: 15_000 });
    await expectText(page.getByTestId('decline-reason'), containing(MARKUP));
    expect(await markupRan()).toBe(false);
    await newSale();
  });

  test('receipt preview escapes header and footer', async () => {
    const current = (await harness.call('payments.search', { limit: 5 })) as Envelope<{
      rows: { paymentId: number; state: string }[];
    }>;
    expect(current.ok).toBe(true);
    const approved = current.ok
      ? current.value.rows.find((row) => row.state === 'approved')
      : undefined;
    expect(approved).toBeDefined();
    const receipt = (await harness.call('receipts.get', {
      paymentId: approved?.paymentId ?? 0,
    })) as Envelope<RenderedReceipt>;
    expect(receipt.ok).toBe(true);
    if (!receipt.ok) return;
    expect(receipt.value.html).not.toContain('<img');
    expect(receipt.value.html).toContain('&lt;img');

    await page.getByTestId('nav-journal').click();
    await page.getByTestId('journal-row').first().click();
    await page.getByTestId('receipt-open').click();
    await expectText(page.getByTestId('receipt-header').first(), containing(MARKUP));
    await expectText(page.getByTestId('receipt-footer').first(), containing(MARKUP));
    expect(await markupRan()).toBe(false);
    await page.keyboard.press('Escape');
  });

  test('every manager screen renders names as text', async () => {
    for (const view of ['journal', 'attention', 'report', 'settings', 'operators', 'sale']) {
      const link = page.getByTestId(`nav-${view}`);
      if ((await link.count()) === 0) continue;
      await link.click();
      await page.waitForLoadState('domcontentloaded');
      expect(await markupRan(), view).toBe(false);
    }
    await page.getByTestId('nav-operators').click();
    await expectText(page.getByTestId('operators-table'), containing(MARKUP));
    expect(await markupRan()).toBe(false);
  });

  test('login tiles render names as text', async () => {
    await harness.call('session.logout');
    await page.getByTestId('operator-tiles').waitFor();
    await expectText(page.getByTestId('operator-tiles'), containing(MARKUP));
    expect(await markupRan()).toBe(false);
  });
});
