/**
 * Migration 0007 on the real engine: enrolment status history and archived students through each
 * role's own connection (what `psql` would get) and through the store and the handlers as an office
 * session: an advisor records, archives and restores only their own students, signed, versioned and
 * audited by the database; the dean reads and writes none; the committee's views leave archived
 * students out unless it asks; the status the database derives equals the app's.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import { openPostgresStore } from '../../src/main/store/postgres';
import type { Store } from '../../src/main/store/store';
import { enrolmentOn, type EnrolmentChange } from '../../src/shared/domain';
import { describePostgres, type TestDatabase } from '../pg/databases';
import { caughtUp, officeTeam, type Team } from '../pg/office';

const PASSWORD = 'correct horse battery';
const CHANGE = `INSERT INTO enrolment_changes (student_id, status, effective_from, ends_on, note, changed_by, changed_at)
                VALUES ($1, $2, $3, $4, 'note', 'forged name', '2000-01-01') RETURNING id, changed_by, changed_at`;

describePostgres('enrolment status and archived students under the office roles', (cluster) => {
  let team: Team;
  let d: TestDatabase;
  let coord: pg.Client, dean: pg.Client, adams: pg.Client, baker: pg.Client, panel: pg.Client;
  const login = (who: string) => team.login(who);
  const stores: Store[] = [];

  beforeAll(async () => {
    team = await officeTeam(cluster, PASSWORD);
    ({ d } = team);
    ({ coord, dean, adams, baker, panel } = team.as);
    await coord.query(`INSERT INTO students (id, first_name, last_name, grad_year, advisor, created_at, updated_at) VALUES
      ('S1', 'Ada', 'Lovelace', 2027, 'Dr. Adams', now(), now()), ('S2', 'Bo', 'Baxter', 2027, 'Dr. Baker', now(), now()),
      ('S3', 'Cy', 'Carter', 2027, 'Dr. Adams', now(), now())`);
    await coord.query(`INSERT INTO exam_attempts (student_id, exam, test_date, outcome, score, created_at) VALUES ('S3', 'STEP1', '2025-06-01', 'FAIL', NULL, now())`);
  });
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    await team?.close();
  });

  describe('through psql-like connections', () => {
    it("an advisor records their own students' changes only, signed and audited by the database", async () => {
      const mine = await adams.query(CHANGE, ['S1', 'leave', '2026-01-10', '2026-06-30']);
      expect(mine.rows[0].changed_by).toBe('Dr. Adams'); // the database signs, whatever the client sent
      expect(new Date(mine.rows[0].changed_at).getUTCFullYear()).not.toBe(2000);
      await expect(adams.query(CHANGE, ['S2', 'withdrawn', '2026-01-10', null])).rejects.toThrow(/row-level security/);
      // Everyone who reads students reads their status: it decides who the shared counts cover.
      expect((await baker.query(`SELECT student_id, status FROM enrolment_changes`)).rows).toEqual([{ student_id: 'S1', status: 'leave' }]);
      expect((await baker.query(`UPDATE enrolment_changes SET note = 'hijacked' WHERE student_id = 'S1'`)).rowCount).toBe(0);
      expect((await baker.query(`DELETE FROM enrolment_changes WHERE student_id = 'S1'`)).rowCount).toBe(0);
      const audit = await coord.query(`SELECT actor, action, student_id, new_value FROM audit_log WHERE entity = 'enrolment_change' ORDER BY id`);
      expect(audit.rows).toEqual([expect.objectContaining({ actor: login('adams'), action: 'insert', student_id: 'S1' })]);
      expect(JSON.parse(audit.rows[0].new_value)).toMatchObject({ studentId: 'S1', status: 'leave', effectiveFrom: '2026-01-10', endsOn: '2026-06-30', changedBy: 'Dr. Adams' });
      // A correction is an update: versioned and audited field by field.
      const r = await adams.query(`UPDATE enrolment_changes SET ends_on = '2026-07-31' WHERE student_id = 'S1' RETURNING version`);
      expect(r.rows).toEqual([{ version: 2 }]);
      const fields = await coord.query(`SELECT field, old_value, new_value FROM audit_log WHERE entity = 'enrolment_change' AND action = 'update' AND field = 'endsOn'`);
      expect(fields.rows).toEqual([{ field: 'endsOn', old_value: '2026-06-30', new_value: '2026-07-31' }]);
    });

    it('refuses an end date on a status that does not end, and one before the start', async () => {
      await expect(coord.query(CHANGE, ['S2', 'withdrawn', '2026-01-10', '2026-02-01'])).rejects.toThrow(/check constraint/);
      await expect(coord.query(CHANGE, ['S2', 'leave', '2026-01-10', '2026-01-09'])).rejects.toThrow(/check constraint/);
    });

    it('the dean reads every change and writes none; the committee reads none', async () => {
      expect((await dean.query(`SELECT count(*)::int AS n FROM enrolment_changes`)).rows[0].n).toBe(1);
      await expect(dean.query(CHANGE, ['S1', 'graduated', '2027-05-20', null])).rejects.toThrow(/permission denied/);
      await expect(dean.query(`UPDATE students SET archived_at = now() WHERE id = 'S1'`)).rejects.toThrow(/permission denied/);
      await expect(panel.query(`SELECT * FROM enrolment_changes`)).rejects.toThrow(/permission denied/);
    });

    it("an advisor archives their own students only, signed by the database; the committee's views leave archived students out unless asked", async () => {
      expect((await baker.query(`UPDATE students SET archived_at = now() WHERE id = 'S3'`)).rowCount).toBe(0);
      const r = await adams.query(`UPDATE students SET archived_at = now(), archived_by = 'forged' WHERE id = 'S3' RETURNING archived_by, version`);
      // Archiving is not an edit of the record: an open profile form does not go stale.
      expect(r.rows).toEqual([{ archived_by: 'Dr. Adams', version: 1 }]);
      const audit = await coord.query(`SELECT actor, field, new_value FROM audit_log WHERE entity = 'student' AND entity_id = 'S3' AND action = 'update' ORDER BY field`);
      expect(audit.rows.map((x) => [x.actor, x.field])).toEqual([
        [login('adams'), 'archivedAt'],
        [login('adams'), 'archivedBy'],
      ]);

      const students = (await panel.query(`SELECT student, enrolment_status FROM committee_students ORDER BY student`)).rows;
      expect(students).toHaveLength(2);
      expect(students.every((s) => /^P-[0-9A-Z]{12}$/.test(s.student))).toBe(true);
      expect((await panel.query(`SELECT count(*)::int AS n FROM committee_exam_attempts`)).rows[0].n).toBe(0);
      const archived = (await panel.query(`SELECT student, enrolment_status, archived_on FROM committee_archived_students`)).rows;
      expect(archived).toEqual([{ student: expect.stringMatching(/^P-/), enrolment_status: 'active', archived_on: expect.any(Date) }]);
      expect(students.map((s) => s.student)).not.toContain(archived[0].student);
      await expect(panel.query(`SELECT archived_at FROM students`)).rejects.toThrow(/permission denied/);

      await adams.query(`UPDATE students SET archived_at = NULL WHERE id = 'S3'`);
      expect((await coord.query(`SELECT archived_by FROM students WHERE id = 'S3'`)).rows).toEqual([{ archived_by: null }]);
      expect((await panel.query(`SELECT count(*)::int AS n FROM committee_exam_attempts`)).rows[0].n).toBe(1);
    });

    it("derives the status on a date in SQL exactly as the app does (the committee's view and the app's filters agree)", async () => {
      await coord.query(CHANGE, ['S2', 'extended', '2025-08-01', null]);
      await coord.query(CHANGE, ['S2', 'leave', '2026-01-10', '2026-06-30']);
      await coord.query(CHANGE, ['S2', 'withdrawn', '2026-09-01', null]);
      const changes = (await coord.query<EnrolmentChange>(`SELECT id::int, student_id AS "studentId", status, effective_from::text AS "effectiveFrom", ends_on::text AS "endsOn" FROM enrolment_changes WHERE student_id = 'S2'`)).rows;
      for (const date of ['2025-07-31', '2025-08-01', '2026-01-09', '2026-01-10', '2026-06-30', '2026-07-01', '2026-08-31', '2026-09-01', '2027-01-01']) {
        const sql = (await coord.query(`SELECT enrolment_status_on('S2', $1::date) AS s`, [date])).rows[0].s;
        expect(sql, date).toBe(enrolmentOn({ changes }, date).status);
      }
    });
  });

  describe('through the store and the handlers, as an office session', () => {
    let a: HandlerContext;
    let b: HandlerContext;
    beforeAll(async () => {
      const session = async (who: string): Promise<HandlerContext> => {
        const store = await openPostgresStore(`postgres://${login(who)}@127.0.0.1:${cluster.port}/${d.name}`, { password: PASSWORD });
        stores.push(store);
        return { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
      };
      [a, b] = [await session('adams'), await session('baker')];
    });
    type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    const ok = <T>(r: Result<T>): T => {
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    };

    it("records a change, archives and restores an advisor's own student; another advisor's is refused with whose it is", async () => {
      const d1 = ok(await invoke(a, 'enrolment.change', { studentId: 'S3', status: 'extended', effectiveFrom: '2026-08-01', note: 'Decelerated year' }));
      expect(d1.enrolment.changes).toEqual([expect.objectContaining({ status: 'extended', effectiveFrom: '2026-08-01', endsOn: null, note: 'Decelerated year', changedBy: 'Dr. Adams' })]);
      const refused = await invoke(a, 'enrolment.change', { studentId: 'S2', status: 'graduated', effectiveFrom: '2027-05-20' });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'REJECTED', message: "Only S2's advisor or the coordinator may change this student's enrolment." },
      });
      expect(await invoke(b, 'students.archive', { id: 'S3' })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });

      const archived = ok(await invoke(a, 'students.archive', { id: 'S3' }));
      expect(archived.enrolment).toMatchObject({ archivedBy: 'Dr. Adams', archivedAt: expect.stringMatching(/^\d{4}-/) });
      // The other session reads once it has been told of the change (its cohort is cached until then).
      await caughtUp(b.store!, coord);
      // Both sessions' lists leave the student out, and find them under Archived.
      for (const ctx of [a, b]) {
        const page = ok(await invoke(ctx, 'students.list', { limit: 100 }));
        expect(page.rows.map((r) => r.id)).not.toContain('S3');
        const kept = ok(await invoke(ctx, 'students.list', { archived: true }));
        expect(kept.rows.map((r) => [r.id, r.archived, r.enrolment])).toEqual([['S3', true, 'extended']]);
      }
      expect(ok(await invoke(b, 'flags.cohort', {})).students.map((s) => s.studentId)).not.toContain('S3');

      const restored = ok(await invoke(a, 'students.restore', { id: 'S3' }));
      expect(restored.enrolment.archivedAt).toBeNull();
      await caughtUp(b.store!, coord);
      expect(ok(await invoke(b, 'students.list', { statuses: ['extended'] })).rows.map((r) => r.id)).toEqual(['S3']);
      // The dashboard's follow-ups filter on the status in SQL (enrolment_status_on), as SQLite's do.
      ok(await invoke(a, 'notes.add', { studentId: 'S3', body: 'Decelerated: plan the year', followUpDate: '2026-08-15', actionItems: [] }));
      const followed = async (statuses: ('active' | 'extended')[]) => ok(await invoke(a, 'dashboard.followUps', { asOf: '2026-11-26', statuses })).map((f) => f.studentId);
      expect(await followed(['extended'])).toEqual(['S3']);
      expect(await followed(['active'])).toEqual([]);
      const removed = ok(await invoke(a, 'enrolment.removeChange', { id: d1.enrolment.changes[0].id }));
      expect(removed.enrolment.changes).toEqual([]);
    });
  });
});
