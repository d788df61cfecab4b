/**
 * Settings → Backups and Audit log in Chromium through the web host, with the database held the way
 * the shells hold it (a DatabaseHolder, so a restore swaps the open file); and the privacy check:
 * every page loads nothing but the app itself from 127.0.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, DatabaseHolder } from '../../src/main/backup';
import { openDatabase } from '../../src/main/db/open';
import { writePreference } from '../../src/main/db/preferences';
import { loadDemoCohort } from '../../src/main/demo/load';
import { osUser } from '../../src/main/handlers/context';
import { invoke } from '../../src/main/handlers';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { tempDir } from '../helpers';
import { CHROMIUM, CHROMIUM_ARGS, RENDERER_DIR, watchPageErrors } from './harness';
import { expectColourScheme } from './theme-screens';

const rendererDir = process.env.STEPWISE_RENDERER_DIR ?? RENDERER_DIR;
const screens = path.resolve(import.meta.dirname, '../../test-results/screens');

let holder: DatabaseHolder;
let host: WebHost;
let browser: Browser;
let page: Page;
const requests: string[] = [];
// No actor override: changes are recorded under the advisor name set in Settings, else the OS user, as in the app.
const shell = () => ({ ...contextFor(holder) });

beforeAll(async () => {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('No built renderer: run npm run build (npm run test:e2e does)');
  const dir = tempDir('stepwise-e2e-backups-');
  const file = path.join(dir, 'stepwise.db');
  const db = await openDatabase(file);
  loadDemoCohort(db, { students: 120, seed: 2027, asOf: '2026-11-26' }, { actor: 'e2e', context: 'demo cohort' });
  // The first-run question answered as "keep the computer's user name" (identity-and-students.test.ts asks it).
  writePreference(db, 'office.userName', osUser(), { actor: osUser(), context: 'settings' });
  holder = new DatabaseHolder(file, db);
  host = await startWebHost({ ctx: contextFor(holder), rendererDir, port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('request', (r) => requests.push(r.url()));
  watchPageErrors(page);
  fs.mkdirSync(screens, { recursive: true });
  await page.goto(host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  holder?.close();
});

const studentCount = () => (holder.db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;

describe('Settings → Backups', () => {
  it('backs up now, then restores that backup with confirmation, undoing a later change and keeping the state before the restore', async () => {
    await page.goto(`${host.url}#/settings?tab=backups`);
    await expect.poll(() => page.getByTestId('backups-empty').count()).toBe(1);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect.poll(() => page.getByTestId('backup-done').textContent()).toContain('Backed up 120 students');
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('backup-row').first().textContent()).toMatch(/Taken by hand.*120/);

    // Someone removes a student after the backup.
    const gone = (holder.db.prepare('SELECT id FROM students ORDER BY id LIMIT 1').get() as { id: string }).id;
    holder.db.prepare('DELETE FROM students WHERE id = ?').run(gone);
    expect(studentCount()).toBe(119);
    await page.screenshot({ path: path.join(screens, 'settings-backups-light.png'), fullPage: true });

    await page.getByRole('button', { name: /^Restore the backup of/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await expect.poll(() => dialog.textContent()).toMatch(/120 students\).*119 students now/);
    await page.screenshot({ path: path.join(screens, 'settings-backups-confirm.png') });
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => page.getByTestId('restore-done').textContent()).toMatch(/120 students/);

    expect(studentCount()).toBe(120);
    expect(holder.db.prepare('SELECT id FROM students WHERE id = ?').get(gone)).toEqual({ id: gone });
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('backup-row').first().textContent()).toMatch(/Before a restore.*119/);
    // The rest of the app sees the restored data at once.
    const info = await invoke(shell(), 'app.info', {});
    expect(info.ok && info.value.studentCount).toBe(120);
  });

  it('changes how many backups are kept, audited', async () => {
    await page.goto(`${host.url}#/settings?tab=backups`);
    const keep = page.getByLabel('Backups to keep');
    await keep.fill('4');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => holder.db.prepare(`SELECT value FROM settings WHERE key = 'backup.keep'`).get()).toEqual({ value: '4' });
  });
});

describe('Settings → Audit log', () => {
  it('records changes under the advisor name set there, and filters by who, what and text', async () => {
    await page.goto(`${host.url}#/settings?tab=audit`);
    await page.getByLabel('Advisor name').fill('Dr. Delgado');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByTestId('audit-actor').textContent()).toBe('Dr. Delgado');

    const id = (holder.db.prepare('SELECT id FROM students ORDER BY id DESC LIMIT 1').get() as { id: string }).id;
    const r = await invoke(shell(), 'students.update', { id, patch: { targetSpecialty: 'Dermatology' } });
    expect(r.ok).toBe(true);

    await page.goto(`${host.url}#/settings?tab=audit&actor=${encodeURIComponent('Dr. Delgado')}`);
    // A hash change keeps the page: until the filtered rows arrive, the unfiltered ones are still shown.
    const rows = () => page.getByTestId('audit-row').allTextContents();
    await expect.poll(async () => (await rows()).map((r) => r.includes('Dr. Delgado'))).toEqual([true]);
    expect((await rows()).join('\n')).toMatch(new RegExp(`Dr\\. Delgado.*changed.*Student ${id}.*target specialty.*Dermatology`));
    await page.screenshot({ path: path.join(screens, 'settings-audit-light.png'), fullPage: true });

    // The name itself was set by whoever was at the computer before it.
    await page.goto(`${host.url}#/settings?tab=audit&entity=setting`);
    await expect.poll(() => page.getByTestId('audit-row').first().textContent()).toMatch(/Setting: Your name in the audit log.*Dr\. Delgado.*settings/);

    await page.goto(`${host.url}#/settings?tab=audit`);
    await page.getByLabel('Text').fill('Dermatology');
    await expect.poll(() => page.url()).toContain('q=Dermatology');
    const expected = (holder.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE new_value LIKE '%Dermatology%' OR old_value LIKE '%Dermatology%' OR entity_id LIKE '%Dermatology%' OR context LIKE '%Dermatology%'`).get() as { n: number }).n;
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toMatch(new RegExp(`of ${expected.toLocaleString('en-US')} changes`));

    // The system's dark preference (the app follows it until its toggle is used).
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${host.url}#/settings?tab=audit&entity=student`);
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(50);
    await expectColourScheme(page, 'dark');
    await page.screenshot({ path: path.join(screens, 'settings-audit-dark.png'), animations: 'disabled' });
    await page.goto(`${host.url}#/settings?tab=backups`);
    await expect.poll(() => page.getByTestId('backup-row').count()).toBeGreaterThan(0);
    await expectColourScheme(page, 'dark');
    await page.screenshot({ path: path.join(screens, 'settings-backups-dark.png'), animations: 'disabled' });
    await page.emulateMedia({ colorScheme: 'light' });
    await expectColourScheme(page, 'light');
  });
});

describe('privacy', () => {
  it('every page of the app loads nothing but itself from 127.0.0.1', async () => {
    const id = (holder.db.prepare('SELECT id FROM students ORDER BY id LIMIT 1').get() as { id: string }).id;
    for (const route of ['#/', '#/roster', `#/student?id=${id}`, `#/student/summary?id=${id}`, '#/import', '#/reports', '#/specialties', '#/settings', '#/settings?tab=backups', '#/settings?tab=audit']) {
      await page.goto(`${host.url}${route}`);
      await page.waitForLoadState('networkidle');
    }
    expect(requests.length).toBeGreaterThan(10);
    const foreign = requests.filter((u) => !u.startsWith(`http://127.0.0.1:${host.port}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
  });
});
