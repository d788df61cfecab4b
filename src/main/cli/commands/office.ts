/**
 * `stepwise office init | add-user | copy`: setting up the office database (PostgreSQL) that a
 * whole advising office shares. IT runs these with an account that may create roles; the password
 * comes from PGPASSWORD or ~/.pgpass, as for every PostgreSQL tool.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { localToday } from '../../../shared/domain';
import { openCheckedDatabase } from '../../backup';
import { DatabaseError } from '../../db/errors';
import { connectionConfig, isPostgresUrl, redact } from '../../store/postgres/connect';
import { copyLaptopToOffice, CopyRefused } from '../../store/postgres/copy';
import { migratePostgres } from '../../store/postgres/migrate';
import { addOfficeUser, OFFICE_ROLES, type OfficeRole } from '../../store/postgres/office-users';
import { parseAsOf, UsageError, type CliIo, type ParsedValues } from '../command';

function officeUrl(values: ParsedValues, io: CliIo, option: 'db' | 'to'): string {
  const url = typeof values[option] === 'string' ? (values[option] as string) : io.env.STEPWISE_DB;
  if (!url) throw new UsageError(`--${option} postgres://user@host:port/database is required (or STEPWISE_DB)`);
  if (!isPostgresUrl(url)) throw new UsageError(`--${option} must be a PostgreSQL connection string (postgres://…), got "${url}"`);
  return url;
}

async function connect(url: string, io: CliIo): Promise<pg.Client> {
  // PGPASSWORD from the command's environment; without it node-postgres reads ~/.pgpass.
  const client = new pg.Client({ ...connectionConfig(url), ...(io.env.PGPASSWORD ? { password: io.env.PGPASSWORD } : {}) });
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseError(`Cannot connect to ${redact(url)}: ${(err as Error).message}`, 'OPEN_FAILED');
  }
  return client;
}

async function withOffice(url: string, io: CliIo, fn: (client: pg.Client) => Promise<number>): Promise<number> {
  const client = await connect(url, io);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function permissionHint(err: unknown): string {
  const code = (err as { code?: string }).code;
  return code === '42501' ? ' (this needs an account that may create roles and schemas, e.g. IT\'s administrative account or the database\'s owner)' : '';
}

async function init(values: ParsedValues, io: CliIo): Promise<number> {
  const url = officeUrl(values, io, 'db');
  return withOffice(url, io, async (client) => {
    try {
      const { from, to } = await migratePostgres(client);
      io.stdout(from === to ? `The office database is already set up (schema ${to}).` : `Set up the office database ${redact(url)} (schema ${from} → ${to}).`);
      io.stdout(`Next: stepwise office add-user LOGIN --role coordinator --name "Full Name" --db ${redact(url)}`);
      return 0;
    } catch (err) {
      if (err instanceof DatabaseError) throw err;
      io.stderr(`stepwise office init: ${(err as Error).message}${permissionHint(err)}`);
      return 1;
    }
  });
}

async function readPassword(values: ParsedValues, io: CliIo): Promise<{ password: string; generated: boolean }> {
  if (!values['password-stdin']) return { password: crypto.randomBytes(18).toString('base64url'), generated: true };
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const password = text.split(/\r?\n/)[0];
  return { password, generated: false };
}

async function addUser(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  const login = positionals[1];
  if (!login) throw new UsageError('add-user needs the login to create: stepwise office add-user LOGIN --role ROLE --name "Full Name"');
  const role = values.role;
  if (typeof role !== 'string' || !OFFICE_ROLES.includes(role as OfficeRole)) throw new UsageError(`--role must be one of ${OFFICE_ROLES.join(', ')}`);
  const displayName = typeof values.name === 'string' ? values.name : login;
  const url = officeUrl(values, io, 'db');
  const { password, generated } = await readPassword(values, io);
  return withOffice(url, io, async (client) => {
    try {
      await addOfficeUser(client, { login, displayName, role: role as OfficeRole, password });
    } catch (err) {
      const issues = (err as { issues?: { message: string }[] }).issues;
      io.stderr(`stepwise office add-user: ${issues ? issues.map((i) => i.message).join('; ') : (err as Error).message}${permissionHint(err)}`);
      return 1;
    }
    io.stdout(`${login} (${displayName}) can now sign in to the office database as ${role === 'advisor' ? `an advisor (their students: those whose Advisor is "${displayName}")` : `the ${role}`}.`);
    if (generated) io.stdout(`Password (shown once; give it to ${displayName} and ask them to change it with ALTER ROLE … PASSWORD): ${password}`);
    return 0;
  });
}

async function copy(values: ParsedValues, io: CliIo): Promise<number> {
  const from = values.from;
  if (typeof from !== 'string') throw new UsageError('copy needs --from LAPTOP.db (the SQLite file to move in)');
  const url = officeUrl(values, io, 'to');
  const asOf = parseAsOf(values['as-of']) ?? localToday();
  const laptop = await openCheckedDatabase(from, { check: 'always' });
  try {
    return await withOffice(url, io, async (client) => {
      await migratePostgres(client);
      try {
        const result = await copyLaptopToOffice(laptop, client as unknown as pg.PoolClient, { sourceName: from, asOf });
        io.stdout(`Copied ${from} into ${redact(url)}:`);
        for (const [table, n] of Object.entries(result.counts)) io.stdout(`  ${table.padEnd(16)} ${String(n).padStart(9)}`);
        io.stdout(`Proven: every table's rows, and the flags of all ${result.studentsCompared} students as of ${result.asOf}, are the same on both sides.`);
        return 0;
      } catch (err) {
        io.stderr(`stepwise office copy: ${(err as Error).message}${err instanceof CopyRefused ? '' : ' The office database is as it was.'}`);
        return 1;
      }
    });
  } finally {
    laptop.close();
  }
}

/** `stepwise office` (its options: commands/index.ts). */
export async function run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  switch (positionals[0]) {
    case 'init':
      return init(values, io);
    case 'add-user':
      return addUser(values, positionals, io);
    case 'copy':
      return copy(values, io);
    default:
      throw new UsageError(`unknown office action "${positionals[0] ?? ''}": init, add-user or copy`);
  }
}
