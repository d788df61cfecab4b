import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDir } from '../helpers';
import { startApp, type E2eApp } from './harness';
import { pageDatesIn, screenshotBothThemes } from './theme-screens';

let app: E2eApp;
let ctx: HandlerContext;
const dir = tempDir('stepwise-e2e-import-');

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Every row of every table the import writes to, hashed: "the database is unchanged" means this is equal. */
function contentHash(): string {
  const h = crypto.createHash('sha256');
  for (const table of ['students', 'exam_attempts', 'practice_exams', 'audit_log']) h.update(JSON.stringify(app.db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()));
  return h.digest('hex');
}

const count = (sql: string, ...params: unknown[]) => (app.db.prepare(sql).get(...params) as { n: number }).n;
const tile = (label: string) => app.page.getByTestId(`count-${label.toLowerCase().replace(/ /g, '-')}`).locator('p').nth(1);

/** A fresh Import page: reloaded, so nothing a previous test left on it (a preview, a result) is mistaken for this test's. */
async function openImportPage(): Promise<void> {
  await app.page.goto(`${app.host.url}#/import`);
  await app.page.reload();
  await app.page.getByTestId('import-drop-zone').waitFor();
}

async function choose(file: string): Promise<void> {
  await openImportPage();
  await app.page.locator('input[type=file]').setInputFiles(file);
}

/**
 * Records every text the progress line shows, in the page, so a quick phase is not missed between
 * two polls. (A string, not a function: the test runner's transform would add helpers the page lacks.)
 */
