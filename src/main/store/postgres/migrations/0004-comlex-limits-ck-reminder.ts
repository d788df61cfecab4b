import type { ClientBase } from 'pg';
import { ROWS } from '../../migrations/0004-reference-rows';

/**
 * Schema v4 on PostgreSQL (SQLite's 0004): the COMLEX attempt limits and the CK_LATE planning
 * reminder. Rows a database already has (created by a later version, or edited by the office) are
 * left as they are.
 */
export async function up(db: ClientBase): Promise<void> {
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of ROWS)
    await db.query(
      `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (key, effective_from) DO NOTHING`,
      [key, effectiveFrom, kind, value, label, source, note, now],
    );
}
