/**
 * Text from outside stays text: an operator name, the receipt header and footer, the processor's
 * response text and the terminal's prompt, each `<img src=x onerror=…>`, show literally on every
 * screen and in the receipt preview, and the markup never runs. The page's policy is the app's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import type { Envelope, OperatorSummary } from '../../common/contract';
import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { UAT_MERCHANT_ID } from '../../main/simulators/gateway';
import { containing, expectText } from './expect-page';
import { setUpDemoLane, startHarness, type Harness } from './harness';
import { checkScreen, logIn, MARKUP, markupRan, watchProblems } from './screen-checks';

const MANAGER = { name: MARKUP, pin: '8642' };
/** The demo terminal's wait for the card (main/simulators/terminal/index.ts). */
const DEMO_CARD_DELAY_MS = 1_000;
let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  await setUpDemoLane(harness);
  const created = (await harness.call('operators.create', {
    ...MANAGER,
    role: 'manager',
  })) as Envelope<OperatorSummary>;
  expect(created.ok).toBe(true);
  const updated = (await harness.call('settings.update', {
    receiptHeader: ['Corner Store', MARKUP],
    receiptFooter: [MARKUP],
  })) as Envelope<unknown>;
  expect(updated.ok).toBe(true);
  await harness.call('session.logout');
  page = await harness.openApp();
  watchProblems(page, pageProblems);
  await logIn(page, MANAGER.name, MANAGER.pin);
});

afterAll(async () => {
  await harness?.close();
});

function core() {
  const current = harness.services.lane.current();
  if (current === null) throw new Error('the lane has not started');
  return current;
}

async function expectHeaderName(): Promise<void> {
  await expectText(page.getByTestId('operator'), MARKUP);
  expect(await markupRan(page)).toBe(false);
}

describe('outside text is shown as text', () => {
  test('processor response text shows literally on a decline', async () => {
    core().demoGateway?.injectFault({
      kind: 'json_reply',
      endpoint: 'auth',
      body: {
        respstat: 'C',
        respcode: '05',
        resptext: MARKUP,
        respproc: 'FNOR',
        retref: '123456789012',
        merchid: UAT_MERCHANT_ID,
        amount: '0.00',
        account: '9418594164541111',
        token: '9418594164541111',
      },
    });
    await page.getByTestId('amount-input').fill('12.00');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('result-heading'), 'Declined', { timeout: 20_000 });
    await expectText(page.getByTestId('decline-reason'), MARKUP);
    await expectHeaderName();
    await checkScreen(harness, page, '24-result-declined-markup');
    await page.keyboard.press('n');
  });

  test('terminal prompt shows literally while the sale runs', async () => {
    const terminal = core().demoTerminal;
    if (terminal === null) throw new Error('the e2e services run without the demo terminal');
    terminal.setTiming({ cardDelayMs: 60_000 });
    try {
      await page.getByTestId('amount-input').fill('3.00');
      await page.keyboard.press('Enter');
      await expectText(page.getByTestId('terminal-prompt'), /INSERT CARD/);
      terminal.sendUnsolicited({
        key: 'DPT',
        type: 'RESP',
        code: '02010000',
        data: JSON.stringify({ LCD_Code: 99, LCD_Msg: MARKUP }),
      });
      await expectText(page.getByTestId('terminal-prompt'), containing(MARKUP));
      await expectText(page.getByTestId('live-region'), containing(MARKUP));
      expect(await markupRan(page)).toBe(false);
      await page.keyboard.press('Escape');
      await expectText(page.getByTestId('result-heading'), 'Cancelled', { timeout: 20_000 });
    } finally {
      terminal.setTiming({ cardDelayMs: DEMO_CARD_DELAY_MS });
    }
    await page.keyboard.press('n');
    await page.getByTestId('amount-input').fill('5.00');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('result-heading'), 'Approved', { timeout: 20_000 });
    await page.keyboard.press('n');
  });

  test('journal, detail and receipt preview show it literally', async () => {
    await page.getByTestId('nav-journal').click();
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(3);
    await expectText(page.getByTestId('journal-list'), containing(MARKUP));

    await page.getByTestId('journal-row').filter({ hasText: '$12.00' }).click();
    await expectText(page.getByTestId('detail-response'), containing(MARKUP));
    await expectHeaderName();
    await page.getByTestId('detail-back').click();

    await page.getByTestId('journal-row').filter({ hasText: '$5.00' }).click();
    await page.getByTestId('receipt-open').click();
    await page.getByTestId('receipt').waitFor();
    await expectText(page.getByTestId('receipt-header').nth(1), MARKUP);
    await expectText(page.getByTestId('receipt-footer'), MARKUP);
    await expectText(page.getByTestId('receipt'), containing(MARKUP));
    expect(await page.locator('.receipt img').count()).toBe(0);
    expect(await markupRan(page)).toBe(false);
    await page.keyboard.press('Escape');
  });

  test('every manager screen shows the name literally', async () => {
    for (const view of ['attention', 'report', 'settings', 'operators'] as const) {
      await page.getByTestId(`nav-${view}`).click();
      await page.locator('h1').first().waitFor();
      await expectHeaderName();
    }
    await expectText(page.getByTestId('operators-table'), containing(MARKUP));
    await page.getByTestId('nav-settings').click();
    await expectText(page.getByTestId('settings-receipt-header'), /Corner Store/);
    expect(await page.getByTestId('settings-receipt-header').inputValue()).toBe(
      `Corner Store\n${MARKUP}`,
    );
    expect(await page.locator('img').count()).toBe(0);
    expect(await markupRan(page)).toBe(false);
  });

  test('page policy is the app policy', async () => {
    const response = await page.request.get(`${harness.baseUrl}/`);
    expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(meta).toBe(
      CONTENT_SECURITY_POLICY.split('; ')
        .filter((directive) => !directive.startsWith('frame-ancestors'))
        .join('; '),
    );
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
