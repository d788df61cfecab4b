/**
 * The demo cohort's rows. The demo loader (src/main/demo/load.ts) adds no marker column: its
 * students are the ones whose latest `insert` audit row carries the demo's context, and no import
 * created (an import stamps its students with its batch). "Latest" matters: an ID freed by a removal
 * and later used for a real student (added by hand) is that student's, not the demo's.
 */
import type { DemoCounts } from '../../shared/api/app';
import type { Db } from './open';

export type { DemoCounts };

/** The demo cohort's students, as a CTE named `demo` with one column, `id`. */
const DEMO = `demo(id) AS (
  SELECT s.id FROM students s
  WHERE s.import_batch IS NULL
    AND (SELECT a.context FROM audit_log a
         WHERE a.entity = 'student' AND a.entity_id = s.id AND a.action = 'insert'
         ORDER BY a.id DESC LIMIT 1) = @context
)`;

export function countDemoCohort(db: Db, context: string): DemoCounts {
  return db
    .prepare(
      `WITH ${DEMO}
       SELECT (SELECT count(*) FROM demo) AS students,
              (SELECT count(*) FROM exam_attempts WHERE student_id IN demo) AS examAttempts,
              (SELECT count(*) FROM practice_exams WHERE student_id IN demo) AS practiceExams,
              (SELECT count(*) FROM advising_notes WHERE student_id IN demo) AS notes`,
    )
    .get({ context }) as DemoCounts;
}

export interface RealDataOnDemo {
  studentId: string;
  /** The import that wrote to the student (its audit context, "import roster.xlsx"), or null when only its records say so. */
  importContext: string | null;
}

/**
 * Demo students an import wrote to since: the office's own file named their ID (an update of the
 * student, or exam or practice records stamped with an import batch), so they hold real data now.
 */
export function demoStudentsWithImportedData(db: Db, context: string): RealDataOnDemo[] {
  return db
    .prepare(
      `WITH ${DEMO}
       SELECT d.id AS studentId,
              (SELECT a.context FROM audit_log a WHERE a.entity = 'student' AND a.entity_id = d.id AND a.context LIKE 'import %' ORDER BY a.id LIMIT 1) AS importContext
       FROM demo d
       WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'student' AND a.entity_id = d.id AND a.context LIKE 'import %')
          OR EXISTS (SELECT 1 FROM exam_attempts e WHERE e.student_id = d.id AND e.import_batch IS NOT NULL)
          OR EXISTS (SELECT 1 FROM practice_exams p WHERE p.student_id = d.id AND p.import_batch IS NOT NULL)
       ORDER BY d.id`,
    )
    .all({ context }) as RealDataOnDemo[];
}

/**
 * Deletes the demo students; their exam attempts, practice exams, notes and action items go with
 * them (ON DELETE CASCADE). Returns how many students were deleted.
 */
export function deleteDemoStudents(db: Db, context: string): number {
  return db.prepare(`WITH ${DEMO} DELETE FROM students WHERE id IN demo`).run({ context }).changes;
}
