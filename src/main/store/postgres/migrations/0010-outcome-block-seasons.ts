import type { ClientBase } from 'pg';
import { SETTINGS } from '../../migrations/0010-reference-rows';

/** Schema v10, as SQLite's (src/main/db/migrations/0010): the outcomes charts' least seasons per block. */
export async function up(db: ClientBase): Promise<void> {
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of SETTINGS)
    await db.query(
      `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (key, effective_from) DO NOTHING`,
      [key, effectiveFrom, kind, value, label, source, note, now],
    );
}
