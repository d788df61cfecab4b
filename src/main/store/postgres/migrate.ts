/**
 * Migrations on PostgreSQL, with SQLite's discipline (src/main/db/open.ts): numbered, no gaps, all
 * pending ones in one transaction, and a database written by a newer Stepwise refused unchanged.
 * The version lives in `stepwise.schema_version` (PostgreSQL has no user_version). Several clients
 * may start against a new office database at once: an advisory lock makes the first migrate and
 * the others wait, then find nothing to do. There is no backup before migrating here: an office
 * database is backed up by IT's own pg_dump schedule (README, office mode).
 */
import type { ClientBase } from 'pg';
import { DatabaseError } from '../../db/errors';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations';

/** The schema every Stepwise table lives in, so that an office can share a database with other uses. */
export const STEPWISE_SCHEMA = 'stepwise';
/** Any constant both sides agree on: pg_advisory_xact_lock takes a bigint. ("stepwise" in ASCII.) */
const MIGRATION_LOCK = 0x7374657077697365n;

export async function schemaVersion(db: ClientBase): Promise<number> {
  const exists = await db.query(`SELECT to_regclass('${STEPWISE_SCHEMA}.schema_version') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return 0;
  const r = await db.query<{ version: number }>(`SELECT version FROM ${STEPWISE_SCHEMA}.schema_version`);
  return r.rows[0]?.version ?? 0;
}

/** Brings the database to the newest schema; returns the versions before and after. */
export async function migratePostgres(db: ClientBase, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<{ from: number; to: number }> {
  const newest = migrations[migrations.length - 1].version;
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    const from = await schemaVersion(db);
    if (from > newest)
      throw new DatabaseError(
        `The office database ${await databaseName(db)} was written by a newer version of Stepwise (schema ${from}; this version understands up to ${newest}). Update Stepwise to open it; the database was not changed.`,
        'FUTURE_VERSION',
      );
    if (from < newest) {
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${STEPWISE_SCHEMA}`);
      await db.query(`SET LOCAL search_path = ${STEPWISE_SCHEMA}`);
      await db.query(`CREATE TABLE IF NOT EXISTS schema_version (
        only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version    integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
      for (const m of migrations) if (m.version > from) await m.up(db);
      await db.query(
        `INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET version = excluded.version, updated_at = now()`,
        [newest],
      );
    }
    await db.query('COMMIT');
    return { from, to: Math.max(from, newest) };
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function databaseName(db: ClientBase): Promise<string> {
  const r = await db.query<{ name: string }>('SELECT current_database() AS name');
  return `"${r.rows[0].name}"`;
}
