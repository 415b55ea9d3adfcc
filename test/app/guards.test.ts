import type { App, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';

import {
  guardWebContents,
  installSessionGuards,
  installWebContentsGuards,
} from '../../main/app/guards';
import { isAppPageUrl } from '../../main/app/origin';
import { app, BrowserWindow, fakeEvent, session } from '../fakes/electron';

function navigationEvent(url: string) {
  return Object.assign(fakeEvent(), { url, isMainFrame: true, isSameDocument: false, frame: null });
}

function guardedContents() {
  const window = new BrowserWindow();
  guardWebContents(window.webContents as unknown as WebContents);
  return window.webContents;
}

describe('navigation guards', () => {
  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://cardlane.evil/index.html',
    'app://user:pass@cardlane/index.html',
    'javascript:alert(1)',
    'not a url',
  ])('denies navigation to %s', (url) => {
    const contents = guardedContents();
    const event = navigationEvent(url);
    contents.emit('will-navigate', event, url);
    expect(event.defaultPrevented).toBe(true);
  });

  it('allows navigation within the app', () => {
    const contents = guardedContents();
    const event = navigationEvent('app://cardlane/index.html');
    contents.emit('will-navigate', event, 'app://cardlane/index.html');
    expect(event.defaultPrevented).toBe(false);
  });

  it('denies redirects to another origin', () => {
    const contents = guardedContents();
    const away = navigationEvent('https://example.com/');
    contents.emit('will-redirect', away, 'https://example.com/');
    expect(away.defaultPrevented).toBe(true);

    const home = navigationEvent('app://cardlane/index.html');
    contents.emit('will-redirect', home, 'app://cardlane/index.html');
    expect(home.defaultPrevented).toBe(false);
  });

  it('denies subframe navigation to another origin', () => {
    const contents = guardedContents();
    const event = Object.assign(navigationEvent('https://example.com/'), { isMainFrame: false });
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies window.open', () => {
    const contents = guardedContents();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'app://cardlane/index.html' })).toEqual({
      action: 'deny',
    });
  });

  it('prevents webview attachment', () => {
    const contents = guardedContents();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('guards every window created later', () => {
    installWebContentsGuards(app as unknown as App);
    const window = new BrowserWindow();
    expect(window.webContents.windowOpenHandler).not.toBeNull();
    const event = navigationEvent('https://example.com/');
    window.webContents.emit('will-navigate', event, 'https://example.com/');
    expect(event.defaultPrevented).toBe(true);
    app.removeAllListeners('web-contents-created');
  });
});

describe('session guards', () => {
  installSessionGuards(session.defaultSession as unknown as Session);

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'serial',
    'hid',
    'fullscreen',
  ])('denies the %s permission request', (permission) => {
    const answers: boolean[] = [];
    session.defaultSession.permissionRequestHandler?.(
      {},
      permission,
      (granted: boolean) => answers.push(granted),
      {},
    );
    expect(answers).toEqual([false]);
  });

  it('denies permission checks', () => {
    expect(session.defaultSession.permissionCheckHandler?.({}, 'media', 'app://cardlane', {})).toBe(
      false,
    );
    expect(session.defaultSession.devicePermissionHandler?.({ deviceType: 'serial' })).toBe(false);
  });

  it('cancels downloads', () => {
    const [listener] = session.defaultSession.listeners.get('will-download') ?? [];
    const event = fakeEvent();
    listener?.(event, {}, {});
    expect(listener).toBeDefined();
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('isAppPageUrl', () => {
  it('accepts our pages', () => {
    expect(isAppPageUrl('app://cardlane/index.html')).toBe(true);
    expect(isAppPageUrl('app://cardlane/index.html#/sale')).toBe(true);
    expect(isAppPageUrl('app://cardlane/')).toBe(true);
  });

  it('rejects other origins', () => {
    expect(isAppPageUrl('')).toBe(false);
    expect(isAppPageUrl('https://cardlane/index.html')).toBe(false);
    expect(isAppPageUrl('app://cardlane:8080/index.html')).toBe(false);
    expect(isAppPageUrl('app://evil/index.html')).toBe(false);
  });
});
