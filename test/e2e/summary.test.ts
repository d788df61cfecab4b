import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studentActions } from '../../src/shared/rules/actions';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { insertAttempt, insertPractice } from '../../src/main/db/attempts';
import { insertEnrolmentChange } from '../../src/main/db/enrolment';
import { insertNote } from '../../src/main/db/notes';
import { loadReferenceData } from '../../src/main/db/reference';
import { insertStudent, loadAllSnapshots, loadSnapshot } from '../../src/main/db/students';
import { startApp, type E2eApp } from './harness';
import { pageDatesIn } from './theme-screens';

const AS_OF = '2026-11-26';
const who = { actor: 'Dr. Brennan', context: 'summary e2e' };
let app: E2eApp;

/** Pages in a PDF: poppler's pdfinfo (apt-get install poppler-utils), else the page objects counted in the file. */
function pageCount(pdf: string): number {
  try {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return (fs.readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  }
}

/** A PNG of the PDF's first page, to look at (test-results/screens). */
function renderPng(pdf: string): void {
  try {
    execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdf, pdf.replace(/\.pdf$/, '')]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The heaviest page we can think of: seven flags with their actions, a long history, a long note, many open items. */
function seedWorstCase(): string {
  const db = app.db;
  const id = 'Z-0001';
  db.transaction(() => {
    insertStudent(
      db,
      {
        id,
        firstName: 'Maximiliana',
        lastName: 'Featherstonehaugh-Worthington',
        email: null,
        gradYear: 2028,
        applicantType: 'IMG',
        targetSpecialty: 'Dermatology',
        backupSpecialty: null,
        advisor: 'Dr. Brennan',
        usceMonths: 0,
        usLetters: null,
        step1Deadline: null,
        notes: null,
        customFields: {},
      },
      who,
    );
    for (const [date, outcome] of [['2025-11-03', 'FAIL'], ['2026-02-10', 'FAIL'], ['2026-05-20', 'INCOMPLETE'], ['2026-12-15', 'SCHEDULED']] as const)
      insertAttempt(db, { studentId: id, exam: 'STEP1', testDate: date, outcome, score: null, attemptOrder: null }, who);
    for (const [i, date] of ['2026-08-01', '2026-09-01', '2026-10-01', '2026-10-20', '2026-11-10', '2026-11-20'].entries())
      insertPractice(db, { studentId: id, exam: 'STEP1', form: `NBME ${25 + i}`, takenOn: date, score: 180 + i * 3, passProbability: null }, who);
    insertNote(
      db,
      {
        studentId: id,
        body: 'Long planning session. '.repeat(40),
        followUpDate: '2026-12-01',
        actionItems: Array.from({ length: 8 }, (_, i) => ({ text: `Action item number ${i + 1}: a sentence long enough to wrap onto a second line on the printed page`, dueDate: `2026-11-${String(20 + i)}`, done: false })),
      },
      who,
      '2026-11-24T10:00:00.000Z',
    );
    insertEnrolmentChange(db, { studentId: id, status: 'leave', effectiveFrom: '2026-10-01', endsOn: '2027-01-31', note: 'Family leave' }, who);
  })();
  return id;
}

beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
});
afterAll(async () => {
  await app?.close();
});

async function printBoth(id: string, name: string) {
  const { page } = app;
  await page.goto(`${app.host.url}#/student/summary?id=${encodeURIComponent(id)}&asOf=${AS_OF}`);
  await page.getByTestId('summary-sheet').waitFor();
  await page.screenshot({ path: path.join(app.screenshotDir, `${name}-screen.png`), fullPage: true });
  const out: Record<string, string> = {};
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = path.join(app.screenshotDir, `${name}-${format.toLowerCase()}.pdf`);
    await page.pdf({ path: pdf, format, printBackground: true });
    renderPng(pdf);
    out[format] = pdf;
  }
  return out;
}

