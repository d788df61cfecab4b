/**
 * The Electron shell's wiring, driven without Electron: main.ts hands `app`, `ipcMain`,
 * `session.defaultSession` (and, through `web-contents-created`, every web contents) to the
 * functions in src/main/electron/wiring.ts; here the same functions get small EventEmitter fakes,
 * and the tests fire the events Electron would fire.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/security';
import { bindIpc, guardEveryWebContents, lockDownSession, REFUSED_SENDER, type IpcCall, type IpcHandlers, type LockableSession } from '../../src/main/electron/wiring';
import type { HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { tempDatabase } from '../helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_FILE = '/opt/Stepwise/resources/app/out/renderer/index.html';
const APP_PAGE = `file://${RENDERER_FILE}`;

/** A web contents: Electron emits its navigation events; the window-open handler is a setter. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

/** Electron's preventable event, recording whether the listener prevented it. */
function electronEvent() {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

class FakeIpcMain implements IpcHandlers {
  readonly handlers = new Map<string, (event: IpcCall, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcCall, ...args: unknown[]) => unknown): void {
    // Electron throws on a second handler for one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from a frame at `url` (null: the frame is gone) reaches. */
  async call(channel: string, url: string | null, ...args: unknown[]) {
    const sent: unknown[][] = [];
    const event: IpcCall = { senderFrame: url === null ? null : { url }, sender: { send: (...a: unknown[]) => void sent.push(a) } };
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return { result: await handler(event, ...args), sent };
  }
}

describe('every web contents is guarded (app "web-contents-created")', () => {
  const opened: string[] = [];
  const app = new EventEmitter();
  guardEveryWebContents(app, (url) => opened.push(url));
  const created = () => {
    const contents = new FakeContents();
    app.emit('web-contents-created', electronEvent(), contents);
    return contents;
  };

  it('listens for web contents, and guards each one the app creates (the window, and anything after it)', () => {
    expect(app.listenerCount('web-contents-created')).toBe(1);
    const bare = new FakeContents();
    expect(bare.listenerCount('will-navigate')).toBe(0);
    for (const contents of [created(), created()]) {
      for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) expect(contents.listenerCount(name), name).toBe(1);
      expect(contents.openHandler).toBeTypeOf('function');
    }
  });

  it('will-navigate / will-frame-navigate / will-redirect to a foreign page: prevented', () => {
    const contents = created();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///tmp/evil/index.html', 'javascript:alert(1)', 'http://localhost:5173/']) {
        const event = electronEvent();
        contents.emit(name, event, url, false, true);
        expect(event.prevented, `${name} ${url}`).toBe(true);
      }
    }
  });

  it('will-navigate even to the app’s own page: prevented (the app routes by hash, which raises no navigation)', () => {
    const contents = created();
    const event = electronEvent();
    contents.emit('will-navigate', event, `${APP_PAGE}#/students`, false, true);
    expect(event.prevented).toBe(true);
  });

  it('will-attach-webview: prevented', () => {
    const contents = created();
    const event = electronEvent();
    contents.emit('will-attach-webview', event, { preload: '/tmp/evil.js', nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(event.prevented).toBe(true);
  });

  it('setWindowOpenHandler: no window ever; a plain https link goes to the user’s browser, nothing else does', () => {
    const contents = created();
    opened.length = 0;
    for (const url of ['https://www.usmle.org/bulletin', 'http://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', APP_PAGE, 'https://user:pw@evil.example/'])
      expect(contents.openHandler!({ url }), url).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.usmle.org/bulletin']);
  });
});

describe('the session is locked down', () => {
  let headersListener: Parameters<LockableSession['webRequest']['onHeadersReceived']>[0] | null = null;
  let requestHandler: Parameters<LockableSession['setPermissionRequestHandler']>[0] | null = null;
  let checkHandler: Parameters<LockableSession['setPermissionCheckHandler']>[0] | null = null;
  lockDownSession({
    webRequest: { onHeadersReceived: (listener) => void (headersListener = listener) },
    setPermissionRequestHandler: (handler) => void (requestHandler = handler),
    setPermissionCheckHandler: (handler) => void (checkHandler = handler),
  });

  it('refuses every permission request (camera, notifications, geolocation…), from any page', () => {
    expect(requestHandler).toBeTypeOf('function');
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const answers: boolean[] = [];
      requestHandler!({ getURL: () => APP_PAGE }, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
    }
  });

  it('answers every permission check with no', () => {
    expect(checkHandler).toBeTypeOf('function');
    expect((checkHandler as (...a: unknown[]) => boolean)(null, 'media', 'file://', {})).toBe(false);
    expect((checkHandler as (...a: unknown[]) => boolean)(null, 'notifications', 'https://evil.example', {})).toBe(false);
  });

  it('puts the app’s CSP on every response, replacing the one it carried', () => {
    const answers: { responseHeaders: Record<string, string[]> }[] = [];
    headersListener!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } }, (r) => answers.push(r));
    expect(answers).toEqual([{ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'Content-Type': ['text/html'] } }]);
  });
});

