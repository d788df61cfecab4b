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
  // Middle-click would otherwise open links in a new window without passing the window-open handler's checks.
  disableBlinkFeatures: 'Auxclick',
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
  // The whole path, and the host of a network share: a copy of the app's folder tree elsewhere ends with the same suffix.
  const normal = (p: string) =>
    p
      .replace(/\\/g, '/')
      .replace(/^\/+/, '')
      .replace(/^([a-z]):/i, (_m, drive: string) => `${drive.toUpperCase()}:`);
  let page: string;
  try {
    page = decodeURIComponent(parsed.pathname);
  } catch {
    return false;
  }
  return normal(parsed.host ? `${parsed.host}${page}` : page) === normal(rendererFile);
}

/** What the window-open and navigation handlers need of Electron's events (kept structural so tests need no Electron). */
export interface PreventableEvent {
  preventDefault(): void;
}

/**
 * `will-navigate` / `will-redirect` / `will-frame-navigate`: the app is a single page that routes by
 * hash, so any real navigation is a link or a script trying to leave it — always refused. In-page
 * hash changes do not raise these events.
 */
export function refuseNavigation(event: PreventableEvent, _url?: string): void {
  event.preventDefault();
}

/**
 * `setWindowOpenHandler`: no new Electron windows, ever. A plain https link (`target=_blank`) is
 * handed to the user's browser through `openExternal` after the same check the preload's opener uses.
 */
export function windowOpenHandler(openExternal: (url: string) => void) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  };
}

/** Camera, microphone, notifications, geolocation…: the app needs none, so every request is refused. */
export function refusePermission(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** Adds the app's CSP to every response the window loads, overriding any the response carried. */
export function withContentSecurityPolicy(headers: Record<string, string | string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
