import { auditFrom, storeOf, type HandlerMap } from './context';

/** Settings and Specialties pages: each edit decided by reference-edits.ts, written in one transaction and audited by the store. */
export const referenceHandlers: HandlerMap<'settings.update' | 'settings.add' | 'settings.remove' | 'specialties.update' | 'specialties.add' | 'specialties.remove'> = {
  'settings.update': ({ key, effectiveFrom, patch }, ctx) => storeOf(ctx).reference.updateSetting(key, effectiveFrom, patch, auditFrom(ctx, 'settings page')),
  'settings.add': (input, ctx) => storeOf(ctx).reference.addSetting(input, auditFrom(ctx, 'settings page')),
  'settings.remove': async ({ key, effectiveFrom }, ctx) => {
    await storeOf(ctx).reference.removeSetting(key, effectiveFrom, auditFrom(ctx, 'settings page'));
    return { key, effectiveFrom };
  },
  'specialties.update': ({ id, patch }, ctx) => storeOf(ctx).reference.updateSpecialty(id, patch, auditFrom(ctx, 'specialties page')),
  'specialties.add': (input, ctx) => storeOf(ctx).reference.addSpecialty(input, auditFrom(ctx, 'specialties page')),
  'specialties.remove': async ({ id }, ctx) => {
    await storeOf(ctx).reference.removeSpecialty(id, auditFrom(ctx, 'specialties page'));
    return { id };
  },
};
