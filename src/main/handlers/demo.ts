import { backupBeforeChange } from '../backup';
import { countDemoCohort } from '../db/demo-cohort';
import { demoRemovalPlan, DEMO_CONTEXT, removeDemoCohort } from '../demo/remove';
import { ApiError } from '../../shared/api/contract';
import { auditFrom, type HandlerMap } from './context';

/** The demo cohort is a laptop's way to try Stepwise; an office database never gets one. */
const NO_DEMO_IN_OFFICE = 'An office database holds the office’s own students: the demo cohort is for trying Stepwise on a laptop’s own file.';

export const demoHandlers: HandlerMap<'demo.status' | 'demo.remove'> = {
  'demo.status': (_input, ctx) => (ctx.store?.engine === 'postgres' ? { students: 0, examAttempts: 0, practiceExams: 0, notes: 0 } : countDemoCohort(ctx.db, DEMO_CONTEXT)),
  'demo.remove': async (_input, ctx) => {
    if (ctx.store?.engine === 'postgres') throw new ApiError('REJECTED', NO_DEMO_IN_OFFICE);
    // Refusals first, so a refused removal takes no backup; the transaction checks again.
    demoRemovalPlan(ctx.db);
    const backup = await backupBeforeChange(ctx, 'before-demo-removal');
    return { ...removeDemoCohort(ctx.db, auditFrom(ctx, 'settings')), backup: backup?.name ?? null };
  },
};
