/**
 * The office dashboard remembers its answers per filter on the evaluated cohort it holds
 * (store/dashboard-memory.ts) and the acknowledgements read for a filter's urgent students
 * (store/postgres/dashboard.ts): asked again after a change this session made, every view answers
 * for the new state, equal to SQLite's, never the remembered one. The same view asked twice with
 * nothing changed answers the same, and what a caller does to an answer does not change the next.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/api';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { openPostgresStore } from '../../src/main/store/postgres';
import type { Store } from '../../src/main/store/store';
import { demoDatabase } from './backup-fixtures';
import { describePostgres } from '../pg/databases';
import { officeDatabase, type Office } from '../pg/office';

const AS_OF = '2026-11-26';

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describePostgres('the office dashboard’s remembered answers', (cluster) => {
  let laptop: Db;
  let o: Office;
  let store: Store & { sessionUser: string };
  let lite: HandlerContext;
  let office: HandlerContext;

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(200));
    o = await officeDatabase(cluster, laptop, AS_OF);
    store = await openPostgresStore(o.ownerUrl);
    lite = { db: laptop, databasePath: 'laptop', actor: 'test' };
    office = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
  });
  afterAll(async () => {
    await store?.close();
    await o?.close();
    laptop?.close();
  });

  const views = ['dashboard.counts', 'dashboard.ckBySpecialty', 'dashboard.ckTimeline', 'dashboard.riskByClass', 'dashboard.practiceTrend', 'dashboard.atRisk'] as const;
  const both = async <K extends (typeof views)[number]>(name: K, input: InputOf<K>) => [ok(await invoke(office, name, input)), ok(await invoke(lite, name, input))] as const;

  it('answers for the new state after an acknowledgement and after an edit, as SQLite does', async () => {
    // Today's date: the unacknowledged counts are for today (acknowledgements hold as of today).
    const before = ok(await invoke(office, 'dashboard.counts', {}));
    expect(ok(await invoke(office, 'dashboard.counts', {}))).toEqual(before);
    const urgent = ok(await invoke(lite, 'dashboard.atRisk', { limit: 1 })).rows[0];
    for (const ctx of [lite, office]) ok(await invoke(ctx, 'acknowledgements.acknowledge', { studentId: urgent.studentId, code: urgent.flags[0].code, note: 'Seen' }));
    const [after, afterLite] = await both('dashboard.counts', {});
    expect(after).toEqual(afterLite);
    expect(after.unacknowledged.flags).toBe(before.unacknowledged.flags - 1);

    // A student moved to another class: every view of the held cohort is for the new state.
    for (const name of views) await invoke(office, name, { asOf: AS_OF } as never);
    const id = laptop.prepare(`SELECT id FROM students WHERE grad_year = 2027 ORDER BY id LIMIT 1`).pluck().get() as string;
    for (const ctx of [lite, office]) ok(await invoke(ctx, 'students.update', { id, patch: { gradYear: 2028 } }));
    for (const name of views) {
      const [mine, theirs] = await both(name, { asOf: AS_OF } as InputOf<typeof name>);
      expect(mine, name).toEqual(theirs);
    }
  });

  it('answers the same view twice alike, whatever the caller did to the first answer', async () => {
    const first = ok(await invoke(office, 'dashboard.riskByClass', { asOf: AS_OF }));
    const copy = structuredClone(first);
    first[0].students = -1;
    first.length = 0;
    expect(ok(await invoke(office, 'dashboard.riskByClass', { asOf: AS_OF }))).toEqual(copy);
    const counts = ok(await invoke(office, 'dashboard.counts', { asOf: AS_OF }));
    const countsCopy = structuredClone(counts);
    counts.students = -1;
    expect(ok(await invoke(office, 'dashboard.counts', { asOf: AS_OF }))).toEqual(countsCopy);
  });
});
