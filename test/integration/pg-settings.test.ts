/**
 * Reference facts, specialties, the school's name, the pseudonym key and saved roster filters on an
 * office database: the same edits give the same rows and the same refusals as on a laptop, the
 * flags follow an edited fact, the database audits each change under the person's login (never the
 * key's value), and only the coordinator may edit the facts.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { openPostgresStore } from '../../src/main/store/postgres';
import type { Store } from '../../src/main/store/store';
import { demoDatabase } from './backup-fixtures';
import { describePostgres } from '../pg/databases';
import { officeDatabase, type Office } from '../pg/office';

const AS_OF = '2026-11-26';

/** What differs by engine, not by meaning: record ids. */
function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'id' ? undefined : v));
}

describePostgres('reference facts, specialties, preferences and saved filters on an office database', (cluster) => {
  let o: Office;
  let laptop: Db;
  let store: Store & { sessionUser: string };
  let lite: HandlerContext;
  let office: HandlerContext;
  let advisorLogin: string;
  const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => o.query<T>(sql, params);

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(60));
    o = await officeDatabase(cluster, laptop, AS_OF);
    const coordinator = await o.addUser('coordinator', 'Casey Coordinator', 'coordinator pass 1');
    advisorLogin = await o.addUser('advisor', 'Some Advisor', 'advisor password 1');
    store = await openPostgresStore(o.urlOf(coordinator), { password: 'coordinator pass 1' });
    lite = { db: laptop, databasePath: 'laptop', actor: 'casey' };
    office = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
  });
  afterAll(async () => {
    await store?.close();
    await o?.close();
  });

  it('edits reference facts and specialties as the laptop does, refusals included, and the flags follow', async () => {
    const edits: [string, (ctx: HandlerContext) => Promise<unknown>][] = [
      ['a new CK passing score from a date', (ctx) => invoke(ctx, 'settings.add', { key: 'step2ck.minPass', effectiveFrom: '2026-09-01', value: '222', source: 'USMLE announcement (test)' })],
      ['its value changed', (ctx) => invoke(ctx, 'settings.update', { key: 'step2ck.minPass', effectiveFrom: '2026-09-01', patch: { value: '221', note: 'corrected' } })],
      ['a second row on the same date', (ctx) => invoke(ctx, 'settings.add', { key: 'step2ck.minPass', effectiveFrom: '2026-09-01', value: '230', source: 'x' })],
      ['a value that is no score', (ctx) => invoke(ctx, 'settings.update', { key: 'step2ck.minPass', effectiveFrom: '2026-09-01', patch: { value: 'high' } })],
      ['a base row removed', (ctx) => invoke(ctx, 'settings.remove', { key: 'step2ck.minPass', effectiveFrom: null })],
      ['a season’s review date', (ctx) => invoke(ctx, 'settings.add', { key: 'eras.reviewDate.2028', effectiveFrom: null, value: '2027-09-22', source: 'AAMC (test)' })],
      ['the pseudonym key typed in', (ctx) => invoke(ctx, 'settings.update', { key: 'reports.pseudonymKey', effectiveFrom: null, patch: { value: 'x'.repeat(64) } })],
      ['a specialty added', (ctx) => invoke(ctx, 'specialties.add', { name: 'Sleep Medicine', tier: 'less', referenceCk: 235, aliases: ['Sleep'], source: 'office', effectiveDate: '2026-07-01', note: null })],
      ['a name another answers to', (ctx) => invoke(ctx, 'specialties.add', { name: 'derm', tier: 'highly', referenceCk: null, aliases: [], source: 'x', effectiveDate: '2026-07-01', note: null })],
    ];
    for (const [what, edit] of edits) expect(withoutIds(await edit(office)), what).toEqual(withoutIds(await edit(lite)));
    const sleepLite = (await invoke(lite, 'specialties.list', {})).ok && (await invoke(lite, 'specialties.list', {}));
    const sleepId = async (ctx: HandlerContext) => {
      const r = await invoke(ctx, 'specialties.list', {});
      return r.ok ? r.value.find((s) => s.name === 'Sleep Medicine')!.id : -1;
    };
    expect(sleepLite).toBeTruthy();
    expect(withoutIds(await invoke(office, 'specialties.update', { id: await sleepId(office), patch: { referenceCk: 238, aliases: ['Sleep', 'Sleep Med'] } }))).toEqual(
      withoutIds(await invoke(lite, 'specialties.update', { id: await sleepId(lite), patch: { referenceCk: 238, aliases: ['Sleep', 'Sleep Med'] } })),
    );
    expect((await invoke(office, 'specialties.remove', { id: await sleepId(office) })).ok).toBe(true);
    expect((await invoke(lite, 'specialties.remove', { id: await sleepId(lite) })).ok).toBe(true);
    expect(await invoke(office, 'settings.list', {})).toEqual(await invoke(lite, 'settings.list', {}));
    expect(withoutIds(await invoke(office, 'specialties.list', {}))).toEqual(withoutIds(await invoke(lite, 'specialties.list', {})));
    // The flags read the edited facts on both.
    expect(await invoke(office, 'dashboard.counts', { asOf: '2026-10-01' })).toEqual(await invoke(lite, 'dashboard.counts', { asOf: '2026-10-01' }));
    // Audited by the database under the coordinator's login, field by field.
    const audit = await query<{ actor: string; action: string; entity_id: string; field: string | null; new_value: string | null }>(
      `SELECT actor, action, entity_id, field, new_value FROM audit_log WHERE entity = 'setting' AND entity_id LIKE 'step2ck.minPass@2026-09-01' ORDER BY id`,
    );
    // (The fields of one update in the order the database lists them.)
    expect(audit.map((a) => [a.actor, a.action, a.field]).sort()).toEqual([
      [store.sessionUser, 'insert', null],
      [store.sessionUser, 'update', 'note'],
      [store.sessionUser, 'update', 'value'],
    ]);
  });

  it('sets the school’s name, replaces the pseudonym key without logging it, and keeps saved filters as the laptop does', async () => {
    for (const ctx of [lite, office]) expect(await invoke(ctx, 'reports.setSchoolName', { schoolName: '  Lakeside School of Medicine ' })).toEqual({ ok: true, value: { schoolName: 'Lakeside School of Medicine' } });
    expect(await invoke(office, 'reports.choices', {})).toEqual(await invoke(lite, 'reports.choices', {}));
    const keyBefore = (await query<{ value: string }>(`SELECT value FROM settings WHERE key = 'reports.pseudonymKey'`))[0].value;
    expect((await invoke(office, 'reports.replacePseudonymKey', {})).ok).toBe(true);
    const keyAfter = (await query<{ value: string }>(`SELECT value FROM settings WHERE key = 'reports.pseudonymKey'`))[0].value;
    expect(keyAfter).toMatch(/^[0-9a-f]{64}$/);
    expect(keyAfter).not.toBe(keyBefore);
    const logged = await query<{ old_value: string; new_value: string }>(`SELECT old_value, new_value FROM audit_log WHERE entity = 'setting' AND entity_id LIKE 'reports.pseudonymKey%' AND action = 'update'`);
    expect(logged.length).toBeGreaterThan(0);
    for (const row of logged) expect(JSON.stringify(row)).not.toContain(keyAfter.slice(0, 16));

    const filter = { gradYears: [2027], risk: ['critical' as const, 'high' as const] };
    for (const ctx of [lite, office]) {
      expect((await invoke(ctx, 'savedFilters.save', { name: 'class of 2027 at risk', filter })).ok).toBe(true);
      expect((await invoke(ctx, 'savedFilters.save', { name: 'All DO', filter: { applicantType: 'US_DO' } })).ok).toBe(true);
      expect((await invoke(ctx, 'savedFilters.save', { name: 'class of 2027 at risk', filter: { ...filter, advisor: 'Dr. Ames' } })).ok).toBe(true);
    }
    expect(withoutIds(await invoke(office, 'savedFilters.list', {}))).toEqual(withoutIds(await invoke(lite, 'savedFilters.list', {})));
    const first = await invoke(office, 'savedFilters.list', {});
    expect(first.ok && first.value.map((f) => f.name)).toEqual(['All DO', 'class of 2027 at risk']);
    const id = first.ok ? first.value[0].id : -1;
    expect((await invoke(office, 'savedFilters.remove', { id })).ok).toBe(true);
    expect(await invoke(office, 'savedFilters.remove', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists, adds, changes and removes the Specialties page’s programs as the laptop does, refusals included', async () => {
    const derm = async (ctx: HandlerContext) => {
      const r = await invoke(ctx, 'specialties.list', {});
      return r.ok ? r.value.find((s) => s.name === 'Dermatology')!.id : -1;
    };
    const program = async (ctx: HandlerContext) => ({ name: 'Lakeside Dermatology', specialtyId: await derm(ctx), city: 'Lakeside', state: 'MN', kind: 'academic' as const, stepCkMinimum: 240, note: null });
    for (const ctx of [lite, office]) {
      expect((await invoke(ctx, 'programs.add', await program(ctx))).ok).toBe(true);
      // The same name and city in the same specialty, in another case: listed already.
      expect(await invoke(ctx, 'programs.add', { ...(await program(ctx)), name: 'LAKESIDE dermatology' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(await invoke(ctx, 'programs.add', { ...(await program(ctx)), specialtyId: 999_999 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const listed = async (ctx: HandlerContext) => withoutIds(await invoke(ctx, 'programs.list', { specialtyId: await derm(ctx) }));
    expect(await listed(office)).toEqual(await listed(lite));
    const idOf = async (ctx: HandlerContext) => {
      const r = await invoke(ctx, 'programs.list', {});
      return r.ok ? r.value.find((p) => p.name === 'Lakeside Dermatology')!.id : -1;
    };
    for (const ctx of [lite, office]) expect((await invoke(ctx, 'programs.update', { id: await idOf(ctx), program: { ...(await program(ctx)), stepCkMinimum: 245 } })).ok).toBe(true);
    expect(withoutIds(await invoke(office, 'programs.list', {}))).toEqual(withoutIds(await invoke(lite, 'programs.list', {})));
    for (const ctx of [lite, office]) expect((await invoke(ctx, 'programs.remove', { id: await idOf(ctx) })).ok).toBe(true);
    expect(await invoke(office, 'programs.remove', { id: 999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const audit = await query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'program' AND actor = $1 ORDER BY id`, [store.sessionUser]);
    expect(audit.map((a) => a.action)).toEqual(['insert', 'update', 'delete']);
  });

  it('edits ERAS signal allowances and national match rates as the laptop does: a taken key and a stale version refused', async () => {
    const signal = { season: 2027, specialty: 'Dermatology', gold: 3, silver: 25, signals: null, source: 'AAMC (test)', note: null };
    const rate = { specialty: 'Dermatology', year: 2026, ckFrom: 250, ckTo: 260, matchRatePercent: 71.5, n: 120, source: 'NRMP Charting Outcomes (test)' };
    for (const ctx of [lite, office]) {
      const added = await invoke(ctx, 'signals.add', signal);
      expect(added.ok).toBe(true);
      expect(await invoke(ctx, 'signals.add', signal)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'The 2027 signals for Dermatology is already recorded' } });
      if (!added.ok) return;
      expect((await invoke(ctx, 'signals.update', { id: added.value.id, version: added.value.version, signal: { ...signal, silver: 24 } })).ok).toBe(true);
      expect(await invoke(ctx, 'signals.update', { id: added.value.id, version: added.value.version, signal: { ...signal, silver: 20 } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const r = await invoke(ctx, 'nationalRates.add', rate);
      expect(r.ok).toBe(true);
      expect(await invoke(ctx, 'nationalRates.add', { ...rate, matchRatePercent: 50 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect((await invoke(ctx, 'nationalRates.add', { ...rate, ckFrom: null, ckTo: 250, matchRatePercent: 40 })).ok).toBe(true);
      if (r.ok) expect((await invoke(ctx, 'nationalRates.remove', { id: r.value.id })).ok).toBe(true);
    }
    expect(withoutIds(await invoke(office, 'signals.list', {}))).toEqual(withoutIds(await invoke(lite, 'signals.list', {})));
    expect(withoutIds(await invoke(office, 'nationalRates.list', {}))).toEqual(withoutIds(await invoke(lite, 'nationalRates.list', {})));
  });

  it("says where an office database's backups come from, and keeps the demo cohort to laptops", async () => {
    for (const name of ['backup.list', 'backup.create'] as const)
      expect(await invoke(office, name, {})).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/IT backs up .*stepwise backup --db postgres/) } });
    expect(await invoke(office, 'demo.status', {})).toEqual({ ok: true, value: { students: 0, examAttempts: 0, practiceExams: 0, notes: 0 } });
    expect(await invoke(office, 'demo.load', { students: 10 })).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/demo cohort is for trying Stepwise on a laptop/) } });
    expect(await invoke(office, 'demo.remove', {})).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
  });

  it('lets only the coordinator edit the facts; an advisor is told so and nothing changes', async () => {
    const ctx = o.sessionOf(advisorLogin, 'advisor password 1');
    const before = await invoke(office, 'settings.list', {});
    expect(await invoke(ctx, 'settings.update', { key: 'ckLate.unscheduledWarningDays', effectiveFrom: null, patch: { value: '100' } })).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/^Your office role does not allow this/) } });
    expect(await invoke(ctx, 'reports.setSchoolName', { schoolName: 'Other' })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(await invoke(office, 'settings.list', {})).toEqual(before);
    // Saved filters are shared by the office: an advisor saves one too.
    expect((await invoke(ctx, 'savedFilters.save', { name: 'My students', filter: { advisor: 'Some Advisor' } })).ok).toBe(true);
  });
});
