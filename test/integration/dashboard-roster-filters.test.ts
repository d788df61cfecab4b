import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearCohortIndex } from '../../src/main/db/cohort-index';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { RISK_BUCKETS, type HandlerName, type InputOf, type OutputOf } from '../../src/shared/api';
import { SEVERITY_RANK } from '../../src/shared/domain';
import { tempDatabase } from '../helpers';

/** Every count on the dashboard links to a roster view; each view must list exactly the students counted. */
const AS_OF = '2026-11-26';
let db: Db;
let ctx: HandlerContext;
beforeAll(async () => {
  ({ db, ctx } = await tempDatabase());
  loadDemoCohort(db, { students: 500, seed: 21, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
});
afterAll(() => db.close());

async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function allIds(input: InputOf<'students.list'>): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 97) {
    const page = await call('students.list', { ...input, asOf: AS_OF, offset, limit: 97 });
    ids.push(...page.rows.map((r) => r.id));
    if (offset + 97 >= page.total) return ids;
  }
}

describe('roster views behind the dashboard counts', () => {
  it('lists exactly the students of each risk level, as the cohort evaluator flags them', async () => {
    const cohort = await call('flags.cohort', { asOf: AS_OF });
    const counts = await call('dashboard.counts', { asOf: AS_OF });
    for (const level of RISK_BUCKETS) {
      const ids = await allIds({ risk: [level], sort: 'id' });
      expect(ids.length, level).toBe(counts.risk[level]);
      if (level !== 'none') expect(ids, level).toEqual(cohort.students.filter((s) => s.risk === level).map((s) => s.studentId).sort());
    }
    expect(counts.risk.critical).toBeGreaterThan(0);
  });

  it('lists exactly the students of each Step 1 and Step 2 CK count, paging without gaps or repeats', async () => {
    const counts = await call('dashboard.counts', { asOf: AS_OF, gradYears: [2027] });
    for (const step1 of ['passed', 'failed', 'notYet'] as const) {
      const ids = await allIds({ step1, gradYears: [2027] });
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length, step1).toBe(counts.step1[step1]);
    }
    for (const ck of ['reported', 'scheduled', 'notScheduled'] as const) expect((await allIds({ ck, gradYears: [2027] })).length, ck).toBe(counts.ck[ck]);
    const failed = await call('students.list', { asOf: AS_OF, step1: 'failed', limit: 1000 });
    expect(failed.rows.every((r) => r.step1 === 'failed')).toBe(true);
    expect(failed.rows.every((r) => r.flags.includes('STEP1_FAIL'))).toBe(true);
  });

  it('filters by flag and sorts by risk, most severe first', async () => {
    const cohort = await call('flags.cohort', { asOf: AS_OF });
    const late = await allIds({ flag: 'CK_LATE', sort: 'id' });
    expect(late).toEqual(cohort.students.filter((s) => s.flags.some((f) => f.code === 'CK_LATE')).map((s) => s.studentId).sort());
    const byRisk = await call('students.list', { asOf: AS_OF, sort: 'risk', limit: 1000 });
    const ranks = byRisk.rows.map((r) => (r.risk ? SEVERITY_RANK[r.risk] : 0));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(byRisk.rows[0].risk).toBe('critical');
    const reverse = await call('students.list', { asOf: AS_OF, sort: 'risk', direction: 'desc', limit: 5 });
    expect(reverse.rows.every((r) => r.risk === null)).toBe(true);
  });

  it('shows the same rows, risk and exam status whether the page is read from the index or evaluated on the spot', async () => {
    clearCohortIndex(db);
    db.prepare(`UPDATE students SET advisor = advisor WHERE id = 'S00001'`).run(); // a write: the index is stale
    const onTheSpot = await call('students.list', { asOf: AS_OF, sort: 'name', offset: 40, limit: 60 });
    await call('dashboard.counts', { asOf: AS_OF }); // builds the index
    const fromIndex = await call('students.list', { asOf: AS_OF, sort: 'name', offset: 40, limit: 60 });
    const indexedPath = await call('students.list', { asOf: AS_OF, sort: 'name', offset: 40, limit: 60, risk: [...RISK_BUCKETS] });
    expect(fromIndex).toEqual(onTheSpot);
    expect(indexedPath.rows).toEqual(onTheSpot.rows);
  });

  it('matches a target specialty by any of its names, and searches by name, ID or email', async () => {
    db.prepare(`UPDATE students SET target_specialty = 'Ortho' WHERE id IN (SELECT id FROM students WHERE target_specialty = 'Orthopaedic Surgery' LIMIT 1)`).run();
    const expected = (db.prepare(`SELECT id FROM students WHERE target_specialty IN ('Ortho', 'Orthopaedic Surgery') ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
    expect(await allIds({ targetSpecialty: 'orthopaedic surgery', sort: 'id' })).toEqual(expected);
    expect(await allIds({ targetSpecialty: 'Ortho', sort: 'id', risk: [...RISK_BUCKETS] })).toEqual(expected);
    const s = db.prepare(`SELECT id, email, last_name AS lastName FROM students WHERE id = 'S00123'`).get() as { id: string; email: string; lastName: string };
    expect(await allIds({ search: s.email.toUpperCase() })).toEqual([s.id]);
    expect((await allIds({ search: s.lastName })).length).toBe((db.prepare(`SELECT count(*) AS n FROM students WHERE last_name LIKE ?`).get(`%${s.lastName}%`) as { n: number }).n);
  });
});
