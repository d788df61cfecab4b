/**
 * The app on an office database, in Chromium: the web host serves a PostgreSQL database under an
 * advisor's own login. The roster lists every student (the same count as the laptop it was copied
 * from); the advisor edits their own student, and when the coordinator saved the same student
 * meanwhile the page says who and shows both values; another advisor's student is refused by the
 * database's rules, shown as such.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb } from '../../src/main/handlers/context';
import { openPostgresStore } from '../../src/main/store/postgres';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import type { Store } from '../../src/main/store/store';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { demoDatabase } from '../integration/backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';
import { CHROMIUM, CHROMIUM_ARGS, RENDERER_DIR, watchPageErrors } from './harness';
import { expectColourScheme, switchColourScheme } from './theme-screens';

const AS_OF = '2026-11-26';
const shots = path.resolve(import.meta.dirname, '../../test-results/screens');

describePostgres('Stepwise on an office database (PostgreSQL), in Chromium', (cluster) => {
  let d: TestDatabase;
  let advisorStore: Store & { sessionUser: string };
  let coordinatorStore: Store & { sessionUser: string };
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let mine: string;
  let theirs: string;
  let advisorName: string;
  const logins: string[] = [];

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    const laptop = await demoDatabase(80);
    const admin = new pg.Client(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(laptop.db, admin as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: AS_OF });
    const row = (await admin.query(`SELECT id, advisor FROM stepwise.students WHERE advisor IS NOT NULL ORDER BY id LIMIT 1`)).rows[0] as { id: string; advisor: string };
    mine = row.id;
    advisorName = row.advisor;
    theirs = (await admin.query(`SELECT id FROM stepwise.students WHERE lower(btrim(advisor)) <> lower(btrim($1)) ORDER BY id LIMIT 1`, [advisorName])).rows[0].id;
    const adv = `${d.name}_adv`;
    const coord = `${d.name}_coord`;
    logins.push(adv, coord);
    await addOfficeUser(admin, { login: adv, displayName: advisorName, role: 'advisor', password: 'advisor password 1' });
    await addOfficeUser(admin, { login: coord, displayName: 'Casey Coordinator', role: 'coordinator', password: 'coordinator pass 1' });
    await admin.end();
    laptop.db.close();

    const at = (login: string) => `postgres://${login}@127.0.0.1:${cluster.port}/${d.name}`;
    advisorStore = await openPostgresStore(at(adv), { password: 'advisor password 1' });
    coordinatorStore = await openPostgresStore(at(coord), { password: 'coordinator pass 1' });
    host = await startWebHost({ ctx: { db: officeOnlyDb(), store: advisorStore, databasePath: 'office', actor: advisorStore.sessionUser }, rendererDir: RENDERER_DIR, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    watchPageErrors(page);
    await page.goto(host.url);
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await advisorStore?.close();
    await coordinatorStore?.close();
    await d?.drop();
    const c = new pg.Client({ ...d.config, database: 'postgres' });
    await c.connect();
    for (const l of logins) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(l)}`);
    await c.end();
  });

  async function bothThemes(name: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await switchColourScheme(page, scheme);
      await expectColourScheme(page, scheme);
      await page.screenshot({ path: path.join(shots, `${name}-${scheme}.png`), animations: 'disabled' });
    }
    await switchColourScheme(page, 'light');
  }

  it('lists every student of the office on the roster, and finds one by name', async () => {
    await page.goto(`${host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('80 students');
    await bothThemes('office-roster');
    await page.getByLabel('Search students').fill(mine);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('1 students');
  });

  it('shows the dashboard of the whole office: the counts and the at-risk list the database gives everyone', async () => {
    const coordinator = { db: officeOnlyDb(), store: coordinatorStore, databasePath: 'office', actor: coordinatorStore.sessionUser };
    const counts = await invoke(coordinator, 'dashboard.counts', { asOf: AS_OF });
    expect(counts.ok).toBe(true);
    if (!counts.ok) return;
    await page.goto(`${host.url}#/?asOf=${AS_OF}`);
    await page.getByTestId('counts-risk').waitFor();
    const shown = async (label: string) => Number(((await page.getByTestId('counts-risk').locator(`[data-count="${label}"]`).textContent()) ?? '').replace(/[^\d]/g, ''));
    await expect.poll(() => shown('Critical')).toBe(counts.value.risk.critical);
    expect(await shown('High')).toBe(counts.value.risk.high);
    expect(await shown('No flags')).toBe(counts.value.risk.none);
    const atRisk = await invoke(coordinator, 'dashboard.atRisk', { asOf: AS_OF, limit: 10 });
    const list = page.getByTestId('at-risk-list');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(Math.min(10, atRisk.ok ? atRisk.value.total : 0));
    expect(await list.locator('tbody tr td:first-child p').allTextContents()).toEqual(atRisk.ok ? atRisk.value.rows.map((r) => r.studentId) : []);
    await bothThemes('office-dashboard');
  });

  it('saves the advisor’s own student, and shows the coordinator’s save in between with both values', async () => {
    await page.goto(`${host.url}#/student?id=${mine}&asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile and plan' });
    await form.getByLabel('Target specialty').fill('Pediatrics');
    const r = await invoke({ db: officeOnlyDb(), store: coordinatorStore, databasePath: 'office', actor: coordinatorStore.sessionUser }, 'students.update', { id: mine, patch: { targetSpecialty: 'Dermatology' } });
    expect(r.ok).toBe(true);
    await form.getByRole('button', { name: 'Save profile' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(new RegExp(`^Changed by ${logins[1]} at .+ while you were editing`));
    expect(await alert.getByRole('table').locator('tbody tr').first().locator('td').allTextContents()).toEqual(['Target specialty', 'Pediatrics', 'Dermatology']);
    await bothThemes('office-stale-save');
    await alert.getByRole('button', { name: 'Save mine over theirs' }).click();
    await form.waitFor({ state: 'detached' });
    expect((await advisorStore.snapshot(mine))!.student.targetSpecialty).toBe('Pediatrics');
  });

  it('shows another person’s change on the open roster and student page without a reload', async () => {
    const coordinator = { db: officeOnlyDb(), store: coordinatorStore, databasePath: 'office', actor: coordinatorStore.sessionUser };
    await page.goto(`${host.url}#/roster?asOf=${AS_OF}`);
    await page.getByLabel('Search students').fill(theirs);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('1 students');
    const marker = 'Radiation Oncology';
    expect(await page.getByRole('row').filter({ hasText: theirs }).textContent()).not.toContain(marker);
    expect((await invoke(coordinator, 'students.update', { id: theirs, patch: { targetSpecialty: marker } })).ok).toBe(true);
    // No reload or navigation: the page hears of the change and reads the row again.
    await expect.poll(() => page.getByRole('row').filter({ hasText: theirs }).textContent(), { timeout: 15_000 }).toContain('Radiation Onc');

    await page.goto(`${host.url}#/student?id=${theirs}&asOf=${AS_OF}`);
    const profile = page.getByRole('table', { name: 'Profile and plan' });
    await expect.poll(() => profile.textContent()).toContain(marker);
    expect((await invoke(coordinator, 'students.update', { id: theirs, patch: { targetSpecialty: 'Neurology' } })).ok).toBe(true);
    await expect.poll(() => profile.textContent(), { timeout: 15_000 }).toContain('Neurology');
  });

  it('refuses a change to another advisor’s student, saying the office role does not allow it', async () => {
    await page.goto(`${host.url}#/student?id=${theirs}&asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile and plan' });
    await form.getByLabel('Target specialty').fill('Urology');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => form.textContent()).toMatch(/Your office role does not allow this: Only .* advisor or the coordinator may change this student/);
    expect((await coordinatorStore.snapshot(theirs))!.student.targetSpecialty).not.toBe('Urology');
  });
});
