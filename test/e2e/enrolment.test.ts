/**
 * Issue 14, "Students' life cycle", in Chromium through the web host: a status change with its dates
 * on the student page (and removed again), the roster's status filter and column, the dashboard's
 * status filter with links that keep it, archiving a student (gone from the roster and the dashboard,
 * found under Archived) and restoring them, and the Reports page's option; both themes shot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type E2eApp } from './harness';
import { pageDate, pageDatesIn, screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 60, asOf: AS_OF });
  // Archive asks "are you sure?" with the browser's confirm: the person says yes.
  app.page.on('dialog', (d) => void d.accept());
});
afterAll(async () => {
  await app?.close();
});

const count = () => app.page.getByTestId('roster-count').textContent();
const rowOf = (id: string) => app.page.locator('[role=row][aria-rowindex]', { has: app.page.locator('[role=gridcell]:nth-child(3)', { hasText: new RegExp(`^${id}$`) }) });
const changes = (id: string) => app.db.prepare(`SELECT status, effective_from AS effectiveFrom, ends_on AS endsOn, note, changed_by AS changedBy FROM enrolment_changes WHERE student_id = ? ORDER BY id`).all(id);
const ID = 'S00003';

describe('enrolment status', () => {
  it('records a leave of absence with its dates on the student page, shown with them, in the header and the history', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/student?id=${ID}&asOf=${AS_OF}`);
    const panel = page.getByTestId('student-enrolment');
    await expect.poll(() => panel.getByTestId('enrolment-status').textContent()).toContain('Active');
    await panel.getByRole('button', { name: 'Change status' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change enrolment status' });
    await dialog.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Leave of absence', exact: true }).click();
    await dialog.getByLabel('From').fill('2026-10-01');
    // An end before the start is refused at its field, and nothing is written.
    await dialog.getByLabel('To (last day, if planned)').fill('2026-09-01');
    await dialog.getByRole('button', { name: 'Record status' }).click();
    // The core's message, its dates in the page's format.
    const refusal = await pageDatesIn(app, 'ends on 2026-09-01, before it starts (2026-10-01)');
    await expect.poll(() => dialog.getByText(refusal).count()).toBe(1);
    expect(changes(ID)).toEqual([]);
    await dialog.getByLabel('To (last day, if planned)').fill('2027-01-31');
    await expect.poll(() => dialog.getByText(refusal).count()).toBe(0);
    await dialog.getByRole('textbox', { name: 'Note' }).fill("Medical leave; dean's letter on file");
    await screenshotBothThemes(app, 'enrolment-change-dialog');
    await dialog.getByRole('button', { name: 'Record status' }).click();
    await dialog.waitFor({ state: 'detached' });

    expect(changes(ID)).toEqual([{ status: 'leave', effectiveFrom: '2026-10-01', endsOn: '2027-01-31', note: "Medical leave; dean's letter on file", changedBy: expect.any(String) }]);
    const shown = `Leave of absence from ${await pageDate(app, '2026-10-01')} to ${await pageDate(app, '2027-01-31')}`;
    await expect.poll(() => panel.getByTestId('enrolment-status').textContent()).toContain(shown);
    expect(await page.getByTestId('header-status').textContent()).toBe('Leave of absence');
    expect(await panel.getByRole('table', { name: 'Enrolment status history' }).textContent()).toContain("Medical leave; dean's letter on file");
    // The page's history (the audit log) names the change in words.
    await expect.poll(() => page.locator('section[aria-labelledby=student-history]').getByText('Enrolment status').count()).toBeGreaterThan(0);
    await screenshotBothThemes(app, 'enrolment-student-on-leave', { fullPage: true });

    // On a date after the leave's last day the student is active again.
    await page.goto(`${app.host.url}#/student?id=${ID}&asOf=2027-02-15`);
    await expect.poll(() => panel.getByTestId('enrolment-status').textContent()).toContain(`Active from ${await pageDate(app, '2027-02-01')}`);
  });

  it('filters the roster by status and shows each student’s status in its column', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster`);
    await expect.poll(count).toBe('60 students');
    await page.getByRole('combobox', { name: 'Enrolment status' }).click();
    await page.getByRole('option', { name: 'Leave of absence', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(count).toBe('1 students');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('status=leave');
    await expect.poll(() => rowOf(ID).getByTestId('roster-status').textContent()).toBe('On leave');
    await screenshotBothThemes(app, 'enrolment-roster-status-filter');
    // Active students: everyone else.
    await page.goto(`${app.host.url}#/roster?status=active`);
    await expect.poll(count).toBe('59 students');
  });

  it('the dashboard counts enrolled students by default, filters by status, and its links keep the filter', async () => {
    const { page } = app;
    // Withdrawn since before the as-of date: out of the dashboard's default count.
    app.db.prepare(`INSERT INTO enrolment_changes (student_id, status, effective_from, changed_by, changed_at) VALUES ('S00004', 'withdrawn', '2026-09-01', 'test', '2026-09-01T00:00:00Z')`).run();
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    await expect.poll(() => page.getByTestId('dashboard-scope').textContent()).toContain('59 active, leave of absence or extended (decelerated) students');
    await screenshotBothThemes(app, 'enrolment-dashboard-default');
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}&status=active`);
    await expect.poll(() => page.getByTestId('dashboard-scope').textContent()).toContain('58 active students');
    // A count card's roster has exactly its students, the status filter carried over.
    const card = page.getByRole('link', { name: /No flags/ }).first();
    const n = Number((await card.textContent())!.match(/\d+/)![0]);
    await card.click();
    await expect.poll(count).toBe(`${n} students`);
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('status=active');
  });
});

describe('archive instead of delete', () => {
  it('archives a student from their page: gone from the roster and the dashboard, found under Archived, restored from there; all audited', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/student?id=${ID}&asOf=${AS_OF}`);
    const panel = page.getByTestId('student-enrolment');
    await panel.getByRole('button', { name: 'Archive' }).click();
    await panel.getByTestId('archived-note').waitFor();
    expect(await page.getByTestId('header-archived').textContent()).toBe('Archived');
    expect(app.db.prepare(`SELECT count(*) FROM students WHERE id = ? AND archived_at IS NOT NULL`).pluck().get(ID)).toBe(1);
    await screenshotBothThemes(app, 'enrolment-student-archived', { fullPage: true });

    await page.goto(`${app.host.url}#/roster`);
    await expect.poll(count).toBe('59 students');
    expect(await rowOf(ID).count()).toBe(0);
    await page.locator('label', { hasText: /^Archived$/ }).click();
    await expect.poll(count).toBe('1 archived students');
    await expect.poll(() => rowOf(ID).getByTestId('roster-status').textContent()).toBe('Archived');
    await screenshotBothThemes(app, 'enrolment-roster-archived');
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}&status=active,leave,extended,withdrawn,graduated`);
    await expect.poll(() => page.getByTestId('dashboard-scope').textContent()).toContain('59 students of every enrolment status');

    await page.goto(`${app.host.url}#/roster?archived=1`);
    await rowOf(ID).click();
    await panel.getByRole('button', { name: 'Restore from archive' }).click();
    await expect.poll(() => panel.getByTestId('archived-note').count()).toBe(0);
    await page.goto(`${app.host.url}#/roster`);
    await expect.poll(count).toBe('60 students');
    expect(app.db.prepare(`SELECT field, context FROM audit_log WHERE entity = 'student' AND entity_id = ? AND field = 'archivedAt' ORDER BY id`).all(ID)).toEqual([
      { field: 'archivedAt', context: 'archived' },
      { field: 'archivedAt', context: 'restored from the archive' },
    ]);
  });

  it('the Reports page says which students the workbook covers and lets the others in', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/reports`);
    const statuses = page.getByTestId('report-statuses');
    await expect.poll(() => page.getByText('The workbook covers active students on the as-of date').count()).toBe(1);
    // The choice's box (its text field hides behind the chosen pills).
    await page.locator('.mantine-MultiSelect-input', { has: statuses }).click();
    await page.getByRole('option', { name: 'Leave of absence', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByText('The workbook covers active or leave of absence students on the as-of date').count()).toBe(1);
    expect(await statuses.count()).toBe(1);
    await screenshotBothThemes(app, 'enrolment-reports-option');
  });
});
