import { auditFrom, storeOf, type HandlerMap } from './context';

const CONTEXT = 'specialties page';

export const programHandlers: HandlerMap<'programs.list' | 'programs.add' | 'programs.update' | 'programs.remove'> = {
  'programs.list': ({ specialtyId }, ctx) => storeOf(ctx).programs.list(specialtyId),
  'programs.add': (program, ctx) => storeOf(ctx).programs.add(program, auditFrom(ctx, CONTEXT)),
  'programs.update': ({ id, program }, ctx) => storeOf(ctx).programs.update(id, program, auditFrom(ctx, CONTEXT)),
  'programs.remove': async ({ id }, ctx) => {
    await storeOf(ctx).programs.remove(id, auditFrom(ctx, CONTEXT));
    return { id };
  },
};
