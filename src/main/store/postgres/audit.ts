/**
 * The audit log's viewer on an office database. Its rows are written by the database (migration
 * 0005) with the student each is about, so a student's history is one indexed condition, plus the
 * import batches that created their records; row-level security decides whose rows a person reads.
 */
import type pg from 'pg';
import type { AuditEntry } from '../../../shared/domain';
import { startOfLocalDay } from '../../db/audit-search';
import type { AuditStore } from '../store';

const ENTRY = `a.id, a.at, a.actor, a.action, a.entity, a.entity_id AS "entityId", a.field, a.old_value AS "oldValue", a.new_value AS "newValue", a.context`;

export function auditStore(pool: pg.Pool): AuditStore {
  return {
    async search(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (q.studentId) {
        const id = p(q.studentId);
        // An application's row names its outcome, not the student (migration 0005's trigger reads `student_id`): found through the outcome.
        where.push(`(a.student_id = ${id}
          OR (a.entity = 'outcome_application' AND a.entity_id IN (
            SELECT x.id::text FROM outcome_applications x JOIN match_outcomes o ON o.id = x.outcome_id WHERE o.student_id = ${id}))
          OR (a.entity = 'import_batch' AND a.entity_id IN (
          SELECT import_batch::text FROM students WHERE id = ${id} AND import_batch IS NOT NULL
          UNION SELECT import_batch::text FROM exam_attempts WHERE student_id = ${id} AND import_batch IS NOT NULL
          UNION SELECT import_batch::text FROM practice_exams WHERE student_id = ${id} AND import_batch IS NOT NULL
          UNION SELECT import_batch::text FROM match_outcomes WHERE student_id = ${id} AND import_batch IS NOT NULL)))`);
      }
      if (q.entity) where.push(`a.entity = ${p(q.entity)}`);
      if (q.entityId) where.push(`a.entity_id = ${p(q.entityId)}`);
      if (q.actor) where.push(`a.actor = ${p(q.actor)}`);
      if (q.from) where.push(`a.at >= ${p(startOfLocalDay(q.from))}::timestamptz`);
      if (q.to) where.push(`a.at < ${p(startOfLocalDay(q.to, 1))}::timestamptz`);
      if (q.text) {
        // SQLite's LIKE: ASCII letters case-insensitive, nothing else folded (store/postgres/roster.ts).
        const fold = (e: string) => `translate(${e}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
        const needle = p(q.text);
        where.push(`(${['a.entity_id', 'a.field', 'a.old_value', 'a.new_value', 'a.context', 'a.actor'].map((c) => `strpos(${fold(c)}, ${fold(needle)}) > 0`).join(' OR ')})`);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log a ${clause}`, params)).rows[0].n;
      const entries = (await pool.query<AuditEntry>(`SELECT ${ENTRY} FROM audit_log a ${clause} ORDER BY a.id DESC LIMIT ${Number(q.limit)} OFFSET ${Number(q.offset)}`, params)).rows;
      return { total, offset: q.offset, entries };
    },
    async facets() {
      const entities = (await pool.query<{ e: string }>(`SELECT DISTINCT entity COLLATE "C" AS e FROM audit_log ORDER BY 1`)).rows.map((r) => r.e);
      const actors = (await pool.query<{ a: string }>(`SELECT DISTINCT actor AS a FROM audit_log`)).rows.map((r) => r.a);
      const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
      actors.sort((x, y) => (fold(x) < fold(y) ? -1 : fold(x) > fold(y) ? 1 : 0));
      return { entities, actors };
    },
  };
}
