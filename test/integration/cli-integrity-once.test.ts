/**
 * The CLI checks a database's integrity once per change of the file, not on every command
 * (backup/verified-stamp.ts): a command that checked the file and closed it cleanly records its
 * state; the next command skips the check only while the file and its write-ahead log are exactly
 * in that state, and checks again after any change, from anywhere.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DamagedDatabaseError, openCheckedDatabase } from '../../src/main/backup';
import { stampFile, unchangedSinceVerified } from '../../src/main/backup/verified-stamp';
import { runCli } from '../../src/main/cli';
import { damagePages, demoDatabase } from './backup-fixtures';

const io = { stdout: () => undefined, stderr: () => undefined, env: {} };

describe('the integrity check of CLI commands', () => {
  it('runs once per change of the file: skipped while the file is as a checked command left it, run again after any change', async () => {
    const t = await demoDatabase(300);
    t.db.close();
    expect(fs.existsSync(stampFile(t.file))).toBe(false);
    expect(await runCli(['flags', '--db', t.file, '--as-of', '2026-11-26'], io)).toBe(0);
    expect(unchangedSinceVerified(t.file), 'a clean command records the state it checked').toBe(true);
    expect((fs.statSync(stampFile(t.file)).mode & 0o777).toString(8)).toBe('600');

    // Damage the file the way a failing disk does, keeping its size, inode and time: only the skipped check can miss it.
    const before = fs.statSync(t.file, { bigint: true });
    /** Puts the file's modification time back to the nanosecond (utimes with a Date keeps only milliseconds). */
    const setTime = (ns: bigint) => expect(spawnSync('touch', ['-m', '-d', `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`, t.file]).status).toBe(0);
    damagePages(t.file, 4, 8);
    setTime(before.mtimeNs);
    expect(unchangedSinceVerified(t.file)).toBe(true);
    const skipped = await openCheckedDatabase(t.file, { check: 'when-changed' });
    skipped.close();
    setTime(before.mtimeNs);
    await expect(openCheckedDatabase(t.file, { check: 'always' })).rejects.toBeInstanceOf(DamagedDatabaseError);

    // Any change of time (or size, or inode) and the check runs again, and the stamp is dropped.
    setTime(before.mtimeNs + 1_000_000_000n);
    await expect(openCheckedDatabase(t.file, { check: 'when-changed' })).rejects.toBeInstanceOf(DamagedDatabaseError);
    expect(fs.existsSync(stampFile(t.file))).toBe(false);
    expect(await runCli(['flags', '--db', t.file], io)).toBe(1);
  });

  it('still skips the check after a read-only reader left an empty write-ahead log behind', async () => {
    const t = await demoDatabase(20);
    t.db.close();
    expect(await runCli(['flags', '--db', t.file, '--as-of', '2026-11-26'], io)).toBe(0);
    expect(fs.existsSync(`${t.file}-wal`)).toBe(false);
    const reader = new Database(t.file, { readonly: true });
    expect(reader.prepare('SELECT count(*) FROM students').pluck().get()).toBe(20);
    reader.close();
    expect(fs.statSync(`${t.file}-wal`).size, 'the reader leaves an empty log').toBe(0);
    expect(unchangedSinceVerified(t.file)).toBe(true);
    // A frame in that log is a change.
    const writer = new Database(t.file);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare(`UPDATE students SET first_name = first_name || 'x' WHERE rowid = 1`).run();
    expect(fs.statSync(`${t.file}-wal`).size).toBeGreaterThan(0);
    expect(unchangedSinceVerified(t.file)).toBe(false);
    writer.close();
  });

  it('checks again after a write by another connection (the app saving while the command is not running)', async () => {
    const t = await demoDatabase(20);
    t.db.close();
    expect(await runCli(['flags', '--db', t.file, '--as-of', '2026-11-26'], io)).toBe(0);
    expect(unchangedSinceVerified(t.file)).toBe(true);
    const other = new Database(t.file);
    other.prepare(`UPDATE students SET first_name = first_name || 'x' WHERE rowid = 1`).run();
    expect(unchangedSinceVerified(t.file), 'a write while the other connection is open').toBe(false);
    other.close();
    expect(unchangedSinceVerified(t.file), 'and once it is closed').toBe(false);
    // A failed command records nothing.
    expect(await runCli(['flags', '--db', t.file, '--as-of', 'not-a-date'], io)).toBe(2);
    expect(unchangedSinceVerified(t.file)).toBe(false);
  });
});
