/**
 * An import from bytes to database, in three steps:
 *   read    stream the file's rows into checked records (collect.ts), no database involved;
 *   plan    compare them with what is stored (plan.ts): the preview stops here;
 *   write   apply the plan in one transaction (commit.ts); any error or a cancel rolls it back.
 * Any error found while reading or planning rejects the whole import before anything is written.
 */
import path from 'node:path';
import type {
  AttemptChange,
  FieldChange,
  ImportChanges,
  ImportCounts,
  ImportPreview,
  ImportResult,
  ImportSheetPreview,
  ParsedImportInput,
  PracticeChange,
  StudentChange,
} from '../../shared/api/import';
import type { ProgressEvent } from '../../shared/api/contract';
import { localToday } from '../../shared/domain';
import type { ReferenceData } from '../../shared/rules/reference';
import type { AuditContext } from '../db/audit';
import { beginImport, commitImport, importWriter, rollbackImport } from '../db/import-queries';
import { openDatabase, type Db } from '../db/open';
import { listSettings, listSpecialties } from '../db/reference';
import { collectFile, ImportCancelledError, type CollectedFile, type Loc } from './collect';
import { applyPlan } from './commit';
import { IMPORT_FIELDS } from './fields';
import { planImport, type ImportPlan } from './plan';
import { Problems } from './problems';
import { openSource, UnreadableFileError } from './readers';

export { ImportCancelledError } from './collect';

export interface ImportRunOptions {
  progress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

const NO_CHANGES: ImportCounts = { students: { added: 0, updated: 0 }, exams: { added: 0, updated: 0 }, practice: { added: 0, updated: 0 } };

function jobIdOf(input: ParsedImportInput): string {
  return input.jobId ?? `import ${path.basename(input.fileName)}`;
}

async function readFile(input: ParsedImportInput, options: ImportRunOptions): Promise<CollectedFile> {
  const jobId = jobIdOf(input);
  const name = path.basename(input.fileName);
  const unreadable = (message: string): CollectedFile => {
    const problems = new Problems();
    problems.error(name, null, null, message);
    return { format: 'csv', shape: 'roster', sheets: [], students: new Map(), attempts: [], earlierFailures: [], practice: [], problems, rejectedStudentIds: new Set() };
  };
  options.progress?.({ jobId, phase: 'read', done: 0, total: null, message: 'reading rows' });
  try {
    const source = openSource(input.file, name);
    return await collectFile(source, {
      mapping: input.mapping,
      asOf: input.asOf ?? localToday(),
      signal: options.signal,
      onRows: (rows) => options.progress?.({ jobId, phase: 'read', done: rows, total: null, message: 'reading rows' }),
    });
  } catch (err) {
    if (err instanceof ImportCancelledError) throw err;
    if (err instanceof UnreadableFileError) return unreadable(err.message);
    // exceljs and csv-parse throw on damaged files (a truncated zip, an unclosed quote).
    return unreadable(`the file could not be read: ${(err as Error).message.split('\n')[0]}`);
  }
}

function referenceData(db: Db): ReferenceData {
  return { settings: listSettings(db), specialties: listSpecialties(db) };
}

function counts(plan: ImportPlan): ImportCounts {
  return {
    students: { added: plan.newStudents.length, updated: plan.updatedStudents.length },
    exams: { added: plan.newAttempts.length, updated: plan.updatedAttempts.length },
    practice: { added: plan.newPractice.length, updated: plan.updatedPractice.length },
  };
}

function outcomeOf(file: CollectedFile, plan: ImportPlan | null, committed: boolean): ImportResult {
  const rejected = file.problems.errorCount > 0;
  return {
    ...(plan && !rejected ? counts(plan) : NO_CHANGES),
    warnings: Problems.sorted(file.problems.warnings, file.sheets.map((s) => s.name)),
    errors: Problems.sorted(file.problems.errors, file.sheets.map((s) => s.name)),
    errorCount: file.problems.errorCount,
    committed,
  };
}

function sheetsOf(file: CollectedFile): ImportSheetPreview[] {
  return [...file.sheets]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ name: s.name, kind: s.kind, headerRow: s.headerRow, dataRows: s.dataRows, columns: s.mapping?.columns ?? [], fields: s.kind ? IMPORT_FIELDS[s.kind] : [] }));
}

