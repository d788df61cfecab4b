import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterRows } from '../../src/main/cohort/roster';
import { ROSTER_HEADER_ROW } from '../../src/main/reports/roster-workbook';
import { FLAG_CODES } from '../../src/shared/domain';
import { flagTitle } from '../../src/shared/rules/catalogue';
import { tempDir } from '../helpers';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

/** The roster as a working list in Chromium: filters, search as displayed, flags in words, selection and bulk actions, export, print. */
const AS_OF = '2026-11-26';
let app: E2eApp;
let downloads: string;
beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
  downloads = tempDir('stepwise-e2e-roster-');
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(downloads, { recursive: true, force: true });
});

const count = () => app.page.getByTestId('roster-count').textContent();
const rowIds = () => app.page.locator('[role=row][aria-rowindex] [role=gridcell]:nth-child(3)').allTextContents();
const rowOf = (id: string) => app.page.locator('[role=row][aria-rowindex]', { has: app.page.locator('[role=gridcell]:nth-child(3)', { hasText: new RegExp(`^${id}$`) }) });
const sorted = (view: Parameters<typeof rosterRows>[1]) => rosterRows(app.db, { asOf: AS_OF, ...view }).rows.map((r) => r.id);

async function pick(label: string, option: string) {
  await app.page.getByRole('combobox', { name: label, exact: true }).click();
  await app.page.getByRole('option', { name: option, exact: true }).click();
}

async function download(click: () => Promise<void>): Promise<ExcelJS.Worksheet> {
  const [file] = await Promise.all([app.page.waitForEvent('download'), click()]);
  const saved = path.join(downloads, file.suggestedFilename());
  await file.saveAs(saved);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  return wb.getWorksheet('Roster')!;
}

const sheetIds = (ws: ExcelJS.Worksheet) => {
  const ids: string[] = [];
  for (let r = ROSTER_HEADER_ROW + 1; r <= ws.rowCount; r++) ids.push(String(ws.getRow(r).getCell(1).value));
  return ids;
};

