/**
 * The school name the committee workbook prints in every sheet's title row, set on the Reports
 * page in Chromium: saved as the office's preference (audited) and offered back on the next visit
 * (the handler's own refusals are in test/integration/report-print.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeSchoolName } from '../../src/main/db/preferences';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 40 });
});
afterAll(async () => {
  await app?.close();
});

describe('Reports page: the school name on the workbook', () => {
  it('saves the name, audited, and shows it again on the next visit', async () => {
    const { page, db } = app;
    await page.goto(`${app.host.url}#/reports`);
    const field = page.getByRole('textbox', { name: 'School name' });
    await field.waitFor();
    expect(await field.inputValue()).toBe('');
    await field.fill('Northfield School of Medicine');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByTestId('school-name-saved').waitFor();
    expect(officeSchoolName(db)).toBe('Northfield School of Medicine');
    const audit = db.prepare(`SELECT actor, old_value AS oldValue, new_value AS newValue FROM audit_log WHERE entity = 'setting' AND entity_id = 'office.schoolName'`).all();
    expect(audit).toEqual([{ actor: 'e2e-advisor', oldValue: null, newValue: 'Northfield School of Medicine' }]);
    await screenshotBothThemes(app, 'reports-school-name');

    await page.goto(`${app.host.url}#/`);
    await page.goto(`${app.host.url}#/reports`);
    await expect.poll(() => page.getByRole('textbox', { name: 'School name' }).inputValue()).toBe('Northfield School of Medicine');
    // Unchanged: nothing to save.
    expect(await page.getByRole('button', { name: 'Save name' }).isDisabled()).toBe(true);
  });
});
