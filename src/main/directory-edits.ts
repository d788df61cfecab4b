/**
 * What setting a program's directory fields by hand means (Specialties page), decided over the
 * program and the code's holder as they stand; both engines' stores read them, decide here, then
 * write in their own SQL. A code is kept as the directory prints it (upper case, no spaces) and
 * names one program only: another program's code is a CONFLICT naming that program.
 */
import { ApiError } from '../shared/api/contract';
import type { DirectoryProgram, ProgramDirectoryFields } from '../shared/domain';

/** A program code as stored: no spaces, upper case (as the directory import keeps it). */
export function storedCode(code: string | null): string | null {
  return code === null ? null : code.replace(/\s+/g, '').toUpperCase();
}

/**
 * The program after the edit, or the refusal: NOT_FOUND for no such program, CONFLICT when another
 * program has the code. `holder` is the program that has the (stored) code now, if any.
 */
export function planDirectoryEdit(
  id: number,
  before: DirectoryProgram | null,
  fields: ProgramDirectoryFields,
  holder: Pick<DirectoryProgram, 'id' | 'name'> | undefined,
): DirectoryProgram {
  if (!before) throw new ApiError('NOT_FOUND', `No program with id ${id}`);
  const code = storedCode(fields.code);
  if (holder && holder.id !== id) throw new ApiError('CONFLICT', `Program code ${code} is already ${holder.name}'s`, [{ path: 'fields.code', message: `already ${holder.name}'s` }]);
  return { ...before, ...fields, code };
}
