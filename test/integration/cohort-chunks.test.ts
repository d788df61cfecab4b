import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortChunkQueries, loadCohortSnapshots, readCohortChunks, type SnapshotFilter } from '../../src/main/db/cohort-snapshots';
import type { Db } from '../../src/main/db/open';
import { setArchived } from '../../src/main/db/enrolment';
import { loadReferenceData } from '../../src/main/db/reference';
import { loadAllSnapshots } from '../../src/main/db/students';
import { loadDemoCohort } from '../../src/main/demo/load';
import { cohortFlags, cohortMatcher, evaluateSnapshots, summariseCohort } from '../../src/main/flags/cohort';
import type { StudentSnapshot } from '../../src/shared/domain';
import { databases } from './flags-fixtures';

const dbs = databases();
let db: Db;

beforeAll(async () => {
  ({ db } = await dbs.create());
  loadDemoCohort(db, { students: 700, seed: 11, asOf: '2026-05-01' }, { actor: 'test', context: 'demo' });
});
afterAll(() => dbs.cleanup());

const byId = <T extends { id: number }>(xs: readonly T[]) => [...xs].sort((a, b) => a.id - b.id);
const comparable = (snaps: readonly StudentSnapshot[]) => snaps.map((s) => ({ student: s.student, attempts: byId(s.attempts), practice: byId(s.practice) }));

const FILTERS: [string, SnapshotFilter][] = [
  ['no filter', {}],
  ['a practice window', { practiceTakenBetween: { from: '2026-03-02', to: '2026-05-01' } }],
  ['two classes of DO students', { gradYears: [2027, 2029], applicantType: 'US_DO' }],
  ['one class and a window', { gradYears: [2028], practiceTakenBetween: { from: '2026-03-02', to: '2026-05-01' } }],
];

describe('reading the cohort a chunk at a time', () => {
  it.each(FILTERS)('with %s, gives every student once, in ID order, with exactly their history', (_, filter) => {
    const whole = loadCohortSnapshots(db, filter);
    expect(whole.length).toBeGreaterThan(0);
    for (const size of [1, 37, 700, 5000]) {
      const chunks = [...readCohortChunks(db, filter, size)];
      expect(chunks.every((c) => c.length > 0 && c.length <= size)).toBe(true);
      expect(chunks.length).toBe(Math.ceil(whole.length / size));
      expect(comparable(chunks.flat())).toEqual(comparable(whole));
    }
  });

  it('reads an advisor filter like the rest (trimmed, case-insensitive)', () => {
    const advisor = loadAllSnapshots(db).find((s) => s.student.advisor)!.student.advisor!;
    const chunks = [...readCohortChunks(db, { advisor: `  ${advisor.toUpperCase()} ` }, 50)].flat();
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.map((s) => s.student.id)).toEqual(loadCohortSnapshots(db, { advisor }).map((s) => s.student.id));
  });

  it('leaves archived students out (or reads only them) with exactly their neighbours\' history, however the chunks fall', async () => {
    const { db: some } = await dbs.create();
    loadDemoCohort(some, { students: 300, seed: 5, asOf: '2026-05-01' }, { actor: 'test', context: 'demo' });
    const ids = loadAllSnapshots(some).map((s) => s.student.id);
    // Archived students inside chunks and at their edges: their rows lie within the range a chunk reads.
    for (const id of ids.filter((_, i) => i % 7 === 3 || i === 0 || i === ids.length - 1)) setArchived(some, id, true, { actor: 'test', context: 'archive' });
    const window = { from: '2026-03-02', to: '2026-05-01' };
    for (const filter of [{ archived: false }, { archived: true }, { archived: false, practiceTakenBetween: window }, { archived: false, gradYears: [2027, 2028] }] satisfies SnapshotFilter[]) {
      const whole = loadCohortSnapshots(some, filter);
      expect(whole.length).toBeGreaterThan(0);
      for (const size of [1, 6, 37, 1000]) expect(comparable([...readCohortChunks(some, filter, size)].flat()), JSON.stringify({ filter, size })).toEqual(comparable(whole));
    }
  });

  it('reads nothing from an empty roster', async () => {
    const { db: empty } = await dbs.create();
    expect([...readCohortChunks(empty, {})]).toEqual([]);
  });

  it('walks the key and the per-student indexes, never sorting a class on every chunk', () => {
    const plans = (filter: SnapshotFilter) => {
      const q = cohortChunkQueries(filter);
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => '2027')) as { detail: string }[]).map((r) => r.detail).join('; ');
      return { students: plan(q.students), attempts: plan(q.attempts), practice: plan(q.practice) };
    };
    for (const filter of [{}, { gradYears: [2027] }, { practiceTakenBetween: { from: '2026-03-02', to: '2026-05-01' } }]) {
      const p = plans(filter);
      expect(p.students).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_students_1 \(id>\?\)/);
      expect(p.students).not.toMatch(/TEMP B-TREE/);
      expect(p.attempts).toMatch(/exam_attempts_by_student/);
      expect(p.practice).toMatch(/practice_exams_natural_key/);
    }
  });

  it('gives the flags the rules give on complete snapshots, filtered or not', () => {
    const ref = loadReferenceData(db);
    const asOf = '2026-05-01';
    const advisor = loadAllSnapshots(db).find((s) => s.student.advisor)!.student.advisor!;
    for (const query of [{}, { gradYears: [2027, 2028] }, { applicantType: 'US_DO' as const, advisor }, { targetSpecialty: 'Derm' }]) {
      const matches = cohortMatcher(query, ref);
      const complete = summariseCohort(evaluateSnapshots(loadAllSnapshots(db).filter((s) => matches(s.student)), ref, asOf), asOf);
      expect(cohortFlags(db, { ...query, asOf })).toEqual(complete);
    }
  });
});
