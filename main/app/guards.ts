import type { App, Session, WebContents } from 'electron';

import { createLogger } from '../log/logger';
import { isAppPageUrl } from './origin';

const logger = createLogger('app.guards');

/** Cuts a URL for a log line: scheme and host are enough to see where a page tried to go. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Denies every permission the page could ask for (camera, notifications, serial, HID, clipboard,
 * …). The till needs none: the serial port is opened by main, never by the page.
 */
export function installSessionGuards(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('permission request denied', { permission });
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.on('will-download', (event) => {
    logger.warn('download refused');
    event.preventDefault();
  });
}

/**
 * Keeps a WebContents on our own pages: navigation and redirects to any other URL are cancelled,
 * `window.open` is denied, and `<webview>` cannot be attached.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, legacyUrl) => {
    const url = event.url ?? legacyUrl;
    if (!isAppPageUrl(url)) {
      logger.warn('navigation denied', { to: describeUrl(url) });
      event.preventDefault();
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppPageUrl(event.url)) {
      logger.warn('frame navigation denied', { to: describeUrl(event.url) });
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event, legacyUrl) => {
    const url = event.url ?? legacyUrl;
    if (!isAppPageUrl(url)) {
      logger.warn('redirect denied', { to: describeUrl(url) });
      event.preventDefault();
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open denied', { to: describeUrl(url) });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    logger.warn('webview attach denied');
    event.preventDefault();
  });
}

/** Guards every WebContents the app creates, including ones created later. */
export function installWebContentsGuards(target: App): void {
  target.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents);
  });
}
