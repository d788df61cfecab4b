import { backupBeforeChange } from '../backup';
import { countDemoCohort } from '../db/demo-cohort';
import { demoRemovalPlan, DEMO_CONTEXT, removeDemoCohort } from '../demo/remove';
import { auditFrom, type HandlerMap } from './context';

export const demoHandlers: HandlerMap<'demo.status' | 'demo.remove'> = {
  'demo.status': (_input, { db }) => countDemoCohort(db, DEMO_CONTEXT),
  'demo.remove': async (_input, ctx) => {
    // Refusals first, so a refused removal takes no backup; the transaction checks again.
    demoRemovalPlan(ctx.db);
    const backup = await backupBeforeChange(ctx, 'before-demo-removal');
    return { ...removeDemoCohort(ctx.db, auditFrom(ctx, 'settings')), backup: backup?.name ?? null };
  },
};
