/**
 * A card sale through the real renderer in Chromium, with main's services and both simulators
 * behind the bridge: approval, decline, double Charge, reload, amount entry and the page's security
 * policy.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { CardlaneApi } from '../../common/bridge';
import type { Envelope, SaleProgress } from '../../common/contract';
import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { containing, expectText, expectValue } from './expect-page';
import { setUpDemoLane, startHarness, type Harness } from './harness';
import { checkScreen } from './screen-checks';

let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  await setUpDemoLane(harness);
  page = await harness.openApp();
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  await page.getByTestId('amount-input').waitFor();
});

afterAll(async () => {
  await harness?.close();
});

function laneCore() {
  const core = harness.services.lane.current();
  if (core === null) throw new Error('the lane has not started');
  return core;
}

function journalRowCount(): number {
  const row = laneCore().db.prepare('SELECT count(*) AS count FROM payments').get() as {
    count: number;
  };
  return row.count;
}

/** DPT (sale) commands the demo terminal has received since the lane started. */
function dptCount(): number {
  const terminal = laneCore().demoTerminal;
  if (terminal === null) throw new Error('the e2e services run without the demo terminal');
  return terminal.commandsReceived.filter((key) => key === 'DPT').length;
}

/** Gateway `auth` requests the demo terminal sent for one order id (one per DPT it ran). */
function authRequestsFor(orderId: string): number {
  const gateway = laneCore().demoGateway;
  if (gateway === null) throw new Error('the e2e services run without the demo gateway');
  return gateway
    .requests()
    .filter((request) => request.path.endsWith('/auth'))
    .filter((request) => (request.body as { orderid?: unknown } | null)?.orderid === orderId)
    .length;
}

async function currentSale(): Promise<SaleProgress> {
  const reply = (await harness.call('sale.current')) as Envelope<SaleProgress | null>;
  if (!reply.ok || reply.value === null) {
    throw new Error(`sale.current returned no sale: ${JSON.stringify(reply)}`);
  }
  return reply.value;
}

/** Checks the screen at every width and at 200% zoom, and saves it as a PNG. */
async function captureScreen(name: string): Promise<void> {
  await checkScreen(harness, page, name);
}

async function startNewSale(): Promise<void> {
  await page.getByTestId('new-sale').click();
  await page.getByTestId('amount-input').waitFor();
}

async function enterWithKeypad(keys: string[]): Promise<void> {
  for (const key of keys) {
    await page.locator(`.keypad [data-key="${key}"]`).click();
  }
}

