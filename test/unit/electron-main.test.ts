/**
 * src/main/electron/main.ts itself, run with `electron` replaced by small fakes (no Electron binary
 * runs here): the app starts, opens a real database, creates its window, and the test then fires
 * the events Electron would fire at that window, its session and ipcMain. This proves main.ts
 * really hands its objects to the guards (test/unit/electron-wiring.test.ts covers each guard).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, WEB_PREFERENCES } from '../../src/main/electron/security';
import { REFUSED_SENDER } from '../../src/main/electron/wiring';
import { tempDir } from '../helpers';

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  type Handler = (event: unknown, ...args: unknown[]) => unknown;

  class FakeContents extends EventEmitter {
    openHandler: ((details: { url: string }) => unknown) | null = null;
    readonly sent: unknown[][] = [];
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      this.openHandler = handler;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }

  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const quits: string[] = [];
  const app = Object.assign(new EventEmitter(), {
    whenReady: () => whenReady,
    quit: () => void quits.push('quit'),
    getPath: (name: string): string => {
      throw new Error(`the test sets STEPWISE_DB; main.ts asked for app.getPath('${name}')`);
    },
  });

  const windows: FakeWindow[] = [];
  let windowLoaded!: (win: FakeWindow) => void;
  const loaded = new Promise<FakeWindow>((resolve) => (windowLoaded = resolve));
  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeContents();
    loadedFile: string | null = null;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      windows.push(this);
      // As Electron does: a new window's web contents is announced before anything loads in it.
      app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
    }
    static getAllWindows() {
      return windows;
    }
    async loadFile(file: string) {
      this.loadedFile = file;
      windowLoaded(this);
    }
    async loadURL(url: string) {
      throw new Error(`the test runs the packaged page; main.ts loaded ${url}`);
    }
    show() {}
  }

  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle(channel: string, listener: Handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
  };

  type HeadersListener = (details: unknown, callback: (r: unknown) => void) => void;
  type RequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;
  type CheckHandler = (...args: unknown[]) => boolean;
  const defaultSession = {
    headersListener: null as HeadersListener | null,
    requestHandler: null as RequestHandler | null,
    checkHandler: null as CheckHandler | null,
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        defaultSession.headersListener = listener;
      },
    },
    setPermissionRequestHandler(handler: RequestHandler) {
      defaultSession.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: CheckHandler) {
      defaultSession.checkHandler = handler;
    },
  };

  const dialogs: unknown[] = [];
  const opened: string[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain,
    session: { defaultSession },
    dialog: {
      showErrorBox: (...args: unknown[]) => void dialogs.push(args),
      showMessageBoxSync: (...args: unknown[]) => (dialogs.push(args), 1),
    },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    // No keychain here (as on a Linux desktop without a keyring): the window stays on the laptop's file.
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: (): Buffer => {
        throw new Error('no keychain in this test');
      },
      decryptString: (): string => {
        throw new Error('no keychain in this test');
      },
    },
  };
  return { electron, ready, loaded, windows, handlers, defaultSession, dialogs, opened, quits, FakeContents };
});

vi.mock('electron', () => fake.electron);

/** What `ipcRenderer.invoke(channel, ...args)` from a frame at `url` of the window reaches. */
async function call(channel: string, url: string | null, ...args: unknown[]) {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`main.ts registered no handler for '${channel}'`);
  return handler({ senderFrame: url === null ? null : { url }, sender: fake.windows[0].webContents }, ...args);
}

function electronEvent() {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

let dir: string;
let appPage: string;
const savedEnv = { db: process.env.STEPWISE_DB, dev: process.env.ELECTRON_RENDERER_URL };

beforeAll(async () => {
  dir = tempDir();
  process.env.STEPWISE_DB = path.join(dir, 'stepwise.db');
  delete process.env.ELECTRON_RENDERER_URL;
  await import('../../src/main/electron/main');
  fake.ready();
  const win = await fake.loaded;
  appPage = pathToFileURL(win.loadedFile!).href;
});

afterAll(async () => {
  // A backup runs after the start-up one (one at a time), so nothing is still copying the file when it closes.
  if (fake.handlers.has('stepwise:invoke')) await call('stepwise:invoke', appPage, 'backup.create', {});
  fake.electron.app.emit('will-quit');
  process.env.STEPWISE_DB = savedEnv.db;
  if (savedEnv.dev === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = savedEnv.dev;
  if (savedEnv.db === undefined) delete process.env.STEPWISE_DB;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('main.ts, started with a fake Electron', () => {
  it('opens its database without a dialog and creates one window with the policy’s webPreferences and the preload', () => {
    expect(fake.dialogs).toEqual([]);
    expect(fake.quits).toEqual([]);
    expect(fs.existsSync(process.env.STEPWISE_DB!)).toBe(true);
    expect(fake.windows).toHaveLength(1);
    const { webPreferences } = fake.windows[0].options;
    expect(webPreferences).toEqual({ ...WEB_PREFERENCES, preload: expect.stringMatching(/[\\/]preload[\\/]index\.cjs$/) });
    expect(fake.windows[0].loadedFile).toMatch(/[\\/]renderer[\\/]index\.html$/);
  });

  it('guards the window’s web contents: foreign navigation, webviews and new windows are refused', () => {
    const contents = fake.windows[0].webContents;
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const event = electronEvent();
      contents.emit(name, event, 'https://evil.example/', false, true);
      expect(event.prevented, name).toBe(true);
    }
    const webview = electronEvent();
    contents.emit('will-attach-webview', webview, { nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(webview.prevented).toBe(true);
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://evil.example/']);
    fake.opened.length = 0;
  });

  it('guards any later web contents too', () => {
    const later = new fake.FakeContents();
    fake.electron.app.emit('web-contents-created', electronEvent(), later);
    const event = electronEvent();
    later.emit('will-navigate', event, 'https://evil.example/');
    expect(event.prevented).toBe(true);
  });

  it('locks down the default session: every permission refused, the app’s CSP on every response', () => {
    const s = fake.defaultSession;
    const answers: boolean[] = [];
    s.requestHandler!(fake.windows[0].webContents, 'media', (granted) => answers.push(granted), {});
    s.requestHandler!(fake.windows[0].webContents, 'notifications', (granted) => answers.push(granted), {});
    expect(answers).toEqual([false, false]);
    expect(s.checkHandler!(null, 'geolocation', appPage, {})).toBe(false);
    let headers: unknown;
    s.headersListener!({ responseHeaders: { 'Content-Security-Policy': ['default-src *'] } }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('dispatches IPC from the page it loaded to the core, on the database it opened', async () => {
    expect(await call('stepwise:invoke', appPage, 'app.info', {})).toMatchObject({ ok: true, value: { studentCount: 0 } });
    expect(await call('stepwise:invoke', `${appPage}#/students`, 'app.info', {})).toMatchObject({ ok: true });
  });

  it('refuses IPC from any other frame', async () => {
    const copy = `file:///tmp/evil${new URL(appPage).pathname}`;
    for (const url of ['https://evil.example/', 'file:///tmp/evil/index.html', copy, 'http://localhost:5173/', 'about:blank', null])
      expect(await call('stepwise:invoke', url, 'app.info', {}), String(url)).toEqual(REFUSED_SENDER);
    expect(fake.windows[0].webContents.sent).toEqual([]);
  });

  it('opens only plain https links from the page in the user’s browser', async () => {
    expect(await call('stepwise:open-external', appPage, 'https://www.nrmp.org/')).toBe(true);
    expect(await call('stepwise:open-external', appPage, 'file:///etc/passwd')).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.opened).toEqual(['https://www.nrmp.org/']);
  });
});
