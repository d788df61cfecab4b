import { ApiError } from '../../shared/api/contract';
import { SCHEMA_VERSION } from '../db/migrations';
import { loadDemoCohort } from '../demo/load';
import { DEMO_CONTEXT } from '../demo/remove';
import { APP_VERSION } from '../version';
import { auditFrom, storeOf, type HandlerMap } from './context';

export { APP_VERSION };

export const appHandlers: HandlerMap<'app.info' | 'demo.load' | 'settings.list' | 'specialties.list'> = {
  'app.info': async (_input, ctx) => ({
    version: APP_VERSION,
    schemaVersion: SCHEMA_VERSION,
    databasePath: ctx.databasePath,
    studentCount: await storeOf(ctx).countStudents(),
    actor: ctx.actor,
  }),
  'demo.load': (input, ctx) => {
    if (ctx.store?.engine === 'postgres') throw new ApiError('REJECTED', 'An office database holds the office’s own students: the demo cohort is for trying Stepwise on a laptop’s own file.');
    return loadDemoCohort(ctx.db, input, auditFrom(ctx, DEMO_CONTEXT));
  },
  // The reference data as the rules read it, by key and date, and specialties by name (byte order, as SQLite's ORDER BY name).
  'settings.list': async (_input, ctx) => [...(await storeOf(ctx).referenceData()).settings],
  'specialties.list': async (_input, ctx) => [...(await storeOf(ctx).referenceData()).specialties].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
};
