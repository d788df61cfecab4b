import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseError, openDatabase, type Db } from '../../src/main/db/open';
import { MIGRATIONS, SCHEMA_VERSION, checkRegistry } from '../../src/main/db/migrations';
import { tempDir } from '../helpers';

const open: Db[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('opening a database', () => {
  it('creates a new file with WAL, foreign keys, the current schema, and owner-only permissions', async () => {
    const file = path.join(tempDir(), 'new.db');
    const db = await openDatabase(file);
    open.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  // Any newer version, the very next one included: a check of `> current + 1` would let the next release's files through.
  it.each([
    ['the next version', 1],
    ['a much later version', 5],
  ])('refuses a database written by %s of the schema, with a message naming both versions, and leaves it unchanged', async (_, ahead) => {
    const dir = tempDir();
    const file = path.join(dir, 'future.db');
    const future = SCHEMA_VERSION + ahead;
    const raw = new Database(file);
    raw.pragma(`user_version = ${future}`);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.close();
    const before = fs.readFileSync(file);
    const err = await openDatabase(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('FUTURE_VERSION');
    // What the office needs to know: which file, that it is newer, both versions, what to do, and that nothing was lost.
    const message = (err as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(/newer version of Stepwise/);
    expect(message).toContain(`schema ${future}`);
    expect(message).toContain(`up to ${SCHEMA_VERSION}`);
    expect(message).toMatch(/Update Stepwise/);
    expect(message).toMatch(/not changed/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['future.db']);
  });

  it('refuses a file that is not a database', async () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'this is a text file, not SQLite '.repeat(100));
    const err = await openDatabase(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('NOT_A_DATABASE');
  });

  it('reopens an existing current database without taking a backup or migrating', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'again.db');
    (await openDatabase(file)).close();
    const db = await openDatabase(file);
    open.push(db);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});

describe('the migration registry', () => {
  it('counts up from 1 with no gaps', () => {
    expect(() => checkRegistry()).not.toThrow();
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(() => checkRegistry([{ version: 1, name: 'a', up: () => {} }, { version: 3, name: 'b', up: () => {} }])).toThrow(/expected 2/);
  });
});
