/**
 * `office copy` on the real engines: a laptop's SQLite roster (a demo cohort with notes, an action
 * item, a deleted attempt, an edited setting and a pseudonym key) moved into an empty office
 * database keeps every row, every student's snapshot and flags, and its audit history with the
 * original actors and times; a second copy, or a copy by anyone but the owner, changes nothing.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteAttempt } from '../../src/main/db/attempts';
import { loadCohortSnapshots } from '../../src/main/db/cohort-snapshots';
import { insertActionItem, insertNote } from '../../src/main/db/notes';
import type { Db } from '../../src/main/db/open';
import { updateSetting } from '../../src/main/db/reference';
import { pseudonymKey } from '../../src/main/reports/pseudonyms';
import { readCohortPostgres } from '../../src/main/store/postgres/cohort';
import { postgresStore } from '../../src/main/store/postgres';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb } from '../../src/main/handlers/context';
import { loadSnapshot } from '../../src/main/db/students';
import { connectionConfig, endPool } from '../../src/main/store/postgres/connect';
import { COPIED_TABLES, copyLaptopToOffice, CopyRefused } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser } from '../../src/main/store/postgres/office-users';
import type { StudentSnapshot } from '../../src/shared/domain';
import { demoDatabase } from './backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

const AS_OF = '2026-11-26';
const who = { actor: 'laptop advisor', context: 'student page' };

describePostgres('office copy: a laptop roster into an empty office database', (cluster) => {
  let laptop: Db;
  let d: TestDatabase;
  let pool: pg.Pool;
  let copied: Awaited<ReturnType<typeof copyLaptopToOffice>>;
  /** The office database's own set-up rows (its pseudonym key, made by migration 0005). */
  let officeOwnAudit = 0;
  const url = () => `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(400));
    const first = laptop.prepare(`SELECT id FROM students ORDER BY id LIMIT 2`).pluck().all() as string[];
    const noteId = insertNote(laptop, { studentId: first[0], body: 'Plan CK for June', followUpDate: '2026-12-10', actionItems: [] }, who);
    insertActionItem(laptop, noteId, { text: 'Book CK', dueDate: '2026-12-20', done: false }, who);
    const attempt = laptop.prepare(`SELECT id FROM exam_attempts WHERE student_id = ? LIMIT 1`).pluck().get(first[1]) as number;
    laptop.transaction(() => deleteAttempt(laptop, attempt, who))();
    updateSetting(laptop, 'ckLate.unscheduledWarningDays', null, { value: '120' }, who);
    pseudonymKey(laptop, who);
    d = await createTestDatabase(cluster);
    pool = new pg.Pool(connectionConfig(url()));
    const c = await pool.connect();
    try {
      await migratePostgres(c);
      officeOwnAudit = Number((await c.query(`SELECT count(*) AS n FROM audit_log`)).rows[0].n);
      copied = await copyLaptopToOffice(laptop, c, { sourceName: 'laptop.db', asOf: AS_OF });
    } finally {
      c.release();
    }
  });
  afterAll(async () => {
    if (pool) await endPool(pool);
    await d?.drop();
  });

  it('copies every row of every table', async () => {
    for (const table of COPIED_TABLES) {
      const lite = laptop.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      expect(copied.counts[table], table).toBe(lite);
      // The office's own audit row of the copy comes on top of the laptop's history.
      const office = Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      expect(office, table).toBe(table === 'audit_log' ? lite + officeOwnAudit + 1 : lite);
    }
    expect(copied.studentsCompared).toBe(400);
  });

  it('gives every student the same snapshot on both engines', async () => {
    const office: StudentSnapshot[] = [];
    for await (const chunk of readCohortPostgres(pool, {}, 97)) office.push(...chunk);
    const byId = <T extends { id: number }>(xs: T[]) => [...xs].sort((a, b) => a.id - b.id);
    const norm = (s: StudentSnapshot) => ({ ...s, attempts: byId(s.attempts), practice: byId(s.practice) });
    expect(office.map(norm)).toEqual(loadCohortSnapshots(laptop).map(norm));
  });

  it('gives each student the student page’s snapshot and evaluation through the store, as on the laptop', async () => {
    const store = postgresStore(pool);
    const ids = laptop.prepare(`SELECT id FROM students ORDER BY random() LIMIT 25`).pluck().all() as string[];
    for (const id of ids) expect(await store.snapshot(id)).toEqual(loadSnapshot(laptop, id));
    expect(await store.snapshot('nobody')).toBeNull();
    const office = { db: officeOnlyDb(), store, databasePath: 'office', actor: 'test' };
    const lite = { db: laptop, databasePath: 'laptop', actor: 'test' };
    for (const id of ids.slice(0, 5)) expect(await invoke(office, 'flags.student', { id, asOf: AS_OF })).toEqual(await invoke(lite, 'flags.student', { id, asOf: AS_OF }));
    expect(await invoke(office, 'flags.cohort', { asOf: AS_OF, gradYears: [2027] })).toEqual(await invoke(lite, 'flags.cohort', { asOf: AS_OF, gradYears: [2027] }));
    // What is not behind the store yet (a name kept in the laptop's preferences) is refused, not crashed.
    const refused = await invoke(office, 'audit.setUserName', { userName: 'Someone Else' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/does not work on an office \(PostgreSQL\) database yet/) } });
  });

  it('keeps the audit history with its actors and times, and names each row’s student', async () => {
    const columns = 'at, actor, action, entity, entity_id, field, old_value, new_value, context';
    const lite = laptop.prepare(`SELECT ${columns} FROM audit_log ORDER BY id`).all();
    // After the office database's own set-up rows, the laptop's history, in its order, then the copy's own row.
    const office = await pool.query(`SELECT ${columns} FROM audit_log ORDER BY id OFFSET $1 LIMIT $2`, [officeOwnAudit, lite.length]);
    expect(office.rows).toEqual(lite);
    const deleted = await pool.query(`SELECT student_id FROM audit_log WHERE action = 'delete' AND entity = 'exam_attempt'`);
    expect(deleted.rows).toEqual([{ student_id: laptop.prepare(`SELECT id FROM students ORDER BY id LIMIT 1 OFFSET 1`).pluck().get() }]);
    const copyRow = await pool.query(`SELECT actor, entity, context FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(copyRow.rows).toEqual([{ actor: cluster.superuser, entity: 'database', context: 'office copy from laptop.db' }]);
  });

  it('keeps the office’s edited settings and its pseudonym key, and new rows get new IDs', async () => {
    expect((await pool.query(`SELECT value FROM settings WHERE key = 'ckLate.unscheduledWarningDays'`)).rows).toEqual([{ value: '120' }]);
    const key = laptop.prepare(`SELECT value FROM settings WHERE key = 'reports.pseudonymKey'`).pluck().get();
    expect((await pool.query(`SELECT value FROM settings WHERE key = 'reports.pseudonymKey'`)).rows).toEqual([{ value: key }]);
    const max = laptop.prepare(`SELECT max(id) FROM exam_attempts`).pluck().get() as number;
    const id = (await pool.query(`INSERT INTO exam_attempts (student_id, exam, outcome, created_at) SELECT id, 'STEP3', 'PASS', now() FROM students LIMIT 1 RETURNING id`)).rows[0].id;
    expect(id).toBeGreaterThan(max);
    await pool.query(`DELETE FROM exam_attempts WHERE id = $1`, [id]);
  });

  it('refuses a second copy into the now non-empty database, changing nothing', async () => {
    const before = Number((await pool.query(`SELECT count(*) AS n FROM audit_log`)).rows[0].n);
    const c = await pool.connect();
    try {
      await expect(copyLaptopToOffice(laptop, c, { sourceName: 'laptop.db', asOf: AS_OF })).rejects.toBeInstanceOf(CopyRefused);
    } finally {
      c.release();
    }
    expect(Number((await pool.query(`SELECT count(*) AS n FROM audit_log`)).rows[0].n)).toBe(before);
  });

  it('refuses a copy by an office user who does not own the database, changing nothing', async () => {
    const other = await createTestDatabase(cluster);
    const admin = new pg.Client(other.config);
    await admin.connect();
    await migratePostgres(admin);
    const login = `${other.name}_coord`;
    await addOfficeUser(admin, { login, displayName: 'Casey', role: 'coordinator', password: 'a long enough password' });
    const coord = new pg.Client({ ...connectionConfig(`postgres://${login}@127.0.0.1:${cluster.port}/${other.name}`), password: 'a long enough password' });
    await coord.connect();
    try {
      await expect(copyLaptopToOffice(laptop, coord as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: AS_OF })).rejects.toThrow(/owner/);
      expect((await admin.query(`SELECT count(*)::int AS n FROM stepwise.students`)).rows[0].n).toBe(0);
      expect((await admin.query(`SELECT count(*)::int AS n FROM stepwise.specialties`)).rows[0].n).toBeGreaterThan(0);
    } finally {
      await coord.end();
      await admin.query(`DROP OWNED BY ${admin.escapeIdentifier(login)}`);
      await admin.end();
      await other.drop();
      const c = new pg.Client({ ...other.config, database: 'postgres' });
      await c.connect();
      await c.query(`DROP ROLE ${c.escapeIdentifier(login)}`);
      await c.end();
    }
  });
});
