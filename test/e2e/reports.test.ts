import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ProgressEvent } from '../../src/shared/api/contract';
import { REPORT_PHASES } from '../../src/shared/api/reports';
import { SEVERITY_RANK } from '../../src/shared/domain';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { loadReferenceData } from '../../src/main/db/reference';
import { loadAllSnapshots } from '../../src/main/db/students';
import { readPseudonymKey } from '../../src/main/reports/pseudonyms';
import { readWithOpenpyxl } from '../integration/report-fixture';
import { tempDir } from '../helpers';
import { startApp, type E2eApp } from './harness';
import { pageDate } from './theme-screens';

const screens = path.resolve(import.meta.dirname, '../../test-results/screens');

const AS_OF = '2026-11-26';
let app: E2eApp;
let downloads: string;

beforeAll(async () => {
  // A sizable cohort (the Roster is written in many batches); the progress checks below do not depend on how long it takes.
  app = await startApp({ students: 6000, asOf: AS_OF });
  downloads = tempDir('stepwise-e2e-reports-');
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(downloads, { recursive: true, force: true });
});

function flaggedIn(gradYear: number): string[] {
  const ref = loadReferenceData(app.db);
  return loadAllSnapshots(app.db)
    .filter((s) => s.student.gradYear === gradYear)
    .map((s) => evaluateStudent(s, ref, AS_OF))
    .filter((e) => e.risk !== null)
    .sort((a, b) => SEVERITY_RANK[b.risk!] - SEVERITY_RANK[a.risk!] || (a.studentId < b.studentId ? -1 : 1))
    .map((e) => e.studentId);
}

/**
 * Records every progress event the page's own event stream receives, as it arrives: Chromium's
 * DevTools protocol reports each message an EventSource of the page gets. Call before the page
 * opens its stream (the Reports page subscribes when it mounts); `stop` detaches.
 */
