/**
 * Migration 0008 on the real engine, through each role's own connection (what `psql` would get):
 * the outcomes memory. The coordinator writes everything; the dean reads everything and writes
 * nothing; an advisor reads and writes the outcomes, consent and program lists of their own students
 * only, and other graduates' outcomes only through the consenting, pseudonymised `shared_outcomes`;
 * the committee gets no student's outcome at all. Rows are versioned, audited and signed by the
 * database; the store's reader gives the same memory as SQLite's, graduates under pseudonyms.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/main/db/migrations';
import { readOutcomesMemory } from '../../src/main/db/outcomes-memory';
import type { Db } from '../../src/main/db/open';
import { postgresOutcomesStore, readOutcomesMemoryPostgres } from '../../src/main/store/postgres/outcomes';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb } from '../../src/main/handlers/context';
import { openPostgresStore } from '../../src/main/store/postgres';
import { describePostgres, type TestDatabase } from '../pg/databases';
import { officeTeam, type Team } from '../pg/office';

const PASSWORD = 'correct horse battery';
const OUTCOME = `INSERT INTO match_outcomes (student_id, season, specialty, applications, interviews, result, matched_program_code, ck_at_application, note, created_at, updated_at)
                 VALUES ($1, 2025, 'Dermatology', 60, 9, 'matched', '0801234001', $2, 'private note', now(), now()) RETURNING id`;

/** The same rows on both engines: three graduates, two consenting, one program, its applications. */
const SEED = [
  `INSERT INTO programs (name, code, positions, visa, comlex_accepted) VALUES ('Lakeside Dermatology', '0801234001', 4, 'J-1', ${'$TRUE'})`,
  `INSERT INTO outcome_consents (student_id, consent, recorded_on) VALUES ('S1', 'yes', '2025-03-01'), ('S2', 'yes', '2025-03-01'), ('S3', 'no', '2025-03-01')`,
];

