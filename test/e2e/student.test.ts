import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/main/db/students';
import { loadReferenceData } from '../../src/main/db/reference';
import { studentActions } from '../../src/shared/rules/actions';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { startApp, type E2eApp } from './harness';
import { expectColourScheme, pageDate, switchColourScheme } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 300, asOf: AS_OF });
  app.page.on('dialog', (d) => void d.accept());
});
afterAll(async () => {
  await app?.close();
});

const flagsOf = (id: string) => evaluateStudent(loadSnapshot(app.db, id)!, loadReferenceData(app.db), AS_OF).flags.map((f) => f.code);

/** A US MD student whose only Step 1 attempt is a pass: no STEP1_FAIL yet. */
function passedOnce(offset = 0) {
  return app.db
    .prepare(
      `SELECT a.id AS attemptId, a.student_id AS studentId, a.test_date AS testDate FROM exam_attempts a JOIN students s ON s.id = a.student_id
       WHERE a.exam = 'STEP1' AND a.outcome = 'PASS' AND s.applicant_type = 'US_MD' AND s.grad_year = 2027
         AND (SELECT count(*) FROM exam_attempts b WHERE b.student_id = a.student_id AND b.exam = 'STEP1') = 1
       ORDER BY a.student_id LIMIT 1 OFFSET ?`,
    )
    .get(offset) as { attemptId: number; studentId: string; testDate: string };
}

describe('student planning page in Chromium', () => {
  it('changing a Step 1 pass to a fail raises STEP1_FAIL at once, audited', async () => {
    const { page } = app;
    const target = passedOnce();
    expect(flagsOf(target.studentId)).not.toContain('STEP1_FAIL');
    await page.goto(`${app.host.url}#/student?id=${target.studentId}&asOf=${AS_OF}`);
    const flags = page.getByTestId('student-flags');
    await flags.waitFor();
    expect(await flags.locator('[data-flag=STEP1_FAIL]').count()).toBe(0);
    await page.screenshot({ path: path.join(app.screenshotDir, 'student-light.png'), fullPage: true });

    await page.getByTestId('student-attempts').locator(`[data-attempt="${target.attemptId}"]`).getByRole('button', { name: /^Edit Step 1 attempt/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit exam attempt' });
    await dialog.getByRole('combobox', { name: 'Result' }).click();
    await page.getByRole('option', { name: 'Fail', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save attempt' }).click();
    await dialog.waitFor({ state: 'detached' });

    await flags.locator('[data-flag=STEP1_FAIL]').waitFor();
    expect(await flags.locator('[data-flag=STEP1_FAIL]').textContent()).toContain(`Step 1 failed once (${await pageDate(app, target.testDate)})`);
    expect(flagsOf(target.studentId)).toContain('STEP1_FAIL');
    expect(await page.getByRole('heading', { level: 1 }).locator('..').textContent()).toContain('Critical');
    // RULES.md §4: the actions that still fit the student's stage, each once, naming the flags it serves.
    const evaluation = evaluateStudent(loadSnapshot(app.db, target.studentId)!, loadReferenceData(app.db), AS_OF);
    const actions = studentActions(evaluation.flags);
    const items = flags.getByTestId('student-actions').locator('li');
    await expect.poll(() => items.count()).toBe(actions.length);
    for (const [i, a] of actions.entries()) {
      expect(await items.nth(i).textContent()).toBe(`${a.action} (${a.codes.join(', ')})`);
      expect(await items.nth(i).getAttribute('data-codes')).toBe(a.codes.join(' '));
    }
    expect(actions.find((a) => a.action.startsWith('Meet with a dean'))?.codes).toContain('STEP1_FAIL');
    // "Make Step 2 CK clearly strong" only while CK has no passing score.
    expect((await flags.textContent())!.includes('Make Step 2 CK clearly strong')).toBe(!evaluation.facts.ckPassed);
    expect(app.db.prepare(`SELECT field, old_value AS oldValue, new_value AS newValue, actor FROM audit_log WHERE entity = 'exam_attempt' AND entity_id = ? AND action = 'update'`).all(String(target.attemptId))).toEqual([
      { field: 'outcome', oldValue: 'PASS', newValue: 'FAIL', actor: 'e2e-advisor' },
    ]);
  });

  it('shows a validation error at the field and saves a valid profile edit', async () => {
    const { page } = app;
    const target = passedOnce(1);
    await page.goto(`${app.host.url}#/student?id=${target.studentId}&asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile and plan' });
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByRole('button', { name: 'Save profile' }).click();
    const email = form.getByRole('textbox', { name: 'Email' });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ').find((x) => x.includes('error'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/email/i);

    await form.getByLabel('Email').fill('new.address@students.example.edu');
    await form.getByRole('combobox', { name: 'Backup specialty' }).fill('Family Medicine');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.waitFor({ state: 'detached' });
    expect(app.db.prepare('SELECT email, backup_specialty AS backup FROM students WHERE id = ?').get(target.studentId)).toEqual({ email: 'new.address@students.example.edu', backup: 'Family Medicine' });
  });

  it("ticks the guide's checklist and keeps the tick", async () => {
    const { page } = app;
    const target = passedOnce(2);
    await page.goto(`${app.host.url}#/student?id=${target.studentId}&asOf=${AS_OF}`);
    const checklist = page.getByTestId('student-checklist');
    await checklist.waitFor();
    const first = checklist.getByRole('checkbox').first();
    const label = (await checklist.locator('label').first().textContent())!;
    await first.check();
    await expect.poll(() => checklist.textContent()).toContain('Ticked');
    await page.reload();
    await checklist.waitFor();
    expect(await checklist.getByRole('checkbox', { name: label }).isChecked()).toBe(true);
    const ticks = JSON.parse((app.db.prepare('SELECT checklist FROM students WHERE id = ?').get(target.studentId) as { checklist: string }).checklist) as Record<string, unknown>;
    expect(Object.keys(ticks)).toHaveLength(1);
  });

  it('opens the one-page summary for the same student and date from "Print summary"', async () => {
    const { page } = app;
    const target = passedOnce(3);
    await page.goto(`${app.host.url}#/student?id=${target.studentId}&asOf=${AS_OF}`);
    await page.getByTestId('print-summary').click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/student/summary?id=${target.studentId}&asOf=${AS_OF}`);
  });

  it('renders in the dark theme', async () => {
    const { page } = app;
    const target = passedOnce();
    await page.goto(`${app.host.url}#/student?id=${target.studentId}&asOf=${AS_OF}`);
    await page.getByTestId('student-flags').waitFor();
    await page.getByTestId('practice-chart').locator('.recharts-surface').first().waitFor();
    await expectColourScheme(page, 'light');
    await switchColourScheme(page, 'dark');
    await page.screenshot({ path: path.join(app.screenshotDir, 'student-dark.png'), fullPage: true, animations: 'disabled' });
    await switchColourScheme(page, 'light');
  });
});
