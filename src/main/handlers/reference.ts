import { addSetting, addSpecialty, removeSetting, removeSpecialty, updateSetting, updateSpecialty } from '../db/reference';
import { auditFrom, type HandlerMap } from './context';

/** Settings and Specialties pages: each edit validated, transactional and audited in db/reference.ts. */
export const referenceHandlers: HandlerMap<'settings.update' | 'settings.add' | 'settings.remove' | 'specialties.update' | 'specialties.add' | 'specialties.remove'> = {
  'settings.update': ({ key, effectiveFrom, patch }, ctx) => updateSetting(ctx.db, key, effectiveFrom, patch, auditFrom(ctx, 'settings page')),
  'settings.add': (input, ctx) => addSetting(ctx.db, input, auditFrom(ctx, 'settings page')),
  'settings.remove': ({ key, effectiveFrom }, ctx) => {
    removeSetting(ctx.db, key, effectiveFrom, auditFrom(ctx, 'settings page'));
    return { key, effectiveFrom };
  },
  'specialties.update': ({ id, patch }, ctx) => updateSpecialty(ctx.db, id, patch, auditFrom(ctx, 'specialties page')),
  'specialties.add': (input, ctx) => addSpecialty(ctx.db, input, auditFrom(ctx, 'specialties page')),
  'specialties.remove': ({ id }, ctx) => {
    removeSpecialty(ctx.db, id, auditFrom(ctx, 'specialties page'));
    return { id };
  },
};
