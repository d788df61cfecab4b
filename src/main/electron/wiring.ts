/**
 * The Electron shell's guards, wired onto the objects main.ts hands in (app, ipcMain, each web
 * contents, the session). No `electron` import here: every parameter is the structural slice of
 * Electron's type that the wiring uses, so a unit test drives exactly this code with small fakes
 * (test/unit/electron-wiring.test.ts). The rules themselves are the pure functions in ./security.
 */
import { invoke } from '../handlers';
import type { HandlerContext } from '../handlers/context';
import { isAppUrl, isSafeExternalUrl, refuseNavigation, refusePermission, windowOpenHandler, withContentSecurityPolicy, type PreventableEvent } from './security';

/** What the guards need of a `WebContents`. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** What the wiring needs of `app`. */
export interface AppEvents {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
}

/** What the wiring needs of a `Session`. */
export interface LockableSession {
  webRequest: {
    onHeadersReceived(listener: (details: { responseHeaders?: Record<string, string | string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** What an `ipcMain.handle` listener gets (`IpcMainInvokeEvent`): the calling frame, null once it is gone. */
export interface IpcCall {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: { send(channel: string, ...args: unknown[]): void };
}

/** What the wiring needs of `ipcMain`. */
export interface IpcHandlers {
  handle(channel: string, listener: (event: IpcCall, ...args: unknown[]) => unknown): void;
}

export const REFUSED_SENDER = { ok: false, error: { code: 'REJECTED', message: 'Call refused: unknown sender' } } as const;

/** One web contents: no navigation, no webviews, no new windows (plain https links go to the user's browser). */
export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-frame-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler(openExternal));
}

/** Every web contents the app creates (the window, and anything it might try to create) gets the guards. */
export function guardEveryWebContents(app: AppEvents, openExternal: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
}

/** The session: the app's CSP on every response, and every permission refused (requested or merely checked). */
export function lockDownSession(session: LockableSession): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler(refusePermission);
  session.setPermissionCheckHandler(() => false);
}

export interface IpcOptions {
  /** The packaged renderer's index.html, and the dev server's URL while developing: the app's own pages. */
  rendererFile: string;
  devUrl?: string;
  /** The shell's context; spread per call, so its getters pick up a restored database and the advisor name set in Settings. */
  ctx: Omit<HandlerContext, 'progress' | 'signal'>;
  openExternal: (url: string) => void;
}

/**
 * The two IPC channels. Only the app's own page may call them; anything else (a stray frame, a
 * navigated page, a frame already gone) is refused before the core runs or a link opens.
 */
export function bindIpc(ipcMain: IpcHandlers, opts: IpcOptions): void {
  const fromApp = (event: IpcCall) => event.senderFrame !== null && isAppUrl(event.senderFrame.url, opts.rendererFile, opts.devUrl);
  ipcMain.handle('stepwise:invoke', (event, name, input) => {
    if (!fromApp(event)) return REFUSED_SENDER;
    return invoke({ ...opts.ctx, progress: (p) => event.sender.send('stepwise:progress', p) }, name, input);
  });
  ipcMain.handle('stepwise:open-external', (event, url) => {
    if (!fromApp(event) || !isSafeExternalUrl(url)) return false;
    opts.openExternal(url);
    return true;
  });
}
