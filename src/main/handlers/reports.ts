import { ApiError } from '../../shared/api/contract';
import { localToday } from '../../shared/domain';
import { committeeReportBytes } from '../reports/output';
import { advisors, classYears } from '../reports/queries';
import { studentSummary } from '../reports/student-summary';
import { ReportCancelled } from '../reports/table';
import { auditFrom, type HandlerMap } from './context';

export const reportHandlers: HandlerMap<'reports.committee' | 'reports.choices' | 'reports.studentSummary'> = {
  // The page saves the returned bytes itself (a Blob download), in Electron and in the web host alike.
  'reports.committee': async ({ jobId, ...options }, ctx) => {
    const progress = ctx.progress && jobId ? ctx.progress : undefined;
    try {
      return await committeeReportBytes(ctx.db, options, {
        who: auditFrom(ctx, 'committee report'),
        signal: ctx.signal,
        progress: progress && ((phase, done, total) => progress({ jobId: jobId!, phase, done, total })),
      });
    } catch (err) {
      if (err instanceof ReportCancelled) throw new ApiError('CANCELLED', err.message);
      throw err;
    }
  },
  'reports.choices': (_input, { db }) => ({ classYears: classYears(db), advisors: advisors(db), today: localToday() }),
  'reports.studentSummary': ({ id, asOf }, { db }) => studentSummary(db, id, asOf),
};