async function recordProgress(): Promise<() => Promise<string[]>> {
  await app.page.evaluate(`(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="import-progress"]')?.textContent;
      if (text && window.__progress[window.__progress.length - 1] !== text) window.__progress.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
  return () => app.page.evaluate('window.__progress') as Promise<string[]>;
}

/** A progress line with a count of rows done: "Reading rows: 2,000", "Writing changes: 4,000 of 20,001". */
const ROWS_DONE = /^[^:]+: [1-9][\d,]*( of [\d,]+)?$/;

const ROSTER_CSV = [
  'Student ID,First name,Last name,Email,Class of,Degree,Specialty interest,Advisor,Step 1 Result,Step 1 Date,Step 1 Attempts,Step 2 CK Score,Step 2 CK Date,Step 2 CK Scheduled,Pager',
  'IMP-001,Ana,Alvarez,ana@example.edu,2027,MD,Dermatology,Dr. Kim,Pass,2025-05-10,1,245,2026-06-20,,555-0101',
  'IMP-002,Ben,Brooks,,2027,DO,Internal Medicine,Dr. Kim,Pass,2025-06-01,2,,,2026-12-15,555-0102',
  'IMP-003,Cara,Chen,,2028,IMG,Psychiatry,Dr. Lee,,,,,,,',
].join('\r\n');

beforeAll(async () => {
  app = await startApp({ students: 30 });
  ctx = { db: app.db, databasePath: app.dbFile, actor: 'e2e-check' };
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Import page in Chromium', () => {
  it('previews a CSV roster, lets a column be re-mapped, imports it, and the students are in the roster', async () => {
    const { page, db } = app;
    const file = writeFile('roster.csv', ROSTER_CSV);
    const studentsBefore = count('SELECT count(*) AS n FROM students');
    const attemptsBefore = count('SELECT count(*) AS n FROM exam_attempts');
    await choose(file);

    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect.poll(() => tile('New students').textContent()).toBe('3');
    // The unmatched Pager column is kept as a custom field unless the advisor says otherwise.
    const pager = page.locator('tr[data-header="Pager"]');
    await expect(pager.textContent()).resolves.toContain('kept as custom field');
    await expect(page.getByRole('table', { name: 'Warnings' }).textContent()).resolves.toContain('Pager');
    await screenshotBothThemes(app, 'import-preview', { fullPage: true });

    await pager.locator('input').first().click();
    await page.getByRole('option', { name: 'Ignore this column' }).click();
    await expect.poll(() => pager.textContent()).toContain('changed');
    await expect.poll(() => page.getByRole('table', { name: 'Warnings' }).count()).toBe(0);
    const attemptsPreviewed = Number(await tile('New exam attempts').textContent());
    expect(attemptsPreviewed).toBeGreaterThan(0);

    await page.getByTestId('confirm-import').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await screenshotBothThemes(app, 'import-result');
    expect(count('SELECT count(*) AS n FROM students') - studentsBefore).toBe(3);
    expect(count('SELECT count(*) AS n FROM exam_attempts') - attemptsBefore).toBe(attemptsPreviewed);
    await expect(tile('New students').textContent()).resolves.toBe('3');
    await expect(tile('New exam attempts').textContent()).resolves.toBe(String(attemptsPreviewed));
    expect(db.prepare(`SELECT custom_fields AS c, applicant_type AS t FROM students WHERE id = 'IMP-002'`).get()).toEqual({ c: '{}', t: 'US_DO' });
    expect(count(`SELECT count(*) AS n FROM audit_log WHERE context = 'import roster.csv'`)).toBeGreaterThan(0);

    await result.getByRole('link', { name: 'Open the roster' }).click();
    await page.getByLabel('Search students').fill('IMP-00');
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('3 students');
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain('Alvarez, Ana');
  });

  it('imports a template workbook (.xlsx) with students, exams and practice exams', async () => {
    const { page } = app;
    const wb = new ExcelJS.Workbook();
    const students = wb.addWorksheet('Students');
    students.addRow(['Student ID', 'First name', 'Last name', 'Graduation year', 'Applicant type', 'Target specialty']);
    students.addRow(['XL-1', 'Dev', 'Dorsey', 2027, 'US MD', 'Pediatrics']);
    students.addRow(['XL-2', 'Eva', 'Ekwueme', 2028, 'IMG', 'Family Medicine']);
    const exams = wb.addWorksheet('Exams');
    exams.addRow(['Student ID', 'Exam', 'Date', 'Result', 'Score']);
    exams.addRow(['XL-1', 'Step 1', new Date(Date.UTC(2025, 4, 2)), 'Pass', null]);
    exams.addRow(['XL-1', 'Step 2 CK', new Date(Date.UTC(2026, 5, 9)), null, 251]);
    exams.addRow(['XL-2', 'Step 1', new Date(Date.UTC(2026, 2, 3)), 'Fail', null]);
    const practice = wb.addWorksheet('Practice');
    practice.addRow(['Student ID', 'Exam', 'Form', 'Date', 'Score', 'Pass probability (%)']);
    practice.addRow(['XL-2', 'Step 1', 'NBME 31', new Date(Date.UTC(2026, 4, 1)), null, 62]);
    practice.addRow(['XL-1', 'Step 2 CK', 'UWSA 2', '2026-05-20', 248, null]);
    const file = writeFile('template.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));

    const before = { students: count('SELECT count(*) AS n FROM students'), exams: count('SELECT count(*) AS n FROM exam_attempts'), practice: count('SELECT count(*) AS n FROM practice_exams') };
    await choose(file);
    await page.getByTestId('import-preview').waitFor();
    await expect.poll(() => tile('New students').textContent()).toBe('2');
    await expect(tile('New exam attempts').textContent()).resolves.toBe('3');
    await expect(tile('New practice exams').textContent()).resolves.toBe('2');
    await expect(page.getByRole('tab').allTextContents()).resolves.toEqual(expect.arrayContaining(['Students', 'Exams', 'Practice']));
    await page.getByTestId('confirm-import').click();
    await page.getByTestId('import-result').waitFor();
    expect(count('SELECT count(*) AS n FROM students') - before.students).toBe(2);
    expect(count('SELECT count(*) AS n FROM exam_attempts') - before.exams).toBe(3);
    expect(count('SELECT count(*) AS n FROM practice_exams') - before.practice).toBe(2);
    expect(app.db.prepare(`SELECT exam, form, taken_on AS takenOn, pass_probability AS p FROM practice_exams WHERE student_id = 'XL-2'`).get()).toEqual({ exam: 'STEP1', form: 'NBME 31', takenOn: '2026-05-01', p: 62 });

    await page.getByRole('link', { name: 'Open the roster' }).click();
    await page.getByLabel('Search students').fill('XL-');
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('2 students');
  });

  it('lists every error of a dropped bad file at its sheet, row and column, offers no import, and leaves the database unchanged', async () => {
    const { page } = app;
    const csv = [
      'Student ID,First name,Last name,Class of,Step 1 Date,Step 2 CK Score',
      'BAD-1,Fay,Fox,2027,2025-05-01,240',
      ',Gus,Gray,2027,2025-05-02,241',
      'BAD-3,Hal,Hunt,2027,2025-05-03,560',
      'BAD-4,Ivy,Ito,2027,2025-02-30,242',
    ].join('\n');
    const file = writeFile('bad.csv', csv);
    const hash = contentHash();
    // Dropped onto the page this time, as an advisor drags it from the desktop.
    await openImportPage();
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([${JSON.stringify(csv)}], 'bad.csv', { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid="import-drop-zone"]');
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    await page.getByTestId('import-errors-alert').waitFor();

    // The table shows exactly what the core found, each at its row.
    const expected = await invoke(ctx, 'import.preview', { file: new Uint8Array(fs.readFileSync(file)), fileName: 'bad.csv' });
    if (!expected.ok) throw new Error(expected.error.message);
    const errors = expected.value.errors;
    expect(errors.map((e) => [e.row, e.column])).toEqual(expect.arrayContaining([[3, 'Student ID'], [4, 'Step 2 CK Score'], [5, 'Step 1 Date']]));
    const table = page.getByRole('table', { name: 'Errors' });
    await expect(table.locator('tbody tr').count()).resolves.toBe(errors.length);
    for (const e of errors) {
      // Dates in a message are shown in the page's own format.
      const message = await pageDatesIn(app, e.message);
      const tr = table.locator(`tbody tr[data-row="${e.row}"]`).filter({ hasText: message });
      await expect(tr.textContent(), e.message).resolves.toBe(`${e.sheet}${e.row}${e.column}${message}`);
    }
    await expect(page.getByTestId('confirm-import').isDisabled()).resolves.toBe(true);
    await screenshotBothThemes(app, 'import-errors');
    expect(contentHash()).toBe(hash);
  });

  it('reads the roster from the first sheet with a Student ID column, and lets the advisor pick another sheet', async () => {
    const { page } = app;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Instructions').addRows([['How to fill in this roster'], ['One row per student.']]);
    wb.addWorksheet('Class of 2027').addRows([['Student ID', 'First name', 'Last name', 'Graduation year'], ['TAB-27', 'Ann', 'Ames', 2027]]);
    wb.addWorksheet('Class of 2028').addRows([['Student ID', 'First name', 'Last name', 'Graduation year'], ['TAB-28', 'Bo', 'Byrd', 2028], ['TAB-29', 'Cy', 'Cole', 2028]]);
    const file = writeFile('tabs.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await choose(file);
    const picker = page.getByTestId('import-roster-sheet');
    await expect.poll(() => picker.inputValue()).toBe('Class of 2027');
    await expect.poll(() => tile('New students').textContent()).toBe('1');
    await picker.click();
    await page.getByRole('option', { name: 'Class of 2028' }).click();
    await expect.poll(() => tile('New students').textContent()).toBe('2');
    await expect(picker.inputValue()).resolves.toBe('Class of 2028');
    await screenshotBothThemes(app, 'import-roster-sheet');
    await page.getByTestId('confirm-import').click();
    await page.getByTestId('import-result').waitFor();
    expect(app.db.prepare(`SELECT id FROM students WHERE id LIKE 'TAB-%' ORDER BY id`).pluck().all()).toEqual(['TAB-28', 'TAB-29']);
  });

  it('reads text dates that read either way month/day with a warning, and day/month once the advisor chooses that date order', async () => {
    const { page } = app;
    // A UK office's export: every date reads either way (01/07/2025 is 1 July there).
    const file = writeFile(
      'uk-dates.csv',
      ['Student ID,First name,Last name,Class of,Step 1 Result,Step 1 Date', 'DMY-01,Ada,Ames,2027,Pass,01/07/2025', 'DMY-02,Bea,Bell,2027,Pass,03/04/2025'].join('\r\n'),
    );
    await choose(file);
    const picker = page.getByTestId('import-date-order');
    await expect.poll(() => picker.inputValue()).toBe('Judge each column');
    const warnings = page.getByRole('table', { name: 'Warnings' });
    await expect.poll(() => warnings.textContent()).toContain('2 dates, such as "01/07/2025" (row 2), read either way');
    await expect(warnings.textContent()).resolves.toContain('Date order on the import page');
    await screenshotBothThemes(app, 'import-date-order-warning', { fullPage: true });
    await picker.click();
    await page.getByRole('option', { name: 'Day/month/year (01/07/2025)' }).click();
    await expect.poll(() => picker.inputValue()).toBe('Day/month/year (01/07/2025)');
    // The re-check read every date day/month: nothing is left to warn about.
    await expect.poll(() => warnings.count()).toBe(0);
    await expect.poll(() => tile('New students').textContent()).toBe('2');
    await page.getByRole('button', { name: 'New exam attempts (2)' }).click();
    const attemptsShown = page.getByRole('table', { name: 'New exam attempts' });
    // Dates as the page's locale shows them (1 July and 3 April 2025), asked of the page itself.
    const shown = (await page.evaluate(`[new Date(2025, 6, 1), new Date(2025, 3, 3)].map((d) => d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }))`)) as string[];
    await expect.poll(() => attemptsShown.textContent()).toContain(shown[0]);
    await expect(attemptsShown.textContent()).resolves.toContain(shown[1]);
    await screenshotBothThemes(app, 'import-date-order', { fullPage: true });
    await page.getByTestId('confirm-import').click();
    await page.getByTestId('import-result').waitFor();
    expect(app.db.prepare(`SELECT student_id, test_date FROM exam_attempts WHERE student_id LIKE 'DMY-%' ORDER BY student_id`).raw().all()).toEqual([
      ['DMY-01', '2025-07-01'],
      ['DMY-02', '2025-04-03'],
    ]);
  });

  it('saves an empty template workbook through a download', async () => {
    const { page } = app;
    await openImportPage();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save an empty template' }).click()]);
    expect(download.suggestedFilename()).toBe('stepwise-import-template.xlsx');
    const saved = path.join(dir, 'downloaded-template.xlsx');
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Students', 'Exams', 'Practice']));
    const header = (wb.getWorksheet('Students')!.getRow(1).values as unknown[]).map(String).join('|');
    expect(header).toContain('Student ID');
    expect(wb.getWorksheet('Students')!.rowCount).toBe(1);
  });

  it('shows progress with counts for a large file, and a cancelled commit writes nothing', async () => {
    const { page } = app;
    const wb = new ExcelJS.Workbook();
    const roster = wb.addWorksheet('Roster');
    roster.addRow(['Student ID', 'First name', 'Last name', 'Class of', 'Degree', 'Step 1 Result', 'Step 1 Date', 'Step 2 CK Score', 'Step 2 CK Date']);
    for (let i = 0; i < 20_000; i++)
      roster.addRow([`LARGE-${i}`, `First${i}`, `Last${i}`, 2027, 'MD', 'Pass', new Date(Date.UTC(2025, 4, 1 + (i % 28))), 230 + (i % 40), new Date(Date.UTC(2026, 5, 1 + (i % 28)))]);
    const file = writeFile('large.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const hash = contentHash();
    await openImportPage();
    const seen = await recordProgress();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor({ timeout: 90_000 });
    await expect.poll(() => tile('New students').textContent()).toBe('20,000');
    // Progress events arrived while the main process worked: the line showed a count of rows done
    // ("<what the main process says it is doing>: 4,000 of 20,001"), whatever its words for the phase.
    expect(await seen()).toEqual(expect.arrayContaining([expect.stringMatching(ROWS_DONE)]));

    // The web host runs in this test's process, busy with the import: the page itself clicks Cancel
    // at the commit's first progress line (the job is running in the main process by then), as an
    // advisor would, rather than waiting on the test.
    await page.evaluate(`(() => {
      new MutationObserver((_, observer) => {
        const text = document.querySelector('[data-testid="import-progress"]')?.textContent ?? '';
        if (!text.includes(':')) return;
        observer.disconnect();
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel').click();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByTestId('confirm-import').click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'cancelled' }).count(), { timeout: 60_000 }).toBe(1);
    await expect(page.getByRole('alert').filter({ hasText: 'cancelled' }).textContent()).resolves.toContain('nothing was written');
    expect((await seen()).at(-1)).toBe('Cancelling…');
    expect(contentHash()).toBe(hash);
  });
});
