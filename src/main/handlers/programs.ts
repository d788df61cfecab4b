import { ApiError } from '../../shared/api';
import type { ParsedInputOf } from '../../shared/api';
import type { Program } from '../../shared/domain';
import type { Db } from '../db/open';
import { deleteProgram, findDuplicateProgram, getProgram, insertProgram, listPrograms, updateProgram } from '../db/programs';
import { auditFrom, type HandlerMap } from './context';

const CONTEXT = 'specialties page';

/** The checks the schema cannot make: the specialty exists, and the program is not already listed. */
function checkProgram(db: Db, p: ParsedInputOf<'programs.add'>, exceptId: number | null): void {
  if (p.specialtyId !== null && !db.prepare('SELECT 1 FROM specialties WHERE id = ?').get(p.specialtyId))
    throw new ApiError('INVALID_INPUT', `No specialty with id ${p.specialtyId}`, [{ path: 'specialtyId', message: 'unknown specialty' }]);
  const twin = findDuplicateProgram(db, p, exceptId);
  if (twin)
    throw new ApiError('CONFLICT', `${p.name}${p.city ? ` (${p.city})` : ''} is already listed for this specialty`, [
      { path: 'name', message: 'already listed for this specialty' },
    ]);
}

function requireProgram(db: Db, id: number): Program {
  const p = getProgram(db, id);
  if (!p) throw new ApiError('NOT_FOUND', `No program with id ${id}`);
  return p;
}

export const programHandlers: HandlerMap<'programs.list' | 'programs.add' | 'programs.update' | 'programs.remove'> = {
  'programs.list': ({ specialtyId }, { db }) => listPrograms(db, specialtyId),
  'programs.add': (program, ctx) =>
    ctx.db.transaction(() => {
      checkProgram(ctx.db, program, null);
      return insertProgram(ctx.db, program, auditFrom(ctx, CONTEXT));
    })(),
  'programs.update': ({ id, program }, ctx) =>
    ctx.db.transaction(() => {
      const before = requireProgram(ctx.db, id);
      checkProgram(ctx.db, program, id);
      const after: Program = { ...program, id };
      updateProgram(ctx.db, before, after, auditFrom(ctx, CONTEXT));
      return after;
    })(),
  'programs.remove': ({ id }, ctx) =>
    ctx.db.transaction(() => {
      deleteProgram(ctx.db, requireProgram(ctx.db, id), auditFrom(ctx, CONTEXT));
      return { id };
    })(),
};
