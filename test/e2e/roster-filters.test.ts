import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortFlags } from '../../src/main/flags/cohort';
import { startApp, type E2eApp } from './harness';
import { expectColourScheme, switchColourScheme } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
});
afterAll(async () => {
  await app?.close();
});

const rowIds = () => app.page.locator('[role=row][aria-rowindex] [role=gridcell]:nth-child(3)').allTextContents();

describe('roster filters, search, saved filters and keyboard in Chromium', () => {
  it('search finds a student by name, and by ID', async () => {
    const { page } = app;
    const s = app.db.prepare(`SELECT id, first_name AS firstName, last_name AS lastName FROM students WHERE id = 'S00211'`).get() as { id: string; firstName: string; lastName: string };
    const sameName = app.db.prepare(`SELECT id FROM students WHERE (first_name || ' ' || last_name) LIKE ? ORDER BY last_name, first_name, id`).all(`%${s.firstName} ${s.lastName}%`) as { id: string }[];
    await page.goto(`${app.host.url}#/roster?asOf=${AS_OF}`);
    await page.getByLabel('Search students').fill(`${s.firstName} ${s.lastName}`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${sameName.length} students`);
    expect((await rowIds()).sort()).toEqual(sameName.map((r) => r.id).sort());
    await page.getByLabel('Search students').fill(s.id);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('1 students');
    expect(await rowIds()).toEqual([s.id]);
    // The search is part of the address, so the view survives a reload.
    await expect.poll(() => page.url()).toContain(`search=${s.id}`);
  });

  it('sorts by risk with the most severe first, and filters by a flag', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Sort by Risk' }).click();
    await expect.poll(() => page.url()).toContain('sort=risk');
    const evaluated = cohortFlags(app.db, { asOf: AS_OF });
    const critical = evaluated.students.filter((s) => s.risk === 'critical').map((s) => s.studentId);
    await expect.poll(async () => (await rowIds()).slice(0, critical.length).sort()).toEqual([...critical].sort());
    expect(await page.locator('[role=row][aria-rowindex="2"]').textContent()).toContain('Critical');

    await page.goto(`${app.host.url}#/roster?flag=IMG_NO_USCE&asOf=${AS_OF}`);
    const img = evaluated.students.filter((s) => s.flags.some((f) => f.code === 'IMG_NO_USCE')).map((s) => s.studentId);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${img.length} students`);
    // Few enough to be drawn at once (the virtual list draws the visible rows plus 20).
    expect(img.length).toBeGreaterThan(0);
    expect(img.length).toBeLessThan(35);
    await expect.poll(async () => (await rowIds()).sort()).toEqual([...img].sort());
    await page.screenshot({ path: path.join(app.screenshotDir, 'roster-filtered-light.png') });
  });

  it('saves a filter set under a name and recalls it', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?class=2027&risk=high,critical&asOf=${AS_OF}`);
    const count = cohortFlags(app.db, { asOf: AS_OF, gradYears: [2027] }).students.filter((s) => s.risk === 'high' || s.risk === 'critical').length;
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${count} students`);
    await page.getByRole('button', { name: 'Save filter…' }).click();
    await page.getByLabel('Name this filter').fill('2027 high and critical');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => app.db.prepare('SELECT name FROM saved_filters').all()).toEqual([{ name: '2027 high and critical' }]);

    await page.goto(`${app.host.url}#/roster`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('300 students');
    await page.getByRole('combobox', { name: 'Saved filters' }).click();
    await page.getByRole('option', { name: '2027 high and critical' }).click();
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${count} students`);
    const hash = decodeURIComponent(new URL(page.url()).hash);
    expect(hash).toContain('class=2027');
    expect(hash).toContain('risk=high,critical');
  });

  it('moves between rows with the arrow keys and opens a student with Enter', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('300 students');
    await expect.poll(async () => (await rowIds()).length).toBeGreaterThan(10);
    const second = (await rowIds())[1];
    await page.locator('[role=row][aria-rowindex="2"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-rowindex")')).toBe('3');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/student?id=${second}`);
    await page.getByTestId('student-flags').waitFor();
  });

  it('renders in the dark theme', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?sort=risk&asOf=${AS_OF}`);
    await page.locator('[role=row][aria-rowindex="2"]').waitFor();
    await expectColourScheme(page, 'light');
    await switchColourScheme(page, 'dark');
    await page.screenshot({ path: path.join(app.screenshotDir, 'roster-dark.png'), animations: 'disabled' });
    await switchColourScheme(page, 'light');
  });
});
