/**
 * Backups of an office database are PostgreSQL's own: `pg_dump` in its custom format, restored with
 * `pg_restore`, as IT already does for its other databases. Stepwise runs them when the programs are
 * installed, as the signed-in account (which must be allowed to read every row: the database's
 * owner, not an office role, since row-level security hides rows from those); where they are not,
 * it says exactly what IT should run or schedule.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectionConfig } from './connect';

/** pg_dump / pg_restore on PATH, or in Debian's /usr/lib/postgresql/N/bin (newest first). */
export function postgresProgram(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) for (const v of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) dirs.push(path.join(debian, v, 'bin'));
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** libpq's environment for the connection string: the programs take the same server, user and password. */
function libpqEnv(url: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const c = connectionConfig(url);
  const out: NodeJS.ProcessEnv = { ...env, PGDATABASE: c.database, PGAPPNAME: 'stepwise' };
  if (c.host) out.PGHOST = c.host;
  if (c.port) out.PGPORT = String(c.port);
  if (c.user) out.PGUSER = c.user;
  if (typeof c.password === 'string') out.PGPASSWORD = c.password;
  if (c.ssl) out.PGSSLMODE = 'verify-full';
  return out;
}

export interface OfficeBackupPlan {
  command: string[];
  env: NodeJS.ProcessEnv;
}

/** The pg_dump call for `out`: the whole database (the stepwise schema and the extension it uses), custom format (compressed, restorable table by table). */
export function backupPlan(url: string, out: string, env: NodeJS.ProcessEnv, program = 'pg_dump'): OfficeBackupPlan {
  return { command: [program, '--format=custom', '--no-owner', `--file=${out}`], env: libpqEnv(url, env) };
}

/** The pg_restore call: the whole stepwise schema replaced in one transaction (all or nothing). */
export function restorePlan(url: string, file: string, env: NodeJS.ProcessEnv, program = 'pg_restore'): OfficeBackupPlan {
  return { command: [program, '--clean', '--if-exists', '--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${connectionConfig(url).database}`, file], env: libpqEnv(url, env) };
}

export function runPlan(plan: OfficeBackupPlan): { ok: boolean; message: string } {
  const [program, ...args] = plan.command;
  const r = spawnSync(program, args, { env: plan.env, encoding: 'utf8' });
  if (r.error) return { ok: false, message: r.error.message };
  return { ok: r.status === 0, message: (r.stderr || r.stdout).trim() };
}

/** What IT should run (or schedule) where the programs are not installed on this machine. */
export function instructionsFor(plan: OfficeBackupPlan, what: 'backup' | 'restore'): string[] {
  const target = `PGHOST=${plan.env.PGHOST ?? ''} PGPORT=${plan.env.PGPORT ?? '5432'} PGDATABASE=${plan.env.PGDATABASE} PGUSER=${plan.env.PGUSER ?? ''}`;
  const line = `${target} ${plan.command.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
  return what === 'backup'
    ? [
        'pg_dump is not installed here (apt-get install postgresql-client). An office database is backed up by PostgreSQL\'s own tools; ask IT to run, or schedule nightly (cron: 0 2 * * *):',
        `  ${line}`,
        'as the database\'s owner (row-level security hides rows from office accounts), with the password in ~/.pgpass.',
      ]
    : ['pg_restore is not installed here (apt-get install postgresql-client). Ask IT to run, as the database\'s owner:', `  ${line}`];
}
