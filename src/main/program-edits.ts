/**
 * What adding or changing a program on the Specialties page means, decided over the programs and
 * specialties as they stand (both engines' stores read them, decide here, then write in their own
 * SQL): the specialty exists, and the program is not listed already (same name and city in the
 * same specialty, compared as SQLite's NOCASE compares: ASCII letters fold).
 */
import { ApiError } from '../shared/api/contract';
import type { Program } from '../shared/domain';

const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

export function checkProgram(programs: readonly Program[], specialtyIds: ReadonlySet<number>, p: Omit<Program, 'id'>, exceptId: number | null): void {
  if (p.specialtyId !== null && !specialtyIds.has(p.specialtyId))
    throw new ApiError('INVALID_INPUT', `No specialty with id ${p.specialtyId}`, [{ path: 'specialtyId', message: 'unknown specialty' }]);
  const twin = programs.find(
    (o) => o.id !== exceptId && fold(o.name) === fold(p.name) && o.specialtyId === p.specialtyId && fold(o.city ?? '') === fold(p.city ?? ''),
  );
  if (twin)
    throw new ApiError('CONFLICT', `${p.name}${p.city ? ` (${p.city})` : ''} is already listed for this specialty`, [{ path: 'name', message: 'already listed for this specialty' }]);
}

export function requireProgram(programs: readonly Program[], id: number): Program {
  const p = programs.find((x) => x.id === id);
  if (!p) throw new ApiError('NOT_FOUND', `No program with id ${id}`);
  return p;
}

/** Programs by name as SQLite's `ORDER BY name COLLATE NOCASE, id` orders them. */
export function byProgramName(a: Program, b: Program): number {
  const x = fold(a.name);
  const y = fold(b.name);
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
}
