/**
 * The journal with 100,000 of today's payments: the page holds only the rows in view, scrolling
 * and the keyboard load older pages on demand, and a search finds one payment among them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';

import { containing, expectText } from './expect-page';
import { setUpDemoLane, startHarness, type Harness } from './harness';
import { byTestId, checkScreen, tabTo, watchProblems } from './screen-checks';

const ROWS = 100_000;
/** More rows than fit a 1920 × 1080 window, plus the list's overscan; far fewer than a page. */
const MOST_ROWS_IN_PAGE = 60;

let harness: Harness;
let page: Page;
const pageProblems: string[] = [];

/** Writes `ROWS` declined sales of today straight into the journal, in one transaction. */
function seedJournal(): void {
  const core = harness.services.lane.current();
  if (core === null) throw new Error('the lane has not started');
  const insert = core.db.prepare(
    `INSERT INTO payments (order_id, lane_id, kind, state, amount_minor, currency, merchant_id,
       environment, operator_name, card_brand, card_last4, resp_code, resp_text, created_at, updated_at)
     VALUES (?, 'lane1', 'sale', 'declined', ?, 'USD', '496160873888', 'demo', 'Seed', 'Visa', ?,
       '05', 'Do not honor', ?, ?)`,
  );
  // Rows spread over at most the last half hour and never before today's midnight in UTC, the
  // store zone of a demo lane, so all of them are today's.
  const now = Date.now();
  const midnight = Date.UTC(
    new Date(now).getUTCFullYear(),
    new Date(now).getUTCMonth(),
    new Date(now).getUTCDate(),
  );
  const span = Math.min(1_800_000, now - midnight - 1);
  core.db.exec('BEGIN');
  try {
    for (let index = 0; index < ROWS; index += 1) {
      const at = new Date(now - Math.floor((index * span) / ROWS)).toISOString();
      insert.run(
        `SEED${String(index).padStart(8, '0')}`,
        100 + (index % 5000),
        String(index % 10000).padStart(4, '0'),
        at,
        at,
      );
    }
    core.db.exec('COMMIT');
  } catch (error) {
    if (core.db.isTransaction) core.db.exec('ROLLBACK');
    throw error;
  }
}

beforeAll(async () => {
  harness = await startHarness();
  await setUpDemoLane(harness);
  seedJournal();
  page = await harness.openApp();
  watchProblems(page, pageProblems);
  await page.getByTestId('amount-input').waitFor();
});

afterAll(async () => {
  await harness?.close();
});

function renderedRows(): Promise<number> {
  return page.getByTestId('journal-row').count();
}

describe('journal of 100,000 payments', () => {
  test('the page holds only the rows in view', async () => {
    await page.getByTestId('nav-journal').click();
    await expectText(page.getByTestId('journal-count'), '200 payments shown; scroll for more');
    expect(await renderedRows()).toBeLessThanOrEqual(MOST_ROWS_IN_PAGE);
    await checkScreen(harness, page, '25-journal-large');
  });

  test('scrolling to the end loads older pages', async () => {
    const list = page.getByTestId('journal-list');
    for (let round = 0; round < 5; round += 1) {
      await list.evaluate((element) => {
        element.scrollTop = element.scrollHeight;
      });
      await page.waitForTimeout(100);
    }
    await expectText(
      page.getByTestId('journal-count'),
      /^(1[0-9]{3}|[6-9][0-9]{2}) payments shown/,
    );
    expect(await renderedRows()).toBeLessThanOrEqual(MOST_ROWS_IN_PAGE);
  });

  test('End key walks the list by keyboard', async () => {
    await tabTo(page, byTestId('journal-row'));
    const before = await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'));
    await page.keyboard.press('End');
    const after = await page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'));
    expect(Number(after)).toBeGreaterThan(Number(before));
    expect(await renderedRows()).toBeLessThanOrEqual(MOST_ROWS_IN_PAGE);
  });

  test('order id search finds one payment instantly', async () => {
    await page.getByLabel('Search by').selectOption('orderId');
    await page.getByTestId('journal-search').fill('SEED00054321');
    await expect.poll(() => renderedRows()).toBe(1);
    await expectText(page.getByTestId('journal-row'), containing('SEED00054321'));
    await expectText(page.getByTestId('journal-count'), '1 payments');
  });

  test('pages logged no errors', () => {
    expect(pageProblems).toEqual([]);
  });
});
