import type { Database } from 'better-sqlite3';

/**
 * Schema v9: on PostgreSQL the audit triggers stop turning every row an import adds into JSON only to
 * skip it (store/postgres/migrations/0009). SQLite's audit is written by the app, which never audited
 * an import's rows one by one: nothing to change here. The number is kept so both engines count alike.
 */
export function up(_db: Database): void {}
