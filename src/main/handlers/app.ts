import { SCHEMA_VERSION } from '../db/migrations';
import { listSettings, listSpecialties } from '../db/reference';
import { countStudents } from '../db/students';
import { loadDemoCohort } from '../demo/load';
import { DEMO_CONTEXT } from '../demo/remove';
import { APP_VERSION } from '../version';
import { auditFrom, type HandlerMap } from './context';

export { APP_VERSION };

export const appHandlers: HandlerMap<'app.info' | 'demo.load' | 'settings.list' | 'specialties.list'> = {
  'app.info': (_input, ctx) => ({
    version: APP_VERSION,
    schemaVersion: SCHEMA_VERSION,
    databasePath: ctx.databasePath,
    studentCount: countStudents(ctx.db),
    actor: ctx.actor,
  }),
  'demo.load': (input, ctx) => loadDemoCohort(ctx.db, input, auditFrom(ctx, DEMO_CONTEXT)),
  'settings.list': (_input, { db }) => listSettings(db),
  'specialties.list': (_input, { db }) => listSpecialties(db),
};
