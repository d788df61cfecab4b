/**
 * Acknowledged flags and follow-ups that never vanish (issue 14, RULES.md §4), through the handlers
 * on a real SQLite file: what is stored, what the audit log says, and what the dashboard counts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import { addDays, localToday } from '../../src/shared/domain';
import { tempDatabase } from '../helpers';

const TODAY = localToday();
const ID = 'ACK001';
let db: Db;
let ctx: HandlerContext;

async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const auditRows = (entity: string) =>
  db.prepare(`SELECT action, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, actor, context FROM audit_log WHERE entity = ? ORDER BY id`).all(entity) as {
    action: string;
    entityId: string;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
    actor: string;
    context: string | null;
  }[];

beforeEach(async () => {
  ({ db, ctx } = await tempDatabase());
  // A student who failed Step 1 and has not passed it: STEP1_FAIL (critical) whatever today is.
  await call('students.add', {
    id: ID, firstName: 'Ada', lastName: 'Quinn', email: null, gradYear: Number(TODAY.slice(0, 4)) + 2, applicantType: 'US_MD',
    targetSpecialty: 'Family Medicine', backupSpecialty: null, advisor: 'Dr. Adeyemi', usceMonths: null, usLetters: null, step1Deadline: null, notes: null, customFields: {},
  });
  await call('attempts.add', { studentId: ID, exam: 'STEP1', testDate: addDays(TODAY, -200), outcome: 'FAIL', score: null, attemptOrder: null });
});
afterEach(() => db.close());

describe('acknowledging a flag', () => {
  it('stores the flag as raised today with the note, sorts it below the others, and audits it with the student named', async () => {
    const before = await call('acknowledgements.flags', { studentId: ID });
    expect(before.days).toBe(90);
    const codes = before.flags.map((f) => f.code);
    expect(codes[0]).toBe('STEP1_FAIL');
    expect(before.flags.every((f) => f.acknowledgement === null)).toBe(true);

    const after = await call('acknowledgements.acknowledge', { studentId: ID, code: 'STEP1_FAIL', note: 'Discussed; retake booked with the learning specialist.' });
    const acked = after.flags.find((f) => f.code === 'STEP1_FAIL')!;
    expect(acked.acknowledgement).toMatchObject({
      note: 'Discussed; retake booked with the learning specialist.',
      acknowledgedBy: 'test-advisor',
      acknowledgedOn: TODAY,
      severity: 'critical',
      message: before.flags[0].message,
      standing: { state: 'held', until: addDays(TODAY, 89) },
    });
    expect(after.flags.at(-1)!.code).toBe('STEP1_FAIL'); // below the unacknowledged ones
    expect(after.flags).toHaveLength(before.flags.length); // still listed: it still counts toward the risk

    const [insert] = auditRows('flag_acknowledgement');
    expect(insert).toMatchObject({ action: 'insert', actor: 'test-advisor', context: 'student page', entityId: String(acked.acknowledgement!.id) });
    expect(JSON.parse(insert.newValue!)).toMatchObject({ studentId: ID, code: 'STEP1_FAIL', note: 'Discussed; retake booked with the learning specialist.', acknowledgedOn: TODAY });
    // The student's history of changes finds it.
    const history = await call('audit.list', { studentId: ID });
    expect(history.entries.some((e) => e.entity === 'flag_acknowledgement')).toBe(true);
  });

  it('refuses a flag the rules do not raise today, and a blank note, naming why', async () => {
    const notRaised = await invoke(ctx, 'acknowledgements.acknowledge', { studentId: ID, code: 'CK_FAIL', note: 'x' });
    expect(notRaised).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(!notRaised.ok && notRaised.error.message).toMatch(/Step 2 CK.*not raised for student ACK001 as of \d{4}-\d\d-\d\d/);
    const blank = await invoke(ctx, 'acknowledgements.acknowledge', { studentId: ID, code: 'STEP1_FAIL', note: '   ' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'note' }] } });
    expect(db.prepare('SELECT count(*) FROM flag_acknowledgements').pluck().get()).toBe(0);
  });

  it("lapses when the flag's facts change (a second failure), recorded once and audited", async () => {
    await call('acknowledgements.acknowledge', { studentId: ID, code: 'STEP1_FAIL', note: 'Discussed.' });
    await call('attempts.add', { studentId: ID, exam: 'STEP1', testDate: addDays(TODAY, -20), outcome: 'FAIL', score: null, attemptOrder: null });
    const now = await call('acknowledgements.flags', { studentId: ID });
    const flag = now.flags.find((f) => f.code === 'STEP1_FAIL')!;
    expect(flag.acknowledgement?.standing).toEqual({ state: 'lapsed', reason: 'changed' });
    expect(flag.acknowledgement?.lapseReason).toBe('changed');
    expect(now.flags[0].code).toBe('STEP1_FAIL'); // new again: back at the top
    const lapse = auditRows('flag_acknowledgement').filter((a) => a.action === 'update');
    expect(lapse.map((a) => [a.field, a.oldValue, a.newValue])).toEqual([
      ['lapsedAt', null, flag.acknowledgement!.lapsedAt],
      ['lapseReason', null, 'changed'],
    ]);
    await call('acknowledgements.flags', { studentId: ID });
    expect(auditRows('flag_acknowledgement').filter((a) => a.action === 'update')).toHaveLength(2); // once

    // Acknowledging again replaces it, the audit keeping what it replaced.
    const again = await call('acknowledgements.acknowledge', { studentId: ID, code: 'STEP1_FAIL', note: 'Second failure discussed; remediation plan.' });
    expect(again.flags.find((f) => f.code === 'STEP1_FAIL')!.acknowledgement).toMatchObject({ lapsedAt: null, lapseReason: null, standing: { state: 'held' } });
    const fields = auditRows('flag_acknowledgement').slice(3).map((a) => a.field);
    expect(fields).toEqual(expect.arrayContaining(['message', 'note', 'acknowledgedAt', 'lapsedAt', 'lapseReason']));
  });

  it('lapses 90 days after the day it was made; a view of an earlier date shows how it stood and records nothing', async () => {
    const made = await call('acknowledgements.acknowledge', { studentId: ID, code: 'STEP1_FAIL', note: 'Discussed.' });
    const id = made.flags.find((f) => f.code === 'STEP1_FAIL')!.acknowledgement!.id;
    // As if made 89 days ago: today is its last day.
    db.prepare('UPDATE flag_acknowledgements SET acknowledged_on = ?, message = replace(message, ?, ?) WHERE id = ?').run(addDays(TODAY, -89), `as of ${TODAY}`, `as of ${addDays(TODAY, -89)}`, id);
    expect((await call('acknowledgements.flags', { studentId: ID })).flags.find((f) => f.code === 'STEP1_FAIL')!.acknowledgement!.standing).toEqual({ state: 'held', until: TODAY });
    db.prepare('UPDATE flag_acknowledgements SET acknowledged_on = ?, message = replace(message, ?, ?) WHERE id = ?').run(addDays(TODAY, -90), `as of ${addDays(TODAY, -89)}`, `as of ${addDays(TODAY, -90)}`, id);
    const past = await call('acknowledgements.flags', { studentId: ID, asOf: addDays(TODAY, -10) });
    expect(past.flags.find((f) => f.code === 'STEP1_FAIL')!.acknowledgement!.standing).toMatchObject({ state: 'held' });
    expect(auditRows('flag_acknowledgement').filter((a) => a.action === 'update')).toHaveLength(0);
    const now = await call('acknowledgements.flags', { studentId: ID });
    expect(now.flags.find((f) => f.code === 'STEP1_FAIL')!.acknowledgement!.standing).toEqual({ state: 'lapsed', reason: 'expired', on: TODAY });
    expect(auditRows('flag_acknowledgement').filter((a) => a.action === 'update').map((a) => a.newValue)).toEqual([expect.stringMatching(/^\d{4}-/), 'expired']);
  });

  it('can be withdrawn, audited with what it said', async () => {
    await call('acknowledgements.acknowledge', { studentId: ID, code: 'STEP1_FAIL', note: 'Discussed.' });
    const after = await call('acknowledgements.withdraw', { studentId: ID, code: 'STEP1_FAIL' });
    expect(after.flags.every((f) => f.acknowledgement === null)).toBe(true);
    const del = auditRows('flag_acknowledgement').at(-1)!;
    expect(del.action).toBe('delete');
    expect(JSON.parse(del.oldValue!)).toMatchObject({ studentId: ID, code: 'STEP1_FAIL', note: 'Discussed.' });
  });
});

describe('the dashboard counts unacknowledged critical and high flags apart', () => {
  it('equals the critical and high flags of the cohort minus those acknowledged, and follows the filter', async () => {
    db.prepare('DELETE FROM students WHERE id = ?').run(ID); // the demo loads into an empty database only
    loadDemoCohort(db, { students: 120, seed: 5, asOf: TODAY }, { actor: 'seed', context: 'demo cohort' });
    const cohort = await call('flags.cohort', {});
    const urgent = (s: (typeof cohort.students)[number]) => s.flags.filter((f) => f.severity === 'critical' || f.severity === 'high');
    const expected = cohort.students.reduce((n, s) => n + urgent(s).length, 0);
    const counts = await call('dashboard.counts', {});
    expect(counts.unacknowledged).toEqual({ flags: expected, students: cohort.students.filter((s) => urgent(s).length > 0).length });
    expect(expected).toBeGreaterThan(2);

    // Acknowledge every urgent flag of two students: both leave the count; their risk does not change.
    const two = cohort.students.filter((s) => urgent(s).length > 0).slice(0, 2);
    for (const s of two) for (const f of urgent(s)) await call('acknowledgements.acknowledge', { studentId: s.studentId, code: f.code, note: 'Reviewed at the committee.' });
    const acknowledged = two.reduce((n, s) => n + urgent(s).length, 0);
    const after = await call('dashboard.counts', {});
    expect(after.unacknowledged).toEqual({ flags: expected - acknowledged, students: counts.unacknowledged.students - 2 });
    expect(after.risk).toEqual(counts.risk);

    // A filter to one of them: nothing left unacknowledged in that view.
    const only = two[0];
    const filtered = await call('dashboard.counts', { gradYears: [only.gradYear], advisor: only.advisor ?? undefined });
    expect(filtered.unacknowledged.flags).toBe(
      cohort.students.filter((s) => s.gradYear === only.gradYear && s.advisor === only.advisor && !two.includes(s)).reduce((n, s) => n + urgent(s).length, 0),
    );
  });
});

describe('follow-ups never vanish', () => {
  it('an overdue follow-up stays on the dashboard until marked done (who and when), audited; moving its date opens it again', async () => {
    const notes = await call('notes.add', { studentId: ID, body: 'Check the retake date.', followUpDate: addDays(TODAY, -3), actionItems: [] });
    const note = notes[0];
    const listed = await call('dashboard.followUps', {});
    expect(listed.filter((f) => f.noteId === note.id)).toEqual([expect.objectContaining({ kind: 'followUp', date: addDays(TODAY, -3), overdue: true, studentId: ID })]);
    // Still there a month later, as of then.
    expect((await call('dashboard.followUps', { asOf: addDays(TODAY, 30) })).some((f) => f.noteId === note.id && f.overdue)).toBe(true);

    const done = await call('notes.setFollowUpDone', { id: note.id, done: true });
    expect(done[0]).toMatchObject({ followUpDoneBy: 'test-advisor', followUpDoneAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect((await call('dashboard.followUps', {})).some((f) => f.noteId === note.id)).toBe(false);
    const rows = auditRows('advising_note').filter((a) => a.action === 'update');
    expect(rows.map((a) => [a.field, a.oldValue, a.newValue])).toEqual([
      ['followUpDoneAt', null, done[0].followUpDoneAt],
      ['followUpDoneBy', null, 'test-advisor'],
    ]);

    // Edited to a new date: a new follow-up, open again (audited), listed again.
    const moved = await call('notes.update', { id: note.id, body: 'Check the retake date and the NBME.', followUpDate: addDays(TODAY, 5) });
    expect(moved[0]).toMatchObject({ body: 'Check the retake date and the NBME.', followUpDoneAt: null, followUpDoneBy: null });
    expect(auditRows('advising_note').filter((a) => a.action === 'update').slice(2).map((a) => a.field)).toEqual(['body', 'followUpDate', 'followUpDoneAt', 'followUpDoneBy']);
    expect((await call('dashboard.followUps', {})).filter((f) => f.noteId === note.id)).toEqual([expect.objectContaining({ overdue: false })]);

    const noDate = await call('notes.add', { studentId: ID, body: 'No follow-up.', followUpDate: null, actionItems: [] });
    expect(await invoke(ctx, 'notes.setFollowUpDone', { id: noDate[0].id, done: true })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
  });

  it('an action item past due stays until ticked; ticking records who and when, reopening clears them', async () => {
    const notes = await call('notes.add', { studentId: ID, body: 'Plan.', followUpDate: null, actionItems: [{ text: 'Book the retake', dueDate: addDays(TODAY, -1), done: false }] });
    const item = notes[0].actionItems[0];
    expect((await call('dashboard.followUps', {})).filter((f) => f.actionItemId === item.id)).toEqual([expect.objectContaining({ kind: 'actionItem', overdue: true })]);
    const ticked = await call('actionItems.setDone', { id: item.id, done: true });
    expect(ticked[0].actionItems[0]).toMatchObject({ done: true, doneBy: 'test-advisor', doneAt: expect.stringMatching(/T/) });
    expect((await call('dashboard.followUps', {})).some((f) => f.actionItemId === item.id)).toBe(false);
    const reopened = await call('actionItems.setDone', { id: item.id, done: false });
    expect(reopened[0].actionItems[0]).toMatchObject({ done: false, doneBy: null, doneAt: null });
  });
});
