import type { DamagedDatabaseError } from './open-checked';

export interface RecoveryPrompt {
  title: string;
  message: string;
  detail: string;
  /** First button restores (when a good backup exists); the last one quits. */
  buttons: string[];
  canRestore: boolean;
}

/** What the desktop app's recovery dialog says about a damaged database: the problem, and the backup it offers to restore. */
export function recoveryPrompt(err: DamagedDatabaseError, formatTime: (iso: string) => string = (iso) => new Date(iso).toLocaleString()): RecoveryPrompt {
  const problem = err.problems.slice(0, 3).join('\n');
  if (!err.newestGood)
    return {
      title: 'Stepwise cannot open its database',
      message: 'The Stepwise database is damaged and there is no good backup to restore.',
      detail: `${err.databasePath}\n\n${problem}\n\nThe file was left as it is. Keep it for recovery and contact your IT support.`,
      buttons: ['Quit'],
      canRestore: false,
    };
  const good = err.newestGood;
  const students = good.students === null ? '' : ` with ${good.students} students`;
  return {
    title: 'Stepwise database damaged',
    message: 'The Stepwise database is damaged. Restore the newest good backup?',
    detail:
      `${err.databasePath}\n\n${problem}\n\n` +
      `The newest good backup was taken ${formatTime(good.takenAt)}${students} (${good.name}). ` +
      'Changes made after it are not in it. The damaged file is kept in the backups folder.',
    buttons: ['Restore this backup', 'Quit'],
    canRestore: true,
  };
}