async function receivedProgress(page: Page): Promise<{ events: ProgressEvent[]; stop(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: ProgressEvent[] = [];
  cdp.on('Network.eventSourceMessageReceived', (m) => events.push(JSON.parse(m.data) as ProgressEvent));
  await cdp.send('Network.enable');
  return { events, stop: () => cdp.detach() };
}

/** The phases of progress texts or events in the order they first appear ("Writing Roster: 10 of 20" is "Writing Roster"; "Starting…" is "Starting"). */
function phasesOf(texts: string[]): string[] {
  return [...new Set(texts.map((t) => t.split(':')[0].replace(/…$/, '')))];
}

/**
 * Holds the answer to the page's `reports.committee` call until `release()`: the host runs the
 * report to the end (`answered` resolves then: every progress event has been sent), the page does
 * not learn it is over. Other calls pass. `remove()` releases and stops intercepting.
 */
async function holdReportAnswer(page: Page) {
  let answer!: (failed?: unknown) => void;
  const answered = new Promise<void>((resolve, reject) => (answer = (failed) => (failed ? reject(failed) : resolve())));
  answered.catch(() => undefined);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding: Promise<void> = Promise.resolve();
  const hold = async (route: Route) => {
    const response = await route.fetch({ timeout: 120_000 }).catch((err: unknown) => {
      answer(err);
      throw err;
    });
    answer();
    await released;
    await route.fulfill({ response });
  };
  const handler = (route: Route) => {
    if ((JSON.parse(route.request().postData() ?? '{}') as { name?: string }).name !== 'reports.committee') return route.continue();
    holding = hold(route);
    return holding;
  };
  await page.route('**/api/invoke', handler);
  return {
    answered,
    release,
    /** Releases the answer, waits until it has been passed on to the page, and stops intercepting. */
    async remove() {
      release();
      await holding.catch(() => undefined);
      await page.unroute('**/api/invoke', handler);
    },
  };
}

/** Records every text the progress line shows, however briefly. */
async function recordProgress() {
  await app.page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="report-progress"]')?.textContent;
      if (t && seen[seen.length - 1] !== t) seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

describe('Reports page in Chromium via the web host', () => {
  it('makes the committee workbook with the chosen options and saves it as a download', async () => {
    const { page } = app;
    const received = await receivedProgress(page);
    onTestFinished(() => received.stop());
    const held = await holdReportAnswer(page);
    onTestFinished(() => held.remove());
    await page.goto(`${app.host.url}#/reports`);
    await page.getByPlaceholder('Every class').click();
    await page.getByRole('option', { name: 'Class of 2027' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('As of').fill(AS_OF);
    await recordProgress();
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    downloaded.catch(() => undefined); // awaited below; a test failing before then must not leave it unhandled
    await page.getByRole('button', { name: 'Create and save workbook' }).click();

    // The report is done in the host and its answer held from the page: every progress event has been
    // sent, and the page, still running, must come to show the last one, however fast the report was.
    await held.answered;
    const phases: string[] = REPORT_PHASES.map(([phase]) => phase);
    await expect.poll(() => phasesOf(received.events.map((e) => e.phase))).toEqual(phases);
    expect(new Set(received.events.map((e) => e.jobId)).size).toBe(1);
    await expect.poll(() => page.getByTestId('report-progress').textContent()).toMatch(new RegExp(`^${phases[phases.length - 1]}`));
    held.release();

    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`stepwise-committee-${AS_OF}.xlsx`);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    await expect.poll(() => page.getByTestId('report-done').textContent()).toContain(`as of ${await pageDate(app, AS_OF)}`);
    // The button's spinner fades out after the run ends (Mantine's Transition unmounts it once the fade
    // is over): wait until it is gone, so the screenshot shows the page at rest.
    const button = page.getByRole('button', { name: 'Create and save workbook' });
    await expect.poll(() => button.getAttribute('data-loading')).toBeNull();
    await expect.poll(() => button.locator('.mantine-Button-loader').count()).toBe(0);
    await page.screenshot({ path: path.join(app.screenshotDir, 'reports-done.png') });

    const view = readWithOpenpyxl(file);
    expect(view.sheets).toEqual(['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources']);
    const atRisk = view.data['At risk'].rows.slice(1).map((r) => r[0]);
    expect(atRisk).toEqual(flaggedIn(2027));
    expect(new Set(view.data.Roster.rows.slice(1).map((r) => r[view.data.Roster.rows[0].indexOf('Class of')]))).toEqual(new Set([2027]));

    // The progress line followed the phases the page received, in order: from "Starting…" to the last.
    const seen = phasesOf(await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress));
    expect(seen[0]).toBe('Starting');
    expect(seen[seen.length - 1]).toBe(phases[phases.length - 1]);
    const indexes = seen.slice(1).map((p) => phases.indexOf(p));
    expect(indexes.every((i) => i >= 0), `shown: ${seen.join(', ')}`).toBe(true);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('de-identifies on request: pseudonyms in place of Student IDs, no names', async () => {
    const { page } = app;
    await page.getByLabel('De-identify').check();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Create and save workbook' }).click()]);
    expect(download.suggestedFilename()).toBe(`stepwise-committee-${AS_OF}-deidentified.xlsx`);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const view = readWithOpenpyxl(file);
    expect(view.data.Roster.rows[0].slice(0, 2)).toEqual(['Pseudonym', 'Class of']);
    expect(view.data['At risk'].rows).toHaveLength(flaggedIn(2027).length + 1);
    expect(view.data.Roster.rows.slice(1).every((r) => /^P-[0-9A-Z]{12}$/.test(String(r[0])))).toBe(true);

    // Retiring the key: asked first, then every pseudonym of the next report differs from this one's.
    const before = readPseudonymKey(app.db);
    await page.getByRole('button', { name: 'Replace the pseudonym key…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the pseudonym key?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screens, 'reports-replace-key-light.png') });
    await dialog.getByRole('button', { name: 'Replace key' }).click();
    await expect.poll(() => page.getByTestId('pseudonym-key-replaced').textContent()).toContain('later reports use new pseudonyms');
    await page.screenshot({ path: path.join(screens, 'reports-key-replaced-light.png') });
    expect(readPseudonymKey(app.db)).not.toBe(before);
    const [again] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Create and save workbook' }).click()]);
    const second = path.join(downloads, `second-${again.suggestedFilename()}`);
    await again.saveAs(second);
    const first = new Set(view.data.Roster.rows.slice(1).map((r) => r[0]));
    const renamed = readWithOpenpyxl(second).data.Roster.rows.slice(1).map((r) => r[0]);
    expect(renamed).toHaveLength(first.size);
    expect(renamed.filter((p) => first.has(p))).toEqual([]);
    await page.getByLabel('De-identify').uncheck();
  });

});

describe('cancelling a report in Chromium', () => {
  // Its own host process, started with STEPWISE_CHECKPOINT=report-writing: the report holds after its
  // first rows until it is cancelled, so Cancel lands mid-report however fast the machine is.
  let held: E2eApp;
  beforeAll(async () => {
    held = await startApp({ students: 300, asOf: AS_OF, checkpoint: 'report-writing' });
  });
  afterAll(async () => {
    await held?.close();
  });

  it('cancels a running report: nothing is saved and the page says so', async () => {
    const { page } = held;
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.goto(`${held.host.url}#/reports`);
    // Every file the page offers is a click on a download link: recorded as it happens, before the page can show anything after it.
    await page.evaluate(() => {
      const offered: string[] = [];
      (window as unknown as { __offered: string[] }).__offered = offered;
      document.addEventListener('click', (e) => {
        const link = (e.target as Element).closest?.('a[download]') as HTMLAnchorElement | null;
        if (link) offered.push(link.download);
      }, true);
    });
    await page.getByLabel('As of').fill(AS_OF);
    await page.getByRole('button', { name: 'Create and save workbook' }).click();
    await held.checkpointReached;
    // Held mid-write: the page shows the run, and its progress has reached the writing.
    await expect.poll(() => page.getByTestId('report-progress').textContent()).toMatch(/^Writing /);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('report-problem').textContent()).toContain('The report was cancelled; nothing was saved.');
    // The run is over (its button is back): no file was offered, none is announced.
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __offered: string[] }).__offered)).toEqual([]);
    expect(downloads).toBe(0);
    expect(await page.getByTestId('report-done').count()).toBe(0);
  });
});
