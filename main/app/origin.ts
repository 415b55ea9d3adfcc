import { APP_ORIGIN } from '../../common/csp';

/** The custom scheme the renderer is served from, and the host name of the app's own pages. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cardlane';

/** The till page the window loads. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * A static page, built into main rather than the renderer bundle, that the window shows when the
 * renderer keeps crashing or the services did not start. It has no script.
 */
export const OUT_OF_SERVICE_PATH = '/out-of-service.html';
export const OUT_OF_SERVICE_URL = `${APP_ORIGIN}${OUT_OF_SERVICE_PATH}`;

/**
 * True when the URL is a page of our own origin, `app://cardlane/…`. Node's URL reports the
 * origin of a non-special scheme as "null", so scheme and host are compared one by one, and a
 * URL with credentials or a port is never ours.
 */
export function isAppPageUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
