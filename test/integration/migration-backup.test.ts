/**
 * The copy openDatabase takes before it migrates an existing database (src/main/db/open.ts): it
 * must hold the database as it was BEFORE the migration, or it cannot undo a migration gone wrong.
 * A file name saying "before" proves nothing; here the copy's own schema version, schema and rows
 * are compared with the file as the old version left it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { up as initial } from '../../src/main/db/migrations/0001-initial';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import { openDatabase, type Db } from '../../src/main/db/open';
import { tempDir } from '../helpers';
import { contentHash } from './backup-fixtures';

const open: Db[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/**
 * A database as Stepwise v1 left it: schema 1 and some records, written in SQL of schema 1 only
 * (today's write functions may use columns later migrations add), a deleted attempt's audit row included.
 */
function schemaOneDatabase(file: string): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  initial(raw);
  raw.pragma('user_version = 1');
  const at = '2026-11-26T09:00:00.000Z';
  raw.transaction(() => {
    const student = raw.prepare(`INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES (?, ?, ?, 2027, ?, ?)`);
    const attempt = raw.prepare(`INSERT INTO exam_attempts (student_id, exam, outcome, score, created_at) VALUES (?, 'STEP1', 'PASS', NULL, ?)`);
    const audit = raw.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, context) VALUES (?, 'v1', ?, ?, ?, ?, 'test')`);
    for (let i = 1; i <= 30; i++) {
      student.run(`S${i}`, `First${i}`, `Last${i}`, at, at);
      audit.run(at, 'insert', 'student', `S${i}`, null);
      const id = attempt.run(`S${i}`, at).lastInsertRowid;
      audit.run(at, 'insert', 'exam_attempt', String(id), null);
    }
    raw.prepare(`DELETE FROM exam_attempts WHERE id = 1`).run();
    audit.run(at, 'delete', 'exam_attempt', '1', JSON.stringify({ id: 1, studentId: 'S1', exam: 'STEP1', outcome: 'PASS' }));
  })();
  raw.close();
}

/** Everything in sqlite_master (tables, indexes, triggers), with the schema version: what a migration changes. */
function schemaOf(file: string): { version: number; objects: { type: string; name: string; sql: string | null }[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      objects: db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all() as { type: string; name: string; sql: string | null }[],
    };
  } finally {
    db.close();
  }
}

describe('the backup taken before a migration', () => {
  it('holds the database as it was before migrating: the old schema version, the old schema, the same rows', async () => {
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    const dir = tempDir();
    const file = path.join(dir, 'stepwise.db');
    schemaOneDatabase(file);
    const before = schemaOf(file);
    const rowsBefore = contentHash(file);
    expect(before.version).toBe(1);

    const db = await openDatabase(file);
    open.push(db);
    // The open file was migrated (so the backup below could have caught the new schema)…
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const after = schemaOf(file);
    expect(after.objects).not.toEqual(before.objects);

    // …and the one backup next to it is the file as version 1 left it.
    const names = fs.readdirSync(path.join(dir, 'backups'));
    expect(names).toEqual([expect.stringMatching(new RegExp(`^stepwise-before-v${SCHEMA_VERSION}-from-v1-\\d+\\.db$`))]);
    const backup = path.join(dir, 'backups', names[0]);
    expect(schemaOf(backup)).toEqual(before);
    expect(schemaOf(backup).objects.map((o) => o.name)).not.toContain('audit_log_deleted_by_student');
    expect(contentHash(backup)).toBe(rowsBefore);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
  });

  it('is taken before a migration that then fails, and the failed migration leaves the file at the old version', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stepwise.db');
    schemaOneDatabase(file);
    // Migration 2 cannot create its index when a table already has the name: it fails part-way through.
    const raw = new Database(file);
    raw.exec('CREATE TABLE audit_log_deleted_by_student (x)');
    raw.close();
    const before = schemaOf(file);
    const rowsBefore = contentHash(file);

    await expect(openDatabase(file)).rejects.toThrow(/already a table named audit_log_deleted_by_student/);
    expect(schemaOf(file)).toEqual(before);
    expect(contentHash(file)).toBe(rowsBefore);
    const names = fs.readdirSync(path.join(dir, 'backups'));
    expect(names).toHaveLength(1);
    const backup = path.join(dir, 'backups', names[0]);
    expect(schemaOf(backup)).toEqual(before);
    expect(contentHash(backup)).toBe(rowsBefore);
  });
});
