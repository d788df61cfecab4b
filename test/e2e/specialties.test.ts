import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
let ctx: HandlerContext;

/** A student whose only CK is a pass of 250 and whose target is typed the way advisors type it. */
function addDermStudent(): void {
  const now = new Date().toISOString();
  app.db
    .prepare(
      `INSERT INTO students (id, first_name, last_name, grad_year, applicant_type, target_specialty, created_at, updated_at)
       VALUES ('E2E-DERM', 'Dana', 'Dermer', 2027, 'US_MD', 'Derm', ?, ?)`,
    )
    .run(now, now);
  app.db.prepare(`INSERT INTO exam_attempts (student_id, exam, test_date, outcome, score, created_at) VALUES ('E2E-DERM', 'STEP1', '2025-05-01', 'PASS', NULL, ?)`).run(now);
  app.db.prepare(`INSERT INTO exam_attempts (student_id, exam, test_date, outcome, score, created_at) VALUES ('E2E-DERM', 'STEP2CK', '2026-06-15', 'PASS', 250, ?)`).run(now);
}

async function belowTarget() {
  const r = await invoke(ctx, 'flags.student', { id: 'E2E-DERM', asOf: AS_OF });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.flags.find((f) => f.code === 'CK_BELOW_TARGET') ?? null;
}

const referenceCk = (name: string) => (app.db.prepare('SELECT reference_ck AS ck FROM specialties WHERE name = ?').get(name) as { ck: number | null } | undefined)?.ck;

beforeAll(async () => {
  app = await startApp({ students: 60, asOf: AS_OF });
  ctx = { db: app.db, databasePath: app.dbFile, actor: 'e2e-check' };
  addDermStudent();
  await app.page.goto(`${app.host.url}#/specialties`);
  await app.page.getByRole('table', { name: 'Specialties' }).waitFor();
});
afterAll(async () => {
  await app?.close();
});

