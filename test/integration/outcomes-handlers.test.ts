/**
 * The outcomes handlers on a real SQLite file (issue 15): a student's outcomes entered after the
 * Match, edited on the version read (a stale edit is a CONFLICT and writes nothing), per-program
 * applications, consent (only 'yes' reaches any aggregate), ERAS signal allowances and national
 * match rates edited with their source; every change audited.
 */
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { readOutcomesMemory } from '../../src/main/db/outcomes-memory';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import type { MatchOutcomeInput } from '../../src/shared/domain';
import { tempDatabase } from '../helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function ok<K extends HandlerName>(ctx: HandlerContext, name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const OUTCOME: MatchOutcomeInput = {
  studentId: 'S1',
  season: 2026,
  specialty: 'Pediatrics',
  applications: 30,
  goldSignals: null,
  silverSignals: 5,
  interviews: 12,
  rankListLength: 11,
  result: 'matched',
  matchedProgramCode: '1234320C0',
  matchedProgramName: null,
  ckAtApplication: 244,
  comlexAtApplication: null,
  note: null,
};

it("records a student's outcome after the Match, edits it on the version read, and keeps it out of aggregates until the student consents", async () => {
  const t = await tempDatabase();
  dirs.push(t.dir);
  const added = await ok(t.ctx, 'outcomes.add', OUTCOME);
  const twice = await invoke(t.ctx, 'outcomes.add', OUTCOME);
  expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: "S1's 2026 season in Pediatrics is already recorded" } });

  await ok(t.ctx, 'outcomes.setApplication', { outcomeId: added.id, programCode: '1234320C0', signal: 'silver', interviewOffered: true });
  let page = await ok(t.ctx, 'outcomes.forStudent', { studentId: 'S1' });
  expect(page.consent).toBeNull();
  expect(page.outcomes).toHaveLength(1);
  expect(page.outcomes[0].applicationList).toEqual([expect.objectContaining({ programCode: '1234320C0', signal: 'silver', interviewOffered: true })]);
  expect(readOutcomesMemory(t.db).outcomes).toEqual([]);

  const v = page.outcomes[0].version;
  await ok(t.ctx, 'outcomes.update', { id: added.id, version: v, outcome: { ...OUTCOME, interviews: 13 } });
  const stale = await invoke(t.ctx, 'outcomes.update', { id: added.id, version: v, outcome: { ...OUTCOME, interviews: 20 } });
  expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  page = await ok(t.ctx, 'outcomes.forStudent', { studentId: 'S1' });
  expect(page.outcomes[0]).toMatchObject({ interviews: 13, version: v + 1 });

  await ok(t.ctx, 'outcomes.setConsent', { studentId: 'S1', consent: 'yes', recordedOn: '2026-03-25' });
  expect(readOutcomesMemory(t.db).outcomes.map((o) => [o.studentId, o.interviews])).toEqual([['S1', 13]]);
  await ok(t.ctx, 'outcomes.setConsent', { studentId: 'S1', consent: 'no', recordedOn: '2026-04-02', note: 'changed their mind' });
  expect(readOutcomesMemory(t.db).outcomes).toEqual([]);
  expect(readOutcomesMemory(t.db).applications).toEqual([]);

  const audit = t.db.prepare(`SELECT entity, action, field, old_value AS o, new_value AS n FROM audit_log WHERE action = 'update' ORDER BY id`).all();
  expect(audit).toEqual([
    { entity: 'match_outcome', action: 'update', field: 'interviews', o: '12', n: '13' },
    { entity: 'outcome_consent', action: 'update', field: 'consent', o: 'yes', n: 'no' },
    { entity: 'outcome_consent', action: 'update', field: 'recordedOn', o: '2026-03-25', n: '2026-04-02' },
    { entity: 'outcome_consent', action: 'update', field: 'note', o: null, n: 'changed their mind' },
  ]);

  await ok(t.ctx, 'outcomes.remove', { id: added.id });
  expect(t.db.prepare(`SELECT count(*) FROM outcome_applications`).pluck().get()).toBe(0);
});

