/**
 * Acknowledged flags and follow-ups that never vanish, in Chromium (issue 14): acknowledging a flag on
 * the student page, the dashboard's separate count of unacknowledged critical and high flags, marking
 * a follow-up done, and an overdue follow-up staying on the dashboard until then. Both themes shot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import { addDays, localToday } from '../../src/shared/domain';
import { flagTitle } from '../../src/shared/rules/catalogue';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

const TODAY = localToday();
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 120, asOf: TODAY });
});
afterAll(async () => {
  await app?.close();
});

async function core<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke({ db: app.db, databasePath: app.dbFile, actor: 'Dr. Baker' }, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Students with a critical or high flag today, and those flags. */
async function urgentStudents() {
  const cohort = await core('flags.cohort', {});
  return cohort.students
    .map((s) => ({ id: s.studentId, flags: s.flags.filter((f) => f.severity === 'critical' || f.severity === 'high') }))
    .filter((s) => s.flags.length > 0);
}

describe('acknowledged flags', () => {
  it('acknowledges a flag on the student page: it stays listed, below the others, with who, when and the note; audited', async () => {
    const { page } = app;
    const [student] = (await urgentStudents()).filter((s) => s.flags.length >= 1);
    const flag = student.flags[0];
    const title = flagTitle(flag.code);
    await page.goto(`${app.host.url}#/student?id=${student.id}`);
    const panel = page.getByTestId('student-flags');
    await panel.getByRole('button', { name: `Acknowledge ${title}` }).click();
    await panel.getByRole('textbox', { name: `Acknowledge ${title}` }).fill('Discussed today; remediation plan agreed with the dean.');
    await screenshotBothThemes(app, 'student-acknowledge-form');
    await panel.getByRole('button', { name: 'Save acknowledgement' }).click();

    const row = panel.locator(`[data-flag="${flag.code}"]`);
    await row.locator('[data-acknowledged="yes"]').or(panel.locator(`[data-flag="${flag.code}"][data-acknowledged="yes"]`)).first().waitFor();
    expect(await row.textContent()).toContain('Acknowledged');
    expect(await row.textContent()).toContain('“Discussed today; remediation plan agreed with the dean.”');
    expect(await row.textContent()).toMatch(/Holds until .+ unless its facts change\./);
    const order = await panel.locator('[data-flag]').evaluateAll((els) => els.map((e) => e.getAttribute('data-flag')));
    expect(order.at(-1)).toBe(flag.code); // below the unacknowledged ones, still listed
    expect(order).toHaveLength(new Set(order).size);

    const stored = app.db.prepare(`SELECT note, acknowledged_by AS who, message FROM flag_acknowledgements WHERE student_id = ? AND code = ?`).get(student.id, flag.code);
    expect(stored).toEqual({ note: 'Discussed today; remediation plan agreed with the dean.', who: 'e2e-advisor', message: flag.message });
    expect(app.db.prepare(`SELECT count(*) FROM audit_log WHERE entity = 'flag_acknowledgement' AND action = 'insert'`).pluck().get()).toBe(1);
    await screenshotBothThemes(app, 'student-flag-acknowledged', { fullPage: true });

    // The audit log (student's history of changes) says it in words.
    await page.getByRole('button', { name: `Withdraw the acknowledgement of ${title}` }).click();
    await panel.locator(`[data-flag="${flag.code}"][data-acknowledged="no"]`).waitFor();
    expect(app.db.prepare(`SELECT count(*) FROM flag_acknowledgements WHERE student_id = ?`).pluck().get(student.id)).toBe(0);
  });

  it("the dashboard counts unacknowledged critical and high flags apart, and the count follows an acknowledgement", async () => {
    const { page } = app;
    const before = (await core('dashboard.counts', {})).unacknowledged;
    await page.goto(`${app.host.url}#/`);
    const count = page.getByTestId('unacknowledged-urgent');
    await count.waitFor();
    expect(await count.getAttribute('data-flags')).toBe(String(before.flags));
    expect(await count.textContent()).toBe(`${before.flags.toLocaleString('en-US')}critical or high flags, on ${before.students} students`);
    const risk = await page.getByTestId('counts-risk').textContent();

    const [s] = await urgentStudents();
    for (const f of s.flags) await core('acknowledgements.acknowledge', { studentId: s.id, code: f.code, note: 'Reviewed at the committee.' });
    await page.reload();
    await page.locator(`[data-testid="unacknowledged-urgent"][data-flags="${before.flags - s.flags.length}"]`).waitFor();
    expect(await page.getByTestId('unacknowledged-urgent').getAttribute('data-students')).toBe(String(before.students - 1));
    // The risk counts still include acknowledged flags.
    expect((await page.getByTestId('counts-risk').textContent())!.replace(/Not yet acknowledged.*$/, '')).toBe(risk!.replace(/Not yet acknowledged.*$/, ''));
    await page.getByTestId('counts-risk').scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'dashboard-unacknowledged');
  });
});

