/**
 * Waiting assertions for playwright-core locators under vitest (playwright-core has no `expect` of
 * its own): each polls until the element matches or the timeout passes, then fails with what the
 * page showed last.
 */
import type { Locator } from 'playwright-core';

const POLL_MS = 50;
const DEFAULT_TIMEOUT_MS = 10_000;

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual.trim() === expected : expected.test(actual);
}

async function waitFor(
  read: () => Promise<string | null>,
  expected: string | RegExp,
  description: string,
  timeout: number,
): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: string | null = null;
  for (;;) {
    last = await read().catch(() => null);
    if (last !== null && matches(last, expected)) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `${description}: expected ${String(expected)}, found ${JSON.stringify(last)} after ${timeout} ms.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the element's text equals `expected` (trimmed) or matches the pattern. */
export function expectText(
  locator: Locator,
  expected: string | RegExp,
  options: { timeout?: number } = {},
): Promise<void> {
  return waitFor(
    () => locator.first().textContent({ timeout: POLL_MS * 4 }),
    expected,
    `text of ${locator.toString()}`,
    options.timeout ?? DEFAULT_TIMEOUT_MS,
  );
}

/** Waits until an input's value equals `expected` or matches the pattern. */
export function expectValue(
  locator: Locator,
  expected: string | RegExp,
  options: { timeout?: number } = {},
): Promise<void> {
  return waitFor(
    () => locator.first().inputValue({ timeout: POLL_MS * 4 }),
    expected,
    `value of ${locator.toString()}`,
    options.timeout ?? DEFAULT_TIMEOUT_MS,
  );
}

/** Returns a pattern that matches any text containing `text` literally. */
export function containing(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
