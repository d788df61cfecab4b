/**
 * The program list builder on the student page (issue 15), in Chromium through the web host over a
 * demo cohort (with its program directory and four past seasons of outcomes): every program's tier
 * and because-line as the core computes them; the advisor overrides a tier, pins, excludes and
 * annotates, saves; a save over someone else's newer one is refused with who saved it; the export
 * is a real .xlsx read back with exceljs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramListView } from '../../src/shared/api';
import { LIST_TIER_LABELS } from '../../src/shared/domain';
import { invoke } from '../../src/main/handlers';
import { tempDir } from '../helpers';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
let downloads: string;
beforeAll(async () => {
  app = await startApp({ students: 60, asOf: AS_OF });
  downloads = tempDir('stepwise-e2e-program-list-');
});
afterAll(async () => {
  await app?.close();
  if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
});

/** The list as the core builds it, for `actor` (another person when it is not the page's). */
async function build(studentId: string, specialty = 'target'): Promise<ProgramListView> {
  const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'e2e-advisor' }, 'programList.build', { studentId, specialty, asOf: AS_OF });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A student whose target list has eligible programs with a tier and at least one program that is not eligible. */
async function studentWithMixedList(): Promise<{ id: string; view: ProgramListView }> {
  const ids = app.db.prepare(`SELECT id FROM students WHERE target_specialty IS NOT NULL ORDER BY id`).pluck().all() as string[];
  for (const id of ids) {
    const view = await build(id).catch(() => null);
    if (view && view.ckScore !== null && view.counts['not-eligible'] > 0 && view.lines.filter((l) => ['likely', 'target', 'reach'].includes(l.tier)).length >= 3) return { id, view };
  }
  throw new Error('the demo cohort has no student with a mixed program list');
}

const rowOf = (name: string) => app.page.getByRole('table', { name: 'Programs with their tiers' }).getByRole('row', { name, exact: true });

