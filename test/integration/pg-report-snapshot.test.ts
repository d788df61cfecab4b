/**
 * The committee workbook's snapshot of an office database (store/postgres/snapshot.ts): every row the
 * report reads, as PostgreSQL holds it in one moment — in particular the practice exams of the
 * report's readiness window, the first day of the window included (only those are copied), and the
 * students, exam records and the office's settings whole; the file is gone after release.
 */
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ruleSettings } from '../../src/shared/rules/rule-settings';
import { addDays } from '../../src/shared/domain';
import { examHistoryByStudent } from '../../src/main/db/cohort-snapshots';
import { loadReferenceData } from '../../src/main/db/reference';
import type { Db } from '../../src/main/db/open';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { officeReportSource } from '../../src/main/store/postgres/snapshot';
import { demoDatabase } from './backup-fixtures';
import { describePostgres } from '../pg/databases';
import { officeDatabase, type Office } from '../pg/office';

const AS_OF = '2026-11-26';

describePostgres('the committee workbook’s snapshot of an office database', (cluster) => {
  let o: Office;
  let laptop: Db;
  let pool: pg.Pool;
  let from: string;
  let student: string;

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(60));
    o = await officeDatabase(cluster, laptop, AS_OF);
    from = ruleSettings(loadReferenceData(laptop), AS_OF).practiceFrom;
    student = (await o.query<{ id: string }>('SELECT id FROM stepwise.students ORDER BY id LIMIT 1'))[0].id;
    // Practice exams on the window's first day and on the day before it, a tab and a newline in the form's name.
    for (const [day, form] of [
      [from, 'NBME\tboundary'],
      [addDays(from, -1), 'NBME\nbefore'],
    ])
      await o.query(`INSERT INTO stepwise.practice_exams (student_id, exam, form, taken_on, score, created_at) VALUES ($1, 'STEP2CK', $2, $3, 231, now())`, [student, form, day]);
    pool = new pg.Pool(connectionConfig(o.ownerUrl));
  });
  afterAll(async () => {
    await pool?.end();
    await o?.close();
    laptop?.close();
  });

  it('holds the practice exams of the report’s window (its first day included) and every student and exam record', async () => {
    const source = await officeReportSource(pool, AS_OF);
    const file = source.db.name;
    try {
      const window = { from, to: AS_OF };
      const practice = await o.query<{ id: string; form: string; taken_on: string }>(
        `SELECT id, form, taken_on::text FROM stepwise.practice_exams WHERE taken_on >= $1 ORDER BY id`,
        [from],
      );
      const copied = source.db.prepare('SELECT id, form, taken_on FROM practice_exams ORDER BY id').raw().all() as [number, string, string][];
      expect(copied).toEqual(practice.map((p) => [Number(p.id), p.form, p.taken_on]));
      expect(copied.filter(([, form]) => form === 'NBME\tboundary')).toHaveLength(1);
      expect(copied.some(([, form]) => form === 'NBME\nbefore')).toBe(false);
      // What the report reads of the exam history is what it reads on PostgreSQL's own rows.
      const mine = examHistoryByStudent(source.db, window).get(student)!;
      expect(mine.practice.map((p) => p.form)).toContain('NBME\tboundary');
      const [students, attempts] = await Promise.all([o.query<{ n: string }>('SELECT count(*) AS n FROM stepwise.students'), o.query<{ n: string }>('SELECT count(*) AS n FROM stepwise.exam_attempts')]);
      expect(source.db.prepare('SELECT count(*) FROM students').pluck().get()).toBe(Number(students[0].n));
      expect(source.db.prepare('SELECT count(*) FROM exam_attempts').pluck().get()).toBe(Number(attempts[0].n));
      // The indexes dropped for the load are all back.
      const indexes = (f: Db) => f.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`).pluck().all();
      expect(indexes(source.db)).toEqual(indexes(laptop));
    } finally {
      source.release();
    }
    expect(fs.existsSync(file)).toBe(false);
  });
});
