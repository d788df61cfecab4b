/**
 * A student's Match outcomes and "shared outcomes" consent on the student page (issue 15), in
 * Chromium through the web host: consent recorded with its date, an outcome entered after Match
 * (the score at application starting from the roster's CK) and listed, both as the core stored them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 60, asOf: AS_OF });
});
afterAll(async () => {
  await app?.close();
});

async function stored(studentId: string) {
  const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'e2e-advisor' }, 'outcomes.forStudent', { studentId });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('Match outcomes on the student page', () => {
  it('records consent and an outcome after Match', async () => {
    const { page } = app;
    // A current student with no outcome yet (the demo's past seasons are other students).
    const ids = app.db.prepare(`SELECT id FROM students WHERE target_specialty IS NOT NULL ORDER BY id`).pluck().all() as string[];
    let id = '';
    for (const s of ids) if ((await stored(s)).outcomes.length === 0) (id = s);
    expect(id).not.toBe('');
    const target = app.db.prepare(`SELECT target_specialty FROM students WHERE id = ?`).pluck().get(id) as string;
    await page.goto(`${app.host.url}#/student?id=${id}&asOf=${AS_OF}`);
    const panel = page.getByRole('region', { name: 'Match outcomes' });
    await expect.poll(() => panel.textContent()).toContain('No outcome recorded');
    expect(await panel.getByTestId('consent').textContent()).toContain('Shared outcomes: not asked');

    await panel.getByRole('button', { name: 'Shares', exact: true }).click();
    await expect.poll(() => panel.getByTestId('consent').textContent()).toContain('Shared outcomes: yes (recorded');
    expect((await stored(id)).consent).toMatchObject({ consent: 'yes' });

    await panel.getByRole('button', { name: 'Record an outcome' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a Match outcome' });
    expect(await dialog.getByLabel('Specialty').inputValue()).toBe(target);
    await dialog.getByLabel('Programs applied to').fill('24');
    await dialog.getByLabel('Interviews offered').fill('11');
    await dialog.getByLabel('Matched program name').fill('Somewhere General Hospital');
    await screenshotBothThemes(app, 'student-outcome-form');
    await dialog.getByRole('button', { name: 'Save outcome' }).click();
    await dialog.waitFor({ state: 'detached' });

    const after = await stored(id);
    expect(after.outcomes).toHaveLength(1);
    expect(after.outcomes[0]).toMatchObject({ specialty: target, result: 'matched', applications: 24, interviews: 11, matchedProgramName: 'Somewhere General Hospital', rankListLength: null });
    const row = panel.getByRole('table', { name: 'Match outcomes' }).locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Somewhere General Hospital');
    await panel.scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'student-outcomes');

    // The same season and specialty twice is refused in words, nothing added.
    await panel.getByRole('button', { name: 'Record an outcome' }).click();
    await dialog.getByRole('button', { name: 'Save outcome' }).click();
    await expect.poll(() => dialog.getByRole('alert').count()).toBeGreaterThan(0);
    expect((await stored(id)).outcomes).toHaveLength(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
