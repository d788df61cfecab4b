import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';

const AS_OF = '2026-11-26';
let db: Db;
let file: string;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, ctx, file } = await tempDatabase());
  loadDemoCohort(db, { students: 400, seed: 11, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
});
afterEach(() => db.close());

/** Calls a handler through the validating dispatcher; a failure fails the test with the error body. */
async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/**
 * Expectations straight from the tables (the demo cohort always records an outcome): a Step 1 pass is a
 * PASS on Step 1, or on COMLEX Level 1 for a DO student, dated on or before the as-of date.
 */
function sqlStep1Counts(where = '1', params: unknown[] = []) {
  const passedSql = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.outcome = 'PASS' AND a.test_date <= '${AS_OF}'
      AND (a.exam = 'STEP1' OR (a.exam = 'COMLEX1' AND s.applicant_type = 'US_DO')))`;
  const failedSql = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.outcome IN ('FAIL', 'INCOMPLETE') AND a.test_date <= '${AS_OF}'
      AND (a.exam = 'STEP1' OR (a.exam = 'COMLEX1' AND s.applicant_type = 'US_DO')))`;
  return db
    .prepare(
      `SELECT count(*) AS students, coalesce(sum(${passedSql}), 0) AS passed, coalesce(sum(NOT ${passedSql} AND ${failedSql}), 0) AS failed
       FROM students s WHERE ${where}`,
    )
    .get(...params) as { students: number; passed: number; failed: number };
}

