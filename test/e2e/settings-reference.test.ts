import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { startApp, type E2eApp } from './harness';
import { pageDate, screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
let ctx: HandlerContext;

const row = (key: string, effectiveFrom: string | null) => app.page.locator(`tr[data-fact="${key}"][data-effective="${effectiveFrom ?? ''}"]`);
const stored = (key: string) =>
  app.db.prepare(`SELECT effective_from AS effectiveFrom, value, label, source, note FROM settings WHERE key = ? ORDER BY ifnull(effective_from, '')`).all(key) as {
    effectiveFrom: string | null;
    value: string;
    label: string;
    source: string;
    note: string | null;
  }[];

beforeAll(async () => {
  app = await startApp({ students: 40, asOf: AS_OF });
  ctx = { db: app.db, databasePath: app.dbFile, actor: 'e2e-check' };
  await app.page.goto(`${app.host.url}#/settings?tab=reference`);
  await row('step2ck.minPass', null).waitFor();
});
afterAll(async () => {
  await app?.close();
});

describe('Settings → Reference facts in Chromium', () => {
  it('shows every setting row in the database, grouped, with its source and effective date, and dated facts as a schedule', async () => {
    const { page, db } = app;
    const all = db.prepare(`SELECT key, effective_from AS effectiveFrom, source FROM settings`).all() as { key: string; effectiveFrom: string | null; source: string }[];
    expect(all.length).toBeGreaterThan(30);
    for (const s of all) {
      const tr = row(s.key, s.effectiveFrom);
      await expect(tr.count(), `${s.key}@${s.effectiveFrom}`).resolves.toBe(1);
      const text = await tr.textContent();
      expect(text).toContain(s.effectiveFrom === null ? 'since always' : `from ${await pageDate(app, s.effectiveFrom)}`);
      expect(text).toContain(s.source);
    }
    for (const heading of ['Pass standards', 'Timeline and ERAS', 'Readiness', 'Flag thresholds', 'Specialty tier defaults', 'Outcomes and program lists'])
      await expect(page.getByRole('heading', { name: heading }).isVisible(), heading).resolves.toBe(true);
    await expect(page.getByTestId('schedule-step2ck.minPass').textContent()).resolves.toBe(
      `209 · 214 from ${await pageDate(app, '2022-07-01')} · 218 from ${await pageDate(app, '2025-07-01')}`,
    );
    // The value in force today is the one marked.
    await expect(row('step2ck.minPass', '2025-07-01').getByText('in force').isVisible()).resolves.toBe(true);
    await screenshotBothThemes(app, 'settings-reference', { fullPage: true });
  });

  it('edits a value after confirmation, refusing a bad value at its field first', async () => {
    const { page, db } = app;
    await row('step2ck.minPass', '2025-07-01').getByRole('button', { name: /^Edit/ }).click();
    const dialog = page.getByRole('dialog');
    const value = dialog.getByLabel('Value');
    await value.fill('abc');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await expect.poll(() => dialog.getByText(/^Must be a number/).isVisible()).toBe(true);
    await value.fill('400');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await expect.poll(() => dialog.getByText(/USMLE 3-digit score 1–300, got 400/).isVisible()).toBe(true);
    await screenshotBothThemes(app, 'settings-reference-field-error');
    expect(stored('step2ck.minPass').at(-1)?.value).toBe('218');

    await value.fill('220');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await expect(dialog.getByRole('table', { name: 'Changes to confirm' }).textContent()).resolves.toContain('Value218220');
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();
    await expect.poll(() => page.getByTestId('reference-saved').textContent()).toContain('Step 2 CK minimum passing score');
    await expect.poll(() => row('step2ck.minPass', '2025-07-01').getByTestId('setting-value').textContent()).toBe('220');
    expect(stored('step2ck.minPass').at(-1)).toMatchObject({ effectiveFrom: '2025-07-01', value: '220' });
    const audit = db.prepare(`SELECT entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue FROM audit_log WHERE entity = 'setting' ORDER BY id DESC LIMIT 1`).get();
    expect(audit).toEqual({ entityId: 'step2ck.minPass@2025-07-01', field: 'value', oldValue: '218', newValue: '220' });
  });

  it('adds a dated row to a fact and removes it again; the base row cannot be removed', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Add a dated value to Step 2 CK minimum passing score' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Value').fill('222');
    await dialog.getByLabel('Takes effect on').fill('2027-01-01');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();
    await expect.poll(() => page.getByTestId('schedule-step2ck.minPass').textContent()).toMatch(new RegExp(`· 222 from ${await pageDate(app, '2027-01-01')}$`));
    expect(stored('step2ck.minPass').map((r) => [r.effectiveFrom, r.value])).toEqual([
      [null, '209'],
      ['2022-07-01', '214'],
      ['2025-07-01', '220'],
      ['2027-01-01', '222'],
    ]);
    // The new row cites the fact's source unless the advisor changed it.
    expect(stored('step2ck.minPass').at(-1)?.source).toBe(stored('step2ck.minPass')[2].source);

    await expect(row('step2ck.minPass', null).getByRole('button', { name: /^Remove/ }).count()).resolves.toBe(0);
    await row('step2ck.minPass', '2027-01-01').getByRole('button', { name: /^Remove/ }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm.textContent()).resolves.toContain(`220 (from ${await pageDate(app, '2025-07-01')}) then applies in its place`);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row('step2ck.minPass', '2027-01-01').count()).toBe(0);
    expect(stored('step2ck.minPass').map((r) => r.effectiveFrom)).toEqual([null, '2022-07-01', '2025-07-01']);
  });

  it("adds a new season's ERAS review date, which the rules then use for that class", async () => {
    const { page, db } = app;
    const student = db.prepare(`SELECT id FROM students WHERE grad_year = 2027 LIMIT 1`).get() as { id: string };
    const facts = async () => {
      const r = await invoke(ctx, 'flags.student', { id: student.id, asOf: AS_OF });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.facts;
    };
    expect(await facts()).toMatchObject({ reviewDate: '2026-09-23', reviewDatePublished: false });

    await page.getByRole('button', { name: "Add a season's review date" }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Season').inputValue()).resolves.toBe('2027');
    const date = dialog.getByLabel('Programs may review applications from');
    await date.fill('2027-09-22');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    // Season 2027 opens in the autumn of 2026: the shared check says so at the field.
    await expect.poll(() => dialog.getByText('The ERAS 2027 review date should fall in 2026, got 2027-09-22').isVisible()).toBe(true);
    await date.fill('2026-09-30');
    await dialog.getByLabel('Source').fill('AAMC ERAS 2027 timeline');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await screenshotBothThemes(app, 'settings-reference-add-season');
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();

    await expect.poll(() => row('eras.reviewDate.2027', null).count()).toBe(1);
    expect(stored('eras.reviewDate.2027')).toEqual([
      { effectiveFrom: null, value: '2026-09-30', label: 'ERAS 2027 season: programs may review applications from', source: 'AAMC ERAS 2027 timeline', note: null },
    ]);
    expect(await facts()).toMatchObject({ reviewDate: '2026-09-30', reviewDatePublished: true });
  });

  it("shows the main process's refusal at the field when the page was out of date", async () => {
    const { page, db } = app;
    await page.getByRole('button', { name: 'Add a dated value to USMLE score reporting lag (weeks)' }).click();
    // Meanwhile another advisor (or the command line) adds the same date.
    db.prepare(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) SELECT key, '2027-03-01', kind, '6', label, source, note, 'x' FROM settings WHERE key = 'usmle.reportingLagWeeks'`).run();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Value').fill('8');
    await dialog.getByLabel('Takes effect on').fill('2027-03-01');
    await dialog.getByRole('button', { name: 'Review change' }).click();
    await dialog.getByRole('button', { name: 'Confirm and save' }).click();
    await expect.poll(() => dialog.getByText('a row with this date already exists').isVisible()).toBe(true);
    await expect(dialog.getByLabel('Takes effect on').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(stored('usmle.reportingLagWeeks').map((r) => [r.effectiveFrom, r.value])).toEqual([
      [null, '4'],
      ['2027-03-01', '6'],
    ]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
