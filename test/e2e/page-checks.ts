/**
 * Checks run against whatever screen a page shows: accessibility with axe-core (its source is
 * evaluated in the page, because our CSP blocks script tags and the tests must not bypass it) and
 * the size of touch targets.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | null = null;

/** The smallest touch target, in CSS pixels, on either side. */
export const MIN_TOUCH_TARGET_PX = 44;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page and returns its violations (WCAG 2.x A and AA rules). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    // A string passed to evaluate runs as a script through the DevTools protocol, which the page's
    // CSP does not cover. Nothing here relaxes the CSP itself.
    await page.evaluate(source);
  }
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) {
    throw new Error('page-checks: axe-core did not load in the page.');
  }
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(options: unknown): Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** Lists visible buttons, inputs and links smaller than 44 × 44 CSS pixels. */
export function undersizedTargets(page: Page): Promise<string[]> {
  return page.evaluate((minimum) => {
    const found: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(
      'button, input, a[href], [role="button"]',
    )) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (
        element instanceof HTMLInputElement &&
        (element.type === 'radio' || element.type === 'checkbox')
      ) {
        // A radio or checkbox counts with its label, which is the target a finger hits.
        const label = element.closest('label')?.getBoundingClientRect();
        if (label !== undefined && label.width >= minimum && label.height >= minimum) continue;
      }
      if (box.width < minimum || box.height < minimum) {
        const name =
          element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
        found.push(
          `${element.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return found;
  }, MIN_TOUCH_TARGET_PX);
}
