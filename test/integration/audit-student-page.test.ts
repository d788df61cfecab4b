/**
 * Every change made on the student page leaves an audit row saying who changed which record, which
 * field, and from what to what: practice-exam edits and deletes, and action-item deletes. Read back
 * from the real audit_log table of a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';

const AS_OF = '2026-11-26';
let db: Db;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, ctx } = await tempDatabase());
  loadDemoCohort(db, { students: 5, seed: 11, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
});
afterEach(() => db.close());

async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

interface AuditRow {
  actor: string;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  context: string | null;
}

/** The rows the advisor (not the seed) wrote about one record. */
const auditOf = (entity: string, id: number) =>
  db
    .prepare(
      `SELECT actor, action, field, old_value AS oldValue, new_value AS newValue, context FROM audit_log
       WHERE entity = ? AND entity_id = ? AND actor = 'test-advisor' ORDER BY id`,
    )
    .all(entity, String(id)) as AuditRow[];

describe('practice exams edited on the student page', () => {
  it('audits an edit field by field, with the old and the new value, and nothing for unchanged fields', async () => {
    const input = { studentId: 'S00002', exam: 'STEP2CK', form: 'NBME 31', takenOn: '2026-05-01', score: 231, passProbability: 70 } as const;
    const added = await call('practice.add', input);
    const saved = added.practice.find((p) => p.form === 'NBME 31' && p.takenOn === '2026-05-01')!;
    expect(saved).toBeDefined();
    expect(auditOf('practice_exam', saved.id).map((r) => r.action)).toEqual(['insert']);

    const edited = await call('practice.update', { id: saved.id, practice: { ...input, score: 238, passProbability: null, form: 'NBME 32' } });
    expect(edited.practice.find((p) => p.id === saved.id)).toMatchObject({ score: 238, passProbability: null, form: 'NBME 32' });
    expect(auditOf('practice_exam', saved.id).slice(1)).toEqual([
      { actor: 'test-advisor', action: 'update', field: 'form', oldValue: 'NBME 31', newValue: 'NBME 32', context: 'student page' },
      { actor: 'test-advisor', action: 'update', field: 'score', oldValue: '231', newValue: '238', context: 'student page' },
      { actor: 'test-advisor', action: 'update', field: 'passProbability', oldValue: '70', newValue: null, context: 'student page' },
    ]);

    // Saving the form again unchanged writes no row.
    await call('practice.update', { id: saved.id, practice: { ...input, score: 238, passProbability: null, form: 'NBME 32' } });
    expect(auditOf('practice_exam', saved.id)).toHaveLength(4);
  });

  it('audits a delete with the whole record as the old value', async () => {
    const input = { studentId: 'S00003', exam: 'STEP1', form: 'NBME 30', takenOn: '2026-02-14', score: null, passProbability: 64 } as const;
    const saved = (await call('practice.add', input)).practice.find((p) => p.form === 'NBME 30' && p.takenOn === '2026-02-14')!;
    const after = await call('practice.remove', { id: saved.id });
    expect(after.practice.map((p) => p.id)).not.toContain(saved.id);
    expect(db.prepare('SELECT count(*) AS n FROM practice_exams WHERE id = ?').get(saved.id)).toEqual({ n: 0 });

    const rows = auditOf('practice_exam', saved.id);
    expect(rows.map((r) => r.action)).toEqual(['insert', 'delete']);
    const deleted = rows[1];
    expect(deleted).toMatchObject({ actor: 'test-advisor', field: null, newValue: null, context: 'student page' });
    expect(JSON.parse(deleted.oldValue!)).toEqual({ ...input, id: saved.id });
  });
});

describe('action items removed on the student page', () => {
  it('audits the delete of one action item with its text, date and state as the old value', async () => {
    const notes = await call('notes.add', {
      studentId: 'S00004',
      body: 'Plan for the CK retake.',
      followUpDate: null,
      actionItems: [
        { text: 'Book a CK date', dueDate: '2026-12-05', done: false },
        { text: 'Send the NBME report', dueDate: null, done: true },
      ],
    });
    const [keep, gone] = notes[0].actionItems;
    const after = await call('actionItems.remove', { id: gone.id });
    expect(after[0].actionItems.map((i) => i.id)).toEqual([keep.id]);

    const rows = auditOf('action_item', gone.id);
    expect(rows.map((r) => r.action)).toEqual(['insert', 'delete']);
    expect(rows[1]).toMatchObject({ actor: 'test-advisor', field: null, newValue: null, context: 'student page' });
    expect(JSON.parse(rows[1].oldValue!)).toEqual({ id: gone.id, noteId: notes[0].id, text: 'Send the NBME report', dueDate: null, done: true, doneAt: gone.doneAt, doneBy: 'test-advisor' });
    expect(gone.doneAt).toMatch(/^\d{4}-\d\d-\d\dT/); // written done: who and when recorded at once
    // The item that stayed has only its insert row.
    expect(auditOf('action_item', keep.id).map((r) => r.action)).toEqual(['insert']);
  });
});
