import type { ClientBase } from 'pg';

/**
 * Schema v2 on PostgreSQL (SQLite's 0002): finds the audit history of deleted records by the
 * student they belonged to. Their delete row keeps the whole record as JSON, studentId included.
 * PostgreSQL has no json_valid(): an immutable function reads the field and gives null for text
 * that is not JSON, and a partial expression index over delete rows makes the lookup cheap.
 */
export async function up(db: ClientBase): Promise<void> {
  await db.query(`
    CREATE FUNCTION deleted_record_student(old_value text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
      AS $$
      BEGIN
        RETURN old_value::jsonb ->> 'studentId';
      EXCEPTION WHEN others THEN
        RETURN NULL;
      END
      $$;
    CREATE INDEX audit_log_deleted_by_student ON audit_log (deleted_record_student(old_value)) WHERE action = 'delete';
  `);
}
