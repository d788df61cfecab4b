import { ApiError } from '../../shared/api/contract';
import { IMPORT_SHEET_KINDS, type ParsedImportInput } from '../../shared/api/import';
import { IMPORT_FIELDS } from '../import/fields';
import { cancelImportJob, startImportJob } from '../import/jobs';
import { ImportCancelledError, type ImportRunOptions } from '../import/run';
import { templateWorkbook } from '../import/template';
import { storeOf, type HandlerContext, type HandlerMap } from './context';
import { backupBeforeChange } from '../backup';

/** Runs a preview or commit as a cancellable job; a cancel becomes the API's CANCELLED error. */
async function asJob<T>(input: ParsedImportInput, ctx: HandlerContext, work: (options: ImportRunOptions) => Promise<T>): Promise<T> {
  const job = startImportJob(input.jobId, ctx.signal);
  try {
    return await work({ progress: ctx.progress, signal: job.signal });
  } catch (err) {
    if (err instanceof ImportCancelledError) throw new ApiError('CANCELLED', err.message);
    throw err;
  } finally {
    job.finish();
  }
}

export const importHandlers: HandlerMap<'import.preview' | 'import.commit' | 'import.cancel' | 'import.template' | 'import.fields'> = {
  'import.preview': (input, ctx) => asJob(input, ctx, (options) => storeOf(ctx).importRoster('preview', input, options, ctx.actor)),
  // On a laptop a rolling backup first (skipped when the newest backup already holds this state), so
  // an import that was valid but wrong can be undone from Settings → Backups. An office database is
  // backed up by IT (pg_dump: stepwise backup).
  'import.commit': (input, ctx) =>
    asJob(input, ctx, async (options) => {
      const store = storeOf(ctx);
      if (store.engine === 'sqlite') await backupBeforeChange(ctx, 'before-import');
      return store.importRoster('commit', input, options, ctx.actor);
    }),
  'import.cancel': ({ jobId }) => ({ cancelled: cancelImportJob(jobId) }),
  'import.template': () => templateWorkbook(),
  'import.fields': ({ sheet }) => (sheet ? IMPORT_FIELDS[sheet] : IMPORT_SHEET_KINDS.flatMap((k) => IMPORT_FIELDS[k])),
};
