/** `stepwise backup` and `stepwise restore` on an office database: PostgreSQL's pg_dump and pg_restore (store/postgres/backup.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { backupPlan, instructionsFor, postgresProgram, restorePlan, runPlan } from '../../store/postgres/backup';
import { redact } from '../../store/postgres/url';
import { UsageError, type CliIo, type ParsedValues } from '../command';

function withPassword(io: CliIo): NodeJS.ProcessEnv {
  return { ...process.env, ...io.env };
}

export async function backupOffice(url: string, values: ParsedValues, io: CliIo): Promise<number> {
  const stamp = new Date().toISOString().replace(/[:T]/g, '-').slice(0, 16);
  const out = path.resolve(typeof values.out === 'string' ? values.out : `stepwise-office-${stamp}.dump`);
  if (fs.existsSync(out) && !values.force) {
    io.stderr(`stepwise backup: ${out} already exists; choose another name or add --force to replace it`);
    return 1;
  }
  const program = postgresProgram('pg_dump', withPassword(io));
  const plan = backupPlan(url, out, withPassword(io), program ?? 'pg_dump');
  if (!program) {
    for (const line of instructionsFor(plan, 'backup')) io.stderr(line);
    return 1;
  }
  const r = runPlan(plan);
  if (!r.ok) {
    fs.rmSync(out, { force: true });
    io.stderr(`stepwise backup: pg_dump failed: ${r.message}`);
    if (/row-level security|permission denied/.test(r.message)) io.stderr('An office database is backed up by its owner (IT\'s account that ran `stepwise office init`): row-level security hides rows from office accounts.');
    return 1;
  }
  fs.chmodSync(out, 0o600);
  io.stdout(`Backed up the office database ${redact(url)} to ${out} (${(fs.statSync(out).size / (1024 * 1024)).toFixed(1)} MB, pg_dump custom format); restore it with: stepwise restore "${out}" --db ${redact(url)}`);
  return 0;
}

export async function restoreOffice(url: string, positionals: string[], values: ParsedValues, io: CliIo): Promise<number> {
  if (values.newest || positionals.length === 0)
    throw new UsageError('an office database keeps no backup list of its own: give the pg_dump file to restore (stepwise restore FILE --db postgres://…)');
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file)) {
    io.stderr(`stepwise restore: ${file} does not exist`);
    return 1;
  }
  const program = postgresProgram('pg_restore', withPassword(io));
  const plan = restorePlan(url, file, withPassword(io), program ?? 'pg_restore');
  if (!program) {
    for (const line of instructionsFor(plan, 'restore')) io.stderr(line);
    return 1;
  }
  const r = runPlan(plan);
  if (!r.ok) {
    io.stderr(`stepwise restore: pg_restore failed, and the office database is as it was (one transaction): ${r.message}`);
    return 1;
  }
  // The restored log ends with the restore itself (its actor the session's, as for every change).
  const pg = await import('pg');
  const { connectionConfig } = await import('../../store/postgres/connect');
  const client = new pg.default.Client({ ...connectionConfig(url), ...(io.env.PGPASSWORD ? { password: io.env.PGPASSWORD } : {}) });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, new_value, context) VALUES (now(), session_user, 'update', 'database', current_database(), $1, 'restore')`,
      [JSON.stringify({ restoredFrom: file })],
    );
  } finally {
    await client.end();
  }
  io.stdout(`Restored the office database ${redact(url)} from ${file}.`);
  return 0;
}
