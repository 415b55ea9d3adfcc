import type { Input } from 'electron';
import { describe, expect, it } from 'vitest';

import {
  buildPrintWindowOptions,
  buildWindowOptions,
  createMainWindow,
  isBlockedKioskKey,
} from '../../main/app/window';
import { BrowserWindow, fakeEvent } from '../fakes/electron';

const PRELOAD = '/opt/cardlane/out/preload/index.cjs';

function key(init: Partial<Input> & { key: string }): Input {
  return {
    type: 'keyDown',
    code: '',
    isAutoRepeat: false,
    isComposing: false,
    shift: false,
    control: false,
    alt: false,
    meta: false,
    location: 0,
    modifiers: [],
    ...init,
  } as Input;
}

describe('window options', () => {
  it('isolates and sandboxes the page', () => {
    const { webPreferences } = buildWindowOptions({
      packaged: true,
      kiosk: false,
      preloadPath: PRELOAD,
    });
    expect(webPreferences?.sandbox).toBe(true);
    expect(webPreferences?.contextIsolation).toBe(true);
    expect(webPreferences?.nodeIntegration).toBe(false);
    expect(webPreferences?.nodeIntegrationInWorker).toBe(false);
    expect(webPreferences?.nodeIntegrationInSubFrames).toBe(false);
    expect(webPreferences?.webSecurity).toBe(true);
    expect(webPreferences?.allowRunningInsecureContent).toBe(false);
    expect(webPreferences?.webviewTag).toBe(false);
    expect(webPreferences?.spellcheck).toBe(false);
    expect(webPreferences?.preload).toBe(PRELOAD);
  });

  it('turns DevTools off when packaged', () => {
    expect(
      buildWindowOptions({ packaged: true, kiosk: false, preloadPath: PRELOAD }).webPreferences
        ?.devTools,
    ).toBe(false);
    expect(
      buildWindowOptions({ packaged: false, kiosk: false, preloadPath: PRELOAD }).webPreferences
        ?.devTools,
    ).toBe(true);
  });

  it('fills the screen in kiosk mode', () => {
    const kiosk = buildWindowOptions({ packaged: true, kiosk: true, preloadPath: PRELOAD });
    expect(kiosk.kiosk).toBe(true);
    expect(kiosk.fullscreen).toBe(true);
    const desk = buildWindowOptions({ packaged: true, kiosk: false, preloadPath: PRELOAD });
    expect(desk.kiosk).toBe(false);
    expect(desk.fullscreen).toBe(false);
  });
});

describe('kiosk keys', () => {
  it.each([
    ['F5', {}],
    ['r', { control: true }],
    ['R', { control: true, shift: true }],
    ['r', { meta: true }],
    ['F12', {}],
    ['I', { control: true, shift: true }],
    ['J', { control: true, shift: true }],
    ['C', { control: true, shift: true }],
    ['i', { alt: true, meta: true }],
  ])('blocks %s %o', (name, modifiers) => {
    expect(isBlockedKioskKey(key({ key: name, ...modifiers }))).toBe(true);
  });

  it.each([
    ['5', {}],
    ['r', {}],
    ['Enter', {}],
    ['Backspace', {}],
    ['c', { control: true }],
  ])('lets %s %o through', (name, modifiers) => {
    expect(isBlockedKioskKey(key({ key: name, ...modifiers }))).toBe(false);
  });

  it('ignores key releases', () => {
    expect(isBlockedKioskKey(key({ key: 'F5', type: 'keyUp' }))).toBe(false);
  });
});

describe('createMainWindow', () => {
  it('removes the menu and swallows reload keys in kiosk mode', () => {
    const window = createMainWindow({
      packaged: true,
      kiosk: true,
      preloadPath: PRELOAD,
    }) as unknown as BrowserWindow;
    expect(window.menuBarVisible).toBe(false);

    const reload = fakeEvent();
    window.webContents.emit('before-input-event', reload, key({ key: 'F5' }));
    expect(reload.defaultPrevented).toBe(true);

    const digit = fakeEvent();
    window.webContents.emit('before-input-event', digit, key({ key: '7' }));
    expect(digit.defaultPrevented).toBe(false);
  });

  it('leaves keys alone outside kiosk mode', () => {
    const window = createMainWindow({
      packaged: false,
      kiosk: false,
      preloadPath: PRELOAD,
    }) as unknown as BrowserWindow;
    expect(window.menuBarVisible).toBe(true);
    expect(window.webContents.listenerCount('before-input-event')).toBe(0);
  });

  it('shows the window once the page is ready', async () => {
    const window = createMainWindow({
      packaged: true,
      kiosk: false,
      preloadPath: PRELOAD,
    }) as unknown as BrowserWindow;
    expect(window.shown).toBe(false);
    await window.loadURL('app://cardlane/index.html');
    expect(window.shown).toBe(true);
  });
});

describe('print window options', () => {
  it('has no preload and no JavaScript', () => {
    const { webPreferences, show } = buildPrintWindowOptions();
    expect(show).toBe(false);
    expect(webPreferences?.preload).toBeUndefined();
    expect(webPreferences?.javascript).toBe(false);
    expect(webPreferences?.devTools).toBe(false);
    expect(webPreferences?.sandbox).toBe(true);
    expect(webPreferences?.nodeIntegration).toBe(false);
  });
});
