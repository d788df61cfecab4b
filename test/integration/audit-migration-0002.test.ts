import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { searchAudit, STUDENT_ROW_IDS } from '../../src/main/db/audit-search';
import { getAttempt } from '../../src/main/db/attempts';
import { writeAudit } from '../../src/main/db/audit';
import { up as initial } from '../../src/main/db/migrations/0001-initial';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import { openDatabase, type Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { tempDir } from '../helpers';

const open: Db[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** A database as Stepwise v1 left it: schema 1, a demo cohort, one exam attempt deleted. */
function schemaOneDatabase(file: string): { student: string; deletedAttempt: number } {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  initial(raw);
  raw.pragma('user_version = 1');
  loadDemoCohort(raw, { students: 30, seed: 5, asOf: '2026-11-26' }, { actor: 'v1', context: 'demo cohort' });
  const attempt = raw.prepare('SELECT id, student_id AS student FROM exam_attempts ORDER BY id LIMIT 1').get() as { id: number; student: string };
  // As v1 deleted an attempt (today's deleteAttempt also reads the import batch column of schema 3).
  raw.transaction(() => {
    const before = getAttempt(raw, attempt.id);
    raw.prepare('DELETE FROM exam_attempts WHERE id = ?').run(attempt.id);
    writeAudit(raw, { actor: 'v1', context: 'student page' }, { action: 'delete', entity: 'exam_attempt', entityId: String(attempt.id), oldValue: before });
  })();
  raw.close();
  return { student: attempt.student, deletedAttempt: attempt.id };
}

function plan(db: Db, sql: string, params: Record<string, unknown>): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('migration 0002 (audit rows of deleted records by student)', () => {
  it('upgrades a schema-1 database after backing it up, and finds a deleted attempt’s whole history by its student', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stepwise.db');
    const { student, deletedAttempt } = schemaOneDatabase(file);
    const db = await openDatabase(file);
    open.push(db);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([expect.stringMatching(/^stepwise-before-v\d+-from-v1-\d+\.db$/)]);
    const index = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'audit_log_deleted_by_student'`).get() as { sql: string };
    expect(index.sql).toMatch(/WHERE action = 'delete' AND json_valid\(old_value\)/);

    const history = searchAudit(db, { studentId: student, offset: 0, limit: 500 });
    const ofDeleted = history.entries.filter((e) => e.entity === 'exam_attempt' && e.entityId === String(deletedAttempt)).map((e) => e.action);
    expect(ofDeleted).toEqual(['delete', 'insert']);
  });

  it('each part of a student’s history is found through an index, never by reading the whole log', async () => {
    const dir = tempDir();
    const db = await openDatabase(path.join(dir, 'stepwise.db'));
    open.push(db);
    const p = plan(db, `SELECT * FROM audit_log a WHERE a.id IN (${STUDENT_ROW_IDS}) ORDER BY a.id DESC LIMIT 20`, { studentId: 'S1' });
    expect(p).toMatch(/audit_log_deleted_by_student/);
    expect(p).toMatch(/exam_attempts_by_student/);
    expect(p).toMatch(/practice_exams_natural_key/);
    expect(p).toMatch(/advising_notes_by_student/);
    expect(p).toMatch(/audit_log_by_entity/);
    // The only scans are of the small result sets, never of audit_log itself.
    expect(p).not.toMatch(/SCAN (audit_log|a|r)\b(?! USING)/);
  });
});
