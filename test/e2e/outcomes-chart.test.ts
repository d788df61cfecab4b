/**
 * The office's own Charting Outcomes on the Specialties page (issue 15), in Chromium through the web
 * host over a demo cohort with four past seasons of outcomes: each band's counts exactly as the core
 * suppressed them ("fewer than 10" for a small cell), the season block labelled (and "pooled" when
 * it spans several seasons), the picker offering only the specialty's closed blocks, the seasons
 * still waiting named without a count, the chart of matched % by band, and the specialty's program
 * directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutcomesChart, SpecialtyChart } from '../../src/shared/outcomes/chart';
import { invoke } from '../../src/main/handlers';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  // A school of 2,000 (about 500 graduates a season): a block of one season is then large enough that
  // some CK bands are shown and drawn (at the demo's default 300, blocks close at just over 10
  // applicants and every band is "fewer than 10").
  app = await startApp({ asOf: AS_OF, students: 2000 });
});

/** Runs `fn` with Settings' least seasons per block set to `n`, then puts the default (3) back. */
async function withBlockSeasons(n: number, fn: () => Promise<void>): Promise<void> {
  const set = (v: string) => app.db.prepare(`UPDATE settings SET value = ? WHERE key = 'outcomes.blockSeasons'`).run(v);
  set(String(n));
  try {
    await fn();
  } finally {
    set('3');
  }
}
afterAll(async () => {
  await app?.close();
});

async function chart(query: { specialty?: string; fromSeason?: number; toSeason?: number } = {}): Promise<OutcomesChart> {
  const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'e2e-advisor' }, 'outcomes.chart', query);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function choose(specialty: string): Promise<void> {
  const { page } = app;
  const section = page.getByRole('region', { name: "The school's own outcomes" });
  await section.getByRole('combobox', { name: 'Specialty' }).click();
  await page.getByRole('option', { name: specialty, exact: true }).click();
  await expect.poll(() => section.getByRole('table', { name: `Outcomes by CK band: ${specialty}` }).count()).toBe(1);
}

/** The applicants, matched and not-matched cells of each row as the page shows them. */
async function shownCounts(specialty: string): Promise<string[][]> {
  const rows = app.page.getByRole('table', { name: `Outcomes by CK band: ${specialty}` }).getByTestId('outcomes-row');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('td').allTextContents()).slice(0, 4));
  return out;
}

/** Scrolls the section's title to the top, clear of the app's header, for a screenshot. */
async function showSection(): Promise<void> {
  await app.page.evaluate(() => {
    document.getElementById('outcomes')?.scrollIntoView();
    document.scrollingElement?.scrollBy(0, -64);
  });
}

const expected = (s: SpecialtyChart) => [...s.bands, s.total].map((r, i, all) => [i === all.length - 1 ? 'All applicants' : r.label, r.applicants.text, r.matched.text, r.notMatched.text]);

