import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../src/main/handlers/context';
import { invoke } from '../../src/main/handlers';
import { listSettings, listSpecialties, loadReferenceData } from '../../src/main/db/reference';
import { defaultReferenceData } from '../../src/shared/rules/reference-defaults';
import { specialtyKeys } from '../../src/shared/rules/specialties';
import type { Db } from '../../src/main/db/open';
import { auditRows, databases, makeStudent, seed } from './flags-fixtures';

const dbs = databases();
afterEach(() => dbs.cleanup());

const AS_OF = '2026-03-01';

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function flagsOf(ctx: HandlerContext, id: string) {
  const ev = await ok(invoke(ctx, 'flags.student', { id, asOf: AS_OF }));
  return Object.fromEntries(ev.flags.map((f) => [f.code, f.severity]));
}

function settingCount(db: Db) {
  return listSettings(db).length;
}

describe('reference data in a real database', () => {
  it('loads exactly the shipped defaults after migration', async () => {
    const { db } = await dbs.create();
    const loaded = loadReferenceData(db);
    expect(loaded.settings).toEqual(defaultReferenceData().settings.sort((a, b) => (a.key + (a.effectiveFrom ?? '') < b.key + (b.effectiveFrom ?? '') ? -1 : 1)));
    expect([...loaded.specialties].sort((a, b) => a.id - b.id)).toEqual(defaultReferenceData().specialties);
  });

  it('no two shipped specialty rows answer to the same typed name', () => {
    const seen = new Map<string, string>();
    for (const s of defaultReferenceData().specialties)
      for (const k of specialtyKeys(s)) {
        expect(seen.get(k) ?? s.name, `"${k}"`).toBe(s.name);
        seen.set(k, s.name);
      }
  });
});

