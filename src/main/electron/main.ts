/**
 * Electron main process: wiring only. Opens the database in the user-data folder, creates one
 * locked-down window, and binds the single IPC channel to the same `invoke` dispatcher the CLI and
 * the web host use. All logic lives in src/main and src/shared.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { openDatabase, type Db } from '../db/open';
import { invoke } from '../handlers';
import { osUser } from '../handlers/context';
import { CONTENT_SECURITY_POLICY, WEB_PREFERENCES, isAppUrl, isSafeExternalUrl } from './security';

const RENDERER_FILE = path.join(import.meta.dirname, '../renderer/index.html');
const DEV_URL = process.env.ELECTRON_RENDERER_URL;

let db: Db | null = null;

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Stepwise',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: path.join(import.meta.dirname, '../preload/index.cjs') },
  });
  win.once('ready-to-show', () => win.show());
  // Navigation and new windows are never allowed; https links go to the user's browser instead.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (DEV_URL) await win.loadURL(DEV_URL);
  else await win.loadFile(RENDERER_FILE);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  // Same file the CLI defaults to (src/main/paths.ts), taken from Electron's own userData folder.
  const databasePath = process.env.STEPWISE_DB ?? path.join(app.getPath('userData'), 'stepwise.db');
  try {
    db = await openDatabase(databasePath);
  } catch (err) {
    dialog.showErrorBox('Stepwise cannot open its database', (err as Error).message);
    app.quit();
    return;
  }
  const ctxBase = { db, databasePath, actor: osUser() };

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle('stepwise:invoke', (event, name: unknown, input: unknown) => {
    // Only our own page may call the core; anything else (a stray frame, a navigated page) is refused.
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url, RENDERER_FILE, DEV_URL))
      return { ok: false, error: { code: 'REJECTED', message: 'Call refused: unknown sender' } };
    return invoke({ ...ctxBase, progress: (p) => event.sender.send('stepwise:progress', p) }, name, input);
  });
  ipcMain.handle('stepwise:open-external', (_event, url: unknown) => {
    if (!isSafeExternalUrl(url)) return false;
    void shell.openExternal(url);
    return true;
  });

  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  db?.close();
  db = null;
  if (process.platform !== 'darwin') app.quit();
});
