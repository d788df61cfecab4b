/** Connection strings for an office database: libpq's forms, and TLS for anything that crosses a network. */
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/main/db/errors';
import { connectionConfig, isPostgresUrl, redact } from '../../src/main/store/postgres/connect';

describe('office database connection strings', () => {
  it('reads a server, a port, a user and a database; TLS verified for a remote server', () => {
    const c = connectionConfig('postgres://ada@db.school.edu:5433/advising');
    expect(c).toMatchObject({ host: 'db.school.edu', port: 5433, user: 'ada', database: 'advising', ssl: { rejectUnauthorized: true }, password: undefined });
    expect(c.options).toBe('-c search_path=stepwise');
    expect(connectionConfig('postgresql://ada@db.school.edu/advising?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true });
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
