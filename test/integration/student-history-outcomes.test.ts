/**
 * A student's history (the audit viewer filtered to one student, as the student page opens it)
 * holds what the advisor did with their outcomes and lists: the saved program list, the match
 * outcome, its applications and the outcome-sharing consent — on a laptop and on an office
 * database alike, and never another student's.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const OUTCOME_KINDS = ['match_outcome', 'outcome_application', 'outcome_consent', 'program_list'];

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** The same session on any engine: list, outcome, application, consent for S-MD; then each student's history. */
function historyStory(context: () => HandlerContext) {
  it("lists the student's program list, outcome, application and consent in their history, and none of it in another's", async () => {
    const ctx = context();
    const view = ok(await invoke(ctx, 'programList.build', { studentId: 'S-MD', specialty: 'target', asOf: AS_OF }));
    ok(await invoke(ctx, 'programList.save', { studentId: 'S-MD', specialty: 'target', asOf: AS_OF, version: null, entries: [{ programId: view.lines[0].programId, tierOverride: null, pinned: true, excluded: false, annotation: 'Away rotation' }] }));
    const outcome = ok(
      await invoke(ctx, 'outcomes.add', {
        studentId: 'S-MD',
        season: 2027,
        specialty: 'Dermatology',
        applications: 70,
        goldSignals: 3,
        silverSignals: 25,
        interviews: 12,
        rankListLength: 11,
        result: 'matched',
        matchedProgramCode: '1111080A0',
        matchedProgramName: null,
        ckAtApplication: 246,
        comlexAtApplication: null,
        note: null,
      }),
    );
    ok(await invoke(ctx, 'outcomes.setApplication', { outcomeId: outcome.id, programCode: '1111080A0', signal: 'gold', interviewOffered: true }));
    ok(await invoke(ctx, 'outcomes.setConsent', { studentId: 'S-MD', consent: 'yes', recordedOn: '2027-03-20' }));

    const history = ok(await invoke(ctx, 'audit.list', { studentId: 'S-MD', offset: 0, limit: 200 }));
    const kinds = new Set(history.entries.map((e) => e.entity));
    for (const kind of OUTCOME_KINDS) expect(kinds, kind).toContain(kind);
    const other = ok(await invoke(ctx, 'audit.list', { studentId: 'S-IMG', offset: 0, limit: 200 }));
    expect(other.entries.filter((e) => OUTCOME_KINDS.includes(e.entity) && e.context === 'student page')).toEqual([]);
  });
}

describe("a student's history on a laptop (SQLite)", () => {
  let laptop: Db;
  beforeAll(async () => {
    ({ db: laptop } = await tempDatabase());
    seedSchool(laptop);
  });
  afterAll(() => laptop.close());
  historyStory(() => ({ db: laptop, databasePath: 'laptop', actor: 'test-advisor' }));
});

describePostgres("a student's history on an office database (PostgreSQL)", (cluster) => {
  let d: TestDatabase;
  let store: Store & { sessionUser: string };
  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    const { db: laptop } = await tempDatabase();
    seedSchool(laptop);
    const url = `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
    const admin = new pg.Client(connectionConfig(url));
    await admin.connect();
    await migratePostgres(admin);
    await copyLaptopToOffice(laptop, admin as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: AS_OF });
    await admin.end();
    laptop.close();
    store = await openPostgresStore(url);
  });
  afterAll(async () => {
    await store?.close();
    await d?.drop();
  });
  historyStory(() => ({ db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser }));
});
