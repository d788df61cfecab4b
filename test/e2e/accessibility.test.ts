/**
 * Every screen, in the light and the dark theme, checked with axe-core (the engine browser
 * accessibility audits use): no serious or critical violation anywhere. axe's own source is put
 * into the page and run there, on the real UI the web host serves over the demo cohort.
 *
 * The screens are the routes of src/renderer/src/routes.tsx (read from that file, so a new screen
 * that this test does not visit fails it) plus the Settings tabs, each of which is a screen of its
 * own. A failure names the rule, its impact, what axe says is wrong, and each element it found.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, type Violation } from './axe';
import { startApp, type E2eApp } from './harness';
import { appScreens, declaredRoutes } from './screens';
import { switchColourScheme, type Scheme } from './theme-screens';

const AS_OF = '2026-11-26';

let app: E2eApp;
let studentId: string;
const SCREENS = appScreens(() => studentId, AS_OF);

beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
  // The student with the most practice exams, so the student page and summary show a full practice chart (and flags, badges).
  studentId = app.db
    .prepare(`SELECT student_id FROM practice_exams GROUP BY student_id ORDER BY count(*) DESC, student_id LIMIT 1`)
    .pluck()
    .get() as string;
});
afterAll(async () => {
  await app?.close();
});

/**
 * The app in `scheme`, switched with its own toggle. Checked by the attribute Mantine's CSS keys
 * on, and on every screen but the printable sheets (white paper in either theme) by the colours
 * themselves (switchColourScheme).
 */
async function showScheme(page: Page, scheme: Scheme): Promise<void> {
  if ((await page.locator('.summary-sheet, [data-testid="summary-sheet"], [data-testid="roster-sheet"]').count()) === 0) return switchColourScheme(page, scheme);
  const toggle = page.getByRole('button', { name: `Switch to ${scheme} theme` });
  if (await toggle.isVisible()) await toggle.click();
  await page.mouse.move(700, 890);
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe(scheme);
  await page.getByRole('tooltip').waitFor({ state: 'hidden' });
}

function describeViolations(vs: Violation[]): string[] {
  return vs.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}: ${v.help}) at ${n.target}: ${n.summary}`));
}

describe('accessibility: axe-core on every screen, light and dark', () => {
  it('visits every route the renderer has', () => {
    const routes = declaredRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(SCREENS.map((s) => s.path))].sort()).toEqual([...routes].sort());
  });

  for (const scheme of ['light', 'dark'] as const satisfies Scheme[]) {
    for (const screen of SCREENS) {
      it(`${screen.name} (${scheme}) has no serious or critical violation`, async () => {
        const { page } = app;
        await page.goto(`${app.host.url}${screen.hash()}`);
        await screen.ready(page);
        await page.locator('h1').first().waitFor();
        await showScheme(page, scheme);
        const found = await seriousViolations(page);
        expect(describeViolations(found), `${screen.name} in the ${scheme} theme`).toEqual([]);
        // One <h1> naming the screen.
        expect(await page.locator('h1').count(), 'h1 elements').toBe(1);
        // What was checked, to look at: test-results/screens/a11y-<screen>-<scheme>.png.
        await page.screenshot({ path: path.join(app.screenshotDir, `a11y-${screen.name}-${scheme}.png`), animations: 'disabled' });
      });
    }
  }

  it('makes each chart one tab stop, not one per bar or point', async () => {
    const { page } = app;
    const stopsIn = (root: string) =>
      page.evaluate((sel) => {
        const rootEl = document.querySelector(sel)!;
        // What the Tab key visits inside: focusable elements not taken out of the order.
        return [...rootEl.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter((e) => e.tabIndex >= 0 && !e.hasAttribute('disabled') && e.getClientRects().length > 0)
          .length;
      }, root);
    await page.goto(`${app.host.url}#/?asOf=${AS_OF}`);
    await SCREENS[0].ready(page);
    for (const id of ['chart-ck-by-specialty', 'chart-ck-timeline', 'chart-risk-by-class', 'chart-practice-trend']) {
      const chart = `[data-testid="${id}"] .recharts-wrapper`;
      await page.locator(chart).first().waitFor();
      expect(await stopsIn(chart), id).toBe(1);
    }
    await page.goto(`${app.host.url}#/student?id=${studentId}&asOf=${AS_OF}`);
    await SCREENS[2].ready(page);
    expect(await stopsIn('.recharts-wrapper'), 'student practice chart').toBe(1);
  });
});
