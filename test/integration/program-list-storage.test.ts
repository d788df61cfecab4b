/**
 * Saved program lists through the store on a real SQLite file (issue 15): saved with who and when,
 * audited, versioned; a save made on a version someone else has since replaced writes nothing and
 * returns the list as it stands.
 */
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { sqliteStore } from '../../src/main/store/sqlite';
import type { ProgramListEntry } from '../../src/shared/domain';
import { tempDatabase } from '../helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const entry = (programId: number, more: Partial<ProgramListEntry> = {}): ProgramListEntry => ({ programId, tierOverride: null, pinned: false, excluded: false, annotation: null, ...more });

it('saves a list with who and when, audits it, and refuses a stale save without writing', async () => {
  const t = await tempDatabase();
  dirs.push(t.dir);
  t.db.prepare(`INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES ('S1', 'Ada', 'Lovelace', 2027, 'now', 'now')`).run();
  const lists = sqliteStore(t.db).outcomes;
  expect(await lists.programList('S1', 'Dermatology')).toBeNull();

  const first = await lists.saveProgramList('S1', 'Dermatology', [entry(3, { pinned: true })], null, { actor: 'Dr. Adams', context: 'student page' });
  expect(first).toMatchObject({ stale: false, list: { studentId: 'S1', specialty: 'Dermatology', savedBy: 'Dr. Adams', version: 1, entries: [entry(3, { pinned: true })] } });

  // Dr. Baker saves on version 1; Dr. Adams, still on version 1, then saves too: refused, nothing written.
  const second = await lists.saveProgramList('S1', 'dermatology', [entry(3, { annotation: 'home program' })], 1, { actor: 'Dr. Baker', context: 'student page' });
  expect(second).toMatchObject({ stale: false, list: { version: 2, savedBy: 'Dr. Baker' } });
  const stale = await lists.saveProgramList('S1', 'Dermatology', [entry(4)], 1, { actor: 'Dr. Adams', context: 'student page' });
  expect(stale).toMatchObject({ stale: true, current: { version: 2, savedBy: 'Dr. Baker', entries: [entry(3, { annotation: 'home program' })] } });
  expect((await lists.programList('S1', 'Dermatology'))!.entries).toEqual([entry(3, { annotation: 'home program' })]);

  const audit = t.db.prepare(`SELECT actor, action, field FROM audit_log WHERE entity = 'program_list' ORDER BY id`).all();
  expect(audit).toEqual([
    { actor: 'Dr. Adams', action: 'insert', field: null },
    { actor: 'Dr. Baker', action: 'update', field: 'entries' },
  ]);
});
