import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DamagedDatabaseError, openCheckedDatabase, recoveryPrompt, takeBackup } from '../../src/main/backup';
import { runCli } from '../../src/main/cli';
import { openDatabase } from '../../src/main/db/open';
import { backupsDirFor } from '../../src/main/paths';
import { tempDir } from '../helpers';
import { contentHash, countRows, damagePages, demoDatabase, fileMode } from './backup-fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env }, out, err };
}

/** A closed demo database with one good backup, then damaged the way a failing disk does it. */
async function damagedWithBackup(students = 300) {
  const t = await demoDatabase(students);
  const info = await takeBackup(t.db, t.file, 'daily');
  t.db.close();
  const backupHash = contentHash(path.join(backupsDirFor(t.file), info!.name));
  damagePages(t.file, 4, 8);
  return { file: t.file, backup: info!, backupHash };
}

describe('stepwise backup', () => {
  it('--out copies the database online to an owner-only file with the same content, and refuses to overwrite without --force', async () => {
    const t = await demoDatabase(50);
    const out = path.join(tempDir(), 'copy.db');
    const c = capture();
    // The app may hold the database open meanwhile: the test keeps its connection open.
    expect(await runCli(['backup', '--out', out, '--db', t.file], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/Backed up 50 students .* to .*copy\.db/);
    expect(fileMode(out)).toBe(0o600);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(contentHash(out)).toBe(contentHash(t.file));

    const again = capture();
    expect(await runCli(['backup', '--out', out, '--db', t.file], again.io)).toBe(1);
    expect(again.err).toEqual([expect.stringMatching(/already exists; choose another name or add --force/)]);
    expect(await runCli(['backup', '--out', out, '--db', t.file, '--force'], capture().io)).toBe(0);
    t.db.close();
  });

  it('without --out takes a backup into the backups folder; usage errors exit 2', async () => {
    const t = await demoDatabase(10);
    t.db.close();
    const c = capture();
    expect(await runCli(['backup', '--db', t.file], c.io)).toBe(0);
    const names = fs.readdirSync(backupsDirFor(t.file));
    expect(names).toEqual([expect.stringMatching(/-manual\.db$/)]);
    for (const args of [['backup', '--db', t.file, '--out', path.join(tempDir(), 'no', 'such', 'folder.db')], ['backup', '--db', t.file, '--out', t.file], ['backup', 'stray']]) {
      const bad = capture();
      expect(await runCli(args, bad.io), args.join(' ')).toBe(2);
    }
  });
});

describe('a damaged database', () => {
  it('is refused on open with a message naming the newest good backup and the restore command; the file is left as it was', async () => {
    const { file, backup } = await damagedWithBackup();
    const before = fs.readFileSync(file);
    const err = await openCheckedDatabase(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DamagedDatabaseError);
    const damaged = err as DamagedDatabaseError;
    expect(damaged.code).toBe('DAMAGED');
    expect(damaged.newestGood?.name).toBe(backup.name);
    expect(damaged.message).toContain(backup.name);
    expect(damaged.message).toContain(`stepwise restore --newest --db "${file}"`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    // Every CLI command says so in one line, exit 1.
    const c = capture();
    expect(await runCli(['backup', '--db', file], c.io)).toBe(1);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/is damaged \(integrity check: .*The newest good backup is .*restore it with: stepwise restore --newest/);

    // The desktop app's recovery dialog offers the same backup.
    const prompt = recoveryPrompt(damaged, (iso) => iso);
    expect(prompt).toMatchObject({ canRestore: true, buttons: ['Restore this backup', 'Quit'] });
    expect(prompt.detail).toContain(backup.name);
    expect(prompt.detail).toContain('300 students');
  });

  it('is restored by `stepwise restore --newest`: the backup’s content is back and the damaged file is kept aside', async () => {
    const { file, backup, backupHash } = await damagedWithBackup();
    const damagedBytes = fs.readFileSync(file);
    const c = capture({ STEPWISE_ACTOR: 'it-support' });
    expect(await runCli(['restore', '--newest', '--db', file], c.io)).toBe(0);
    expect(c.out[0]).toMatch(new RegExp(`Restored ${backup.name} \\(300 students\\) into .*; the damaged file was copied to .*damaged`));
    const db = await openCheckedDatabase(file);
    expect(db.prepare(`SELECT actor, new_value AS name FROM audit_log WHERE entity = 'database'`).all()).toEqual([{ actor: 'it-support', name: backup.name }]);
    db.prepare(`DELETE FROM audit_log WHERE entity = 'database'`).run();
    db.close();
    expect(contentHash(file)).toBe(backupHash);
    expect(fileMode(file)).toBe(0o600);
    const aside = fs.readdirSync(path.join(backupsDirFor(file), 'damaged'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(backupsDirFor(file), 'damaged', aside[0])).equals(damagedBytes)).toBe(true);
  });

  it('with no good backup says so, and an unreadable non-database is reported as before', async () => {
    const t = await demoDatabase(300);
    t.db.close();
    damagePages(t.file, 4, 8);
    const err = (await openCheckedDatabase(t.file).catch((e: unknown) => e)) as DamagedDatabaseError;
    expect(err.newestGood).toBeNull();
    expect(err.message).toMatch(/no good backup to restore/);
    expect(recoveryPrompt(err)).toMatchObject({ canRestore: false, buttons: ['Quit'] });

    const text = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(text, 'this is a text file, not SQLite '.repeat(100));
    const notDb = await openCheckedDatabase(text).catch((e: unknown) => e);
    expect((notDb as { code: string }).code).toBe('NOT_A_DATABASE');
  });
});

describe('stepwise restore', () => {
  it('lists the backups without arguments, restores one by name or by path, and refuses while the database is open elsewhere', async () => {
    const t = await demoDatabase(12);
    const first = await takeBackup(t.db, t.file, 'daily', { now: new Date('2026-01-01T00:00:00Z') });
    t.db.prepare('DELETE FROM students WHERE id = (SELECT min(id) FROM students)').run();
    const second = await takeBackup(t.db, t.file, 'before-import', { now: new Date('2026-01-02T00:00:00Z') });

    const list = capture();
    expect(await runCli(['restore', '--db', t.file], list.io)).toBe(0);
    expect(list.out.join('\n')).toMatch(new RegExp(`${second!.name}.*Before an import, 11 students[\\s\\S]*${first!.name}.*Daily, 12 students`));

    // The test's own connection is "the app": restoring under it would lose its writes.
    const busy = capture();
    expect(await runCli(['restore', first!.name, '--db', t.file], busy.io)).toBe(1);
    expect(busy.err).toEqual([expect.stringMatching(/is open in another program .* close it first/)]);
    t.db.close();

    expect(await runCli(['restore', first!.name, '--db', t.file], capture().io)).toBe(0);
    expect(countRows(t.file, 'students')).toBe(12);
    const external = path.join(tempDir(), 'from-elsewhere.db');
    const db = await openDatabase(t.file);
    db.prepare('DELETE FROM students').run();
    db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?, 'a', 'delete', 'student', '*')`).run(new Date().toISOString());
    await takeBackup(db, t.file, 'manual');
    db.close();
    expect(await runCli(['backup', '--db', t.file, '--out', external], capture().io)).toBe(0);
    expect(await runCli(['restore', second!.name, '--db', t.file], capture().io)).toBe(0);
    expect(countRows(t.file, 'students')).toBe(11);
    expect(await runCli(['restore', external, '--db', t.file], capture().io)).toBe(0);
    expect(countRows(t.file, 'students')).toBe(0);

    for (const [args, code] of [
      [['restore', 'nope.db', '--db', t.file], 1],
      [['restore', first!.name, '--newest', '--db', t.file], 2],
      [['restore', 'a', 'b', '--db', t.file], 2],
    ] as const) {
      const c = capture();
      expect(await runCli([...args], c.io), args.join(' ')).toBe(code);
      for (const line of c.err) expect(line).not.toMatch(/^\s+at /);
    }
  });

  it('runs as `npx stepwise`, one stderr line and exit 1 for a damaged database, then restores it', async () => {
    const { file, backup, backupHash } = await damagedWithBackup(60);
    const broken = spawnSync('npx', ['stepwise', 'flags', '--db', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, STEPWISE_DB: '' } });
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`damaged.*${backup.name}.*stepwise restore --newest`))]);
    const fixed = spawnSync('npx', ['stepwise', 'restore', '--newest', '--db', file], { cwd: ROOT, encoding: 'utf8' });
    expect(fixed.stderr).toBe('');
    expect(fixed.status).toBe(0);
    const raw = new Database(file);
    raw.prepare(`DELETE FROM audit_log WHERE entity = 'database'`).run();
    raw.close();
    expect(contentHash(file)).toBe(backupHash);
  });
});
