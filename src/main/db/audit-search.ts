import type { AuditFacets, AuditPage, ParsedAuditQuery } from '../../shared/api/audit';
import type { AuditEntry } from '../../shared/domain';
import type { Db } from './open';

/** Start of a local calendar day as the ISO instant audit rows are stamped with (UTC). */
export function startOfLocalDay(iso: string, plusDays = 0): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The audit rows that concern one student, as a set of row ids: the student's own rows; every row
 * of their live exam attempts, practice exams, notes, action items, flag acknowledgements, enrolment changes, match
 * outcomes and their applications, outcome consent and saved program lists (found through those tables'
 * student indexes); every row of such records since deleted, found through the delete row that
 * keeps the record (partial index from migration 0002); and the import batches (migration 0003)
 * that created the student or any of those records, live or deleted. Field-level update rows do
 * not repeat the student ID, so records are matched by (entity, entity_id).
 */
export const STUDENT_ROW_IDS = `
  SELECT id FROM audit_log WHERE entity = 'student' AND entity_id = @studentId
  UNION ALL SELECT id FROM audit_log WHERE entity = 'exam_attempt' AND entity_id IN (SELECT CAST(id AS TEXT) FROM exam_attempts WHERE student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'practice_exam' AND entity_id IN (SELECT CAST(id AS TEXT) FROM practice_exams WHERE student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'advising_note' AND entity_id IN (SELECT CAST(id AS TEXT) FROM advising_notes WHERE student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'flag_acknowledgement' AND entity_id IN (SELECT CAST(id AS TEXT) FROM flag_acknowledgements WHERE student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'enrolment_change' AND entity_id IN (SELECT CAST(id AS TEXT) FROM enrolment_changes WHERE student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'action_item' AND entity_id IN (
    SELECT CAST(i.id AS TEXT) FROM action_items i JOIN advising_notes n ON n.id = i.note_id WHERE n.student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'match_outcome' AND entity_id IN (SELECT CAST(id AS TEXT) FROM match_outcomes WHERE student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'outcome_application' AND entity_id IN (
    SELECT CAST(a.id AS TEXT) FROM outcome_applications a JOIN match_outcomes o ON o.id = a.outcome_id WHERE o.student_id = @studentId)
  UNION ALL SELECT id FROM audit_log WHERE entity = 'outcome_consent' AND entity_id = @studentId
  UNION ALL SELECT id FROM audit_log WHERE entity = 'program_list' AND entity_id IN (SELECT CAST(id AS TEXT) FROM program_lists WHERE student_id = @studentId)
  UNION ALL SELECT r.id FROM audit_log r JOIN (
    SELECT DISTINCT entity, entity_id FROM audit_log
    WHERE action = 'delete' AND json_valid(old_value) AND json_extract(old_value, '$.studentId') = @studentId AND entity <> 'student'
  ) gone ON r.entity = gone.entity AND r.entity_id = gone.entity_id
  UNION ALL SELECT id FROM audit_log WHERE entity = 'import_batch' AND entity_id IN (
    SELECT CAST(import_batch AS TEXT) FROM students WHERE id = @studentId AND import_batch IS NOT NULL
    UNION SELECT CAST(import_batch AS TEXT) FROM exam_attempts WHERE student_id = @studentId AND import_batch IS NOT NULL
    UNION SELECT CAST(import_batch AS TEXT) FROM practice_exams WHERE student_id = @studentId AND import_batch IS NOT NULL
    UNION SELECT CAST(import_batch AS TEXT) FROM match_outcomes WHERE student_id = @studentId AND import_batch IS NOT NULL
    UNION SELECT CAST(json_extract(old_value, '$.importBatch') AS TEXT) FROM audit_log
      WHERE action = 'delete' AND json_valid(old_value) AND json_extract(old_value, '$.studentId') = @studentId)`;

/**
 * A student who was deleted took their attempts and notes with them (ON DELETE CASCADE, one audit
 * row for the student): their records are found by scanning for the student ID in the records
 * the log kept. Slower, and only for students who no longer exist.
 */
const DELETED_STUDENT_ROW_IDS = `
  SELECT id FROM audit_log WHERE entity = 'student' AND entity_id = @studentId
  UNION ALL SELECT r.id FROM audit_log r JOIN (
    SELECT DISTINCT entity, entity_id FROM audit_log
    WHERE action IN ('insert', 'delete') AND entity <> 'student'
      AND instr(coalesce(new_value, old_value), @studentNeedle) > 0
      AND json_valid(coalesce(new_value, old_value))
      AND json_extract(coalesce(new_value, old_value), '$.studentId') = @studentId
  ) gone ON r.entity = gone.entity AND r.entity_id = gone.entity_id
  UNION ALL SELECT id FROM audit_log WHERE entity = 'import_batch' AND entity_id IN (
    SELECT CAST(json_extract(old_value, '$.importBatch') AS TEXT) FROM audit_log
    WHERE entity = 'student' AND entity_id = @studentId AND action = 'delete' AND json_valid(old_value))`;

export function searchAudit(db: Db, q: ParsedAuditQuery): AuditPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.studentId) {
    const exists = db.prepare('SELECT 1 FROM students WHERE id = ?').get(q.studentId);
    where.push(`a.id IN (${exists ? STUDENT_ROW_IDS : DELETED_STUDENT_ROW_IDS})`);
    params.studentId = q.studentId;
    if (!exists) params.studentNeedle = `"studentId":${JSON.stringify(q.studentId)}`;
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
