/**
 * The Electron shell's security policy as plain data and pure checks, so every rule is unit-tested
 * without Electron: the window's webPreferences, the Content-Security-Policy, which URLs the app
 * may show, and which links may leave for the user's browser.
 */

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** No remote content at all: scripts, styles, images, fonts and connections stay inside the app. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** External links open in the user's browser only when they are plain https: URLs without credentials. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname.length > 0;
}

/** The app's own pages: the packaged renderer file, or the dev server while developing. */
export function isAppUrl(url: unknown, rendererFile: string, devServerUrl?: string): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    if (parsed.origin === dev.origin) return true;
  }
  if (parsed.protocol !== 'file:') return false;
  return decodeURIComponent(parsed.pathname).replace(/\\/g, '/').endsWith(rendererFile.replace(/\\/g, '/'));
}
