/** Connection strings for an office database: libpq's forms, and TLS for anything that crosses a network. */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { officeUrl } from '../../src/main/office/connection';
import { DatabaseError } from '../../src/main/db/errors';
import { connectionConfig, isPostgresUrl, redact } from '../../src/main/store/postgres/connect';

describe('office database connection strings', () => {
  it('reads a server, a port, a user and a database; TLS verified for a remote server', () => {
    const c = connectionConfig('postgres://ada@db.school.edu:5433/advising');
    expect(c).toMatchObject({ host: 'db.school.edu', port: 5433, user: 'ada', database: 'advising', ssl: { rejectUnauthorized: true } });
    expect(c.options).toBe('-c search_path=stepwise');
    expect(connectionConfig('postgresql://ada@db.school.edu/advising?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true });
    // The password is looked up only when the server asks for one (below).
    expect(typeof c.password).toBe('function');
  });

  it('finds the password as libpq does: PGPASSWORD, else the first matching line of the .pgpass file; else says where to put one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-pgpass-'));
    const file = path.join(dir, 'pgpass');
    const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
    const asked = () => (connectionConfig('postgres://ada@db.school.edu:5433/advising').password as () => Promise<string>)();
    try {
      process.env.PGPASSFILE = file;
      process.env.PGPASSWORD = 'from the environment';
      await expect(asked()).resolves.toBe('from the environment');
      delete process.env.PGPASSWORD;
      writeFileSync(file, 'db.school.edu:5433:other:ada:not this one\n*:5433:advising:ada:from the file\n', { mode: 0o600 });
      await expect(asked()).resolves.toBe('from the file');
      // A file others can read is ignored, as libpq ignores it.
      writeFileSync(file, '*:*:*:*:readable by others\n');
      chmodSync(file, 0o644);
      await expect(asked()).rejects.toThrow(/asks ada for a password and none was given: set PGPASSWORD, or add a line for it to ~\/\.pgpass/);
      // A password in the URL needs no lookup.
      expect(connectionConfig('postgres://ada:in%20the%20url@db.school.edu/advising').password).toBe('in the url');
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('needs no TLS on loopback or a Unix socket', () => {
    expect(connectionConfig('postgres://ada@localhost/advising').ssl).toBe(false);
    expect(connectionConfig('postgres://ada@127.0.0.1:5432/advising').ssl).toBe(false);
    expect(connectionConfig('postgres://ada@[::1]:5432/advising').ssl).toBe(false);
    expect(connectionConfig('postgres://ada@/advising?host=/var/run/postgresql').ssl).toBe(false);
    expect(connectionConfig('postgres://ada@/advising?host=/var/run/postgresql').host).toBe('/var/run/postgresql');
  });

  it.each(['disable', 'allow', 'prefer', 'no-verify'])('refuses sslmode=%s to a remote server, saying why', (mode) => {
    expect(() => connectionConfig(`postgres://ada@db.school.edu/advising?sslmode=${mode}`)).toThrow(/without verified TLS .*sslmode=verify-full/);
  });

  it('refuses what is not a connection string, or names no database, without echoing a password', () => {
    expect(() => connectionConfig('/home/ada/laptop.db')).toThrow(DatabaseError);
    let message = '';
    try {
      connectionConfig('postgres://ada:s3cret@db.school.edu:5432');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/names no database/);
    expect(message).not.toContain('s3cret');
    expect(redact('postgres://ada:s3cret@db.school.edu/advising')).toBe('postgres://ada:***@db.school.edu/advising');
  });

  it('tells a connection string from a file path', () => {
    expect(isPostgresUrl('postgres://x@y/z')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://x@y/z')).toBe(true);
    expect(isPostgresUrl('stepwise.db')).toBe(false);
    expect(isPostgresUrl('C:\\Users\\ada\\stepwise.db')).toBe(false);
  });
});

describe('the office connection kept in Settings', () => {
  const base = { host: 'advising-db.school.edu', port: 5432, database: 'stepwise', user: 'ada', caFile: null };

  it('becomes a connection string that always verifies TLS to a server, and needs none on a socket or loopback', () => {
    expect(officeUrl(base)).toBe('postgres://ada@advising-db.school.edu:5432/stepwise');
    expect(connectionConfig(officeUrl(base)).ssl).toEqual({ rejectUnauthorized: true });
    expect(connectionConfig(officeUrl({ ...base, host: '127.0.0.1' })).ssl).toBe(false);
    const socket = connectionConfig(officeUrl({ ...base, host: '/var/run/postgresql', port: 5433 }));
    expect(socket).toMatchObject({ host: '/var/run/postgresql', port: 5433, ssl: false, database: 'stepwise', user: 'ada' });
    expect(connectionConfig(officeUrl({ ...base, host: '2001:db8::5' })).host).toBe('2001:db8::5');
    // Names with characters a URL reserves survive the trip.
    expect(connectionConfig(officeUrl({ ...base, user: 'o@brien', database: 'advising office' }))).toMatchObject({ user: 'o@brien', database: 'advising office' });
  });

  it("trusts the office's own certificate authority when one is named, and says so when its file cannot be read", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-ca-'));
    const ca = path.join(dir, 'school ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(connectionConfig(officeUrl({ ...base, caFile: ca })).ssl).toEqual({ rejectUnauthorized: true, ca: readFileSync(ca, 'utf8') });
    expect(connectionConfig(`postgres://ada@db.school.edu/x?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}&application_name=y`).ssl).toMatchObject({ rejectUnauthorized: true, ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(() => connectionConfig(officeUrl({ ...base, caFile: path.join(dir, 'missing.pem') }))).toThrow(/certificate authority file .*missing\.pem cannot be read \(ENOENT\)/);
  });
});