function changesOf(file: CollectedFile, plan: ImportPlan, limit: number): ImportChanges {
  const at = (loc: Loc) => ({ sheet: file.sheets[loc.sheet].name, row: loc.row });
  const take = <T, U>(xs: T[], f: (x: T) => U): U[] => xs.slice(0, limit).map(f);
  const none: FieldChange[] = [];
  return {
    newStudents: take(plan.newStudents, ({ loc, student: s }): StudentChange => ({ ...at(loc), id: s.id, name: `${s.firstName} ${s.lastName}`, fields: none })),
    updatedStudents: take(plan.updatedStudents, ({ loc, after: s, changes }): StudentChange => ({ ...at(loc), id: s.id, name: `${s.firstName} ${s.lastName}`, fields: changes })),
    newAttempts: take(plan.newAttempts, ({ loc, attempt: a, inferred }): AttemptChange => ({ ...at(loc), ...a, inferred, fields: none })),
    updatedAttempts: take(plan.updatedAttempts, ({ loc, after: { id: _id, ...a }, changes }): AttemptChange => ({ ...at(loc), ...a, inferred: false, fields: changes })),
    newPractice: take(plan.newPractice, ({ loc, practice: p }): PracticeChange => ({ ...at(loc), ...p, fields: none })),
    updatedPractice: take(plan.updatedPractice, ({ loc, after: { id: _id, ...p }, changes }): PracticeChange => ({ ...at(loc), ...p, fields: changes })),
    truncated: [plan.newStudents, plan.updatedStudents, plan.newAttempts, plan.updatedAttempts, plan.newPractice, plan.updatedPractice].some((l) => l.length > limit),
  };
}

/** Reads and plans without writing: the detected sheets and mapping, every problem, and what a commit would change. */
export async function previewImport(db: Db, input: ParsedImportInput, options: ImportRunOptions = {}): Promise<ImportPreview> {
  const file = await readFile(input, options);
  options.progress?.({ jobId: jobIdOf(input), phase: 'check', done: 0, total: null, message: 'checking against Stepwise' });
  const plan = file.sheets.length ? planImport(db, file, referenceData(db)) : null;
  return {
    ...outcomeOf(file, plan, false),
    // Counts are shown even with errors: "what would change once the errors are fixed".
    ...(plan ? counts(plan) : NO_CHANGES),
    fileName: path.basename(input.fileName),
    format: file.format,
    shape: file.shape,
    sheets: sheetsOf(file),
    changes: plan ? changesOf(file, plan, input.detailLimit) : changesOf(file, { newStudents: [], updatedStudents: [], newAttempts: [], updatedAttempts: [], newPractice: [], updatedPractice: [] }, 0),
  };
}

export interface ImportTarget {
  db: Db;
  /** The database file; the import writes through its own connection to it, so nothing else on `db` can slip into the import's transaction. */
  databasePath: string;
  actor: string;
}

/**
 * Reads, plans and writes in one transaction. A file with any error comes back with
 * `committed: false` and every error listed, nothing written; a cancel (the signal aborts) throws
 * ImportCancelledError after rolling back.
 */
export async function runImport(target: ImportTarget, input: ParsedImportInput, options: ImportRunOptions = {}): Promise<ImportResult> {
  const jobId = jobIdOf(input);
  const file = await readFile(input, options);
  if (file.problems.errorCount) {
    // Still checked against the database (read only), so the advisor gets every error in one go.
    if (file.sheets.length) planImport(target.db, file, referenceData(target.db));
    return outcomeOf(file, null, false);
  }
  if (options.signal?.aborted) throw new ImportCancelledError();

  const own = target.databasePath !== ':memory:' && target.databasePath !== '';
  const db = own ? await openDatabase(target.databasePath) : target.db;
  try {
    options.progress?.({ jobId, phase: 'check', done: 0, total: null, message: 'checking against Stepwise' });
    beginImport(db);
    const plan = planImport(db, file, referenceData(db));
    if (file.problems.errorCount) {
      rollbackImport(db);
      return outcomeOf(file, null, false);
    }
    const who: AuditContext = { actor: target.actor, context: `import ${path.basename(input.fileName)}` };
    await applyPlan(importWriter(db, who, who.context!), plan, {
      signal: options.signal,
      onProgress: (done, total) => options.progress?.({ jobId, phase: 'write', done, total, message: 'writing changes' }),
    });
    commitImport(db);
    return outcomeOf(file, plan, true);
  } catch (err) {
    rollbackImport(db);
    throw err;
  } finally {
    if (own) db.close();
  }
}
