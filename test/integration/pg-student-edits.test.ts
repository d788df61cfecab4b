/**
 * No lost edits, on both engines: two people open the same student, both save; the first save wins,
 * the second is refused with who changed the record and when, and both values of each field, and
 * nothing is overwritten. On an office database an advisor changes only their own students, and the
 * audit log names them (written by the database).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaleSaveDetail, StudentDetail } from '../../src/shared/api';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import { openPostgresStore } from '../../src/main/store/postgres';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { connectionConfig, endPool } from '../../src/main/store/postgres/connect';
import { demoDatabase } from './backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

async function ok<T>(r: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const res = await r;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.value;
}

/** The same story on any engine: `a` and `b` are two people's contexts on one database. */
function twoEditors(contexts: () => { a: HandlerContext; b: HandlerContext; id: string; whoA: string }) {
  it('keeps both edits apart: the first save wins, the second is refused with who, when and both values, and nothing is overwritten', async () => {
    const { a, b, id, whoA } = contexts();
    const seenByA = await ok(invoke(a, 'students.get', { id }));
    const seenByB = await ok(invoke(b, 'students.get', { id }));
    expect(seenByB.version).toBe(seenByA.version);
    const saved = await ok(invoke(a, 'students.update', { id, patch: { targetSpecialty: 'Dermatology', usLetters: 2 }, version: seenByA.version }));
    expect(saved.version).toBe(seenByA.version + 1);
    expect(saved.student.targetSpecialty).toBe('Dermatology');

    const refused = await invoke(b, 'students.update', { id, patch: { targetSpecialty: 'Pediatrics', usLetters: 2 }, version: seenByB.version });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.message).toMatch(new RegExp(`changed by ${whoA} at \\d{4}-\\d{2}-\\d{2}T.*nothing was saved`));
    const detail = refused.error.detail as StaleSaveDetail;
    expect(detail).toMatchObject({ changedBy: whoA, version: seenByA.version + 1 });
    // Only the fields where the two differ: letters were set to 2 by both.
    expect(detail.fields).toEqual([{ field: 'targetSpecialty', yours: 'Pediatrics', theirs: 'Dermatology' }]);
    expect((await ok(invoke(b, 'students.get', { id }))).student.targetSpecialty).toBe('Dermatology');

    // Having seen both, the second person saves on the version they now hold.
    const again = await ok(invoke(b, 'students.update', { id, patch: { targetSpecialty: 'Pediatrics' }, version: detail.version }));
    expect(again.student.targetSpecialty).toBe('Pediatrics');
    expect(again.version).toBe(seenByA.version + 2);
  });

  it('a save without a version (a script) still saves, and an unknown student is NOT_FOUND', async () => {
    const { a, id } = contexts();
    const r = await ok<StudentDetail>(invoke(a, 'students.update', { id, patch: { usceMonths: 3 } }));
    expect(r.student.usceMonths).toBe(3);
    const missing = await invoke(a, 'students.update', { id: 'NOBODY', patch: { usceMonths: 3 }, version: 1 });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
}

/** Exam records from the student page, the same on any engine: added, changed, refused when impossible or twice, removed. */
function examRecords(contexts: () => { a: HandlerContext; id: string }) {
  it('adds, changes and removes attempts and practice exams, refusing an impossible result and a practice exam twice', async () => {
    const { a, id } = contexts();
    const before = await ok(invoke(a, 'students.get', { id }));
    const added = await ok(invoke(a, 'attempts.add', { studentId: id, exam: 'STEP3', testDate: '2026-02-02', outcome: 'PASS', score: null, attemptOrder: null }));
    const attempt = added.attempts.find((x) => x.exam === 'STEP3' && x.testDate === '2026-02-02')!;
    expect(added.attempts).toHaveLength(before.attempts.length + 1);
    const impossible = await invoke(a, 'attempts.update', { id: attempt.id, attempt: { studentId: id, exam: 'STEP3', testDate: '2026-02-02', outcome: 'PASS', score: 150, attemptOrder: null } });
    expect(impossible.ok ? null : impossible.error.code).toBe('INVALID_INPUT');
    const changed = await ok(invoke(a, 'attempts.update', { id: attempt.id, attempt: { studentId: id, exam: 'STEP3', testDate: '2026-02-03', outcome: 'PASS', score: 230, attemptOrder: null } }));
    expect(changed.attempts.find((x) => x.id === attempt.id)).toMatchObject({ testDate: '2026-02-03', score: 230 });
    expect((await ok(invoke(a, 'attempts.remove', { id: attempt.id }))).attempts).toHaveLength(before.attempts.length);

    const practice = { studentId: id, exam: 'STEP2CK' as const, form: 'NBME 99', takenOn: '2026-01-15', score: 240, passProbability: null };
    const withPractice = await ok(invoke(a, 'practice.add', practice));
    const p = withPractice.practice.find((x) => x.form === 'NBME 99')!;
    const twice = await invoke(a, 'practice.add', practice);
    expect(twice.ok ? null : twice.error).toMatchObject({ code: 'CONFLICT', message: 'NBME 99 on 2026-01-15 is already recorded' });
    expect((await ok(invoke(a, 'practice.update', { id: p.id, practice: { ...practice, score: 244 } }))).practice.find((x) => x.id === p.id)!.score).toBe(244);
    expect((await ok(invoke(a, 'practice.remove', { id: p.id }))).practice.find((x) => x.id === p.id)).toBeUndefined();
    const gone = await invoke(a, 'practice.remove', { id: p.id });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
  });
}

/** Notes from the student page, the same on any engine: written, signed, a follow-up done and reopened by a new date, an item ticked, removed. */
function notes(contexts: () => { a: HandlerContext; id: string; signedAs: string }) {
  it('keeps session notes: signed, follow-up done with who, reopened when moved, items ticked, removed', async () => {
    const { a, id, signedAs } = contexts();
    const before = await ok(invoke(a, 'notes.list', { studentId: id }));
    const added = await ok(invoke(a, 'notes.add', { studentId: id, body: 'Plan CK for June', followUpDate: '2026-12-01', actionItems: [{ text: 'Book CK', dueDate: '2026-12-10', done: false }] }));
    expect(added).toHaveLength(before.length + 1);
    const note = added[0];
    expect(note).toMatchObject({ body: 'Plan CK for June', author: signedAs, followUpDoneAt: null, actionItems: [{ text: 'Book CK', done: false }] });
    const done = await ok(invoke(a, 'notes.setFollowUpDone', { id: note.id, done: true }));
    expect(done[0]).toMatchObject({ followUpDoneBy: signedAs });
    expect(done[0].followUpDoneAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const moved = await ok(invoke(a, 'notes.update', { id: note.id, body: 'Plan CK for July', followUpDate: '2027-01-05' }));
    expect(moved[0]).toMatchObject({ body: 'Plan CK for July', followUpDate: '2027-01-05', followUpDoneAt: null, followUpDoneBy: null });
    const ticked = await ok(invoke(a, 'actionItems.setDone', { id: note.actionItems[0].id, done: true }));
    expect(ticked[0].actionItems[0]).toMatchObject({ done: true, doneBy: signedAs });
    const withItem = await ok(invoke(a, 'actionItems.add', { noteId: note.id, item: { text: 'Send letters', dueDate: null, done: false } }));
    expect(withItem[0].actionItems.map((i) => i.text)).toEqual(['Book CK', 'Send letters']);
    expect(await ok(invoke(a, 'actionItems.remove', { id: withItem[0].actionItems[1].id }))).toHaveLength(before.length + 1);
    expect(await ok(invoke(a, 'notes.remove', { id: note.id }))).toHaveLength(before.length);
  });
}

describe('two people editing one student on a laptop (SQLite)', () => {
  let ctx: { a: HandlerContext; b: HandlerContext; id: string; whoA: string };
  beforeAll(async () => {
    const t = await demoDatabase(30);
    const id = t.db.prepare(`SELECT id FROM students ORDER BY id LIMIT 1`).pluck().get() as string;
    // Two windows of the app (or the app and the CLI) on one file.
    ctx = { a: { db: t.db, databasePath: t.file, actor: 'Dr. Adams' }, b: { db: t.db, databasePath: t.file, actor: 'Casey' }, id, whoA: 'Dr. Adams' };
  });
  twoEditors(() => ctx);
  examRecords(() => ctx);
  notes(() => ({ ...ctx, signedAs: 'Dr. Adams' }));

  it('ticking the checklist while the profile form is open does not make the form stale', async () => {
    const { a, id } = ctx;
    const opened = await ok(invoke(a, 'students.get', { id }));
    await ok(invoke(ctx.b, 'checklist.set', { studentId: id, itemId: 'beforeStep1.studyPlan', done: true }));
    expect((await ok(invoke(a, 'students.get', { id }))).version).toBe(opened.version);
    const saved = await ok(invoke(a, 'students.update', { id, patch: { backupSpecialty: 'Internal Medicine' }, version: opened.version }));
    expect(saved.student.backupSpecialty).toBe('Internal Medicine');
  });
});

describePostgres('two people editing one student on an office database (PostgreSQL)', (cluster) => {
  let d: TestDatabase;
  let ctx: { a: HandlerContext; b: HandlerContext; id: string; whoA: string };
  const stores: { close(): Promise<void> }[] = [];
  const logins: string[] = [];
  let other: string;
  let advisorName: string;
  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    const t = await demoDatabase(30);
    const admin = new pg.Client(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(t.db, admin as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: '2026-11-26' });
    const row = (await admin.query(`SELECT id, advisor FROM students WHERE advisor IS NOT NULL ORDER BY id LIMIT 1`)).rows[0] as { id: string; advisor: string };
    other = (await admin.query(`SELECT id FROM students WHERE lower(btrim(advisor)) <> lower(btrim($1)) ORDER BY id LIMIT 1`, [row.advisor])).rows[0].id;
    const adv = `${d.name}_adv`;
    const coord = `${d.name}_coord`;
    logins.push(adv, coord);
    await addOfficeUser(admin, { login: adv, displayName: row.advisor, role: 'advisor', password: 'advisor password 1' });
    advisorName = row.advisor;
    await addOfficeUser(admin, { login: coord, displayName: 'Casey', role: 'coordinator', password: 'coordinator pass 1' });
    await admin.end();
    const open = async (login: string, password: string): Promise<HandlerContext> => {
      const store = await openPostgresStore(`postgres://${login}@127.0.0.1:${cluster.port}/${d.name}`, { password });
      stores.push(store);
      return { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
    };
    ctx = { a: await open(adv, 'advisor password 1'), b: await open(coord, 'coordinator pass 1'), id: row.id, whoA: adv };
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await d.drop();
    const c = new pg.Client({ ...d.config, database: 'postgres' });
    await c.connect();
    for (const l of logins) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(l)}`);
    await c.end();
  });

  twoEditors(() => ctx);
  examRecords(() => ctx);
  // The database signs notes with the session's office name, whatever the client sends.
  notes(() => ({ ...ctx, signedAs: advisorName }));

  it('an advisor may not write notes on another advisor’s student', async () => {
    const r = await invoke(ctx.a, 'notes.add', { studentId: other, body: 'not mine', followUpDate: null, actionItems: [] });
    expect(r).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(await ok(invoke(ctx.b, 'notes.list', { studentId: other }))).toEqual([]);
  });

  it('an advisor may not add, change or remove another advisor’s student’s records', async () => {
    const before = await ok(invoke(ctx.b, 'students.get', { id: other }));
    const add = await invoke(ctx.a, 'attempts.add', { studentId: other, exam: 'STEP3', testDate: '2026-02-02', outcome: 'PASS', score: null, attemptOrder: null });
    expect(add).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/^Your office role does not allow this: new row violates row-level security/) } });
    const theirs = before.attempts[0];
    const change = await invoke(ctx.a, 'attempts.update', { id: theirs.id, attempt: { ...theirs, score: 260 } });
    expect(change.ok ? null : change.error.code).toBe('REJECTED');
    const remove = await invoke(ctx.a, 'attempts.remove', { id: theirs.id });
    expect(remove.ok ? null : remove.error.code).toBe('REJECTED');
    expect((await ok(invoke(ctx.b, 'students.get', { id: other }))).attempts).toEqual(before.attempts);
  });

  it('an advisor may not change another advisor’s student: refused, nothing written', async () => {
    const before = await ok(invoke(ctx.a, 'students.get', { id: other }));
    expect(before.student.email).toBeNull(); // not theirs: private columns are not theirs to read
    const r = await invoke(ctx.a, 'students.update', { id: other, patch: { targetSpecialty: 'Urology' }, version: before.version });
    expect(r).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/^Your office role does not allow this: Only .* advisor or the coordinator/) } });
    expect((await ok(invoke(ctx.b, 'students.get', { id: other }))).version).toBe(before.version);
  });

  it('the audit log names each editor by their login, with the student page as the context', async () => {
    const pool = new pg.Pool(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    const rows = (await pool.query(`SELECT actor, field, new_value, context FROM audit_log WHERE entity = 'student' AND entity_id = $1 AND action = 'update' ORDER BY id`, [ctx.id])).rows;
    await endPool(pool);
    // One save's fields come in the database's order; the saves in theirs.
    const bySave = (xs: typeof rows) => xs.map((r) => JSON.stringify(r)).sort();
    expect(rows.map((r) => r.actor)).toEqual([ctx.whoA, ctx.whoA, logins[1], ctx.whoA]);
    expect(bySave(rows)).toEqual(bySave([
      { actor: ctx.whoA, field: 'targetSpecialty', new_value: 'Dermatology', context: 'student page' },
      { actor: ctx.whoA, field: 'usLetters', new_value: '2', context: 'student page' },
      { actor: logins[1], field: 'targetSpecialty', new_value: 'Pediatrics', context: 'student page' },
      { actor: ctx.whoA, field: 'usceMonths', new_value: '3', context: 'student page' },
    ]));
  });
});

describePostgres('adding a student by hand on an office database (PostgreSQL)', (cluster) => {
  let d: TestDatabase;
  let coordinator: HandlerContext;
  let advisor: HandlerContext;
  let admin: pg.Client;
  const stores: { close(): Promise<void> }[] = [];
  const logins: string[] = [];
  const student = {
    id: 'H-0042',
    firstName: 'Imani',
    lastName: 'Okafor',
    email: 'imani@school.edu',
    gradYear: 2027,
    applicantType: 'US_MD' as const,
    targetSpecialty: 'Pediatrics',
    backupSpecialty: null,
    advisor: 'Dr. Adams',
    usceMonths: null,
    usLetters: null,
    step1Deadline: null,
    notes: null,
    customFields: { Campus: 'North' },
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await admin.query(sql, params)).rows[0].n);

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    admin = new pg.Client(connectionConfig(`postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`));
    await admin.connect();
    await migratePostgres(admin);
    const coord = `${d.name}_coord`;
    const adv = `${d.name}_adv`;
    logins.push(coord, adv);
    await addOfficeUser(admin, { login: coord, displayName: 'Casey', role: 'coordinator', password: 'coordinator pass 1' });
    await addOfficeUser(admin, { login: adv, displayName: 'Dr. Adams', role: 'advisor', password: 'advisor password 1' });
    const open = async (login: string, password: string): Promise<HandlerContext> => {
      const store = await openPostgresStore(`postgres://${login}@127.0.0.1:${cluster.port}/${d.name}`, { password });
      stores.push(store);
      return { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
    };
    coordinator = await open(coord, 'coordinator pass 1');
    advisor = await open(adv, 'advisor password 1');
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await admin.end();
    await d.drop();
    const c = new pg.Client({ ...d.config, database: 'postgres' });
    await c.connect();
    for (const l of logins) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(l)}`);
    await c.end();
  });

  it('the coordinator adds a student: the page comes back, the roster finds them, the database audits one insert under the login', async () => {
    const detail = await ok(invoke(coordinator, 'students.add', student));
    expect(detail).toMatchObject({ student, attempts: [], practice: [], version: 1 });
    expect((await ok(invoke(advisor, 'students.list', { search: 'Okafor' }))).rows.map((r) => r.id)).toEqual(['H-0042']);
    const audit = (await admin.query(`SELECT actor, action, context, new_value FROM audit_log WHERE entity = 'student' AND entity_id = 'H-0042'`)).rows;
    expect(audit).toEqual([{ actor: logins[0], action: 'insert', context: 'added by hand', new_value: expect.anything() }]);
  });

  it('refuses an ID already held, and one that differs from a held one only in leading zeros, writing nothing', async () => {
    const again = await invoke(coordinator, 'students.add', { ...student, firstName: 'Someone' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: "Student ID H-0042 is already Imani Okafor's; open that student to change their record.", issues: [{ path: 'id' }] } });
    await ok(invoke(coordinator, 'students.add', { ...student, id: '00123' }));
    const twin = await invoke(coordinator, 'students.add', { ...student, id: '123', firstName: 'Other' });
    expect(twin).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Student ID 123 differs from 00123 (Imani Okafor) only in leading zeros; an import would read them as one student.' } });
    expect(await count(`SELECT count(*) AS n FROM students`)).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'student'`)).toBe(2);
  });

  it('two adds of one ID at the same moment: exactly one succeeds, the other is told whose it is', async () => {
    const [a, b] = await Promise.all([
      invoke(coordinator, 'students.add', { ...student, id: 'H-0777', firstName: 'First' }),
      invoke(coordinator, 'students.add', { ...student, id: 'H-0777', firstName: 'Second' }),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    const refused = [a, b].find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^Student ID H-0777 is already (First|Second) Okafor's/) } });
    expect(await count(`SELECT count(*) AS n FROM students WHERE id = 'H-0777'`)).toBe(1);
  });

  it('an advisor may not add students to the office roster: refused, nothing written', async () => {
    const r = await invoke(advisor, 'students.add', { ...student, id: 'H-0900' });
    expect(r).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringContaining('Only the coordinator adds students to the office roster.') } });
    expect(await count(`SELECT count(*) AS n FROM students WHERE id = 'H-0900'`)).toBe(0);
  });
});