describe('follow-ups never vanish', () => {
  it('an overdue follow-up stays on the dashboard until marked done, on the student page or on the dashboard', async () => {
    const { page } = app;
    const [a, b] = app.db.prepare(`SELECT id FROM students ORDER BY id LIMIT 2 OFFSET 10`).pluck().all() as string[];
    const [noteA] = await core('notes.add', { studentId: a, body: 'Check that CK is booked.', followUpDate: addDays(TODAY, -3), actionItems: [] });
    const [noteB] = await core('notes.add', { studentId: b, body: 'Ask for the NBME 12 result.', followUpDate: addDays(TODAY, -10), actionItems: [] });

    await page.goto(`${app.host.url}#/`);
    await page.reload(); // the previous test left the dashboard open: a same-URL goto would not read it again
    const list = page.getByTestId('follow-ups');
    const itemOf = (noteBody: string) => list.locator('li', { hasText: noteBody });
    await itemOf('Check that CK is booked.').waitFor();
    expect(await itemOf('Check that CK is booked.').textContent()).toContain('Overdue');
    expect(await itemOf('Ask for the NBME 12 result.').textContent()).toContain('Overdue');
    await list.scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'dashboard-follow-ups-overdue');

    // Marked done on the student page, with who and when.
    await page.goto(`${app.host.url}#/student?id=${a}`);
    const notes = page.getByTestId('student-notes');
    const note = notes.locator(`[data-note="${noteA.id}"]`);
    expect(await note.getByTestId('follow-up-badge').textContent()).toMatch(/^Follow-up overdue since /);
    await note.getByRole('button', { name: 'Mark follow-up done' }).click();
    await note.getByTestId('follow-up-done').waitFor();
    expect(await note.getByTestId('follow-up-done').textContent()).toMatch(/done by e2e-advisor, /);
    await note.scrollIntoViewIfNeeded();
    await screenshotBothThemes(app, 'student-follow-up-done');
    expect(app.db.prepare(`SELECT follow_up_done_by FROM advising_notes WHERE id = ?`).pluck().get(noteA.id)).toBe('e2e-advisor');

    // Edited on the student page: the audit keeps the old text.
    await note.getByRole('button', { name: /^Edit the note of / }).click();
    await note.getByRole('textbox', { name: 'Note' }).fill('Check that CK is booked (booked for March).');
    await note.getByRole('button', { name: 'Save note' }).click();
    await note.getByText('Check that CK is booked (booked for March).').waitFor();
    expect(app.db.prepare(`SELECT old_value FROM audit_log WHERE entity = 'advising_note' AND entity_id = ? AND field = 'body'`).pluck().get(String(noteA.id))).toBe('Check that CK is booked.');

    // The other one is still on the dashboard, overdue; Done there clears it.
    await page.goto(`${app.host.url}#/`);
    await itemOf('Ask for the NBME 12 result.').waitFor();
    expect(await itemOf('Check that CK is booked').count()).toBe(0);
    await itemOf('Ask for the NBME 12 result.').getByRole('button', { name: /^Mark done: follow-up for / }).click();
    await itemOf('Ask for the NBME 12 result.').waitFor({ state: 'detached' });
    expect(app.db.prepare(`SELECT follow_up_done_by FROM advising_notes WHERE id = ?`).pluck().get(noteB.id)).toBe('e2e-advisor');
  });
});
