import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortFlags } from '../../src/main/flags/cohort';
import { invoke } from '../../src/main/handlers';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

/** Chart elements lead to exactly their students, like the count cards: a click opens the roster, whose count equals the element's. */
const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
});
afterAll(async () => {
  await app?.close();
});

async function core<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'e2e' }, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const rosterCount = () => app.page.getByTestId('roster-count').textContent();
const params = () => new URLSearchParams(new URL(app.page.url()).hash.split('?')[1] ?? '');

async function openDashboard(chart: string) {
  await app.page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
  const card = app.page.getByTestId(chart);
  await card.locator('.recharts-surface').first().waitFor();
  return card;
}

describe('dashboard charts open the roster of exactly their students', () => {
  it('draws n beside every mean, and screenshots the dashboard in both themes', async () => {
    const card = await openDashboard('chart-ck-by-specialty');
    const rows = (await core('dashboard.ckBySpecialty', { asOf: AS_OF })).filter((r) => r.withScore > 0);
    await expect.poll(() => card.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).toEqual(rows.map((r) => `${r.specialty} (n=${r.withScore})`));
    const trend = await core('dashboard.practiceTrend', { asOf: AS_OF, exam: 'STEP2CK' });
    const trendCard = app.page.getByTestId('chart-practice-trend');
    await expect.poll(() => trendCard.locator('.recharts-xAxis-tick-labels text').allTextContents()).toEqual(
      trend.months.flatMap((m) => [new Date(`${m.month}-15T12:00:00`).toLocaleDateString('en-US', { month: 'short', year: 'numeric' }), `n=${m.exams}`]),
    );
    await app.page.getByTestId('chart-practice-trend').locator('.recharts-line-curve').waitFor();
    await screenshotBothThemes(app, 'dashboard-counts-and-charts', { fullPage: true });
  });

  it('a CK-by-specialty bar: the students of that specialty with a CK score, as many as its n', async () => {
    const card = await openDashboard('chart-ck-by-specialty');
    const rows = (await core('dashboard.ckBySpecialty', { asOf: AS_OF })).filter((r) => r.withScore > 0);
    const bar = 2;
    await card.locator('.recharts-bar-rectangle').nth(bar).click();
    await expect.poll(() => params().get('target')).toBe(rows[bar].specialty);
    expect(params().get('ckScore')).toBe('1');
    await expect.poll(rosterCount).toBe(`${rows[bar].withScore} students`);
    expect(await app.page.getByText('Step 2 CK score reported').count()).toBe(1);
  });

  it('a risk-by-class segment: that class at that risk level', async () => {
    const card = await openDashboard('chart-risk-by-class');
    await card.locator('.recharts-bar-rectangle').first().click();
    await expect.poll(() => params().get('risk')).not.toBeNull();
    const year = Number(params().get('class'));
    const risk = params().get('risk');
    const expected = cohortFlags(app.db, { asOf: AS_OF, gradYears: [year] }).students.filter((s) => (s.risk ?? 'none') === risk).length;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(rosterCount).toBe(`${expected} students`);
  });

  it('a CK timeline bar: the class\'s students whose CK date is in that month, on that side of the safe date', async () => {
    const card = await openDashboard('chart-ck-timeline');
    const timeline = await core('dashboard.ckTimeline', { asOf: AS_OF });
    await card.locator('.recharts-bar-rectangle').first().click();
    await expect.poll(() => params().get('ckFrom')).not.toBeNull();
    const from = params().get('ckFrom')!;
    const to = params().get('ckTo')!;
    expect(Number(params().get('class'))).toBe(timeline.gradYear);
    const month = timeline.months.find((m) => m.month === from.slice(0, 7))!;
    const drawn = to <= timeline.ckSafeDate! ? month.byCkSafeDate : month.afterCkSafeDate;
    expect(drawn).toBeGreaterThan(0);
    await expect.poll(rosterCount).toBe(`${drawn} students`);
    // The totals under the chart are links too.
    await openDashboard('chart-ck-timeline');
    await app.page.getByTestId('ck-timeline-totals').locator('[data-total="after"]').click();
    await expect.poll(rosterCount).toBe(`${timeline.afterCkSafeDate} students`);
  });

  it('a practice-trend point: the students who took a scored exam that month', async () => {
    const card = await openDashboard('chart-practice-trend');
    const trend = await core('dashboard.practiceTrend', { asOf: AS_OF, exam: 'STEP2CK' });
    const index = trend.months.findIndex((m) => m.exams > 0 && m.students > 1);
    const dots = card.locator('.recharts-line-dots .recharts-dot');
    await dots.first().waitFor();
    // Dots are drawn for months with a mean only.
    const withMean = trend.months.filter((m) => m.meanScore !== null);
    await dots.nth(withMean.indexOf(trend.months[index])).click();
    await expect.poll(() => params().get('practice')).not.toBeNull();
    expect(params().get('practice')!.startsWith(`STEP2CK:${trend.months[index].month}-01:`)).toBe(true);
    await expect.poll(rosterCount).toBe(`${trend.months[index].students} students`);
    await expect.poll(() => app.page.locator('[role=row][aria-rowindex="2"] [role=gridcell]').count()).toBeGreaterThan(3);
    await screenshotBothThemes(app, 'roster-from-practice-point');
  });
});
