/**
 * Issue 14, "Students' life cycle": enrolment status with dates and archive instead of delete, on
 * real SQLite files through the real dispatcher and the real `stepwise` command: the history and
 * the status on a date, the filters of the roster, the dashboard, the flag list and the committee
 * workbook (written and read back with openpyxl), archiving and restoring, and the audit of each.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { openDatabase, type Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { ReportOptions } from '../../src/shared/api/reports';
import { enrolmentOn, type EnrolmentChangeInput } from '../../src/shared/domain';
import { tempDatabase } from '../helpers';
import { readWithOpenpyxl } from './report-fixture';
import { enrolmentStatusSql } from '../../src/main/db/enrolment';

const AS_OF = '2026-11-26';
let db: Db;
let file: string;
let dir: string;
let ctx: HandlerContext;
let ids: string[];

beforeEach(async () => {
  ({ db, file, dir, ctx } = await tempDatabase());
  loadDemoCohort(db, { students: 40, seed: 7, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
  ids = db.prepare(`SELECT id FROM students ORDER BY id`).pluck().all() as string[];
});
afterEach(() => db.close());

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const audit = (where: string, ...params: unknown[]) =>
  db.prepare(`SELECT actor, action, entity, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, context FROM audit_log WHERE ${where} ORDER BY id`).all(...params) as Record<string, string | null>[];
const change = (input: EnrolmentChangeInput) => invoke(ctx, 'enrolment.change', input);
const total = async (q: Parameters<typeof invoke<'students.list'>>[2]) => ok(await invoke(ctx, 'students.list', { asOf: AS_OF, limit: 1000, ...q })).total;

describe('enrolment status with dates', () => {
  it('keeps each change with its dates, who and note, and derives the status on any date from them', async () => {
    const id = ids[0];
    const leave = ok(await change({ studentId: id, status: 'leave', effectiveFrom: '2026-01-10', endsOn: '2026-06-30', note: 'Family leave' }));
    expect(leave.enrolment!.changes).toEqual([
      expect.objectContaining({ status: 'leave', effectiveFrom: '2026-01-10', endsOn: '2026-06-30', note: 'Family leave', changedBy: ctx.actor }),
    ]);
    const withdrawn = ok(await change({ studentId: id, status: 'withdrawn', effectiveFrom: '2026-09-01', note: null }));
    // "On leave from 2026-01-10 to 2026-06-30" stays answerable after later changes.
    expect(enrolmentOn(withdrawn.enrolment, '2026-03-15')).toMatchObject({ status: 'leave', since: '2026-01-10', until: '2026-06-30' });
    expect(enrolmentOn(withdrawn.enrolment, '2026-07-01')).toMatchObject({ status: 'active', since: '2026-07-01' });
    expect(enrolmentOn(withdrawn.enrolment, AS_OF)).toMatchObject({ status: 'withdrawn', since: '2026-09-01' });
    // The student page reads the same through students.get.
    expect(ok(await invoke(ctx, 'students.get', { id })).enrolment!.changes.map((c) => c.status)).toEqual(['leave', 'withdrawn']);

    const rows = audit(`entity = 'enrolment_change'`);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor: ctx.actor, action: 'insert', context: 'student page' });
    expect(JSON.parse(rows[0].newValue!)).toMatchObject({ studentId: id, status: 'leave', effectiveFrom: '2026-01-10', endsOn: '2026-06-30', note: 'Family leave' });
  });

  it('SQL that lists from the students table derives the same status on every date as the app', async () => {
    const id = ids[5];
    for (const c of [
      { status: 'extended', effectiveFrom: '2025-08-01' },
      { status: 'leave', effectiveFrom: '2026-01-10', endsOn: '2026-06-30' },
      { status: 'withdrawn', effectiveFrom: '2026-09-01' },
    ] as const)
      ok(await change({ studentId: id, ...c }));
    const enrolment = ok(await invoke(ctx, 'students.get', { id })).enrolment;
    const sql = db.prepare(`SELECT ${enrolmentStatusSql('@id')}`).pluck();
    for (const date of ['2025-07-31', '2025-08-01', '2026-01-09', '2026-01-10', '2026-06-30', '2026-07-01', '2026-08-31', '2026-09-01', '2027-01-01'])
      expect(sql.get({ id, asOf: date }), date).toBe(enrolmentOn(enrolment, date).status);
  });

  it('refuses an end date on a status that does not end, an end before the start, and the same change twice, each at its field', async () => {
    const id = ids[1];
    const r1 = await change({ studentId: id, status: 'withdrawn', effectiveFrom: '2026-09-01', endsOn: '2026-12-01' });
    expect(r1).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'endsOn', message: 'Withdrawn has no end date; only a leave of absence or an extension ends' }] } });
    const r2 = await change({ studentId: id, status: 'leave', effectiveFrom: '2026-09-01', endsOn: '2026-08-01' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'endsOn', message: 'ends on 2026-08-01, before it starts (2026-09-01)' }] } });
    ok(await change({ studentId: id, status: 'extended', effectiveFrom: '2026-09-01' }));
    const r3 = await change({ studentId: id, status: 'extended', effectiveFrom: '2026-09-01' });
    expect(r3).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Extended (decelerated) from 2026-09-01 is already recorded' } });
    expect(await change({ studentId: 'NO-SUCH', status: 'leave', effectiveFrom: '2026-09-01' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(db.prepare(`SELECT count(*) FROM enrolment_changes`).pluck().get()).toBe(1);
  });

  it('removes a change recorded in error, audited with the change it removed', async () => {
    const id = ids[2];
    const d = ok(await change({ studentId: id, status: 'graduated', effectiveFrom: '2026-05-20' }));
    const removed = ok(await invoke(ctx, 'enrolment.removeChange', { id: d.enrolment!.changes[0].id }));
    expect(removed.enrolment!.changes).toEqual([]);
    const [row] = audit(`entity = 'enrolment_change' AND action = 'delete'`);
    expect(JSON.parse(row.oldValue!)).toMatchObject({ studentId: id, status: 'graduated', effectiveFrom: '2026-05-20' });
    expect(await invoke(ctx, 'enrolment.removeChange', { id: 999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('status filters and archive instead of delete', () => {
  beforeEach(async () => {
    ok(await change({ studentId: ids[0], status: 'leave', effectiveFrom: '2026-10-01', endsOn: '2027-01-31' }));
    ok(await change({ studentId: ids[1], status: 'extended', effectiveFrom: '2026-08-01' }));
    ok(await change({ studentId: ids[2], status: 'withdrawn', effectiveFrom: '2026-09-15' }));
    ok(await change({ studentId: ids[3], status: 'graduated', effectiveFrom: '2026-05-20' }));
  });

  it('the roster shows each status and filters on it, on the as-of date, through both of its paths', async () => {
    expect(await total({})).toBe(40);
    expect(await total({ statuses: ['active'] })).toBe(36);
    expect(await total({ statuses: ['leave', 'extended'] })).toBe(2);
    // Before the leave began, that student was active.
    expect(await total({ statuses: ['leave'], asOf: '2026-09-01' })).toBe(0);
    const page = ok(await invoke(ctx, 'students.list', { asOf: AS_OF, limit: 1000 }));
    const byId = new Map(page.rows.map((r) => [r.id, r.enrolment]));
    expect([ids[0], ids[1], ids[2], ids[3], ids[4]].map((id) => byId.get(id))).toEqual(['leave', 'extended', 'withdrawn', 'graduated', 'active']);
    // The rules' view (sorted by risk: the cohort index) says the same.
    const byRisk = ok(await invoke(ctx, 'students.list', { asOf: AS_OF, limit: 1000, sort: 'risk' }));
    expect(new Map(byRisk.rows.map((r) => [r.id, r.enrolment]))).toEqual(byId);
    expect(ok(await invoke(ctx, 'roster.ids', { asOf: AS_OF, statuses: ['withdrawn', 'graduated'] })).ids.sort()).toEqual([ids[2], ids[3]].sort());
  });

  it('an archived student leaves every list and count, is found under Archived, and comes back on restore; each step audited', async () => {
    const archived = ok(await invoke(ctx, 'students.archive', { id: ids[2] }));
    expect(archived.enrolment).toMatchObject({ archivedBy: ctx.actor, archivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // The record is all still there: nothing was deleted.
    expect(db.prepare(`SELECT count(*) FROM students`).pluck().get()).toBe(40);
    expect(archived.student.id).toBe(ids[2]);

    expect(await total({})).toBe(39);
    expect(await total({ sort: 'risk' })).toBe(39);
    expect(await total({ search: ids[2] })).toBe(0);
    expect(await total({ archived: true })).toBe(1);
    const found = ok(await invoke(ctx, 'students.list', { asOf: AS_OF, archived: true, search: ids[2] }));
    expect(found.rows.map((r) => [r.id, r.archived, r.enrolment])).toEqual([[ids[2], true, 'withdrawn']]);
    expect(ok(await invoke(ctx, 'dashboard.counts', { asOf: AS_OF })).students).toBe(39);
    expect(ok(await invoke(ctx, 'flags.cohort', { asOf: AS_OF })).total).toBe(39);
    // Archiving twice changes nothing and writes nothing.
    const before = audit('1').length;
    ok(await invoke(ctx, 'students.archive', { id: ids[2] }));
    expect(audit('1').length).toBe(before);

    const restored = ok(await invoke(ctx, 'students.restore', { id: ids[2] }));
    expect(restored.enrolment).toMatchObject({ archivedAt: null, archivedBy: null });
    expect(await total({})).toBe(40);
    expect(await total({ archived: true })).toBe(0);

    const rows = audit(`entity = 'student' AND entity_id = ? AND field IN ('archivedAt', 'archivedBy')`, ids[2]);
    expect(rows.map((r) => [r.field, r.oldValue === null, r.newValue === null, r.context])).toEqual([
      ['archivedAt', true, false, 'archived'],
      ['archivedBy', true, false, 'archived'],
      ['archivedAt', false, true, 'restored from the archive'],
      ['archivedBy', false, true, 'restored from the archive'],
    ]);
    expect(rows[1].newValue).toBe(ctx.actor);
  });

  it('the dashboard counts the statuses asked for, on its date, never an archived student', async () => {
    const students = async (q: object) => ok(await invoke(ctx, 'dashboard.counts', { asOf: AS_OF, ...q })).students;
    expect(await students({})).toBe(40);
    expect(await students({ statuses: ['active', 'leave', 'extended'] })).toBe(38);
    expect(await students({ statuses: ['active'] })).toBe(36);
    ok(await invoke(ctx, 'students.archive', { id: ids[0] }));
    expect(await students({ statuses: ['active', 'leave', 'extended'] })).toBe(37);
    const risk = ok(await invoke(ctx, 'dashboard.counts', { asOf: AS_OF, statuses: ['active'] })).risk;
    expect(Object.values(risk).reduce((a, b) => a + b, 0)).toBe(36);
  });

  it("the dashboard's follow-ups follow the same filter: a withdrawn student's follow-up leaves the enrolled view, an archived student's every view", async () => {
    ok(await invoke(ctx, 'notes.add', { studentId: ids[2], body: 'Exit interview', followUpDate: '2026-11-20', actionItems: [] }));
    const followed = async (q: object) => ok(await invoke(ctx, 'dashboard.followUps', { asOf: AS_OF, limit: 500, ...q })).map((f) => f.studentId);
    expect(await followed({})).toContain(ids[2]);
    expect(await followed({ statuses: ['active', 'leave', 'extended'] })).not.toContain(ids[2]);
    expect(await followed({ statuses: ['withdrawn'] })).toEqual([ids[2]]);
    // Before the withdrawal the student was active.
    expect(await followed({ statuses: ['active'], asOf: '2026-09-01', days: 90 })).toContain(ids[2]);
    ok(await invoke(ctx, 'students.archive', { id: ids[2] }));
    expect(await followed({})).not.toContain(ids[2]);
  });

  it('stepwise flags covers enrolled students unless --status says otherwise; a bad status is a usage error', async () => {
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    db.close();
    const last = (r: { out: string }) => r.out.split('\n').at(-1);
    expect(last(await cli('flags', '--db', file, '--as-of', AS_OF))).toBe(`38 students, as of ${AS_OF}`);
    expect(last(await cli('flags', '--db', file, '--as-of', AS_OF, '--status', 'all'))).toBe(`40 students, as of ${AS_OF}`);
    expect(last(await cli('flags', '--db', file, '--as-of', AS_OF, '--status', 'LOA,decel'))).toBe(`2 students, as of ${AS_OF}`);
    expect(last(await cli('flags', '--db', file, '--as-of', AS_OF, '--status', 'withdrawn', '--status', 'graduated'))).toBe(`2 students, as of ${AS_OF}`);
    expect(await cli('flags', '--db', file, '--status', 'dismissed')).toMatchObject({ code: 2, err: expect.stringContaining('--status must be active, leave, extended, withdrawn, graduated or all, got "dismissed"') });
    ({ db } = await reopen(file));
  });

  it('the committee workbook covers active students unless asked, and every title row says which', async () => {
    const out = path.join(dir, 'active.xlsx');
    const counts = await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), out, { who: { actor: 'test', context: null } });
    expect(counts).toMatchObject({ students: 36, statuses: ['active'] });
    const view = readWithOpenpyxl(out);
    for (const sheet of view.sheets) expect(String(view.data[sheet].title), sheet).toContain(`as of ${AS_OF} · active students only · identified`);
    const rosterIds = view.data.Roster.rows.slice(1).map((r) => r[0]);
    expect(rosterIds).not.toContain(ids[0]);
    expect(rosterIds).not.toContain(ids[2]);
    expect(view.data.Sources.rows.some((r) => r.includes('active students only; archived students are never included'))).toBe(true);

    ok(await invoke(ctx, 'students.archive', { id: ids[3] }));
    const all = path.join(dir, 'all.xlsx');
    const everyone = await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF, statuses: ['active', 'leave', 'extended', 'withdrawn', 'graduated'] }), all, { who: { actor: 'test', context: null } });
    expect(everyone.students).toBe(39);
    expect(String(readWithOpenpyxl(all).data.Roster.title)).toContain('· students of every enrolment status ·');
  });
});

async function reopen(file: string) {
  const reopened = await openDatabase(file);
  ctx = { ...ctx, db: reopened };
  return { db: reopened };
}
