import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import { CHECKLIST } from '../../src/shared/checklist';
import { tempDatabase } from '../helpers';

const AS_OF = '2026-11-26';
let db: Db;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, ctx } = await tempDatabase());
  loadDemoCohort(db, { students: 60, seed: 3, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
});
afterEach(() => db.close());

async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const audit = (entity: string) =>
  db.prepare(`SELECT action, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, actor, context FROM audit_log WHERE entity = ? AND actor = 'test-advisor' ORDER BY id`).all(entity) as {
    action: string;
    entityId: string;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
    actor: string;
    context: string;
  }[];

describe('advising notes and action items', () => {
  it('adds a note with action items, ticks one, edits and removes, auditing every step', async () => {
    const notes = await call('notes.add', {
      studentId: 'S00004',
      body: 'Discussed moving Step 2 CK earlier.',
      followUpDate: '2026-12-10',
      actionItems: [
        { text: 'Book CK for June', dueDate: '2026-12-05', done: false },
        { text: 'Send NBME 12 results', dueDate: null, done: false },
      ],
    });
    expect(notes).toHaveLength(1);
    const [note] = notes;
    expect(note).toMatchObject({ studentId: 'S00004', author: 'test-advisor', followUpDate: '2026-12-10' });
    expect(note.actionItems.map((i) => [i.text, i.done])).toEqual([
      ['Book CK for June', false],
      ['Send NBME 12 results', false],
    ]);
    expect(audit('advising_note').map((a) => a.action)).toEqual(['insert']);
    expect(audit('action_item').map((a) => a.action)).toEqual(['insert', 'insert']);

    const ticked = await call('actionItems.setDone', { id: note.actionItems[0].id, done: true });
    expect(ticked[0].actionItems[0]).toMatchObject({ done: true, doneBy: 'test-advisor' });
    const ticks = audit('action_item').slice(2);
    expect(ticks.map((a) => [a.action, a.field, a.oldValue, a.newValue])).toEqual([
      ['update', 'done', 'false', 'true'],
      ['update', 'doneAt', null, ticked[0].actionItems[0].doneAt],
      ['update', 'doneBy', null, 'test-advisor'],
    ]);
    expect(ticks[0].context).toBe('student page');
    // Ticking what is already ticked writes nothing.
    await call('actionItems.setDone', { id: note.actionItems[0].id, done: true });
    expect(audit('action_item')).toHaveLength(5);

    const edited = await call('notes.update', { id: note.id, body: 'Discussed moving Step 2 CK to June.', followUpDate: null });
    expect(edited[0]).toMatchObject({ body: 'Discussed moving Step 2 CK to June.', followUpDate: null });
    expect(audit('advising_note').slice(1).map((a) => a.field)).toEqual(['body', 'followUpDate']);

    const added = await call('actionItems.add', { noteId: note.id, item: { text: 'Email the dean', dueDate: '2026-12-01', done: false } });
    expect(added[0].actionItems.map((i) => i.text)).toContain('Email the dean');

    expect(await call('notes.remove', { id: note.id })).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM action_items').get()).toEqual({ n: 0 });
    expect(audit('action_item').filter((a) => a.action === 'delete')).toHaveLength(3);
    expect(audit('advising_note').at(-1)?.action).toBe('delete');
  });

  it('rejects empty notes, bad dates and unknown students or rows with specific errors', async () => {
    const empty = await invoke(ctx, 'notes.add', { studentId: 'S00004', body: '   ', followUpDate: null, actionItems: [] });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'body' }] } });
    const badDate = await invoke(ctx, 'notes.add', { studentId: 'S00004', body: 'x', followUpDate: '2026-13-01', actionItems: [] });
    expect(badDate).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'followUpDate', message: 'expected a real date as YYYY-MM-DD' }] } });
    const nobody = await invoke(ctx, 'notes.add', { studentId: 'NOPE', body: 'x', followUpDate: null, actionItems: [] });
    expect(nobody).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No student with ID NOPE' } });
    expect(await invoke(ctx, 'actionItems.setDone', { id: 999, done: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No action item 999' } });
    expect(db.prepare('SELECT count(*) AS n FROM advising_notes').get()).toEqual({ n: 0 });
  });

  it("puts follow-ups and open action items on the dashboard's upcoming list, filtered like the cohort", async () => {
    const s = db.prepare(`SELECT id, grad_year AS gradYear, first_name || ' ' || last_name AS name FROM students WHERE id = 'S00007'`).get() as { id: string; gradYear: number; name: string };
    await call('notes.add', { studentId: s.id, body: 'Check NBME 13 score', followUpDate: '2026-12-03', actionItems: [{ text: 'Overdue item', dueDate: '2026-11-20', done: false }] });
    await call('notes.add', { studentId: s.id, body: 'Far future', followUpDate: '2027-06-01', actionItems: [{ text: 'Done item', dueDate: '2026-11-30', done: true }] });
    const list = await call('dashboard.followUps', { asOf: AS_OF, days: 30 });
    expect(list.map((f) => [f.kind, f.date, f.text, f.overdue, f.name])).toEqual([
      ['actionItem', '2026-11-20', 'Overdue item', true, s.name],
      ['followUp', '2026-12-03', 'Check NBME 13 score', false, s.name],
    ]);
    expect(await call('dashboard.followUps', { asOf: AS_OF, gradYears: [s.gradYear + 10] })).toEqual([]);
    expect(await call('dashboard.followUps', { asOf: AS_OF, gradYears: [s.gradYear] })).toHaveLength(2);
  });
});