describe("the school's own outcomes on the Specialties page", () => {
  it('shows a small cell as "fewer than 10", every count as the core suppressed it, with the seasons read', async () => {
    const all = await chart();
    const small = all.specialties.find((s) => s.bands.some((b) => b.applicants.text === 'fewer than 10'));
    expect(small, 'the demo has a specialty with a small CK band').toBeDefined();
    await app.page.goto(`${app.host.url}#/specialties`);
    await choose(small!.specialty);
    const shown = await shownCounts(small!.specialty);
    expect(shown).toEqual(expected(small!));
    expect(shown.flat()).toContain('fewer than 10');
    expect(await app.page.getByTestId('outcomes-seasons').textContent()).toBe(`seasons ${small!.seasonsLabel}`);
    await expect.poll(() => app.page.getByTestId('chart-matched-by-band').textContent()).toContain(small!.seasonsLabel);
    // The directory of the specialty's programs below it.
    const directory = app.page.getByRole('table', { name: `Program directory: ${small!.specialty}` });
    await directory.waitFor();
  });

  it('opens on the specialty with the most applicants, with its chart of matched % by band', async () => {
    const all = await chart();
    const size = (s: SpecialtyChart) => Math.max(s.total.applicants.value ?? 0, s.total.matched.value ?? 0);
    const largest = [...all.specialties].sort((a, b) => size(b) - size(a))[0];
    // A fresh page: the previous test left its own seasons and specialty chosen.
    await app.page.goto(`${app.host.url}#/specialties`);
    await app.page.reload();
    const table = app.page.getByRole('table', { name: `Outcomes by CK band: ${largest.specialty}` });
    await table.waitFor();
    expect(await shownCounts(largest.specialty)).toEqual(expected(largest));
    // Interviews per application names how many graduates it is read from, in the core's words ("10 or more", "fewer than 10").
    const last = await table.getByTestId('outcomes-row').locator('td:last-child').allTextContents();
    expect(last.map((t) => t.replace(/^.*\(n /, '(n '))).toEqual([...largest.bands, largest.total].map((r) => `(n ${r.interviewsN.text})`));
    // One bar per band whose matched % is shown.
    const drawn = largest.bands.filter((b) => b.matchedPercent !== null).length;
    expect(drawn).toBeGreaterThan(0);
    await expect.poll(() => app.page.getByTestId('chart-matched-by-band').locator('.recharts-bar-rectangle').count()).toBe(drawn);
    await showSection();
    await screenshotBothThemes(app, 'outcomes-chart');
    await app.page.getByTestId('chart-matched-by-band').scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'outcomes-chart-bars');
  });

  it('picks a block: only the specialty\'s closed blocks are offered, newest first, and an older pooled one shows exactly that block', () =>
    // The demo has four past seasons: at the default of three a block, a specialty has one closed
    // block at most. An office that charts two seasons a block has older blocks to pick.
    withBlockSeasons(2, async () => {
    const all = await chart();
    const spec = all.blocks.find((b) => b.closed.length >= 2 && b.closed.slice(0, -1).some((c) => c.pooled));
    expect(spec, 'the demo has a specialty with an older pooled block').toBeDefined();
    const older = spec!.closed.slice(0, -1).find((c) => c.pooled)!;
    const { page } = app;
    await page.goto(`${app.host.url}#/specialties`);
    await page.reload();
    await choose(spec!.specialty);
    const section = page.getByRole('region', { name: "The school's own outcomes" });
    // Opens on the newest closed block.
    await expect.poll(() => page.getByTestId('outcomes-seasons').textContent()).toBe(`seasons ${spec!.closed.at(-1)!.label}`);
    await section.getByRole('combobox', { name: 'Seasons' }).click();
    const options = await page.getByRole('listbox').getByRole('option').allTextContents();
    expect(options).toEqual([...spec!.closed].reverse().map((c) => c.label));
    await page.getByRole('option', { name: older.label, exact: true }).click();
    await expect.poll(() => page.getByTestId('outcomes-seasons').textContent()).toBe(`seasons ${older.label}`);
    expect(older.label).toMatch(/\(pooled\)$/);
    expect(await section.getByText('Seasons pooled').count()).toBe(1);
    const block = (await chart({ specialty: spec!.specialty, fromSeason: older.fromSeason, toSeason: older.toSeason })).specialties;
    expect(block.map((b) => b.seasonsLabel)).toEqual([older.label]);
    expect(await shownCounts(spec!.specialty)).toEqual(expected(block[0]));
    await showSection();
    await screenshotBothThemes(app, 'outcomes-chart-older-block');
  }));

  it('names the seasons still waiting for applicants, without a count', async () => {
    const all = await chart();
    const spec = all.blocks.find((b) => b.waiting !== null && b.closed.length > 0);
    expect(spec, 'the demo has a specialty whose newest seasons wait').toBeDefined();
    const { page } = app;
    await page.goto(`${app.host.url}#/specialties`);
    await page.reload();
    await choose(spec!.specialty);
    await expect.poll(() => page.getByTestId('outcomes-waiting').textContent()).toBe(spec!.waiting!.text);
    expect(spec!.waiting!.text).toContain('waiting for more applicants');
    // The explanation says what a block still cannot protect against.
    expect(await page.getByTestId('outcomes-explanation').textContent()).toContain('entered late or a graduate withdraws consent');
    await showSection();
    await screenshotBothThemes(app, 'outcomes-chart-waiting');
  });
});
