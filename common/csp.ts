/**
 * The renderer's Content-Security-Policy. Main sends it as a header with every `app://` page and
 * the built index.html carries it in a meta tag; the browser test harness serves the same header.
 * Scripts and styles come only from the app bundle, nothing may connect out, and Trusted Types
 * are required so no string can become HTML or script.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** The app's own origin in Electron: pages are served from this custom protocol. */
export const APP_ORIGIN = 'app://cardlane';