describe('editing a specialty reference changes the flags, and is audited', () => {
  it('raising Dermatology from 258 to 262 turns a 250 from medium into high CK_BELOW_TARGET', async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1', { targetSpecialty: 'Derm', backupSpecialty: 'Internal Medicine' }), [
      { exam: 'STEP1', testDate: '2025-05-01', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2026-01-10', outcome: 'PASS', score: 250 },
    ]);
    expect(await flagsOf(ctx, 'S1')).toEqual({ CK_BELOW_TARGET: 'medium' });
    const derm = listSpecialties(db).find((s) => s.name === 'Dermatology')!;

    const saved = await ok(invoke(ctx, 'specialties.update', { id: derm.id, patch: { referenceCk: 262, source: 'NRMP Charting Outcomes 2028' } }));
    expect(saved).toMatchObject({ id: derm.id, referenceCk: 262 });
    expect(await flagsOf(ctx, 'S1')).toEqual({ CK_BELOW_TARGET: 'high' });
    const ev = await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf: AS_OF }));
    expect(ev.flags[0].message).toBe('Step 2 CK 250 is 12 below the Dermatology reference 262 (NRMP Charting Outcomes 2028)');

    expect(auditRows(db, 'specialty')).toEqual([
      { actor: 'test-advisor', action: 'update', entityId: String(derm.id), field: 'referenceCk', oldValue: '258', newValue: '262', context: 'specialties page' },
      { actor: 'test-advisor', action: 'update', entityId: String(derm.id), field: 'source', oldValue: derm.source, newValue: 'NRMP Charting Outcomes 2028', context: 'specialties page' },
    ]);
  });

  it('clearing a reference score falls back to the tier default', async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1', { targetSpecialty: 'Dermatology', backupSpecialty: 'IM' }), [
      { exam: 'STEP1', testDate: '2025-05-01', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2026-01-10', outcome: 'PASS', score: 252 },
    ]);
    expect(await flagsOf(ctx, 'S1')).toEqual({ CK_BELOW_TARGET: 'medium' });
    const derm = listSpecialties(db).find((s) => s.name === 'Dermatology')!;
    await ok(invoke(ctx, 'specialties.update', { id: derm.id, patch: { referenceCk: null } }));
    expect(await flagsOf(ctx, 'S1')).toEqual({});
    const ev = await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf: AS_OF }));
    expect(ev.facts.targetSpecialty).toMatchObject({ referenceCk: 250, fromTierDefault: true });
  });

  it('adding a specialty (with an alias) gives a target a reference; removing it takes it away', async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1', { targetSpecialty: 'Sports Med' }), [
      { exam: 'STEP1', testDate: '2025-05-01', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2026-01-10', outcome: 'PASS', score: 240 },
    ]);
    let ev = await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf: AS_OF }));
    expect(ev.missing).toContain('target specialty not in the reference table');
    expect(ev.flags).toEqual([]);

    const added = await ok(
      invoke(ctx, 'specialties.add', { name: 'Sports Medicine', tier: 'moderately', referenceCk: 248, aliases: [' Sports Med ', 'Sports Med', ''], source: 'office survey 2026', effectiveDate: '2026-02-01', note: null }),
    );
    expect(added.aliases).toEqual(['Sports Med']);
    ev = await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf: AS_OF }));
    expect(ev.missing).toEqual([]);
    expect(ev.flags.map((f) => [f.code, f.severity, f.message])).toEqual([['CK_BELOW_TARGET', 'medium', 'Step 2 CK 240 is 8 below the Sports Medicine reference 248 (office survey 2026)']]);

    expect(await ok(invoke(ctx, 'specialties.remove', { id: added.id }))).toEqual({ id: added.id });
    ev = await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf: AS_OF }));
    expect(ev.flags).toEqual([]);
    expect(auditRows(db, 'specialty').map((r) => r.action)).toEqual(['insert', 'delete']);
  });

  it('refuses a name or alias another specialty already answers to, and a duplicate name, writing nothing', async () => {
    const { db, ctx } = await dbs.create();
    const before = listSpecialties(db);
    const base = { tier: 'less' as const, referenceCk: 240, source: 'office', effectiveDate: '2026-01-01', note: null };
    const clashes = [
      { ...base, name: 'dermatology', aliases: [] },
      { ...base, name: 'Derm', aliases: [] },
      { ...base, name: 'Sports Medicine', aliases: ['IM'] },
      { ...base, name: 'Sports Medicine', aliases: ['ob gyn'] },
    ];
    for (const input of clashes) {
      const r = await invoke(ctx, 'specialties.add', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    }
    const r = await invoke(ctx, 'specialties.add', { ...base, name: 'Sports Medicine', aliases: ['IM'] });
    expect(!r.ok && r.error.message).toBe('"IM" already names Internal Medicine');
    const fm = before.find((s) => s.name === 'Family Medicine')!;
    const rename = await invoke(ctx, 'specialties.update', { id: fm.id, patch: { aliases: ['FM', 'Peds'] } });
    expect(!rename.ok && rename.error.code).toBe('CONFLICT');
    expect(listSpecialties(db)).toEqual(before);
    expect(auditRows(db, 'specialty')).toEqual([]);
  });

  it('validates specialty input at the dispatcher', async () => {
    const { ctx } = await dbs.create();
    const bad = await invoke(ctx, 'specialties.add', { name: 'X', tier: 'very', referenceCk: 400, aliases: [], source: '', effectiveDate: '2026-13-01', note: null } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_INPUT');
      expect(bad.error.issues!.map((i) => i.path).sort()).toEqual(['effectiveDate', 'referenceCk', 'source', 'tier']);
    }
    const missing = await invoke(ctx, 'specialties.update', { id: 9999, patch: { referenceCk: 250 } });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });
});

