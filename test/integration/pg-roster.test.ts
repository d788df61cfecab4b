/**
 * The roster on an office database answers every view exactly as the laptop's SQLite does: the same
 * students, counts, order, risk, flags and exam status, for filters on stored fields and on the
 * rules' conclusions, every sort in both directions, paging and search. And it follows changes
 * made by anyone, announced by the database.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROSTER_SORT_KEYS, RosterQuery } from '../../src/shared/api/students';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { openPostgresStore, postgresStore } from '../../src/main/store/postgres';
import { needsCohortIndex } from '../../src/main/db/roster';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import type { Store } from '../../src/main/store/store';
import { demoDatabase } from './backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

const AS_OF = '2026-11-26';

describePostgres('the roster on an office database', (cluster) => {
  let d: TestDatabase;
  let laptop: Db;
  let store: Store & { sessionUser: string };
  let lite: HandlerContext;
  let office: HandlerContext;
  let url: string;

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    ({ db: laptop } = await demoDatabase(500));
    // Names only case or accents tell apart, and an empty target, so the NOCASE order is tested for real.
    laptop.prepare(`UPDATE students SET last_name = 'abbott', first_name = 'Émile' WHERE id = (SELECT id FROM students ORDER BY id LIMIT 1)`).run();
    laptop.prepare(`UPDATE students SET last_name = 'Abbott', first_name = 'emile', target_specialty = NULL WHERE id = (SELECT id FROM students ORDER BY id LIMIT 1 OFFSET 1)`).run();
    // Enrolment (migration 0007): statuses on different dates, a leave that ends, and archived students.
    const nth = (n: number) => laptop.prepare(`SELECT id FROM students ORDER BY id LIMIT 1 OFFSET ?`).pluck().get(n) as string;
    const change = laptop.prepare(`INSERT INTO enrolment_changes (student_id, status, effective_from, ends_on, note, changed_by, changed_at) VALUES (?, ?, ?, ?, NULL, 'seed', '2026-01-01T00:00:00.000Z')`);
    for (let i = 0; i < 40; i++) change.run(nth(10 + i), ['leave', 'extended', 'withdrawn', 'graduated'][i % 4], i % 8 < 4 ? '2026-01-15' : '2026-06-01', i % 4 === 0 ? '2026-09-30' : null);
    laptop.prepare(`UPDATE students SET archived_at = '2026-10-01T00:00:00.000Z', archived_by = 'seed' WHERE id IN (SELECT id FROM students ORDER BY id LIMIT 12 OFFSET 60)`).run();
    url = `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
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
    await d?.drop();
  });

  const advisor = () => laptop.prepare(`SELECT advisor FROM students WHERE advisor IS NOT NULL LIMIT 1`).pluck().get() as string;
  const views = (): [string, RosterQuery][] => [
    ['the first view', {}],
    ['a second page', { offset: 100, limit: 50 }],
    ...ROSTER_SORT_KEYS.flatMap((sort) => [
      [`by ${sort}`, { sort, limit: 1000 }] as [string, RosterQuery],
      [`by ${sort}, descending`, { sort, direction: 'desc' as const, limit: 1000 }] as [string, RosterQuery],
    ]),
    ['a search as the roster shows a name', { search: ' abbott ,  EMILE ' }],
    ['a search by ID', { search: 'S0001' }],
    ['a class and an applicant type', { gradYears: [2027, 2028], applicantType: 'US_DO', limit: 1000 }],
    ['an advisor, any case', { advisor: advisor().toUpperCase(), limit: 1000 }],
    ['a target as the rules match it', { targetSpecialty: 'derm', limit: 1000 }],
    ['critical and high, by risk', { risk: ['critical', 'high'], sort: 'risk', limit: 1000 }],
    ['no flags', { risk: ['none'], limit: 1000 }],
    ['Step 1 failed', { step1: 'failed', limit: 1000 }],
    ['a CK status', { ck: 'reported', sort: 'ckScore', direction: 'desc', limit: 1000 }],
    ['one flag', { flag: 'CK_LATE', limit: 1000 }],
    ['a CK score reported', { hasCkScore: true, sort: 'ckDate', limit: 1000 }],
    ['a CK date window', { ckFrom: '2026-01-01', ckTo: '2026-06-30', limit: 1000 }],
    ['no CK date', { noCkDate: true, sort: 'advisor', limit: 1000 }],
    ['practice exams in a window', { practice: { exam: 'STEP2CK', from: '2026-01-01', to: '2026-11-26' }, limit: 1000 }],
    ['another date', { asOf: '2026-03-01', sort: 'risk', limit: 1000 }],
    ['leave of absence and extended students', { statuses: ['leave', 'extended'], limit: 1000 }],
    ['withdrawn on an earlier date', { statuses: ['withdrawn'], asOf: '2026-03-01', limit: 1000 }],
    ['active students by risk', { statuses: ['active'], sort: 'risk', limit: 1000 }],
    ['the archived students', { archived: true, limit: 1000 }],
    ['archived students of a class, by advisor', { archived: true, gradYears: [2027], sort: 'advisor', limit: 1000 }],
    ['archived and withdrawn', { archived: true, statuses: ['withdrawn'], limit: 1000 }],
  ];

  it('answers every view as SQLite does: a view on stored fields by SQL before the cohort is evaluated, every view from the evaluated cohort after', async () => {
    // Cold, and never warmed in the background: stored-field views take the SQL path.
    const coldPool = new pg.Pool(connectionConfig(url));
    const cold = postgresStore(coldPool, { warmRoster: false });
    const coldCtx = { db: officeOnlyDb(), store: cold, databasePath: 'office', actor: 'test' };
    const stored = views().filter(([, q]) => !needsCohortIndex(RosterQuery.parse(q)));
    expect(stored.length).toBeGreaterThan(10);
    for (const [what, q] of stored) {
      const query = { asOf: AS_OF, ...q };
      expect(await invoke(coldCtx, 'students.list', query), `${what} (SQL)`).toEqual(await invoke(lite, 'students.list', query));
    }
    await cold.close();
    // An advisor's session (no other students' e-mail) searches the same way, by SQL too.
    const login = `${d.name}_adv`;
    const admin = new pg.Client(connectionConfig(url));
    await admin.connect();
    await addOfficeUser(admin, { login, displayName: advisor(), role: 'advisor', password: 'advisor password 1' });
    await admin.end();
    const advPool = new pg.Pool({ ...connectionConfig(`postgres://${login}@127.0.0.1:${cluster.port}/${d.name}`), password: 'advisor password 1' });
    const adv = postgresStore(advPool, { warmRoster: false });
    const advCtx = { db: officeOnlyDb(), store: adv, databasePath: 'office', actor: login };
    for (const search of ['abbott, emile', 'S0001', 'Dr']) {
      const query: RosterQuery = { asOf: AS_OF, search, limit: 1000 };
      const r = await invoke(advCtx, 'students.list', query);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      const all = await invoke(lite, 'students.list', query);
      // The same students but those found only by another advisor's student's e-mail.
      expect(r.ok && all.ok && r.value.rows.every((row) => all.value.rows.some((x) => x.id === row.id))).toBe(true);
    }
    await adv.close();
    const drop = new pg.Client({ ...d.config, database: 'postgres' });
    await drop.connect();
    await drop.query(`DROP OWNED BY ${drop.escapeIdentifier(login)}`).catch(() => undefined);
    await drop.end();
    // Then every view from the evaluated cohort (the first risk view evaluates it).
    await invoke(office, 'students.list', { asOf: AS_OF, sort: 'risk' });
    await invoke(office, 'students.list', { asOf: '2026-03-01', sort: 'risk' });
    for (const [what, q] of views()) {
      const query = { asOf: AS_OF, ...q };
      const expected = await invoke(lite, 'students.list', query);
      expect(expected.ok, what).toBe(true);
      expect(await invoke(office, 'students.list', query), what).toEqual(expected);
    }
    const all = await invoke(office, 'students.list', { asOf: AS_OF, limit: 1000 });
    expect(all.ok && all.value.total).toBe(488); // 500, less the 12 archived
  });

  it('follows a change made by someone else, announced by the database', async () => {
    const before = await invoke(office, 'students.list', { asOf: AS_OF, flag: 'STEP1_FAIL', limit: 1000 });
    const id = laptop.prepare(`SELECT s.id FROM students s JOIN exam_attempts a ON a.student_id = s.id WHERE a.exam = 'STEP1' AND a.outcome = 'PASS' AND s.applicant_type = 'US_MD' ORDER BY s.id LIMIT 1`).pluck().get() as string;
    // The store says when it has heard of a change; the test waits for that, not for a clock.
    const heard = new Promise<{ table: string }>((resolve) => {
      const stop = store.onChange((change) => {
        stop();
        resolve(change);
      });
    });
    const other = new pg.Client(connectionConfig(url));
    await other.connect();
    await other.query(`INSERT INTO exam_attempts (student_id, exam, outcome, test_date, created_at) VALUES ($1, 'STEP1', 'FAIL', '2024-05-01', now())`, [id]);
    await other.end();
    expect(await heard).toMatchObject({ table: 'exam_attempts', by: cluster.superuser });
    const after = await invoke(office, 'students.list', { asOf: AS_OF, flag: 'STEP1_FAIL', limit: 1000 });
    expect(after.ok && after.value.rows.map((x) => x.id)).toContain(id);
    expect(before.ok && before.value.rows.map((x) => x.id)).not.toContain(id);
  });
});
