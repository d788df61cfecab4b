/**
 * Settings → Office database, as the desktop shell runs it (office/switch.ts), against a real
 * PostgreSQL with real password logins: a login is tested without keeping anything; signing in keeps
 * the connection and the password encrypted by the keychain (never in plain text), and every later
 * call works on the office database as that person; the next start signs in again by itself; a
 * password the keychain can no longer open, a server that does not answer, a wrong password each
 * leave the window on the laptop's file and say why; going back forgets both.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OfficeLogin } from '../../src/shared/api/office';
import { CHECKLIST } from '../../src/shared/checklist';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { OfficeConnectionFiles, type Keychain } from '../../src/main/office/connection';
import { testKeychain } from '../pg/office';
import { OfficeSwitch } from '../../src/main/office/switch';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import type { Db } from '../../src/main/db/open';
import { demoDatabase } from './backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

const PASSWORD = 'correct horse battery staple';

describePostgres('Settings → Office database in the desktop shell', (cluster) => {
  let d: TestDatabase;
  let laptop: Db;
  let laptopCtx: HandlerContext;
  let login: OfficeLogin;
  const switches: OfficeSwitch[] = [];

  function shell(dir: string, chain: Keychain): { office: OfficeSwitch; ctx: () => HandlerContext } {
    const office = new OfficeSwitch(new OfficeConnectionFiles(dir, chain), () => laptopCtx);
    switches.push(office);
    return { office, ctx: () => office.context() };
  }

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    ({ db: laptop } = await demoDatabase(60));
    laptopCtx = { db: laptop, databasePath: '/home/ada/stepwise.db', actor: 'ada' };
    const admin = new pg.Client(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(laptop, admin as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: '2026-11-26' });
    await addOfficeUser(admin, { login: `${d.name}_dean`, displayName: 'Dean Rivera', role: 'dean', password: PASSWORD });
    await admin.end();
    login = { host: '127.0.0.1', port: cluster.port, database: d.name, user: `${d.name}_dean`, password: PASSWORD, caFile: null };
  });
  afterAll(async () => {
    for (const s of switches) await s.close();
    await d?.drop();
  });

  it('tests a login without keeping it, and refuses a wrong password saying so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-'));
    const { ctx } = shell(dir, testKeychain());
    await (switches.at(-1)!).start();
    const tested = await invoke(ctx(), 'office.test', login);
    expect(tested).toEqual({ ok: true, value: { user: login.user, role: 'dean', students: 60, schemaVersion: expect.any(Number), tls: false, server: expect.stringMatching(/^15\./) } });
    expect(readdirSync(dir)).toEqual([]);
    const wrong = await invoke(ctx(), 'office.test', { ...login, password: 'not it' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/password was not accepted/) } });
    const state = await invoke(ctx(), 'office.connection', {});
    expect(state).toMatchObject({ ok: true, value: { engine: 'sqlite', current: '/home/ada/stepwise.db', saved: null, passwordKept: false, canKeepPassword: true, problem: null } });
  });

  it('signs in, keeps the password only encrypted, works on the office database, and signs in again at the next start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-'));
    const chain = testKeychain();
    const first = shell(dir, chain);
    await first.office.start();
    const connected = await invoke(first.ctx(), 'office.connect', login);
    expect(connected).toMatchObject({ ok: true, value: { engine: 'postgres', user: login.user, role: 'dean', passwordKept: true, problem: null } });
    expect(connected.ok && connected.value.current).toBe(`postgres://${login.user}@127.0.0.1:${cluster.port}/${d.name}`);
    // Every call now works on the office database, as the dean.
    expect(await invoke(first.ctx(), 'app.info', {})).toMatchObject({ ok: true, value: { studentCount: 60, actor: login.user } });
    expect(await invoke(first.ctx(), 'dashboard.counts', { asOf: '2026-11-26' })).toEqual(await invoke(laptopCtx, 'dashboard.counts', { asOf: '2026-11-26' }));
    // The files: the connection (no password), and the password only as the keychain encrypted it, both private.
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['office-connection.json', 'office-password.bin']);
    for (const f of files) {
      const bytes = readFileSync(path.join(dir, f));
      expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false);
      if (process.platform !== 'win32') expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'office-connection.json'), 'utf8'))).toEqual({ host: '127.0.0.1', port: cluster.port, database: d.name, user: login.user, caFile: null });
    await first.office.close();

    // The next start: signed in by itself, with the password from the keychain.
    const second = shell(dir, chain);
    await second.office.start();
    expect(await invoke(second.ctx(), 'office.connection', {})).toMatchObject({ ok: true, value: { engine: 'postgres', user: login.user, problem: null } });
    // A dean may not change a student: refused by the database, in words.
    const id = laptop.prepare('SELECT id FROM students ORDER BY id LIMIT 1').pluck().get() as string;
    expect(await invoke(second.ctx(), 'checklist.set', { studentId: id, itemId: CHECKLIST[0].items[0].id, done: true })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });

    // Going back to the laptop forgets the connection and its password.
    expect(await invoke(second.ctx(), 'office.disconnect', {})).toMatchObject({ ok: true, value: { engine: 'sqlite', current: '/home/ada/stepwise.db', saved: null, passwordKept: false } });
    expect(readdirSync(dir)).toEqual([]);
    expect(await invoke(second.ctx(), 'app.info', {})).toMatchObject({ ok: true, value: { actor: 'ada' } });
  });

  it('stays on the laptop, saying why, when the keychain cannot open the password or the server does not answer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-'));
    const first = shell(dir, testKeychain());
    await first.office.start();
    expect((await invoke(first.ctx(), 'office.connect', login)).ok).toBe(true);
    await first.office.close();
    // Another keychain (another user account, a reset keyring): the kept password cannot be read.
    const other = shell(dir, testKeychain());
    await other.office.start();
    expect(await invoke(other.ctx(), 'office.connection', {})).toMatchObject({ ok: true, value: { engine: 'sqlite', problem: expect.stringMatching(/no longer in the keychain/) } });
    expect(await invoke(other.ctx(), 'app.info', {})).toMatchObject({ ok: true, value: { actor: 'ada', studentCount: 60 } });

    // A server that does not answer (nothing listens on that port): refused at sign-in, nothing kept.
    const dir2 = mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-'));
    const s = shell(dir2, testKeychain());
    await s.office.start();
    const closedPort = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const down = await invoke(s.ctx(), 'office.connect', { ...login, port: closedPort });
    expect(down).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/nothing answered at that address and port/) } });
    expect(readdirSync(dir2)).toEqual([]);
  });

  it('refuses to keep a connection where there is no keychain; a browser host tests but never keeps; a server name that does not resolve is said so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-'));
    const { office, ctx } = shell(dir, { keeper: null, note: 'this Linux desktop has no keyring.' });
    await office.start();
    expect(await invoke(ctx(), 'office.connect', login)).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/cannot keep a password: this Linux desktop has no keyring/) } });
    expect((await invoke(ctx(), 'office.test', login)).ok).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    const remote = await invoke(ctx(), 'office.test', { ...login, host: 'advising-db.invalid' });
    expect(remote).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/no server has that name/) } });
    // The browser host (no shell port) can test, but never keep.
    const web: HandlerContext = { db: laptop, databasePath: 'web', actor: 'ada' };
    expect((await invoke(web, 'office.test', login)).ok).toBe(true);
    expect(await invoke(web, 'office.connect', login)).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/desktop app keeps an office connection/) } });
  });
});
