/**
 * No lost edits on the student page: while a profile form is open someone else saves the same
 * student; saving the form is refused with who changed it and when, both values side by side, and
 * nothing overwritten; the person then keeps theirs (saved over the new version) or takes the saved ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStudent } from '../../src/main/db/students';
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

/** Another person (another window, or a colleague on the office database) saving the same student. */
async function someoneElseSaves(id: string, targetSpecialty: string): Promise<void> {
  const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'Dr. Baker' }, 'students.update', { id, patch: { targetSpecialty } });
  expect(r.ok).toBe(true);
}

describe('two people saving one student', () => {
  it('refuses the stale save with who, when and both values, then saves "mine" over the new version', async () => {
    const { page } = app;
    const id = app.db.prepare(`SELECT id FROM students ORDER BY id LIMIT 1 OFFSET 3`).pluck().get() as string;
    await page.goto(`${app.host.url}#/student?id=${id}&asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile and plan' });
    await form.getByLabel('Target specialty').fill('Pediatrics');
    await someoneElseSaves(id, 'Dermatology');
    await form.getByRole('button', { name: 'Save profile' }).click();

    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Changed by Dr\. Baker at .+ while you were editing/);
    expect(await alert.textContent()).toContain('Nothing was saved, and nothing of theirs was overwritten.');
    const rows = alert.getByRole('table', { name: 'Your values and the saved values' }).locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['Target specialty', 'Pediatrics', 'Dermatology']);
    expect(getStudent(app.db, id)!.targetSpecialty).toBe('Dermatology');
    await screenshotBothThemes(app, 'student-stale-save');

    await alert.getByRole('button', { name: 'Save mine over theirs' }).click();
    await form.waitFor({ state: 'detached' });
    expect(getStudent(app.db, id)!.targetSpecialty).toBe('Pediatrics');
    const audit = app.db.prepare(`SELECT actor, new_value FROM audit_log WHERE entity = 'student' AND entity_id = ? AND field = 'targetSpecialty' ORDER BY id`).all(id);
    expect(audit.map((r) => (r as { new_value: string }).new_value)).toEqual(['Dermatology', 'Pediatrics']);
  });

  it('"Take the saved values" closes the form and shows what the other person saved', async () => {
    const { page } = app;
    const id = app.db.prepare(`SELECT id FROM students ORDER BY id LIMIT 1 OFFSET 4`).pluck().get() as string;
    await page.goto(`${app.host.url}#/student?id=${id}&asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile and plan' });
    await form.getByLabel('Target specialty').fill('Psychiatry');
    await someoneElseSaves(id, 'Neurology');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByRole('alert').getByRole('button', { name: 'Take the saved values' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('table', { name: 'Profile and plan' }).textContent()).toContain('Neurology');
    expect(getStudent(app.db, id)!.targetSpecialty).toBe('Neurology');
  });
});
