/**
 * The dashboard's practice-score trend (PRODUCT.md: "charts: … practice-score trends"): the cohort's
 * scored practice exams month by month, each score held against the pass standard of its own day.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import type { Student } from '../../src/shared/domain';
import type { Db } from '../../src/main/db/open';
import { insertStudent } from '../../src/main/db/students';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { minimumPassingScore } from '../../src/shared/rules/timeline';
import { loadReferenceData } from '../../src/main/db/reference';
import { tempDatabase } from '../helpers';

let db: Db;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, ctx } = await tempDatabase());
});
afterEach(() => db.close());

async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function student(id: string, gradYear: number): Student {
  return { id, firstName: 'Pat', lastName: id, email: null, gradYear, applicantType: 'US_MD', targetSpecialty: null, backupSpecialty: null, advisor: null, usceMonths: null, usLetters: null, step1Deadline: null, notes: null, customFields: {} };
}

describe('the practice-score trend', () => {
  it('holds each Step 2 CK score against the standard of its day, across the 2025-07-01 change from 214 to 218', async () => {
    const who = { actor: 'test', context: 'test' };
    insertStudent(db, student('A', 2026), who);
    insertStudent(db, student('B', 2026), who);
    insertStudent(db, student('C', 2027), who);
    const add = (studentId: string, takenOn: string, score: number | null, exam: 'STEP2CK' | 'STEP1' = 'STEP2CK', passProbability: number | null = null) =>
      call('practice.add', { studentId, exam, form: `Form ${takenOn}`, takenOn, score, passProbability });
    await add('A', '2025-05-31', 190); // before the window
    await add('A', '2025-06-15', 200); // below 214
    await add('A', '2025-06-30', 216); // 214 in force: not below
    await add('B', '2025-07-01', 216); // 218 in force from this day: below
    await add('B', '2025-07-02', 218); // exactly the standard: not below
    await add('B', '2025-08-15', 250); // the as-of day itself
    await add('B', '2025-08-16', 150); // after the as-of date
    await add('C', '2025-07-20', 230);
    await add('C', '2025-07-21', 100, 'STEP1'); // another exam
    await add('C', '2025-07-22', null, 'STEP2CK', 40); // a pass probability only: nothing to average

    const trend = await call('dashboard.practiceTrend', { asOf: '2025-08-15', months: 3 });
    expect(trend).toMatchObject({ exam: 'STEP2CK', from: '2025-06-01', to: '2025-08-15', passingScore: 218, exams: 6, students: 3, belowPass: 2 });
    expect(trend.passingSource).toContain('USMLE');
    expect(trend.months).toEqual([
      { month: '2025-06', exams: 2, students: 1, meanScore: 208, belowPass: 1 },
      { month: '2025-07', exams: 3, students: 2, meanScore: 221.3, belowPass: 1 },
      { month: '2025-08', exams: 1, students: 1, meanScore: 250, belowPass: 0 },
    ]);

    const class2026 = await call('dashboard.practiceTrend', { asOf: '2025-08-15', months: 3, gradYears: [2026] });
    expect(class2026).toMatchObject({ exams: 5, students: 2, belowPass: 2 });
    const step1 = await call('dashboard.practiceTrend', { asOf: '2025-08-15', months: 3, exam: 'STEP1' });
    expect(step1).toMatchObject({ exam: 'STEP1', exams: 1, students: 1, belowPass: 1, passingScore: 196 });
    expect(step1.months.map((m) => m.month)).toEqual(['2025-06', '2025-07', '2025-08']);
  });

  it('on a demo cohort, matches the practice table counted directly, filtered by class', async () => {
    const asOf = '2026-11-26';
    loadDemoCohort(db, { students: 400, seed: 5, asOf }, { actor: 'seed', context: 'demo cohort' });
    const ref = loadReferenceData(db);
    for (const gradYears of [undefined, [2027]]) {
      const trend = await call('dashboard.practiceTrend', { asOf, months: 12, ...(gradYears ? { gradYears } : {}) });
      const rows = db
        .prepare(
          `SELECT p.student_id AS id, p.taken_on AS day, p.score FROM practice_exams p JOIN students s ON s.id = p.student_id
           WHERE p.exam = 'STEP2CK' AND p.score IS NOT NULL AND p.taken_on BETWEEN ? AND ? ${gradYears ? 'AND s.grad_year = 2027' : ''}`,
        )
        .all(trend.from, asOf) as { id: string; day: string; score: number }[];
      expect(rows.length).toBeGreaterThan(20);
      expect(trend.exams).toBe(rows.length);
      expect(trend.students).toBe(new Set(rows.map((r) => r.id)).size);
      expect(trend.belowPass).toBe(rows.filter((r) => r.score < minimumPassingScore(ref, 'STEP2CK', r.day)!).length);
      for (const m of trend.months) {
        const inMonth = rows.filter((r) => r.day.startsWith(m.month));
        expect(m.exams, m.month).toBe(inMonth.length);
        expect(m.meanScore, m.month).toBe(inMonth.length ? Math.round((inMonth.reduce((n, r) => n + r.score, 0) / inMonth.length) * 10) / 10 : null);
      }
      expect(trend.months).toHaveLength(12);
    }
  });

  it('refuses a window it cannot draw', async () => {
    expect(await invoke(ctx, 'dashboard.practiceTrend', { months: 2 } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke(ctx, 'dashboard.practiceTrend', { exam: 'COMLEX1' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
