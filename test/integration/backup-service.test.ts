import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backupBeforeChange, listBackups, pruneBackups, scheduleDailyBackups, takeBackup, DatabaseHolder, contextFor } from '../../src/main/backup';
import { backupFileName, parseBackupName } from '../../src/main/backup/files';
import { removeStalePartials } from '../../src/main/backup/copy';
import { openDatabase, type Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import { backupsDirFor } from '../../src/main/paths';
import { tempDatabase } from '../helpers';
import { contentHash, countRows, demoDatabase, fileMode } from './backup-fixtures';

const open: Db[] = [];
afterEach(() => {
  while (open.length) {
    const db = open.pop()!;
    if (db.open) db.close();
  }
});

async function demo(students = 40) {
  const t = await demoDatabase(students);
  open.push(t.db);
  return t;
}

describe('backup file names', () => {
  it('carry the database name, the UTC time to the millisecond and the reason, and parse back', () => {
    const at = new Date('2026-11-26T01:22:53.123Z');
    const name = backupFileName('/x/stepwise.db', 'before-import', at);
    expect(name).toBe('stepwise-2026-11-26T01-22-53-123Z-before-import.db');
    expect(parseBackupName(name)).toEqual({ base: 'stepwise', takenAt: at, reason: 'before-import' });
    // The copy the migration step takes has its own pattern (src/main/db/open.ts).
    expect(parseBackupName('stepwise-before-v2-from-v1-1764120173123.db')).toEqual({ base: 'stepwise', takenAt: new Date(1764120173123), reason: 'before-migration' });
    expect(parseBackupName('notes.txt')).toBeNull();
    expect(() => backupFileName('/x/stepwise.db', '../evil', at)).toThrow(/slug/);
  });
});

describe('taking a backup', () => {
  it('writes an owner-only, self-contained copy with the same content into the backups folder next to the database', async () => {
    const { db, file } = await demo();
    const info = await takeBackup(db, file, 'manual');
    expect(info).not.toBeNull();
    const dir = backupsDirFor(file);
    const copy = path.join(dir, info!.name);
    expect(info!.name).toMatch(/^stepwise-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-manual\.db$/);
    expect(fileMode(copy)).toBe(0o600);
    expect(fileMode(dir)).toBe(0o700);
    expect(info).toMatchObject({ reason: 'manual', students: 40, problem: null, bytes: fs.statSync(copy).size });
    // One file: rollback journal, no -wal/-shm beside it, and nothing left over from the copy.
    expect(fs.readdirSync(dir)).toEqual([info!.name]);
    const raw = new Database(copy, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
    expect(fs.readdirSync(dir)).toEqual([info!.name]);
    // Same rows as the live database (which is still open and in WAL mode).
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(contentHash(copy)).toBe(contentHash(file));
  });

  it('copies a consistent state while the app keeps writing on the same connection', async () => {
    const { db, file } = await demo(200);
    const pending = takeBackup(db, file, 'manual');
    db.prepare(`UPDATE students SET notes = 'written during the backup' WHERE id = (SELECT min(id) FROM students)`).run();
    const info = await pending;
    const copy = new Database(path.join(backupsDirFor(file), info!.name), { readonly: true });
    expect((copy.pragma('integrity_check') as { integrity_check: string }[])[0].integrity_check).toBe('ok');
    expect((copy.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n).toBe(200);
    copy.close();
  });

  it('keeps the newest N (setting backup.keep, changed through its audited handler) and deletes the oldest', async () => {
    const { db, file, ctx } = await demo();
    const set = await invoke(ctx, 'backup.setKeep', { keep: 3 });
    expect(set).toEqual({ ok: true, value: { keep: 3 } });
    const audit = db.prepare(`SELECT action, entity, entity_id AS id, old_value AS old, new_value AS new, actor FROM audit_log WHERE entity = 'setting'`).all();
    expect(audit).toEqual([{ action: 'insert', entity: 'setting', id: 'backup.keep', old: null, new: '3', actor: 'test-advisor' }]);
    const names: string[] = [];
    for (let i = 0; i < 5; i++) names.push((await takeBackup(db, file, 'manual', { now: new Date(Date.UTC(2026, 0, 1 + i)) }))!.name);
    const left = listBackups(file, 3).backups.map((b) => b.name);
    expect(left).toEqual([names[4], names[3], names[2]]);
    expect(await invoke(ctx, 'backup.setKeep', { keep: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke(ctx, 'backup.setKeep', { keep: 101 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('skips a start-up or daily backup when nothing changed since the newest one, and for a database never written to', async () => {
    const empty = await tempDatabase();
    open.push(empty.db);
    expect(await takeBackup(empty.db, empty.file, 'start', { skipIfUnchanged: true })).toBeNull();

    const { db, file } = await demo();
    expect(await takeBackup(db, file, 'start', { skipIfUnchanged: true })).not.toBeNull();
    expect(await takeBackup(db, file, 'start', { skipIfUnchanged: true })).toBeNull();
    db.prepare(`UPDATE students SET notes = 'changed' WHERE id = (SELECT min(id) FROM students)`).run();
    db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?, 'a', 'update', 'student', 'x')`).run(new Date().toISOString());
    expect(await takeBackup(db, file, 'start', { skipIfUnchanged: true })).not.toBeNull();
    expect(listBackups(file, 10).backups).toHaveLength(2);
  });

  it('gives the import handler backupBeforeChange(ctx, reason): one backup per state, serialised with other backups through the holder', async () => {
    const { file, db, ctx } = await demo();
    const holder = new DatabaseHolder(file, db);
    const shellCtx = { ...contextFor(holder, 'advisor') };
    const first = await backupBeforeChange(shellCtx, 'before-import');
    expect(first?.reason).toBe('before-import');
    // Nothing written since: the newest backup already holds this state (a rejected import changes nothing).
    expect(await backupBeforeChange(ctx, 'before-import')).toBeNull();
    db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?, 'a', 'update', 'student', 'x')`).run(new Date().toISOString());
    expect((await backupBeforeChange(shellCtx, 'before-import'))?.reason).toBe('before-import');
    // Two at once in the same millisecond (the app and a CLI import): both complete, neither overwrites the other.
    const at = new Date('2026-05-05T05:05:05.005Z');
    const [a, b] = await Promise.all([takeBackup(db, file, 'before-import', { now: at }), takeBackup(db, file, 'before-import', { now: at })]);
    expect(a?.name).not.toBe(b?.name);
    expect(listBackups(file, 10).backups).toHaveLength(4);
    expect(await backupBeforeChange({ ...ctx, databasePath: ':memory:' }, 'before-import')).toBeNull();
  });

  it('lists only this database’s backups, newest first, with time, reason, size and student count', async () => {
    const { db, file } = await demo(25);
    const dir = backupsDirFor(file);
    await takeBackup(db, file, 'daily', { now: new Date('2026-01-01T08:00:00Z') });
    await takeBackup(db, file, 'before-import', { now: new Date('2026-01-02T08:00:00Z') });
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'not a backup');
    fs.copyFileSync(path.join(dir, fs.readdirSync(dir).find((n) => n.includes('daily'))!), path.join(dir, 'other-2026-01-03T08-00-00-000Z-daily.db'));
    fs.writeFileSync(path.join(dir, 'stepwise-2026-01-04T08-00-00-000Z-manual.db'), 'garbage, not SQLite');
    const list = listBackups(file, 10);
    expect(list.folder).toBe(dir);
    expect(list.backups.map((b) => [b.reason, b.takenAt, b.students])).toEqual([
      ['manual', '2026-01-04T08:00:00.000Z', null],
      ['before-import', '2026-01-02T08:00:00.000Z', 25],
      ['daily', '2026-01-01T08:00:00.000Z', 25],
    ]);
    expect(list.backups[0].problem).toMatch(/unreadable|not a Stepwise/);
    expect(list.backups[1].bytes).toBeGreaterThan(10_000);
    // The handler answers the same list.
    const viaHandler = await invoke({ db, databasePath: file, actor: 't' }, 'backup.list', {});
    expect(viaHandler.ok && viaHandler.value.backups.map((b) => b.name)).toEqual(list.backups.map((b) => b.name));
  });

  it('prunes leftovers of a copy interrupted by a crash once they are an hour old, never a finished backup', async () => {
    const { db, file } = await demo();
    const dir = backupsDirFor(file);
    await takeBackup(db, file, 'manual');
    const partial = path.join(dir, `.stepwise-x.db.partial-123-${Date.now()}a1b2c3d4`);
    fs.writeFileSync(partial, 'half a copy');
    removeStalePartials(dir);
    expect(fs.existsSync(partial)).toBe(true);
    removeStalePartials(dir, Date.now() + 2 * 60 * 60 * 1000);
    expect(fs.existsSync(partial)).toBe(false);
    expect(pruneBackups(file, 0)).toEqual([]); // keep is at least one
    expect(listBackups(file, 1).backups).toHaveLength(1);
  });
});

describe('the daily backup timer', () => {
  // The timer's interval is faked (setImmediate and the rest stay real: the backup API steps through
  // setImmediate) and the clock it reads is injected, so each check happens when the test advances
  // the timer, at the time the test says, however fast the machine. A check that starts a backup
  // does so through the holder's queue, so a no-op queued after it settles only once that backup has.
  afterEach(() => vi.useRealTimers());

  it('takes a daily backup once the newest is a day old, one however many checks fall while it runs, and none while it is fresh', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { db, file } = await demo();
    const holder = new DatabaseHolder(file, db);
    const settled = () => holder.exclusive(async () => undefined);
    const reasons = () => listBackups(file, 10).backups.map((b) => b.reason);
    // Every check below sees a change since the newest backup: only the newest backup's age decides.
    const change = (at: Date) => db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?, 'a', 'update', 'student', 'x')`).run(at.toISOString());
    let now = new Date('2026-03-01T09:00:00Z');
    await takeBackup(db, file, 'start', { now });
    const taken: string[] = [];
    const errors: unknown[] = [];
    let backedUp!: () => void;
    const firstBackup = new Promise<void>((resolve) => (backedUp = resolve));
    const stop = scheduleDailyBackups(holder, {
      checkEveryMs: 60_000,
      now: () => now,
      onBackup: (n) => {
        taken.push(n);
        backedUp();
      },
      onError: (err) => errors.push(err),
    });
    try {
      // A second short of a day old at every check: no backup.
      now = new Date('2026-03-02T08:59:59Z');
      change(now);
      vi.advanceTimersByTime(5 * 60_000);
      await settled();
      expect(reasons()).toEqual(['start']);

      // A day old: the next check takes one; the checks that fall while it is copying take none.
      now = new Date('2026-03-02T09:30:00Z');
      vi.advanceTimersByTime(3 * 60_000);
      await settled();
      expect(reasons()).toEqual(['daily', 'start']);
      await firstBackup;
      expect(taken).toEqual([expect.stringMatching(/-2026-03-02T09-30-00-000Z-daily\.db$/)]);

      // The new backup is fresh: checks until a second short of a day later take none.
      now = new Date('2026-03-03T09:29:59Z');
      change(now);
      vi.advanceTimersByTime(10 * 60_000);
      await settled();
      expect(taken).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      stop();
    }
    // Stopped: no check runs any more, however much time passes.
    now = new Date('2026-03-09T09:00:00Z');
    change(now);
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(vi.getTimerCount()).toBe(0);
    await settled();
    expect(taken).toHaveLength(1);
    expect(countRows(path.join(backupsDirFor(file), taken[0]), 'students')).toBe(40);
  });
});

describe('owner-only files', () => {
  it('creates the database, its WAL and shared-memory files, backups and the backups folder readable by the owner alone', async () => {
    const old = process.umask(0o022);
    try {
      const { db, file } = await demo();
      db.prepare(`UPDATE students SET notes = 'in the WAL' WHERE id = (SELECT min(id) FROM students)`).run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(fs.existsSync(f), f).toBe(true);
        expect(fileMode(f), f).toBe(0o600);
      }
      const info = await takeBackup(db, file, 'manual');
      expect(fileMode(path.join(backupsDirFor(file), info!.name))).toBe(0o600);
      expect(fileMode(backupsDirFor(file))).toBe(0o700);
      // Reopening an existing database keeps it owner-only.
      db.close();
      const again = await openDatabase(file);
      open.push(again);
      again.prepare(`UPDATE students SET notes = 'again' WHERE id = (SELECT min(id) FROM students)`).run();
      expect(fileMode(`${file}-wal`)).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});