describePostgres('the outcomes memory under the office roles', (cluster) => {
  let team: Team;
  let d: TestDatabase;
  let coord: pg.Client, dean: pg.Client, adams: pg.Client, baker: pg.Client, panel: pg.Client;
  const login = (who: string) => team.login(who);
  const connection = (who: string) => team.connection(who);
  const signIn = (who: string, password?: string) => team.signIn(who, password);

  beforeAll(async () => {
    team = await officeTeam(cluster, PASSWORD);
    ({ d } = team);
    ({ coord, dean, adams, baker, panel } = team.as);
    await coord.query(`INSERT INTO students (id, first_name, last_name, grad_year, advisor, created_at, updated_at) VALUES
      ('S1', 'Ada', 'Lovelace', 2025, 'Dr. Adams', now(), now()), ('S2', 'Bo', 'Baxter', 2025, 'Dr. Baker', now(), now()), ('S3', 'Cy', 'Cole', 2025, 'Dr. Baker', now(), now())`);
    for (const sql of SEED) await coord.query(sql.replace('$TRUE', 'true'));
  });
  afterAll(async () => {
    await team?.close();
  });

  it("an advisor records their own students' outcomes only, audited by the database; the dean reads and writes none; the committee sees none", async () => {
    await adams.query(OUTCOME, ['S1', 262]);
    await expect(adams.query(OUTCOME, ['S2', 240])).rejects.toThrow(/row-level security/);
    await baker.query(OUTCOME, ['S2', 248]);
    await coord.query(OUTCOME, ['S3', 255]);
    expect((await adams.query(`SELECT student_id FROM match_outcomes ORDER BY 1`)).rows).toEqual([{ student_id: 'S1' }]);
    expect((await baker.query(`UPDATE match_outcomes SET note = 'hijacked' WHERE student_id = 'S1'`)).rowCount).toBe(0);
    expect((await dean.query(`SELECT student_id FROM match_outcomes ORDER BY 1`)).rows.map((r) => r.student_id)).toEqual(['S1', 'S2', 'S3']);
    await expect(dean.query(OUTCOME, ['S1', 250])).rejects.toThrow(/permission denied/);
    for (const table of ['match_outcomes', 'outcome_applications', 'outcome_consents', 'program_lists', 'shared_outcomes'])
      await expect(panel.query(`SELECT * FROM ${table}`)).rejects.toThrow(/permission denied/);
    // Reference facts, not students: the committee reads them.
    expect((await panel.query(`SELECT gold, silver FROM signal_allowances WHERE season = 2025 AND specialty = 'Dermatology'`)).rows).toEqual([{ gold: 3, silver: 25 }]);

    const audit = await coord.query(`SELECT actor, action, student_id FROM audit_log WHERE entity = 'match_outcome' ORDER BY id`);
    expect(audit.rows).toEqual([
      { actor: login('adams'), action: 'insert', student_id: 'S1' },
      { actor: login('baker'), action: 'insert', student_id: 'S2' },
      { actor: login('coord'), action: 'insert', student_id: 'S3' },
    ]);
    const v = await adams.query(`UPDATE match_outcomes SET interviews = 10 WHERE student_id = 'S1' RETURNING version`);
    expect(v.rows).toEqual([{ version: 2 }]);
  });

  it("other graduates reach an advisor only through shared_outcomes: consenting ones, under pseudonyms, without notes", async () => {
    const shared = await adams.query(`SELECT * FROM shared_outcomes ORDER BY ck_at_application`);
    expect(shared.rows.map((r) => r.ck_at_application)).toEqual([248, 262]);
    expect(shared.rows.every((r) => /^P-[0-9A-Z]{12}$/.test(r.student))).toBe(true);
    expect(Object.keys(shared.rows[0])).not.toContain('note');
    expect(Object.keys(shared.rows[0])).not.toContain('student_id');
    await expect(adams.query(`SELECT * FROM outcome_consents WHERE student_id = 'S2'`)).resolves.toMatchObject({ rowCount: 0 });
  });

  it("program lists: an advisor saves their own students' lists, signed by the database whatever the client says", async () => {
    const saved = await adams.query(
      `INSERT INTO program_lists (student_id, specialty, entries, saved_by, saved_at) VALUES ('S1', 'Dermatology', '[]', 'forged', '2000-01-01') RETURNING saved_by, saved_at > now() - interval '1 minute' AS fresh`,
    );
    expect(saved.rows).toEqual([{ saved_by: 'Dr. Adams', fresh: true }]);
    await expect(adams.query(`INSERT INTO program_lists (student_id, specialty, entries, saved_by, saved_at) VALUES ('S2', 'Dermatology', '[]', 'x', now())`)).rejects.toThrow(
      /row-level security/,
    );
    const again = await adams.query(`UPDATE program_lists SET entries = '[{"programId":1}]' WHERE student_id = 'S1' RETURNING version`);
    expect(again.rows).toEqual([{ version: 2 }]);
  });

  it("the store's reader gives SQLite's memory for the same rows, graduates under pseudonyms, for an advisor too", async () => {
    await coord.query(`INSERT INTO outcome_applications (outcome_id, program_code, signal, interview_offered)
      SELECT id, '0801234001', 'gold', true FROM match_outcomes WHERE student_id IN ('S1', 'S3')`);
    const lite = new Database(':memory:');
    for (const m of MIGRATIONS) m.up(lite);
    lite.exec(SEED.map((s) => s.replace('$TRUE', '1')).join(';\n'));
    const rows = (await coord.query(`SELECT student_id, interviews, ck_at_application FROM match_outcomes ORDER BY student_id`)).rows;
    const ids = new Map<string, number>();
    for (const r of rows) {
      const id = lite
        .prepare(`INSERT INTO match_outcomes (student_id, season, specialty, applications, interviews, result, matched_program_code, ck_at_application, note, created_at, updated_at)
                  VALUES (?, 2025, 'Dermatology', 60, ?, 'matched', '0801234001', ?, 'private note', 'now', 'now')`)
        .run(r.student_id, r.interviews, r.ck_at_application).lastInsertRowid;
      ids.set(r.student_id, Number(id));
    }
    for (const s of ['S1', 'S3']) lite.prepare(`INSERT INTO outcome_applications (outcome_id, program_code, signal, interview_offered) VALUES (?, '0801234001', 'gold', 1)`).run(ids.get(s));
    const expected = readOutcomesMemory(lite as unknown as Db);
    lite.close();

    for (const who of ['coord', 'adams']) {
      const pool = new pg.Pool({ ...connection(who), max: 2 });
      try {
        const got = await readOutcomesMemoryPostgres(pool);
        // Same facts; the graduates' names are pseudonyms, and what is private (notes, programs as typed) stays out.
        const facts = <T extends { id: number }>(xs: T[]) => xs.map(({ id: _id, ...x }) => x);
        expect(facts(got.programs)).toEqual(facts(expected.programs));
        // (in CK order: the pseudonyms' order is not the IDs')
        const byCk = <T extends { ckAtApplication: number | null }>(xs: T[]) => [...xs].sort((a, b) => a.ckAtApplication! - b.ckAtApplication!);
        expect(byCk(got.outcomes).map(({ id: _id, studentId, ...o }) => ({ ...o, pseudonym: /^P-/.test(studentId) }))).toEqual(
          byCk(expected.outcomes).map(({ id: _id, studentId: _s, ...o }) => ({ ...o, note: null, matchedProgramName: null, pseudonym: true })),
        );
        expect(got.outcomes).toHaveLength(2);
        expect(got.applications.map(({ id: _i, outcomeId: _o, ...a }) => a)).toEqual(expected.applications.map(({ id: _i, outcomeId: _o, ...a }) => a));
        expect(got.signals).toEqual(expected.signals);
        expect(got.settings).toEqual(expected.settings);
      } finally {
        await pool.end();
      }
    }
  });

  it('saves a list through the store: signed by the database, a stale save writes nothing, another advisor\'s student is refused', async () => {
    const adamsPool = new pg.Pool({ ...connection('adams'), max: 2 });
    const coordPool = new pg.Pool({ ...connection('coord'), max: 2 });
    try {
      const mine = postgresOutcomesStore(adamsPool);
      const before = await mine.programList('S1', 'dermatology');
      const entries = [{ programId: 1, tierOverride: null, pinned: true, excluded: false, annotation: 'home program' }];
      const saved = await mine.saveProgramList('S1', 'Dermatology', entries, before!.version, { actor: 'ignored', context: 'student page' });
      expect(saved).toMatchObject({ stale: false, list: { savedBy: 'Dr. Adams', version: before!.version + 1, entries } });
      await postgresOutcomesStore(coordPool).saveProgramList('S1', 'Dermatology', [], undefined, { actor: 'ignored', context: 'student page' });
      const stale = await mine.saveProgramList('S1', 'Dermatology', entries, before!.version + 1, { actor: 'ignored', context: 'student page' });
      expect(stale).toMatchObject({ stale: true, current: { savedBy: 'Casey Coordinator', entries: [] } });
      await expect(mine.saveProgramList('S2', 'Dermatology', entries, null, { actor: 'ignored', context: 'student page' })).rejects.toThrow(/row-level security/);
      const audit = await coord.query(`SELECT actor, context FROM audit_log WHERE entity = 'program_list' AND action = 'update' ORDER BY id DESC LIMIT 1`);
      expect(audit.rows).toEqual([{ actor: login('coord'), context: 'student page' }]);
    } finally {
      await adamsPool.end();
      await coordPool.end();
    }
  });

  it('seeds the same signal allowances as SQLite, and announces a change to an outcome to every session (NOTIFY)', async () => {
    const lite = new Database(':memory:');
    for (const m of MIGRATIONS) m.up(lite);
    const expected = lite.prepare(`SELECT season, specialty, gold, silver, signals, source, note FROM signal_allowances ORDER BY specialty`).all();
    lite.close();
    const seeded = await coord.query(`SELECT season, specialty, gold, silver, signals, source, note FROM signal_allowances WHERE season = 2025 ORDER BY specialty COLLATE "C"`);
    expect(seeded.rows).toEqual(expected);
    expect(seeded.rows).toHaveLength(22);

    const listener = await signIn('dean');
    await listener.query('LISTEN stepwise_changes');
    const heard = new Promise<string>((resolve) => listener.on('notification', (n) => resolve(n.payload ?? '')));
    await adams.query(`UPDATE match_outcomes SET rank_list_length = 8 WHERE student_id = 'S1'`);
    expect(JSON.parse(await heard)).toEqual({ table: 'match_outcomes', by: login('adams') });
  });

  it("the student page's outcome handlers work on an office database: an advisor records their own student's outcome, consent and applications; another's is refused; a stale edit is a CONFLICT", async () => {
    const store = await openPostgresStore(`postgres://${login('adams')}@127.0.0.1:${cluster.port}/${d.name}`, { password: PASSWORD });
    try {
      const ctx = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
      const outcome = { studentId: 'S1', season: 2026, specialty: 'Internal Medicine', applications: 30, goldSignals: 3, silverSignals: 12, interviews: 11, rankListLength: 10, result: 'matched' as const, matchedProgramCode: null, matchedProgramName: 'Harbor IM', ckAtApplication: 251, comlexAtApplication: null, note: null };
      const added = await invoke(ctx, 'outcomes.add', outcome);
      expect(added).toMatchObject({ ok: true, value: { studentId: 'S1', season: 2026 } });
      expect(await invoke(ctx, 'outcomes.add', outcome)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: "S1's 2026 season in Internal Medicine is already recorded" } });
      expect(await invoke(ctx, 'outcomes.add', { ...outcome, studentId: 'S2' })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });

      const id = added.ok ? added.value.id : 0;
      expect(await invoke(ctx, 'outcomes.setApplication', { outcomeId: id, programCode: '1401234003', signal: 'gold', interviewOffered: true })).toMatchObject({
        ok: true,
        value: [{ programCode: '1401234003', signal: 'gold', interviewOffered: true }],
      });
      const consent = await invoke(ctx, 'outcomes.setConsent', { studentId: 'S1', consent: 'yes', recordedOn: '2026-03-25' });
      expect(consent).toMatchObject({ ok: true, value: { studentId: 'S1', consent: 'yes', recordedOn: '2025-03-01' } }); // unchanged answer: its day stays
      const page = await invoke(ctx, 'outcomes.forStudent', { studentId: 'S1' });
      const mine = page.ok ? page.value.outcomes.find((o) => o.id === id)! : null;
      expect(mine).toMatchObject({ interviews: 11, version: 1, applicationList: [{ programCode: '1401234003' }] });

      expect(await invoke(ctx, 'outcomes.update', { id, version: 1, outcome: { ...outcome, interviews: 12 } })).toMatchObject({ ok: true });
      expect(await invoke(ctx, 'outcomes.update', { id, version: 1, outcome: { ...outcome, interviews: 14 } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const fields = await coord.query(`SELECT actor, field, old_value, new_value, context FROM audit_log WHERE entity = 'match_outcome' AND action = 'update' AND entity_id = $1`, [String(id)]);
      expect(fields.rows).toEqual([{ actor: login('adams'), field: 'interviews', old_value: '11', new_value: '12', context: 'student page' }]);
      expect(await invoke(ctx, 'outcomes.remove', { id })).toMatchObject({ ok: true });
      expect((await coord.query(`SELECT count(*)::int AS n FROM outcome_applications WHERE outcome_id = $1`, [id])).rows).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  });
});
