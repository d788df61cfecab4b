import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/main/db/reference';
import { cohortFlags } from '../../src/main/flags/cohort';
import { startApp, type E2eApp } from './harness';
import { expectColourScheme, pageDatesIn, switchColourScheme } from './theme-screens';

/** The demo cohort is generated and evaluated as of this fixed date, so every run sees the same data. */
const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
});
afterAll(async () => {
  await app?.close();
});

/** Step 1 / CK expectations straight from the tables (the demo cohort always records an outcome). */
function expectedExamCounts() {
  const step1 = `(a.exam = 'STEP1' OR (a.exam = 'COMLEX1' AND s.applicant_type = 'US_DO')) AND a.test_date <= '${AS_OF}'`;
  const passed = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.outcome = 'PASS' AND ${step1})`;
  const failed = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.outcome IN ('FAIL', 'INCOMPLETE') AND ${step1})`;
  const ckResult = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.exam = 'STEP2CK' AND a.test_date <= '${AS_OF}' AND a.outcome IN ('PASS', 'FAIL', 'INCOMPLETE'))`;
  const ckAny = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.exam = 'STEP2CK')`;
  const r = app.db
    .prepare(
      `SELECT count(*) AS total, sum(${passed}) AS passed, sum(NOT ${passed} AND ${failed}) AS failed,
         sum(${ckResult}) AS reported, sum(NOT ${ckResult} AND ${ckAny}) AS scheduled, sum(NOT ${ckAny}) AS notScheduled
       FROM students s`,
    )
    .get() as Record<string, number>;
  return {
    Passed: r.passed,
    'Failed, not yet passed': r.failed,
    'Not taken, or result pending': r.total - r.passed - r.failed,
    Reported: r.reported,
    Scheduled: r.scheduled,
    'Not scheduled': r.notScheduled,
  };
}

/** Each dashboard chart by its card, and what its series draws (Mantine's charts do not animate: drawn once rendered). */
const CHARTS: Record<string, string> = {
  'chart-ck-by-specialty': '.recharts-bar-rectangle',
  'chart-ck-timeline': '.recharts-bar-rectangle',
  'chart-risk-by-class': '.recharts-bar-rectangle',
  'chart-practice-trend': '.recharts-line-curve',
};

/**
 * What the dashboard has not drawn yet (empty once it is at rest): a chart card whose data has not
 * arrived, whose series is not drawn, or whose chart is not yet as wide as its card (a chart is
 * sized after the layout settles, by a ResizeObserver); the at-risk list and the follow-ups
 * without their rows or their "nothing" line.
 */
function notYetDrawn(page: Page): Promise<string[]> {
  return page.evaluate((charts) => {
    const missing: string[] = [];
    const card = (id: string) => document.querySelector(`[data-testid="${id}"]`);
    for (const [id, series] of Object.entries(charts)) {
      const box = card(id)?.querySelector('.recharts-responsive-container');
      const svg = box?.querySelector('.recharts-wrapper > svg.recharts-surface');
      if (!box || !svg) missing.push(`${id}: no chart`);
      else if (!svg.querySelector(series)) missing.push(`${id}: no ${series}`);
      else if (Number(svg.getAttribute('width')) !== box.clientWidth) missing.push(`${id}: ${svg.getAttribute('width')} px wide in a ${box.clientWidth} px card`);
    }
    if (!card('at-risk-list')?.querySelector('tbody tr')) missing.push('at-risk-list: no rows');
    const followUps = card('follow-ups');
    if (!followUps?.querySelector('li') && !followUps?.textContent?.includes('Nothing overdue or due')) missing.push('follow-ups: neither items nor "Nothing overdue or due"');
    return missing;
  }, CHARTS);
}

