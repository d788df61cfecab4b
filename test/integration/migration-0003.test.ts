/**
 * Migration 0003 (import batches): a schema-2 database with records added by hand and by import
 * keeps every row and every audit row; the new batch columns are empty for what came before, and
 * the next import is audited as a batch.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { up as initial } from '../../src/main/db/migrations/0001-initial';
import { up as second } from '../../src/main/db/migrations/0002-audit-deleted-by-student';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import { openDatabase } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { tempDir } from '../helpers';
import { contentHash } from './backup-fixtures';
import { commit, xlsx } from './import-support';

describe('migration 0003 (import batches)', () => {
  it('upgrades a schema-2 database without changing a row, then audits the next import as a batch', async () => {
    const file = path.join(tempDir(), 'stepwise.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    initial(raw);
    second(raw);
    raw.pragma('user_version = 2');
    loadDemoCohort(raw, { students: 40, seed: 3, asOf: '2026-11-26' }, { actor: 'v2', context: 'demo cohort' });
    const counts = (db: Database.Database) => ['students', 'exam_attempts', 'practice_exams', 'audit_log'].map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
    const before = counts(raw);
    const ids = raw.prepare('SELECT id, first_name FROM students ORDER BY id').all();
    raw.close();

    const db = await openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(counts(db)).toEqual(before);
    expect(db.prepare('SELECT id, first_name FROM students ORDER BY id').all()).toEqual(ids);
    for (const t of ['students', 'exam_attempts', 'practice_exams']) expect(db.prepare(`SELECT count(*) FROM ${t} WHERE import_batch IS NOT NULL`).pluck().get(), t).toBe(0);

    const ctx = { db, databasePath: file, actor: 'coordinator' };
    const r = await commit(ctx, await xlsx((wb) => wb.addWorksheet('Students').addRows([['Student ID', 'First name', 'Last name', 'Graduation year'], ['NEW1', 'Nia', 'Obi', 2028]])), 'new.xlsx');
    expect(r.students.added).toBe(1);
    const batch = db.prepare('SELECT id, actor, file_name FROM import_batches').get();
    expect(batch).toEqual({ id: 1, actor: 'coordinator', file_name: 'new.xlsx' });
    expect(db.prepare(`SELECT import_batch FROM students WHERE id = 'NEW1'`).pluck().get()).toBe(1);
    db.close();
    // The upgrade itself is not an import: a second open changes nothing.
    const hash = contentHash(file);
    (await openDatabase(file)).close();
    expect(contentHash(file)).toBe(hash);
  });
});
