import { z } from 'zod';
import { Program } from '../domain';
import { endpoint } from './contract';

/**
 * Residency programs the office tracks per specialty (Specialties and programs page): where they
 * are, what kind of program, and the Step 2 CK minimum they are known to screen at.
 */

export const PROGRAM_KINDS = Program.shape.kind.unwrap().options;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];
export const PROGRAM_KIND_LABELS: Record<ProgramKind, string> = {
  academic: 'Academic',
  community: 'Community',
  'community-academic': 'Community-based, university-affiliated',
  military: 'Military',
  other: 'Other',
};

/** Blank text fields arrive as "" from forms; stored as null ("not recorded"). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v ? v : null));

export const ProgramInput = z.object({
  name: Program.shape.name,
  specialtyId: Program.shape.specialtyId,
  city: optionalText(200),
  state: optionalText(100),
  kind: Program.shape.kind,
  stepCkMinimum: Program.shape.stepCkMinimum,
  note: optionalText(2000),
});
export type ProgramInput = z.input<typeof ProgramInput>;

const ProgramId = z.object({ id: z.number().int().positive() });

export const programsApi = {
  /** Sorted by name; `specialtyId` narrows to one specialty (null = programs with no specialty). */
  'programs.list': endpoint<Program[]>()(z.object({ specialtyId: z.number().int().nullable().optional() })),
  'programs.add': endpoint<Program>()(ProgramInput),
  'programs.update': endpoint<Program>()(z.object({ id: z.number().int().positive(), program: ProgramInput })),
  'programs.remove': endpoint<{ id: number }>()(ProgramId),
};
