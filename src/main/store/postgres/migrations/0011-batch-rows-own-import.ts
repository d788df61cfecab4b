import type { ClientBase } from 'pg';

/**
 * Schema v11 on PostgreSQL: a row that names an import batch is no longer audited one by one (its
 * batch's audit row accounts for it: 0005, 0009), so naming a batch was a way around the audit. A
 * coordinator could add a student through psql with another person's earlier batch and no audit row
 * named them: a forged actor. Now a row may name only a batch its own session wrote in the same
 * transaction (the batch's `actor` is the session's, set by the database: 0005), checked once per
 * statement over the rows it added (a transition table: one query, not a call per row); anything
 * else is refused and nothing is written. A batch, once written, is history: no one changes or
 * deletes it (its rows point at it). `office copy` (the owner keeping a laptop's history) is exempt,
 * as from the audit.
 *
 * SQLite's 0011 changes nothing: a laptop has one person and no roles to forge.
 */
const BATCHED = ['students', 'exam_attempts', 'practice_exams', 'enrolment_changes', 'programs', 'match_outcomes', 'outcome_applications'];

export async function up(db: ClientBase): Promise<void> {
  await db.query(`
    REVOKE UPDATE, DELETE ON import_batches FROM stepwise_coordinator;
    CREATE FUNCTION batch_rows_own_import() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = stepwise, pg_temp AS $$
    DECLARE
      named bigint;
    BEGIN
      IF copying_history() THEN RETURN NULL; END IF;
      SELECT a.import_batch INTO named FROM added a
       WHERE a.import_batch IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM import_batches b
                          WHERE b.id = a.import_batch AND b.actor = session_user AND b.xmin = pg_current_xact_id()::xid)
       LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION 'a row of % names import batch %, which this session (%) did not write in this transaction', TG_TABLE_NAME, named, session_user
          USING ERRCODE = '42501', HINT = 'Rows are added by import only through Stepwise''s import, which writes its own batch first; add them without an import batch to have each audited.';
      END IF;
      RETURN NULL;
    END
    $$;
  `);
  for (const t of BATCHED)
    await db.query(`CREATE TRIGGER ${t}_batch_own AFTER INSERT ON ${t} REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION batch_rows_own_import()`);
}
