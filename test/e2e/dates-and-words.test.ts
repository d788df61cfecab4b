/**
 * One date format, and words instead of codes, as a person sees the app in Chromium: no screen
 * shows a date as YYYY-MM-DD (flag messages and errors from the core included: the page writes
 * their dates in the user's locale, src/renderer/src/format.ts); the audit log and Settings say
 * "US MD", "Step 2 CK" and "ERAS review weekday", never US_MD, STEP2CK or eras.defaultReview.weekday;
 * and the printed one-page summary draws the practice chart's pass line the student page draws.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { invoke } from '../../src/main/handlers';
import { loadReferenceData } from '../../src/main/db/reference';
import { loadAllSnapshots } from '../../src/main/db/students';
import { startApp, type E2eApp } from './harness';
import { appScreens } from './screens';
import { pageDate, pageDatesIn, screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
const ISO_DATE = /(?<![\w.-])\d{4}-\d{2}-\d{2}(?![\w-])/g;
let app: E2eApp;
let studentId: string;
const SCREENS = appScreens(() => studentId, AS_OF);

beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
  // A student with practice results of both Steps and flags whose messages carry dates.
  const ref = loadReferenceData(app.db);
  const candidates = loadAllSnapshots(app.db).filter((s) => s.practice.some((p) => p.exam === 'STEP2CK' && p.score !== null));
  const dated = candidates.find((s) => evaluateStudent(s, ref, AS_OF).flags.some((f) => /\d{4}-\d{2}-\d{2}/.test(f.message)));
  studentId = (dated ?? candidates[0]).student.id;
  // A change the audit log names by its setting (eras.defaultReview.weekday: 3 → 4).
  const ctx = { db: app.db, databasePath: app.dbFile, actor: 'e2e-check' };
  const r = await invoke(ctx, 'settings.update', { key: 'eras.defaultReview.weekday', effectiveFrom: null, patch: { value: '4' } });
  if (!r.ok) throw new Error(r.error.message);
});
afterAll(async () => {
  await app?.close();
});

/** The page's visible text (inputs' values are not text: a date field shows the browser's own format). */
const visibleText = () => app.page.evaluate(() => document.body.innerText);

describe('one date format: the user’s locale on every screen', () => {
  for (const screen of SCREENS) {
    it(`${screen.name} shows no YYYY-MM-DD date`, async () => {
      const { page } = app;
      await page.goto(`${app.host.url}${screen.hash()}`);
      await screen.ready(page);
      const text = await visibleText();
      const iso = [...text.matchAll(ISO_DATE)].map((m) => `${m[0]} in “${text.slice(Math.max(0, m.index - 40), m.index + 20).replace(/\s+/g, ' ')}”`);
      expect(iso, screen.name).toEqual([]);
    });
  }

  it('shows flag messages with their dates in the page’s format, on the student page and the summary', async () => {
    const { page } = app;
    const snapshot = loadAllSnapshots(app.db).find((s) => s.student.id === studentId)!;
    const flags = evaluateStudent(snapshot, loadReferenceData(app.db), AS_OF).flags.filter((f) => /\d{4}-\d{2}-\d{2}/.test(f.message));
    expect(flags.length).toBeGreaterThan(0);
    await page.goto(`${app.host.url}#/student?id=${studentId}&asOf=${AS_OF}`);
    for (const f of flags) await expect.poll(() => page.locator(`[data-flag="${f.code}"]`).first().textContent()).toContain(await pageDatesIn(app, f.message));
    await page.goto(`${app.host.url}#/student/summary?id=${studentId}&asOf=${AS_OF}`);
    await page.getByTestId('summary-sheet').waitFor();
    for (const f of flags) expect(await page.getByTestId('summary-sheet').textContent()).toContain(await pageDatesIn(app, f.message));
    expect(await page.getByTestId('summary-sheet').textContent()).toContain(`Planning summary as of ${await pageDate(app, AS_OF)}`);
  });
});

describe('words instead of codes in the audit log and Settings', () => {
  it('names applicant types, exams and settings in words in the audit log', async () => {
    const { page } = app;
    const table = page.getByTestId('audit-table');
    // The filtered page, once its rows are those of the kind asked for.
    const show = async (what: string, named: string) => {
      await page.goto(`${app.host.url}#/settings?tab=audit&entity=${what}`);
      await expect.poll(async () => (await table.locator('tbody tr').first().textContent()) ?? '').toContain(named);
      return (await table.textContent())!;
    };
    const setting = await show('setting', 'Setting: ');
    expect(setting).toContain('Setting: ERAS review weekday');
    expect(setting).not.toContain('eras.defaultReview.weekday');
    const students = await show('student', 'Student ');
    expect(students).toContain('applicant type: US MD');
    expect(students).not.toMatch(/US_MD|US_DO/);
    const practice = await show('practice_exam', 'Practice exam ');
    expect(practice).toMatch(/exam: Step 2 CK|exam: Step 1/);
    expect(practice).not.toMatch(/\bSTEP2CK\b|\bSTEP1\b/);
    expect(practice).toContain(`taken on: `);
    expect(practice.match(ISO_DATE) ?? []).toEqual([]);
    await screenshotBothThemes(app, 'audit-log-words');
  });

  it('lists reference facts by their names, the internal key only as a tooltip', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/settings?tab=reference`);
    const row = page.locator('tr[data-fact="eras.defaultReview.weekday"]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Later seasons: weekday');
    expect(await visibleText()).not.toContain('eras.defaultReview.weekday');
    expect(await row.locator('[title="eras.defaultReview.weekday"]').count()).toBe(1);
    await screenshotBothThemes(app, 'settings-reference-words', { fullPage: false });
  });
});

describe('the printed summary’s practice chart', () => {
  it('draws the pass line the student page’s chart draws, on screen and in the PDF Chromium prints', async () => {
    const { page } = app;
    const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'e2e-check' }, 'students.practiceLines', { id: studentId, asOf: AS_OF });
    if (!r.ok) throw new Error(r.error.message);
    const pass = r.value.step2ck.minimumPassingScore!;
    // The student page's chart names the pass line...
    await page.goto(`${app.host.url}#/student?id=${studentId}&asOf=${AS_OF}`);
    const chart = page.getByTestId('practice-chart');
    await chart.locator('.recharts-reference-line').first().waitFor({ state: 'attached' });
    expect(await chart.textContent()).toContain(`Pass ${pass}`);
    // ...and so does the summary's, as a solid red line, on screen and on paper.
    await page.goto(`${app.host.url}#/student/summary?id=${studentId}&asOf=${AS_OF}`);
    const sheet = page.getByTestId('summary-sheet');
    await sheet.waitFor();
    const passLine = sheet.locator('figure', { hasText: 'Step 2 CK practice' }).locator('[data-line="pass"]');
    expect(await passLine.count()).toBe(1);
    expect(await passLine.textContent()).toBe(`Pass ${pass}`);
    await page.emulateMedia({ media: 'print' });
    expect(await passLine.isVisible()).toBe(true);
    // Back to no emulation: page.pdf() lays the page out for print itself (with 'screen' it would print the app around the sheet).
    await page.emulateMedia({ media: null });
    const pdf = path.join(app.screenshotDir, 'summary-pass-line.pdf');
    await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
    // The PDF's own text (poppler's pdftotext; .ci/run installs poppler-utils) has the line's label: it printed.
    expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toContain(`Pass ${pass}`);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, pdf.replace(/\.pdf$/, '')]);
  });
});
