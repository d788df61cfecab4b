/**
 * Program lists and the office's own Charting Outcomes on an office database answer exactly as on
 * the laptop's SQLite (the same school copied into both): every program's line, the suggestion and
 * the chart with its suppression; and the saved list is version-checked there too.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { openPostgresStore } from '../../src/main/store/postgres';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import type { Store } from '../../src/main/store/store';
import { tempDatabase } from '../helpers';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';
import { seedSchool } from './program-lists-fixtures';

const AS_OF = '2026-09-01';

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describePostgres('program lists on an office database', (cluster) => {
  let d: TestDatabase;
  let laptop: Db;
  let store: Store & { sessionUser: string };
  let lite: HandlerContext;
  let office: HandlerContext;

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    ({ db: laptop } = await tempDatabase());
    seedSchool(laptop);
    const url = `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
    const admin = new pg.Client(connectionConfig(url));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(laptop, admin as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: AS_OF });
    await admin.end();
    store = await openPostgresStore(url);
    lite = { db: laptop, databasePath: 'laptop', actor: 'test' };
    office = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
  });
  afterAll(async () => {
    await store?.close();
    laptop?.close();
    await d?.drop();
  });

  it('builds every list and the chart exactly as SQLite does', async () => {
    for (const [studentId, specialty] of [
      ['S-MD', 'target'],
      ['S-MD', 'backup'],
      ['S-IMG', 'target'],
      ['S-DO', 'target'],
    ] as const) {
      const expected = ok(await invoke(lite, 'programList.build', { studentId, specialty, asOf: AS_OF }));
      const got = ok(await invoke(office, 'programList.build', { studentId, specialty, asOf: AS_OF }));
      // Program IDs are each engine's own; everything a person reads must agree.
      const strip = (v: typeof got) => ({ ...v, lines: v.lines.map(({ programId: _id, ...l }) => l) });
      expect(strip(got), `${studentId} ${specialty}`).toEqual(strip(expected));
    }
    expect(ok(await invoke(office, 'outcomes.chart', { fromSeason: 2022, toSeason: 2025 }))).toEqual(ok(await invoke(lite, 'outcomes.chart', { fromSeason: 2022, toSeason: 2025 })));
  });

  it('saves the advisor\'s entries and refuses a stale version with CONFLICT', async () => {
    const view = ok(await invoke(office, 'programList.build', { studentId: 'S-MD', specialty: 'target', asOf: AS_OF }));
    const d1 = view.lines.find((l) => l.name === 'Lakeside University Dermatology')!;
    const saved = ok(await invoke(office, 'programList.save', { studentId: 'S-MD', specialty: 'target', asOf: AS_OF, version: null, entries: [{ programId: d1.programId, tierOverride: 'reach', pinned: true, excluded: false, annotation: 'Office note' }] }));
    expect(saved.lines.find((l) => l.programId === d1.programId)).toMatchObject({ tier: 'reach', computedTier: 'target', annotation: 'Office note' });
    expect(saved.saved?.savedBy).toBeTruthy();
    const stale = await invoke(office, 'programList.save', { studentId: 'S-MD', specialty: 'target', asOf: AS_OF, version: null, entries: [] });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
