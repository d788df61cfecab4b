import type { Database } from 'better-sqlite3';

/**
 * Schema v11: on PostgreSQL a row may name only an import batch its own session wrote in the same
 * transaction, so no one can skip the per-row audit under another person's batch
 * (store/postgres/migrations/0011). A laptop's SQLite file has one person, no roles and an audit the
 * app writes: nothing to change here. The number is kept so both engines count alike.
 */
export function up(_db: Database): void {}
