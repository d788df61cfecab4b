/**
 * An import from bytes to database, as one stream: rows are read and checked (collect.ts), then
 * decided against the database and written chunk by chunk (sink.ts), all in one transaction that
 * is committed only when the whole file was read without an error. A preview runs the same
 * stream and rolls it back, so it shows exactly what the commit will do.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ImportChanges, ImportCounts, ImportPreview, ImportResult, ImportSheetPreview, ParsedImportInput } from '../../shared/api/import';
import type { ProgressEvent } from '../../shared/api/contract';
import { localToday } from '../../shared/domain';
import { checkpoint } from '../checkpoint';
import type { AuditContext } from '../db/audit';
import { beginImport, commitImport, deferIndexes, ImportBatch, importTableRows, importWriter, rollbackImport } from '../db/import-queries';
import { insertEnrolmentChange } from '../db/enrolment';
import { openDatabase, type Db } from '../db/open';
import { listSettings, listSpecialties } from '../db/reference';
import { collectFile, ImportCancelledError, StopReading, type CollectedFile, type ColumnDateOrder } from './collect';
import { IMPORT_FIELDS } from './fields';
import { STUDENT_LABELS } from './plan';
import { Problems } from './problems';
import { ImportSink } from './sink';
import { openSource, UnreadableFileError } from './readers';

export { ImportCancelledError } from './collect';

class DamagedFileError extends Error {}

export interface ImportRunOptions {
  progress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

const NO_CHANGES: ImportCounts = { students: { added: 0, updated: 0 }, exams: { added: 0, updated: 0 }, practice: { added: 0, updated: 0 } };

/** Below this many rows an import keeps every index as it goes (rebuilding costs more than it saves). */
const DEFER_INDEXES_FROM_ROWS = 20_000;

/** About how many rows a file holds, from its size: a zipped worksheet row takes about 30 bytes, a CSV line about 60. */
function estimatedRows(bytes: number, name: string): number {
  return Math.floor(bytes / (/\.(csv|txt|tsv)$/i.test(name) ? 60 : 30));
}

function jobIdOf(input: ParsedImportInput): string {
  return input.jobId ?? `import ${path.basename(input.fileName)}`;
}

export interface ImportTarget {
  db: Db;
  /** The database file. The import works through its own connection to it, so nothing else done on `db` meanwhile can slip into (or be rolled back with) the import's transaction. */
  databasePath: string;
  actor: string;
}

interface Outcome {
  file: CollectedFile;
  sink: ImportSink | null;
  committed: boolean;
}

/**
 * Reads the file through the sink inside one transaction, then commits it (a commit without
 * errors) or rolls it back (any error, a preview, a cancel, a crash). A preview is therefore
 * exactly the commit it previews, undone.
 */
