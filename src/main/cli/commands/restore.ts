import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_REASON_LABELS } from '../../../shared/api/backup';
import { listBackups, newestGoodBackup, restoreBackup } from '../../backup';
import { backupsDirFor, ownBackupNames } from '../../backup/files';
import { isOpenElsewhere } from '../../backup/in-use';
import { osUser } from '../../handlers/context';
import { isPostgresUrl } from '../../store/postgres/url';
import { databasePathFrom, UsageError, type CliIo, type ParsedValues } from '../command';

/** A name from `stepwise restore` (the list) or a path to any backup file, e.g. one made with `stepwise backup --out`. */
function backupFileFor(dbPath: string, given: string): string {
  if (ownBackupNames(dbPath, [given]).length === 1 && !given.includes('/') && !given.includes('\\')) {
    const inFolder = path.join(backupsDirFor(dbPath), given);
    if (fs.existsSync(inFolder)) return inFolder;
  }
  return path.resolve(given);
}

/** `stepwise restore` (its options: commands/index.ts). */
export async function run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  const dbPath = databasePathFrom(values, io);
  if (isPostgresUrl(dbPath)) return (await import('./office-backup')).restoreOffice(dbPath, positionals, values, io);
  if (positionals.length === 1 && values.newest) throw new UsageError('give a backup name or --newest, not both');
  if (positionals.length === 0 && !values.newest) {
    const { folder, backups } = listBackups(dbPath, 0);
    if (backups.length === 0) {
      io.stdout(`No backups of ${dbPath} in ${folder}`);
      return 0;
    }
    io.stdout(`Backups of ${dbPath} in ${folder}, newest first:`);
    for (const b of backups)
      io.stdout(`  ${b.name}  ${BACKUP_REASON_LABELS[b.reason] ?? b.reason}, ${b.students ?? '?'} students${b.problem ? `  — cannot be restored: ${b.problem}` : ''}`);
    io.stdout('Restore one with: stepwise restore NAME (or --newest)');
    return 0;
  }
  let file: string;
  if (values.newest) {
    const good = newestGoodBackup(dbPath);
    if (!good) {
      io.stderr(`stepwise restore: no backup of ${dbPath} passes its integrity check`);
      return 1;
    }
    file = path.join(backupsDirFor(dbPath), good.name);
  } else file = backupFileFor(dbPath, positionals[0]);
  if (isOpenElsewhere(dbPath)) {
    io.stderr(`stepwise restore: ${dbPath} is open in another program (the Stepwise app or a running command); close it first`);
    return 1;
  }
  const outcome = await restoreBackup({ dbPath, backupFile: file, actor: io.env.STEPWISE_ACTOR ?? osUser() });
  const before = outcome.safetyBackup
    ? `; the previous state is saved as ${outcome.safetyBackup.name}`
    : outcome.movedAside
      ? `; the damaged file was copied to ${outcome.movedAside}`
      : '';
  io.stdout(`Restored ${outcome.restored.name} (${outcome.students} students) into ${dbPath}${before}`);
  return 0;
}
