/**
 * The PostgreSQL migrations, on the real engine: numbered as SQLite's, leaving the same tables and
 * columns and the same reference rows, refusing a newer schema unchanged, and safe when several
 * clients start against a new office database at once.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrations';
import { DatabaseError } from '../../src/main/db/errors';
import { migratePostgres, schemaVersion } from '../../src/main/store/postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../../src/main/store/postgres/migrations';
import { DEFAULT_SETTINGS, DEFAULT_SPECIALTIES, SPECIALTY_EFFECTIVE_DATE, SPECIALTY_SOURCE } from '../../src/shared/rules/reference-defaults';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

describePostgres('PostgreSQL migrations', (cluster) => {
  const made: TestDatabase[] = [];
  const clients: pg.Client[] = [];
  async function fresh(): Promise<{ d: TestDatabase; c: pg.Client }> {
    const d = await createTestDatabase(cluster);
    made.push(d);
    const c = new pg.Client(d.config);
    await c.connect();
    clients.push(c);
    return { d, c };
  }
  let migrated: pg.Client;
  beforeAll(async () => {
    migrated = (await fresh()).c;
    expect(await migratePostgres(migrated)).toEqual({ from: 0, to: SCHEMA_VERSION });
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    for (const d of made) await d.drop();
  });

  it('are numbered and named as the SQLite migrations', () => {
    expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

  it('leave the same tables and columns as SQLite, in the stepwise schema', async () => {
    const lite = new Database(':memory:');
    for (const m of MIGRATIONS) m.up(lite);
    const liteTables = (lite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).map((table) => ({
      table,
      columns: (lite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).pluck().all(table) as string[]),
    }));
    lite.close();
    const r = await migrated.query<{ table_name: string; columns: string[] }>(
      `SELECT c.table_name, array_agg(c.column_name::text ORDER BY c.column_name) AS columns
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE c.table_schema = 'stepwise' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_version'
       GROUP BY c.table_name ORDER BY c.table_name`,
    );
    // What only an office needs: who its users are, and each audit row's student (for advisors' row-level security).
    const officeOnly: Record<string, string[]> = { office_users: ['created_at', 'display_name', 'login', 'role'], audit_log: ['student_id'] };
    const pgTables = r.rows.map((x) => ({ table: x.table_name, columns: x.columns.filter((c) => !officeOnly[x.table_name]?.includes(c)) })).filter((t) => t.columns.length > 0);
    expect(pgTables).toEqual(liteTables);
  });

  it('seed exactly the reference settings and specialties the code ships', async () => {
    const settings = await migrated.query(
      `SELECT key, effective_from::text AS "effectiveFrom", kind, value, label, source, note FROM stepwise.settings WHERE key <> 'reports.pseudonymKey' ORDER BY key, effective_from NULLS FIRST`,
    );
    const byKey = [...DEFAULT_SETTINGS].sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : (a.effectiveFrom ?? '') < (b.effectiveFrom ?? '') ? -1 : 1));
    expect(settings.rows).toEqual(byKey.map((s) => ({ ...s })));
    const specialties = await migrated.query(
      `SELECT name, tier, reference_ck AS "referenceCk", aliases, source, effective_date::text AS "effectiveDate", note FROM stepwise.specialties ORDER BY id`,
    );
    expect(specialties.rows).toEqual(
      DEFAULT_SPECIALTIES.map((s) => ({ name: s.name, tier: s.tier, referenceCk: s.referenceCk, aliases: s.aliases, source: SPECIALTY_SOURCE, effectiveDate: SPECIALTY_EFFECTIVE_DATE, note: s.note })),
    );
  });

  it('keep the domain checks: an unknown exam, a result-less attempt and a second "Derm" are refused', async () => {
    await migrated.query(`INSERT INTO stepwise.students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES ('S1', 'A', 'B', 2027, now(), now())`);
    await expect(migrated.query(`INSERT INTO stepwise.exam_attempts (student_id, exam, outcome, created_at) VALUES ('S1', 'STEP9', 'PASS', now())`)).rejects.toThrow(/check constraint/);
    await expect(migrated.query(`INSERT INTO stepwise.exam_attempts (student_id, exam, created_at) VALUES ('S1', 'STEP1', now())`)).rejects.toThrow(/check constraint/);
    await expect(migrated.query(`INSERT INTO stepwise.exam_attempts (student_id, exam, outcome, created_at) VALUES ('nobody', 'STEP1', 'PASS', now())`)).rejects.toThrow(/foreign key/);
    await expect(migrated.query(`INSERT INTO stepwise.specialties (name, tier, source, effective_date) VALUES ('DERMATOLOGY', 'highly', 'x', '2026-01-01')`)).rejects.toThrow(/duplicate key/);
    await migrated.query(`DELETE FROM stepwise.students WHERE id = 'S1'`);
  });

  it('find the deleted records of a student through the audit index, and ignore delete rows that are not JSON', async () => {
    await migrated.query(`INSERT INTO stepwise.audit_log (at, actor, action, entity, entity_id, old_value) VALUES
      (now(), 'a', 'delete', 'exam_attempt', '7', '{"studentId":"S9","exam":"STEP1"}'),
      (now(), 'a', 'delete', 'advising_note', '8', 'not json at all')`);
    const r = await migrated.query(`SELECT entity_id FROM stepwise.audit_log WHERE action = 'delete' AND entity_id IN ('7', '8') AND stepwise.deleted_record_student(old_value) = 'S9'`);
    expect(r.rows).toEqual([{ entity_id: '7' }]);
  });

  it('0004 adds its rows to a schema-3 database and leaves the office’s own edits alone', async () => {
    const { c } = await fresh();
    const upTo4 = POSTGRES_MIGRATIONS.slice(0, 4);
    expect(await migratePostgres(c, POSTGRES_MIGRATIONS.slice(0, 3))).toEqual({ from: 0, to: 3 });
    expect((await c.query(`SELECT count(*)::int AS n FROM stepwise.settings WHERE key = 'comlex.attemptLimit'`)).rows[0].n).toBe(0);
    expect(await migratePostgres(c, upTo4)).toEqual({ from: 3, to: 4 });
    const limits = await c.query(`SELECT effective_from::text AS "from", value FROM stepwise.settings WHERE key = 'comlex.attemptLimit' ORDER BY effective_from NULLS FIRST`);
    expect(limits.rows).toEqual([
      { from: null, value: '6' },
      { from: '2022-07-01', value: '4' },
    ]);
    // Edited by the office, then the migration runs again (as on a database a later version created): unchanged.
    await c.query(`UPDATE stepwise.settings SET value = '120' WHERE key = 'ckLate.unscheduledWarningDays'`);
    await c.query(`UPDATE stepwise.schema_version SET version = 3`);
    expect(await migratePostgres(c, upTo4)).toEqual({ from: 3, to: 4 });
    expect((await c.query(`SELECT value FROM stepwise.settings WHERE key = 'ckLate.unscheduledWarningDays'`)).rows).toEqual([{ value: '120' }]);
    expect(await migratePostgres(c)).toEqual({ from: 4, to: SCHEMA_VERSION });
  });

  it('0010 adds the outcomes charts\' least seasons per block to a schema-9 database, and keeps an office\'s own value', async () => {
    const { c } = await fresh();
    const upTo10 = POSTGRES_MIGRATIONS.slice(0, 10);
    expect(await migratePostgres(c, POSTGRES_MIGRATIONS.slice(0, 9))).toEqual({ from: 0, to: 9 });
    expect((await c.query(`SELECT count(*)::int AS n FROM stepwise.settings WHERE key = 'outcomes.blockSeasons'`)).rows[0].n).toBe(0);
    expect(await migratePostgres(c, upTo10)).toEqual({ from: 9, to: 10 });
    expect((await c.query(`SELECT value, kind FROM stepwise.settings WHERE key = 'outcomes.blockSeasons'`)).rows).toEqual([{ value: '3', kind: 'number' }]);
    await c.query(`UPDATE stepwise.settings SET value = '2' WHERE key = 'outcomes.blockSeasons'`);
    await c.query(`UPDATE stepwise.schema_version SET version = 9`);
    expect(await migratePostgres(c, upTo10)).toEqual({ from: 9, to: 10 });
    expect((await c.query(`SELECT value FROM stepwise.settings WHERE key = 'outcomes.blockSeasons'`)).rows).toEqual([{ value: '2' }]);
  });

  it('refuse a database written by a newer Stepwise, and change nothing', async () => {
    const { c } = await fresh();
    await migratePostgres(c);
    await c.query(`UPDATE stepwise.schema_version SET version = $1`, [SCHEMA_VERSION + 1]);
    const before = (await c.query(`SELECT count(*)::int AS n FROM stepwise.settings`)).rows[0].n;
    const err = await migratePostgres(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('FUTURE_VERSION');
    expect((err as Error).message).toMatch(new RegExp(`newer version of Stepwise \\(schema ${SCHEMA_VERSION + 1}; this version understands up to ${SCHEMA_VERSION}\\)`));
    expect(await schemaVersion(c)).toBe(SCHEMA_VERSION + 1);
    expect((await c.query(`SELECT count(*)::int AS n FROM stepwise.settings`)).rows[0].n).toBe(before);
  });

  it('roll back entirely when a migration fails half-way', async () => {
    const { c } = await fresh();
    const failing = [...POSTGRES_MIGRATIONS.slice(0, 2), { version: 3, name: 'fails', up: async (db: pg.ClientBase) => { await db.query('CREATE TABLE half_done (x int)'); throw new Error('disk full'); } }];
    await expect(migratePostgres(c, failing)).rejects.toThrow('disk full');
    expect(await schemaVersion(c)).toBe(0);
    expect((await c.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'stepwise'`)).rows[0].n).toBe(0);
  });

  it('read the cohort in byte-wise ID order through an index, in a database whose own collation is another (ICU en-US)', async () => {
    const admin = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: cluster.superuser, database: 'postgres' });
    await admin.connect();
    const name = `stepwise_icu_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`);
    const c = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: cluster.superuser, database: name });
    await c.connect();
    try {
      await migratePostgres(c);
      await c.query(`INSERT INTO stepwise.students (id, first_name, last_name, grad_year, created_at, updated_at)
                     SELECT 's' || g, 'a', 'b', 2027, now(), now() FROM generate_series(1, 5000) g UNION ALL SELECT 'S' || g, 'a', 'b', 2027, now(), now() FROM generate_series(1, 5000) g`);
      await c.query('ANALYZE stepwise.students');
      // The two orders differ here: 'S…' before 's…' byte-wise, interleaved in en-US.
      const icu = (await c.query(`SELECT id FROM stepwise.students ORDER BY id LIMIT 2`)).rows.map((r) => r.id);
      expect(icu.some((id: string) => id.startsWith('s'))).toBe(true);
      const plan = (await c.query(`EXPLAIN SELECT s.id FROM stepwise.students s WHERE s.id COLLATE "C" > 'S4' ORDER BY s.id COLLATE "C" LIMIT 2000`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using students_by_id_bytes/);
      expect(plan).not.toMatch(/Sort/);
    } finally {
      await c.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('migrate once when several clients start against a new database together', async () => {
    const { d, c } = await fresh();
    const others = await Promise.all(
      [1, 2, 3].map(async () => {
        const o = new pg.Client(d.config);
        await o.connect();
        clients.push(o);
        return o;
      }),
    );
    const results = await Promise.all([c, ...others].map((x) => migratePostgres(x)));
    expect(results.filter((r) => r.from === 0)).toHaveLength(1);
    expect(results.every((r) => r.to === SCHEMA_VERSION)).toBe(true);
    expect((await c.query(`SELECT count(*)::int AS n FROM stepwise.settings WHERE key <> 'reports.pseudonymKey'`)).rows[0].n).toBe(DEFAULT_SETTINGS.length);
  });
});
