/**
 * Office mode on the real engine, through raw connections (what `psql` would get): each person signs
 * in with their own login and password over TCP; grants and row-level security give each role
 * exactly its share; the audit log's actor and a note's author are the database's, not the
 * client's; versions and NOTIFY behave as the store relies on.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pseudonym } from '../../src/main/reports/pseudonyms';
import { describePostgres } from '../pg/databases';
import { officeTeam, type Team } from '../pg/office';

const PASSWORD = 'correct horse battery';

describePostgres('office roles, row-level security and the database-written audit', (cluster) => {
  let team: Team;
  let admin: pg.Client;
  let coord: pg.Client, dean: pg.Client, adams: pg.Client, baker: pg.Client, panel: pg.Client;
  const login = (who: string) => team.login(who);
  const signIn = (who: string, password?: string) => team.signIn(who, password);

  beforeAll(async () => {
    team = await officeTeam(cluster, PASSWORD);
    ({ admin } = team);
    ({ coord, dean, adams, baker, panel } = team.as);
    await coord.query(`SET stepwise.context = 'roster setup'`);
    await coord.query(`INSERT INTO students (id, first_name, last_name, email, grad_year, advisor, notes, created_at, updated_at) VALUES
      ('S1', 'Ada', 'Lovelace', 'ada@school.edu', 2027, 'Dr. Adams', 'private note', now(), now()),
      ('S2', 'Bo', 'Baxter', 'bo@school.edu', 2027, ' dr. baker ', null, now(), now())`);
  });
  afterAll(async () => {
    await team?.close();
  });

  it('signs people in with their own password only', async () => {
    await expect(signIn('adams', 'not the password')).rejects.toThrow(/password authentication failed/);
    expect((await adams.query('SELECT session_user AS u, office_user_name() AS name')).rows[0]).toEqual({ u: login('adams'), name: 'Dr. Adams' });
  });

  it('the coordinator reads and changes everything, and every change is audited with their login and context', async () => {
    await coord.query(`UPDATE students SET target_specialty = 'Dermatology' WHERE id = 'S1'`);
    const rows = await coord.query(`SELECT actor, action, entity, entity_id, field, old_value, new_value, context, student_id FROM audit_log WHERE entity = 'student' ORDER BY id`);
    expect(rows.rows).toEqual([
      expect.objectContaining({ actor: login('coord'), action: 'insert', entity_id: 'S1', context: 'roster setup', student_id: 'S1' }),
      expect.objectContaining({ actor: login('coord'), action: 'insert', entity_id: 'S2', student_id: 'S2' }),
      { actor: login('coord'), action: 'update', entity: 'student', entity_id: 'S1', field: 'targetSpecialty', old_value: null, new_value: 'Dermatology', context: 'roster setup', student_id: 'S1' },
    ]);
    expect(JSON.parse(rows.rows[0].new_value)).toMatchObject({ id: 'S1', firstName: 'Ada', email: 'ada@school.edu', gradYear: 2027 });
  });

  it('no one can write, change or delete an audit row, nor forge its actor', async () => {
    await expect(coord.query(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (now(), 'someone else', 'update', 'student', 'S1')`)).rejects.toThrow(/permission denied/);
    await expect(coord.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/permission denied/);
    await expect(coord.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    // Even the database's owner: the actor is the session's, and the log is append-only.
    const forged = await admin.query(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('2001-01-01', 'someone else', 'update', 'student', 'S1') RETURNING actor, at > now() - interval '1 hour' AS now`);
    expect(forged.rows[0]).toEqual({ actor: cluster.superuser, now: true });
    await expect(admin.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    // The copy's switch (keep a laptop's history as it was) works for the schema's owner only.
    await coord.query('BEGIN');
    await coord.query(`SET LOCAL stepwise.copying = 'on'`);
    await coord.query(`UPDATE students SET us_letters = 3 WHERE id = 'S1'`);
    await coord.query('COMMIT');
    expect((await coord.query(`SELECT actor FROM audit_log WHERE field = 'usLetters' AND new_value = '3'`)).rows).toEqual([{ actor: login('coord') }]);
    await admin.query('BEGIN');
    await admin.query(`SET LOCAL stepwise.copying = 'on'`);
    const kept = await admin.query(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('2025-01-02T03:04:05Z', 'laptop user', 'update', 'student', 'S1') RETURNING actor, at`);
    await admin.query('COMMIT');
    expect(kept.rows[0]).toEqual({ actor: 'laptop user', at: new Date('2025-01-02T03:04:05Z') });
  });

  it('no one adds rows under an import batch their own session did not write in the same transaction: the audit cannot be skipped that way (migration 0011)', async () => {
    const batch = `INSERT INTO import_batches (at, actor, file_name, file_bytes, file_sha256, counts) VALUES (now(), 'anyone', 'roster.xlsx', 1, 'ab', '{}') RETURNING id, actor`;
    const student = (id: string, batchId: number) =>
      `INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at, import_batch) VALUES ('${id}', 'Imp', 'Orted', 2027, now(), now(), ${batchId})`;
    // Another person's batch (here the owner's): refused, nothing written, no student without an audit row.
    const theirs = (await admin.query(batch)).rows[0];
    expect(theirs.actor).toBe(cluster.superuser);
    await expect(coord.query(student('B1', theirs.id))).rejects.toThrow(/names import batch \d+, which this session \(\S+\) did not write in this transaction/);
    // Their own batch, from an earlier transaction: refused too.
    const earlier = (await coord.query(batch)).rows[0];
    expect(earlier.actor).toBe(login('coord'));
    await expect(coord.query(student('B2', earlier.id))).rejects.toThrow(/did not write in this transaction/);
    // A batch of their own in the same transaction, as Stepwise's import writes it: accepted, accounted for by that batch.
    await coord.query('BEGIN');
    const own = (await coord.query(batch)).rows[0];
    await coord.query(student('B3', own.id));
    await coord.query('COMMIT');
    expect((await admin.query(`SELECT id FROM students WHERE id IN ('B1', 'B2', 'B3') ORDER BY id`)).rows).toEqual([{ id: 'B3' }]);
    expect((await admin.query(`SELECT actor FROM audit_log WHERE entity = 'import_batch' AND entity_id = $1`, [String(own.id)])).rows).toEqual([{ actor: login('coord') }]);
    // A batch, once written, is history: its actor cannot be taken over, nor the batch removed.
    await expect(coord.query(`UPDATE import_batches SET actor = session_user WHERE id = $1`, [theirs.id])).rejects.toThrow(/permission denied/);
    await expect(coord.query(`DELETE FROM import_batches WHERE id = $1`, [own.id])).rejects.toThrow(/permission denied/);
    await admin.query(`DELETE FROM students WHERE id = 'B3'`);
  });

  it('an advisor reads every student’s directory columns, but private columns only of their own (my_students)', async () => {
    expect((await adams.query(`SELECT id, last_name, advisor FROM students ORDER BY id`)).rows.map((r) => r.id)).toEqual(['S1', 'S2']);
    await expect(adams.query(`SELECT email FROM students`)).rejects.toThrow(/permission denied/);
    await expect(adams.query(`SELECT * FROM students`)).rejects.toThrow(/permission denied/);
    expect((await adams.query(`SELECT id, email, notes FROM my_students`)).rows).toEqual([{ id: 'S1', email: 'ada@school.edu', notes: 'private note' }]);
    // Advisor names match as the roster matches them (trimmed, any case).
    expect((await baker.query(`SELECT id FROM my_students`)).rows).toEqual([{ id: 'S2' }]);
  });

  it('an advisor changes their own students only, and cannot hand one to someone else', async () => {
    expect((await adams.query(`UPDATE students SET target_specialty = 'Pediatrics' WHERE id = 'S2'`)).rowCount).toBe(0);
    expect((await adams.query(`UPDATE students SET target_specialty = 'Pediatrics' WHERE id = 'S1'`)).rowCount).toBe(1);
    await expect(adams.query(`UPDATE students SET advisor = 'Dr. Baker' WHERE id = 'S1'`)).rejects.toThrow(/permission denied|row-level security/);
    await expect(adams.query(`INSERT INTO exam_attempts (student_id, exam, outcome, test_date, created_at) VALUES ('S2', 'STEP1', 'FAIL', '2026-03-01', now())`)).rejects.toThrow(/row-level security/);
    await adams.query(`INSERT INTO exam_attempts (student_id, exam, outcome, test_date, created_at) VALUES ('S1', 'STEP1', 'PASS', '2026-03-01', now())`);
    await expect(adams.query(`DELETE FROM students WHERE id = 'S1'`)).rejects.toThrow(/permission denied/);
    // Every advisor reads every exam record (the risk is computed from them), writes none of the others'.
    expect((await baker.query(`SELECT student_id, outcome FROM exam_attempts`)).rows).toEqual([{ student_id: 'S1', outcome: 'PASS' }]);
    expect((await baker.query(`DELETE FROM exam_attempts WHERE student_id = 'S1'`)).rowCount).toBe(0);
  });

  it('notes: an advisor keeps their own students’ notes; the dean reads all and writes, signed by the database', async () => {
    await adams.query(`INSERT INTO advising_notes (student_id, author, created_at, body) VALUES ('S1', 'Dr. Baker', now(), 'Plan CK for June')`);
    await expect(adams.query(`INSERT INTO advising_notes (student_id, author, created_at, body) VALUES ('S2', 'x', now(), 'not mine')`)).rejects.toThrow(/row-level security/);
    expect((await baker.query(`SELECT body FROM advising_notes`)).rows).toEqual([]);
    await dean.query(`INSERT INTO advising_notes (student_id, author, created_at, body) VALUES ('S2', 'Dr. Adams', now(), 'Dean check-in')`);
    expect((await dean.query(`SELECT student_id, author, body FROM advising_notes ORDER BY id`)).rows).toEqual([
      { student_id: 'S1', author: 'Dr. Adams', body: 'Plan CK for June' },
      { student_id: 'S2', author: 'Dr. Dana Dean', body: 'Dean check-in' },
    ]);
    await expect(dean.query(`UPDATE students SET notes = 'x' WHERE id = 'S1'`)).rejects.toThrow(/permission denied/);
    await expect(dean.query(`INSERT INTO exam_attempts (student_id, exam, outcome, created_at) VALUES ('S1', 'STEP1', 'PASS', now())`)).rejects.toThrow(/permission denied/);
  });

  it('an advisor reads the audit history of their own students and their own actions only', async () => {
    const seen = (await baker.query(`SELECT DISTINCT student_id FROM audit_log ORDER BY 1`)).rows.map((r) => r.student_id);
    expect(seen).toEqual(['S2']);
    const mine = (await adams.query(`SELECT DISTINCT student_id FROM audit_log ORDER BY 1`)).rows.map((r) => r.student_id);
    expect(mine).toEqual(['S1']);
  });

  it('the committee sees de-identified rows only, with the pseudonyms the app’s reports use', async () => {
    await expect(panel.query(`SELECT id FROM students`)).rejects.toThrow(/permission denied/);
    await expect(panel.query(`SELECT * FROM exam_attempts`)).rejects.toThrow(/permission denied/);
    await expect(panel.query(`SELECT * FROM my_students`)).rejects.toThrow(/permission denied/);
    expect((await panel.query(`SELECT value FROM settings WHERE key = 'reports.pseudonymKey'`)).rows).toEqual([]);
    const key = (await admin.query(`SELECT value FROM settings WHERE key = 'reports.pseudonymKey'`)).rows[0].value as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const students = await panel.query(`SELECT * FROM committee_students ORDER BY student`);
    expect(students.fields.map((f) => f.name)).not.toContain('id');
    expect(students.rows.map((r) => r.student).sort()).toEqual([pseudonym(key, 'S1'), pseudonym(key, 'S2')].sort());
    expect((await panel.query(`SELECT student, outcome FROM committee_exam_attempts`)).rows).toEqual([{ student: pseudonym(key, 'S1'), outcome: 'PASS' }]);
    // The key's value never reaches the audit log.
    expect((await admin.query(`SELECT count(*)::int AS n FROM audit_log WHERE new_value LIKE '%' || $1 || '%' OR old_value LIKE '%' || $1 || '%'`, [key])).rows[0].n).toBe(0);
  });

  it('computes pseudonyms exactly as the app does, for any ID', async () => {
    const ids = ['S1', '00123', 'ÅSA-Ünïcode', 'x'.repeat(64), ''];
    const key = 'a key of the office, 32 characters+';
    const r = await admin.query(`SELECT i, pseudonym($1, i) AS p FROM unnest($2::text[]) AS i`, [key, ids]);
    expect(r.rows).toEqual(ids.map((i) => ({ i, p: pseudonym(key, i) })));
  });

  it('bumps the version on every update, whoever updates, so a stale save changes nothing', async () => {
    const v0 = (await coord.query(`SELECT version FROM students WHERE id = 'S2'`)).rows[0].version as number;
    // Two people read the same version; the first save wins, the second finds the row moved on.
    const first = await baker.query(`UPDATE students SET target_specialty = 'Psychiatry' WHERE id = 'S2' AND version = $1`, [v0]);
    const second = await coord.query(`UPDATE students SET target_specialty = 'Neurology' WHERE id = 'S2' AND version = $1`, [v0]);
    expect([first.rowCount, second.rowCount]).toEqual([1, 0]);
    expect((await coord.query(`SELECT target_specialty, version FROM students WHERE id = 'S2'`)).rows[0]).toEqual({ target_specialty: 'Psychiatry', version: v0 + 1 });
    // Even a version written by hand does not hold it back.
    await admin.query(`UPDATE students SET version = 1, first_name = 'Bob' WHERE id = 'S2'`);
    expect((await coord.query(`SELECT version FROM students WHERE id = 'S2'`)).rows[0].version).toBe(v0 + 2);
  });

  it('tells every listener which table changed and who changed it, once per statement, at commit', async () => {
    const listener = await signIn('dean');
    await listener.query('LISTEN stepwise_changes');
    const received: { table: string; by: string }[] = [];
    const two = new Promise<void>((resolve) =>
      listener.on('notification', (n) => {
        received.push(JSON.parse(n.payload!) as { table: string; by: string });
        if (received.length === 2) resolve();
      }),
    );
    await coord.query('BEGIN');
    await coord.query(`UPDATE students SET us_letters = 2`); // two rows, one statement
    await coord.query(`UPDATE exam_attempts SET score = NULL WHERE student_id = 'S1'`);
    await coord.query('COMMIT');
    await two;
    expect(received).toEqual([
      { table: 'students', by: login('coord') },
      { table: 'exam_attempts', by: login('coord') },
    ]);
  });
});
