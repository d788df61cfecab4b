/** What `stepwise backup` and `restore` run (or tell IT to run) for an office database. */
import { describe, expect, it } from 'vitest';
import { backupPlan, instructionsFor, restorePlan } from '../../src/main/store/postgres/backup';

describe('office backups are PostgreSQL’s own', () => {
  it('dumps the whole database in the custom format, to the server and as the user of the connection string, TLS verified beyond loopback', () => {
    const plan = backupPlan('postgres://it_admin@db.school.edu:5433/advising', '/backups/office.dump', { PGPASSWORD: 'x' });
    expect(plan.command).toEqual(['pg_dump', '--format=custom', '--no-owner', '--file=/backups/office.dump']);
    expect(plan.env).toMatchObject({ PGHOST: 'db.school.edu', PGPORT: '5433', PGDATABASE: 'advising', PGUSER: 'it_admin', PGPASSWORD: 'x', PGSSLMODE: 'verify-full' });
    expect(backupPlan('postgres://it_admin@/advising?host=/var/run/postgresql', 'f', {}).env.PGSSLMODE).toBeUndefined();
  });

  it('restores all or nothing: one transaction, stopping at the first error', () => {
    expect(restorePlan('postgres://it_admin@localhost/advising', '/b/office.dump', {}).command).toEqual([
      'pg_restore',
      '--clean',
      '--if-exists',
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--dbname=advising',
      '/b/office.dump',
    ]);
  });

  it('without the programs, says exactly what IT should run or schedule, and as whom', () => {
    const lines = instructionsFor(backupPlan('postgres://it_admin@db.school.edu/advising', '/backups/office dump.dump', {}), 'backup');
    expect(lines[0]).toMatch(/pg_dump is not installed here .* schedule nightly \(cron: 0 2 \* \* \*\)/);
    expect(lines[1]).toBe('  PGHOST=db.school.edu PGPORT=5432 PGDATABASE=advising PGUSER=it_admin pg_dump --format=custom --no-owner "--file=/backups/office dump.dump"');
    expect(lines[2]).toMatch(/as the database's owner/);
    expect(instructionsFor(restorePlan('postgres://it_admin@db.school.edu/advising', 'x.dump', {}), 'restore')[1]).toMatch(/pg_restore --clean --if-exists --single-transaction/);
  });
});
