/**
 * Issue 14, "Identity" and part of "Students' life cycle", in Chromium through the web host, with the
 * actor chosen as the shells choose it (the name set in Settings, else the OS user): the first-run
 * question for the user's name and the notes signed with it, changing the name in Settings, adding a
 * student on the roster, editing every profile field, and removing the demo cohort from Settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStudent } from '../../src/main/db/students';
import { startApp, type E2eApp } from './harness';
import { screenshotBothThemes } from './theme-screens';

const AS_OF = '2026-11-26';
let app: E2eApp;
beforeAll(async () => {
  app = await startApp({ students: 60, asOf: AS_OF, actorFromSettings: true });
});
afterAll(async () => {
  await app?.close();
});

const userName = () => app.db.prepare(`SELECT value FROM settings WHERE key = 'office.userName'`).pluck().get() as string | undefined;

/** Writes a session note on a student's page and returns the author the database recorded. */
async function writeNote(studentId: string, body: string): Promise<string> {
  const { page } = app;
  await page.goto(`${app.host.url}#/student?id=${studentId}&asOf=${AS_OF}`);
  await page.getByRole('textbox', { name: 'Session note' }).fill(body);
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect.poll(() => app.db.prepare(`SELECT author FROM advising_notes WHERE body = ?`).pluck().get(body)).toBeDefined();
  return app.db.prepare(`SELECT author FROM advising_notes WHERE body = ?`).pluck().get(body) as string;
}

