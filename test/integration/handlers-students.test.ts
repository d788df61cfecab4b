import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';

let db: Db;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, ctx } = await tempDatabase());
  loadDemoCohort(db, { students: 50, seed: 1, asOf: '2026-11-26' }, { actor: 'seed', context: 'demo cohort' });
});
afterEach(() => db.close());

const auditRows = (entity: string, id: string) =>
  db.prepare(`SELECT actor, action, field, old_value AS oldValue, new_value AS newValue, context FROM audit_log WHERE entity = ? AND entity_id = ? AND actor = 'test-advisor' ORDER BY id`).all(entity, id);

describe('student handlers', () => {
  it('updates a student, audits each changed field with old and new values, and validates', async () => {
    const r = await invoke(ctx, 'students.update', { id: 'S00001', patch: { targetSpecialty: 'Dermatology', usLetters: 3 } });
    expect(r.ok).toBe(true);
    const rows = auditRows('student', 'S00001') as { field: string; newValue: string }[];
    expect(rows.map((x) => x.field).sort()).toEqual(['targetSpecialty', 'usLetters']);
    expect(rows.find((x) => x.field === 'usLetters')?.newValue).toBe('3');
    const bad = await invoke(ctx, 'students.update', { id: 'S00001', patch: { email: 'not-an-email' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const missing = await invoke(ctx, 'students.update', { id: 'NOPE', patch: { advisor: 'x' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('adds, edits and removes exam attempts, rejecting scores off the exam scale', async () => {
    const add = await invoke(ctx, 'attempts.add', { studentId: 'S00002', exam: 'STEP2CK', testDate: '2026-06-01', outcome: null, score: 241, attemptOrder: null });
    expect(add.ok).toBe(true);
    const detail = (add as { value: { attempts: { id: number; score: number | null; testDate: string | null }[] } }).value;
    const created = detail.attempts.find((a) => a.score === 241 && a.testDate === '2026-06-01')!;
    expect(created).toBeDefined();
    const edit = await invoke(ctx, 'attempts.update', { id: created.id, attempt: { studentId: 'S00002', exam: 'STEP2CK', testDate: '2026-06-01', outcome: 'PASS', score: 244, attemptOrder: null } });
    expect(edit.ok).toBe(true);
    expect((auditRows('exam_attempt', String(created.id)) as { field: string | null }[]).map((x) => x.field)).toEqual([null, 'outcome', 'score']);
    expect((await invoke(ctx, 'attempts.remove', { id: created.id })).ok).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM exam_attempts WHERE id = ?').get(created.id)).toEqual({ n: 0 });
    const offScale = await invoke(ctx, 'attempts.add', { studentId: 'S00002', exam: 'STEP2CK', testDate: '2026-06-01', outcome: null, score: 560, attemptOrder: null });
    expect(offScale).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const comlex = await invoke(ctx, 'attempts.add', { studentId: 'S00002', exam: 'COMLEX2CE', testDate: '2026-06-01', outcome: null, score: 560, attemptOrder: null });
    expect(comlex.ok).toBe(true);
  });

  it('refuses a duplicate practice exam with a conflict, not a crash', async () => {
    const p = { studentId: 'S00003', exam: 'STEP2CK', form: 'NBME 99', takenOn: '2026-05-01', score: 240, passProbability: null } as const;
    expect((await invoke(ctx, 'practice.add', p)).ok).toBe(true);
    expect(await invoke(ctx, 'practice.add', p)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('lists the roster with search, filters, sorting and paging done in SQLite', async () => {
    const all = await invoke(ctx, 'students.list', { limit: 1000 });
    expect(all.ok && all.value.total).toBe(50);
    const page = await invoke(ctx, 'students.list', { sort: 'id', direction: 'desc', offset: 10, limit: 5 });
    expect(page.ok && page.value.rows.map((r) => r.id)).toEqual(['S00040', 'S00039', 'S00038', 'S00037', 'S00036']);
    const found = await invoke(ctx, 'students.list', { search: 'S00017' });
    expect(found.ok && found.value.rows.map((r) => r.id)).toEqual(['S00017']);
    const pct = await invoke(ctx, 'students.list', { search: '%' });
    expect(pct.ok && pct.value.total).toBe(0);
  });
});
