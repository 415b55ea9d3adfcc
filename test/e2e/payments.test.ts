/**
 * Voids, refunds and the needs-attention list through the real renderer, as a cashier with a
 * manager at the register: the sale, void and refund are done with the keyboard alone. The demo
 * gateway's settlement run makes a sale refundable; a dropped final frame plus gateway faults make
 * a sale whose outcome recovery cannot settle.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope, OperatorSummary, PaymentSummary } from '../../common/contract';
import { containing, expectText, expectValue } from './expect-page';
import { setUpDemoLane, startHarness, TEST_MANAGER, type Harness } from './harness';
import { byTestId, checkScreen, logIn, logOut, tabTo, watchProblems } from './screen-checks';

const CASHIER = { name: 'Casey Cashier', pin: '3579' };
let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  harness = await startHarness({
    services: {
      core: {
        // A short watchdog makes the driver give up on a missing final frame within a second.
        terminalTimeouts: { dptInactivityMs: 1_500, recoveringPollMs: 50, recoveringMaxMs: 1_000 },
        recovery: { pauseMs: 10, attempts: 2 },
      },
    },
  });
  await setUpDemoLane(harness);
  const created = (await harness.call('operators.create', {
    ...CASHIER,
    role: 'cashier',
  })) as Envelope<OperatorSummary>;
  expect(created.ok).toBe(true);
  await harness.call('session.logout');
  page = await harness.openApp();
  watchProblems(page, pageProblems);
  await logIn(page, CASHIER.name, CASHIER.pin);
});

afterAll(async () => {
  await harness?.close();
});

function core() {
  const current = harness.services.lane.current();
  if (current === null) throw new Error('the lane has not started');
  return current;
}

function gateway() {
  const simulator = core().demoGateway;
  if (simulator === null) throw new Error('the e2e services run without the demo gateway');
  return simulator;
}

/** Rings up a sale with the keyboard only and returns to amount entry. */
async function sellByKeyboard(amount: string): Promise<void> {
  await page.getByTestId('amount-input').waitFor();
  await page.getByTestId('amount-input').focus();
  await page.keyboard.type(amount);
  await page.keyboard.press('Enter');
  await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
  await page.keyboard.press('n');
  await page.getByTestId('amount-input').waitFor();
}

/** Opens the journal with the keyboard and the row whose order id is given. */
async function openPaymentByKeyboard(orderId: string): Promise<void> {
  await tabTo(page, byTestId('nav-journal'));
  await page.keyboard.press('Enter');
  await page.getByTestId('journal-row').first().waitFor();
  await tabTo(page, byTestId('journal-row'));
  for (let step = 0; step < 50; step += 1) {
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (focused.includes(orderId)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('screen-payment').waitFor();
  await expectText(page.getByTestId('detail-order'), orderId);
}

async function sales(): Promise<PaymentSummary[]> {
  const reply = (await harness.call('payments.search', { kind: 'sale' })) as Envelope<{
    rows: PaymentSummary[];
  }>;
  if (!reply.ok) throw new Error(`payments.search failed: ${JSON.stringify(reply.error)}`);
  return reply.value.rows;
}

async function approveAsManager(): Promise<void> {
  await page.getByTestId('approval-dialog').waitFor();
  await expectText(page.locator('#approval-pin'), '');
  await page.keyboard.type(TEST_MANAGER.pin);
  await page.keyboard.press('Enter');
}

describe('void and refund with a manager at the register', () => {
  let fortyOrder = '';
  let twentyFiveOrder = '';

  test('cashier sells $40.00 and $25.00 with the keyboard', async () => {
    await sellByKeyboard('40');
    await sellByKeyboard('25');
    const rows = await sales();
    fortyOrder = rows.find((row) => row.amountMinor === 4000)?.orderId ?? '';
    twentyFiveOrder = rows.find((row) => row.amountMinor === 2500)?.orderId ?? '';
    expect(fortyOrder).not.toBe('');
    expect(twentyFiveOrder).not.toBe('');
  });

  test('journal lists the day and searches by amount', async () => {
    await page.getByTestId('nav-journal').click();
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(2);
    await checkScreen(harness, page, '11-journal');

    await page.getByLabel('Search by').selectOption('amount');
    await page.getByTestId('journal-search').fill('$40.00');
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(1);
    await expectText(page.getByTestId('journal-row'), containing(fortyOrder));
    await page.getByTestId('journal-search').fill('');
  });

  test('refund before settlement is refused and the void offered', async () => {
    await openPaymentByKeyboard(fortyOrder);
    await expectText(page.getByTestId('refundable'), 'Refundable now: $40.00');
    await checkScreen(harness, page, '12-payment-detail');

    await tabTo(page, byTestId('refund'));
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('refund-limit'), 'Up to $40.00 can be refunded.');
    await page.keyboard.type('15');
    await page.keyboard.press('Enter');
    await approveAsManager();

    await expectText(page.getByTestId('error-notice'), containing('cannot be refunded yet'));
    await page.getByTestId('offer-void').waitFor();
    expect(
      core()
        .db.prepare(
          "SELECT count(*) AS n FROM payments WHERE kind = 'refund' AND state = 'approved'",
        )
        .get(),
    ).toEqual({ n: 0 });
  });

  test('cashier voids the unsettled $25.00 sale with the keyboard', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await openPaymentByKeyboard(twentyFiveOrder);
    await tabTo(page, byTestId('void'));
    await page.keyboard.press('Enter');
    await page.getByTestId('approval-dialog').waitFor();
    await expectText(page.getByTestId('approval-summary'), 'Void: $25.00');
    await checkScreen(harness, page, '13-approval-dialog');

    await approveAsManager();
    await expectText(page.getByTestId('action-outcome'), containing('The payment was voided.'));
    await expectText(page.getByTestId('detail-state'), 'Voided');
    // Focus came back to the page from the closed dialog.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') ?? null)).toBeNull();
    await checkScreen(harness, page, '14-payment-voided');
  });

  test('Escape closes the approval dialog and focus returns', async () => {
    await page.keyboard.press('Escape');
    await openPaymentByKeyboard(fortyOrder);
    await tabTo(page, byTestId('refund'));
    await page.keyboard.press('Enter');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('approval-dialog').waitFor();
    // Tab stays inside the open dialog.
    for (let press = 0; press < 12; press += 1) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(
        true,
      );
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('approval-dialog').count()).toBe(0);
    // Enter in the amount field opened the dialog, so focus goes back to that field.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'refund-amount',
    );
  });

  test('after settlement a $15.00 refund is approved with a manager PIN', async () => {
    gateway().runSettlement();
    await tabTo(page, byTestId('refund-amount'));
    await page.keyboard.press('Backspace');
    await expectValue(page.getByTestId('refund-amount'), '');
    await page.keyboard.type('15.00');
    await page.keyboard.press('Enter');
    await approveAsManager();

    await expectText(page.getByTestId('action-outcome'), containing('The refund was approved.'));
    await expectText(page.getByTestId('refundable'), 'Refundable now: $25.00');
    await expectText(page.getByTestId('detail-children'), containing('Refund · $15.00'));
    await checkScreen(harness, page, '15-payment-refunded');
  });

  test('a $30.00 refund is refused before anything is sent', async () => {
    const requestsBefore = gateway().requests().length;
    await tabTo(page, byTestId('refund'));
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('refund-limit'), 'Up to $25.00 can be refunded.');
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');

    await expectText(page.getByTestId('refund-message'), 'Only $25.00 is refundable.');
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);
    // Opening the refund form sends one inquire; the rejected amount sends no refund request.
    const refundRequests = gateway()
      .requests()
      .slice(requestsBefore)
      .filter((request) => request.path.includes('/refund'));
    expect(refundRequests).toEqual([]);
    await expectValue(page.getByTestId('refund-amount'), '30');
  });

  test('receipt preview and reprint', async () => {
    await tabTo(page, byTestId('receipt-open'));
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await expectText(page.getByTestId('receipt-total'), containing('$40.00'));
    await page.getByTestId('reprint').click();
    await expectText(page.getByTestId('print-status'), containing('No receipt printer is set up'));
    await expectText(page.getByTestId('receipt'), containing('COPY'));
    await checkScreen(harness, page, '16-receipt-preview');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('receipt-dialog').count()).toBe(0);
  });
});

