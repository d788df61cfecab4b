import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../src/main/backup';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';

let db: Db;
let ctx: HandlerContext;
let file: string;
beforeEach(async () => {
  ({ db, ctx, file } = await tempDatabase());
  loadDemoCohort(db, { students: 20, seed: 3, asOf: '2026-11-26' }, { actor: 'seed', context: 'demo cohort' });
});
afterEach(() => db.close());

const csv = (rows: string[]) => new TextEncoder().encode(['Student ID,First name,Last name,Graduation year', ...rows].join('\r\n'));

describe('a backup before every import', () => {
  it('copies the database as it was before the import commits, once per distinct state', async () => {
    const r = await invoke(ctx, 'import.commit', { file: csv(['N1,Ada,Lovelace,2028']), fileName: 'new.csv' });
    expect(r.ok && r.value.committed).toBe(true);
    const backups = listBackups(file, 10).backups;
    expect(backups).toHaveLength(1);
    expect(backups[0].reason).toBe('before-import');
    expect(backups[0].students).toBe(20);
    expect(db.prepare('SELECT count(*) AS n FROM students').get()).toEqual({ n: 21 });

    // The database changed since that backup (the import above), so a rejected import still takes one;
    // a second rejected attempt finds the newest backup already holding this state and skips.
    const bad = csv(['', 'N2,Bob,,2028']);
    for (let i = 0; i < 2; i++) {
      const rejected = await invoke(ctx, 'import.commit', { file: bad, fileName: 'bad.csv' });
      expect(rejected.ok && rejected.value.committed).toBe(false);
    }
    expect(listBackups(file, 10).backups).toHaveLength(2);
  });
});
