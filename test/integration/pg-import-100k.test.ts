/**
 * An office's whole roster in one file: 100,000 students with their Step 1 and Step 2 CK results,
 * imported into an empty office database and into an empty laptop file. Both take every row, and
 * afterwards the dashboard's counts (every student evaluated by the rules) are the same; the office
 * database accounts for the import with one audited batch, not 300,000 audit rows.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import { openPostgresStore } from '../../src/main/store/postgres';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import type { Store } from '../../src/main/store/store';
import { tempDatabase } from '../helpers';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

const STUDENTS = 100_000;
const AS_OF = '2026-11-26';

/** A roster as a student-information system exports it: one row per student, results in columns. */
function roster(): { bytes: Uint8Array<ArrayBuffer>; attempts: number } {
  const lines = ['Student ID,First name,Last name,Class of,Degree,Step 1 Result,Step 1 Date,Step 2 CK Score,Step 2 CK Date'];
  let attempts = 0;
  for (let i = 0; i < STUDENTS; i++) {
    const year = 2026 + (i % 4);
    // Results only where they can have happened by the as-of date (the class of 2029 takes Step 1 in 2027).
    const step1 = year > 2028 ? '' : i % 10 === 0 ? 'Fail' : i % 7 === 0 ? '' : 'Pass';
    const ck = year <= 2027 && i % 3 !== 0 ? String(215 + (i % 50)) : '';
    if (step1) attempts++;
    if (ck) attempts++;
    lines.push(`S${String(i).padStart(6, '0')},Ana${i % 97},Lee${i},${year},${['MD', 'DO', 'IMG'][i % 3]},${step1},${step1 ? `${year - 2}-0${1 + (i % 8)}-15` : ''},${ck},${ck ? `${year - 1}-0${1 + (i % 6)}-20` : ''}`);
  }
  return { bytes: new Uint8Array(Buffer.from(`${lines.join('\n')}\n`)), attempts };
}

describePostgres('a 100,000-student import into an office database', (cluster) => {
  let d: TestDatabase;
  let store: Store & { sessionUser: string };
  let office: HandlerContext;
  let lite: HandlerContext;

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    const url = `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
    const admin = new pg.Client(connectionConfig(url));
    await admin.connect();
    await migratePostgres(admin);
    await admin.end();
    store = await openPostgresStore(url);
    office = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
    lite = (await tempDatabase()).ctx;
  });
  afterAll(async () => {
    await store?.close();
    await d?.drop();
  });

  it('takes every row, as the laptop does, and counts every student alike', async () => {
    const { bytes, attempts } = roster();
    const input = { file: bytes, fileName: 'whole-roster.csv', asOf: AS_OF };
    const intoOffice = await invoke(office, 'import.commit', input);
    expect(intoOffice).toMatchObject({ ok: true, value: { committed: true, errorCount: 0, students: { added: STUDENTS, updated: 0 }, exams: { added: attempts, updated: 0 } } });
    expect(await invoke(lite, 'import.commit', input)).toEqual(intoOffice);
    expect(await invoke(office, 'app.info', {})).toMatchObject({ ok: true, value: { studentCount: STUDENTS } });
    const counts = await invoke(office, 'dashboard.counts', { asOf: AS_OF });
    expect(counts.ok && counts.value.students).toBe(STUDENTS);
    expect(counts).toEqual(await invoke(lite, 'dashboard.counts', { asOf: AS_OF }));
    const audit = await invoke(office, 'audit.list', { entity: 'import_batch' });
    expect(audit.ok && audit.value.total).toBe(1);
    const rows = await invoke(office, 'audit.list', { limit: 1 });
    // The batch, and the database's own set-up: no row per imported record.
    expect(rows.ok && rows.value.total).toBeLessThan(100);
  }, 600_000);
});