describe('IPC: only the app’s own page reaches the core', () => {
  let db: Db;
  let dbReads = 0;
  let ctx: Omit<HandlerContext, 'progress' | 'signal'>;
  const opened: string[] = [];
  const ipc = new FakeIpcMain();
  const devIpc = new FakeIpcMain();

  beforeAll(async () => {
    const t = await tempDatabase();
    db = t.db;
    // Like the shell's context (contextFor): a getter, so a refused call can be seen never to open the database.
    ctx = {
      get db() {
        dbReads++;
        return db;
      },
      databasePath: t.file,
      actor: 'test-advisor',
    };
    bindIpc(ipc, { rendererFile: RENDERER_FILE, ctx, openExternal: (url) => opened.push(url) });
    bindIpc(devIpc, { rendererFile: RENDERER_FILE, devUrl: 'http://localhost:5173', ctx, openExternal: (url) => opened.push(url) });
  });
  afterAll(() => db.close());

  it('binds the two channels the preload calls, and no others', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(['stepwise:invoke', 'stepwise:open-external']);
    const preload = fs.readFileSync(path.join(ROOT, 'src/main/electron/preload.ts'), 'utf8');
    const called = [...preload.matchAll(/ipcRenderer\.invoke\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(called).toEqual([...ipc.handlers.keys()].sort());
  });

  it('dispatches a call from the app’s own page to the core', async () => {
    for (const url of [APP_PAGE, `${APP_PAGE}#/settings?tab=backups`]) {
      const before = dbReads;
      const { result } = await ipc.call('stepwise:invoke', url, 'app.info', {});
      expect(result, url).toMatchObject({ ok: true, value: { studentCount: 0 } });
      expect(dbReads).toBeGreaterThan(before);
    }
    // Dispatched means the core's own checks apply too.
    expect((await ipc.call('stepwise:invoke', APP_PAGE, 'db.dropEverything', {})).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HANDLER' } });
  });

  it('refuses a call from any other frame or web contents, before the core runs', async () => {
    const foreign = [
      'https://evil.example/',
      `https://evil.example${RENDERER_FILE}`,
      'file:///tmp/evil/index.html',
      `file://${RENDERER_FILE}.evil/index.html`,
      // A copy of the app's folder tree somewhere else, or on another host: same path suffix, not the app's page.
      `file:///tmp/evil${RENDERER_FILE}`,
      `file://evil.example${RENDERER_FILE}`,
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
      null,
    ];
    for (const url of foreign) {
      const before = dbReads;
      const { result, sent } = await ipc.call('stepwise:invoke', url, 'app.info', {});
      expect(result, String(url)).toEqual(REFUSED_SENDER);
      expect(dbReads, `${url} reached the database`).toBe(before);
      expect(sent).toEqual([]);
    }
  });

  it('while developing, the dev server’s origin is the app’s page, and only that origin', async () => {
    expect((await devIpc.call('stepwise:invoke', 'http://localhost:5173/#/students', 'app.info', {})).result).toMatchObject({ ok: true });
    expect((await devIpc.call('stepwise:invoke', APP_PAGE, 'app.info', {})).result).toMatchObject({ ok: true });
    for (const url of ['http://localhost:5174/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'https://evil.example/'])
      expect((await devIpc.call('stepwise:invoke', url, 'app.info', {})).result, url).toEqual(REFUSED_SENDER);
  });

  it('opens only plain https links in the user’s browser', async () => {
    opened.length = 0;
    expect((await ipc.call('stepwise:open-external', APP_PAGE, 'https://www.nrmp.org/')).result).toBe(true);
    for (const url of ['http://www.nrmp.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://a:b@x.org', 42, null])
      expect((await ipc.call('stepwise:open-external', APP_PAGE, url)).result, String(url)).toBe(false);
    expect(opened).toEqual(['https://www.nrmp.org/']);
  });

  it('opens no link for any other frame, not even a plain https one', async () => {
    opened.length = 0;
    for (const url of ['https://evil.example/', 'file:///tmp/evil/index.html', `file:///tmp/evil${RENDERER_FILE}`, null])
      expect((await ipc.call('stepwise:open-external', url, 'https://evil.example/phish')).result, String(url)).toBe(false);
    expect(opened).toEqual([]);
  });
});