describe('program list builder', () => {
  let id: string;
  let view: ProgramListView;

  it('shows every program of the target specialty with the core\'s tier, because-line and evidence', async () => {
    ({ id, view } = await studentWithMixedList());
    const { page } = app;
    await page.goto(`${app.host.url}#/student?id=${id}&asOf=${AS_OF}`);
    const section = page.getByRole('region', { name: `Program list: ${view.specialty}` });
    await section.waitFor();
    const rows = section.getByTestId('program-line');
    await expect.poll(() => rows.count()).toBe(view.lines.length);
    for (const [i, line] of view.lines.entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('aria-label')).toBe(line.name);
      expect(await row.locator('td').nth(1).textContent()).toContain(LIST_TIER_LABELS[line.tier]);
      expect(await row.getByTestId('because').textContent()).toBe(line.because);
      // The evidence at a glance: its kind, n and years, not the because-line again.
      if (line.evidence.kind === 'none') expect(await row.getByTestId('evidence').count()).toBe(0);
      else {
        const evidence = (await row.getByTestId('evidence').textContent())!;
        expect(evidence).toMatch(/^Evidence: (this program's own past matches|the school's matches in the specialty|national data|program directory)/);
        if (line.evidence.n !== null) expect(evidence).toContain(`n = ${line.evidence.n}`);
        if (line.evidence.years) expect(evidence).toContain(line.evidence.years);
        expect(evidence).not.toContain(line.because);
      }
    }
    // A program that is not eligible says why and offers no tier to choose.
    const ineligible = view.lines.find((l) => l.tier === 'not-eligible')!;
    expect(await rowOf(ineligible.name).getByTestId('because').textContent()).toMatch(/^Not eligible: /);
    expect(await page.getByRole('combobox', { name: `Tier for ${ineligible.name}` }).isDisabled()).toBe(true);
    // The counts per tier and the suggestion, as the core gives them.
    for (const t of ['likely', 'target', 'reach', 'not-eligible', 'no-evidence'] as const) expect(await section.getByTestId(`count-${t}`).textContent()).toBe(`${LIST_TIER_LABELS[t]}${view.counts[t]}`);
    const suggestion = (await section.getByTestId('suggestion').textContent())!;
    if (view.suggestion.goal) {
      expect(suggestion).toContain(`Goal: ${view.suggestion.goal.interviews} interviews`);
      expect(suggestion).toContain(`(n = ${view.suggestion.goal.n}, ${view.suggestion.goal.years})`);
      for (const t of view.suggestion.tiers) expect(suggestion).toContain(t.text);
    } else expect(suggestion).toContain(view.suggestion.text);
    // The title just under the app's fixed header.
    await page.evaluate(() => (document.getElementById('program-list-title')?.scrollIntoView(), window.scrollBy(0, -70)));
    await screenshotBothThemes(app, 'program-list');
  });

  it('overrides a tier, pins, excludes and annotates, and saves the list with the student (audited)', async () => {
    const { page } = app;
    const section = page.getByRole('region', { name: `Program list: ${view.specialty}` });
    const tiered = view.lines.filter((l) => ['likely', 'target', 'reach'].includes(l.tier));
    const [a, b, c] = tiered;
    const newTier = a.tier === 'likely' ? 'Reach' : 'Likely';
    await page.getByRole('combobox', { name: `Tier for ${a.name}` }).selectOption({ label: newTier });
    await expect.poll(() => rowOf(a.name).locator('td').nth(1).textContent()).toBe(`${newTier}computed: ${LIST_TIER_LABELS[a.computedTier]}`);
    await page.getByRole('checkbox', { name: `Pin ${a.name}` }).check();
    await page.getByRole('checkbox', { name: `Exclude ${b.name}` }).check();
    await page.getByLabel(`Note for ${c.name}`).fill('Ask Dr. Reyes about this one');
    // The counts follow the draft: one excluded, one pinned.
    expect(await section.getByTestId('count-pinned-excluded').textContent()).toBe('· 1 pinned · 1 excluded');
    // Finding a program narrows what is shown, and the changes to the others are kept.
    await section.getByLabel('Find a program').fill(c.name);
    await expect.poll(() => section.getByTestId('program-line').count()).toBe(view.lines.filter((l) => l.name.toLowerCase().includes(c.name.toLowerCase())).length);
    await section.getByLabel('Find a program').fill('');
    await expect.poll(() => section.getByTestId('program-line').count()).toBe(view.lines.length);
    await section.getByRole('button', { name: 'Save list' }).click();
    await expect.poll(() => section.textContent()).toContain('saved by e2e-advisor');

    const saved = await build(id);
    expect(saved.saved?.savedBy).toBe('e2e-advisor');
    const line = (name: string) => saved.lines.find((l) => l.name === name)!;
    expect(line(a.name)).toMatchObject({ tier: newTier.toLowerCase(), computedTier: a.computedTier, pinned: true, excluded: false });
    expect(line(b.name)).toMatchObject({ excluded: true, pinned: false, tierOverride: null });
    expect(line(c.name).annotation).toBe('Ask Dr. Reyes about this one');
    const audited = app.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE actor = 'e2e-advisor' AND entity LIKE '%program%list%'`).pluck().get() as number;
    expect(audited).toBeGreaterThan(0);
    // After the save the page shows the saved list: the excluded program last, struck through.
    await expect.poll(() => section.getByTestId('program-line').last().getAttribute('aria-label')).toBe(b.name);
    await section.getByTestId('program-line').last().scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'program-list-saved');
  });

  it('refuses a save over someone else\'s newer one, says who, and then saves mine over theirs', async () => {
    const { page } = app;
    const section = page.getByRole('region', { name: `Program list: ${view.specialty}` });
    const before = await build(id);
    const d = before.lines.filter((l) => l.eligible && !l.excluded)[1];
    await page.getByLabel(`Note for ${d.name}`).fill('Mine: strong letters here');
    // Dr. Baker saves the same list meanwhile (another window, or a colleague on the office database).
    const entries = before.lines.filter((l) => l.pinned || l.excluded || l.annotation || l.tierOverride).map((l) => ({ programId: l.programId, tierOverride: l.tierOverride, pinned: l.pinned, excluded: l.excluded, annotation: l.annotation }));
    const theirs = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'Dr. Baker' }, 'programList.save', { studentId: id, specialty: 'target', asOf: AS_OF, entries: [...entries.filter((e) => e.programId !== d.programId), { programId: d.programId, tierOverride: null, pinned: true, excluded: false, annotation: 'Theirs' }], version: before.saved!.version });
    expect(theirs.ok).toBe(true);
    await section.getByRole('button', { name: 'Save list' }).click();
    const alert = section.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Saved by Dr\. Baker at .+ while you were editing/);
    expect((await build(id)).lines.find((l) => l.programId === d.programId)!.annotation).toBe('Theirs');
    // The refusal is shown beside the Save button the advisor just pressed.
    const [alertBox, saveBox] = [await alert.boundingBox(), await section.getByRole('button', { name: 'Save list' }).boundingBox()];
    expect(saveBox!.y - (alertBox!.y + alertBox!.height)).toBeLessThan(100);
    await alert.scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'program-list-stale-save');

    await alert.getByRole('button', { name: 'Save mine over theirs' }).click();
    await alert.waitFor({ state: 'detached' });
    const after = await build(id);
    expect(after.saved?.savedBy).toBe('e2e-advisor');
    expect(after.lines.find((l) => l.programId === d.programId)).toMatchObject({ annotation: 'Mine: strong letters here', pinned: false });
  });

  it('exports the saved list as a workbook for the student, one row per program as the screen shows it', async () => {
    const { page } = app;
    const section = page.getByRole('region', { name: `Program list: ${view.specialty}` });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), section.getByRole('button', { name: 'Export for the student' }).click()]);
    const saved = await build(id);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^program-list-${id}-.+-${AS_OF}\\.xlsx$`));
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Program list')!;
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['Tier', 'Program']);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = [];
    for (let r = 4; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      rows.push({ tier: row.getCell(col('Tier')).text, name: row.getCell(col('Program')).text, because: row.getCell(col('Because')).text, note: row.getCell(col("Advisor's note")).text, change: row.getCell(col("Advisor's change")).text });
    }
    expect(rows.map((r) => r.name)).toEqual(saved.lines.map((l) => l.name));
    expect(rows.map((r) => r.tier)).toEqual(saved.lines.map((l) => LIST_TIER_LABELS[l.tier]));
    expect(rows.map((r) => r.because)).toEqual(saved.lines.map((l) => l.because));
    expect(rows.find((r) => r.note === 'Mine: strong letters here')).toBeDefined();
    expect(rows.filter((r) => r.change.includes('Excluded from the list'))).toHaveLength(1);
    expect(rows.filter((r) => r.change.includes('Pinned'))).toHaveLength(1);
    await expect.poll(() => section.textContent()).toContain(`Saved ${download.suggestedFilename()}`);
  });

  it('prints the saved list on the one-page summary: counts, and the programs kept per tier with the pinned one marked', async () => {
    const { page } = app;
    const saved = await build(id);
    await page.goto(`${app.host.url}#/student/summary?id=${id}&asOf=${AS_OF}`);
    const block = page.getByTestId('summary-program-list');
    await block.waitFor();
    const text = (await block.textContent())!;
    const c = saved.counts;
    expect(text).toContain(`${c.likely} likely, ${c.target} target, ${c.reach} reach, ${c['no-evidence']} with no evidence, ${c['not-eligible']} not eligible; ${c.pinned} pinned, ${c.excluded} excluded.`);
    for (const l of saved.lines) {
      if (l.excluded) expect(text).not.toContain(l.name);
      else expect(text).toContain(l.pinned ? `★ ${l.name}` : l.name);
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(downloads, 'summary.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, path.join(app.screenshotDir, 'program-list-summary-print')]);
  });

  it('after a refused save, "Load the saved list" shows theirs and drops my changes', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/student?id=${id}&asOf=${AS_OF}`);
    const section = page.getByRole('region', { name: `Program list: ${view.specialty}` });
    await section.getByTestId('program-line').first().waitFor();
    const before = await build(id);
    const e = before.lines.filter((l) => l.eligible && !l.excluded)[2];
    await page.getByLabel(`Note for ${e.name}`).fill('Mine, to be dropped');
    const entries = before.lines.filter((l) => l.pinned || l.excluded || l.annotation || l.tierOverride).map((l) => ({ programId: l.programId, tierOverride: l.tierOverride, pinned: l.pinned, excluded: l.excluded, annotation: l.annotation }));
    const theirs = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'Dr. Baker' }, 'programList.save', { studentId: id, specialty: 'target', asOf: AS_OF, entries: [...entries.filter((x) => x.programId !== e.programId), { programId: e.programId, tierOverride: null, pinned: false, excluded: false, annotation: 'Baker was here' }], version: before.saved!.version });
    expect(theirs.ok).toBe(true);
    await section.getByRole('button', { name: 'Save list' }).click();
    const alert = section.getByRole('alert');
    await alert.getByRole('button', { name: 'Load the saved list' }).click();
    await alert.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel(`Note for ${e.name}`).inputValue()).toBe('Baker was here');
    await expect.poll(() => section.textContent()).toContain('saved by Dr. Baker');
    expect(await section.getByRole('button', { name: 'Save list' }).isDisabled()).toBe(true);
    expect((await build(id)).saved?.savedBy).toBe('Dr. Baker');
  });

  it('switches to the backup specialty', async () => {
    const { page } = app;
    const sid = app.db.prepare(`SELECT id FROM students WHERE backup_specialty IS NOT NULL AND target_specialty IS NOT NULL ORDER BY id LIMIT 1`).pluck().get() as string;
    const backup = await build(sid, 'backup');
    await page.goto(`${app.host.url}#/student?id=${sid}&asOf=${AS_OF}`);
    await page.getByText(/^Backup \(/).click();
    const section = page.getByRole('region', { name: `Program list: ${backup.specialty}` });
    await section.waitFor();
    await expect.poll(() => section.getByTestId('program-line').count()).toBe(backup.lines.length);
  });
});
