import { z } from 'zod';
import { DirectoryProgram, IsoDate, MatchOutcomeInput, ProgramDirectoryFields, NationalMatchRate, OutcomeApplicationInput, OUTCOME_CONSENTS, SignalAllowance, type MatchOutcome, type OutcomeApplication, type OutcomeConsent } from '../domain';
import { endpoint, type Endpoint } from './contract';
import { MAX_IMPORT_BYTES, MappingOverride, type ColumnMapping, type ImportProblem } from './import';

/**
 * Program directory import and the school's outcomes memory (issue 15): loading programs and match
 * lists, a student's outcomes and consent, ERAS signal allowances and national match rates.
 */

export const TableImportInput = z.object({
  file: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0, 'the file is empty').refine((b) => b.byteLength <= MAX_IMPORT_BYTES, 'the file is larger than 200 MB'),
  fileName: z.string().trim().min(1).max(260),
  /** Header overrides, as the roster import's (`--map "Header=field"`). */
  mapping: z.array(MappingOverride).max(200).default([]),
  /** Everything checked and counted, nothing written. */
  dryRun: z.boolean().default(false),
  /** Correlates progress and `outcomes.importCancel` with the page that started it. */
  jobId: z.string().trim().min(1).max(100).optional(),
  /** "Today" for consent recorded by the import; default: the local date. */
  asOf: IsoDate.optional(),
});
export type TableImportInput = z.input<typeof TableImportInput>;
export type ParsedTableImportInput = z.output<typeof TableImportInput>;

/** What one kind of record the import added and updated. */
export interface AddedUpdated {
  added: number;
  updated: number;
}

export interface TableImportSheet {
  name: string;
  /** `programs`, `outcomes` or `applications`. */
  kind: string;
  headerRow: number;
  dataRows: number;
  columns: ColumnMapping[];
}

/**
 * The result of a program directory or match-list import: counts by kind (`programs`; or
 * `outcomes`, `applications`, `consents`), every located problem, and whether it was written. Any
 * error: nothing written, counts are what the file would have done once corrected.
 */
export interface TableImportResult {
  fileName: string;
  counts: Record<string, AddedUpdated>;
  sheets: TableImportSheet[];
  warnings: ImportProblem[];
  errors: ImportProblem[];
  errorCount: number;
  committed: boolean;
}

export type StudentOutcome = MatchOutcome & { version: number; applicationList: OutcomeApplication[] };

export interface StudentOutcomes {
  studentId: string;
  consent: (OutcomeConsent & { version: number }) | null;
  outcomes: StudentOutcome[];
}

const id = z.object({ id: z.number().int().positive() });

export const outcomesApi = {
  /** Programs from a program directory spreadsheet (NRMP directory, FREIDA export), keyed by program code. */
  'programs.import': endpoint<TableImportResult>()(TableImportInput),
  /** Outcomes from the office's match list (one row per graduate and season; optional sheet of per-program applications). */
  'outcomes.import': endpoint<TableImportResult>()(TableImportInput),
  /** Programs with their directory fields (code, positions, visa, COMLEX), by name; `specialtyId` narrows to one specialty. */
  'programs.directory': endpoint<DirectoryProgram[]>()(z.object({ specialtyId: z.number().int().positive().optional() })),
  /** Sets a program's directory fields by hand (a code another program has is a CONFLICT). */
  'programs.setDirectoryFields': endpoint<DirectoryProgram>()(z.object({ id: z.number().int().positive(), fields: ProgramDirectoryFields })),
  /** Stops a running programs or outcomes import (it rolls back). */
  'outcomes.importCancel': endpoint<{ cancelled: boolean }>()(z.object({ jobId: z.string().trim().min(1).max(100) })),

  /** A student's outcomes (every one: the student page is not an aggregate) and their consent. */
  'outcomes.forStudent': endpoint<StudentOutcomes>()(z.object({ studentId: z.string().trim().min(1).max(64) })),
  'outcomes.add': endpoint<MatchOutcome>()(MatchOutcomeInput),
  /** Refused with CONFLICT when the outcome changed since `version`. */
  'outcomes.update': endpoint<MatchOutcome>()(z.object({ id: z.number().int().positive(), version: z.number().int().positive(), outcome: MatchOutcomeInput })),
  'outcomes.remove': endpoint<{ id: number }>()(id),
  'outcomes.setApplication': endpoint<OutcomeApplication[]>()(OutcomeApplicationInput),
  'outcomes.removeApplication': endpoint<{ id: number }>()(id),
  'outcomes.setConsent': endpoint<OutcomeConsent & { version: number }>()(
    z.object({ studentId: z.string().trim().min(1).max(64), consent: z.enum(OUTCOME_CONSENTS), recordedOn: IsoDate.optional(), note: z.string().trim().max(1000).nullable().default(null) }),
  ),

  /** ERAS signal allowances, newest season first. */
  'signals.list': endpoint<(SignalAllowance & { id: number; version: number })[]>()(z.object({})),
  'signals.add': endpoint<SignalAllowance & { id: number; version: number }>()(SignalAllowance),
  'signals.update': endpoint<SignalAllowance & { id: number; version: number }>()(z.object({ id: z.number().int().positive(), version: z.number().int().positive(), signal: SignalAllowance })),
  'signals.remove': endpoint<{ id: number }>()(id),

  /** National match rates by CK band (NRMP Charting Outcomes), as the office entered them. */
  'nationalRates.list': endpoint<(NationalMatchRate & { id: number; version: number })[]>()(z.object({})),
  'nationalRates.add': endpoint<NationalMatchRate & { id: number; version: number }>()(NationalMatchRate),
  'nationalRates.update': endpoint<NationalMatchRate & { id: number; version: number }>()(
    z.object({ id: z.number().int().positive(), version: z.number().int().positive(), rate: NationalMatchRate }),
  ),
  'nationalRates.remove': endpoint<{ id: number }>()(id),
} satisfies Record<string, Endpoint<z.ZodType, unknown>>;
