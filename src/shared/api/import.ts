import { z } from 'zod';
import { IsoDate, type ExamCode, type Outcome, type PracticeExamCode } from '../domain';
import { endpoint } from './contract';

/**
 * Roster import (PRODUCT.md "Import formats"). The Import page sends the file's bytes; the main
 * process reads, maps, validates and (on commit) writes in one transaction. Preview and commit take
 * the same input, so what the advisor saw in the preview is what the commit does.
 */

/** What a sheet holds: one row per student (template `Students` or a single-sheet roster), exam attempts, or practice exams. */
export const IMPORT_SHEET_KINDS = ['students', 'exams', 'practice'] as const;
export type ImportSheetKind = (typeof IMPORT_SHEET_KINDS)[number];

/** Mapping targets besides a field key: keep the column with the student as a custom field, or skip it on purpose. */
export const CUSTOM_FIELD = 'custom';

/** Orders of day and month in text dates: month/day/year (US) and day/month/year. */
export const DATE_ORDERS = ['mdy', 'dmy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];
export const IGNORE_FIELD = 'ignore';

export const IMPORT_VALUE_TYPES = ['id', 'text', 'email', 'year', 'applicantType', 'integer', 'number', 'date', 'outcome', 'exam', 'percent', 'outcomeOrScore', 'fullName'] as const;
export type ImportValueType = (typeof IMPORT_VALUE_TYPES)[number];

/** A column a file can map to. `key` is what `--map "Header=key"` and mapping overrides name. */
export interface ImportField {
  key: string;
  label: string;
  sheet: ImportSheetKind;
  type: ImportValueType;
  /** Required for a new student (students sheet) or for every row (exams, practice). */
  required: boolean;
  /** Headers recognised for it, as an advisor would write them. */
  examples: string[];
  description: string;
}

/** Every problem is located the way a spreadsheet numbers it: header row 1, first data row 2; column = the file's header text. */
export interface ImportProblem {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

export interface ColumnMapping {
  /** 1-based column number (A = 1). */
  column: number;
  header: string;
  /** A field key, CUSTOM_FIELD or IGNORE_FIELD. */
  field: string;
  /** What header matching chose before any override. */
  detected: string;
  overridden: boolean;
}

export interface ImportSheetPreview {
  name: string;
  /** null: the sheet is not read (e.g. Instructions, or a second sheet of a single-sheet roster). */
  kind: ImportSheetKind | null;
  headerRow: number | null;
  dataRows: number;
  columns: ColumnMapping[];
  /** The fields this sheet's columns may map to. */
  fields: ImportField[];
}

export interface ImportCounts {
  students: { added: number; updated: number };
  exams: { added: number; updated: number };
  practice: { added: number; updated: number };
}

export interface FieldChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

export interface ImportLocation {
  sheet: string;
  row: number;
}

export interface StudentChange extends ImportLocation {
  id: string;
  name: string;
  /** Empty for a new student. */
  fields: FieldChange[];
}

export interface AttemptChange extends ImportLocation {
  studentId: string;
  exam: ExamCode;
  testDate: string | null;
  outcome: Outcome | null;
  score: number | null;
  attemptOrder: number | null;
  /** An earlier failure implied by an attempt count ("Attempts 2, Result Pass"), not a row of its own. */
  inferred: boolean;
  /** For updates: what changed. */
  fields: FieldChange[];
}

export interface PracticeChange extends ImportLocation {
  studentId: string;
  exam: PracticeExamCode;
  form: string;
  takenOn: string;
  score: number | null;
  passProbability: number | null;
  fields: FieldChange[];
}

/** What a commit would change; each list holds at most `detailLimit` entries (counts are always complete). */
export interface ImportChanges {
  newStudents: StudentChange[];
  updatedStudents: StudentChange[];
  newAttempts: AttemptChange[];
  updatedAttempts: AttemptChange[];
  newPractice: PracticeChange[];
  updatedPractice: PracticeChange[];
  truncated: boolean;
}

/** PRODUCT.md's `import --json` shape, plus `updated` for exams and practice and the total error count. */
export interface ImportResult extends ImportCounts {
  warnings: ImportProblem[];
  errors: ImportProblem[];
  /** Errors found, including any beyond the listed ones. */
  errorCount: number;
  /** True when the changes were written; false for a rejected import or a preview. */
  committed: boolean;
}

export interface ImportPreview extends ImportResult {
  fileName: string;
  format: 'xlsx' | 'csv' | 'html';
  /** Template workbook (Students / Exams / Practice sheets) or a single-sheet roster. */
  shape: 'template' | 'roster';
  sheets: ImportSheetPreview[];
  changes: ImportChanges;
}

export const MappingOverride = z.object({
  /** Limit the override to one sheet; omitted = every sheet with that header. */
  sheet: z.string().trim().min(1).max(100).optional(),
  header: z.string().trim().min(1).max(300),
  /** A field key or label (`step2ck.score`, `Student ID`), `custom` or `ignore`. */
  field: z.string().trim().min(1).max(100),
});
export type MappingOverride = z.infer<typeof MappingOverride>;

/** Longest file accepted: far above a 100,000-student workbook (~25 MB). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export const ImportInput = z.object({
  /** The file's bytes. Over Electron IPC a Uint8Array survives structured clone; the web host base64-decodes into one. */
  file: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0, 'the file is empty').refine((b) => b.byteLength <= MAX_IMPORT_BYTES, 'the file is larger than 200 MB'),
  fileName: z.string().trim().min(1).max(260),
  mapping: z.array(MappingOverride).max(500).default([]),
  /** Correlates progress events with the page that started the import. */
  jobId: z.string().trim().min(1).max(100).optional(),
  /** "Today" for deciding that a dated exam with no result is a scheduled one; default: the local date. */
  asOf: IsoDate.optional(),
  /** How many entries each change list of a preview carries. */
  detailLimit: z.number().int().min(0).max(100_000).default(1000),
  /** A roster's sheet, by name: read that sheet (default: the first sheet that has a Student ID column). */
  sheet: z.string().trim().min(1).max(100).optional(),
  /**
   * The order of day and month in text dates such as 01/07/2025: month/day/year or day/month/year.
   * Default: judged column by column (a column with 25/06/2025 is day/month throughout; one where
   * every date reads either way is read month/day, with a warning naming it).
   */
  dateOrder: z.enum(DATE_ORDERS).optional(),
});
export type ImportInput = z.input<typeof ImportInput>;
export type ParsedImportInput = z.output<typeof ImportInput>;

export const importApi = {
  'import.preview': endpoint<ImportPreview>()(ImportInput),
  /** A file with errors answers `committed: false` with every error; a cancelled commit fails with CANCELLED. */
  'import.commit': endpoint<ImportResult>()(ImportInput),
  /** Stops the preview or commit started with this jobId; a commit rolls back. false: no such job is running. */
  'import.cancel': endpoint<{ cancelled: boolean }>()(z.object({ jobId: z.string().trim().min(1).max(100) })),
  'import.template': endpoint<Uint8Array>()(z.object({})),
  'import.fields': endpoint<ImportField[]>()(z.object({ sheet: z.enum(IMPORT_SHEET_KINDS).optional() })),
};
