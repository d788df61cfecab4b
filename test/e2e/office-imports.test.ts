/**
 * The program directory and match-list imports on an office database, in Chromium (issues 12 and
 * 15): the web host serves the PostgreSQL database under the coordinator's own login, who imports a
 * program directory and a match list on the Import page (checked first, then confirmed); then an
 * advisor, under their own login, opens their student and builds a program list from the imported
 * directory, and the Specialties page's outcomes view shows the office's chart. Screenshots of each
 * screen in both themes go to /work/notes/shots/office-imports (outside the repository).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import { openPostgresStore } from '../../src/main/store/postgres';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import type { Store } from '../../src/main/store/store';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { demoDatabase } from '../integration/backup-fixtures';
import { seriousViolations } from './axe';
import { openpyxlWorkbook } from '../integration/import-support';
import { tempDir } from '../helpers';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';
import { CHROMIUM, CHROMIUM_ARGS, RENDERER_DIR, watchPageErrors } from './harness';
import { expectColourScheme, switchColourScheme } from './theme-screens';

const AS_OF = '2026-11-26';
const shots = process.env.STEPWISE_SHOTS ?? path.resolve('test-results/screens/office-imports');

const DIRECTORY = `
ws = wb.active
ws.title = 'FREIDA export'
ws.append(['Program Name', 'ACGME ID', 'Specialty', 'City', 'ST', 'Program Setting', 'Positions Offered', 'Visas Sponsored', 'Accepts COMLEX', 'Min Step 2 CK'])
ws.append(['Lakeside University Dermatology', '0801234001', 'Derm', 'Chicago', 'IL', 'University-based', 4, 'J-1', 'Yes', 245])
ws.append(['Prairie Community Dermatology', '0801234002', 'Dermatology', 'Peoria', 'IL', 'Community-based', 2, 'None', 'No', None])
ws.append(['Harbor Internal Medicine', '1401234003', 'IM', 'Boston', 'MA', 'Community-based, university-affiliated', 30, 'J-1 and H-1B', None, None])
`;

const BAD_DIRECTORY = `
ws = wb.active
ws.title = 'Directory'
ws.append(['Program name', 'Program code', 'Specialty', 'Positions', 'Visa'])
ws.append(['Good Program', 'A100', 'Pediatrics', 8, 'H-1B'])
ws.append(['Bad Visa', 'A101', 'Pediatrics', 8, 'Yes'])
ws.append(['No Specialty Known', 'A102', 'Astrology', 8, None])
`;

/** Twelve consenting 2026 Dermatology graduates, matched at the imported programs or not, and their applications. */
const MATCH_LIST = `
ws = wb.active
ws.title = 'Match 2026'
ws.append(['Student ID', 'Match Year', 'Specialty', 'Programs Applied', 'Interviews', 'Programs Ranked', 'Result', 'NRMP Code', 'Step 2 CK', 'Consent'])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', 'Program Code', 'Signal', 'Interview Offered'])
for i in range(12):
    sid = f'G2026-{500 + i}'
    matched = i % 3 != 0
    ws.append([sid, 2026, 'Dermatology', 60, 8, 8, 'Matched' if matched else 'Did not match', '0801234001' if matched and i % 2 else ('0801234002' if matched else None), 238 + 2 * i, 'Yes'])
    apps.append([sid, 2026, '0801234001', 'Gold' if i % 2 else None, 'Yes' if matched else 'No'])
    apps.append([sid, 2026, '0801234002', None, 'Yes'])
`;