describe('identity', () => {
  it('asks for the user’s name at first run, once; notes are signed with it', async () => {
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Welcome to Stepwise: who are you?' });
    await dialog.waitFor();
    await screenshotBothThemes(app, 'first-run-name');
    await dialog.getByRole('button', { name: 'Save my name' }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Your name' }).getAttribute('aria-invalid')).toBe('true');
    expect(userName()).toBeUndefined();

    await dialog.getByRole('textbox', { name: 'Your name' }).fill('Dr. Ana Ruiz');
    await dialog.getByRole('button', { name: 'Save my name' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(userName()).toBe('Dr. Ana Ruiz');

    // A new start does not ask again (the question's overlay would stop the note being written), and the note carries the name.
    await page.reload();
    expect(await writeNote('S00001', 'First planning session.')).toBe('Dr. Ana Ruiz');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('student-notes').textContent()).toContain('Dr. Ana Ruiz');
  });

  it('changes the name in Settings; later notes and audit rows carry the new one', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/settings?tab=audit`);
    const input = page.getByRole('textbox', { name: 'Advisor name' });
    await expect.poll(() => input.inputValue()).toBe('Dr. Ana Ruiz');
    await input.fill('Ana Ruiz, MD');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByTestId('audit-actor').textContent()).toBe('Ana Ruiz, MD');
    await screenshotBothThemes(app, 'settings-your-name');
    expect(app.db.prepare(`SELECT actor, action, new_value AS newValue FROM audit_log WHERE entity = 'setting' AND entity_id = 'office.userName' ORDER BY id`).all()).toEqual([
      { actor: expect.any(String), action: 'insert', newValue: 'Dr. Ana Ruiz' },
      { actor: 'Dr. Ana Ruiz', action: 'update', newValue: 'Ana Ruiz, MD' },
    ]);
    expect(await writeNote('S00002', 'Second planning session.')).toBe('Ana Ruiz, MD');
  });
});

describe('students by hand', () => {
  it('adds a student from the roster, refusing a taken ID with whose it is', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/roster`);
    await page.getByRole('row').nth(2).waitFor();
    await page.getByRole('button', { name: 'Add a student' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a student' });
    await dialog.getByRole('textbox', { name: 'Student ID' }).fill('S00002');
    await dialog.getByRole('textbox', { name: 'First name' }).fill('Imani');
    await dialog.getByRole('textbox', { name: 'Last name' }).fill('Okafor');
    await dialog.getByRole('textbox', { name: 'Class (graduation year)' }).fill('2027');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('imani.okafor@school.edu');
    await dialog.getByRole('button', { name: 'Add student' }).click();

    const taken = getStudent(app.db, 'S00002')!;
    const id = dialog.getByRole('textbox', { name: 'Student ID' });
    await expect.poll(() => id.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await id.getAttribute('aria-describedby'))!.split(' ').find((x) => x.includes('error'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(`Student ID S00002 is already ${taken.firstName} ${taken.lastName}'s; open that student to change their record.`);
    await screenshotBothThemes(app, 'add-student-taken-id');

    await id.fill('H-0042');
    await dialog.getByRole('button', { name: 'Add student' }).click();
    await expect.poll(() => page.url()).toContain('#/student?id=H-0042');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Imani Okafor');
    expect(getStudent(app.db, 'H-0042')).toMatchObject({ firstName: 'Imani', lastName: 'Okafor', gradYear: 2027, email: 'imani.okafor@school.edu', applicantType: null });
    expect(app.db.prepare(`SELECT actor, action, context FROM audit_log WHERE entity = 'student' AND entity_id = 'H-0042'`).all()).toEqual([{ actor: 'Ana Ruiz, MD', action: 'insert', context: 'added by hand' }]);
    expect(getStudent(app.db, 'S00002')).toEqual(taken);
  });

  it('edits every profile field, custom fields included, each change audited', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/student?id=H-0042&asOf=${AS_OF}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile and plan' });
    await form.getByRole('textbox', { name: 'First name' }).fill('Imani J.');
    await form.getByRole('textbox', { name: 'Last name' }).fill('Okafor-Reed');
    await form.getByRole('combobox', { name: 'Target specialty' }).fill('Dermatology');
    await form.getByRole('combobox', { name: 'Backup specialty' }).fill('Internal Medicine');
    await form.getByRole('combobox', { name: 'Advisor' }).fill('Dr. Patel');
    await form.getByRole('combobox', { name: 'Applicant type', exact: true }).click();
    await page.getByRole('option', { name: 'US MD' }).click();
    await form.getByRole('textbox', { name: 'Class (graduation year)' }).fill('2028');
    await form.getByRole('textbox', { name: 'USCE months' }).fill('2');
    await form.getByRole('textbox', { name: 'US letters' }).fill('1');
    await form.getByLabel('Step 1 deadline override').fill('2026-03-31');
    await form.getByRole('textbox', { name: 'Email' }).fill('ijo@school.edu');
    await form.getByRole('textbox', { name: 'Notes' }).fill('Deferred a year for research.\nReturns in July.');
    await form.getByRole('button', { name: 'Add a field' }).click();
    await form.getByRole('textbox', { name: 'Name of other field 1' }).fill('Campus');
    await form.getByRole('textbox', { name: 'Value of Campus' }).fill('North');
    await form.getByRole('button', { name: 'Add a field' }).click();
    // A value with no name is refused in the form, saying which.
    await form.getByRole('textbox', { name: 'Value of other field 2' }).fill('Dr. Lee');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Name the field that holds “Dr. Lee”, or remove it');
    await form.getByRole('textbox', { name: 'Name of other field 2' }).fill('Mentor');
    await screenshotBothThemes(app, 'student-profile-edit-all-fields', { fullPage: true });
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.waitFor({ state: 'detached' });

    expect(getStudent(app.db, 'H-0042')).toEqual({
      id: 'H-0042',
      firstName: 'Imani J.',
      lastName: 'Okafor-Reed',
      email: 'ijo@school.edu',
      gradYear: 2028,
      applicantType: 'US_MD',
      targetSpecialty: 'Dermatology',
      backupSpecialty: 'Internal Medicine',
      advisor: 'Dr. Patel',
      usceMonths: 2,
      usLetters: 1,
      step1Deadline: '2026-03-31',
      notes: 'Deferred a year for research.\nReturns in July.',
      customFields: { Campus: 'North', Mentor: 'Dr. Lee' },
    });
    const fields = app.db.prepare(`SELECT field FROM audit_log WHERE entity = 'student' AND entity_id = 'H-0042' AND action = 'update' AND actor = 'Ana Ruiz, MD'`).pluck().all();
    expect([...fields].sort()).toEqual(
      ['advisor', 'applicantType', 'backupSpecialty', 'customFields', 'email', 'firstName', 'gradYear', 'lastName', 'notes', 'step1Deadline', 'targetSpecialty', 'usLetters', 'usceMonths'].sort(),
    );
    await expect.poll(() => page.locator('h1').textContent()).toBe('Imani J. Okafor-Reed');
    const profile = page.getByRole('table', { name: 'Profile and plan' });
    await expect.poll(() => profile.textContent()).toContain('MentorDr. Lee');
    expect(await profile.textContent()).toContain('Deferred a year for research.');
    await screenshotBothThemes(app, 'student-profile-all-fields');

    // A custom field removed and another renamed: the record keeps exactly what the form shows.
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await form.getByRole('button', { name: 'Remove Campus' }).click();
    await form.getByRole('textbox', { name: 'Name of other field 1' }).fill('Faculty mentor');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.waitFor({ state: 'detached' });
    expect(getStudent(app.db, 'H-0042')!.customFields).toEqual({ 'Faculty mentor': 'Dr. Lee' });
  });
});

describe('the demo cohort', () => {
  it('is removed from Settings after a confirmation, keeping the student added by hand, in one audit row', async () => {
    const { page } = app;
    const demoAttempts = app.db.prepare(`SELECT count(*) FROM exam_attempts WHERE source = 'demo'`).pluck().get() as number;
    const demoPractice = app.db.prepare(`SELECT count(*) FROM practice_exams WHERE source = 'demo'`).pluck().get() as number;
    await page.goto(`${app.host.url}#/settings?tab=backups`);
    await expect.poll(() => page.getByTestId('demo-status').textContent()).toContain('60 demo students with');
    await page.getByRole('button', { name: 'Remove the demo cohort…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the demo cohort?' });
    expect(await dialog.textContent()).toContain(`This removes 60 demo students with ${demoAttempts} exam attempts, ${demoPractice} practice exams and 2 session notes in one step.`);
    await screenshotBothThemes(app, 'settings-remove-demo-confirm');
    await dialog.getByRole('button', { name: 'Remove 60 demo students' }).click();
    await expect.poll(() => page.getByTestId('demo-removed').textContent()).toContain('Removed 60 demo students');
    await expect.poll(() => page.getByTestId('demo-status').textContent()).toBe('No demo students in this database.');
    // The backup taken first is listed above, read again after the removal.
    await expect.poll(() => page.getByTestId('backup-row').allTextContents()).toContainEqual(expect.stringContaining('Before the demo cohort was removed'));
    await screenshotBothThemes(app, 'settings-demo-removed', { fullPage: true });

    expect(app.db.prepare(`SELECT id FROM students`).pluck().all()).toEqual(['H-0042']);
    const last = app.db.prepare(`SELECT actor, action, entity, entity_id AS entityId, old_value AS oldValue, context FROM audit_log ORDER BY id DESC LIMIT 1`).get();
    expect(last).toEqual({
      actor: 'Ana Ruiz, MD',
      action: 'delete',
      entity: 'demo_cohort',
      entityId: '60 students',
      oldValue: JSON.stringify({ students: 60, examAttempts: demoAttempts, practiceExams: demoPractice, notes: 2 }),
      context: 'settings',
    });
    await page.goto(`${app.host.url}#/settings?tab=audit&entity=demo_cohort`);
    await expect.poll(() => page.getByTestId('audit-row').allTextContents()).toHaveLength(1);
    const row = (await page.getByTestId('audit-row').textContent())!;
    expect(row).toMatch(/Ana Ruiz, MD.*removed.*Demo cohort 60 students/);
    await screenshotBothThemes(app, 'settings-audit-demo-removed');
  });
});