describe('editing settings changes the flags, and is audited', () => {
  it('the cautious 8-week reporting lag turns a CK booked for 2026-08-01 into CK_LATE', async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1'), [
      { exam: 'STEP1', testDate: '2025-05-01', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2026-08-01', outcome: 'SCHEDULED', score: null },
    ]);
    expect(await flagsOf(ctx, 'S1')).toEqual({});
    const saved = await ok(invoke(ctx, 'settings.update', { key: 'usmle.reportingLagWeeks', effectiveFrom: null, patch: { value: '8', note: 'cautious value for 2027' } }));
    expect(saved).toMatchObject({ key: 'usmle.reportingLagWeeks', value: '8', note: 'cautious value for 2027' });
    expect(await flagsOf(ctx, 'S1')).toEqual({ CK_LATE: 'medium' });
    const ev = await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf: AS_OF }));
    expect(ev.facts.ckSafeDate).toBe('2026-07-29');
    expect(ev.flags[0].message).toContain('8-week reporting lag');
    expect(auditRows(db, 'setting')).toEqual([
      { actor: 'test-advisor', action: 'update', entityId: 'usmle.reportingLagWeeks@always', field: 'value', oldValue: '4', newValue: '8', context: 'settings page' },
      {
        actor: 'test-advisor',
        action: 'update',
        entityId: 'usmle.reportingLagWeeks@always',
        field: 'note',
        oldValue: '4 weeks is typical; 8 weeks is the cautious value.',
        newValue: 'cautious value for 2027',
        context: 'settings page',
      },
    ]);
  });

  it('a new dated passing score applies from its date only; removing it restores the old one', async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1', { gradYear: 2028, targetSpecialty: null }), [
      { exam: 'STEP1', testDate: '2026-05-01', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2026-02-10', outcome: null, score: 220 },
    ]);
    expect(await flagsOf(ctx, 'S1')).toEqual({});
    const added = await ok(invoke(ctx, 'settings.add', { key: 'step2ck.minPass', effectiveFrom: '2026-01-01', value: '222', source: 'USMLE announcement 2025-12' }));
    expect(added).toMatchObject({ kind: 'number', label: 'Step 2 CK minimum passing score', effectiveFrom: '2026-01-01' });
    expect(await flagsOf(ctx, 'S1')).toEqual({ CK_FAIL: 'critical' });
    const moved = await ok(invoke(ctx, 'settings.update', { key: 'step2ck.minPass', effectiveFrom: '2026-01-01', patch: { effectiveFrom: '2026-03-01' } }));
    expect(moved.effectiveFrom).toBe('2026-03-01');
    expect(await flagsOf(ctx, 'S1')).toEqual({});
    await ok(invoke(ctx, 'settings.update', { key: 'step2ck.minPass', effectiveFrom: '2026-03-01', patch: { effectiveFrom: '2026-02-10' } }));
    expect(await flagsOf(ctx, 'S1')).toEqual({ CK_FAIL: 'critical' });
    expect(await ok(invoke(ctx, 'settings.remove', { key: 'step2ck.minPass', effectiveFrom: '2026-02-10' }))).toEqual({ key: 'step2ck.minPass', effectiveFrom: '2026-02-10' });
    expect(await flagsOf(ctx, 'S1')).toEqual({});
    expect(auditRows(db, 'setting').map((r) => [r.action, r.entityId, r.field])).toEqual([
      ['insert', 'step2ck.minPass@2026-01-01', null],
      ['update', 'step2ck.minPass@2026-01-01', 'effectiveFrom'],
      ['update', 'step2ck.minPass@2026-03-01', 'effectiveFrom'],
      ['delete', 'step2ck.minPass@2026-02-10', null],
    ]);
  });

  it("an office-entered season review date replaces the derived one, and may be removed again", async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1', { gradYear: 2028 }), [
      { exam: 'STEP1', testDate: '2026-05-01', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2027-08-30', outcome: 'SCHEDULED', score: null },
    ]);
    const asOf = '2026-11-01';
    const ckLate = async () => (await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf }))).flags.find((f) => f.code === 'CK_LATE')?.severity ?? null;
    expect(await ckLate()).toBe('medium'); // derived review date 2027-09-22, safe date 2027-08-25
    const row = await ok(invoke(ctx, 'settings.add', { key: 'eras.reviewDate.2028', effectiveFrom: null, value: '2027-09-29', source: 'AAMC ERAS 2028 timeline' }));
    expect(row).toMatchObject({ kind: 'date', label: 'ERAS 2028 season: programs may review applications from' });
    expect(await ckLate()).toBeNull();
    expect((await ok(invoke(ctx, 'flags.student', { id: 'S1', asOf }))).facts).toMatchObject({ reviewDate: '2027-09-29', reviewDatePublished: true });
    await ok(invoke(ctx, 'settings.remove', { key: 'eras.reviewDate.2028', effectiveFrom: null }));
    expect(await ckLate()).toBe('medium');
    expect(auditRows(db, 'setting').map((r) => r.action)).toEqual(['insert', 'delete']);
  });

  it('a class Step 1 deadline entered in Settings moves STEP1_LATE', async () => {
    const { db, ctx } = await dbs.create();
    seed(db, makeStudent('S1'), [
      { exam: 'STEP1', testDate: '2025-07-15', outcome: 'PASS', score: null },
      { exam: 'STEP2CK', testDate: '2026-06-01', outcome: 'SCHEDULED', score: null },
    ]);
    expect(await flagsOf(ctx, 'S1')).toEqual({});
    await ok(invoke(ctx, 'settings.add', { key: 'step1.deadline.2027', effectiveFrom: null, value: '2025-06-30', source: 'Curriculum committee 2024-09' }));
    expect(await flagsOf(ctx, 'S1')).toEqual({ STEP1_LATE: 'low' });
  });

  it.each([
    ['a number setting given text', { key: 'usmle.reportingLagWeeks', effectiveFrom: null, patch: { value: 'four' } }, 'INVALID_INPUT', /must be a number/],
    ['a weekday out of range', { key: 'eras.defaultReview.weekday', effectiveFrom: null, patch: { value: '7' } }, 'INVALID_INPUT', /weekday 0 \(Sunday\) to 6/],
    ['a fractional passing score', { key: 'step2ck.minPass', effectiveFrom: '2025-07-01', patch: { value: '218.5' } }, 'INVALID_INPUT', /whole number/],
    ['an impossible date', { key: 'eras.reviewDate.2026', effectiveFrom: null, patch: { value: '2025-09-31' } }, 'INVALID_INPUT', /real date/],
    ['a month-day that is not one', { key: 'step1.deadlineMonthDay', effectiveFrom: null, patch: { value: '7/31' } }, 'INVALID_INPUT', /MM-DD/],
    ['29 February as a yearly date', { key: 'ckLate.windowEndMonthDay', effectiveFrom: null, patch: { value: '02-29' } }, 'INVALID_INPUT', /MM-DD/],
    ['giving the base row a start date', { key: 'step2ck.minPass', effectiveFrom: null, patch: { effectiveFrom: '2020-01-01' } }, 'REJECTED', /base value/],
    ['turning a dated row into a second base row', { key: 'step2ck.minPass', effectiveFrom: '2022-07-01', patch: { effectiveFrom: null } }, 'REJECTED', /already has a base row/],
    ['moving a dated row onto another one', { key: 'step2ck.minPass', effectiveFrom: '2022-07-01', patch: { effectiveFrom: '2025-07-01' } }, 'CONFLICT', /already exists/],
    ['a row that does not exist', { key: 'step2ck.minPass', effectiveFrom: '2023-01-01', patch: { value: '215' } }, 'NOT_FOUND', /No setting step2ck.minPass from 2023-01-01/],
  ] as const)('settings.update refuses %s, changing nothing', async (_why, input, code, message) => {
    const { db, ctx } = await dbs.create();
    const before = listSettings(db);
    const r = await invoke(ctx, 'settings.update', input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    expect(listSettings(db)).toEqual(before);
    expect(auditRows(db, 'setting')).toEqual([]);
  });

  it.each([
    ['an undated second base row', { key: 'step2ck.minPass', effectiveFrom: null, value: '220', source: 'x' }, 'CONFLICT'],
    ['a duplicate date', { key: 'step2ck.minPass', effectiveFrom: '2025-07-01', value: '220', source: 'x' }, 'CONFLICT'],
    ['a key the rules do not read', { key: 'step2ck.maxPass', effectiveFrom: null, value: '300', source: 'x' }, 'INVALID_INPUT'],
    ['a season date with an effective date', { key: 'eras.reviewDate.2029', effectiveFrom: '2026-01-01', value: '2028-09-27', source: 'x' }, 'INVALID_INPUT'],
    ['a season date in the wrong year', { key: 'eras.reviewDate.2029', effectiveFrom: null, value: '2029-09-26', source: 'x' }, 'INVALID_INPUT'],
    ['no source', { key: 'step2ck.minPass', effectiveFrom: '2027-01-01', value: '220', source: ' ' }, 'INVALID_INPUT'],
  ] as const)('settings.add refuses %s', async (_why, input, code) => {
    const { db, ctx } = await dbs.create();
    const count = settingCount(db);
    const r = await invoke(ctx, 'settings.add', input);
    expect(!r.ok && r.error.code).toBe(code);
    expect(settingCount(db)).toBe(count);
    expect(auditRows(db, 'setting')).toEqual([]);
  });

  it('never removes the last row of a fact the rules need, nor a base row under dated rows', async () => {
    const { db, ctx } = await dbs.create();
    const count = settingCount(db);
    const last = await invoke(ctx, 'settings.remove', { key: 'usmle.reportingLagWeeks', effectiveFrom: null });
    expect(!last.ok && [last.error.code, last.error.message]).toEqual(['REJECTED', 'usmle.reportingLagWeeks is the last row of a fact the rules need; edit its value instead of removing it']);
    const base = await invoke(ctx, 'settings.remove', { key: 'step2ck.minPass', effectiveFrom: null });
    expect(!base.ok && base.error.code).toBe('REJECTED');
    const none = await invoke(ctx, 'settings.remove', { key: 'step2ck.minPass', effectiveFrom: '2020-01-01' });
    expect(!none.ok && none.error.code).toBe('NOT_FOUND');
    expect(settingCount(db)).toBe(count);
    await ok(invoke(ctx, 'settings.remove', { key: 'step2ck.minPass', effectiveFrom: '2025-07-01' }));
    expect(listSettings(db).filter((s) => s.key === 'step2ck.minPass').map((s) => s.value)).toEqual(['209', '214']);
  });
});
