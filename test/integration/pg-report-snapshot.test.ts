/**
 * The committee workbook's snapshot of an office database (store/postgres/snapshot.ts): every row the
 * report reads, as PostgreSQL holds it in one moment — the office's settings and archived students in
 * the file; every student and exam record read from the office itself in the same snapshot (on this
 * thread, or as the report's reading thread reads them), the practice exams of the report's readiness
 * window only, its first day included; the file is gone after release.
 */
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ruleSettings } from '../../src/shared/rules/rule-settings';
import { addDays } from '../../src/shared/domain';
import { examHistoryByStudent, loadStudentsByName, type ExamHistory } from '../../src/main/db/cohort-snapshots';
import { recordsOutside } from '../../src/main/db/report-records';
import { readRecordsInThread } from '../../src/main/store/postgres/report-records';
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
  let archived: string;

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(60));
    o = await officeDatabase(cluster, laptop, AS_OF);
    from = ruleSettings(loadReferenceData(laptop), AS_OF).practiceFrom;
    student = (await o.query<{ id: string }>('SELECT id FROM stepwise.students ORDER BY id LIMIT 1'))[0].id;
    archived = (await o.query<{ id: string }>('SELECT id FROM stepwise.students ORDER BY id DESC LIMIT 1'))[0].id;
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

  it('holds the office’s settings and its archived students; every student and exam record is read from the office itself, as of the same moment, in the laptop’s order, with the practice exams of the report’s window (its first day included)', async () => {
    await o.query(`UPDATE stepwise.students SET archived_at = now(), archived_by = 'test' WHERE id = $1`, [archived]);
    const source = await officeReportSource(pool, AS_OF);
    const file = source.db.name;
    try {
      const outside = recordsOutside(source.db)!;
      expect(outside.forThread.practiceWindow).toEqual({ from, to: AS_OF });
      // A record saved after the snapshot began is in neither reading.
      await o.query(`INSERT INTO stepwise.exam_attempts (student_id, exam, outcome, test_date, created_at) VALUES ($1, 'STEP3', 'SCHEDULED', '2027-06-01', now())`, [student]);
      await o.query(`UPDATE stepwise.students SET last_name = 'Zzyzx' WHERE id = $1`, [student]);
      const here = await outside.readHere();
      // As the report's reading thread reads them: its own connection, the exported snapshot, the same login.
      const inThread = await readRecordsInThread(structuredClone(outside.forThread));
      expect(inThread).toEqual(here);

      // Every student, in the laptop's own name order (surname, given name NOCASE, then ID), as the laptop reads them.
      expect(here.students).toEqual(loadStudentsByName(laptop));
      const practice = await o.query<{ id: string; form: string; taken_on: string }>(
        `SELECT id, form, taken_on::text FROM stepwise.practice_exams WHERE taken_on BETWEEN $1 AND $2 ORDER BY id`,
        [from, AS_OF],
      );
      const read = [...here.history.values()].flatMap((h) => h.practice.map((p) => [p.id, p.form, p.takenOn] as const)).sort((a, b) => a[0] - b[0]);
      expect(read).toEqual(practice.map((p) => [Number(p.id), p.form, p.taken_on]));
      const mine = here.history.get(student)!;
      expect(mine.practice.map((p) => p.form)).toContain('NBME\tboundary');
      expect(mine.practice.some((p) => p.form === 'NBME\nbefore')).toBe(false);
      expect(mine.attempts.some((a) => a.exam === 'STEP3')).toBe(false);
      // Every attempt as of the snapshot, each student's in id order, as the laptop's reader gives them from its own file.
      const attempts = (h: ExamHistory) => new Map([...h].map(([id, x]) => [id, x.attempts] as const).filter(([, a]) => a.length));
      expect(attempts(here.history)).toEqual(attempts(examHistoryByStudent(laptop)));
      expect(attempts(here.history).size).toBeGreaterThan(30);
      // The file: the archived students only (their archive is read from it), no exam records, the office's settings.
      expect(source.db.prepare('SELECT id FROM students').pluck().all()).toEqual([archived]);
      expect(source.db.prepare('SELECT count(*) FROM exam_attempts').pluck().get()).toBe(0);
      expect(source.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('reports.pseudonymKey')).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await source.release();
    }
    expect(fs.existsSync(file)).toBe(false);
  });
});