function sqlCkCounts(where = '1', params: unknown[] = []) {
  const result = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.exam = 'STEP2CK' AND a.test_date <= '${AS_OF}' AND a.outcome IN ('PASS', 'FAIL', 'INCOMPLETE'))`;
  const any = `EXISTS (SELECT 1 FROM exam_attempts a WHERE a.student_id = s.id AND a.exam = 'STEP2CK')`;
  return db
    .prepare(`SELECT coalesce(sum(${result}), 0) AS reported, coalesce(sum(NOT ${result} AND ${any}), 0) AS scheduled, coalesce(sum(NOT ${any}), 0) AS notScheduled FROM students s WHERE ${where}`)
    .get(...params) as { reported: number; scheduled: number; notScheduled: number };
}

describe('dashboard counts', () => {
  it('counts Step 1 and Step 2 CK status like the tables say, and risk levels like the cohort evaluator', async () => {
    const counts = await call('dashboard.counts', { asOf: AS_OF });
    const s1 = sqlStep1Counts();
    expect(counts.students).toBe(400);
    expect(counts.step1).toEqual({ passed: s1.passed, failed: s1.failed, notYet: 400 - s1.passed - s1.failed });
    expect(counts.step1.passed).toBeGreaterThan(100);
    expect(counts.step1.failed).toBeGreaterThan(0);
    expect(counts.ck).toEqual(sqlCkCounts());
    const cohort = await call('flags.cohort', { asOf: AS_OF });
    expect(counts.risk).toEqual(cohort.counts);
    expect(counts.risk.critical + counts.risk.high).toBeGreaterThan(0);
  });

  it('applies class, advisor, applicant type and target specialty filters like flags.cohort does', async () => {
    const { gradYear, advisor } = db.prepare('SELECT grad_year AS gradYear, advisor FROM students GROUP BY grad_year, advisor ORDER BY count(*) DESC LIMIT 1').get() as { gradYear: number; advisor: string };
    const filter = { asOf: AS_OF, gradYears: [gradYear], advisor, applicantType: 'US_MD' as const };
    const counts = await call('dashboard.counts', filter);
    const s1 = sqlStep1Counts(`s.grad_year = ? AND s.advisor = ? AND s.applicant_type = 'US_MD'`, [gradYear, advisor]);
    expect(counts.students).toBe(s1.students);
    expect(counts.step1.passed).toBe(s1.passed);
    expect(counts.risk).toEqual((await call('flags.cohort', filter)).counts);

    // A target typed as an abbreviation finds every spelling of the specialty, as the rules match it.
    db.prepare(`UPDATE students SET target_specialty = 'derm' WHERE id IN (SELECT id FROM students WHERE target_specialty = 'Dermatology' LIMIT 2)`).run();
    const derm = db.prepare(`SELECT count(*) AS n FROM students WHERE target_specialty IN ('Dermatology', 'derm')`).get() as { n: number };
    expect(derm.n).toBeGreaterThan(2);
    const byAbbreviation = await call('dashboard.counts', { asOf: AS_OF, targetSpecialty: 'Derm' });
    expect(byAbbreviation.students).toBe(derm.n);
    expect(byAbbreviation.risk).toEqual((await call('flags.cohort', { asOf: AS_OF, targetSpecialty: 'Derm' })).counts);
    const nobody = await call('dashboard.counts', { asOf: AS_OF, targetSpecialty: 'Underwater Basket Weaving' });
    expect(nobody.students).toBe(0);
  });

  it('follows every write at once: an edited attempt moves the counts without any refresh call', async () => {
    const before = await call('dashboard.counts', { asOf: AS_OF });
    const pass = db
      .prepare(`SELECT a.id, a.student_id AS studentId, a.test_date AS testDate, a.attempt_order AS attemptOrder FROM exam_attempts a JOIN students s ON s.id = a.student_id
        WHERE a.exam = 'STEP1' AND a.outcome = 'PASS' AND s.applicant_type = 'US_MD' AND a.test_date <= ?
          AND NOT EXISTS (SELECT 1 FROM exam_attempts b WHERE b.student_id = a.student_id AND b.exam = 'STEP1' AND b.id <> a.id) LIMIT 1`)
      .get(AS_OF) as { id: number; studentId: string; testDate: string; attemptOrder: number | null };
    const riskBefore = (await call('flags.student', { id: pass.studentId, asOf: AS_OF })).risk ?? 'none';
    expect(riskBefore).not.toBe('critical');
    await call('attempts.update', { id: pass.id, attempt: { studentId: pass.studentId, exam: 'STEP1', testDate: pass.testDate, outcome: 'FAIL', score: null, attemptOrder: pass.attemptOrder } });
    const after = await call('dashboard.counts', { asOf: AS_OF });
    expect(after.step1.passed).toBe(before.step1.passed - 1);
    expect(after.step1.failed).toBe(before.step1.failed + 1);
    expect(after.risk.critical).toBe(before.risk.critical + 1);
    expect(after.risk[riskBefore]).toBe(before.risk[riskBefore] - 1);
    const flagged = await call('students.list', { asOf: AS_OF, flag: 'STEP1_FAIL', search: pass.studentId });
    expect(flagged.rows.map((r) => r.id)).toEqual([pass.studentId]);
    expect(flagged.rows[0].risk).toBe('critical');
  });

  it('notices a write by another connection to the same file (a CLI import while the app is open)', async () => {
    const before = await call('dashboard.counts', { asOf: AS_OF });
    const other = await openDatabase(file);
    other.prepare(`DELETE FROM students WHERE id IN (SELECT id FROM students ORDER BY id LIMIT 3)`).run();
    other.close();
    const after = await call('dashboard.counts', { asOf: AS_OF });
    expect(after.students).toBe(before.students - 3);
  });

  it('gives different answers for different as-of dates and keeps each date consistent', async () => {
    const early = await call('dashboard.counts', { asOf: '2025-01-15' });
    const now = await call('dashboard.counts', { asOf: AS_OF });
    expect(early.step1.passed).toBeLessThan(now.step1.passed);
    expect(early.risk).toEqual((await call('flags.cohort', { asOf: '2025-01-15' })).counts);
    expect(await call('dashboard.counts', { asOf: AS_OF })).toEqual(now);
  });

  it('rejects a bad filter with a clear, located error', async () => {
    const bad = await invoke(ctx, 'dashboard.counts', { asOf: '2026-02-30' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'asOf', message: 'expected a real date as YYYY-MM-DD' }] } });
  });
});
