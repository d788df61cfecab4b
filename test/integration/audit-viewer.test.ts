import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contextFor, DatabaseHolder } from '../../src/main/backup';
import { runCli } from '../../src/main/cli';
import { osUser } from '../../src/main/handlers/context';
import { invoke } from '../../src/main/handlers';
import type { AuditEntry } from '../../src/shared/domain';
import { tempDir } from '../helpers';
import { demoDatabase } from './backup-fixtures';

const holders: DatabaseHolder[] = [];
afterEach(() => {
  while (holders.length) holders.pop()!.close();
});

async function app(students = 12) {
  const t = await demoDatabase(students);
  const holder = new DatabaseHolder(t.file, t.db);
  holders.push(holder);
  const shell = contextFor(holder);
  return { ...t, holder, ctx: () => ({ ...shell }) };
}

async function list(ctx: Parameters<typeof invoke>[0], query: Parameters<typeof invoke<'audit.list'>>[2]) {
  const r = await invoke(ctx, 'audit.list', query);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.issues)}`);
  return r.value;
}

describe('audit.list', () => {
  it('pages through every change, newest first, with who, when, what, old and new value', async () => {
    const a = await app(12);
    const all = (a.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const first = await list(a.ctx(), { limit: 10 });
    expect(first.total).toBe(all);
    expect(first.entries).toHaveLength(10);
    const second = await list(a.ctx(), { limit: 10, offset: 10 });
    expect(second.offset).toBe(10);
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(20);
    expect(first.entries[0]).toEqual({
      id: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      actor: 'test-advisor',
      action: 'insert',
      entity: expect.any(String),
      entityId: expect.any(String),
      field: null,
      oldValue: null,
      newValue: expect.any(String),
      context: 'demo cohort',
    } satisfies Record<keyof AuditEntry, unknown>);
  });

  it('shows one student’s history: the student’s own fields and their exam attempts and practice exams, even deleted ones', async () => {
    const a = await app(12);
    const id = (a.db.prepare(`SELECT student_id AS id FROM exam_attempts GROUP BY student_id HAVING count(*) >= 2 ORDER BY student_id LIMIT 1`).get() as { id: string }).id;
    const other = (a.db.prepare(`SELECT id FROM students WHERE id <> ? ORDER BY id LIMIT 1`).get(id) as { id: string }).id;
    expect((await invoke(a.ctx(), 'students.update', { id, patch: { notes: 'Discussed a dedicated study period' } })).ok).toBe(true);
    expect((await invoke(a.ctx(), 'students.update', { id: other, patch: { notes: 'not this one' } })).ok).toBe(true);
    const attempt = a.db.prepare(`SELECT id, exam, test_date, outcome, score, attempt_order FROM exam_attempts WHERE student_id = ? ORDER BY id LIMIT 1`).get(id) as { id: number; exam: string; test_date: string | null; outcome: string | null; score: number | null; attempt_order: number | null };
    const removed = await invoke(a.ctx(), 'attempts.remove', { id: attempt.id });
    expect(removed.ok).toBe(true);

    const page = await list(a.ctx(), { studentId: id, limit: 500 });
    expect(page.total).toBe(page.entries.length);
    // Nothing about anyone else: every record shown belongs to this student.
    const ownerOf = (e: AuditEntry): string | undefined => {
      if (e.entity === 'student') return e.entityId;
      const row = a.db.prepare(`SELECT coalesce(new_value, old_value) AS v FROM audit_log WHERE entity = ? AND entity_id = ? AND action IN ('insert', 'delete') LIMIT 1`).get(e.entity, e.entityId) as { v: string };
      return (JSON.parse(row.v) as { studentId?: string }).studentId;
    };
    for (const e of page.entries) expect(ownerOf(e), JSON.stringify(e)).toBe(id);
    const expected =
      (a.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'student' AND entity_id = ?`).get(id) as { n: number }).n +
      (a.db.prepare(`SELECT count(*) AS n FROM exam_attempts WHERE student_id = ?`).get(id) as { n: number }).n +
      (a.db.prepare(`SELECT count(*) AS n FROM practice_exams WHERE student_id = ?`).get(id) as { n: number }).n +
      2; // the removed attempt's insert and delete rows
    expect(page.total).toBe(expected);
    const notes = page.entries.find((e) => e.entity === 'student' && e.field === 'notes');
    expect(notes).toMatchObject({ action: 'update', newValue: 'Discussed a dedicated study period', context: 'student page', actor: osUser() });
    const deleted = page.entries.find((e) => e.action === 'delete');
    expect(deleted).toMatchObject({ entity: 'exam_attempt', entityId: String(attempt.id) });
    expect(JSON.parse(deleted!.oldValue!)).toMatchObject({ studentId: id, exam: attempt.exam });
  });

  it('filters by entity, who, date range and text, together', async () => {
    const a = await app(6);
    const id = (a.db.prepare('SELECT id FROM students ORDER BY id LIMIT 1').get() as { id: string }).id;
    a.db.prepare(`UPDATE audit_log SET at = '2025-01-10T15:00:00.000Z' WHERE entity = 'student'`).run();
    // The change is made on a fixed day, a moment before local midnight: the test never reads the
    // clock itself, so a run that crosses midnight cannot compare two different days.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 10, 26, 23, 59, 59, 999) });
    try {
      expect((await invoke({ ...a.ctx(), actor: 'Dr. Brennan' }, 'students.update', { id, patch: { notes: '50% off_track: see 10/3' } })).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }

    const facets = await invoke(a.ctx(), 'audit.facets', {});
    // demo_outcomes: the demo's past graduates and program directory, audited as one row (issue 15).
    expect(facets.ok && facets.value).toEqual({ entities: ['demo_outcomes', 'exam_attempt', 'practice_exam', 'student'], actors: ['Dr. Brennan', 'test-advisor'] });

    const byActor = await list(a.ctx(), { actor: 'Dr. Brennan' });
    expect(byActor.entries.map((e) => [e.entity, e.entityId, e.field, e.newValue])).toEqual([['student', id, 'notes', '50% off_track: see 10/3']]);
    const students = await list(a.ctx(), { entity: 'student', limit: 500 });
    expect(students.total).toBe(7);
    const inJanuary = await list(a.ctx(), { entity: 'student', from: '2025-01-01', to: '2025-01-31', limit: 500 });
    expect(inJanuary.total).toBe(6);
    expect((await list(a.ctx(), { entity: 'student', from: '2026-11-26', to: '2026-11-26' })).total).toBe(1);
    expect((await list(a.ctx(), { entity: 'student', from: '2026-11-27', to: '2026-11-27' })).total).toBe(0);
    // Text is matched literally: % and _ are not wildcards.
    expect((await list(a.ctx(), { text: '50% off_track' })).total).toBe(1);
    expect((await list(a.ctx(), { text: '5_%' })).total).toBe(0);
    expect((await list(a.ctx(), { text: id, entity: 'student', actor: 'test-advisor' })).total).toBe(1);
    const bad = await invoke(a.ctx(), 'audit.list', { from: '2025-02-01', to: '2025-01-01' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'to', message: 'the start date is after the end date' }] } });
    expect(await invoke(a.ctx(), 'audit.list', { from: '2025-02-30' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke(a.ctx(), 'audit.list', { limit: 100_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('includes settings changes, and imports under the advisor name set in Settings', async () => {
    const a = await app(3);
    expect((await invoke(a.ctx(), 'backup.setKeep', { keep: 5 })).ok).toBe(true);
    const settings = await list(a.ctx(), { entity: 'setting' });
    expect(settings.entries).toEqual([expect.objectContaining({ entityId: 'backup.keep', oldValue: null, newValue: '5', context: 'settings' })]);

    const named = await invoke(a.ctx(), 'audit.setUserName', { userName: '  Dr. Okafor  ' });
    expect(named).toEqual({ ok: true, value: { actor: 'Dr. Okafor', userName: 'Dr. Okafor', osUser: osUser(), askName: false } });
    // The next call made through the shell's context is made by that name.
    expect((await invoke(a.ctx(), 'audit.identity', {})).ok && (await invoke(a.ctx(), 'audit.identity', {}))).toMatchObject({ value: { actor: 'Dr. Okafor' } });
    const csv = new TextEncoder().encode('Student ID,First name,Last name,Graduation year\nN1,Nia,Obi,2027\n');
    const imported = await invoke(a.ctx(), 'import.commit', { file: csv, fileName: 'new.csv', asOf: '2026-11-26' });
    expect(imported.ok && imported.value.committed).toBe(true);
    const rows = await list(a.ctx(), { text: 'import new.csv' });
    expect(rows.total).toBeGreaterThan(0);
    for (const e of rows.entries) expect(e.actor).toBe('Dr. Okafor');
    const nameChange = await list(a.ctx(), { entity: 'setting', entityId: 'office.userName' });
    expect(nameChange.entries).toEqual([expect.objectContaining({ actor: osUser(), oldValue: null, newValue: 'Dr. Okafor' })]);

    // Blank clears it: the computer's user name again, and the app asks for a name at its next start.
    expect(await invoke(a.ctx(), 'audit.setUserName', { userName: '' })).toEqual({ ok: true, value: { actor: osUser(), userName: null, osUser: osUser(), askName: true } });
    expect(await invoke(a.ctx(), 'audit.setUserName', { userName: 'x'.repeat(101) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke(a.ctx(), 'audit.setUserName', { userName: 'Dr.\nEvil' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('the CLI records the advisor name set in Settings too, unless $STEPWISE_ACTOR names an automated job', async () => {
    const a = await app(2);
    expect((await invoke(a.ctx(), 'audit.setUserName', { userName: 'Dr. Hayashi' })).ok).toBe(true);
    a.holder.close();
    const dir = tempDir();
    const importAs = async (file: string, body: string, env: NodeJS.ProcessEnv) => {
      fs.writeFileSync(path.join(dir, file), body);
      const err: string[] = [];
      expect(await runCli(['import', path.join(dir, file), '--db', a.file], { stdout: () => {}, stderr: (t) => err.push(t), env }), err.join('\n')).toBe(0);
    };
    await importAs('by-hand.csv', 'Student ID,First name,Last name,Graduation year\nH1,Hal,Ito,2027\n', {});
    await importAs('nightly.csv', 'Student ID,First name,Last name,Graduation year\nH2,Ida,Wu,2028\n', { STEPWISE_ACTOR: 'nightly-sis-sync' });
    const db = new Database(a.file, { readonly: true });
    const actors = db.prepare(`SELECT DISTINCT context, actor FROM audit_log WHERE context LIKE 'import %' ORDER BY context`).all();
    db.close();
    expect(actors).toEqual([
      { context: 'import by-hand.csv', actor: 'Dr. Hayashi' },
      { context: 'import nightly.csv', actor: 'nightly-sis-sync' },
    ]);
  });
});