async function shownCount(testId: string, label: string): Promise<number> {
  const text = await app.page.getByTestId(testId).locator(`[data-count="${label}"]`).textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

describe('cohort dashboard in Chromium', () => {
  it('shows the same counts as the database and the cohort evaluator', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    await page.getByTestId('counts-risk').waitFor();
    const exams = expectedExamCounts();
    for (const [label, value] of Object.entries(exams).slice(0, 3)) expect(await shownCount('counts-step1', label), label).toBe(value);
    for (const [label, value] of Object.entries(exams).slice(3)) expect(await shownCount('counts-ck', label), label).toBe(value);
    const evaluated = cohortFlags(app.db, { asOf: AS_OF });
    const risk = { Critical: evaluated.counts.critical, High: evaluated.counts.high, Medium: evaluated.counts.medium, Low: evaluated.counts.low, 'No flags': evaluated.counts.none };
    for (const [label, value] of Object.entries(risk)) expect(await shownCount('counts-risk', label), label).toBe(value);
    expect(await page.getByTestId('dashboard-scope').textContent()).toContain(`${evaluated.total} active, leave of absence or extended (decelerated) students`);
    // The at-risk list: most severe first; within a level, more flags first, then by name.
    const rank = { critical: 4, high: 3, medium: 2, low: 1 } as const;
    const expected = [...evaluated.students]
      .sort((a, b) => rank[b.risk!] - rank[a.risk!] || b.flags.length - a.flags.length || a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || (a.studentId < b.studentId ? -1 : 1))
      .slice(0, 10)
      .map((s) => s.studentId);
    const list = page.getByTestId('at-risk-list');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(10);
    expect(await list.locator('tbody tr td:first-child p').allTextContents()).toEqual(expected);
    expect(await list.textContent()).toContain(`${evaluated.students.length} flagged`);
    // Each message with its dates in the page's format (format.ts), like every date on screen.
    for (const flag of evaluated.students.find((s) => s.studentId === expected[0])!.flags) expect(await list.locator('tbody tr').first().textContent()).toContain(await pageDatesIn(app, flag.message));
    // Every card has its own query: the screenshot waits until each has arrived and been drawn.
    await expect.poll(() => notYetDrawn(page), { message: 'the dashboard is still drawing' }).toEqual([]);
    await page.screenshot({ path: path.join(app.screenshotDir, 'dashboard-light.png'), fullPage: true });
  });

  it('draws the practice-score trend with the counts the practice table holds, for either exam', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    const card = page.getByTestId('chart-practice-trend');
    await card.waitFor();
    const count = (exam: string) =>
      app.db
        .prepare(
          `SELECT count(*) AS n, count(DISTINCT student_id) AS students FROM practice_exams
           WHERE exam = ? AND score IS NOT NULL AND taken_on BETWEEN date(?, 'start of month', '-11 months') AND ?`,
        )
        .get(exam, AS_OF, AS_OF) as { n: number; students: number };
    const ck = count('STEP2CK');
    expect(ck.n).toBeGreaterThan(0);
    await expect.poll(() => card.getByTestId('practice-trend-exams').textContent()).toBe(`${ck.n.toLocaleString('en-US')} practice exams by ${ck.students.toLocaleString('en-US')} students`);
    await card.locator('.recharts-line').first().waitFor();
    expect(await card.textContent()).toContain('Pass 218');
    await card.getByText('Step 1', { exact: true }).click();
    const step1 = count('STEP1');
    await expect.poll(() => card.getByTestId('practice-trend-exams').textContent()).toBe(`${step1.n.toLocaleString('en-US')} practice exams by ${step1.students.toLocaleString('en-US')} students`);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(app.screenshotDir, 'dashboard-practice-trend-light.png'), fullPage: true });
  });

  it('a count click opens the roster filtered to exactly those students', async () => {
    const { page } = app;
    const gradYear = 2027;
    await page.goto(`${app.host.url}#/?class=${gradYear}&asOf=${AS_OF}`);
    await page.getByTestId('counts-risk').waitFor();
    const evaluated = cohortFlags(app.db, { asOf: AS_OF, gradYears: [gradYear] });
    const critical = evaluated.students.filter((s) => s.risk === 'critical').map((s) => s.studentId).sort();
    expect(critical.length).toBeGreaterThan(0);
    // A hash-only navigation keeps the page: the counts of the previous view stay until the class's arrive.
    await expect.poll(() => shownCount('counts-risk', 'Critical')).toBe(critical.length);
    await page.getByTestId('counts-risk').locator('[data-count="Critical"]').click();
    await expect.poll(() => page.url()).toContain('#/roster?');
    const hash = new URL(page.url()).hash;
    expect(hash).toContain(`class=${gradYear}`);
    expect(hash).toContain('risk=critical');
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${critical.length} students`);
    const ids = await page.locator('[role=row][aria-rowindex] [role=gridcell]:nth-child(3)').allTextContents();
    expect(ids.sort()).toEqual(critical);
  });

  it("a note's follow-up date appears on the dashboard's upcoming list", async () => {
    const { page } = app;
    const s = app.db.prepare(`SELECT id, first_name || ' ' || last_name AS name FROM students ORDER BY id LIMIT 1 OFFSET 17`).get() as { id: string; name: string };
    await page.goto(`${app.host.url}#/student?id=${s.id}&asOf=${AS_OF}`);
    await page.getByTestId('student-notes').waitFor();
    const text = `Check the NBME 13 result with ${s.name}`;
    await page.getByRole('textbox', { name: 'Session note' }).fill(text);
    await page.getByLabel('Follow up on').fill('2026-12-04');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => page.getByTestId('student-notes').textContent()).toContain(text);
    expect(app.db.prepare(`SELECT follow_up_date AS d FROM advising_notes WHERE student_id = ?`).get(s.id)).toEqual({ d: '2026-12-04' });
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    const item = page.getByTestId('follow-ups').locator('li', { hasText: text });
    await item.waitFor();
    expect(await item.textContent()).toContain(s.name);
    await item.getByRole('link', { name: s.name }).click();
    await expect.poll(() => page.url()).toContain(`#/student?id=${s.id}`);
  });

  it('counts who ever failed Step 1 apart from who has not passed it yet, and that count opens exactly those students', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    const card = page.getByTestId('counts-step1');
    await card.waitFor();
    const evaluated = cohortFlags(app.db, { asOf: AS_OF });
    const everFailed = evaluated.students.filter((s) => s.flags.some((f) => f.code === 'STEP1_FAIL')).map((s) => s.studentId).sort();
    // The demo cohort has students who failed Step 1 and passed since: they are in "Passed" and in "Failed at least once".
    expect(everFailed.length).toBeGreaterThan(await shownCount('counts-step1', 'Failed, not yet passed'));
    await expect.poll(() => shownCount('counts-step1', 'Failed Step 1 at least once')).toBe(everFailed.length);
    expect(await card.textContent()).toContain('Ever failed, including those who passed since');
    await card.locator('[data-count="Failed Step 1 at least once"]').click();
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${everFailed.length} students`);
    expect((await page.locator('[role=row][aria-rowindex] [role=gridcell]:nth-child(3)').allTextContents()).sort()).toEqual(everFailed);
  });

  it('renders in the dark theme', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    await page.getByTestId('chart-ck-by-specialty').locator('.recharts-surface').first().waitFor();
    await expectColourScheme(page, 'light');
    await switchColourScheme(page, 'dark');
    await page.screenshot({ path: path.join(app.screenshotDir, 'dashboard-dark.png'), fullPage: true, animations: 'disabled' });
    await switchColourScheme(page, 'light');
  });
});