it('edits signal allowances and national match rates with their source; a second row for the same season and specialty is a CONFLICT', async () => {
  const t = await tempDatabase();
  dirs.push(t.dir);
  const signals = await ok(t.ctx, 'signals.list', {});
  const derm = signals.find((s) => s.season === 2025 && s.specialty === 'Dermatology')!;
  expect(derm).toMatchObject({ gold: 3, silver: 25, signals: null });
  expect(derm.source).toMatch(/^AAMC, "Program Signaling for the 2025 MyERAS Application Season"/);

  const next = await ok(t.ctx, 'signals.add', { season: 2026, specialty: 'Dermatology', gold: 3, silver: 25, signals: null, source: 'AAMC 2026 table', note: null });
  const dup = await invoke(t.ctx, 'signals.add', { season: 2026, specialty: 'Dermatology', gold: 2, silver: 20, signals: null, source: 'x', note: null });
  expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  const neither = await invoke(t.ctx, 'signals.add', { season: 2027, specialty: 'Dermatology', gold: 3, silver: null, signals: 5, source: 'x', note: null });
  expect(neither).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const changed = await ok(t.ctx, 'signals.update', { id: next.id, version: next.version, signal: { ...next, silver: 20 } });
  expect(changed).toMatchObject({ silver: 20, version: next.version + 1 });
  expect(await invoke(t.ctx, 'signals.update', { id: next.id, version: next.version, signal: { ...next, silver: 10 } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

  expect(await ok(t.ctx, 'nationalRates.list', {})).toEqual([]);
  const rate = await ok(t.ctx, 'nationalRates.add', { specialty: 'Dermatology', year: 2024, ckFrom: 250, ckTo: 260, matchRatePercent: 71.5, n: 212, source: 'NRMP Charting Outcomes 2024, US MD seniors' });
  expect(await invoke(t.ctx, 'nationalRates.add', { specialty: 'Dermatology', year: 2024, ckFrom: 250, ckTo: 260, matchRatePercent: 70, n: 1, source: 'x' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  await ok(t.ctx, 'nationalRates.add', { specialty: 'Dermatology', year: 2024, ckFrom: null, ckTo: 230, matchRatePercent: 20, n: 40, source: 'NRMP Charting Outcomes 2024, US MD seniors' });
  expect(await invoke(t.ctx, 'nationalRates.add', { specialty: 'Dermatology', year: 2024, ckFrom: null, ckTo: 230, matchRatePercent: 21, n: 40, source: 'x' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  await ok(t.ctx, 'nationalRates.remove', { id: rate.id });
  expect(readOutcomesMemory(t.db, { specialty: 'dermatology' }).nationalRates.map((r) => [r.ckFrom, r.ckTo, r.matchRatePercent])).toEqual([[null, 230, 20]]);
});

it('reads each outcomes setting as in force today: a dated value replaces the undated one from its date, a future one not yet', async () => {
  const t = await tempDatabase();
  dirs.push(t.dir);
  const add = t.db.prepare(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES ('outcomes.suppressionThreshold', ?, 'number', ?, 'x', 'office', NULL, 'now')`);
  add.run('2020-01-01', '12');
  add.run('2999-01-01', '20');
  expect(readOutcomesMemory(t.db).settings).toEqual({ ckBands: [230, 240, 250, 260], suppressionThreshold: 12, blockSeasons: 3, programEvidenceMinimum: 5 });
  t.db.prepare(`UPDATE settings SET value = '240, 250' WHERE key = 'outcomes.ckBands'`).run();
  expect(readOutcomesMemory(t.db).settings.ckBands).toEqual([240, 250]);
  t.db.prepare(`UPDATE settings SET value = '250,240' WHERE key = 'outcomes.ckBands'`).run();
  expect(() => readOutcomesMemory(t.db)).toThrow('the setting outcomes.ckBands ("250,240") is not ascending CK scores separated by commas; correct it in Settings');
});

it("sets a program's directory fields by hand (audited), refusing a code another program has", async () => {
  const t = await tempDatabase();
  dirs.push(t.dir);
  const derm = t.db.prepare(`SELECT id FROM specialties WHERE name = 'Dermatology'`).pluck().get() as number;
  const a = await ok(t.ctx, 'programs.add', { name: 'Lakeside Dermatology', specialtyId: derm, city: 'Chicago', state: 'IL', kind: 'academic', stepCkMinimum: null, note: null });
  const b = await ok(t.ctx, 'programs.add', { name: 'Prairie Dermatology', specialtyId: derm, city: 'Peoria', state: 'IL', kind: 'community', stepCkMinimum: null, note: null });
  const set = await ok(t.ctx, 'programs.setDirectoryFields', { id: a.id, fields: { code: ' 0801234001 ', positions: 4, visa: 'J-1', comlexAccepted: true } });
  expect(set).toMatchObject({ id: a.id, name: 'Lakeside Dermatology', code: '0801234001', positions: 4, visa: 'J-1', comlexAccepted: true });
  const clash = await invoke(t.ctx, 'programs.setDirectoryFields', { id: b.id, fields: { code: '0801234001', positions: null, visa: null, comlexAccepted: null } });
  expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: "Program code 0801234001 is already Lakeside Dermatology's" } });
  expect((await ok(t.ctx, 'programs.directory', { specialtyId: derm })).map((p) => [p.name, p.code])).toEqual([
    ['Lakeside Dermatology', '0801234001'],
    ['Prairie Dermatology', null],
  ]);
  // A hand edit of the program's other fields keeps its directory fields.
  await ok(t.ctx, 'programs.update', { id: a.id, program: { name: 'Lakeside University Dermatology', specialtyId: derm, city: 'Chicago', state: 'IL', kind: 'academic', stepCkMinimum: 245, note: null } });
  expect(readOutcomesMemory(t.db).programs.find((p) => p.id === a.id)).toMatchObject({ name: 'Lakeside University Dermatology', code: '0801234001', stepCkMinimum: 245 });
  expect(t.db.prepare(`SELECT field FROM audit_log WHERE entity = 'program' AND action = 'update' ORDER BY id`).pluck().all()).toEqual(['code', 'positions', 'visa', 'comlexAccepted', 'name', 'stepCkMinimum']);
});
