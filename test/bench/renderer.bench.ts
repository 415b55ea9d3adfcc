/**
 * The renderer in headless Chromium, served by the browser test harness with main's services in
 * demo mode: the gzip size of the JavaScript the page loads at start, the time to first paint of
 * the login screen (Element Timing of its heading, from navigation start), and the time from a
 * keypad press to the next frame that shows the new amount. Medians of 20.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { RENDERER_DIR, setUpDemoLane, startHarness } from '../e2e/harness';
import { median, ms, percentile } from './stats';

const SAMPLES = 20;

/**
 * Runs in the page: clears the amount, waits a frame, presses keypad 5 and resolves with the time
 * until the frame that shows the new amount has been painted. A string, because tsx would wrap named
 * functions of a compiled callback in a helper the page does not have.
 */
const KEYPAD_PRESS_SCRIPT = `new Promise((resolve, reject) => {
  const key = document.querySelector('.keypad [data-key="5"]');
  const clear = document.querySelector('.keypad [data-key="clear"]');
  const input = document.querySelector('#amount-input');
  if (key === null || clear === null || input === null) {
    reject(new Error('the amount screen is not shown'));
    return;
  }
  setTimeout(() => reject(new Error('the amount did not change within 5 s')), 5000);
  clear.click();
  requestAnimationFrame(() => {
    const before = input.value;
    const started = performance.now();
    key.click();
    // React commits the change in a microtask; the frame after it paints it, and a task queued
    // from that frame's callback runs once the paint is done.
    const painted = () => setTimeout(() => resolve(performance.now() - started), 0);
    const check = () => {
      if (input.value !== before) {
        requestAnimationFrame(painted);
      } else {
        requestAnimationFrame(check);
      }
    };
    queueMicrotask(check);
  });
})`;

/** Sums the gzip size of every script index.html loads (the entry and its static imports). */
async function initialScriptBytes(): Promise<{ raw: number; gzip: number; files: number }> {
  const html = await readFile(path.join(RENDERER_DIR, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] ?? '');
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  let raw = 0;
  let gzip = 0;
  for (const source of [...sources, ...preloads]) {
    const body = await readFile(path.join(RENDERER_DIR, source));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files: sources.length + preloads.length };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export default async function bench(): Promise<void> {
  const size = await initialScriptBytes();
  console.log(
    `renderer initial JS: ${kib(size.gzip)} gzip (${kib(size.raw)} raw, ${size.files} file${size.files === 1 ? '' : 's'})`,
  );

  const harness = await startHarness();
  try {
    await setUpDemoLane(harness);
    await harness.call('session.logout');

    const paints: number[] = [];
    for (let run = 0; run < SAMPLES; run += 1) {
      const page = await harness.openApp();
      await page.bringToFront();
      await page.getByTestId('operator-tiles').waitFor();
      const paintedAt = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const observer = new PerformanceObserver((list) => {
              const entry = list
                .getEntries()
                .find(
                  (item) =>
                    (item as PerformanceEntry & { identifier?: string }).identifier ===
                    'login-screen',
                ) as (PerformanceEntry & { renderTime: number; loadTime: number }) | undefined;
              if (entry !== undefined) {
                observer.disconnect();
                resolve(entry.renderTime || entry.loadTime);
              }
            });
            observer.observe({ type: 'element', buffered: true });
            setTimeout(() => resolve(Number.NaN), 2_000);
          }),
      );
      if (!Number.isNaN(paintedAt)) paints.push(paintedAt);
      await page.close();
    }
    console.log(
      paints.length === 0
        ? 'login screen first paint: no Element Timing entry'
        : `login screen first paint: median ${ms(median(paints))}, p95 ${ms(percentile(paints, 0.95))} (${paints.length} loads)`,
    );

    await harness.call('session.login', { operatorId: 1, pin: '4826' });
    const page = await harness.openApp();
    // Frames are drawn for the tab in front only.
    await page.bringToFront();
    await page.getByTestId('amount-input').waitFor();
    const keypad: number[] = [];
    for (let run = 0; run < SAMPLES; run += 1) {
      const elapsed = (await page.evaluate(KEYPAD_PRESS_SCRIPT)) as number;
      keypad.push(elapsed);
    }
    console.log(
      `keypad press to amount on screen: median ${ms(median(keypad))}, p95 ${ms(percentile(keypad, 0.95))} (${SAMPLES} presses)`,
    );
    await page.close();
  } finally {
    await harness.close();
  }
}
