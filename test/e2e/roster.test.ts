import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type E2eApp } from './harness';

let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 300 });
});
afterAll(async () => {
  await app?.close();
});

describe('roster in Chromium via the web host', () => {
  it('lists the students from the database', async () => {
    const { page, db } = app;
    await page.goto(`${app.host.url}#/roster`);
    const expected = (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe(`${expected} students`);
    const first = db.prepare(`SELECT first_name, last_name FROM students ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id LIMIT 1`).get() as { first_name: string; last_name: string };
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(`${first.last_name}, ${first.first_name}`);
    await page.screenshot({ path: path.join(app.screenshotDir, 'roster-light.png') });
  });

  it('search narrows the list to the matching student', async () => {
    const { page, db } = app;
    const target = db.prepare(`SELECT id, first_name, last_name FROM students ORDER BY id DESC LIMIT 1`).get() as { id: string; first_name: string; last_name: string };
    await page.getByLabel('Search students').fill(target.id);
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toBe('1 students');
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(target.id);
  });
});
