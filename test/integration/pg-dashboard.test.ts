/**
 * The dashboard and the student page's flags, acknowledgements, checklist and practice lines on an
 * office database answer exactly as the laptop's SQLite does (the same cohort copied into both),
 * for every dashboard view and filter; and they keep to the office roles: a dean reads the dashboard
 * without writing anything, an advisor ticks their own students' checklists and no one else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/api';
import type { CohortFilter } from '../../src/shared/api/dashboard';
import { CHECKLIST } from '../../src/shared/checklist';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { openPostgresStore } from '../../src/main/store/postgres';
import type { Store } from '../../src/main/store/store';
import { demoDatabase } from './backup-fixtures';
import { describePostgres } from '../pg/databases';
import { officeDatabase, type Office } from '../pg/office';

const AS_OF = '2026-11-26';

/** The value of an ok result (the test fails, naming the error, otherwise). */
function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** What differs by engine and by clock, not by meaning: record IDs, times, and who the session is. */
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (['id', 'acknowledgedAt', 'acknowledgedBy', 'doneAt', 'doneBy', 'version'].includes(key) ? '·' : v));
}

describePostgres('the dashboard and the student page on an office database', (cluster) => {
  let o: Office;
  let laptop: Db;
  let store: Store & { sessionUser: string };
  let lite: HandlerContext;
  let office: HandlerContext;

  /** A session of a new office user with this role (and, for an advisor, this office name). */
  async function sessionAs(role: 'dean' | 'advisor', displayName: string): Promise<HandlerContext> {
    return o.sessionOf(await o.addUser(role, displayName, `${role} password 1`), `${role} password 1`);
  }

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(500));
    // Two spellings of one target that differ only in case: one bar, one filter choice, on both engines.
    laptop.prepare(`UPDATE students SET target_specialty = 'dermatology' WHERE id = (SELECT id FROM students WHERE target_specialty = 'Dermatology' ORDER BY id LIMIT 1)`).run();
    // Follow-ups overdue, due soon and far off, and action items, some done, on a dozen students (two on one day).
    const ids = laptop.prepare(`SELECT id FROM students ORDER BY id LIMIT 12`).pluck().all() as string[];
    const days = ['2026-10-01', '2026-11-20', '2026-11-26', '2026-12-05', '2026-12-05', '2027-01-15', '2027-06-01', null];
    for (const [i, studentId] of ids.entries()) {
      const body = `Session ${i}: plan reviewed`;
      const actionItems = [
        { text: `Book CK (${i})`, dueDate: days[(i + 3) % days.length], done: i % 4 === 0 },
        { text: `Send letters (${i})`, dueDate: null, done: false },
      ];
      ok(await invoke({ db: laptop, databasePath: 'laptop', actor: 'test' }, 'notes.add', { studentId, body, followUpDate: days[i % days.length], actionItems }));
    }
    o = await officeDatabase(cluster, laptop, AS_OF);
    store = await openPostgresStore(o.ownerUrl);
    lite = { db: laptop, databasePath: 'laptop', actor: 'test' };
    office = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
  });
  afterAll(async () => {
    await store?.close();
    await o?.close();
  });

  const advisor = () => laptop.prepare(`SELECT advisor FROM students WHERE advisor IS NOT NULL GROUP BY advisor ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string;
  const filters = (): [string, CohortFilter][] => [
    ['the whole cohort', {}],
    ['two classes', { gradYears: [2027, 2028] }],
    ['an advisor, any case', { advisor: advisor().toUpperCase() }],
    ['an applicant type', { applicantType: 'US_DO' }],
    ['a target as the rules match it', { targetSpecialty: 'derm' }],
    ['a target no one has', { targetSpecialty: 'Astronautics' }],
    ['another date', { asOf: '2026-03-01' }],
  ];

  it('answers every dashboard view as SQLite does, for every filter', async () => {
    expect(await invoke(office, 'dashboard.options', {})).toEqual(await invoke(lite, 'dashboard.options', {}));
    let checked = 0;
    for (const [what, f] of filters()) {
      const filter = { asOf: AS_OF, ...f };
      const calls = [
        ['dashboard.counts', filter],
        ['dashboard.ckBySpecialty', filter],
        ['dashboard.ckTimeline', filter],
        ['dashboard.ckTimeline', { ...filter, gradYear: 2027 }],
        ['dashboard.riskByClass', filter],
        ['dashboard.practiceTrend', filter],
        ['dashboard.practiceTrend', { ...filter, exam: 'STEP1', months: 24 }],
        ['dashboard.atRisk', filter],
        ['dashboard.atRisk', { ...filter, offset: 20, limit: 10 }],
        ['dashboard.followUps', { ...filter, days: 120, limit: 500 }],
      ] as const;
      for (const [name, input] of calls) {
        const expected = await invoke(lite, name, input as never);
        expect(expected.ok, `${what}: ${name}`).toBe(true);
        expect(await invoke(office, name, input as never), `${what}: ${name}`).toEqual(expected);
        checked++;
      }
    }
    // The views are not empty: the demo cohort has flagged students, follow-ups, practice exams and targets.
    const counts = ok(await invoke(office, 'dashboard.counts', { asOf: AS_OF }));
    expect(counts.students).toBe(500);
    expect(counts.risk.critical + counts.risk.high).toBeGreaterThan(10);
    expect(ok(await invoke(office, 'dashboard.followUps', { asOf: AS_OF, days: 120 })).length).toBeGreaterThan(0);
    expect(ok(await invoke(office, 'dashboard.practiceTrend', { asOf: AS_OF })).exams).toBeGreaterThan(0);
    const derm = ok(await invoke(office, 'dashboard.ckBySpecialty', { asOf: AS_OF })).filter((r) => r.specialty.toLowerCase() === 'dermatology');
    expect(derm).toHaveLength(1);
    expect(checked).toBe(filters().length * 10);
  });

  it('acknowledges and withdraws flags, and counts what is unacknowledged, as SQLite does', async () => {
    const atRisk = ok(await invoke(lite, 'dashboard.atRisk', { asOf: AS_OF, limit: 5 }));
    const student = atRisk.rows[0];
    const code = student.flags[0].code;
    const today = new Date().toISOString().slice(0, 10);
    // A flag is acknowledged as it reads today; the counts are compared for today too.
    for (const ctx of [lite, office]) ok(await invoke(ctx, 'acknowledgements.acknowledge', { studentId: student.studentId, code, note: 'Discussed; plan in notes' }));
    const flagsLite = ok(await invoke(lite, 'acknowledgements.flags', { studentId: student.studentId }));
    const flagsOffice = ok(await invoke(office, 'acknowledgements.flags', { studentId: student.studentId }));
    expect(comparable(flagsOffice)).toEqual(comparable(flagsLite));
    expect(flagsOffice.flags.find((f) => f.code === code)?.acknowledgement).toMatchObject({ note: 'Discussed; plan in notes', acknowledgedBy: store.sessionUser, acknowledgedOn: today });
    const countsToday = ok(await invoke(lite, 'dashboard.counts', {}));
    expect(ok(await invoke(office, 'dashboard.counts', {}))).toEqual(countsToday);
    // The office database audited it, under the session's login.
    const audit = await o.query(`SELECT actor, action FROM audit_log WHERE entity = 'flag_acknowledgement' ORDER BY id`);
    expect(audit).toEqual([{ actor: cluster.superuser, action: 'insert' }]);
    for (const ctx of [lite, office]) ok(await invoke(ctx, 'acknowledgements.withdraw', { studentId: student.studentId, code }));
    expect(comparable(ok(await invoke(office, 'acknowledgements.flags', { studentId: student.studentId })))).toEqual(comparable(ok(await invoke(lite, 'acknowledgements.flags', { studentId: student.studentId }))));
  });

  it('shows the student page (checklist, practice lines) and the app facts as SQLite does', async () => {
    const id = laptop.prepare(`SELECT id FROM students ORDER BY id LIMIT 1 OFFSET 7`).pluck().get() as string;
    const item = CHECKLIST[0].items[0].id;
    for (const ctx of [lite, office]) ok(await invoke(ctx, 'checklist.set', { studentId: id, itemId: item, done: true, asOf: AS_OF }));
    const office1 = ok(await invoke(office, 'checklist.get', { studentId: id, asOf: AS_OF }));
    expect(comparable(office1)).toEqual(comparable(ok(await invoke(lite, 'checklist.get', { studentId: id, asOf: AS_OF }))));
    expect(office1.stages[0].items[0]).toMatchObject({ done: true, doneBy: expect.any(String) });
    // Unticking is kept too; ticking what is ticked changes nothing.
    for (const ctx of [lite, office]) ok(await invoke(ctx, 'checklist.set', { studentId: id, itemId: item, done: false, asOf: AS_OF }));
    expect(ok(await invoke(office, 'checklist.get', { studentId: id, asOf: AS_OF })).stages[0].items[0].done).toBe(false);
    expect(await invoke(office, 'students.practiceLines', { id, asOf: AS_OF })).toEqual(await invoke(lite, 'students.practiceLines', { id, asOf: AS_OF }));
    expect(await invoke(office, 'settings.list', {})).toEqual(await invoke(lite, 'settings.list', {}));
    expect(await invoke(office, 'specialties.list', {})).toEqual(await invoke(lite, 'specialties.list', {}));
    expect(ok(await invoke(office, 'app.info', {})).studentCount).toBe(500);
    expect(await invoke(office, 'checklist.get', { studentId: 'NOPE', asOf: AS_OF })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exports and selects roster views, prints a student summary and offers the Reports page choices as SQLite does', async () => {
    const views: InputOf<'roster.export'>[] = [
      { asOf: AS_OF, sort: 'risk', risk: ['critical', 'high'] },
      { asOf: AS_OF, sort: 'name', targetSpecialty: 'derm' },
      { asOf: AS_OF, sort: 'ckScore', direction: 'desc', gradYears: [2027] },
    ];
    for (const view of views) {
      expect(await invoke(office, 'roster.ids', view)).toEqual(await invoke(lite, 'roster.ids', view));
      const ids = ok(await invoke(lite, 'roster.ids', view)).ids;
      expect(ids.length).toBeGreaterThan(0);
      const exported = ok(await invoke(office, 'roster.export', view));
      const expected = ok(await invoke(lite, 'roster.export', view));
      expect({ ...exported, bytes: null }).toEqual({ ...expected, bytes: null });
      // A selection: exactly those students, in the view's order.
      const some = [ids.at(-1)!, ids[0]];
      expect((await invoke(office, 'roster.export', { ...view, ids: some })).ok).toBe(true);
    }
    expect(await invoke(office, 'roster.export', { asOf: AS_OF, sort: 'name', ids: ['NOPE'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('NOPE') } });
    const id = ok(await invoke(lite, 'roster.ids', views[0])).ids[0];
    const summary = async (ctx: HandlerContext) => comparable({ ...ok(await invoke(ctx, 'reports.studentSummary', { id, asOf: AS_OF })), generatedAt: '·' });
    expect(await summary(office)).toEqual(await summary(lite));
    expect(await invoke(office, 'reports.choices', {})).toEqual(await invoke(lite, 'reports.choices', {}));
  });

  it('reassigns and adds a note to a selection in one transaction, as SQLite does; an unknown ID changes no one', async () => {
    const ids = laptop.prepare(`SELECT id FROM students ORDER BY id LIMIT 4 OFFSET 20`).pluck().all() as string[];
    for (const ctx of [lite, office]) {
      expect(await invoke(ctx, 'roster.assignAdvisor', { ids: [...ids, 'NOPE'], advisor: 'Dr. Nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await invoke(ctx, 'roster.assignAdvisor', { ids, advisor: 'Dr. Moreau' })).toEqual({ ok: true, value: { changed: 4, unchanged: 0 } });
      expect(await invoke(ctx, 'roster.assignAdvisor', { ids, advisor: 'Dr. Moreau' })).toEqual({ ok: true, value: { changed: 0, unchanged: 4 } });
      expect(await invoke(ctx, 'roster.addNote', { ids, body: 'Group session on CK timing', followUpDate: '2027-01-10' })).toEqual({ ok: true, value: { changed: 4, unchanged: 0 } });
    }
    const view: InputOf<'roster.ids'> = { asOf: AS_OF, sort: 'name', advisor: 'Dr. Moreau' };
    expect(ok(await invoke(office, 'roster.ids', view)).ids.sort()).toEqual([...ids].sort());
    expect(comparable(ok(await invoke(office, 'notes.list', { studentId: ids[0] }))[0])).toMatchObject({ body: 'Group session on CK timing', followUpDate: '2027-01-10', author: store.sessionUser });
    expect(ok(await invoke(office, 'roster.ids', view))).toEqual(ok(await invoke(lite, 'roster.ids', view)));
  });

  describe('under office roles', () => {
    it("lets a dean read the dashboard without writing, and an advisor tick only their own students' checklists", async () => {
      const dean = await sessionAs('dean', 'Dean Office');
      expect(ok(await invoke(dean, 'dashboard.counts', {})).students).toBe(500);
      expect(ok(await invoke(dean, 'dashboard.atRisk', { asOf: AS_OF })).total).toBe(ok(await invoke(lite, 'dashboard.atRisk', { asOf: AS_OF })).total);
      const name = advisor();
      const adv = await sessionAs('advisor', name);
      const own = laptop.prepare(`SELECT id FROM students WHERE advisor = ? ORDER BY id LIMIT 1`).pluck().get(name) as string;
      const other = laptop.prepare(`SELECT id FROM students WHERE advisor IS NOT ? ORDER BY id LIMIT 1`).pluck().get(name) as string;
      const item = CHECKLIST[0].items[1].id;
      expect(ok(await invoke(adv, 'checklist.set', { studentId: own, itemId: item, done: true })).stages[0].items[1]).toMatchObject({ done: true, doneBy: name });
      expect(await invoke(adv, 'checklist.set', { studentId: other, itemId: item, done: true })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
      expect(await invoke(dean, 'checklist.set', { studentId: own, itemId: item, done: false })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
      // A selection with another advisor's student: refused whole, no one changed.
      expect(await invoke(adv, 'roster.addNote', { ids: [own, other], body: 'x', followUpDate: null })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
      expect(await invoke(adv, 'roster.assignAdvisor', { ids: [other], advisor: name })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
      expect(await invoke(adv, 'roster.addNote', { ids: [own], body: 'Checked in after the NBME', followUpDate: null })).toEqual({ ok: true, value: { changed: 1, unchanged: 0 } });
      // The advisor's dashboard counts every student (risk is read from the directory columns every advisor sees).
      expect(ok(await invoke(adv, 'dashboard.counts', { asOf: AS_OF }))).toEqual(ok(await invoke(lite, 'dashboard.counts', { asOf: AS_OF })));
    });
  });
});
