import type { AuditFacets, AuditPage, ParsedAuditQuery } from '../../shared/api/audit';
import type { AuditEntry } from '../../shared/domain';
import type { Db } from './open';

/** Start of a local calendar day as the ISO instant audit rows are stamped with (UTC). */
function startOfLocalDay(iso: string, plusDays = 0): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The rows that concern one student: the student's own, and every row of a record (exam attempt,
 * practice exam, note…) whose insert or delete row names the student. Field-level update rows do
 * not repeat the student ID, so records are matched by (entity, entity_id) through their insert or
 * delete row; `instr` on the exact JSON text narrows the scan before the JSON is parsed.
 */
const STUDENT_RECORDS = `
  (a.entity = 'student' AND a.entity_id = @studentId)
  OR (a.entity, a.entity_id) IN (
    SELECT r.entity, r.entity_id FROM audit_log r
    WHERE r.action IN ('insert', 'delete') AND r.entity <> 'student'
      AND instr(coalesce(r.new_value, r.old_value), @studentNeedle) > 0
      AND json_valid(coalesce(r.new_value, r.old_value))
      AND json_extract(coalesce(r.new_value, r.old_value), '$.studentId') = @studentId
  )`;

export function searchAudit(db: Db, q: ParsedAuditQuery): AuditPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.studentId) {
    where.push(`(${STUDENT_RECORDS})`);
    params.studentId = q.studentId;
    params.studentNeedle = `"studentId":${JSON.stringify(q.studentId)}`;
  }
  if (q.entity) (where.push('a.entity = @entity'), (params.entity = q.entity));
  if (q.entityId) (where.push('a.entity_id = @entityId'), (params.entityId = q.entityId));
  if (q.actor) (where.push('a.actor = @actor'), (params.actor = q.actor));
  if (q.from) (where.push('a.at >= @from'), (params.from = startOfLocalDay(q.from)));
  if (q.to) (where.push('a.at < @to'), (params.to = startOfLocalDay(q.to, 1)));
  if (q.text) {
    where.push(
      `(a.entity_id LIKE @text ESCAPE '\\' OR a.field LIKE @text ESCAPE '\\' OR a.old_value LIKE @text ESCAPE '\\'
        OR a.new_value LIKE @text ESCAPE '\\' OR a.context LIKE @text ESCAPE '\\' OR a.actor LIKE @text ESCAPE '\\')`,
    );
    params.text = likePattern(q.text);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log a ${clause}`).get(params) as { n: number }).n;
  const entries = db
    .prepare(
      `SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id AS entityId, a.field, a.old_value AS oldValue, a.new_value AS newValue, a.context
       FROM audit_log a ${clause} ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as AuditEntry[];
  return { total, offset: q.offset, entries };
}

/** The values the viewer's filters offer. */
export function auditFacets(db: Db): AuditFacets {
  const entities = (db.prepare('SELECT DISTINCT entity FROM audit_log ORDER BY entity').all() as { entity: string }[]).map((r) => r.entity);
  const actors = (db.prepare('SELECT DISTINCT actor FROM audit_log ORDER BY actor COLLATE NOCASE').all() as { actor: string }[]).map((r) => r.actor);
  return { entities, actors };
}
