import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFor, DatabaseHolder, listBackups, restoreBackup, takeBackup } from '../../src/main/backup';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import type { ApiResult, HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import { backupsDirFor } from '../../src/main/paths';
import { tempDir } from '../helpers';
import { contentHash, countRows, damagePages, demoDatabase, fileMode } from './backup-fixtures';

const holders: DatabaseHolder[] = [];
const dbs: Db[] = [];
afterEach(() => {
  while (holders.length) holders.pop()!.close();
  while (dbs.length) {
    const db = dbs.pop()!;
    if (db.open) db.close();
  }
});

/** A database as the desktop app holds it: open in a DatabaseHolder, calls made through contextFor like the shells do. */
async function appWith(students = 30) {
  const t = await demoDatabase(students);
  const holder = new DatabaseHolder(t.file, t.db);
  holders.push(holder);
  const shell = contextFor(holder, 'advisor-on-duty');
  // Each call spreads the context, as the Electron IPC handler and the web host do.
  const call = <K extends HandlerName>(name: K, input: InputOf<K>): Promise<ApiResult<OutputOf<K>>> => invoke({ ...shell }, name, input);
  return { ...t, holder, call };
}

function withResolvers<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function snapshot(file: string, db: Db): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return contentHash(file);
}

describe('restoring a backup while the app holds the database open', () => {
  it('puts the backup back, keeps the state before the restore as a backup, and the next call sees the restored data', async () => {
    const app = await appWith();
    const backup = await app.call('backup.create', {});
    expect(backup.ok).toBe(true);
    const original = snapshot(app.file, app.holder.db);

    // The office keeps working after the backup: an edit through the same handlers.
    const someone = (app.holder.db.prepare('SELECT id FROM students ORDER BY id LIMIT 1').get() as { id: string }).id;
    const edited = await app.call('students.update', { id: someone, patch: { notes: 'after the backup' } });
    expect(edited.ok).toBe(true);
    const changed = snapshot(app.file, app.holder.db);
    expect(changed).not.toBe(original);
    const oldHandle = app.holder.db;

    const result = await app.call('backup.restore', { name: backup.ok ? backup.value.name : '' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.restored.name).toBe(backup.ok && backup.value.name);
    expect(result.value.students).toBe(30);
    expect(result.value.safetyBackup?.reason).toBe('before-restore');

    // The old handle was closed and a new one opened on the restored file.
    expect(oldHandle.open).toBe(false);
    const after = await app.call('students.get', { id: someone });
    expect(after.ok && after.value.student.notes).not.toBe('after the backup');

    // Same rows as at backup time, plus one audit row recording the restore.
    const restoreRows = app.holder.db.prepare(`SELECT actor, entity, field, old_value AS old, new_value AS new, context FROM audit_log WHERE entity = 'database'`).all();
    expect(restoreRows).toEqual([
      { actor: 'advisor-on-duty', entity: 'database', field: 'restored from backup', old: result.value.safetyBackup?.name, new: result.value.restored.name, context: 'restore from backup' },
    ]);
    app.holder.db.prepare(`DELETE FROM audit_log WHERE entity = 'database'`).run();
    expect(snapshot(app.file, app.holder.db)).toBe(original);

    // The safety backup holds the edited state, so the restore can itself be undone.
    const safety = path.join(backupsDirFor(app.file), result.value.safetyBackup!.name);
    expect(contentHash(safety)).toBe(changed);
    expect(fileMode(app.file)).toBe(0o600);
    expect(fileMode(safety)).toBe(0o600);
  });

  it('refuses names that are not this database’s backups, and path tricks, before touching anything', async () => {
    const app = await appWith();
    await app.call('backup.create', {});
    const before = snapshot(app.file, app.holder.db);
    for (const name of ['../stepwise.db', '/etc/passwd', 'backups/x.db', '.hidden.db', 'stepwise.db\u0000.db', '']) {
      const r = await app.call('backup.restore', { name });
      expect(r, name).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    for (const name of ['other-2026-01-01T00-00-00-000Z-manual.db', 'stepwise-2026-01-01T00-00-00-000Z-manual.db', 'stepwise.db']) {
      const r = await app.call('backup.restore', { name });
      expect(r, name).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(snapshot(app.file, app.holder.db)).toBe(before);
    expect(listBackups(app.file, 10).backups.map((b) => b.reason)).toEqual(['manual']);
  });

  it('refuses a damaged backup and one from a newer Stepwise, leaving the database as it was', async () => {
    const app = await appWith(200);
    const good = await app.call('backup.create', {});
    const name = good.ok ? good.value.name : '';
    const file = path.join(backupsDirFor(app.file), name);
    const before = snapshot(app.file, app.holder.db);

    damagePages(file, 3, 6);
    const damaged = await app.call('backup.restore', { name });
    expect(damaged).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(!damaged.ok && damaged.error.message).toMatch(/cannot be restored: it is (damaged|unreadable)/);

    const future = path.join(backupsDirFor(app.file), 'stepwise-2026-01-01T00-00-00-000Z-manual.db');
    const raw = new Database(future);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE students (id TEXT)');
    raw.close();
    const newer = await app.call('backup.restore', { name: path.basename(future) });
    expect(!newer.ok && newer.error.message).toMatch(/newer version of Stepwise/);

    expect(snapshot(app.file, app.holder.db)).toBe(before);
    expect(listBackups(app.file, 10).backups.some((b) => b.reason === 'before-restore')).toBe(false);
  });

  it('is refused where no shell holds the database (the CLI uses `stepwise restore`)', async () => {
    const t = await demoDatabase(5);
    dbs.push(t.db);
    const backup = await invoke(t.ctx, 'backup.create', {});
    const r = await invoke(t.ctx, 'backup.restore', { name: backup.ok ? backup.value.name : '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/stepwise restore/) } });
  });

  it('answers calls made while the file is swapped, and calls already under way when it closes, with CONFLICT; calls after it see the restored data', async () => {
    const app = await appWith(100);
    const backup = await app.call('backup.create', {});
    const name = backup.ok ? backup.value.name : '';
    const someone = (app.holder.db.prepare('SELECT id FROM students ORDER BY id LIMIT 1').get() as { id: string }).id;
    expect((await app.call('students.update', { id: someone, patch: { notes: 'after the backup' } })).ok).toBe(true);

    // The restore's swap is held open by the test: the holder closes the database and the backup is put in place,
    // then it waits for `reopen` until the test has made its calls. No timing decides whether a call lands in the swap.
    const swapped = withResolvers<void>();
    const reopen = withResolvers<void>();
    const whileClosed = app.holder.whileClosed.bind(app.holder);
    app.holder.whileClosed = <T>(fn: () => Promise<T>, open: () => Promise<Db>) =>
      whileClosed(async () => {
        const done = await fn();
        swapped.resolve();
        await reopen.promise;
        return done;
      }, open);

    const restoring = app.call('backup.restore', { name });
    // Under way before the swap: its context was taken while the database was open, and it reaches the database
    // after the swap (backups and restores run one at a time, so it waits behind the restore).
    expect(app.holder.isOpen).toBe(true);
    const underWay = app.call('backup.create', {});

    await swapped.promise;
    expect(app.holder.isOpen).toBe(false);
    const during = [
      await app.call('app.info', {}),
      await app.call('students.get', { id: someone }),
      await app.call('students.update', { id: someone, patch: { notes: 'during the restore' } }),
      await app.call('backup.list', {}),
      await app.call('settings.list', {}),
    ];
    for (const r of during) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/restored from a backup/) } });
    reopen.resolve();

    const restored = await restoring;
    expect(restored).toMatchObject({ ok: true, value: { students: 100 } });
    expect(await underWay).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/restored from a backup/) } });

    // After the restore: the backup's data, and neither the edit made after the backup nor the one refused during the swap.
    expect(app.holder.isOpen).toBe(true);
    expect(await app.call('app.info', {})).toMatchObject({ ok: true, value: { studentCount: 100 } });
    const after = await app.call('students.get', { id: someone });
    expect(after.ok).toBe(true);
    expect(after.ok && after.value.student.notes).not.toBe('after the backup');
    expect(after.ok && after.value.student.notes).not.toBe('during the restore');
    expect(listBackups(app.file, 10).backups.map((b) => b.reason).sort()).toEqual(['before-restore', 'manual']);
  });
});

