/**
 * Steps the browser tests share: checking a screen at every width the lane runs at, logging in
 * through the tiles and PIN pad, and the markup probe that must never run.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

import type { Harness } from './harness';
import { axeViolations, undersizedTargets } from './page-checks';

/** Screen widths the app is checked at; screenshots use 1366 × 768. */
export const CHECK_WIDTHS = [1024, 1366, 1920] as const;
export const SCREENSHOT_VIEWPORT = { width: 1366, height: 768 };
/** A 1366 × 768 screen at 200% zoom has this many CSS pixels. */
export const ZOOM_200_VIEWPORT = { width: 683, height: 384 };

/** Text that runs script if any screen turns it into HTML. */
export const MARKUP = '<img src=x onerror="window.__x=1">';

/**
 * Checks the current screen with axe-core and the touch-size check at each width, then saves a
 * screenshot at 1366 × 768. Fails with the widths and rules that broke.
 */
export async function checkScreen(harness: Harness, page: Page, name: string): Promise<void> {
  const problems: Record<string, unknown> = {};
  for (const width of CHECK_WIDTHS) {
    await page.setViewportSize({ width, height: 768 });
    const violations = await axeViolations(page);
    const small = await undersizedTargets(page);
    if (violations.length > 0) problems[`axe@${width}`] = violations;
    if (small.length > 0) problems[`touch@${width}`] = small;
  }
  await page.setViewportSize(ZOOM_200_VIEWPORT);
  const overflow = await horizontalOverflow(page);
  if (overflow.length > 0) problems['zoom@200%'] = overflow;
  await page.setViewportSize(SCREENSHOT_VIEWPORT);
  await harness.screenshot(page, name);
  expect(problems).toEqual({});
  expect(await markupRan(page)).toBe(false);
}

/**
 * Elements that stick out of the page sideways: at 200% zoom text must reflow, so nothing but a
 * scrolling list may be wider than the window.
 */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= limit) return [];
    const wide: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right > limit + 1 && element.closest('.vlist') === null) {
        wide.push(
          `${element.tagName.toLowerCase()}.${element.className} right=${Math.round(box.right)}`,
        );
      }
    }
    return wide.slice(0, 10);
  });
}

/** True when the markup probe ran in the page. */
export function markupRan(page: Page): Promise<boolean> {
  return page.evaluate(() => '__x' in window);
}

/** Logs in through the operator tiles and the PIN field, by keyboard. */
export async function logIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId('operator-tiles').waitFor();
  const tile = page.getByTestId('operator-tile').filter({ hasText: name });
  await tile.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('pin-input').waitFor();
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
  await page.getByTestId('logout').waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('operator-tiles').waitFor();
}

/** Collects console errors and uncaught exceptions of a page for a final check. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}

/**
 * Presses Tab until the focused element matches `selector`, as a keyboard user walks the page.
 * Fails when the element is not reached within `limit` presses.
 */
export async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    const reached = await page.evaluate(
      (wanted) => document.activeElement?.matches(wanted) === true,
      selector,
    );
    if (reached) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`tabTo: ${selector} was not reached with ${limit} Tab presses.`);
}

/** Selector of an element by its test id. */
export function byTestId(testId: string): string {
  return `[data-testid="${testId}"]`;
}
