import { ApiError } from '../../shared/api/contract';
import { localToday } from '../../shared/domain';
import { committeeReportBytes } from '../reports/output';
import { studentSummary } from '../reports/student-summary';
import { ReportCancelled } from '../reports/table';
import { auditFrom, storeOf, type HandlerMap } from './context';
import { settingInForce, type ReferenceData } from '../../shared/rules/reference';

/** The school's name set in Settings (printed on committee workbooks), or null when none is set. */
function schoolNameOf(ref: ReferenceData): string | null {
  const name = settingInForce(ref, 'office.schoolName')?.value.trim();
  return name ? name : null;
}

/** SQLite's NOCASE order: ASCII letters fold, then code units. */
function byNocase(a: string, b: string): number {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const x = fold(a);
  const y = fold(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Reports running now, by the job ID the page gave, so `reports.cancel` can stop one. */
const running = new Map<string, AbortController>();

export const reportHandlers: HandlerMap<'reports.committee' | 'reports.cancel' | 'reports.choices' | 'reports.studentSummary' | 'reports.replacePseudonymKey' | 'reports.setSchoolName'> = {
  // The page saves the returned bytes itself (a Blob download), in Electron and in the web host alike.
  'reports.committee': async ({ jobId, ...options }, ctx) => {
    const progress = ctx.progress && jobId ? ctx.progress : undefined;
    const abort = new AbortController();
    if (jobId) running.set(jobId, abort);
    const stop = () => abort.abort();
    ctx.signal?.addEventListener('abort', stop);
    try {
      const source = await storeOf(ctx).reportSource(options.asOf);
      try {
        return await committeeReportBytes(source.db, options, {
          who: auditFrom(ctx, 'committee report'),
          signal: abort.signal,
          progress: progress && ((phase, done, total) => progress({ jobId: jobId!, phase, done, total })),
        });
      } finally {
        await source.release();
      }
    } catch (err) {
      if (err instanceof ReportCancelled) throw new ApiError('CANCELLED', err.message);
      throw err;
    } finally {
      ctx.signal?.removeEventListener('abort', stop);
      if (jobId && running.get(jobId) === abort) running.delete(jobId);
    }
  },
  'reports.cancel': ({ jobId }) => {
    const job = running.get(jobId);
    job?.abort();
    return { cancelled: job !== undefined };
  },
  'reports.choices': async (_input, ctx) => {
    const store = storeOf(ctx);
    const { gradYears, advisors } = await store.dashboard.options();
    // Advisors as the Reports page lists them: sorted as SQLite's NOCASE sorts (ASCII letters fold), blanks left out.
    return { classYears: gradYears, advisors: advisors.filter((a) => a !== '').sort(byNocase), today: localToday(), schoolName: schoolNameOf(await store.referenceData()) };
  },
  'reports.studentSummary': ({ id, asOf }, ctx) => studentSummary(storeOf(ctx), id, asOf),
  'reports.replacePseudonymKey': (_input, ctx) => storeOf(ctx).reference.replacePseudonymKey(auditFrom(ctx, 'reports page')),
  // A preference like the advisor's name: stored in settings, audited (old and new), blank clears it.
  'reports.setSchoolName': async ({ schoolName }, ctx) => {
    const store = storeOf(ctx);
    await store.reference.setPreference('office.schoolName', schoolName, auditFrom(ctx, 'reports page'));
    return { schoolName: schoolNameOf(await store.referenceData()) };
  },
};
