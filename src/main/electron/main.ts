/**
 * Electron main process: wiring only. Opens the database in the user-data folder (integrity-checked,
 * with a recovery dialog when it is damaged), backs it up on start and daily, creates one locked-down
 * window, and binds the single IPC channel to the same `invoke` dispatcher the CLI and the web host
 * use. The security policy itself is plain data and pure functions in ./security; the guards are
 * wired onto app, ipcMain, each web contents and the session by ./wiring (both unit-tested).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { backupsDirFor, contextFor, DamagedDatabaseError, openForShell, recoveryPrompt, restoreBackup, scheduleDailyBackups, type DatabaseHolder } from '../backup';
import { osUser } from '../handlers/context';
import { OfficeConnectionFiles } from '../office/connection';
import { OfficeSwitch } from '../office/switch';
import { useReportWorker } from '../reports/report-thread';
import { electronKeychain } from './keychain';
import type { WEB_PREFERENCES } from './security';
import { bindIpc, guardEveryWebContents, lockDownSession } from './wiring';

const RENDERER_FILE = path.join(import.meta.dirname, '../renderer/index.html');
// The bundled worker thread of the committee report (a second entry in electron.config.ts).
// Packaged, the worker runs from app.asar.unpacked (electron-builder.json's asarUnpack): a worker thread cannot load code from inside the archive.
useReportWorker(path.join(import.meta.dirname, 'report-worker.js').replace(/\bapp\.asar([\\/])/, 'app.asar.unpacked$1'));
const DEV_URL = process.env.ELECTRON_RENDERER_URL;

let holder: DatabaseHolder | null = null;
let office: OfficeSwitch | null = null;
let stopDailyBackups: (() => void) | null = null;

const openExternal = (url: string) => void shell.openExternal(url);
const reportBackupError = (err: unknown) => process.stderr.write(`Stepwise: backup failed: ${(err as Error).message}\n`);

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Stepwise',
    show: false,
    // Spelled out (not spread) so electronegativity can read it; `satisfies` holds it to the unit-tested policy.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
    } satisfies typeof WEB_PREFERENCES & { preload: string },
  });
  win.once('ready-to-show', () => win.show());
  if (DEV_URL) await win.loadURL(DEV_URL);
  else await win.loadFile(RENDERER_FILE);
}

// Every web contents (the window, and anything it might try to create): no navigation, no new windows, no webviews.
guardEveryWebContents(app, openExternal);

/** Opens the database; a damaged one gets the recovery dialog, which can restore the newest good backup. */
async function openOrRecover(databasePath: string): Promise<DatabaseHolder | null> {
  try {
    return await openForShell(databasePath, reportBackupError);
  } catch (err) {
    if (!(err instanceof DamagedDatabaseError)) {
      dialog.showErrorBox('Stepwise cannot open its database', (err as Error).message);
      return null;
    }
    const prompt = recoveryPrompt(err);
    const choice = dialog.showMessageBoxSync({ type: 'error', title: prompt.title, message: prompt.message, detail: prompt.detail, buttons: prompt.buttons, defaultId: 0, cancelId: prompt.buttons.length - 1, noLink: true });
    if (!prompt.canRestore || choice !== 0 || !err.newestGood) return null;
    try {
      await restoreBackup({ dbPath: databasePath, backupFile: path.join(backupsDirFor(databasePath), err.newestGood.name), actor: osUser() });
      return await openForShell(databasePath, reportBackupError);
    } catch (restoreErr) {
      dialog.showErrorBox('Stepwise could not restore the backup', (restoreErr as Error).message);
      return null;
    }
  }
}

app.whenReady().then(async () => {
  // Same file the CLI defaults to (src/main/paths.ts), taken from Electron's own userData folder.
  const databasePath = process.env.STEPWISE_DB ?? path.join(app.getPath('userData'), 'stepwise.db');
  holder = await openOrRecover(databasePath);
  if (!holder) {
    app.quit();
    return;
  }
  stopDailyBackups = scheduleDailyBackups(holder, { onError: reportBackupError });
  // CSP on every response, every permission refused; IPC only from our own page (./wiring).
  lockDownSession(session.defaultSession);
  // Settings → Office database: the kept connection signs in now (password from the OS keychain), or
  // the window works on the laptop's file and Settings says why.
  const laptop = holder;
  // The kept connection lives next to the laptop's database file (the user-data folder unless STEPWISE_DB says otherwise).
  office = new OfficeSwitch(new OfficeConnectionFiles(path.dirname(databasePath), electronKeychain(safeStorage, process.platform)), () => contextFor(laptop));
  await office.start();
  // Other people's changes to the office database reach every window within about 2 s (LISTEN/NOTIFY).
  office.onChange((change) => BrowserWindow.getAllWindows().forEach((w) => w.webContents.send('stepwise:changed', change)));
  bindIpc(ipcMain, { rendererFile: RENDERER_FILE, devUrl: DEV_URL, ctx: office.context(), openExternal });

  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  stopDailyBackups?.();
  void office?.close();
  holder?.close();
  holder = null;
});