describe('sale screen', () => {
  test('approves $12.34 and shows last 4 and retref', async () => {
    await expectText(page.getByTestId('environment-badge'), /DEMO/);
    await expectText(page.getByTestId('terminal-state'), /Terminal ready/);
    await captureScreen('01-amount-empty');

    await enterWithKeypad(['1', '2', '.']);
    await page.getByTestId('amount-input').press('3');
    await page.getByTestId('amount-input').press('4');
    await expectValue(page.getByTestId('amount-input'), '12.34');
    await expectText(page.getByTestId('charge'), 'Charge $12.34');
    await captureScreen('02-amount-entered');

    await page.getByTestId('charge').click();
    await page.getByTestId('payment-amount').waitFor();
    await expectText(page.getByTestId('payment-amount'), /\$12\.34/);
    // cancel.test.ts saves this screen with the prompt on it; here the sale runs on at once.
    await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);

    await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
    const sale = await currentSale();
    expect(sale.stage).toBe('approved');
    expect(sale.result?.card.last4).toMatch(/^\d{4}$/);
    expect(sale.result?.retref).toMatch(/\S/);
    await expectText(page.getByTestId('card'), containing(`ending in ${sale.result?.card.last4}`));
    await expectText(page.getByTestId('retref'), sale.result?.retref ?? '');
    await expectText(page.getByTestId('result-amount'), /\$12\.34/);
    await expectText(page.getByTestId('live-region'), containing('Approved'));
    await captureScreen('04-result-approved');

    await startNewSale();
    await expectValue(page.getByTestId('amount-input'), '');
  });

  test('declines $1005.00 with code 05 in plain words', async () => {
    await page.getByTestId('amount-input').fill('1005');
    await page.getByTestId('amount-input').press('Enter');

    await expectText(page.getByTestId('result-heading'), 'Declined', { timeout: 20_000 });
    await expectText(
      page.getByTestId('result-summary'),
      containing('Ask the customer for another card'),
    );
    await expectText(page.getByTestId('decline-reason'), containing('Do not honor'));
    await expectText(page.getByTestId('response-code'), '05');
    await expectText(page.getByTestId('result-amount'), /\$1,005\.00/);
    const sale = await currentSale();
    expect(sale.stage).toBe('declined');
    expect(sale.result?.respCode).toBe('05');
    await captureScreen('05-result-declined');

    await startNewSale();
  });

  test('two Charge clicks 50 ms apart start one sale', async () => {
    const rowsBefore = journalRowCount();
    const dptsBefore = dptCount();
    await page.getByTestId('amount-input').fill('7.77');

    const charge = page.getByTestId('charge');
    await charge.click();
    await page.waitForTimeout(50);
    // The first click may already have replaced the amount screen; a second click then has no target.
    await charge.click({ timeout: 1_000 }).catch(() => undefined);

    await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
    const sale = await currentSale();
    expect(journalRowCount()).toBe(rowsBefore + 1);
    expect(dptCount()).toBe(dptsBefore + 1);
    expect(authRequestsFor(sale.orderId)).toBe(1);

    await startNewSale();
  });

  test('two starts from page script give one sale', async () => {
    const rowsBefore = journalRowCount();
    const dptsBefore = dptCount();
    const replies = await page.evaluate(() => {
      const api = (window as unknown as { cardlane?: CardlaneApi }).cardlane;
      if (api === undefined) throw new Error('no bridge');
      return Promise.all([
        api.sale.start({ amountMinor: 250 }),
        api.sale.start({ amountMinor: 250 }),
      ]);
    });

    const paymentIds = new Set(
      replies.flatMap((reply) => (reply.ok ? [reply.value.paymentId] : [])),
    );
    expect(paymentIds.size).toBe(1);
    await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
    expect(journalRowCount()).toBe(rowsBefore + 1);
    expect(dptCount()).toBe(dptsBefore + 1);

    await startNewSale();
  });

  test('reload shows the finished sale from main', async () => {
    await page.getByTestId('amount-input').fill('3.21');
    await page.getByTestId('amount-input').press('Enter');
    await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
    const orderId = await page.getByTestId('order-id').textContent();

    await page.reload();
    await expectText(page.getByTestId('result-heading'), 'Approved');
    await expectText(page.getByTestId('order-id'), orderId ?? '');

    await startNewSale();
  });

  test('pasted dollar amount is accepted', async () => {
    const input = page.getByTestId('amount-input');
    const paste = (text: string) =>
      input.evaluate((element, pasted) => {
        const data = new DataTransfer();
        data.setData('text/plain', pasted);
        element.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }, text);

    await paste('$1,234.56');
    await expectValue(input, '1234.56');
    await expectText(page.getByTestId('charge'), 'Charge $1,234.56');

    await paste('12,34');
    await expectValue(input, '1234.56');
    await expectText(page.getByTestId('amount-message'), containing('"12,34" is not an amount'));
    await page.keyboard.press('Escape');
  });

  test('amount entry rejects a third decimal', async () => {
    const input = page.getByTestId('amount-input');
    await input.fill('');
    await input.pressSequentially('1.234');
    await expectValue(input, '1.23');
    await expectText(
      page.getByTestId('amount-message'),
      'An amount has at most two decimal places.',
    );
    await page.keyboard.press('Escape');
    await expectValue(input, '');
  });
});

describe('page security', () => {
  test('CSP header and meta match the app policy', async () => {
    const response = await page.request.get(`${harness.baseUrl}/`);
    expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    const withoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ')
      .filter((directive) => !directive.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(withoutFrameAncestors);
  });

  test('static server refuses paths outside the renderer', async () => {
    const response = await page.request.get(`${harness.baseUrl}/%2e%2e/%2e%2e/package.json`);
    expect(response.status()).toBe(404);
  });

  test('Trusted Types block HTML from strings', async () => {
    // A page of its own, because the blocked call logs a console error by design.
    const probe = await harness.openApp();
    const blocked = await probe.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    await probe.close();
    expect(blocked).toBe(true);
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