async function pipeline(mode: 'preview' | 'commit', target: ImportTarget, input: ParsedImportInput, options: ImportRunOptions, columnDateOrders?: Map<string, ColumnDateOrder>): Promise<Outcome> {
  const jobId = jobIdOf(input);
  const name = path.basename(input.fileName);
  const problems = new Problems();
  const rejected = new Set<string>();
  const emptyFile = (): CollectedFile => ({ format: /\.(csv|txt|tsv)$/i.test(name) ? 'csv' : 'xlsx', shape: 'roster', sheets: [], studentRows: new Map(), digitIds: new Map(), problems, rejectedStudentIds: rejected, rowsRead: 0, rereadDates: new Map() });
  // Ends a read that is abandoned (a damaged file, a cancel): its worker thread stops, its rows go nowhere.
  const stopped = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopped.signal]) : stopped.signal;
  let source;
  try {
    source = openSource(input.file, name, undefined, signal);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    problems.error(name, null, null, err.message);
    return { file: emptyFile(), sink: null, committed: false };
  }

  const own = target.databasePath !== ':memory:' && target.databasePath !== '';
  const db = own ? await openDatabase(target.databasePath) : target.db;
  try {
    beginImport(db);
    // A file with more rows than the database holds (a class's first import) writes faster without its secondary indexes.
    const rebuildIndexes = estimatedRows(input.file.byteLength, name) >= Math.max(DEFER_INDEXES_FROM_ROWS, importTableRows(db)) ? deferIndexes(db) : null;
    const who: AuditContext = { actor: target.actor, context: `import ${name}` };
    const batch = new ImportBatch(db, who, { name, bytes: input.file.byteLength, sha256: crypto.createHash('sha256').update(input.file).digest('hex') });
    let file: CollectedFile | null = null;
    const sink = new ImportSink({
      db,
      writer: importWriter(db, who, who.context!, batch),
      ref: { settings: listSettings(db), specialties: listSpecialties(db) },
      problems,
      rejected,
      sheetName: (loc) => file!.sheets[loc.sheet].name,
      header: (loc, field) => file!.sheets[loc.sheet].mapping?.byField.get(field)?.header ?? STUDENT_LABELS.get(field) ?? field,
      hasColumn: (loc, field) => file!.sheets[loc.sheet].mapping?.byField.has(field) ?? false,
      detailLimit: mode === 'preview' ? input.detailLimit : 0,
      recordEnrolment: (change) => void insertEnrolmentChange(db, change, who, batch.ensure(), batch.now),
    });
    // Rows are read, checked and written in one pass: "read" until the first chunk is written, "write" from then on.
    let total: number | null = null;
    void source.rowCount().then((n) => (total = n), () => undefined);
    const progress = (done: number) => {
      options.progress?.(
        sink.writing
          ? { jobId, phase: 'write', done, total: total === null ? null : Math.max(total, done), message: 'reading, checking and writing rows' }
          : { jobId, phase: 'read', done, total: total === null ? null : Math.max(total, done), message: 'reading rows' },
      );
      return sink.writing ? checkpoint('import-writing', signal) : null;
    };
    progress(0);
    // The zip is checked while it is read: a damaged one can leave exceljs waiting forever, so the two race.
    const damage = source.damage();
    if (source.checkFirst) {
      const found = await damage;
      if (found) {
        problems.error(name, null, null, `${name} is damaged: ${found}; nothing was read from it`);
        rollbackImport(db);
        return { file: emptyFile(), sink: null, committed: false };
      }
    }
    const damaged = damage.then((d) => (d === null ? new Promise<never>(() => undefined) : Promise.reject(new DamagedFileError(d))));
    const reading = collectFile(source, {
      sink,
      problems,
      rejected,
      mapping: input.mapping,
      asOf: input.asOf ?? localToday(),
      sheet: input.sheet,
      dateOrder: input.dateOrder,
      columnDateOrders,
      signal,
      onRows: progress,
      onSheets: (sheets) => (file = { ...emptyFile(), sheets }),
    });
    // Whichever loses the race is settled here, never left as an unhandled rejection.
    damaged.catch(() => undefined);
    reading.catch(() => undefined);
    try {
      file = await Promise.race([reading, damaged]);
      const found = await damage;
      if (found) throw new DamagedFileError(found);
    } catch (err) {
      sink.close();
      stopped.abort();
      // A cancel also stops the reading thread, which may fail first: it is still a cancel.
      if (options.signal?.aborted) throw new ImportCancelledError();
      if (err instanceof DamagedFileError) problems.error(name, null, null, `${name} is damaged: ${err.message}; nothing was read from it`);
      // exceljs and csv-parse throw on damaged files (a truncated zip, an unclosed quote); StopReading's reason is already listed.
      else if (!(err instanceof StopReading)) problems.error(name, null, null, `the file could not be read: ${(err as Error).message.split('\n')[0]}`);
      rollbackImport(db);
      return { file: file ?? emptyFile(), sink: null, committed: false };
    }
    if (file.rereadDates.size) {
      // A column turned out to hold day/month dates after some of its ambiguous ones were read month/day: read again (below).
      sink.close();
      rollbackImport(db);
      return { file, sink: null, committed: false };
    }
    sink.finish();
    options.progress?.({ jobId, phase: 'write', done: file.rowsRead, total: file.rowsRead, message: 'reading, checking and writing rows' });
    if (options.signal?.aborted) throw new ImportCancelledError();
    if (mode === 'commit' && problems.errorCount === 0) {
      batch.finish(sink.counts);
      rebuildIndexes?.();
      commitImport(db);
      return { file, sink, committed: true };
    }
    rollbackImport(db);
    return { file, sink, committed: false };
  } catch (err) {
    stopped.abort();
    rollbackImport(db);
    throw err;
  } finally {
    if (own) db.close();
  }
}

function resultOf({ file, sink, committed }: Outcome): ImportResult {
  const order = file.sheets.map((s) => s.name);
  const errors = file.problems.errorCount > 0;
  return {
    ...(sink && !errors ? sink.counts : NO_CHANGES),
    warnings: Problems.sorted(file.problems.warnings, order),
    errors: Problems.sorted(file.problems.errors, order),
    errorCount: file.problems.errorCount,
    committed,
  };
}

function sheetsOf(file: CollectedFile): ImportSheetPreview[] {
  return [...file.sheets]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ name: s.name, kind: s.kind, headerRow: s.headerRow, dataRows: s.dataRows, columns: s.mapping?.columns ?? [], fields: s.kind ? IMPORT_FIELDS[s.kind] : [] }));
}

const NO_DETAIL: ImportChanges = { newStudents: [], updatedStudents: [], newAttempts: [], updatedAttempts: [], newPractice: [], updatedPractice: [], truncated: false };

/**
 * The pipeline, once more when a read found columns of day/month dates whose ambiguous dates
 * (01/07/2025) it had already read month/day: the second read knows those columns' order from
 * their first cell, so every date of a column is read one way, however the rows are ordered.
 */
async function pipelineJudgingDates(mode: 'preview' | 'commit', target: ImportTarget, input: ParsedImportInput, options: ImportRunOptions): Promise<Outcome> {
  const first = await pipeline(mode, target, input, options);
  if (!first.file.rereadDates.size) return first;
  return pipeline(mode, target, input, options, first.file.rereadDates);
}

/** Everything a commit would do, undone: the detected sheets and mapping, every problem, the counts and the changes. */
export async function previewImport(target: ImportTarget, input: ParsedImportInput, options: ImportRunOptions = {}): Promise<ImportPreview> {
  const outcome = await pipelineJudgingDates('preview', target, input, options);
  return {
    ...resultOf(outcome),
    // Counts are shown even with errors: what would change once the errors are fixed.
    ...(outcome.sink ? outcome.sink.counts : NO_CHANGES),
    fileName: path.basename(input.fileName),
    format: outcome.file.format,
    shape: outcome.file.shape,
    sheets: sheetsOf(outcome.file),
    changes: outcome.sink?.changes ?? NO_DETAIL,
  };
}

/**
 * Reads, decides and writes in one transaction. A file with any error comes back with
 * `committed: false` and every error listed, nothing written; a cancel (the signal aborts) throws
 * ImportCancelledError after rolling back.
 */
export async function runImport(target: ImportTarget, input: ParsedImportInput, options: ImportRunOptions = {}): Promise<ImportResult> {
  return resultOf(await pipelineJudgingDates('commit', target, input, options));
}