describe('the roster as a working list in Chromium', () => {
  it('filters by advisor and by target specialty on the roster itself', async () => {
    const { page } = app;
    const advisor = app.db.prepare(`SELECT advisor FROM students WHERE advisor IS NOT NULL GROUP BY advisor ORDER BY advisor LIMIT 1`).pluck().get() as string;
    await page.goto(`${app.host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(count).toBe('300 students');
    await pick('Advisor', advisor);
    const mine = sorted({ advisor, sort: 'name', direction: 'asc' });
    await expect.poll(count).toBe(`${mine.length} students`);
    expect(mine.length).toBeLessThan(300);
    expect(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('advisor')).toBe(advisor);
    const target = app.db.prepare(`SELECT target_specialty FROM students WHERE advisor = ? AND target_specialty IS NOT NULL GROUP BY target_specialty ORDER BY count(*) DESC LIMIT 1`).pluck().get(advisor) as string;
    await pick('Target specialty', target);
    const both = sorted({ advisor, targetSpecialty: target, sort: 'name', direction: 'asc' });
    await expect.poll(count).toBe(`${both.length} students`);
    await expect.poll(rowIds).toEqual(both);
    const advisorsShown = await page.locator('[role=row][aria-rowindex] [role=gridcell]:nth-child(7)').allTextContents();
    expect(new Set(advisorsShown)).toEqual(new Set([advisor]));
  });

  it('finds a student by the name as the roster shows it ("Abbott, Hector") and as spoken', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?asOf=${AS_OF}`);
    await expect.poll(count).toBe('300 students');
    const all = sorted({ sort: 'name', direction: 'asc' });
    await expect.poll(async () => (await rowIds()).slice(0, 12)).toEqual(all.slice(0, 12));
    const row = page.locator('[role=row][aria-rowindex="12"]');
    const [shown, id] = await row.locator('[role=gridcell]').evaluateAll((cells) => [cells[1].textContent!, cells[2].textContent!]);
    expect(shown).toMatch(/^[^,]+, [^,]+$/);
    await page.getByLabel('Search students').fill(shown);
    const found = sorted({ search: shown, sort: 'name', direction: 'asc' });
    expect(found).toContain(id);
    await expect.poll(count).toBe(`${found.length} students`);
    await expect.poll(rowIds).toEqual(found);
    const [last, first] = shown.split(', ');
    await page.getByLabel('Search students').fill(`${first} ${last}`);
    await expect.poll(rowIds).toContain(id);
  });

  it('shows flags in words, with each code only in its tooltip', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?sort=risk&asOf=${AS_OF}`);
    const top = sorted({ sort: 'risk', direction: 'asc' })[0];
    await expect.poll(async () => (await rowIds())[0]).toBe(top);
    const first = rowOf(top);
    const flags = first.locator('.roster-flags span');
    await expect.poll(() => flags.count()).toBeGreaterThan(0);
    const [codes, text] = await first.locator('.roster-flags').evaluate((cell) => [[...cell.querySelectorAll('span')].map((s) => s.getAttribute('title')), cell.textContent!] as const);
    expect(text).toBe(codes.map((c) => flagTitle(c as (typeof FLAG_CODES)[number])).join('; '));
    for (const code of FLAG_CODES) expect(text).not.toContain(code);
    // The flag filter lists titles too.
    await page.getByRole('combobox', { name: 'Flag', exact: true }).click();
    await expect.poll(() => page.getByRole('option').allTextContents()).toContain('Step 1 failure');
    await page.keyboard.press('Escape');
  });

  it('exports exactly the filtered view to .xlsx, in its order', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?class=2027&risk=critical,high,medium&sort=ckDate&dir=desc&asOf=${AS_OF}`);
    const expected = sorted({ gradYears: [2027], risk: ['critical', 'high', 'medium'], sort: 'ckDate', direction: 'desc' });
    await expect.poll(count).toBe(`${expected.length} students`);
    const ws = await download(() => page.getByRole('button', { name: 'Export to Excel' }).click());
    expect(sheetIds(ws)).toEqual(expected);
    expect(String(ws.getCell(1, 1).value)).toBe('Roster: Class of 2027; Risk: Critical, High or Medium');
    await expect.poll(() => page.getByTestId('roster-message').textContent()).toBe(`Saved stepwise-roster-${AS_OF}.xlsx: ${expected.length} students.`);
  });

  it('selects rows and changes their advisor, adds a note to each and exports them, each change audited', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?class=2028&asOf=${AS_OF}`);
    const shown = sorted({ gradYears: [2028], sort: 'name', direction: 'asc' });
    await expect.poll(count).toBe(`${shown.length} students`);
    await expect.poll(async () => (await rowIds()).slice(0, 6)).toEqual(shown.slice(0, 6));
    const ids = shown.slice(1, 4);
    for (const id of ids) await rowOf(id).getByRole('checkbox').check();
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe('3 students selected');
    await screenshotBothThemes(app, 'roster-selection');

    await page.getByRole('button', { name: 'Change advisor…' }).click();
    await page.getByRole('combobox', { name: 'New advisor' }).fill('Dr. Imani Reyes');
    await page.getByRole('button', { name: 'Change advisor', exact: true }).click();
    await expect.poll(() => page.getByTestId('roster-message').textContent()).toBe('Advisor set to Dr. Imani Reyes for 3 students.');
    expect(app.db.prepare(`SELECT id FROM students WHERE advisor = 'Dr. Imani Reyes' ORDER BY id`).pluck().all()).toEqual([...ids].sort());
    const audit = app.db.prepare(`SELECT entity_id AS id, actor, field, new_value AS value, context FROM audit_log WHERE new_value = 'Dr. Imani Reyes' ORDER BY entity_id`).all();
    expect(audit).toEqual([...ids].sort().map((id) => ({ id, actor: 'e2e-advisor', field: 'advisor', value: 'Dr. Imani Reyes', context: 'roster selection' })));
    // The grid was read again: the new advisor shows in the rows, still selected.
    await expect.poll(() => rowOf(ids[0]).locator('[role=gridcell]:nth-child(7)').textContent()).toBe('Dr. Imani Reyes');
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe('3 students selected');

    await page.getByRole('button', { name: 'Add a note…' }).click();
    await page.getByLabel('Note', { exact: true }).fill('Advisor changed: first meeting to be booked');
    await page.getByLabel('Follow up on').fill('2026-12-07');
    await screenshotBothThemes(app, 'roster-bulk-note');
    await page.getByRole('button', { name: 'Add note', exact: true }).click();
    await expect.poll(() => page.getByTestId('roster-message').textContent()).toBe('Note added to 3 students.');
    expect(app.db.prepare(`SELECT student_id AS id, author, follow_up_date AS d FROM advising_notes WHERE body = 'Advisor changed: first meeting to be booked' ORDER BY student_id`).all()).toEqual(
      [...ids].sort().map((id) => ({ id, author: 'e2e-advisor', d: '2026-12-07' })),
    );

    const ws = await download(() => page.getByRole('button', { name: 'Export selected to Excel' }).click());
    expect(sheetIds(ws)).toEqual(ids);
    expect(String(ws.getCell(1, 1).value)).toBe('Roster: 3 selected students');
  });

  it('selects every student of the view from the header box, and a new filter starts an empty selection', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?flag=CK_LATE&asOf=${AS_OF}`);
    const late = sorted({ flag: 'CK_LATE', sort: 'name', direction: 'asc' });
    await expect.poll(count).toBe(`${late.length} students`);
    // The box is ticked once the core has listed the view's students.
    await page.getByRole('checkbox', { name: `Select all ${late.length} students of this view` }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: `Select all ${late.length} students of this view` }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe(`${late.length} students selected`);
    await pick('Advisor', app.db.prepare(`SELECT advisor FROM students WHERE advisor IS NOT NULL ORDER BY advisor DESC LIMIT 1`).pluck().get() as string);
    await expect.poll(() => page.getByTestId('bulk-actions').count()).toBe(0);
  });

  it('prints the filtered view as a clean landscape table with its title and as-of date', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster?class=2027&sort=risk&asOf=${AS_OF}`);
    await expect.poll(count).not.toBe('Loading…');
    await page.getByRole('link', { name: 'Print…' }).click();
    const sheet = page.getByTestId('roster-sheet');
    await sheet.waitFor();
    const expected = sorted({ gradYears: [2027], sort: 'risk', direction: 'asc' });
    expect(await sheet.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(expected);
    expect(await sheet.locator('h1').textContent()).toBe('Roster');
    expect(await sheet.locator('.scope').textContent()).toBe('Class of 2027');
    expect(await sheet.textContent()).toContain(`${expected.length} students; risk and exam status as of`);
    // The sheet is paper: white in either theme (the screenshot shows the app around it in the dark theme).
    for (const scheme of ['dark', 'light'] as const) {
      await page.getByRole('button', { name: `Switch to ${scheme} theme` }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe(scheme);
      await page.mouse.move(700, 890);
      await page.screenshot({ path: path.join(app.screenshotDir, `roster-print-screen-${scheme}.png`), animations: 'disabled' });
    }
    const pdf = path.join(app.screenshotDir, 'roster-print.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    // Landscape A4 (842 x 595 pt), several pages for a class, the header row on each (rendered to PNG beside it for a look).
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(1);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(app.screenshotDir, 'roster-print-page')]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // Nothing of the app around it: no navigation, no toolbar; every student on paper.
    expect(text).not.toContain('Main navigation');
    expect(text).not.toContain('Back to the roster');
    for (const id of expected) expect(text).toContain(id);
    expect(text.split('\f').filter((p) => p.trim()).every((p) => p.includes('Target specialty'))).toBe(true);
  });
});