describePostgres('the program directory and match list imported on an office database, in Chromium', (cluster) => {
  let d: TestDatabase;
  let coordinatorStore: Store & { sessionUser: string };
  let advisorStore: Store & { sessionUser: string };
  let coordinatorHost: WebHost;
  let advisorHost: WebHost;
  let browser: Browser;
  let page: Page;
  let mine: string;
  let advisorName: string;
  let coordinator: HandlerContext;
  let admin: pg.Client;
  const logins: string[] = [];
  const files = tempDir();

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    const laptop = await demoDatabase(60);
    admin = new pg.Client(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(laptop.db, admin as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: AS_OF });
    const row = (await admin.query(`SELECT id, advisor FROM stepwise.students WHERE advisor IS NOT NULL ORDER BY id LIMIT 1`)).rows[0] as { id: string; advisor: string };
    mine = row.id;
    advisorName = row.advisor;
    const adv = `${d.name}_adv`;
    const coord = `${d.name}_coord`;
    logins.push(adv, coord);
    await addOfficeUser(admin, { login: adv, displayName: advisorName, role: 'advisor', password: 'advisor password 1' });
    await addOfficeUser(admin, { login: coord, displayName: 'Casey Coordinator', role: 'coordinator', password: 'coordinator pass 1' });
    laptop.db.close();

    const at = (login: string) => `postgres://${login}@127.0.0.1:${cluster.port}/${d.name}`;
    coordinatorStore = await openPostgresStore(at(coord), { password: 'coordinator pass 1' });
    advisorStore = await openPostgresStore(at(adv), { password: 'advisor password 1' });
    coordinator = { db: officeOnlyDb(), store: coordinatorStore, databasePath: 'office', actor: coordinatorStore.sessionUser };
    coordinatorHost = await startWebHost({ ctx: coordinator, rendererDir: RENDERER_DIR, port: 0 });
    advisorHost = await startWebHost({ ctx: { db: officeOnlyDb(), store: advisorStore, databasePath: 'office', actor: advisorStore.sessionUser }, rendererDir: RENDERER_DIR, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    watchPageErrors(page);
    fs.mkdirSync(shots, { recursive: true });
    fs.writeFileSync(path.join(files, 'freida-directory.xlsx'), openpyxlWorkbook(DIRECTORY));
    fs.writeFileSync(path.join(files, 'match-list-2026.xlsx'), openpyxlWorkbook(MATCH_LIST));
    fs.writeFileSync(path.join(files, 'directory-with-errors.xlsx'), openpyxlWorkbook(BAD_DIRECTORY));
  });
  afterAll(async () => {
    await browser?.close();
    await coordinatorHost?.close();
    await advisorHost?.close();
    await coordinatorStore?.close();
    await advisorStore?.close();
    await admin?.end();
    await d?.drop();
    const c = new pg.Client({ ...d.config, database: 'postgres' });
    await c.connect();
    for (const l of logins) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(l)}`);
    await c.end();
  });

  /** Screenshots in both themes, each checked by axe-core on the way. */
  async function bothThemes(name: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await switchColourScheme(page, scheme);
      await expectColourScheme(page, scheme);
      expect((await seriousViolations(page)).flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target}`)), `${name} (${scheme})`).toEqual([]);
      await page.screenshot({ path: path.join(shots, `${name}-${scheme}.png`), animations: 'disabled' });
    }
    await switchColourScheme(page, 'light');
  }

  const count = async (sql: string) => Number((await admin.query(sql)).rows[0].n);

  /** Opens the panel on the Import page, picks the kind, chooses the file and waits for its check. */
  async function check(kind: 'Program directory' | 'Match list', file: string) {
    await page.goto(`${coordinatorHost.url}#/import`);
    // A fresh page: the panel opens closed, whatever the last file was.
    await page.reload();
    const panel = page.getByTestId('table-import');
    await panel.getByRole('button', { name: 'Import a program directory or match list' }).click();
    await panel.getByText(kind, { exact: true }).click();
    await page.getByLabel(`${kind} file`).setInputFiles(path.join(files, file));
    await panel.getByTestId('table-import-check').waitFor();
    return panel;
  }

  it('the coordinator imports a program directory on the Import page: checked, then confirmed, written to the office database', async () => {
    const before = await count(`SELECT count(*) AS n FROM stepwise.programs`);
    const panel = await check('Program directory', 'freida-directory.xlsx');
    expect(await panel.getByTestId('count-programs').locator('td').allTextContents()).toEqual(['programs', '3', '0']);
    // Checked, nothing written yet.
    expect(await count(`SELECT count(*) AS n FROM stepwise.programs`)).toBe(before);
    await panel.scrollIntoViewIfNeeded();
    await bothThemes('import-directory-check');
    await panel.getByTestId('confirm-table-import').click();
    await panel.getByTestId('table-import-result').waitFor();
    expect(await panel.getByRole('status').textContent()).toContain('Imported freida-directory.xlsx');
    expect(await count(`SELECT count(*) AS n FROM stepwise.programs`)).toBe(before + 3);
    expect((await admin.query(`SELECT actor FROM stepwise.import_batches WHERE file_name = 'freida-directory.xlsx'`)).rows).toEqual([{ actor: coordinatorStore.sessionUser }]);
    await bothThemes('import-directory-done');
  });

  it('a directory with errors is shown row by row and cannot be confirmed; nothing is written', async () => {
    const before = await count(`SELECT count(*) AS n FROM stepwise.programs`);
    const panel = await check('Program directory', 'directory-with-errors.xlsx');
    const errors = panel.getByRole('table', { name: 'Program directory errors' });
    expect(await errors.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
      ['Directory', '3', 'Visa', '"Yes" does not say which visas: write None, J-1, H-1B, or J-1 and H-1B'],
      ['Directory', '4', 'Specialty', '"Astrology" is not in the specialty table (Specialties page): add it there, or give one of its names'],
    ]);
    expect(await panel.getByTestId('confirm-table-import').isDisabled()).toBe(true);
    // The counts say what the file's good rows would do, not what was done.
    expect(await panel.getByRole('table', { name: 'What the import would do' }).isVisible()).toBe(true);
    expect(await panel.getByText('What the rows without errors would change').isVisible()).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM stepwise.programs`)).toBe(before);
    await panel.scrollIntoViewIfNeeded();
    await bothThemes('import-directory-errors');
  });

  it('the coordinator imports the match list: warnings shown, outcomes and applications written', async () => {
    const panel = await check('Match list', 'match-list-2026.xlsx');
    expect(await panel.getByRole('table', { name: 'What the import will do' }).isVisible()).toBe(true);
    expect(await panel.getByTestId('count-outcomes').locator('td').allTextContents()).toEqual(['outcomes', '12', '0']);
    expect(await panel.getByTestId('count-applications').locator('td').allTextContents()).toEqual(['applications', '24', '0']);
    // The graduates are not on the roster: said once, as on a laptop.
    expect(await panel.getByRole('table', { name: 'Match list warnings' }).textContent()).toContain('12 graduates are not on the roster');
    await panel.scrollIntoViewIfNeeded();
    await bothThemes('import-match-list-check');
    await panel.getByTestId('confirm-table-import').click();
    await panel.getByTestId('table-import-result').waitFor();
    expect(await count(`SELECT count(*) AS n FROM stepwise.match_outcomes WHERE season = 2026 AND student_id LIKE 'G2026-5%'`)).toBe(12);
    expect(await count(`SELECT count(*) AS n FROM stepwise.outcome_applications a JOIN stepwise.match_outcomes o ON o.id = a.outcome_id WHERE o.student_id LIKE 'G2026-5%'`)).toBe(24);
    await bothThemes('import-match-list-done');
  });

  it('an advisor builds their student’s program list from the imported directory and saves it', async () => {
    expect((await invoke(coordinator, 'students.update', { id: mine, patch: { targetSpecialty: 'Dermatology' } })).ok).toBe(true);
    await page.goto(`${advisorHost.url}#/student?id=${mine}&asOf=${AS_OF}`);
    const section = page.getByRole('region', { name: 'Program list: Dermatology' });
    const lakeside = section.getByRole('row', { name: 'Lakeside University Dermatology', exact: true });
    await lakeside.waitFor();
    expect(await section.getByRole('row', { name: 'Prairie Community Dermatology', exact: true }).count()).toBe(1);
    await section.getByRole('checkbox', { name: 'Pin Lakeside University Dermatology' }).check();
    await section.getByLabel('Note for Lakeside University Dermatology').fill('Signal this one');
    await section.getByRole('button', { name: 'Save list' }).click();
    await expect.poll(() => section.textContent()).toContain(`saved by ${advisorName}`);
    const saved = (await admin.query(`SELECT saved_by, entries FROM stepwise.program_lists WHERE student_id = $1`, [mine])).rows as { saved_by: string; entries: { programId: number; pinned?: boolean; annotation?: string | null }[] }[];
    const lakesideId = (await admin.query(`SELECT id FROM stepwise.programs WHERE code = '0801234001'`)).rows[0].id as number;
    expect(saved).toHaveLength(1);
    expect(saved[0].saved_by).toBe(advisorName);
    expect(saved[0].entries.find((e) => Number(e.programId) === Number(lakesideId))).toMatchObject({ pinned: true, annotation: 'Signal this one' });
    await lakeside.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -120));
    await bothThemes('advisor-program-list');
  });

  it('the Specialties page shows the office’s outcomes chart and the imported directory', async () => {
    await page.goto(`${advisorHost.url}#/specialties`);
    const section = page.getByRole('region', { name: "The school's own outcomes" });
    await section.getByRole('table', { name: /^Outcomes by CK band: / }).first().waitFor();
    // Dermatology: the imported 2026 graduates are in its newest seasons.
    await section.getByRole('combobox', { name: 'Specialty' }).click();
    await page.getByRole('option', { name: 'Dermatology', exact: true }).click();
    await section.getByRole('table', { name: 'Outcomes by CK band: Dermatology' }).waitFor();
    await expect.poll(() => page.getByTestId('outcomes-seasons').textContent()).toContain('2026');
    await page.evaluate(() => (document.getElementById('outcomes-title')?.scrollIntoView(), window.scrollBy(0, -70)));
    await bothThemes('specialties-outcomes');
    const directory = page.getByRole('table', { name: /^Program directory: / }).first();
    await directory.waitFor();
    await directory.scrollIntoViewIfNeeded();
    await bothThemes('specialties-directory');
  });
});
