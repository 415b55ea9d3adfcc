import { afterEach, describe, expect, it } from 'vitest';

import { printReceiptInHiddenWindow } from '../../main/app/print';
import { BrowserWindow, FakeWebContents } from '../fakes/electron';

const receipt = {
  html: '<!doctype html><p>Total &lt;b&gt; $12.34</p>',
  text: 'Total $12.34',
};

afterEach(() => {
  FakeWebContents.printFailure = null;
});

function lastWindow(): BrowserWindow {
  const window = BrowserWindow.instances.at(-1);
  if (window === undefined) throw new Error('no window was created');
  return window;
}

describe('receipt printing', () => {
  it('prints silently from a window without script or preload', async () => {
    await printReceiptInHiddenWindow(receipt);
    const window = lastWindow();
    const preferences = window.options.webPreferences as Record<string, unknown>;

    expect(window.options.show).toBe(false);
    expect(preferences.javascript).toBe(false);
    expect(preferences.preload).toBeUndefined();
    expect(preferences.sandbox).toBe(true);
    expect(window.webContents.url).toBe(
      `data:text/html;charset=utf-8,${encodeURIComponent(receipt.html)}`,
    );
    expect(window.webContents.printed).toEqual([{ silent: true, printBackground: false }]);
    expect(window.isDestroyed()).toBe(true);
  });

  it('reports a printer failure and closes the window', async () => {
    FakeWebContents.printFailure = 'no printer';
    await expect(printReceiptInHiddenWindow(receipt)).rejects.toThrow(
      'The receipt did not print: no printer.',
    );
    expect(lastWindow().isDestroyed()).toBe(true);
  });
});
