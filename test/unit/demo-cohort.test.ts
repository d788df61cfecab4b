import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { up } from '../../src/main/db/migrations/0001-initial';
import { listSettings, listSpecialties } from '../../src/main/db/reference';
import { generateCohort } from '../../src/main/demo/cohort';
import { ExamAttemptInput, PracticeExamInput, Student } from '../../src/shared/domain';

function reference() {
  const db = new Database(':memory:');
  up(db);
  return { settings: listSettings(db), specialties: listSpecialties(db) };
}

describe('the demo cohort', () => {
  const ref = reference();
  const a = generateCohort(4000, 7, '2026-11-26', ref);

  it('is deterministic for a seed and as-of date, and differs for another seed', () => {
    expect(generateCohort(4000, 7, '2026-11-26', ref)).toEqual(a);
    expect(generateCohort(4000, 8, '2026-11-26', ref).students[0]).not.toEqual(a.students[0]);
  });

  it('holds only valid domain objects', () => {
    for (const s of a.students) expect(Student.safeParse(s).success).toBe(true);
    for (const x of a.attempts) expect(ExamAttemptInput.safeParse(x).error).toBeUndefined();
    for (const p of a.practice) expect(PracticeExamInput.safeParse(p).error).toBeUndefined();
  });

  it('has realistic distributions: ~7% Step 1 first-attempt failures, CK around 250 ± 15, MD/DO/IMG, several classes', () => {
    const firstStep1 = a.attempts.filter((x) => x.exam === 'STEP1' && x.attemptOrder === 1 && (x.outcome === 'PASS' || x.outcome === 'FAIL'));
    const failRate = firstStep1.filter((x) => x.outcome === 'FAIL').length / firstStep1.length;
    expect(failRate).toBeGreaterThan(0.03);
    expect(failRate).toBeLessThan(0.12);
    const ck = a.attempts.filter((x) => x.exam === 'STEP2CK' && x.attemptOrder === 1 && x.score !== null).map((x) => x.score!);
    const mean = ck.reduce((n, x) => n + x, 0) / ck.length;
    const sd = Math.sqrt(ck.reduce((n, x) => n + (x - mean) ** 2, 0) / ck.length);
    expect(mean).toBeGreaterThan(244);
    expect(mean).toBeLessThan(254);
    expect(sd).toBeGreaterThan(11);
    expect(sd).toBeLessThan(19);
    const types = new Set(a.students.map((s) => s.applicantType));
    expect(types).toEqual(new Set(['US_MD', 'US_DO', 'IMG']));
    expect(new Set(a.students.map((s) => s.gradYear)).size).toBe(4);
    expect(a.attempts.some((x) => x.outcome === 'SCHEDULED')).toBe(true);
    expect(a.students.some((s) => s.gradYear === 2027 && !a.attempts.some((x) => x.studentId === s.id && x.exam === 'STEP2CK'))).toBe(true);
    expect(a.practice.length).toBeGreaterThan(a.students.length);
  });

  it('judges a CK score by the passing standard in force on its test date', () => {
    for (const x of a.attempts.filter((y) => y.exam === 'STEP2CK' && y.score !== null && y.testDate)) {
      const standard = x.testDate! >= '2025-07-01' ? 218 : x.testDate! >= '2022-07-01' ? 214 : 209;
      expect(x.outcome, `${x.studentId} ${x.testDate} ${x.score}`).toBe(x.score! >= standard ? 'PASS' : 'FAIL');
    }
  });
});
