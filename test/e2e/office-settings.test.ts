/**
 * Settings → Office database in Chromium, driving the desktop shell's own switch (office/switch.ts)
 * through the web host: a login is tested (who, which role, how many students, TLS or not); a
 * wrong password is refused in words; signing in switches the window to the office database (the
 * roster shows the office's students, Settings says whose session it is); going back returns to the
 * laptop's file. The keychain here is an AES key the test holds, as the OS holds safeStorage's; the
 * Electron binding of safeStorage itself is unit-tested (test/unit/electron-keychain.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HandlerContext } from '../../src/main/handlers/context';
import { OfficeConnectionFiles } from '../../src/main/office/connection';
import { testKeychain } from '../pg/office';
import { OfficeSwitch } from '../../src/main/office/switch';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { demoDatabase } from '../integration/backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';
import { CHROMIUM, CHROMIUM_ARGS, RENDERER_DIR, watchPageErrors } from './harness';
import { expectColourScheme, switchColourScheme } from './theme-screens';

const AS_OF = '2026-11-26';
const shots = path.resolve(import.meta.dirname, '../../test-results/screens');
const PASSWORD = 'dean password 1';

describePostgres('Settings → Office database, in Chromium', (cluster) => {
  let d: TestDatabase;
  let office: OfficeSwitch;
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let login: string;
  let closeLaptop: () => void;

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    const officeData = await demoDatabase(80);
    const admin = new pg.Client(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(officeData.db, admin as unknown as pg.PoolClient, { sourceName: 'office.db', asOf: AS_OF });
    login = `${d.name}_dean`;
    await addOfficeUser(admin, { login, displayName: 'Dean Rivera', role: 'dean', password: PASSWORD });
    await admin.end();
    officeData.db.close();
    // The laptop's own file holds another, smaller cohort: which database the window works on shows.
    const laptop = await demoDatabase(30);
    closeLaptop = () => laptop.db.close();
    const laptopCtx: HandlerContext = { db: laptop.db, databasePath: laptop.file, actor: 'e2e-advisor' };
    office = new OfficeSwitch(new OfficeConnectionFiles(fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-e2e-')), testKeychain()), () => laptopCtx);
    await office.start();
    host = await startWebHost({ ctx: office.context(), rendererDir: RENDERER_DIR, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    watchPageErrors(page);
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await office?.close();
    closeLaptop?.();
    await d?.drop();
    const c = new pg.Client({ ...d.config, database: 'postgres' });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(login)}`);
    await c.end();
  });

  async function bothThemes(name: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await switchColourScheme(page, scheme);
      await expectColourScheme(page, scheme);
      await page.screenshot({ path: path.join(shots, `${name}-${scheme}.png`), animations: 'disabled', fullPage: true });
    }
    await switchColourScheme(page, 'light');
  }

  async function fillLogin(password: string) {
    await page.getByRole('textbox', { name: /^Server/ }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: /^Port/ }).fill(String(cluster.port));
    await page.getByRole('textbox', { name: /^Database/ }).fill(d.name);
    await page.getByRole('textbox', { name: /^Your login/ }).fill(login);
    await page.getByLabel(/^Password/).fill(password);
  }

  it('tests a login, refuses a wrong password in words, signs in and switches the window to the office database', async () => {
    await page.goto(`${host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('30 students');
    await page.goto(`${host.url}#/settings?tab=office`);
    await page.getByText('This window works on').waitFor();
    expect(await page.getByText('This laptop').count()).toBe(1);

    await fillLogin('not the password');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Could not sign in to the office database: the password was not accepted/);

    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const status = page.getByRole('status').filter({ hasText: 'The login works' });
    await status.waitFor();
    expect(await status.textContent()).toMatch(new RegExp(`${login} — Dean.*80 students visible to this login.*socket or loopback`));
    await bothThemes('settings-office-tested');

    await page.getByRole('button', { name: 'Sign in and use this database' }).click();
    // The page reloads on the office database: Settings says whose session it is.
    await expect.poll(() => page.getByText('Office database', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByText('signed in as').textContent()) ?? '').toMatch(new RegExp(`signed in as ${login} \\(Dean\\)`));
    await bothThemes('settings-office-connected');
    await page.goto(`${host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('80 students');

    // And back to the laptop's own file.
    await page.goto(`${host.url}#/settings?tab=office`);
    await page.getByRole('button', { name: 'Use this laptop’s database instead' }).click();
    await expect.poll(() => page.getByText('This laptop').count()).toBe(1);
    await page.goto(`${host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('30 students');
  });
});
