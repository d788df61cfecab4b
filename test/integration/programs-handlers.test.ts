import { afterEach, describe, expect, it } from 'vitest';
import type { Program } from '../../src/shared/domain';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';

const open: HandlerContext[] = [];
afterEach(() => {
  while (open.length) open.pop()!.db.close();
});

async function setup() {
  const t = await tempDatabase();
  open.push(t.ctx);
  const specialtyId = (name: string) => (t.db.prepare('SELECT id FROM specialties WHERE name = ?').get(name) as { id: number }).id;
  const audit = (entityId: string) =>
    t.db.prepare(`SELECT action, field, old_value AS oldValue, new_value AS newValue, actor, context FROM audit_log WHERE entity = 'program' AND entity_id = ? ORDER BY id`).all(entityId) as {
      action: string;
      field: string | null;
      oldValue: string | null;
      newValue: string | null;
      actor: string;
      context: string | null;
    }[];
  const ok = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await invoke(t.ctx, name, input);
    if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  return { ...t, specialtyId, audit, ok };
}

const derm = { city: 'Boston', state: 'MA', kind: 'academic', stepCkMinimum: 245, note: null } as const;

describe('programs handlers over a real database', () => {
  it('adds, lists by specialty, updates and removes a program, auditing each change', async () => {
    const { ok, specialtyId, audit, db } = await setup();
    const dermId = specialtyId('Dermatology');
    const emId = specialtyId('Emergency Medicine');
    const added = await ok<Program>('programs.add', { name: 'Harbor University Dermatology', specialtyId: dermId, ...derm });
    await ok<Program>('programs.add', { name: 'County EM', specialtyId: emId, city: '', state: '', kind: 'community', stepCkMinimum: null, note: '  ' });

    expect((await ok<Program[]>('programs.list', { specialtyId: dermId })).map((p) => p.name)).toEqual(['Harbor University Dermatology']);
    const em = await ok<Program[]>('programs.list', { specialtyId: emId });
    // Blank form fields are stored as "not recorded", not as empty strings.
    expect(em[0]).toMatchObject({ name: 'County EM', city: null, state: null, note: null });
    expect((await ok<Program[]>('programs.list', {})).map((p) => p.name)).toEqual(['County EM', 'Harbor University Dermatology']);
    expect(audit(String(added.id))).toEqual([expect.objectContaining({ action: 'insert', actor: 'test-advisor', context: 'specialties page' })]);

    const updated = await ok<Program>('programs.update', { id: added.id, program: { name: 'Harbor University Dermatology', specialtyId: dermId, ...derm, stepCkMinimum: 250, note: 'Screens at 250 since 2026' } });
    expect(updated).toMatchObject({ id: added.id, stepCkMinimum: 250, note: 'Screens at 250 since 2026' });
    expect(db.prepare('SELECT step_ck_minimum AS m FROM programs WHERE id = ?').get(added.id)).toEqual({ m: 250 });
    const updates = audit(String(added.id)).filter((a) => a.action === 'update');
    expect(updates.map((a) => [a.field, a.oldValue, a.newValue])).toEqual([
      ['stepCkMinimum', '245', '250'],
      ['note', null, 'Screens at 250 since 2026'],
    ]);

    expect(await ok('programs.remove', { id: added.id })).toEqual({ id: added.id });
    expect(await ok<Program[]>('programs.list', { specialtyId: dermId })).toEqual([]);
    expect(audit(String(added.id)).at(-1)).toMatchObject({ action: 'delete', oldValue: expect.stringContaining('Harbor University Dermatology') });
  });

  it('an update that changes nothing writes no audit row', async () => {
    const { ok, specialtyId, audit } = await setup();
    const input = { name: 'Lakeside Derm', specialtyId: specialtyId('Dermatology'), ...derm };
    const p = await ok<Program>('programs.add', input);
    await ok('programs.update', { id: p.id, program: input });
    expect(audit(String(p.id)).map((a) => a.action)).toEqual(['insert']);
  });

  it('rejects bad input with the field that is wrong, and writes nothing', async () => {
    const { ctx, specialtyId, db } = await setup();
    const count = () => (db.prepare(`SELECT count(*) AS n FROM programs`).get() as { n: number }).n + (db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'program'`).get() as { n: number }).n;
    const dermId = specialtyId('Dermatology');

    const offScale = await invoke(ctx, 'programs.add', { name: 'X', specialtyId: dermId, ...derm, stepCkMinimum: 560 });
    expect(offScale).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'stepCkMinimum' })] } });

    const noName = await invoke(ctx, 'programs.add', { name: '  ', specialtyId: dermId, ...derm });
    expect(noName).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'name' })] } });

    const badKind = await invoke(ctx, 'programs.add', { name: 'X', specialtyId: dermId, ...derm, kind: 'private' });
    expect(badKind).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'kind' })] } });

    const unknownSpecialty = await invoke(ctx, 'programs.add', { name: 'X', specialtyId: 9999, ...derm });
    expect(unknownSpecialty).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'No specialty with id 9999', issues: [{ path: 'specialtyId', message: 'unknown specialty' }] } });
    expect(count()).toBe(0);
  });

  it('refuses the same program twice in one specialty, but allows it in another city or specialty', async () => {
    const { ok, ctx, specialtyId } = await setup();
    const dermId = specialtyId('Dermatology');
    const first = await ok<Program>('programs.add', { name: 'Harbor Derm', specialtyId: dermId, ...derm });
    const twin = await invoke(ctx, 'programs.add', { name: 'harbor derm', specialtyId: dermId, ...derm });
    expect(twin).toMatchObject({ ok: false, error: { code: 'CONFLICT', issues: [{ path: 'name' }] } });
    await ok('programs.add', { name: 'Harbor Derm', specialtyId: dermId, ...derm, city: 'Salem' });
    const other = await ok<Program>('programs.add', { name: 'Harbor Derm', specialtyId: specialtyId('Pathology'), ...derm });
    // Renaming the Pathology one onto nothing new is fine; moving it onto the first one's slot is not.
    const move = await invoke(ctx, 'programs.update', { id: other.id, program: { name: 'Harbor Derm', specialtyId: dermId, ...derm } });
    expect(move).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await ok('programs.update', { id: first.id, program: { name: 'Harbor Derm', specialtyId: dermId, ...derm, note: 'same row, new note' } });
  });

  it('says which program is missing on update and remove', async () => {
    const { ctx, specialtyId } = await setup();
    expect(await invoke(ctx, 'programs.remove', { id: 42 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No program with id 42' } });
    expect(await invoke(ctx, 'programs.update', { id: 42, program: { name: 'X', specialtyId: specialtyId('Dermatology'), ...derm } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('keeps a program when its specialty row is deleted (specialty cleared, not the program)', async () => {
    const { ok, specialtyId, db } = await setup();
    const p = await ok<Program>('programs.add', { name: 'Harbor Derm', specialtyId: specialtyId('Dermatology'), ...derm });
    db.prepare('DELETE FROM specialties WHERE name = ?').run('Dermatology');
    expect(await ok<Program[]>('programs.list', { specialtyId: null })).toEqual([expect.objectContaining({ id: p.id, specialtyId: null })]);
  });
});
