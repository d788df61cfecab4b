import fs from 'node:fs';
import path from 'node:path';
import { takeBackup } from '../../backup';
import { copyDatabase } from '../../backup/copy';
import { countStudents } from '../../db/students';
import { isPostgresUrl } from '../../store/postgres/url';
import { databasePathFrom, UsageError, withDatabase, type CliIo, type ParsedValues } from '../command';

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `stepwise backup` (its options: commands/index.ts). */
export async function run(values: ParsedValues, _positionals: string[], io: CliIo): Promise<number> {
  const target = databasePathFrom(values, io);
  if (isPostgresUrl(target)) return (await import('./office-backup')).backupOffice(target, values, io);
  const out = typeof values.out === 'string' ? path.resolve(values.out) : null;
  if (out !== null) {
    const dbPath = path.resolve(databasePathFrom(values, io));
    if (out === dbPath || out.startsWith(`${dbPath}-`)) throw new UsageError('--out must name a new file, not the database itself');
    if (!fs.existsSync(path.dirname(out))) throw new UsageError(`--out: the folder ${path.dirname(out)} does not exist`);
    if (fs.existsSync(out) && !values.force) {
      io.stderr(`stepwise backup: ${out} already exists; choose another name or add --force to replace it`);
      return 1;
    }
  }
  return withDatabase(values, io, async (ctx) => {
    const students = countStudents(ctx.db);
    if (out === null) {
      const info = await takeBackup(ctx.db, ctx.databasePath, 'manual');
      io.stdout(`Backed up ${students} students to ${path.join(path.dirname(path.resolve(ctx.databasePath)), 'backups', info!.name)} (${megabytes(info!.bytes)})`);
      return 0;
    }
    await copyDatabase(ctx.db, out, { replace: true });
    io.stdout(`Backed up ${students} students from ${ctx.databasePath} to ${out} (${megabytes(fs.statSync(out).size)}); restore it with: stepwise restore "${out}"`);
    return 0;
  });
}