describe('needs attention', () => {
  test('an unknown sale blocks the lane until a manager acts', async () => {
    await page.keyboard.press('n');
    await page.getByTestId('amount-input').waitFor();
    const terminal = core().demoTerminal;
    if (terminal === null) throw new Error('the e2e services run without the demo terminal');
    terminal.setFaults({ dropFinal: true });
    gateway().injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 50 });
    gateway().injectFault({ kind: 'http_500', endpoint: 'voidByOrderId', count: 50 });
    try {
      await page.getByTestId('amount-input').fill('9.99');
      await page.keyboard.press('Enter');
      await expectText(page.getByTestId('result-heading'), 'Outcome unknown', { timeout: 20_000 });
      await expectText(
        page.getByTestId('result-summary'),
        containing('Do not charge the customer again'),
      );
      await checkScreen(harness, page, '17-result-unknown');
    } finally {
      terminal.setFaults({});
    }

    await page.keyboard.press('n');
    await page.getByTestId('amount-input').fill('1.00');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('error-notice'), containing('takes no new sales'));
    await page.getByTestId('open-attention').click();
    await page.getByTestId('attention-item').waitFor();
    // A cashier cannot resolve the payment, only ask a manager to let the lane sell meanwhile.
    expect(await page.getByTestId('resolve-recheck').count()).toBe(0);
    await page.getByTestId('override').click();
    await page.getByTestId('reason-input').fill('Customer paid cash instead');
    await page.keyboard.press('Enter');
    await approveAsManager();
    await expectText(page.getByTestId('attention-item'), containing('Selling allowed meanwhile'));
  });

  test('an unknown sale is resolved by a manager', async () => {
    await page.getByTestId('nav-sale').click();
    await logOut(page);
    await logIn(page, TEST_MANAGER.name, TEST_MANAGER.pin);
    await expectText(page.getByTestId('attention'), '!1 payment needs attention');
    await page.getByTestId('attention').click();
    await page.getByTestId('attention-item').waitFor();
    await expectText(page.getByTestId('attention-item'), containing('$9.99'));
    await checkScreen(harness, page, '18-needs-attention');

    gateway().clearFaults();
    await page.getByTestId('resolve-recheck').click();
    await page.getByTestId('attention-empty').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('attention').count()).toBe(0);
  });

  test('day report shows the totals and the chart', async () => {
    await page.getByTestId('nav-report').click();
    await page.getByTestId('report-totals').waitFor();
    await expectText(page.getByTestId('total-sales'), containing('$74.99'));
    await expectText(page.getByTestId('total-voids'), containing('$25.00'));
    await expectText(page.getByTestId('total-refunds'), containing('$15.00'));
    expect(await page.getByTestId('chart-bar').count()).toBeGreaterThanOrEqual(23);
    await page.getByTestId('load-settlement').click();
    await page.getByTestId('settlement').waitFor();
    await checkScreen(harness, page, '19-day-report');
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