describe('Specialties and programs in Chromium', () => {
  it('lists every specialty in the database with its reference or tier default, and cites NRMP Charting Outcomes', async () => {
    const { page, db } = app;
    const names = (db.prepare('SELECT name FROM specialties').all() as { name: string }[]).map((r) => r.name);
    await expect.poll(() => page.locator('tr[data-specialty]').count()).toBe(names.length);
    await expect(page.getByText('NRMP Charting Outcomes', { exact: true }).isVisible()).resolves.toBe(true);
    const urology = page.locator('tr[data-specialty="Urology"]');
    const highlyDefault = (db.prepare(`SELECT value FROM settings WHERE key = 'specialty.tierDefault.highly'`).get() as { value: string }).value;
    await expect(urology.getByTestId('reference-ck').textContent()).resolves.toBe(`tier default ${highlyDefault}`);
    await expect(page.locator('tr[data-specialty="Dermatology"]').getByTestId('reference-ck').textContent()).resolves.toBe('258');
    await screenshotBothThemes(app, 'specialties');
  });

  it('sorts by reference score, highest first, then lowest first', async () => {
    const { page, db } = app;
    const rows = page.locator('tr[data-specialty]');
    await page.getByRole('button', { name: /^Reference CK/ }).click();
    const highest = db.prepare('SELECT name FROM specialties WHERE reference_ck IS NOT NULL ORDER BY reference_ck DESC, name LIMIT 1').get() as { name: string };
    await expect.poll(() => rows.first().getAttribute('data-specialty')).toBe(highest.name);
    await page.getByRole('button', { name: /^Reference CK/ }).click();
    const lowest = db.prepare('SELECT name FROM specialties WHERE reference_ck IS NOT NULL ORDER BY reference_ck ASC, name LIMIT 1').get() as { name: string };
    await expect.poll(() => rows.first().getAttribute('data-specialty')).toBe(lowest.name);
    await page.getByRole('button', { name: /^Specialty/ }).click();
  });

  it("editing a specialty's reference score in the UI changes the database and the student's flag", async () => {
    const { page, db } = app;
    const before = await belowTarget();
    expect(before).toMatchObject({ severity: 'medium', message: expect.stringContaining('258') });

    await page.getByRole('button', { name: 'Edit Dermatology' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Dermatology' });
    await dialog.getByLabel('Reference Step 2 CK').fill('265');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    const summary = dialog.getByRole('table', { name: 'Changes to confirm' });
    await expect(summary.textContent()).resolves.toMatch(/Reference CK258265/);
    await screenshotBothThemes(app, 'specialties-confirm-edit');
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();

    await expect.poll(() => page.getByTestId('specialty-saved').textContent()).toContain('reference CK 265');
    await expect.poll(() => page.locator('tr[data-specialty="Dermatology"]').getByTestId('reference-ck').textContent()).toBe('265');
    expect(referenceCk('Dermatology')).toBe(265);
    const audit = db.prepare(`SELECT field, old_value AS oldValue, new_value AS newValue, actor FROM audit_log WHERE entity = 'specialty' ORDER BY id DESC LIMIT 1`).get();
    expect(audit).toEqual({ field: 'referenceCk', oldValue: '258', newValue: '265', actor: 'e2e-advisor' });

    // 250 is now 15 below the reference: more than 10 below makes the flag high (RULES.md §4).
    const after = await belowTarget();
    expect(after).toMatchObject({ severity: 'high', message: expect.stringContaining('265') });
  });

  it('shows a client-side mistake at its field and sends nothing', async () => {
    const { page } = app;
    const audits = () => (app.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'specialty'`).get() as { n: number }).n;
    const n = audits();
    await page.getByRole('button', { name: 'Edit Pathology' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Pathology' });
    await dialog.getByLabel('Effective date').fill('2026-02-30');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await expect(dialog.getByText('Enter a real date as YYYY-MM-DD').isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(audits()).toBe(n);
  });

  it('adds a specialty, showing the handler refusal of an alias at the aliases field, then removes it', async () => {
    const { page, db } = app;
    await page.getByRole('button', { name: 'Add specialty' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a specialty' });
    await dialog.getByLabel('Name').fill('Sports Medicine');
    await dialog.getByLabel('Tier').click();
    await page.getByRole('option', { name: 'Moderately competitive' }).click();
    const aliases = dialog.getByLabel('Aliases');
    await aliases.fill('Derm');
    await aliases.press('Enter');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();
    // "Derm" already names Dermatology: the main process refuses, and says so at the field.
    await expect.poll(() => dialog.getByText('already names Dermatology').isVisible()).toBe(true);
    expect(db.prepare(`SELECT count(*) AS n FROM specialties WHERE name = 'Sports Medicine'`).get()).toEqual({ n: 0 });

    await aliases.press('Backspace');
    await aliases.fill('Sports Med');
    await aliases.press('Enter');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();
    const row = page.locator('tr[data-specialty="Sports Medicine"]');
    const moderately = (db.prepare(`SELECT value FROM settings WHERE key = 'specialty.tierDefault.moderately'`).get() as { value: string }).value;
    await expect.poll(() => row.getByTestId('reference-ck').textContent()).toBe(`tier default ${moderately}`);
    expect(db.prepare(`SELECT tier, reference_ck AS ck, aliases FROM specialties WHERE name = 'Sports Medicine'`).get()).toEqual({ tier: 'moderately', ck: null, aliases: '["Sports Med"]' });

    await page.getByRole('button', { name: 'Remove Sports Medicine' }).click();
    await page.getByRole('dialog', { name: 'Remove Sports Medicine' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM specialties WHERE name = 'Sports Medicine'`).get()).toEqual({ n: 0 });
  });

  it("adds, edits and removes a program of a specialty, each audited", async () => {
    const { page, db } = app;
    await page.getByRole('button', { name: 'Add program' }).click();
    const add = page.getByRole('dialog', { name: 'Add a program' });
    await add.getByLabel('Program name').fill('Harbor University Dermatology');
    await add.getByLabel('Specialty').click();
    await page.getByRole('option', { name: 'Dermatology', exact: true }).click();
    await add.getByLabel('City').fill('Boston');
    await add.getByLabel('State').fill('MA');
    await add.getByLabel('Kind').click();
    await page.getByRole('option', { name: 'Academic', exact: true }).click();
    await add.getByLabel('Step 2 CK minimum').fill('245');
    await add.getByRole('button', { name: 'Review change' }).click();
    await add.getByRole('button', { name: 'Confirm and save' }).click();

    const row = page.locator('tr[data-program="Harbor University Dermatology"]');
    await expect.poll(() => row.textContent()).toMatch(/Harbor University Dermatology.*Dermatology.*Boston.*MA.*Academic.*245/);
    const dermId = (db.prepare(`SELECT id FROM specialties WHERE name = 'Dermatology'`).get() as { id: number }).id;
    // (The demo cohort brings its own program directory, issue 15: only this program is the test's.)
    const stored = db.prepare(`SELECT id, specialty_id AS specialtyId, city, state, kind, step_ck_minimum AS minimum FROM programs WHERE name = 'Harbor University Dermatology'`).all() as { id: number }[];
    expect(stored).toEqual([{ id: expect.any(Number), specialtyId: dermId, city: 'Boston', state: 'MA', kind: 'academic', minimum: 245 }]);
    await page.getByRole('button', { name: 'Programs in Dermatology' }).click();
    await expect.poll(() => page.getByLabel('Show programs of').inputValue()).toBe('Dermatology');
    await page.locator('#programs').scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'specialties-programs');

    await page.getByRole('button', { name: 'Edit Harbor University Dermatology' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Harbor University Dermatology' });
    await edit.getByLabel('Step 2 CK minimum').fill('250');
    await edit.getByRole('button', { name: 'Review change' }).click();
    await edit.getByRole('button', { name: 'Confirm and save' }).click();
    await expect.poll(() => row.textContent()).toContain('250');
    expect(db.prepare(`SELECT step_ck_minimum AS m FROM programs WHERE name = 'Harbor University Dermatology'`).get()).toEqual({ m: 250 });

    await page.getByRole('button', { name: 'Remove Harbor University Dermatology' }).click();
    await page.getByRole('dialog', { name: 'Remove Harbor University Dermatology' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM programs WHERE name = 'Harbor University Dermatology'`).get()).toEqual({ n: 0 });
    const actions = (db.prepare(`SELECT action FROM audit_log WHERE entity = 'program' AND entity_id = ? ORDER BY id`).all(String(stored[0].id)) as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(['insert', 'update', 'delete']);
  });
});
