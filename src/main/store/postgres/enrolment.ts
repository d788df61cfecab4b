/**
 * Enrolment status history and archiving on an office database (migration 0007). The database signs
 * who recorded a change and who archived a student (the session's office name), audits every write,
 * and row-level security decides whose: an advisor their own students, the coordinator everyone.
 */
import type pg from 'pg';
import { inEffectOrder, type Enrolment, type EnrolmentChange } from '../../../shared/domain';
import type { AuditContext } from '../../db/audit';
import type { EnrolmentStore } from '../store';
import { ENROLMENT_CHANGE } from './cohort';
import type { Queryable } from './queryable';

type Write = <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>) => Promise<R>;

function notAllowed(studentId: string): Error {
  return Object.assign(new Error(`Only ${studentId}'s advisor or the coordinator may change this student's enrolment.`), { code: '42501' });
}

export async function readEnrolment(db: Queryable, studentId: string): Promise<Enrolment | null> {
  const s = await db.query<{ archivedAt: string | null; archivedBy: string | null }>(`SELECT archived_at AS "archivedAt", archived_by AS "archivedBy" FROM students WHERE id = $1`, [studentId]);
  if (!s.rows[0]) return null;
  const changes = (await db.query<EnrolmentChange>(`SELECT ${ENROLMENT_CHANGE} FROM enrolment_changes WHERE student_id = $1`, [studentId])).rows;
  return { changes: inEffectOrder(changes), archivedAt: s.rows[0].archivedAt, archivedBy: s.rows[0].archivedBy };
}

export function enrolmentStore(pool: pg.Pool, write: Write): EnrolmentStore {
  const get = async (db: Queryable, id: number) => (await db.query<EnrolmentChange>(`SELECT ${ENROLMENT_CHANGE} FROM enrolment_changes WHERE id = $1`, [id])).rows[0] ?? null;
  return {
    read: (studentId) => readEnrolment(pool, studentId),
    change: (id) => get(pool, id),
    addChange: (change, who) =>
      write(who, async (client) => {
        // changed_by and changed_at are the database's (a trigger signs them); the values sent only fill the columns.
        const r = await client
          .query<{ id: number }>(
            `INSERT INTO enrolment_changes (student_id, status, effective_from, ends_on, note, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
            [change.studentId, change.status, change.effectiveFrom, change.endsOn, change.note, who.actor],
          )
          .catch((err: { code?: string }) => {
            throw err.code === '42501' ? notAllowed(change.studentId) : err;
          });
        return (await get(client, r.rows[0].id))!;
      }),
    removeChange: (before, who) =>
      write(who, async (client) => {
        const r = await client.query(`DELETE FROM enrolment_changes WHERE id = $1`, [before.id]);
        if (r.rowCount !== 1) throw notAllowed(before.studentId);
      }),
    setArchived: (studentId, archived, who) =>
      write(who, async (client) => {
        const current = await client.query<{ archived: boolean }>(`SELECT archived_at IS NOT NULL AS archived FROM students WHERE id = $1`, [studentId]);
        if (!current.rows[0] || current.rows[0].archived === archived) return false;
        // archived_by is signed by the database.
        const r = await client.query(`UPDATE students SET archived_at = ${archived ? 'now()' : 'NULL'}, archived_by = NULL WHERE id = $1`, [studentId]);
        if (r.rowCount !== 1) throw notAllowed(studentId);
        return true;
      }),
  };
}