describe("the advising guide's checklist", () => {
  it('places the student in a stage from the evaluation and saves ticks with an audit trail', async () => {
    // S00001 in a fresh state: no Step 1 attempts at all means "before Step 1".
    db.prepare(`DELETE FROM exam_attempts WHERE student_id = 'S00001'`).run();
    db.prepare(`UPDATE students SET grad_year = 2029 WHERE id = 'S00001'`).run();
    const list = await call('checklist.get', { studentId: 'S00001', asOf: AS_OF });
    expect(list.stage).toBe('beforeStep1');
    expect(list.stages.map((s) => s.stage)).toEqual(CHECKLIST.map((s) => s.stage));
    expect(list.stages.flatMap((s) => s.items).every((i) => !i.done)).toBe(true);

    const ticked = await call('checklist.set', { studentId: 'S00001', itemId: 'beforeStep1.studyPlan', done: true, asOf: AS_OF });
    const item = ticked.stages[0].items.find((i) => i.id === 'beforeStep1.studyPlan')!;
    expect(item).toMatchObject({ done: true, doneBy: 'test-advisor' });
    expect(audit('student').at(-1)).toMatchObject({ entityId: 'S00001', field: 'checklist.beforeStep1.studyPlan', oldValue: 'not done', newValue: 'done' });
    const untick = await call('checklist.set', { studentId: 'S00001', itemId: 'beforeStep1.studyPlan', done: false, asOf: AS_OF });
    expect(untick.stages[0].items[0].done).toBe(false);
    expect(audit('student')).toHaveLength(2);

    // A failed Step 1 moves the student to the fail-or-delay stage; a pass then a booked CK to "before CK".
    await call('attempts.add', { studentId: 'S00001', exam: 'STEP1', testDate: '2026-10-01', outcome: 'FAIL', score: null, attemptOrder: 1 });
    expect((await call('checklist.get', { studentId: 'S00001', asOf: AS_OF })).stage).toBe('afterStep1FailOrDelay');
    await call('attempts.add', { studentId: 'S00001', exam: 'STEP1', testDate: '2026-11-20', outcome: 'PASS', score: null, attemptOrder: 2 });
    await call('attempts.add', { studentId: 'S00001', exam: 'STEP2CK', testDate: '2027-05-01', outcome: 'SCHEDULED', score: null, attemptOrder: 1 });
    expect((await call('checklist.get', { studentId: 'S00001', asOf: AS_OF })).stage).toBe('beforeCk');
  });

  it('refuses an item that is not in the guide', async () => {
    const bad = await invoke(ctx, 'checklist.set', { studentId: 'S00001', itemId: 'made.up', done: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'itemId', message: 'not an item of the advising guide checklist' }] } });
  });
});

describe('saved roster filters', () => {
  it('saves a named filter set, replaces it under the same name, recalls and removes it', async () => {
    const saved = await call('savedFilters.save', { name: 'Class of 2027 at high risk', filter: { gradYears: [2027], risk: ['critical', 'high'], sort: 'risk' } });
    expect(saved).toEqual([{ id: expect.any(Number), name: 'Class of 2027 at high risk', filter: { gradYears: [2027], risk: ['critical', 'high'], sort: 'risk', direction: 'asc' } }]);
    const replaced = await call('savedFilters.save', { name: 'Class of 2027 at high risk', filter: { gradYears: [2027], risk: ['high'] } });
    expect(replaced).toHaveLength(1);
    expect(replaced[0].filter.risk).toEqual(['high']);
    const rows = audit('saved_filter');
    expect(rows.map((r) => r.action)).toEqual(['insert', 'update']);
    // The recalled filter drives the roster as it was saved.
    const page = await call('students.list', { ...replaced[0].filter, asOf: AS_OF });
    // An empty page would pass any check of its rows (this cohort has no critical student at all): the
    // cohort has students the filter should find, and it finds exactly them.
    const expected = (await call('students.list', { asOf: AS_OF, limit: 1000 })).rows.filter((r) => r.risk === 'high' && r.gradYear === 2027);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(page.rows.every((r) => r.risk === 'high' && r.gradYear === 2027)).toBe(true);
    expect(await call('savedFilters.remove', { id: replaced[0].id })).toEqual([]);
    expect(audit('saved_filter').at(-1)?.action).toBe('delete');
  });

  it('refuses a blank name or an unknown risk level with a clear error', async () => {
    expect(await invoke(ctx, 'savedFilters.save', { name: ' ', filter: {} })).toMatchObject({ ok: false, error: { issues: [{ path: 'name', message: 'give the filter a name' }] } });
    expect(await invoke(ctx, 'savedFilters.save', { name: 'x', filter: { risk: ['severe'] } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'filter.risk.0' }] } });
    expect(await invoke(ctx, 'savedFilters.remove', { id: 12345 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