describe('restoring without a running app (stepwise restore)', () => {
  it('never replays the old database’s leftover WAL onto the restored file', async () => {
    const t = await demoDatabase(20);
    const info = await takeBackup(t.db, t.file, 'manual');
    const backupFile = path.join(backupsDirFor(t.file), info!.name);
    const expected = contentHash(backupFile);

    // A crashed app: committed changes still only in the -wal next to the file.
    t.db.pragma('wal_autocheckpoint = 0');
    t.db.prepare(`UPDATE students SET notes = 'only in the WAL'`).run();
    const crashDir = tempDir();
    const crashed = path.join(crashDir, 'stepwise.db');
    for (const s of ['', '-wal', '-shm']) fs.copyFileSync(t.file + s, crashed + s);
    t.db.close();
    fs.mkdirSync(backupsDirFor(crashed), { mode: 0o700 });
    fs.copyFileSync(backupFile, path.join(backupsDirFor(crashed), info!.name));

    const outcome = await restoreBackup({ dbPath: crashed, backupFile: path.join(backupsDirFor(crashed), info!.name), actor: 'it' });
    // The crashed state (with its WAL) was kept as a backup first.
    expect(outcome.safetyBackup?.reason).toBe('before-restore');
    const safety = new Database(path.join(backupsDirFor(crashed), outcome.safetyBackup!.name), { readonly: true });
    expect((safety.prepare(`SELECT count(*) AS n FROM students WHERE notes = 'only in the WAL'`).get() as { n: number }).n).toBe(20);
    safety.close();
    // The restored file has the backup's rows (plus the restore's audit row) and nothing from the old WAL.
    expect(countRows(crashed, 'students')).toBe(20);
    const raw = new Database(crashed);
    expect((raw.prepare(`SELECT count(*) AS n FROM students WHERE notes = 'only in the WAL'`).get() as { n: number }).n).toBe(0);
    raw.prepare(`DELETE FROM audit_log WHERE entity = 'database'`).run();
    raw.close();
    expect(contentHash(crashed)).toBe(expected);
  });
});
