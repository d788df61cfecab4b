/**
 * A large import drops the secondary indexes no import query reads and rebuilds them before it
 * commits (import-queries.ts deferIndexes): whatever happens, the database ends with exactly the
 * indexes it had, holding exactly the rows.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { deferIndexes } from '../../src/main/db/import-queries';
import { tempDatabase } from '../helpers';
import { commit, preview } from './import-support';

const indexes = (db: Db) => db.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all();

/** A CSV roster of `n` new students: large enough (over 20,000 rows, against an empty database) for the import to defer its indexes. */
function roster(n: number, bad = false): Uint8Array<ArrayBuffer> {
  const lines = ['Student ID,First name,Last name,Graduation year,Advisor,Target specialty,Step 1 Result,Step 1 Date'];
  for (let i = 0; i < n; i++) lines.push(`X${i},First${i},Last${(i * 7919) % n},${2026 + (i % 4)},Dr. A${i % 30},Pediatrics,Pass,2025-05-0${1 + (i % 9)}`);
  if (bad) lines.push('X-bad,No,Year,not-a-year,,,,');
  return new Uint8Array(Buffer.from(`${lines.join('\n')}\n`));
}

describe('indexes around a large import', () => {
  it('are the same after a commit, a preview and a rejected file, and each one still answers its queries', async () => {
    const { db, ctx } = await tempDatabase();
    const before = indexes(db);
    expect(before.map((i) => (i as { name: string }).name)).toEqual(expect.arrayContaining(['students_by_name', 'students_by_advisor', 'exam_attempts_by_exam_date']));

    const rejected = await commit(ctx, roster(25_000, true), 'roster-bad.csv');
    expect(rejected.committed).toBe(false);
    expect(indexes(db)).toEqual(before);
    await preview(ctx, roster(25_000), 'roster.csv');
    expect(indexes(db)).toEqual(before);
    const r = await commit(ctx, roster(25_000), 'roster.csv');
    expect(r.students.added).toBe(25_000);
    expect(indexes(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Rebuilt, they hold the imported rows: a lookup through each gives what a scan gives.
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan(`SELECT id FROM students WHERE advisor = 'Dr. A7'`)).toMatch(/students_by_advisor/);
    expect(db.prepare(`SELECT count(*) FROM students WHERE advisor = 'Dr. A7'`).pluck().get()).toBe(db.prepare(`SELECT count(*) FROM students NOT INDEXED WHERE advisor = 'Dr. A7'`).pluck().get());
    expect(db.prepare(`SELECT count(*) FROM students WHERE advisor = 'Dr. A7'`).pluck().get()).toBeGreaterThan(800);
  });

  it('are dropped only inside the transaction, and back in place if it is rolled back', async () => {
    const { db } = await tempDatabase();
    const before = indexes(db);
    db.exec('BEGIN IMMEDIATE');
    const rebuild = deferIndexes(db);
    expect(indexes(db).length).toBe(before.length - 5);
    db.exec('ROLLBACK');
    expect(indexes(db)).toEqual(before);
    db.exec('BEGIN IMMEDIATE');
    deferIndexes(db);
    rebuild(); // rebuilds from the definitions it read: the same SQL
    db.exec('COMMIT');
    expect(indexes(db)).toEqual(before);
  });
});
