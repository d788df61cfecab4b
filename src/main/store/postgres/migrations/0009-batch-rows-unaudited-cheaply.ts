import type { ClientBase } from 'pg';

/**
 * Schema v9 on PostgreSQL: a row an import adds is accounted for by its batch's audit row, not one
 * by one (0005), and the audit trigger said so only after PL/pgSQL had already turned the whole row
 * into JSON: at 100,000 students and 500,000 exam records an office import spent most of its time
 * there (31 s of 53 s on the 2-core test machine). Each table with an import batch now has two audit
 * triggers: updates and deletes as before, and inserts only `WHEN (NEW.import_batch IS NULL)`, a test
 * the server makes without calling the function. What is audited does not change.
 *
 * SQLite's 0009 changes nothing: its audit is written by the app, which never audited batch rows.
 */
const BATCHED: [table: string, entity: string][] = [
  ['students', 'student'],
  ['exam_attempts', 'exam_attempt'],
  ['practice_exams', 'practice_exam'],
  ['programs', 'program'],
  ['match_outcomes', 'match_outcome'],
  ['outcome_applications', 'outcome_application'],
];

export async function up(db: ClientBase): Promise<void> {
  for (const [t, entity] of BATCHED)
    await db.query(`
      DROP TRIGGER ${t}_audit ON ${t};
      CREATE TRIGGER ${t}_audit AFTER UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION audit_row('${entity}');
      CREATE TRIGGER ${t}_audit_insert AFTER INSERT ON ${t} FOR EACH ROW WHEN (NEW.import_batch IS NULL) EXECUTE FUNCTION audit_row('${entity}');
    `);
}
