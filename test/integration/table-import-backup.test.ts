/**
 * The program directory and match-list imports keep the laptop's rolling backup (issue 15), now that
 * they go through the store: a commit on a laptop's file is preceded by a `before-import` backup of
 * the file as it was; a dry run takes none. (An office database takes none either: IT backs it up;
 * test/integration/pg-office-imports.test.ts imports there, where a backup attempt would be refused.)
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listBackups } from '../../src/main/backup';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';

let db: Db;
let ctx: HandlerContext;
let file: string;
beforeEach(async () => {
  ({ db, ctx, file } = await tempDatabase());
});
afterEach(() => db.close());

const directory = (code: string) => new TextEncoder().encode(`Program name,Program code,Specialty\r\nLakeside Pediatrics,${code},Pediatrics\r\n`);

it('backs the laptop file up before a directory or match-list import commits, not before a dry run', async () => {
  // A file nothing was ever written to has nothing worth keeping (backup/service.ts): the first import takes no backup.
  const committed = await invoke(ctx, 'programs.import', { file: directory('P100'), fileName: 'directory.csv' });
  expect(committed).toMatchObject({ ok: true, value: { committed: true, counts: { programs: { added: 1 } } } });
  expect(listBackups(file, 10).backups).toHaveLength(0);

  const list = new TextEncoder().encode('Student ID,Season,Specialty,Result\r\nG001,2025,Pediatrics,Matched\r\n');
  const input = { file: list, fileName: 'match.csv', asOf: '2026-03-20' };
  expect(await invoke(ctx, 'outcomes.import', { ...input, dryRun: true })).toMatchObject({ ok: true, value: { committed: false, counts: { outcomes: { added: 1 } } } });
  expect(listBackups(file, 10).backups).toHaveLength(0);
  expect(await invoke(ctx, 'outcomes.import', input)).toMatchObject({ ok: true, value: { committed: true } });
  expect(listBackups(file, 10).backups.map((b) => b.reason)).toEqual(['before-import']);

  // A directory import after it: the file changed since that backup, so it takes its own.
  expect(await invoke(ctx, 'programs.import', { file: directory('P101'), fileName: 'directory-2.csv' })).toMatchObject({ ok: true, value: { committed: true } });
  expect(listBackups(file, 10).backups.map((b) => b.reason)).toEqual(['before-import', 'before-import']);
  expect(db.prepare('SELECT count(*) FROM programs').pluck().get()).toBe(2);
});