describe('the one-page student summary, printed by Chromium', () => {
  it('shows the flags with their actions, the exam history, open items and the timeline, on ONE page (A4 and Letter)', async () => {
    const ref = loadReferenceData(app.db);
    // The demo student with the most flags.
    const busiest = loadAllSnapshots(app.db)
      .map((s) => evaluateStudent(s, ref, AS_OF))
      .sort((a, b) => b.flags.length - a.flags.length || (a.studentId < b.studentId ? -1 : 1))[0];
    insertNote(app.db, { studentId: busiest.studentId, body: 'Discussed the CK date.', followUpDate: '2026-12-03', actionItems: [{ text: 'Book Step 2 CK', dueDate: '2026-11-30', done: false }] }, who);
    const pdfs = await printBoth(busiest.studentId, 'summary');
    const { page } = app;
    const student = loadSnapshot(app.db, busiest.studentId)!.student;
    const sheet = page.getByTestId('summary-sheet');
    await expect.poll(() => sheet.textContent()).toContain(`${student.firstName} ${student.lastName}`);
    expect(await page.getByTestId('summary-risk').textContent()).toBe(`${busiest.risk} risk`);
    for (const f of busiest.flags) {
      const block = page.locator(`[data-flag="${f.code}"]`);
      // Its dates in the page's format, like every date on the sheet.
      expect(await block.textContent()).toContain(await pageDatesIn(app, f.message));
    }
    // RULES.md §4: every action of every flag, shown once, naming the flags it serves.
    const actions = studentActions(busiest.flags);
    expect(actions.length).toBeGreaterThan(0);
    const items = page.getByTestId('summary-actions').locator('li');
    expect(await items.count()).toBe(actions.length);
    for (const [i, a] of actions.entries()) {
      expect(await items.nth(i).textContent()).toBe(`${a.action} (${a.codes.join(', ')})`);
      expect(await items.nth(i).getAttribute('data-codes')).toBe(a.codes.join(' '));
    }
    for (const f of busiest.flags) for (const action of f.actions) expect((await sheet.textContent())!.split(action).length - 1, action).toBe(1);
    expect(await sheet.textContent()).toContain('Book Step 2 CK');
    expect(await sheet.textContent()).toContain('CK safe date');
    expect(await page.getByTestId('summary-enrolment').textContent()).toBe('Active');
    for (const pdf of Object.values(pdfs)) expect(pageCount(pdf), pdf).toBe(1);
  });

  it('shrinks the heaviest summary to fit one page rather than splitting it', async () => {
    const id = seedWorstCase();
    const evaluation = evaluateStudent(loadSnapshot(app.db, id)!, loadReferenceData(app.db), AS_OF);
    expect(evaluation.flags.length).toBeGreaterThanOrEqual(6);
    const pdfs = await printBoth(id, 'summary-worst-case');
    const fit = Number(await app.page.getByTestId('summary-sheet').getAttribute('data-fit'));
    expect(fit).toBeLessThan(1);
    expect(fit).toBeGreaterThan(0.6);
    for (const pdf of Object.values(pdfs)) expect(pageCount(pdf), pdf).toBe(1);
    // Nothing is lost: every flag is on the page, and the items that did not fit the list are counted.
    const text = (await app.page.getByTestId('summary-sheet').textContent())!;
    for (const f of evaluation.flags) expect(text).toContain(await pageDatesIn(app, f.message));
    expect(text).toContain('… and 2 open items more on the student page');
    // On leave on the as-of date: said on the sheet with its dates, so no one mistakes the flags for a student in class.
    expect(await app.page.getByTestId('summary-enrolment').textContent()).toBe(await pageDatesIn(app, 'Leave of absence from 2026-10-01 to 2027-01-31'));
  });

  it('opens from the student page “Print summary” button, for that student and as-of date', async () => {
    const { page } = app;
    const id = (app.db.prepare('SELECT id FROM students ORDER BY id LIMIT 1').pluck().get() as string);
    await page.goto(`${app.host.url}#/student?id=${id}&asOf=${AS_OF}`);
    await page.getByTestId('print-summary').click();
    await page.getByTestId('summary-sheet').waitFor();
    expect(page.url()).toContain(`#/student/summary?id=${id}`);
    expect(await page.getByTestId('summary-sheet').textContent()).toContain(`Student ID${id}`);
  });

  it('hides the app around the sheet when printing, and says when a student is unknown', async () => {
    const { page } = app;
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.mantine-AppShell-navbar').isVisible()).toBe(false);
    expect(await page.getByTestId('print-button').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${app.host.url}#/student/summary?id=NOPE&asOf=${AS_OF}`);
    await expect.poll(() => page.getByText('No student with ID NOPE').isVisible()).toBe(true);
  });
});
